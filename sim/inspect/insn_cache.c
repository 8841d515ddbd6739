#include "insn_cache.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define INSN_WORD	4
/* 2^17 slots of 64 bytes: 8 MiB for a scan, however big the blob and however many threads. */
#define CACHE_BITS	17
#define CACHE_TEXT	48	/* mnemonic, NUL, operands, NUL: longer ones are not kept */
/* Where the second decoding is made: a page on, so a PC-relative page (adrp) moves too. */
#define PROBE_OFFSET	0x1000

enum slot_state {
	SLOT_EMPTY,
	SLOT_BUSY,	/* being written by the thread that claimed it */
	SLOT_KEPT,	/* written; never written again */
};

enum slot_kind {
	SLOT_TEXT,	/* text is the word's wherever it is */
	SLOT_MOVES,	/* its text names an address: decoded each time, never probed again */
	SLOT_INVALID,	/* Capstone decodes no instruction from the word */
};

struct slot {
	_Atomic uint32_t state;
	uint32_t word;
	uint8_t kind;
	uint8_t mnemonic_len;
	uint16_t size;
	unsigned int id;
	char text[CACHE_TEXT];
};
_Static_assert(sizeof(struct slot) == 64, "a slot is a cache line");

struct insn_cache {
	struct slot slot[1u << CACHE_BITS];
};

struct insn_cache *insn_cache_new(void)
{
	return calloc(1, sizeof(struct insn_cache));	/* every slot SLOT_EMPTY */
}

void insn_cache_free(struct insn_cache *c)
{
	free(c);
}

int insn_decoder_open(struct insn_decoder *d, struct insn_cache *c, csh cs)
{
	*d = (struct insn_decoder){ .cache = c, .cs = cs, .probe = cs_malloc(cs) };
	return d->probe ? 0 : -1;
}

void insn_decoder_close(struct insn_decoder *d)
{
	if (d->probe)
		cs_free(d->probe, 1);
	d->probe = NULL;
}

static struct slot *slot_of(struct insn_cache *c, uint32_t word)
{
	return &c->slot[(word * 2654435761u) >> (32 - CACHE_BITS)];	/* Knuth's multiplicative hash */
}

/* What Capstone made of the word at in->address (ok: an instruction), for s. */
static void describe(struct insn_decoder *d, struct slot *s, bool ok, const cs_insn *in)
{
	const uint8_t *p = in->bytes;
	size_t n = INSN_WORD, ml, ol;
	uint64_t a = in->address + PROBE_OFFSET;

	if (!ok) {
		s->kind = SLOT_INVALID;
		return;
	}
	ml = strlen(in->mnemonic);
	ol = strlen(in->op_str);
	s->kind = SLOT_MOVES;
	if (ml + ol + 2 > sizeof(s->text) || in->size != INSN_WORD)
		return;		/* not kept: decoded each time, as one that moves is */
	/* An address is printed as an immediate, after a '#': text without one is the same anywhere. */
	if (strchr(in->op_str, '#') &&
	    (!cs_disasm_iter(d->cs, &p, &n, &a, d->probe) ||
	     strcmp(d->probe->mnemonic, in->mnemonic) != 0 ||
	     strcmp(d->probe->op_str, in->op_str) != 0))
		return;
	s->kind = SLOT_TEXT;
	s->mnemonic_len = (uint8_t)ml;
	s->size = in->size;
	s->id = in->id;
	memcpy(s->text, in->mnemonic, ml + 1);
	memcpy(s->text + ml + 1, in->op_str, ol + 1);
}

static void fill_from(const struct slot *s, const uint8_t *bytes, uint64_t addr, cs_insn *in)
{
	in->id = s->id;
	in->address = addr;
	in->size = s->size;
	memcpy(in->bytes, bytes, s->size);
	memcpy(in->mnemonic, s->text, (size_t)s->mnemonic_len + 1);
	strcpy(in->op_str, s->text + s->mnemonic_len + 1);
}

bool insn_decode(struct insn_decoder *d, const uint8_t **code, size_t *size, uint64_t *addr,
		 cs_insn *in)
{
	struct slot *s;
	uint32_t word, empty = SLOT_EMPTY;
	bool ok;

	if (*size < INSN_WORD)
		return cs_disasm_iter(d->cs, code, size, addr, in);
	memcpy(&word, *code, sizeof(word));
	s = slot_of(d->cache, word);
	/* The walk goes straight on more often than not: start fetching the next word's slot. */
	if (*size >= 2 * INSN_WORD) {
		uint32_t next;

		memcpy(&next, *code + INSN_WORD, sizeof(next));
		__builtin_prefetch(slot_of(d->cache, next));
	}
	/* Acquire: a kept slot's fields were written before its state said so. */
	if (atomic_load_explicit(&s->state, memory_order_acquire) == SLOT_KEPT && s->word == word) {
		if (s->kind == SLOT_INVALID)
			return false;
		if (s->kind == SLOT_TEXT) {
			fill_from(s, *code, *addr, in);
			*code += s->size;
			*size -= s->size;
			*addr += s->size;
			return true;
		}
		return cs_disasm_iter(d->cs, code, size, addr, in);
	}
	ok = cs_disasm_iter(d->cs, code, size, addr, in);
	/* An empty slot is claimed by one thread, filled, then released to every reader. */
	if (atomic_compare_exchange_strong_explicit(&s->state, &empty, SLOT_BUSY,
						    memory_order_acquire, memory_order_relaxed)) {
		s->word = word;
		describe(d, s, ok, in);
		atomic_store_explicit(&s->state, SLOT_KEPT, memory_order_release);
	}
	return ok;
}

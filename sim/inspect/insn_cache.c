#include "insn_cache.h"

#include <stdlib.h>
#include <string.h>

#define INSN_WORD	4
/* 2^17 slots of 64 bytes: 8 MiB a thread, bounded however big the blob. */
#define CACHE_BITS	17
#define CACHE_TEXT	52	/* mnemonic, NUL, operands, NUL: longer ones are not kept */
/* Where the second decoding is made: a page on, so a PC-relative page (adrp) moves too. */
#define PROBE_OFFSET	0x1000

enum slot_kind {
	SLOT_EMPTY,
	SLOT_TEXT,	/* text is the word's wherever it is */
	SLOT_MOVES,	/* its text names an address: decoded each time, never probed again */
	SLOT_INVALID,	/* Capstone decodes no instruction from the word */
};

struct slot {
	uint32_t word;
	uint8_t kind;
	uint8_t mnemonic_len;
	uint16_t size;
	unsigned int id;
	char text[CACHE_TEXT];
};
_Static_assert(sizeof(struct slot) == 64, "a slot is a cache line");

struct insn_cache {
	csh cs;
	cs_insn *probe;
	struct slot slot[1u << CACHE_BITS];
};

struct insn_cache *insn_cache_new(csh cs)
{
	struct insn_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->cs = cs;
	c->probe = cs_malloc(cs);
	if (!c->probe) {
		free(c);
		return NULL;
	}
	return c;
}

void insn_cache_free(struct insn_cache *c)
{
	if (!c)
		return;
	cs_free(c->probe, 1);
	free(c);
}

static struct slot *slot_of(struct insn_cache *c, uint32_t word)
{
	return &c->slot[(word * 2654435761u) >> (32 - CACHE_BITS)];	/* Knuth's multiplicative hash */
}

/*
 * Keep in s what Capstone made of word at in->address, if it reads the
 * same a page on; else that it does not.
 */
static void remember(struct insn_cache *c, struct slot *s, uint32_t word, const cs_insn *in)
{
	const uint8_t *p = in->bytes;
	size_t n = INSN_WORD, ml = strlen(in->mnemonic), ol = strlen(in->op_str);
	uint64_t a = in->address + PROBE_OFFSET;

	if (ml + ol + 2 > sizeof(s->text) || in->size != INSN_WORD)
		return;
	/* An address is printed as an immediate, after a '#': text without one is the same anywhere. */
	if (strchr(in->op_str, '#') &&
	    (!cs_disasm_iter(c->cs, &p, &n, &a, c->probe) ||
	     strcmp(c->probe->mnemonic, in->mnemonic) != 0 ||
	     strcmp(c->probe->op_str, in->op_str) != 0)) {
		*s = (struct slot){ .word = word, .kind = SLOT_MOVES };
		return;
	}
	s->word = word;
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

bool insn_cache_disasm(struct insn_cache *c, const uint8_t **code, size_t *size, uint64_t *addr,
		       cs_insn *in)
{
	struct slot *s;
	uint32_t word;
	bool ok;

	if (*size < INSN_WORD)
		return cs_disasm_iter(c->cs, code, size, addr, in);
	memcpy(&word, *code, sizeof(word));
	s = slot_of(c, word);
	/* The walk goes straight on more often than not: start fetching the next word's slot. */
	if (*size >= 2 * INSN_WORD) {
		uint32_t next;

		memcpy(&next, *code + INSN_WORD, sizeof(next));
		__builtin_prefetch(slot_of(c, next));
	}
	if (s->kind != SLOT_EMPTY && s->word == word) {
		if (s->kind == SLOT_INVALID)
			return false;
		if (s->kind == SLOT_MOVES)
			return cs_disasm_iter(c->cs, code, size, addr, in);
		fill_from(s, *code, *addr, in);
		*code += s->size;
		*size -= s->size;
		*addr += s->size;
		return true;
	}
	ok = cs_disasm_iter(c->cs, code, size, addr, in);
	if (!ok)
		*s = (struct slot){ .word = word, .kind = SLOT_INVALID };
	else
		remember(c, s, word, in);
	return ok;
}

/*
 * Capstone's text of an instruction word, remembered. A scan walks the
 * same words again and again (Linux 7.2's arm64 Image: 950k instructions
 * walked, 169k distinct words), and Capstone's cost is making the text.
 * A word's text is kept only when it does not depend on where the word
 * is: it names no immediate (Capstone prints an address as one, after a
 * '#'), or, decoded again a page on, it reads the same (a branch, adr(p)
 * or literal load prints its target, and is decoded each time it is met).
 *
 * Only for a handle whose instructions are one 4-byte word and whose text
 * depends on no instruction before it: A64 and A32, not T32 (whose IT
 * blocks set the next instructions' conditions).
 *
 * One cache serves every thread of a scan, each through a decoder of its
 * own (its Capstone handle): a slot is written once, by the first thread
 * to miss there, and only read after.
 */
#ifndef HYPABI_INSN_CACHE_H
#define HYPABI_INSN_CACHE_H

#include <capstone/capstone.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct insn_cache;

/* A Capstone handle that decodes through a cache. */
struct insn_decoder {
	struct insn_cache *cache;
	csh cs;
	cs_insn *probe;		/* the second decoding's */
};

/* NULL out of memory. */
struct insn_cache *insn_cache_new(void);
void insn_cache_free(struct insn_cache *c);
/* A decoder of handle cs (used, not closed) through c; -1 out of memory. */
int insn_decoder_open(struct insn_decoder *d, struct insn_cache *c, csh cs);
void insn_decoder_close(struct insn_decoder *d);
/* cs_disasm_iter's contract, through the cache. */
bool insn_decode(struct insn_decoder *d, const uint8_t **code, size_t *size, uint64_t *addr,
		 cs_insn *in);

#endif

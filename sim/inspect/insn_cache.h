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
 */
#ifndef HYPABI_INSN_CACHE_H
#define HYPABI_INSN_CACHE_H

#include <capstone/capstone.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct insn_cache;

/* A cache for handle cs (which it uses, and does not close); NULL out of memory. */
struct insn_cache *insn_cache_new(csh cs);
void insn_cache_free(struct insn_cache *c);
/* cs_disasm_iter's contract, through the cache. */
bool insn_cache_disasm(struct insn_cache *c, const uint8_t **code, size_t *size, uint64_t *addr,
		       cs_insn *in);

#endif

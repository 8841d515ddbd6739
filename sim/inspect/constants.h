/*
 * The numbers a stub's own code compares its function register (x0/r0)
 * with, found before any call is made: the code its hvc entry reaches is
 * walked (walk.h), the function number followed through register moves
 * and masks, constants through the registers they are loaded into. The
 * cases derived from them (cases/caselist.c) try each number, its
 * neighbours, and its aliases in the bits a stub that decodes only part
 * of the register would not see; so such a stub is caught on every
 * seed, not by a random number's luck.
 */
#ifndef HYPABI_CONSTANTS_H
#define HYPABI_CONSTANTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"

#define CONSTANTS_MAX_VALUES	32	/* distinct numbers kept */
#define CONSTANTS_WALK_INSNS	2048	/* instructions walked from the entry */
#define CONSTANTS_JUMP_TABLE	32	/* a bound up to this is a jump table's: each index counts */
/* The numbers derived from them: each, its two neighbours, and its aliases. */
#define CONSTANTS_MAX_NUMBERS	256

/* How the code compares the function register with a value. */
enum constant_kind {
	CONST_CMP,		/* cmp/cmn/teq/ccmp/ccmn with an immediate */
	CONST_CMP_REG,		/* the same with a register loaded with a constant */
	CONST_ZERO,		/* cbz/cbnz */
	CONST_BIT,		/* tst, tbz/tbnz: the bits tested */
	CONST_TABLE,		/* an index below a jump table's bound */
};

struct fn_constants {
	uint64_t value[CONSTANTS_MAX_VALUES];
	enum constant_kind kind[CONSTANTS_MAX_VALUES];
	uint64_t where[CONSTANTS_MAX_VALUES];	/* the comparing instruction's offset in the code */
	unsigned int n;
	unsigned int insns;	/* instructions walked */
	bool truncated;		/* more values than kept, or the walk reached its bounds */
};

/*
 * Walk code (len bytes, addresses are offsets into it) from the hvc
 * entry at offset entry, as arch's code. 0, or -1 if Capstone cannot be
 * opened.
 */
int constants_find(const struct arch_desc *arch, const uint8_t *code, size_t len, uint64_t entry,
		   struct fn_constants *out);

struct stub_image;
/*
 * The same for a placed stub whose vector table is at vectors: the
 * segment holding its hvc entry is walked (none: no values).
 */
int constants_of_stub(const struct arch_desc *arch, const struct stub_image *img,
		      uint64_t vectors, struct fn_constants *out);

/*
 * The numbers to try, each once, in order: every value, its neighbours
 * (N - 1, N + 1), then N with each of arch->partial_decode_bits flipped;
 * all as wide as a general register. At most max into out; *truncated
 * says whether some did not fit.
 */
unsigned int constants_numbers(const struct arch_desc *arch, const struct fn_constants *c,
			       uint64_t *out, unsigned int max, bool *truncated);

#endif

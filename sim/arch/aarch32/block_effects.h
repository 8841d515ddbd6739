/*
 * What a block of AArch32 code can change beyond memory, the CPSR and the
 * core registers of the mode it runs in. Unicorn 2.0.1 has no hook on
 * MCR, so the arm model reads each block of the stub before it runs,
 * once (Capstone), and keeps the answer until code memory changes.
 */
#ifndef HYPABI_AARCH32_BLOCK_EFFECTS_H
#define HYPABI_AARCH32_BLOCK_EFFECTS_H

#include <stdbool.h>
#include <stdint.h>

#include <unicorn/unicorn.h>

#include "arch.h"

struct block_effects {
	uint64_t writes;	/* bit i: may write the coprocessor register sysregs[i] */
	bool lr;		/* may write LR (in Hyp mode, that is LR_usr) */
	/*
	 * May write a coprocessor register outside the table, change mode,
	 * write another mode's banked registers or take an exception; or the
	 * block could not be read or decoded.
	 */
	bool unknown;
};

struct block_cache;

/* NULL if out of memory or Capstone cannot be opened. */
struct block_cache *block_cache_open(const struct sysreg *sysregs, unsigned int nsysregs);
void block_cache_close(struct block_cache *c);
/* Forget every block: code memory has changed. */
void block_cache_clear(struct block_cache *c);
/* The effects of the block of size bytes at addr (T32 if thumb), read from uc. */
void block_cache_effects(struct block_cache *c, uc_engine *uc, uint32_t addr, uint32_t size,
			 bool thumb, struct block_effects *fx);

#endif

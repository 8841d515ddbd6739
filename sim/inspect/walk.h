/*
 * A bounded walk, with Capstone, of the code an entry reaches: straight
 * on, both ways at each conditional branch, into each direct branch's
 * target, never into a call. The scanner (scan.c) and the constant
 * finder (constants.c) walk code this way, each seeing every instruction
 * walked; and the operand readers they share.
 */
#ifndef HYPABI_WALK_H
#define HYPABI_WALK_H

#include <capstone/capstone.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "flow.h"	/* insn_imm, insn_flow: the one branch classifier */
#include "insn_cache.h"

#define WALK_MAX_TARGETS	64	/* branch targets queued at most */
#define WALK_MAX_STATE		512	/* bytes of a path's own state at most */

struct walk_params {
	unsigned int insns;		/* instructions walked at most, over all paths */
	unsigned int targets;		/* branch targets queued at most (<= WALK_MAX_TARGETS) */
	/*
	 * A path's own state, state_size bytes (<= WALK_MAX_STATE; 0: none):
	 * visit may change it, and each branch target queued from a path
	 * starts with the state the path had at the branch.
	 */
	size_t state_size;
	void (*visit)(const cs_insn *in, void *state, void *ctx);
	void *ctx;
	struct insn_decoder *dec;	/* decodes for cs through a cache, or NULL: Capstone each time */
};

/* What a walk did: whether it was cut short by its bounds, and how far it went. */
struct walk_end {
	unsigned int insns;
	bool cut;			/* out of instructions, or a target not queued */
};

/*
 * Walk code (len bytes; addresses are offsets into it) from off with the
 * handle cs and its instruction buffer in, starting with state (NULL if
 * state_size is 0).
 */
struct walk_end walk_code(csh cs, cs_insn *in, const uint8_t *code, size_t len, uint64_t off,
			  const struct walk_params *p, const void *state);

/*
 * The bytes a PC-relative literal load reads (`ldr r, [pc, #off]` or
 * `ldr r, #addr`, as the arch's scan parameters say), size 4 or 8, if
 * they are inside code.
 */
bool insn_literal(const struct scan_params *p, const cs_insn *in, const uint8_t *code,
		  size_t len, unsigned int size, uint64_t *val);

#endif

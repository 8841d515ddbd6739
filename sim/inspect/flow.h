/*
 * Where an instruction sends control, read from Capstone's text of it:
 * the one classification the code walks share (scan's, and the code map
 * that coverage is measured against).
 */
#ifndef HYPABI_FLOW_H
#define HYPABI_FLOW_H

#include <capstone/capstone.h>
#include <stdbool.h>
#include <stdint.h>

enum flow_kind {
	FLOW_NEXT,	/* on to the next instruction */
	FLOW_JUMP,	/* to its target only (b) */
	FLOW_BRANCH,	/* to its target or on: conditional (b.eq, cbz, tbnz, beq) */
	FLOW_CALL,	/* to its target, then back to the next (bl, blx, blr) */
	FLOW_END,	/* nowhere the instruction says: eret, br, ret, bx, a write of pc; udf, hvc */
	FLOW_END_COND,	/* a conditional one of those: else on (bxeq lr) */
};

struct flow {
	enum flow_kind kind;
	bool has_target;	/* the target is in the instruction (an immediate) */
	uint64_t target;
	bool switches_set;	/* blx #imm: the target is in the other instruction set */
};

/* How in passes control on. */
void insn_flow(const cs_insn *in, struct flow *f);
/* s is a condition code that makes an instruction conditional: "eq", "lo" ... (not "al"). */
bool insn_is_cond(const char *s);
/* The first immediate ("#...") of Capstone's operand text. */
bool insn_imm(const char *op, uint64_t *v);

#endif

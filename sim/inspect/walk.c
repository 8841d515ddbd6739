#include "walk.h"

#include <stdlib.h>
#include <string.h>

#include "le.h"

bool insn_literal(const struct scan_params *p, const cs_insn *in, const uint8_t *code,
		  size_t len, unsigned int size, uint64_t *val)
{
	const char *pc;
	uint64_t addr;

	if (strcmp(in->mnemonic, "ldr") != 0)
		return false;
	pc = strstr(in->op_str, "[pc, #");
	if (p->literal_pc_relative) {
		if (!pc)
			return false;
		addr = in->address + p->literal_pc_bias + strtoull(pc + 6, NULL, 0);
	} else if (!insn_imm(in->op_str, &addr) || strchr(in->op_str, '[')) {
		return false;
	}
	if (addr > len || len - addr < size)	/* addr + size could wrap */
		return false;
	*val = size == 8 ? le64_get(code + addr) : le32_get(code + addr);
	return true;
}

/* Queue target, with the state its path has now; false if there is no room. */
static bool enqueue(uint64_t *queue, unsigned char (*states)[WALK_MAX_STATE], unsigned int *nq,
		    const struct walk_params *p, uint64_t target, size_t len, const void *state)
{
	for (unsigned int k = 0; k < *nq; k++)
		if (queue[k] == target)
			return true;
	if (target >= len)
		return true;		/* outside the code: not walked, by design */
	if (*nq >= p->targets)
		return false;
	if (p->state_size)
		memcpy(states[*nq], state, p->state_size);
	queue[(*nq)++] = target;
	return true;
}

struct walk_end walk_code(csh cs, cs_insn *in, const uint8_t *code, size_t len, uint64_t off,
			  const struct walk_params *p, const void *state)
{
	uint64_t queue[WALK_MAX_TARGETS];
	/* Only state_size bytes of each are used: the rest is never read. */
	unsigned char states[WALK_MAX_TARGETS][WALK_MAX_STATE], cur[WALK_MAX_STATE];
	unsigned int nq = 0, budget = p->insns;
	struct walk_end end = { 0, false };

	if (!enqueue(queue, states, &nq, p, off, len, state))
		return (struct walk_end){ 0, true };
	for (unsigned int qi = 0; qi < nq && budget; qi++) {
		uint64_t pc = queue[qi];

		if (p->state_size)
			memcpy(cur, states[qi], p->state_size);
		while (budget && pc + 4 <= len) {
			const uint8_t *bytes = code + pc;
			size_t size = len - pc;
			uint64_t addr = pc;
			struct flow f;

			if (!(p->dec ? insn_decode(p->dec, &bytes, &size, &addr, in)
				     : cs_disasm_iter(cs, &bytes, &size, &addr, in)))
				break;
			budget--;
			end.insns++;
			p->visit(in, cur, p->ctx);
			insn_flow(in, &f);
			if (f.kind == FLOW_END)
				break;
			/* Calls are not followed: the stub's own code is what is walked. */
			if ((f.kind == FLOW_JUMP || f.kind == FLOW_BRANCH) && f.has_target) {
				if (!enqueue(queue, states, &nq, p, f.target, len, cur))
					end.cut = true;
				if (f.kind == FLOW_JUMP)
					break;
			}
			pc = addr;
		}
	}
	end.cut |= budget == 0;
	return end;
}

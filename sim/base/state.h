/*
 * An arch-neutral view of the CPU state that the rules judge. Each arch
 * fills it through its ops table (arch.h); rules only ever index it with
 * what the ops table tells them.
 */
#ifndef HYPABI_STATE_H
#define HYPABI_STATE_H

#include <stdint.h>

#define STATE_MAX_GPRS		32
#define STATE_MAX_FPRS		8	/* the callee-saved d8..d15 */
#define STATE_MAX_SYSREGS	72

struct cpu_state {
	/*
	 * arm64: x0..x30, then [31] = the caller's stack pointer (SP_EL1).
	 * arm:   r0..r12, then [13] SP and [14] LR of the caller's mode (SVC).
	 */
	uint64_t gpr[STATE_MAX_GPRS];
	uint64_t fpr[STATE_MAX_FPRS];
	uint64_t pc;
	uint32_t pstate;		/* PSTATE (arm64) or CPSR (arm) */
	uint64_t sysreg[STATE_MAX_SYSREGS];	/* in the order of arch_desc.sysregs */
};

struct arch_desc;

/*
 * Call differs for every field of the arch's view in which x and y
 * differ (pc, pstate/cpsr, gprs, fprs, sysregs, in that order), by the
 * name the arch gives it.
 */
void cpu_state_diff(const struct arch_desc *arch, const struct cpu_state *x,
		    const struct cpu_state *y,
		    void (*differs)(const char *field, uint64_t x, uint64_t y, void *ctx),
		    void *ctx);

#endif

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
#define STATE_MAX_FPCTL		2	/* FPCR and FPSR (arm64), FPSCR (arm) */
#define STATE_MAX_FP_FREE	64	/* 32 128-bit registers, in 64-bit halves */
#define STATE_MAX_SYSREGS	72

struct cpu_state {
	/*
	 * arm64: x0..x30, then [31] = the caller's stack pointer (SP_EL1).
	 * arm:   r0..r12, then [13] SP and [14] LR of the caller's mode (SVC).
	 */
	uint64_t gpr[STATE_MAX_GPRS];
	uint64_t fpr[STATE_MAX_FPRS];
	uint64_t fpctl[STATE_MAX_FPCTL];	/* the arch's fpctl_names */
	/*
	 * The rest of the FP/SIMD register file, which a call may change: the
	 * caller's values only (no rule reads them back). arm64: q0..q31 as
	 * low, high halves (the low halves of q8..q15 are fpr's, not these);
	 * arm: d0..d31 (d8..d15 are fpr's).
	 */
	uint64_t fp_free[STATE_MAX_FP_FREE];
	uint64_t pc;
	uint32_t pstate;		/* PSTATE (arm64) or CPSR (arm) */
	/*
	 * In the order of arch_desc.sysregs. In a call's input: the EL2 and
	 * EL1 state the call starts from, where call_input.base_given says so.
	 */
	uint64_t sysreg[STATE_MAX_SYSREGS];
};

struct arch_desc;

/*
 * Call differs for every field of the arch's view in which x and y
 * differ (pc, pstate/cpsr, gprs, fprs, fpctl, sysregs, in that order), by the
 * name the arch gives it.
 */
void cpu_state_diff(const struct arch_desc *arch, const struct cpu_state *x,
		    const struct cpu_state *y,
		    void (*differs)(const char *field, uint64_t x, uint64_t y, void *ctx),
		    void *ctx);

#endif

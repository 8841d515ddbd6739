/*
 * The one interface behind which AArch64 and AArch32 differ. Rules, the
 * call driver and the reports see only this table and struct cpu_state.
 */
#ifndef HYPABI_ARCH_H
#define HYPABI_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <unicorn/unicorn.h>

#include "state.h"

struct machine;

enum sysreg_group {
	SYSREG_EL1,		/* the caller's EL1/PL1 state (rule el1-state) */
	SYSREG_EL2_CTRL,	/* EL2 control state (set-vectors.only-vbar, unknown.error) */
	SYSREG_EL2_VBAR,	/* the EL2 vector base */
	SYSREG_EL2_SCRATCH,	/* exception link/syndrome registers a stub may change */
};

/*
 * A system register, described once: its name, what it means to the
 * rules, its encoding and the value the harness gives it before a call.
 * arm64 encodings are (op0, op1, CRn, CRm, op2); arm ones are
 * (coproc, opc1, CRn, CRm, opc2) with is64 for MCRR/MRRC registers.
 */
struct sysreg {
	const char *name;
	enum sysreg_group group;
	uint8_t op0, op1, crn, crm, op2, is64;
	uint64_t init;
};

/* A register move the ABI prescribes at SOFT_RESTART (arm64: x2 -> x0 ...). */
struct reg_move {
	uint8_t from, to;
};

struct arch_ops {
	const char *name;		/* as on the command line: "arm64", "arm" */
	uc_arch uc_arch;
	uc_mode uc_mode;
	int uc_cpu;
	uint64_t addr_limit;		/* images must lie below this address */
	uint32_t vector_align;		/* required alignment of the vector base */
	uint32_t hvc_vector;		/* offset of the entry a lower-EL hvc is taken to */
	uint32_t insn_align;
	uint32_t hvc_size;		/* bytes of the caller's hvc (A64, A32 and T32: 4) */
	bool has_thumb;			/* the caller may be in T32 state */
	unsigned int reg_bits;		/* width of a general register */
	/*
	 * What fills the caller's page around its hvc: an instruction that
	 * ends a translation block at once, so a return to a wrong address
	 * there costs Unicorn one instruction to translate.
	 */
	uint32_t fill_insn;
	/*
	 * What fills the SOFT_RESTART landing pad: a branch to itself, so the
	 * block that the block hook ends the call in raises no exception.
	 */
	uint32_t landing_insn;

	unsigned int ngprs;
	const char *const *gpr_names;
	uint64_t clobber_gprs;		/* bit n set: gpr[n] is caller-saved */
	const char *clobber_text;	/* the clobber set as the ABI states it */
	unsigned int nfprs;
	const char *const *fpr_names;
	unsigned int ret_gpr;		/* the return value register */
	unsigned int sp_gpr;		/* the caller's stack pointer */

	const struct sysreg *sysregs;
	unsigned int nsysregs;
	unsigned int vbar;		/* index of VBAR_EL2 / HVBAR in sysregs */
	unsigned int el2_sctlr;		/* index of SCTLR_EL2 / HSCTLR in sysregs */
	uint64_t el2_mmu_bit;		/* SCTLR_EL2.M / HSCTLR.M */

	uint32_t return_mode_mask;	/* PSTATE/CPSR bits an exception return restores */
	uint32_t exception_masks;	/* D, A, I, F (arm64) or A, I, F (arm) */
	uint32_t flags_mask;		/* condition flags, which the stub may clobber */

	const struct reg_move *restart_moves;
	unsigned int nrestart_moves;

	/* Once per machine: CPU model, EL3/EL2 configuration, caller code. */
	int (*setup)(struct machine *m);
	/* The caller's state before the hvc: registers, masks, flags, state. */
	int (*set_caller_state)(struct machine *m, const struct cpu_state *s, bool thumb);
	/* Put the EL2 MMU on with the harness's identity map. */
	int (*enable_el2_mmu)(struct machine *m);
	int (*read_state)(struct machine *m, struct cpu_state *s);
	/*
	 * The state where a call ended, given the state it began from: as
	 * read_state, but an arch that knows which system registers the call
	 * wrote reads only those.
	 */
	int (*read_post)(struct machine *m, const struct cpu_state *pre, struct cpu_state *post);
	/*
	 * The registers as the running code sees them, without disturbing it:
	 * general registers of the current mode (arm64: [31] = the current
	 * SP), pc, pstate, d8-d15, and with sysregs the coprocessor system
	 * registers; the banked copies of other modes are left zero.
	 */
	int (*read_live)(struct machine *m, struct cpu_state *s, bool sysregs);
	/*
	 * Optional: a block of the stub's code (not the harness's) is about
	 * to run; an arch with no hook on its system-register writes looks
	 * at the code instead, to set sysregs_written / sysregs_unknown.
	 */
	void (*note_block)(struct machine *m, uint64_t addr, uint32_t size);
	/* Optional: free what setup put in m->arch_priv. */
	void (*close)(struct machine *m);
	/* Exception entry for the caller's hvc (first half, at the hvc). */
	int (*take_hvc)(struct machine *m);
	/* Exception entry, second half: now truly at EL2 / in Hyp mode. */
	int (*finish_entry)(struct machine *m);
	/* The exception level the PSTATE/CPSR value denotes (Hyp mode is 2). */
	unsigned int (*el_of)(uint32_t pstate);
	/* "EL1h", "EL2h", "svc", "hyp" ... for reports. */
	const char *(*mode_name)(uint32_t pstate);
};

extern const struct arch_ops aarch64_ops;
extern const struct arch_ops arm_ops;

const struct arch_ops *arch_by_name(const char *name);

#endif

/*
 * The emulator side of an architecture: how its Unicorn core is set up,
 * how the caller's state is written and the stub's read back, and the
 * exception entry Unicorn does not perform. The machine (the stage above)
 * drives a call through this table and knows no architecture itself.
 */
#ifndef HYPABI_EMU_H
#define HYPABI_EMU_H

#include <stdbool.h>
#include <stdint.h>

#include <unicorn/unicorn.h>

#include "arch.h"
#include "observation.h"

/* Results besides 0. */
#define CORE_EBADINPUT	(-2)	/* the user's input is wrong: exit 2 */
#define CORE_EINTERNAL	(-3)	/* the emulator failed unexpectedly: exit 3 */

/* One emulated core and what the call under way has done to it. */
struct core {
	uc_engine *uc;
	const struct arch_desc *desc;
	const struct arch_emu *emu;
	uint64_t vectors;		/* the vector base of the state every call starts from */

	struct observation *obs;	/* the call under way */
	uint64_t sysregs_written;	/* bit i: the call may have written sysregs[i] */
	bool sysregs_unknown;		/* it ran an instruction that may write any */
	bool code_written;		/* it wrote memory it could run (outside the stack) */
	uint64_t saved_reg;		/* scratch kept across the entry trampoline */
	/*
	 * What the GICv3 CPU interface's ICH_VTR_EL2 reads as, for an arch
	 * whose emulator side supplies it (emulate_undef): the emulated
	 * cores have no GICv3 system registers.
	 */
	uint64_t ich_vtr;
	/*
	 * The core implements FEAT_VHE (cpu_model.vhe): the arch's emulator
	 * side supplies what the emulator leaves out of it (aarch64/vhe.c).
	 */
	bool vhe;
	void *priv;			/* the arch's own (arch_emu.close frees it) */

	int error;			/* CORE_EINTERNAL once the emulator misbehaved */
	char errmsg[256];
};

struct arch_emu {
	const struct arch_desc *desc;
	struct {
		uc_arch arch;
		uc_mode mode;
		const int *cpus;	/* Unicorn's model of each of desc->cpus */
	} engine;		/* what uc_open and uc_ctl_set_cpu_model are given */

	/* Once per core: CPU model set, EL3/EL2 configuration, caller code. */
	int (*setup)(struct core *core);
	/*
	 * The caller's state before the hvc: registers, masks, flags, T32 or
	 * not, and the whole FP/SIMD register file (fpr, fpctl, fp_free).
	 */
	int (*set_caller_state)(struct core *core, const struct cpu_state *s, bool thumb);
	/*
	 * The EL2 and EL1 system registers the call starts from (a case's
	 * varied base state), in the order of desc->sysregs: written where
	 * they differ from base, the state setup left. Banked core registers
	 * (arm) are base's.
	 */
	int (*set_base)(struct core *core, const uint64_t *sysreg, const uint64_t *base);
	/* Drop every EL2 and EL1 translation the core has cached (TLB invalidate all). */
	int (*flush_translations)(struct core *core);
	/* Put the EL2 MMU on with the harness's identity map. */
	int (*enable_el2_mmu)(struct core *core);
	/*
	 * Optional: put the caller's EL1 MMU on, with the harness's EL1
	 * identity map, and say so in its pre-state.
	 */
	int (*enable_el1_mmu)(struct core *core, struct cpu_state *pre);
	/*
	 * Optional: put the caller at EL2 itself, as a VHE kernel is
	 * (machine.h's call_input.el2_caller), on SP sp, and say so in its
	 * pre-state; *start is where the run must begin to get it there.
	 */
	int (*enter_el2_caller)(struct core *core, struct cpu_state *pre, uint64_t sp,
				uint64_t *start);
	/* Give the stub a stack at EL2 / in Hyp mode (SP_EL2, SP_hyp). */
	int (*set_el2_sp)(struct core *core, uint64_t sp);
	int (*read_state)(struct core *core, struct cpu_state *s);
	/* Write system register i of the arch's sysregs (a sequence's EL2 state carried over). */
	int (*write_sysreg)(struct core *core, unsigned int i, uint64_t val);
	/*
	 * The state where a call ended, given the state it began from: as
	 * read_state, but an arch that knows which system registers the call
	 * wrote reads only those.
	 */
	int (*read_post)(struct core *core, const struct cpu_state *pre, struct cpu_state *post);
	/*
	 * The registers as the running code sees them, without disturbing it:
	 * general registers of the current mode (arm64: [31] = the current
	 * SP), pc, pstate, d8-d15, fpctl, and with sysregs the coprocessor system
	 * registers; the banked copies of other modes are left zero.
	 */
	int (*read_live)(struct core *core, struct cpu_state *s, bool sysregs);
	uint64_t (*read_pc)(struct core *core);
	/*
	 * A block of the stub's code (not the harness's) is about to run: the
	 * instructions it holds. An arch with no hook on its system-register
	 * writes looks at the code here too, to set sysregs_written and
	 * sysregs_unknown.
	 */
	uint32_t (*note_block)(struct core *core, uint64_t addr, uint32_t size);
	/*
	 * The size of the instruction before pc: the one that raised kind, an
	 * exception the core reports with pc past it (SVC, HVC, SMC), or with
	 * EXC_NONE the WFI the core halted in.
	 */
	uint32_t (*insn_size_before)(struct core *core, uint64_t pc, enum exception_kind kind);
	/* Optional: free what setup put in core->priv. */
	void (*close)(struct core *core);
	/* Exception entry for the caller's hvc (first half, at the hvc). */
	int (*take_hvc)(struct core *core);
	/* Exception entry, second half: now truly at EL2 / in Hyp mode. */
	int (*finish_entry)(struct core *core);
	/*
	 * Optional: the instruction at pc is UNDEFINED to the emulated core
	 * (its interrupt hook said so, pc at the instruction). True if the
	 * arch models it (a system register the core lacks): it has done what
	 * the instruction does and set pc past it, and the run goes on (or,
	 * with core->error set, must stop). False: it is UNDEFINED after all.
	 */
	bool (*emulate_undef)(struct core *core, uint64_t pc);
	/*
	 * Optional (with arch_desc.id_gate): what an MRS at EL2 of g's ID
	 * register reads on this core, as the stub's own MRS would.
	 */
	int (*read_id)(struct core *core, const struct id_gate *g, uint64_t *val);
};

/*
 * Each arch's emu.c defines the operations every arch has as static
 * functions of these names, so one table shape serves both; the arch adds
 * its own identity and any optional operation (close, emulate_undef).
 */
#define ARCH_EMU_COMMON_OPS						\
	.setup = setup, .set_caller_state = set_caller_state,		\
	.set_base = set_base, .flush_translations = flush_translations,	\
	.enable_el2_mmu = enable_el2_mmu, .set_el2_sp = set_el2_sp,	\
	.read_state = read_state, .read_live = read_live,		\
	.read_post = read_post, .read_pc = read_pc,			\
	.note_block = note_block, .insn_size_before = insn_size_before, \
	.take_hvc = take_hvc, .finish_entry = finish_entry

extern const struct arch_emu aarch64_emu;
extern const struct arch_emu aarch32_emu;

const struct arch_emu *arch_emu_of(const struct arch_desc *desc);

/* Unicorn calls wrapped so that a failure names the call and uc_strerror. */
int core_uc_check(struct core *core, uc_err err, const char *what, const char *file, int line);
#define UC_CHECK(core, call) \
	core_uc_check((core), (call), #call, __FILE__, __LINE__)

#endif

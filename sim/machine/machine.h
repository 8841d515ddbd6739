/*
 * The machine: one Unicorn engine, the harness's memory map, the stub
 * image, and the call driver that runs one hypercall into an observation.
 */
#ifndef HYPABI_MACHINE_H
#define HYPABI_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aarch64/regs.h"
#include "emu.h"
#include "image.h"
#include "image_map.h"
#include "observation.h"

/* machine_open / machine_call results besides 0. */
#define MACHINE_EBADINPUT	CORE_EBADINPUT
#define MACHINE_EINTERNAL	CORE_EINTERNAL

#define DEFAULT_INSN_BUDGET	100000
#define DEFAULT_WALL_BUDGET_MS	2000	/* per call: a stub that makes the emulator crawl */
/* What ICH_VTR_EL2 reads as: a real GICv3 CPU interface's (aarch64/regs.h). */
#define DEFAULT_ICH_VTR		ICH_VTR_EL2_CORTEX_A76

struct call_input {
	/* gpr, fpr, fpctl, fp_free; pstate holds only masks and flags; sysreg: base_given */
	struct cpu_state caller;
	/* caller.sysreg is the EL2 and EL1 state to start from, not the machine's fixed one. */
	bool base_given;
	bool el2_mmu_on;		/* precondition: EL2 MMU on, identity map */
	/* The caller's EL1 MMU on, its identity map the harness's (arm64). */
	bool el1_mmu_on;
	bool thumb;			/* arm: the caller is in T32 state */
	bool el2_stack;			/* the stub runs on an EL2 stack, as KVM's code does */
	/*
	 * The caller is at EL2 itself, as a VHE kernel (HCR_EL2.E2H and TGE),
	 * on its own SP_EL2 = el2_sp: its hvc is taken to the current-EL
	 * vector (arm64, a core with VHE: arch_emu.enter_el2_caller).
	 */
	bool el2_caller;
	uint64_t el2_sp;
};

struct machine {
	struct core core;		/* the emulated core: errors in core.errmsg */
	const struct arch_desc *arch;
	const struct cpu_model *cpu;	/* one of arch->cpus */
	const struct stub_image *img;
	struct image_map image;		/* img in the core's memory, mapped as touched */
	uint64_t budget;		/* instructions per call */
	uint64_t wall_budget_ns;	/* wall-clock time per call */
	uint64_t call_start_ns;
	uint64_t blocks;
	uc_context *base;		/* the state every call starts from */
	struct cpu_state base_state;	/* ... as read once, after setup */
	/*
	 * The system registers the saved context holds: base_state's, but
	 * for the translation controls (arch_desc.varied's), which a call
	 * that changes them writes into the context too, so that the cases
	 * sharing their values (cases/base_state.c) cost the emulator no
	 * flush of its cached translations. xlat_mask: those fields, by sysreg.
	 */
	uint64_t ctx_sysreg[STATE_MAX_SYSREGS];
	uint64_t xlat_mask[STATE_MAX_SYSREGS];
	/*
	 * Cached translations may not fit the next call: the last one wrote a
	 * translation control, or ran with another MMU, or from another EL.
	 */
	bool translations_stale;
	bool last_el2_mmu_on, last_el1_mmu_on, last_el2_caller;

	/* The call under way (its observation is core.obs). */
	bool entered;			/* the caller's hvc has been taken */
	bool entry_pending;		/* the trampoline has yet to finish the entry */
	bool image_dirty;		/* the stub wrote its own image */
	/*
	 * The lowest address written in each stack since it was last clear
	 * (its top when none was): what finish_call clears, so a call never
	 * reads what an earlier one left, and -j's shares see what -j1 sees.
	 */
	uint64_t caller_stack_low, el2_stack_low;
	bool el2_stack;			/* this call has the EL2 stack: its writes are the stub's own */
	uint64_t caller_hvc;		/* where the caller's hvc sits this call */
	uint64_t calls;			/* calls made so far */

	/*
	 * A sequence (machine_sequence_begin): the stub's memory and the EL2
	 * state (vector base, MMU, control registers) carry from one call to
	 * the next; the caller's state is fresh every call, as ever. kept
	 * holds the EL2 registers the last call left (the arch's EL2_CTRL and
	 * EL2_VBAR sysregs), once one has run; a sequence may change them
	 * between calls (a hypervisor hypabi stands in for).
	 */
	bool persistent;
	bool kept_valid;
	uint64_t kept[STATE_MAX_SYSREGS];

	/*
	 * After each call, read the whole state as well and fail the call
	 * (MACHINE_EINTERNAL) if read_post saw it differently: for the tests
	 * and the fuzzers, which prove the post-state shortcuts exact.
	 */
	bool verify_post;

	/* An optional observer of every instruction the stub runs (hypabi trace). */
	void (*trace_insn)(struct machine *m, uint64_t pc, uint32_t size, void *ctx);
	void (*trace_write)(struct machine *m, uint64_t addr, uint32_t size, uint64_t value,
			    void *ctx);
	void *trace_ctx;

	/*
	 * An optional observer of each block of the stub's own code run (not
	 * the harness's), from the block hook that runs anyway: coverage.
	 */
	void (*stub_block)(void *ctx, uint64_t addr, uint32_t size);
	void *stub_block_ctx;
};

/* A machine on arch's default core (cpus[0]), or on cpu, one of arch->cpus. */
int machine_open(struct machine *m, const struct arch_desc *arch,
		 const struct stub_image *img, uint64_t vectors, uint64_t budget);
int machine_open_on(struct machine *m, const struct arch_desc *arch, const struct cpu_model *cpu,
		    const struct stub_image *img, uint64_t vectors, uint64_t budget);
/* Change the wall-clock budget of each call (default DEFAULT_WALL_BUDGET_MS). */
void machine_set_wall_budget(struct machine *m, uint64_t ms);
/*
 * Change what the GICv3 CPU interface's ICH_VTR_EL2 reads as from the
 * next call on (default DEFAULT_ICH_VTR), on an arch that models it.
 */
void machine_set_ich_vtr(struct machine *m, uint64_t value);
void machine_close(struct machine *m);
/*
 * Start a sequence: the stub's image as loaded and the EL2 state of a
 * fresh machine, kept from each call to the next until
 * machine_sequence_end, which makes every call start fresh again (the
 * default). 0, or MACHINE_EINTERNAL.
 */
int machine_sequence_begin(struct machine *m);
int machine_sequence_end(struct machine *m);
/* Whether sysreg i of the arch is EL2 state a sequence keeps. */
bool machine_keeps_sysreg(const struct machine *m, unsigned int i);
/* Run one hypercall. 0, or MACHINE_EINTERNAL with m->core.errmsg set. */
int machine_call(struct machine *m, const struct call_input *in,
		 struct observation *obs);

/*
 * Watch every instruction the stub runs and every write it makes, from now
 * on. Cheapest before the first call: after it, code already translated has
 * to be dropped (a flush of Unicorn's whole translation cache, ~1 s).
 */
int machine_trace(struct machine *m,
		  void (*insn)(struct machine *m, uint64_t pc, uint32_t size, void *ctx),
		  void (*write)(struct machine *m, uint64_t addr, uint32_t size, uint64_t value,
				void *ctx),
		  void *ctx);

/* The registers as the running code sees them (arch_emu.read_live). */
int machine_read_live(struct machine *m, struct cpu_state *s, bool sysregs);
/* The whole state, every banked register included (arch_emu.read_state). */
int machine_read_state(struct machine *m, struct cpu_state *s);
/* Memory as the emulated core sees it. 0, or MACHINE_EINTERNAL. */
int machine_mem_read(struct machine *m, uint64_t addr, void *buf, size_t len);

/* Called from hooks: record an end of the call and stop the run. */
void machine_end(struct machine *m, enum call_end end);
void machine_fault(struct machine *m, enum fault_kind kind, uint64_t pc,
		   uint64_t addr, enum exception_kind exception);

#endif

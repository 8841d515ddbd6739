/* What one hypercall did: the facts the rules judge, nothing judged yet. */
#ifndef HYPABI_OBSERVATION_H
#define HYPABI_OBSERVATION_H

#include <stdbool.h>
#include <stdint.h>

#include "state.h"

enum call_end {
	END_NONE,	/* the call has not run */
	END_RETURNED,	/* execution reached the caller's code page again */
	END_LANDED,	/* execution reached the SOFT_RESTART landing pad */
	END_FAULT,	/* an exception or abort was taken while the stub ran */
	END_BUDGET,	/* the instruction budget ran out */
	END_HALTED,	/* the core halted (WFI) and nothing in the harness will wake it */
};

enum fault_kind {
	FAULT_NONE,
	FAULT_UNDEFINED,	/* UNDEFINED instruction */
	FAULT_EXCEPTION,	/* any other synchronous exception (SVC, HVC, SMC at EL2, ...) */
	FAULT_FETCH,		/* instruction fetch from unmapped or non-executable memory */
	FAULT_READ,		/* data read of unmapped memory */
	FAULT_WRITE,		/* data write to unmapped or read-only memory */
	FAULT_ABORT,		/* translation or alignment abort reported by the core */
};

/* For FAULT_EXCEPTION: which one. */
enum exception_kind {
	EXC_NONE,
	EXC_SVC,
	EXC_HVC,
	EXC_SMC,
	EXC_BREAKPOINT,		/* BRK / BKPT */
	EXC_HYP_TRAP,		/* a trap to EL2 the core took itself */
	EXC_IRQ,
	EXC_FIQ,
	EXC_OTHER,
};

/*
 * Writes outside the stub image kept for a report. Writes inside it are
 * allowed and only counted, so no number of them can fail a stub.
 */
#define OBS_MAX_WRITES	64

struct mem_write {
	uint64_t addr;
	uint32_t size;
};

struct observation {
	struct cpu_state pre;		/* as the caller issued the hypercall */
	struct cpu_state post;		/* where the call ended */
	/* What the stub saw on exception entry (ELR, SPSR, ESR/HSR). */
	uint64_t entry_elr, entry_spsr, entry_syndrome;
	uint64_t end_sp;		/* the SP current where the call ended (arm64) */
	/*
	 * EL2's own stack pointer (SP_EL2) at the call and where it ended,
	 * whichever SP is current there: a caller at EL2 runs on it (arm64).
	 */
	uint64_t hyp_sp_pre, hyp_sp_post;
	/*
	 * Where the call ended, the EL2 register a switch to VHE fills that
	 * only a core with VHE has (arch vhe_switch.el2_only_name: TTBR1_EL2),
	 * and whether it was read (on such a core).
	 */
	uint64_t vhe_only_reg;
	bool vhe_only_read;
	enum call_end end;
	enum fault_kind fault;
	uint64_t fault_pc;		/* where the fault was raised */
	uint64_t fault_addr;		/* the address of a faulting access */
	/* A fetch from an object's undefined symbol's stand-in: its name (image.h). */
	const char *fault_symbol;
	enum exception_kind exception;	/* for FAULT_EXCEPTION */
	uint64_t insns;			/* instructions executed after the hvc */
	bool out_of_time;		/* END_BUDGET: the wall-clock budget, not the count */
	uint64_t nwrites;		/* memory writes the stub made */
	uint64_t nwrites_outside;	/* of them, outside the stub image */
	struct mem_write outside[OBS_MAX_WRITES];	/* the first ones outside it */
};

/* Count one write by the stub; keep it if it is outside the stub's image. */
void obs_note_write(struct observation *o, uint64_t addr, uint32_t size, bool in_image);
/* How many writes outside[] holds. */
unsigned int obs_outside_kept(const struct observation *o);

const char *call_end_name(enum call_end end);
const char *fault_kind_name(enum fault_kind kind);
const char *exception_name(enum exception_kind kind);

#endif

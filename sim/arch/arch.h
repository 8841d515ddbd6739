/*
 * What an architecture is, as data: its registers and their names, the
 * clobber set, the masks the rules compare, its system registers, and the
 * parameters of the tools that read its code (Capstone, QEMU, the
 * scanner). Everything above this stage reads an architecture only
 * through this description; the emulator side is in emu.h.
 */
#ifndef HYPABI_ARCH_H
#define HYPABI_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "state.h"

enum sysreg_group {
	SYSREG_EL1,		/* the caller's EL1/PL1 state (rule el1-state) */
	SYSREG_EL2_CTRL,	/* EL2 control state (set-vectors.only-vbar, unknown.error) */
	SYSREG_EL2_VBAR,	/* the EL2 vector base */
	SYSREG_EL2_SCRATCH,	/* exception link/syndrome registers a stub may change */
};

/*
 * A system register, described once: its name, what it means to the
 * rules, its encoding and the value the harness gives it before a call.
 * AArch64 encodings are (op0, op1, CRn, CRm, op2); AArch32 ones are
 * (coproc, opc1, CRn, CRm, opc2) with is64 for MCRR/MRRC registers, or a
 * banked core register (see aarch32/regs.h).
 */
struct sysreg {
	const char *name;
	enum sysreg_group group;
	uint8_t op0, op1, crn, crm, op2, is64;
	uint64_t init;
};

/*
 * A field of a system register that each case gives a value of its own
 * (cases/base_state.c draws it): the base state the ABI leaves free and
 * the architecture lets software choose. Any bits of mask, or one of
 * values (the field's own values, not shifted), where only some are
 * defined. Some fields are free only while a translation regime that
 * the harness sets up is off: they are held (at sysreg.init) when it is on.
 */
enum vary_when {
	VARY_ALWAYS,
	VARY_EL2_MMU_OFF,	/* held with the EL2 MMU on: the harness's identity map */
	VARY_EL1_MMU_OFF,	/* held with the caller's EL1 MMU on: its identity map */
};

struct sysreg_field {
	unsigned int reg;		/* index in sysregs */
	uint64_t mask;
	enum vary_when when;
	const uint64_t *values;		/* NULL: any value */
	unsigned int nvalues;
	/*
	 * A translation control (the stage 1 TCR of EL2, VTTBR, HCR's PTW):
	 * the Arm ARM asks for TLB maintenance after a change of it, and the
	 * emulator drops every translation it has cached, so a case shares
	 * its value with the cases next to it (cases/base_state.c).
	 */
	bool translation;
};

/* A register move the ABI prescribes at SOFT_RESTART (arm64: x2 -> x0 ...). */
struct reg_move {
	uint8_t from, to;
};

/*
 * What a switch to VHE (FINALISE_EL2 / VHE_RESTART on a core that has it)
 * does, as indices into the arch's sysregs: the EL1 registers whose value
 * moves to EL2, HCR_EL2 and the bits it gains, SCTLR_EL1 and its M.
 */
struct vhe_switch {
	const struct reg_move *moves;	/* sysreg from (EL1) -> sysreg to (EL2) */
	unsigned int nmoves;
	unsigned int hcr, el1_sctlr;
	uint64_t hcr_bits;		/* HCR_EL2.E2H | TGE */
	uint64_t el1_mmu_bit;		/* SCTLR_EL1.M */
	uint32_t el2h;			/* PSTATE.M of EL2h */
	uint32_t mode_mask;		/* PSTATE.M */
	uint32_t flags_mask;		/* what the caller resumes with: D, A, I, F, NZCV */
	/*
	 * One more move, to an EL2 register only a core with VHE has and so
	 * outside the sysreg table (TTBR1_EL2): from sysreg el2_only_from,
	 * seen in the observation's vhe_only_reg.
	 */
	unsigned int el2_only_from;
	const char *el2_only_name;
};

/* Exception entry's three registers, as the architecture names them. */
struct entry_names {
	const char *elr, *spsr, *syndrome;
};

/* An instruction, as Capstone prints it: its mnemonic and words its operands hold. */
struct insn_match {
	const char *mnemonic;
	const char *has[2];		/* NULL: no further word */
};

/* How `hypabi scan` recognises a vector table of this architecture. */
struct scan_params {
	unsigned int nentries;		/* entries in a vector table */
	uint32_t entry_size;
	unsigned int min_live;		/* entries that must hold a plausible instruction */
	/* A plausible entry word: (w & mask) == value, and w is none of `never`. */
	uint32_t entry_mask, entry_value;
	uint32_t never[3];
	unsigned int nnever;
	struct insn_match syndrome_read;	/* reads ESR_EL2 / HSR */
	struct insn_match vbar_write;		/* writes VBAR_EL2 / HVBAR */
	/* A literal load: `ldr r, [pc, #off]` reads PC + bias + off; else `ldr r, #addr`. */
	bool literal_pc_relative;
	unsigned int literal_pc_bias;
};

/* The QEMU system emulator the crosscheck compares with. */
struct qemu_params {
	const char *system;		/* "qemu-system-aarch64" */
	const char *machine;		/* -M */
	uint64_t ich_vtr;		/* what the board's ICH_VTR_EL2 reads as, if it has one */
};

/*
 * Where a boot loader puts this arch's kernel: _text at a RAM base
 * aligned so + text_offset, unless the arm64 Image header at _text says
 * otherwise (Documentation/arch/arm64/booting.rst; arm: the zImage's
 * decompressor writes the kernel at its RAM base + 0x8000).
 */
struct kernel_placement {
	uint64_t base_align;
	bool base_must_align;		/* a base not so aligned is refused (arm64), else rounded down */
	uint64_t text_offset;
	bool image_header;		/* _text holds an arm64 Image header */
};

/*
 * One relocation of a relocatable object, as the loader links it: patch
 * the bytes at where (room bytes to the end of the image), which sit at
 * address place, for a symbol at symbol, with the entry's addend (RELA),
 * or the one in the bytes (REL).
 */
struct reloc {
	unsigned int type;		/* R_AARCH64_* / R_ARM_* */
	uint64_t place, symbol;
	int64_t addend;
	bool has_addend;
	uint8_t *where;
	size_t room;
};

/*
 * A conditional branch whose way the core's identification registers
 * decide: the value it tests is a field of an ID register read just
 * before it (mrs, then only shifts and extracts of that value), and ID
 * registers are fixed by the implementation, so every run of the branch
 * goes the same way on one core. Coverage names the code past the way
 * never taken unreachable by design (sim/inspect/by_design.c).
 */
struct id_gate {
	uint8_t op0, op1, crn, crm, op2;	/* the ID register */
	unsigned int shift;			/* what the branch tests: (reg >> shift) & mask */
	uint64_t mask;
	bool taken_if_zero;			/* it branches when that is zero (cbz, tbz) */
	uint64_t branch;			/* its address */
	const char *mnemonic;			/* "cbz" */
};

/* A core hypabi emulates for an arch (--cpu), and what a stub can find in it. */
struct cpu_model {
	const char *name;		/* as on the command line: "a57", "max" */
	const char *what;		/* for --help and reports */
	/* QEMU's -cpu for the cross-check, with what Unicorn's model lacks turned off. */
	const char *qemu_cpu;
	bool vhe;			/* ID_AA64MMFR1_EL1.VH: FINALISE_EL2 can switch to VHE */
};

struct arch_desc {
	const char *name;		/* as on the command line: "arm64", "arm" */
	const char *long_name;		/* "aarch64", "aarch32": file and symbol names */
	unsigned int elf_machine;	/* e_machine of its ELF files */
	unsigned int elf_class;		/* and their EI_CLASS */
	uint64_t addr_limit;		/* images must lie below this address */
	uint32_t vector_align;		/* required alignment of the vector base */
	uint32_t hvc_vector;		/* offset of the entry a lower-EL hvc is taken to */
	/* ... and one from EL2 itself (current EL, SP_ELx); 0 if no caller can be there */
	uint32_t el2_hvc_vector;
	uint32_t insn_align;		/* of code in the caller's instruction set */
	uint32_t hvc_size;		/* bytes of the caller's hvc (A64, A32 and T32: 4) */
	uint32_t thumb_bit;		/* CPSR.T: the caller may be in T32 state; 0 if none */
	uint32_t thumb_align;		/* of code in T32 state (a halfword); 0 if none */
	uint64_t gpr_mask;		/* the bits of a general register */
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
	const char *const *gpr_names;	/* the caller's view: "x0".. "sp_el1" */
	const char *const *live_gpr_names;	/* the running code's view: "x0".. "sp" */
	uint64_t clobber_gprs;		/* bit n set: gpr[n] is caller-saved */
	const char *clobber_text;	/* the clobber set as the ABI states it */
	unsigned int nfprs;
	const char *const *fpr_names;
	/*
	 * FP/SIMD control and status (arm64: FPCR, FPSR; arm: FPSCR): the
	 * bits callee-saved under the procedure call standard (judged by
	 * callee-saved) and the bits each case draws.
	 */
	unsigned int nfpctl;
	const char *const *fpctl_names;
	const uint64_t *fpctl_saved;
	const uint64_t *fpctl_varied;
	/* 64-bit units of cpu_state.fp_free the arch gives the caller (see state.h). */
	unsigned int nfp_free;
	unsigned int ret_gpr;		/* the return value register */
	/* The running code's 32-bit views of the general registers ("w0".. "wsp"), or NULL. */
	const char *const *live_gpr32_names;
	/*
	 * Single bits of the function register (ret_gpr) that a stub decoding
	 * only part of it (a byte, a halfword, w0, all but the top bit) would
	 * not see: the cases derived from a stub's code try each number it
	 * compares with again with each of these bits flipped.
	 */
	uint64_t partial_decode_bits;
	unsigned int sp_gpr;		/* the caller's stack pointer */
	const char *pstate_name;	/* "pstate" / "cpsr" */
	/* The GICv3 register --ich-vtr supplies (a stub reads it at EL2); NULL if none. */
	const char *ich_vtr_name;
	struct entry_names entry;

	const struct sysreg *sysregs;
	unsigned int nsysregs;
	/* The fields each case varies, and why the others are held: desc.c. */
	const struct sysreg_field *varied;
	unsigned int nvaried;
	unsigned int vbar;		/* index of VBAR_EL2 / HVBAR in sysregs */
	unsigned int el2_sctlr;		/* index of SCTLR_EL2 / HSCTLR in sysregs */
	uint64_t el2_mmu_bit;		/* SCTLR_EL2.M / HSCTLR.M */
	/*
	 * Bit i: sysregs[i] controls a translation regime (its MMU enable,
	 * tables, TCR, memory attributes, HCR's stage 2 and VHE bits), so a
	 * write of it may leave cached translations stale.
	 */
	uint64_t translation_regs;
	/* Bit i: sysregs[i] is one of them that enables an MMU (an SCTLR), M at el2_mmu_bit. */
	uint64_t mmu_enable_regs;

	uint32_t return_mode_mask;	/* PSTATE/CPSR bits an exception return restores */
	uint32_t exception_masks;	/* D, A, I, F (arm64) or A, I, F (arm) */
	uint32_t flags_mask;		/* condition flags, which the stub may clobber */

	const struct reg_move *restart_moves;
	unsigned int nrestart_moves;
	const struct vhe_switch *vhe;	/* NULL: the arch has no VHE */

	/* Capstone's names for the instruction sets (cs_arch, cs_mode values). */
	int cs_arch, cs_mode, cs_mode_thumb;
	bool cs_noregname;		/* print r9-r12, not sb/sl/fp/ip */
	char tarmac_isa, tarmac_isa_thumb;	/* Tarmac's instruction-set letter */
	struct scan_params scan;
	struct qemu_params qemu;
	struct kernel_placement kernel;
	const struct cpu_model *cpus;	/* cpus[0] is the default */
	unsigned int ncpus;

	/* The exception level the PSTATE/CPSR value denotes (Hyp mode is 2). */
	unsigned int (*el_of)(uint32_t pstate);
	/* "EL1h", "EL2h", "svc", "hyp" ... for reports. */
	const char *(*mode_name)(uint32_t pstate);
	/* Apply r (the arch's ELF relocation types); -1 with why if it cannot. */
	int (*relocate)(const struct reloc *r, char *why, size_t len);
	/*
	 * Optional: the block of code at code (len bytes, at addr) ends in an
	 * id_gate: true, and *g says which.
	 */
	bool (*id_gate)(const uint8_t *code, size_t len, uint64_t addr, struct id_gate *g);
	/* With id_gate: "ID_AA64PFR0_EL1.SVE" (or "ID_AA64PFR0_EL1[35:32]") of what g tests. */
	void (*id_gate_name)(const struct id_gate *g, char *buf, size_t len);
};

/*
 * Each arch's desc.c names its register tables and mode helpers alike
 * (NGPRS, gpr_names, el_of ...), so one line fills them in.
 */
#define ARCH_DESC_COMMON_TABLES						\
	.ngprs = NGPRS, .gpr_names = gpr_names, .live_gpr_names = live_gpr_names, \
	.nfprs = NFPRS, .fpr_names = fpr_names, .nsysregs = NSYSREGS,	\
	.nfpctl = NFPCTL, .fpctl_names = fpctl_names, .fpctl_saved = fpctl_saved, \
	.fpctl_varied = fpctl_varied, .nfp_free = NFP_FREE,		\
	.varied = varied_fields,					\
	.nvaried = sizeof(varied_fields) / sizeof(varied_fields[0]),	\
	.el_of = el_of, .mode_name = mode_name

/* Each arch's reloc.c. */
int aarch64_relocate(const struct reloc *r, char *why, size_t len);
int aarch32_relocate(const struct reloc *r, char *why, size_t len);
/* aarch64/id_gate.c: arch_desc.id_gate and id_gate_name. */
bool aarch64_id_gate(const uint8_t *code, size_t len, uint64_t addr, struct id_gate *g);
void aarch64_id_gate_name(const struct id_gate *g, char *buf, size_t len);

extern const struct arch_desc aarch64_desc;
extern const struct arch_desc aarch32_desc;

/* By command-line name ("arm64", "arm"); NULL if none. */
const struct arch_desc *arch_by_name(const char *name);
/* By ELF e_machine; NULL if none. */
const struct arch_desc *arch_by_elf_machine(unsigned int machine);
/* The architecture of a raw blob when none is named. */
const struct arch_desc *arch_default(void);
/* arch's core named name (--cpu); NULL if none. */
const struct cpu_model *arch_cpu_by_name(const struct arch_desc *arch, const char *name);
/* "a57 or max": the names of arch's cores, for messages. */
const char *arch_cpu_names(const struct arch_desc *arch, char *buf, size_t len);
/* "arm64 or arm": the names, for messages. */
const char *arch_names(void);
/* Visit every architecture, in a fixed order. */
const struct arch_desc *arch_at(unsigned int i);

/*
 * Call differs for every field of the arch's view in which x and y
 * differ (pc, pstate/cpsr, gprs, fprs, fpctl, sysregs, in that order), by the
 * name the arch gives it.
 */
void cpu_state_diff(const struct arch_desc *arch, const struct cpu_state *x,
		    const struct cpu_state *y,
		    void (*differs)(const char *field, uint64_t x, uint64_t y, void *ctx),
		    void *ctx);

/* cpu_state_diff's view: without pc; general registers as the running code names them. */
#define DIFF_NO_PC		1u
#define DIFF_LIVE_NAMES		2u
void cpu_state_diff_view(const struct arch_desc *arch, const struct cpu_state *x,
			 const struct cpu_state *y, unsigned int view,
			 void (*differs)(const char *field, uint64_t x, uint64_t y, void *ctx),
			 void *ctx);

#endif

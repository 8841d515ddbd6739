/*
 * The AArch64 arch model: an A57 with EL2 and EL3, the caller at EL1h,
 * and the exception entry for `hvc #imm` from EL1 to EL2 that Unicorn
 * does not perform (Arm ARM D1.10, "Exception entry").
 */
#include <string.h>

#include "aarch64_defs.h"
#include "arch.h"
#include "layout.h"
#include "machine.h"

#define NGPRS	32	/* x0..x30, then the caller's SP */
#define NFPRS	8	/* d8..d15 */

static const char *const gpr_names[NGPRS] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
	"x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19",
	"x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29",
	"x30", "sp_el1",
};

static const char *const fpr_names[NFPRS] = {
	"d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15",
};

/* The identity map the harness offers at EL2: 39-bit VA, level 1 blocks. */
#define HARNESS_T0SZ	ULL(25)
#define HARNESS_TCR_EL2	(TCR_EL2_RES1 | (TCR_PS_40BIT << TCR_EL2_PS_SHIFT) | \
			 TCR_TG0_4K | TCR_SH0_INNER | TCR_ORGN0_WBWA | \
			 TCR_IRGN0_WBWA | (HARNESS_T0SZ << TCR_T0SZ_SHIFT))

enum {
	R_SCTLR_EL1, R_VBAR_EL1, R_TTBR0_EL1, R_TTBR1_EL1, R_TCR_EL1,
	R_MAIR_EL1, R_AMAIR_EL1, R_ELR_EL1, R_SPSR_EL1, R_ESR_EL1, R_FAR_EL1,
	R_AFSR0_EL1, R_AFSR1_EL1, R_PAR_EL1, R_CONTEXTIDR_EL1, R_TPIDR_EL1,
	R_TPIDR_EL0, R_TPIDRRO_EL0, R_SP_EL0, R_CPACR_EL1, R_CNTKCTL_EL1,
	R_VBAR_EL2, R_SCTLR_EL2, R_HCR_EL2, R_CPTR_EL2, R_MDCR_EL2, R_HSTR_EL2,
	R_TCR_EL2, R_TTBR0_EL2, R_MAIR_EL2, R_VTCR_EL2, R_VTTBR_EL2,
	R_CNTHCTL_EL2, R_CNTVOFF_EL2, R_VPIDR_EL2, R_VMPIDR_EL2, R_TPIDR_EL2,
	R_ELR_EL2, R_SPSR_EL2, R_ESR_EL2, NSYSREGS
};

/*
 * The EL1 values are distinctive and MMU-off safe, so that a stub that
 * writes any of them is seen. EL2 values are those of a booted CPU whose
 * firmware left EL2 to the kernel: MMU off, EL1 in AArch64.
 */
static const struct sysreg sysregs[NSYSREGS] = {
	[R_SCTLR_EL1]	   = { "SCTLR_EL1",      SYSREG_EL1, 3, 0, 1, 0, 0, 0, SCTLR_EL1_RES1 | SCTLR_I_BIT },
	[R_VBAR_EL1]	   = { "VBAR_EL1",       SYSREG_EL1, 3, 0, 12, 0, 0, 0, 0x41f00800 },
	[R_TTBR0_EL1]	   = { "TTBR0_EL1",      SYSREG_EL1, 3, 0, 2, 0, 0, 0, 0x0000000041230000 },
	[R_TTBR1_EL1]	   = { "TTBR1_EL1",      SYSREG_EL1, 3, 0, 2, 0, 1, 0, 0x0001000041234000 },
	[R_TCR_EL1]	   = { "TCR_EL1",        SYSREG_EL1, 3, 0, 2, 0, 2, 0, 0x00000032b5193519 },
	[R_MAIR_EL1]	   = { "MAIR_EL1",       SYSREG_EL1, 3, 0, 10, 2, 0, 0, 0x000000040044ff00 },
	[R_AMAIR_EL1]	   = { "AMAIR_EL1",      SYSREG_EL1, 3, 0, 10, 3, 0, 0, 0 },
	[R_ELR_EL1]	   = { "ELR_EL1",        SYSREG_EL1, 3, 0, 4, 0, 1, 0, 0xffff800010a3c5d8 },
	[R_SPSR_EL1]	   = { "SPSR_EL1",       SYSREG_EL1, 3, 0, 4, 0, 0, 0, 0x60000145 },
	[R_ESR_EL1]	   = { "ESR_EL1",        SYSREG_EL1, 3, 0, 5, 2, 0, 0, 0x96000045 },
	[R_FAR_EL1]	   = { "FAR_EL1",        SYSREG_EL1, 3, 0, 6, 0, 0, 0, 0xffff00000badf00d },
	[R_AFSR0_EL1]	   = { "AFSR0_EL1",      SYSREG_EL1, 3, 0, 5, 1, 0, 0, 0 },
	[R_AFSR1_EL1]	   = { "AFSR1_EL1",      SYSREG_EL1, 3, 0, 5, 1, 1, 0, 0 },
	[R_PAR_EL1]	   = { "PAR_EL1",        SYSREG_EL1, 3, 0, 7, 4, 0, 0, 0x0000000041000f80 },
	[R_CONTEXTIDR_EL1] = { "CONTEXTIDR_EL1", SYSREG_EL1, 3, 0, 13, 0, 1, 0, 0x2a },
	[R_TPIDR_EL1]	   = { "TPIDR_EL1",      SYSREG_EL1, 3, 0, 13, 0, 4, 0, 0xffff00007fbc1000 },
	[R_TPIDR_EL0]	   = { "TPIDR_EL0",      SYSREG_EL1, 3, 3, 13, 0, 2, 0, 0x0000ffff9a7c0f00 },
	[R_TPIDRRO_EL0]	   = { "TPIDRRO_EL0",    SYSREG_EL1, 3, 3, 13, 0, 3, 0, 0x0000ffff9a7c1000 },
	[R_SP_EL0]	   = { "SP_EL0",         SYSREG_EL1, 3, 0, 4, 1, 0, 0, 0x0000fffff00dcaf0 },
	[R_CPACR_EL1]	   = { "CPACR_EL1",      SYSREG_EL1, 3, 0, 1, 0, 2, 0, CPACR_FPEN_NOTRAP },
	[R_CNTKCTL_EL1]	   = { "CNTKCTL_EL1",    SYSREG_EL1, 3, 0, 14, 1, 0, 0, 0x3 },

	[R_VBAR_EL2]	   = { "VBAR_EL2",       SYSREG_EL2_VBAR, 3, 4, 12, 0, 0, 0, 0 },
	[R_SCTLR_EL2]	   = { "SCTLR_EL2",      SYSREG_EL2_CTRL, 3, 4, 1, 0, 0, 0, SCTLR_EL2_RES1 | SCTLR_I_BIT },
	[R_HCR_EL2]	   = { "HCR_EL2",        SYSREG_EL2_CTRL, 3, 4, 1, 1, 0, 0, HCR_RW_BIT },
	[R_CPTR_EL2]	   = { "CPTR_EL2",       SYSREG_EL2_CTRL, 3, 4, 1, 1, 2, 0, CPTR_EL2_RES1 },
	[R_MDCR_EL2]	   = { "MDCR_EL2",       SYSREG_EL2_CTRL, 3, 4, 1, 1, 1, 0, 0x6 },
	[R_HSTR_EL2]	   = { "HSTR_EL2",       SYSREG_EL2_CTRL, 3, 4, 1, 1, 3, 0, 0 },
	[R_TCR_EL2]	   = { "TCR_EL2",        SYSREG_EL2_CTRL, 3, 4, 2, 0, 2, 0, HARNESS_TCR_EL2 },
	[R_TTBR0_EL2]	   = { "TTBR0_EL2",      SYSREG_EL2_CTRL, 3, 4, 2, 0, 0, 0, HARNESS_PGTABLE },
	[R_MAIR_EL2]	   = { "MAIR_EL2",       SYSREG_EL2_CTRL, 3, 4, 10, 2, 0, 0, MAIR_ATTR_NORMAL_WB },
	[R_VTCR_EL2]	   = { "VTCR_EL2",       SYSREG_EL2_CTRL, 3, 4, 2, 1, 2, 0, 0x80000000 },
	[R_VTTBR_EL2]	   = { "VTTBR_EL2",      SYSREG_EL2_CTRL, 3, 4, 2, 1, 0, 0, 0 },
	[R_CNTHCTL_EL2]	   = { "CNTHCTL_EL2",    SYSREG_EL2_CTRL, 3, 4, 14, 1, 0, 0, 0x3 },
	[R_CNTVOFF_EL2]	   = { "CNTVOFF_EL2",    SYSREG_EL2_CTRL, 3, 4, 14, 0, 3, 0, 0 },
	[R_VPIDR_EL2]	   = { "VPIDR_EL2",      SYSREG_EL2_CTRL, 3, 4, 0, 0, 0, 0, 0x411fd070 },
	[R_VMPIDR_EL2]	   = { "VMPIDR_EL2",     SYSREG_EL2_CTRL, 3, 4, 0, 0, 5, 0, 0x80000000 },
	[R_TPIDR_EL2]	   = { "TPIDR_EL2",      SYSREG_EL2_CTRL, 3, 4, 13, 0, 2, 0, 0 },
	/* What the exception entry writes; the stub may change them. */
	[R_ELR_EL2]	   = { "ELR_EL2",        SYSREG_EL2_SCRATCH, 3, 4, 4, 0, 1, 0, 0 },
	[R_SPSR_EL2]	   = { "SPSR_EL2",       SYSREG_EL2_SCRATCH, 3, 4, 4, 0, 0, 0, 0 },
	[R_ESR_EL2]	   = { "ESR_EL2",        SYSREG_EL2_SCRATCH, 3, 4, 5, 2, 0, 0, 0 },
};

static const struct reg_move restart_moves[] = {
	/* hyp-abi.txt: x2, x3, x4 become x0, x1, x2 of the next payload. */
	{ 2, 0 }, { 3, 1 }, { 4, 2 },
};

static int sysreg_rw(struct machine *m, unsigned int i, uint64_t *val, bool write)
{
	const struct sysreg *r = &sysregs[i];
	uc_arm64_cp_reg cp = {
		.op0 = r->op0, .op1 = r->op1, .crn = r->crn, .crm = r->crm,
		.op2 = r->op2, .val = write ? *val : 0,
	};

	if (write)
		return UC_CHECK(m, uc_reg_write(m->uc, UC_ARM64_REG_CP_REG, &cp));
	if (UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_CP_REG, &cp)))
		return MACHINE_EINTERNAL;
	*val = cp.val;
	return 0;
}

static int sysreg_write(struct machine *m, unsigned int i, uint64_t val)
{
	return sysreg_rw(m, i, &val, true);
}

static int reg_write(struct machine *m, int reg, uint64_t val)
{
	return UC_CHECK(m, uc_reg_write(m->uc, reg, &val));
}

static int pstate_write(struct machine *m, uint32_t val)
{
	return UC_CHECK(m, uc_reg_write(m->uc, UC_ARM64_REG_PSTATE, &val));
}

static int mem_write32(struct machine *m, uint64_t addr, const uint32_t *w, size_t n)
{
	return UC_CHECK(m, uc_mem_write(m->uc, addr, w, n * sizeof(*w)));
}

static int write_identity_map(struct machine *m)
{
	uint64_t table[PAGE_SIZE / sizeof(uint64_t)];

	for (uint64_t i = 0; i < PAGE_SIZE / sizeof(uint64_t); i++)
		table[i] = (i << TT_L1_BLOCK_SHIFT) | TT_AF_BIT | TT_SH_INNER |
			   (ULL(0) << TT_ATTRINDX_SHIFT) | TT_TYPE_BLOCK;
	return UC_CHECK(m, uc_mem_write(m->uc, HARNESS_PGTABLE, table, sizeof(table)));
}

static uint32_t on_msr(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user);
static uint32_t on_sys(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user);

static int setup(struct machine *m)
{
	static const uint32_t caller[] = { A64_HVC_0, A64_NOP };
	static const uint32_t trampoline[] = { A64_ERET, A64_UDF_0 };
	/* SCR_EL3: EL2 and EL1 are non-secure AArch64 and hvc is enabled. */
	uc_arm64_cp_reg scr = { .op0 = 3, .op1 = 6, .crn = 1, .crm = 1, .op2 = 0,
				.val = SCR_NS_BIT | SCR_HCE_BIT | SCR_RW_BIT };

	if (UC_CHECK(m, uc_reg_write(m->uc, UC_ARM64_REG_CP_REG, &scr)) ||
	    mem_write32(m, CALLER_CODE, caller, 2) ||
	    mem_write32(m, TRAMPOLINE, trampoline, 2) ||
	    write_identity_map(m))
		return MACHINE_EINTERNAL;
	for (unsigned int i = 0; i < NSYSREGS; i++)
		if (sysreg_write(m, i, i == R_VBAR_EL2 ? m->vectors : sysregs[i].init))
			return MACHINE_EINTERNAL;
	/* No stack is promised to the stub at EL2. */
	if (reg_write(m, UC_ARM64_REG_SP_EL2, 0))
		return MACHINE_EINTERNAL;
	{
		uc_hook h;

		if (UC_CHECK(m, uc_hook_add(m->uc, &h, UC_HOOK_INSN, (void *)on_msr, m, 1, 0,
					    UC_ARM64_INS_MSR)) ||
		    UC_CHECK(m, uc_hook_add(m->uc, &h, UC_HOOK_INSN, (void *)on_sys, m, 1, 0,
					    UC_ARM64_INS_SYS)))
			return MACHINE_EINTERNAL;
	}
	return pstate_write(m, PSTATE_M_EL1H | PSTATE_DAIF_MASK);
}

/* x0..x30 and d8..d15 of s, as Unicorn register ids and value pointers. */
static void state_regs(const struct cpu_state *s, int regs[31 + NFPRS], void *vals[31 + NFPRS])
{
	for (int i = 0; i < 29; i++)
		regs[i] = UC_ARM64_REG_X0 + i;
	regs[29] = UC_ARM64_REG_X29;	/* not contiguous with X0..X28 in Unicorn's enum */
	regs[30] = UC_ARM64_REG_X30;
	for (int i = 0; i < 31; i++)
		vals[i] = (void *)&s->gpr[i];
	for (int i = 0; i < NFPRS; i++) {
		regs[31 + i] = UC_ARM64_REG_D8 + i;
		vals[31 + i] = (void *)&s->fpr[i];
	}
}

static int set_caller_state(struct machine *m, const struct cpu_state *s, bool thumb)
{
	int regs[31 + NFPRS];
	void *vals[31 + NFPRS];
	uint32_t pstate = PSTATE_M_EL1H |
			  (s->pstate & (PSTATE_DAIF_MASK | PSTATE_NZCV_MASK));

	(void)thumb;
	state_regs(s, regs, (void **)vals);
	if (UC_CHECK(m, uc_reg_write_batch(m->uc, regs, (void *const *)vals, 31 + NFPRS)) ||
	    pstate_write(m, pstate) ||
	    /* At EL1h the current SP is SP_EL1. */
	    reg_write(m, UC_ARM64_REG_SP, s->gpr[31]) ||
	    reg_write(m, UC_ARM64_REG_PC, CALLER_CODE))
		return MACHINE_EINTERNAL;
	return 0;
}

static int enable_el2_mmu(struct machine *m)
{
	uint64_t sctlr;

	if (sysreg_rw(m, R_SCTLR_EL2, &sctlr, false))
		return MACHINE_EINTERNAL;
	return sysreg_write(m, R_SCTLR_EL2, sctlr | SCTLR_M_BIT);
}

static unsigned int el_of(uint32_t pstate)
{
	return (pstate >> PSTATE_EL_SHIFT) & PSTATE_EL_MASK;
}

static int read_live(struct machine *m, struct cpu_state *s, bool with_sysregs)
{
	int regs[31 + NFPRS];
	void *vals[31 + NFPRS];
	uint32_t pstate;

	memset(s, 0, sizeof(*s));
	state_regs(s, regs, vals);
	if (UC_CHECK(m, uc_reg_read_batch(m->uc, regs, vals, 31 + NFPRS)) ||
	    UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_PSTATE, &pstate)) ||
	    UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_PC, &s->pc)) ||
	    UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_SP, &s->gpr[31])))
		return MACHINE_EINTERNAL;
	s->pstate = pstate;
	for (unsigned int i = 0; with_sysregs && i < NSYSREGS; i++)
		if (sysreg_rw(m, i, &s->sysreg[i], false))
			return MACHINE_EINTERNAL;
	return 0;
}

/* As read_live, but [31] is the caller's SP_EL1 wherever the core is. */
static int read_state(struct machine *m, struct cpu_state *s)
{
	if (read_live(m, s, true))
		return MACHINE_EINTERNAL;
	/*
	 * The register file holds only the current SP; SP_EL1 is banked
	 * unless the core is at EL1 using SP_EL1.
	 */
	if (el_of(s->pstate) == 1 && (s->pstate & PSTATE_SP_BIT))
		return 0;
	return UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_SP_EL1, &s->gpr[31]));
}

/*
 * An AArch64 stub can write a system register only with MSR (register),
 * or with a SYS-class instruction (AT writes PAR_EL1, for one), or by
 * taking an exception (which ends the call as a fault; Unicorn's
 * interrupt hook stands in for the exception entry, which writes
 * nothing), SP_EL0 aside (read always, see read_post). Unicorn reports
 * both instruction classes before they execute, so the post-state needs
 * to read only the registers written, and the ones exception entry set;
 * a SYS instruction, or an MSR to a register outside the table, makes it
 * read them all. The hooks only observe (a non-zero return would skip
 * the instruction).
 */
static uint32_t on_msr(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user)
{
	struct machine *m = user;

	(void)uc, (void)reg;
	for (unsigned int i = 0; i < NSYSREGS; i++) {
		const struct sysreg *r = &sysregs[i];

		if (r->op0 == cp->op0 && r->op1 == cp->op1 && r->crn == cp->crn &&
		    r->crm == cp->crm && r->op2 == cp->op2) {
			m->sysregs_written |= UINT64_C(1) << i;
			/*
			 * HCR_EL2.VSE/VI/VF make a virtual exception pending, which
			 * QEMU takes to EL1 itself, writing EL1 registers on entry.
			 */
			if (i == R_HCR_EL2)
				m->sysregs_unknown = true;
			return 0;
		}
	}
	m->sysregs_unknown = true;
	return 0;
}

static uint32_t on_sys(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user)
{
	struct machine *m = user;

	(void)uc, (void)reg, (void)cp;
	m->sysregs_unknown = true;
	return 0;
}

static int read_post(struct machine *m, const struct cpu_state *pre, struct cpu_state *post)
{
	_Static_assert(NSYSREGS <= 64, "sysregs_written has a bit per sysreg");
	if (m->sysregs_unknown ||
	    (m->obs->end != END_RETURNED && m->obs->end != END_LANDED))
		return read_state(m, post);
	if (read_live(m, post, false))
		return MACHINE_EINTERNAL;
	if (!(el_of(post->pstate) == 1 && (post->pstate & PSTATE_SP_BIT)) &&
	    UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_SP_EL1, &post->gpr[31])))
		return MACHINE_EINTERNAL;
	for (unsigned int i = 0; i < NSYSREGS; i++) {
		/*
		 * SP_EL0 is also the SP of EL2t: after `msr spsel, #0` (not an
		 * MSR to a register, so not hooked), `mov sp` writes it.
		 */
		if (sysregs[i].group == SYSREG_EL2_SCRATCH || i == R_SP_EL0 ||
		    (m->sysregs_written >> i) & 1) {
			if (sysreg_rw(m, i, &post->sysreg[i], false))
				return MACHINE_EINTERNAL;
		} else {
			post->sysreg[i] = pre->sysreg[i];
		}
	}
	return 0;
}

/*
 * Exception entry, first half (called at the caller's hvc, PC already
 * past it). Unicorn caches the EL in its translation flags and does not
 * rebuild them when PSTATE is written, so the harness reaches EL2 for
 * real through one ERET in its trampoline page (EMULATION-NOTES.md):
 * PSTATE says EL2h, SPSR_EL2 says EL2h with DAIF masked, and the target
 * is put in ELR_EL1 too because the stale translation reads that one.
 */
static int take_hvc(struct machine *m)
{
	struct observation *o = m->obs;
	uint32_t pstate, insn;
	uint64_t pc, sp, sp_el2;

	if (UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_PSTATE, &pstate)) ||
	    UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_PC, &pc)) ||
	    UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_SP, &sp)) ||
	    UC_CHECK(m, uc_reg_read(m->uc, UC_ARM64_REG_SP_EL2, &sp_el2)) ||
	    UC_CHECK(m, uc_mem_read(m->uc, pc - A64_INSN_SIZE, &insn, sizeof(insn))))
		return MACHINE_EINTERNAL;
	/* Nothing but the caller's hvc has run: the system registers are the pre-state's. */
	m->saved_reg = o->pre.sysreg[R_ELR_EL1];

	/* ELR_EL2, SPSR_EL2, ESR_EL2 as the architecture defines them. */
	o->entry_elr = pc;
	o->entry_spsr = pstate;
	o->entry_syndrome = ((uint64_t)ESR_EC_HVC64 << ESR_EC_SHIFT) | ESR_IL_BIT |
			    ((insn >> 5) & ESR_ISS_HVC_IMM_MASK);

	if (reg_write(m, UC_ARM64_REG_SP_EL1, sp) ||	/* bank the caller's SP */
	    pstate_write(m, PSTATE_M_EL2H | PSTATE_DAIF_MASK) ||
	    reg_write(m, UC_ARM64_REG_SP, sp_el2) ||	/* SP_EL2 is now current */
	    sysreg_write(m, R_SPSR_EL2, PSTATE_M_EL2H | PSTATE_DAIF_MASK) ||
	    sysreg_write(m, R_ELR_EL2, TRAMPOLINE + A64_INSN_SIZE) ||
	    sysreg_write(m, R_ELR_EL1, TRAMPOLINE + A64_INSN_SIZE) ||
	    reg_write(m, UC_ARM64_REG_PC, TRAMPOLINE))
		return MACHINE_EINTERNAL;
	return 0;
}

/*
 * Second half: truly at EL2h now; give the stub what entry leaves behind.
 * Only the harness's trampoline has run since the hvc: VBAR_EL2 is the
 * pre-state's.
 */
static int finish_entry(struct machine *m)
{
	const struct observation *o = m->obs;
	uint64_t vbar = o->pre.sysreg[R_VBAR_EL2];

	if (sysreg_write(m, R_ELR_EL1, m->saved_reg) ||
	    sysreg_write(m, R_ELR_EL2, o->entry_elr) ||
	    sysreg_write(m, R_SPSR_EL2, o->entry_spsr) ||
	    sysreg_write(m, R_ESR_EL2, o->entry_syndrome) ||
	    reg_write(m, UC_ARM64_REG_PC, vbar + VECTOR_LOWER_A64_SYNC))
		return MACHINE_EINTERNAL;
	return 0;
}

static const char *mode_name(uint32_t pstate)
{
	if (pstate & PSTATE_NRW_BIT)
		return "AArch32";
	switch (pstate & PSTATE_M_MASK) {
	case PSTATE_M_EL1H: return "EL1h";
	case PSTATE_M_EL1T: return "EL1t";
	case PSTATE_M_EL2H: return "EL2h";
	case PSTATE_M_EL2T: return "EL2t";
	case 0:		    return "EL0t";
	default:	    return "EL3";
	}
}

const struct arch_ops aarch64_ops = {
	.name = "arm64",
	.uc_arch = UC_ARCH_ARM64,
	.uc_mode = UC_MODE_ARM,
	.uc_cpu = UC_CPU_ARM64_A57,
	.addr_limit = ULL(1) << 39,	/* what the harness's EL2 identity map covers */
	.vector_align = VBAR_ALIGN,
	.hvc_vector = VECTOR_LOWER_A64_SYNC,
	.insn_align = A64_INSN_SIZE,
	.hvc_size = A64_INSN_SIZE,
	.has_thumb = false,
	.reg_bits = 64,
	.fill_insn = A64_UDF_0,
	.landing_insn = A64_B_SELF,
	.ngprs = NGPRS,
	.gpr_names = gpr_names,
	.clobber_gprs = MASK64(0, 19),	/* x0..x18 */
	.clobber_text = "x0-x18 and NZCV",
	.nfprs = NFPRS,
	.fpr_names = fpr_names,
	.ret_gpr = 0,
	.sp_gpr = 31,
	.sysregs = sysregs,
	.nsysregs = NSYSREGS,
	.vbar = R_VBAR_EL2,
	.el2_sctlr = R_SCTLR_EL2,
	.el2_mmu_bit = SCTLR_M_BIT,
	.return_mode_mask = PSTATE_M_MASK | PSTATE_DAIF_MASK,
	.exception_masks = PSTATE_DAIF_MASK,
	.flags_mask = PSTATE_NZCV_MASK,
	.restart_moves = restart_moves,
	.nrestart_moves = sizeof(restart_moves) / sizeof(restart_moves[0]),
	.setup = setup,
	.set_caller_state = set_caller_state,
	.enable_el2_mmu = enable_el2_mmu,
	.read_state = read_state,
	.read_live = read_live,
	.read_post = read_post,
	.take_hvc = take_hvc,
	.finish_entry = finish_entry,
	.el_of = el_of,
	.mode_name = mode_name,
};

/*
 * The AArch64 emulator side: an A57 with EL2 and EL3, the caller at EL1h
 * (or, on a core with VHE, at EL2h itself), and the exception entry for
 * `hvc #imm` from EL1 or EL2 to EL2 that Unicorn does not perform (Arm
 * ARM D1.10, "Exception entry").
 */
#include <stdio.h>
#include <string.h>

#include "emu.h"
#include "layout.h"
#include "regs.h"
#include "sysregs.h"
#include "vhe.h"

/*
 * The system registers Unicorn reads and writes as plain fields of the
 * CPU state by an id of their own: no look-up of the register by its
 * encoding, and no QEMU write function. TTBR0/1_EL1's would drop every
 * cached translation on a change of ASID, which each case draws; the
 * harness flushes itself where it turns that regime on (enable_el1_mmu).
 * The rest go through UC_ARM64_REG_CP_REG, as the stub's own msr does.
 */
static const int direct_id[NSYSREGS] = {
	[R_TTBR0_EL1] = UC_ARM64_REG_TTBR0_EL1, [R_TTBR1_EL1] = UC_ARM64_REG_TTBR1_EL1,
	[R_MAIR_EL1] = UC_ARM64_REG_MAIR_EL1, [R_PAR_EL1] = UC_ARM64_REG_PAR_EL1,
	[R_TPIDR_EL0] = UC_ARM64_REG_TPIDR_EL0, [R_TPIDRRO_EL0] = UC_ARM64_REG_TPIDRRO_EL0,
	[R_TPIDR_EL1] = UC_ARM64_REG_TPIDR_EL1,
	[R_ELR_EL1] = UC_ARM64_REG_ELR_EL1, [R_ESR_EL1] = UC_ARM64_REG_ESR_EL1,
	[R_FAR_EL1] = UC_ARM64_REG_FAR_EL1,
	[R_ELR_EL2] = UC_ARM64_REG_ELR_EL2, [R_ESR_EL2] = UC_ARM64_REG_ESR_EL2,
};

static int sysreg_rw(struct core *core, unsigned int i, uint64_t *val, bool write)
{
	const struct sysreg *r = &aarch64_sysregs[i];
	uc_arm64_cp_reg cp = {
		.op0 = r->op0, .op1 = r->op1, .crn = r->crn, .crm = r->crm,
		.op2 = r->op2, .val = write ? *val : 0,
	};

	if (direct_id[i] != UC_ARM64_REG_INVALID)
		return write ? UC_CHECK(core, uc_reg_write(core->uc, direct_id[i], val)) :
			       UC_CHECK(core, uc_reg_read(core->uc, direct_id[i], val));
	if (write)
		return UC_CHECK(core, uc_reg_write(core->uc, UC_ARM64_REG_CP_REG, &cp));
	if (UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_CP_REG, &cp)))
		return CORE_EINTERNAL;
	*val = cp.val;
	return 0;
}

static int sysreg_write(struct core *core, unsigned int i, uint64_t val)
{
	return sysreg_rw(core, i, &val, true);
}

static int reg_write(struct core *core, int reg, uint64_t val)
{
	return UC_CHECK(core, uc_reg_write(core->uc, reg, &val));
}

static int pstate_write(struct core *core, uint32_t val)
{
	return UC_CHECK(core, uc_reg_write(core->uc, UC_ARM64_REG_PSTATE, &val));
}

static int mem_write32(struct core *core, uint64_t addr, const uint32_t *w, size_t n)
{
	return UC_CHECK(core, uc_mem_write(core->uc, addr, w, n * sizeof(*w)));
}

/* Level 1 blocks of 1 GiB mapping VA to the same PA, with attribute index attr. */
static int write_identity_map(struct core *core, uint64_t where, uint64_t attr)
{
	uint64_t table[PAGE_SIZE / sizeof(uint64_t)];

	for (uint64_t i = 0; i < PAGE_SIZE / sizeof(uint64_t); i++)
		table[i] = (i << TT_L1_BLOCK_SHIFT) | TT_AF_BIT | TT_SH_INNER |
			   (attr << TT_ATTRINDX_SHIFT) | TT_TYPE_BLOCK;
	return UC_CHECK(core, uc_mem_write(core->uc, where, table, sizeof(table)));
}

static uint32_t on_msr(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user);
static uint32_t on_sys(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user);
static uint32_t on_mrs(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user);

static int setup(struct core *core)
{
	static const uint32_t caller[] = { A64_HVC_0, A64_NOP };
	static const uint32_t trampoline[] = { A64_ERET, A64_UDF_0 };
	/* SCR_EL3: EL2 and EL1 are non-secure AArch64 and hvc is enabled. */
	uc_arm64_cp_reg scr = { .op0 = 3, .op1 = 6, .crn = 1, .crm = 1, .op2 = 0,
				.val = SCR_NS_BIT | SCR_HCE_BIT | SCR_RW_BIT };

	if (UC_CHECK(core, uc_reg_write(core->uc, UC_ARM64_REG_CP_REG, &scr)) ||
	    mem_write32(core, CALLER_CODE, caller, 2) ||
	    mem_write32(core, TRAMPOLINE, trampoline, 2) ||
	    write_identity_map(core, HARNESS_PGTABLE, 0) ||
	    write_identity_map(core, HARNESS_EL1_PGTABLE, HARNESS_EL1_ATTRINDX))
		return CORE_EINTERNAL;
	for (unsigned int i = 0; i < NSYSREGS; i++)
		if (sysreg_write(core, i, i == R_VBAR_EL2 ? core->vectors : aarch64_sysregs[i].init))
			return CORE_EINTERNAL;
	/* No stack is promised to the stub at EL2. */
	if (reg_write(core, UC_ARM64_REG_SP_EL2, 0))
		return CORE_EINTERNAL;
	{
		uc_hook h;

		if (UC_CHECK(core, uc_hook_add(core->uc, &h, UC_HOOK_INSN, (void *)on_msr, core, 1, 0,
					    UC_ARM64_INS_MSR)) ||
		    UC_CHECK(core, uc_hook_add(core->uc, &h, UC_HOOK_INSN, (void *)on_sys, core, 1, 0,
					    UC_ARM64_INS_SYS)) ||
		    UC_CHECK(core, uc_hook_add(core->uc, &h, UC_HOOK_INSN, (void *)on_mrs, core, 1, 0,
					    UC_ARM64_INS_MRS)))
			return CORE_EINTERNAL;
	}
	return pstate_write(core, PSTATE_M_EL1H | PSTATE_DAIF_MASK);
}

/* Unicorn's id of xn, n < 31. */
int aarch64_xreg_id(unsigned int n)
{
	/* X29 and X30 are not contiguous with X0..X28 in Unicorn's enum. */
	return n == 29 ? UC_ARM64_REG_X29 : n == 30 ? UC_ARM64_REG_X30 : UC_ARM64_REG_X0 + (int)n;
}

/* x0..x30 and d8..d15 of s, as Unicorn register ids and value pointers. */
static void state_regs(const struct cpu_state *s, int regs[31 + NFPRS], void *vals[31 + NFPRS])
{
	for (unsigned int i = 0; i < 31; i++) {
		regs[i] = aarch64_xreg_id(i);
		vals[i] = (void *)&s->gpr[i];
	}
	for (int i = 0; i < NFPRS; i++) {
		regs[31 + i] = UC_ARM64_REG_D8 + i;
		vals[31 + i] = (void *)&s->fpr[i];
	}
}

/* The FP/SIMD registers: q0..q31 (q8..q15's low halves are d8..d15), FPCR, FPSR. */
#define NQREGS		32
#define NFP_WRITES	(NQREGS + NFPCTL)
_Static_assert(NFP_FREE == 2 * NQREGS && NFP_FREE <= STATE_MAX_FP_FREE, "q0..q31 in halves");

static int set_caller_state(struct core *core, const struct cpu_state *s, bool thumb)
{
	int regs[31 + NFP_WRITES];
	void *vals[31 + NFP_WRITES];
	uint64_t q[NQREGS][2];
	uint32_t fpctl[NFPCTL] = { (uint32_t)s->fpctl[0], (uint32_t)s->fpctl[1] };
	uint32_t pstate = PSTATE_M_EL1H |
			  (s->pstate & (PSTATE_DAIF_MASK | PSTATE_NZCV_MASK));

	(void)thumb;
	state_regs(s, regs, (void **)vals);
	for (unsigned int i = 0; i < NQREGS; i++) {
		q[i][0] = i >= 8 && i < 8 + NFPRS ? s->fpr[i - 8] : s->fp_free[2 * i];
		q[i][1] = s->fp_free[2 * i + 1];
		regs[31 + i] = UC_ARM64_REG_Q0 + (int)i;
		vals[31 + i] = q[i];
	}
	regs[31 + NQREGS] = UC_ARM64_REG_FPCR;
	vals[31 + NQREGS] = &fpctl[0];
	regs[31 + NQREGS + 1] = UC_ARM64_REG_FPSR;
	vals[31 + NQREGS + 1] = &fpctl[1];
	if (UC_CHECK(core, uc_reg_write_batch(core->uc, regs, (void *const *)vals, 31 + NFP_WRITES)) ||
	    pstate_write(core, pstate) ||
	    /* At EL1h the current SP is SP_EL1. */
	    reg_write(core, UC_ARM64_REG_SP, s->gpr[31]) ||
	    reg_write(core, UC_ARM64_REG_PC, CALLER_CODE))
		return CORE_EINTERNAL;
	return 0;
}

/* The EL2 and EL1 system registers a call starts from, where they are not base's. */
static int set_base(struct core *core, const uint64_t *sysreg, const uint64_t *base)
{
	for (unsigned int i = 0; i < NSYSREGS; i++)
		if (sysreg[i] != base[i] && sysreg_write(core, i, sysreg[i]))
			return CORE_EINTERNAL;
	return 0;
}

static int flush_translations(struct core *core)
{
	return aarch64_flush_translations(core);
}

static int enable_el2_mmu(struct core *core)
{
	uint64_t sctlr;

	if (sysreg_rw(core, R_SCTLR_EL2, &sctlr, false))
		return CORE_EINTERNAL;
	return sysreg_write(core, R_SCTLR_EL2, sctlr | SCTLR_M_BIT);
}

/*
 * The caller as the kernel is when it calls FINALISE_EL2: at EL1 with its
 * MMU on. TTBR0_EL1 = the harness's EL1 identity map (its TCR_EL1, a
 * kernel's, walks TTBR0 from level 1 with a 4 KiB granule); SCTLR_EL1.M
 * and C = 1. Translations cached from an earlier call go.
 */
static int enable_el1_mmu(struct core *core, struct cpu_state *pre)
{
	_Static_assert(HARNESS_EL1_ATTRINDX == 1, "MAIR_EL1's attribute 1 is Normal write-back");
	pre->sysreg[R_TTBR0_EL1] = HARNESS_EL1_PGTABLE;
	pre->sysreg[R_SCTLR_EL1] |= SCTLR_M_BIT | SCTLR_C_BIT;
	if (sysreg_write(core, R_TTBR0_EL1, pre->sysreg[R_TTBR0_EL1]) ||
	    sysreg_write(core, R_SCTLR_EL1, pre->sysreg[R_SCTLR_EL1]) ||
	    aarch64_flush_translations(core))
		return CORE_EINTERNAL;
	return 0;
}

/*
 * The caller at EL2h as a VHE kernel runs: HCR_EL2.E2H and TGE set
 * (HCR_HOST_VHE_FLAGS), the EL2 MMU as the call input left it, its own
 * stack in SP_EL2 and its masks and flags. Linux made the call from there
 * in v5.13-v5.19 (head.S's __cpu_stick_to_vhe, entered by an eret); the
 * boot stub takes it at VBAR_EL2 + 0x200. Unicorn caches the EL, so the
 * run begins at the harness's eret (as take_hvc's entry does) with the
 * caller's hvc as its target, in ELR_EL1 too (the stale translation
 * reads that one); finish_entry puts the caller's ELR_EL1 back. What that
 * eret leaves in ELR_EL2/SPSR_EL2 is the caller's own; its hvc
 * overwrites them, as the architecture does.
 */
static int enter_el2_caller(struct core *core, struct cpu_state *pre, uint64_t sp,
			    uint64_t *start)
{
	uint32_t pstate = PSTATE_M_EL2H | (pre->pstate & (PSTATE_DAIF_MASK | PSTATE_NZCV_MASK));

	if (!core->vhe) {
		snprintf(core->errmsg, sizeof(core->errmsg),
			 "a caller at EL2 needs HCR_EL2.E2H: the core has no VHE");
		return core->error = CORE_EINTERNAL;
	}
	pre->pstate = pstate;
	pre->sysreg[R_HCR_EL2] |= HCR_E2H_BIT | HCR_TGE_BIT;
	pre->sysreg[R_ELR_EL2] = pre->pc;
	pre->sysreg[R_SPSR_EL2] = pstate;
	if (sysreg_write(core, R_HCR_EL2, pre->sysreg[R_HCR_EL2]) ||
	    reg_write(core, UC_ARM64_REG_SP_EL1, pre->gpr[31]) ||	/* bank the EL1 SP */
	    pstate_write(core, PSTATE_M_EL2H | PSTATE_DAIF_MASK) ||
	    reg_write(core, UC_ARM64_REG_SP, sp) ||			/* the eret banks it */
	    sysreg_write(core, R_SPSR_EL2, pstate) ||
	    sysreg_write(core, R_ELR_EL2, pre->pc) ||
	    sysreg_write(core, R_ELR_EL1, pre->pc))
		return CORE_EINTERNAL;
	*start = TRAMPOLINE;
	return 0;
}

static int set_el2_sp(struct core *core, uint64_t sp)
{
	return reg_write(core, UC_ARM64_REG_SP_EL2, sp);
}

static int read_live(struct core *core, struct cpu_state *s, bool with_sysregs)
{
	int regs[31 + NFPRS + NFPCTL];
	void *vals[31 + NFPRS + NFPCTL];
	uint32_t pstate, fpctl[NFPCTL];

	memset(s, 0, sizeof(*s));
	state_regs(s, regs, vals);
	/* FPCR and FPSR are 32-bit registers in the API, as PSTATE is. */
	regs[31 + NFPRS] = UC_ARM64_REG_FPCR;
	vals[31 + NFPRS] = &fpctl[0];
	regs[31 + NFPRS + 1] = UC_ARM64_REG_FPSR;
	vals[31 + NFPRS + 1] = &fpctl[1];
	if (UC_CHECK(core, uc_reg_read_batch(core->uc, regs, vals, 31 + NFPRS + NFPCTL)) ||
	    UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_PSTATE, &pstate)) ||
	    UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_PC, &s->pc)) ||
	    UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_SP, &s->gpr[31])))
		return CORE_EINTERNAL;
	s->pstate = pstate;
	s->fpctl[0] = fpctl[0];
	s->fpctl[1] = fpctl[1];
	for (unsigned int i = 0; with_sysregs && i < NSYSREGS; i++)
		if (sysreg_rw(core, i, &s->sysreg[i], false))
			return CORE_EINTERNAL;
	return 0;
}

/* As read_live, but [31] is the caller's SP_EL1 wherever the core is. */
static int read_state(struct core *core, struct cpu_state *s)
{
	if (read_live(core, s, true))
		return CORE_EINTERNAL;
	/*
	 * The register file holds only the current SP; SP_EL1 is banked
	 * unless the core is at EL1 using SP_EL1.
	 */
	if (aarch64_desc.el_of(s->pstate) == 1 && (s->pstate & PSTATE_SP_BIT))
		return 0;
	return UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_SP_EL1, &s->gpr[31]));
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
	struct core *core = user;

	(void)uc;
	/* An EL1 name redirected to EL2 by HCR_EL2.E2H (vhe.c): done, skip it. */
	if (vhe_redirect(core, reg, cp, true))
		return 1;
	for (unsigned int i = 0; i < NSYSREGS; i++) {
		const struct sysreg *r = &aarch64_sysregs[i];

		if (r->op0 == cp->op0 && r->op1 == cp->op1 && r->crn == cp->crn &&
		    r->crm == cp->crm && r->op2 == cp->op2) {
			core->sysregs_written |= UINT64_C(1) << i;
			/*
			 * HCR_EL2.VSE/VI/VF make a virtual exception pending, which
			 * QEMU takes to EL1 itself, writing EL1 registers on entry.
			 */
			if (i == R_HCR_EL2)
				core->sysregs_unknown = true;
			return 0;
		}
	}
	core->sysregs_unknown = true;
	return 0;
}

static uint32_t on_sys(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user)
{
	struct core *core = user;

	(void)uc, (void)reg, (void)cp;
	core->sysregs_unknown = true;
	return 0;
}

/*
 * The core's feature register as hypabi's core is: the GICv3 system
 * register interface present (hypabi supplies ICH_VTR_EL2, and QEMU's
 * GICv3 board reports it), and no SVE. Unicorn 2.0.1's 'max' reports SVE
 * but leaves its vector lengths unset: a ZCR_EL2 write, which a v6.x
 * FINALISE_EL2 makes when SVE is there, aborts the process in QEMU's
 * sve_zcr_get_valid_len (measured). EL3 leaves CPTR_EL3.EZ 0, as firmware
 * for a core without SVE does, so such a write traps instead.
 */
static uint64_t pfr0_as_modelled(uint64_t pfr0)
{
	return (pfr0 & ~(ID_AA64PFR0_GIC_MASK | ID_AA64PFR0_SVE_MASK)) |
	       ID_AA64PFR0_GIC_V3 << ID_AA64PFR0_GIC_SHIFT;
}

static uint32_t on_mrs(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user)
{
	struct core *core = user;
	uc_arm64_cp_reg pfr0 = { .op0 = ID_AA64PFR0_EL1_OP0, .op1 = ID_AA64PFR0_EL1_OP1,
				 .crn = ID_AA64PFR0_EL1_CRN, .crm = ID_AA64PFR0_EL1_CRM,
				 .op2 = ID_AA64PFR0_EL1_OP2 };

	if (vhe_redirect(core, reg, cp, false))
		return 1;	/* an EL1 name redirected to EL2 by E2H (vhe.c) */
	if (cp->op0 != pfr0.op0 || cp->op1 != pfr0.op1 || cp->crn != pfr0.crn ||
	    cp->crm != pfr0.crm || cp->op2 != pfr0.op2)
		return 0;
	if (UC_CHECK(core, uc_reg_read(uc, UC_ARM64_REG_CP_REG, &pfr0)))
		return 0;
	pfr0.val = pfr0_as_modelled(pfr0.val);
	if (reg != UC_ARM64_REG_XZR)
		reg_write(core, reg, pfr0.val);
	return 1;	/* done: skip the instruction */
}

/*
 * An ID register as the stub's MRS reads it: Unicorn's, PFR0 as on_mrs
 * gives it. -1 if Unicorn has no such register (the caller then claims
 * nothing of it; the core is left as it was).
 */
static int read_id(struct core *core, const struct id_gate *g, uint64_t *val)
{
	uc_arm64_cp_reg cp = { .op0 = g->op0, .op1 = g->op1, .crn = g->crn, .crm = g->crm,
			       .op2 = g->op2 };

	if (uc_reg_read(core->uc, UC_ARM64_REG_CP_REG, &cp) != UC_ERR_OK)
		return -1;
	if (cp.op0 == ID_AA64PFR0_EL1_OP0 && cp.op1 == ID_AA64PFR0_EL1_OP1 &&
	    cp.crn == ID_AA64PFR0_EL1_CRN && cp.crm == ID_AA64PFR0_EL1_CRM &&
	    cp.op2 == ID_AA64PFR0_EL1_OP2)
		cp.val = pfr0_as_modelled(cp.val);
	*val = cp.val;
	return 0;
}

/* SP_EL2: the current SP at EL2h, else its bank. */
static int read_sp_el2(struct core *core, uint64_t *sp)
{
	uint32_t pstate;

	if (UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_PSTATE, &pstate)))
		return CORE_EINTERNAL;
	return UC_CHECK(core, uc_reg_read(core->uc, (pstate & PSTATE_M_MASK) == PSTATE_M_EL2H ?
					  UC_ARM64_REG_SP : UC_ARM64_REG_SP_EL2, sp));
}

/* TTBR1_EL2, on a core that has it (VHE): a register outside the shared table. */
static int read_vhe_only(struct core *core)
{
	static const struct { uint8_t op0, op1, crn, crm, op2; } ttbr1_el2 = { TTBR1_EL2_FIELDS };
	uc_arm64_cp_reg cp = { .op0 = ttbr1_el2.op0, .op1 = ttbr1_el2.op1, .crn = ttbr1_el2.crn,
			       .crm = ttbr1_el2.crm, .op2 = ttbr1_el2.op2 };

	if (!core->vhe)
		return 0;
	if (UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_CP_REG, &cp)))
		return CORE_EINTERNAL;
	core->obs->vhe_only_reg = cp.val;
	core->obs->vhe_only_read = true;
	return 0;
}

static int read_post(struct core *core, const struct cpu_state *pre, struct cpu_state *post)
{
	_Static_assert(NSYSREGS <= 64, "sysregs_written has a bit per sysreg");
	/* SP_EL2 where a call ends at EL2h (FINALISE_EL2): read_state gives SP_EL1. */
	if (UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_SP, &core->obs->end_sp)) ||
	    read_sp_el2(core, &core->obs->hyp_sp_post) || read_vhe_only(core))
		return CORE_EINTERNAL;
	if (core->sysregs_unknown ||
	    (core->obs->end != END_RETURNED && core->obs->end != END_LANDED))
		return read_state(core, post);
	if (read_live(core, post, false))
		return CORE_EINTERNAL;
	if (!(aarch64_desc.el_of(post->pstate) == 1 && (post->pstate & PSTATE_SP_BIT)) &&
	    UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_SP_EL1, &post->gpr[31])))
		return CORE_EINTERNAL;
	for (unsigned int i = 0; i < NSYSREGS; i++) {
		/*
		 * SP_EL0 is also the SP of EL2t: after `msr spsel, #0` (not an
		 * MSR to a register, so not hooked), `mov sp` writes it.
		 */
		if (aarch64_sysregs[i].group == SYSREG_EL2_SCRATCH || i == R_SP_EL0 ||
		    (core->sysregs_written >> i) & 1) {
			if (sysreg_rw(core, i, &post->sysreg[i], false))
				return CORE_EINTERNAL;
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
static int take_hvc(struct core *core)
{
	struct observation *o = core->obs;
	uint32_t pstate, insn;
	uint64_t pc, sp, sp_el2;
	bool from_el2;

	if (UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_PSTATE, &pstate)) ||
	    UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_PC, &pc)) ||
	    UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_SP, &sp)) ||
	    UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_SP_EL2, &sp_el2)) ||
	    UC_CHECK(core, uc_mem_read(core->uc, pc - A64_INSN_SIZE, &insn, sizeof(insn))))
		return CORE_EINTERNAL;
	/* Nothing but the caller's hvc has run: the system registers are the pre-state's. */
	core->saved_reg = o->pre.sysreg[R_ELR_EL1];
	/* A caller at EL2h stays on its SP (SP_EL2): no other SP becomes current. */
	from_el2 = aarch64_desc.el_of(pstate) == 2;

	/* ELR_EL2, SPSR_EL2, ESR_EL2 as the architecture defines them. */
	o->entry_elr = pc;
	o->entry_spsr = pstate;
	o->entry_syndrome = ((uint64_t)ESR_EC_HVC64 << ESR_EC_SHIFT) | ESR_IL_BIT |
			    ((insn >> 5) & ESR_ISS_HVC_IMM_MASK);

	if ((!from_el2 && reg_write(core, UC_ARM64_REG_SP_EL1, sp)) ||	/* bank the caller's SP */
	    pstate_write(core, PSTATE_M_EL2H | PSTATE_DAIF_MASK) ||
	    (!from_el2 && reg_write(core, UC_ARM64_REG_SP, sp_el2)) ||	/* SP_EL2 is now current */
	    sysreg_write(core, R_SPSR_EL2, PSTATE_M_EL2H | PSTATE_DAIF_MASK) ||
	    sysreg_write(core, R_ELR_EL2, TRAMPOLINE + A64_INSN_SIZE) ||
	    sysreg_write(core, R_ELR_EL1, TRAMPOLINE + A64_INSN_SIZE) ||
	    reg_write(core, UC_ARM64_REG_PC, TRAMPOLINE))
		return CORE_EINTERNAL;
	return 0;
}

/*
 * Second half: truly at EL2h now; give the stub what entry leaves behind.
 * Only the harness's trampoline has run since the hvc: VBAR_EL2 is the
 * pre-state's.
 */
static int finish_entry(struct core *core)
{
	const struct observation *o = core->obs;
	uint64_t vbar = o->pre.sysreg[R_VBAR_EL2];
	/* An hvc from EL2 itself is taken to the current EL's (SP_ELx) vector. */
	uint32_t offset = aarch64_desc.el_of((uint32_t)o->entry_spsr) == 2 ?
			  VECTOR_CUR_SPX_SYNC : VECTOR_LOWER_A64_SYNC;

	if (sysreg_write(core, R_ELR_EL1, core->saved_reg) ||
	    sysreg_write(core, R_ELR_EL2, o->entry_elr) ||
	    sysreg_write(core, R_SPSR_EL2, o->entry_spsr) ||
	    sysreg_write(core, R_ESR_EL2, o->entry_syndrome) ||
	    reg_write(core, UC_ARM64_REG_PC, vbar + offset))
		return CORE_EINTERNAL;
	return 0;
}

/*
 * An instruction the emulated core does not have. The one modelled is a
 * read of ICH_VTR_EL2 at EL2, which Linux's boot stub makes for
 * HVC_GET_ICH_VTR_EL2 (v6.19+) and which every GICv3 CPU interface
 * answers; the A57 model has none, so its MRS is UNDEFINED. Unicorn
 * reports that through the interrupt hook with pc at the MRS and takes
 * no exception (ELR, SPSR, ESR untouched), so writing Xt and pc here
 * completes the instruction. Measured on 2.0.1: the run resumes at the
 * new pc, at once and on every later call through the cached block; the
 * block hook counted the block that ends at the MRS, MRS included, so
 * the instruction count is exact; the code hook saw the MRS before the
 * hook ran. Xt is a general register, which read_post always reads. An
 * MSR to it (it is read-only) and a read below EL2 stay UNDEFINED, as
 * they are on a core that has it; so does every other register. The
 * CPU interface is taken to be as Linux runs it: its system register
 * interface enabled at EL2 (ICC_SRE_EL2.SRE 1, Documentation/arch/arm64/
 * booting.rst).
 */
static bool emulate_undef(struct core *core, uint64_t pc)
{
	uint32_t pstate, insn, rt;

	if (UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_PSTATE, &pstate)))
		return true;
	if (aarch64_desc.el_of(pstate) != 2 ||
	    uc_mem_read(core->uc, pc, &insn, sizeof(insn)) != UC_ERR_OK)
		return false;
	/* An *_EL12 name with HCR_EL2.E2H set, on a core with VHE (vhe.c). */
	if (vhe_emulate_el12(core, insn)) {
		reg_write(core, UC_ARM64_REG_PC, pc + A64_INSN_SIZE);
		return true;
	}
	if ((insn & ~A64_RT_MASK) != A64_MRS_ICH_VTR_EL2)
		return false;
	rt = insn & A64_RT_MASK;
	if (rt != A64_XZR)
		reg_write(core, aarch64_xreg_id(rt), core->ich_vtr);
	reg_write(core, UC_ARM64_REG_PC, pc + A64_INSN_SIZE);
	return true;
}

static uint64_t read_pc(struct core *core)
{
	uint64_t pc = 0;

	UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_PC, &pc));
	return pc;
}

static uint32_t note_block(struct core *core, uint64_t addr, uint32_t size)
{
	(void)core, (void)addr;
	return size / A64_INSN_SIZE;
}

static uint32_t insn_size_before(struct core *core, uint64_t pc, enum exception_kind kind)
{
	(void)core, (void)pc, (void)kind;
	return A64_INSN_SIZE;
}

/* Unicorn's model of each of aarch64_desc.cpus. */
static const int cpus[] = { UC_CPU_ARM64_A57, UC_CPU_ARM64_MAX };

const struct arch_emu aarch64_emu = {
	.desc = &aarch64_desc,
	.engine = { UC_ARCH_ARM64, UC_MODE_ARM, cpus },
	ARCH_EMU_COMMON_OPS,
	.write_sysreg = sysreg_write,
	.emulate_undef = emulate_undef, .read_id = read_id,
	.enable_el1_mmu = enable_el1_mmu,
	.enter_el2_caller = enter_el2_caller,
};

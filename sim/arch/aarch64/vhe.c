/*
 * FEAT_VHE (ARMv8.1 Virtualization Host Extensions) as hypabi's 'max'
 * core has it. Unicorn 2.0.1's 'max' says VH = 1 in ID_AA64MMFR1_EL1,
 * lets HCR_EL2.E2H be set and then translates EL2 code in the EL2&0
 * regime (TTBR0_EL2/TTBR1_EL2), but two parts of the architecture are
 * compiled out of it (measured; EMULATION-NOTES.md):
 *
 * - Redirection. At EL2 with HCR_EL2.E2H 1, an MRS/MSR that names an
 *   EL1 register in the table below accesses the EL2 register instead
 *   (Arm ARM DDI 0487, each register's "Accessing" pseudocode, e.g.
 *   SCTLR_EL1: "elsif PSTATE.EL == EL2 then if HCR_EL2.E2H == '1' then
 *   X[t] = SCTLR_EL2"; the table below is the registers of FEAT_VHE
 *   itself whose pseudocode has that clause). Unicorn accesses the EL1
 *   register.
 * - The *_EL12 names (op1 5, the EL1 register's CRn/CRm/op2). At EL2
 *   with E2H 1 they reach the EL1 register; with E2H 0 they are
 *   UNDEFINED (the same pseudocode, SCTLR_EL12: "elsif PSTATE.EL == EL2
 *   then if HCR_EL2.E2H == '1' then X[t] = SCTLR_EL1 else UNDEFINED").
 *   Unicorn has none: every one is UNDEFINED.
 *
 * Unicorn reports an MRS/MSR to its instruction hook before it looks the
 * register up: for a register it has, the hook can do the access and
 * skip the instruction (measured). For one it lacks, a skip re-runs the
 * block (the UNDEFINED path leaves no way on), so an *_EL12 access is
 * taken where Unicorn says it is UNDEFINED (emu.c's emulate_undef), as
 * ICH_VTR_EL2 is.
 *
 * Accesses go through Unicorn's raw register interface, which skips the
 * side effects QEMU's own write functions have: a write to a translation
 * control register is followed here by TLBI ALLE2 and ALLE1, which the
 * architecture makes unnecessary only after the stub's own TLB
 * maintenance, so that the next access is translated with the new value
 * (a stale identity translation would hide a wrong TTBR). The cached
 * translation flags are rebuilt by the next exception return, as on the
 * stub's path (FINALISE_EL2 returns with eret).
 *
 * Not supplied: the EL0 timer names' redirection to the EL2 timers
 * (CNTP_*_EL0 -> CNTHP_*_EL2; Unicorn has the *_EL02 names), and the
 * registers of features the core does not report (TCR2, PIR, ZCR with
 * SVE hidden, TRFCR ...): no boot stub reaches them on this core.
 * Unicorn 2.0.1's FP access check never traps (CPTR_EL2's format under
 * E2H does not matter to it).
 */
#include "vhe.h"

#include "regs.h"

struct sysreg_enc {
	uint8_t op0, op1, crn, crm, op2;
};

/*
 * EL1 register name -> the EL2 register E2H redirects it to. The *_EL12
 * name of each is the EL1 encoding with op1 A64_OP1_EL12.
 */
static const struct vhe_pair {
	const char *el1_name;
	struct sysreg_enc el1, el2;
	bool translation;	/* a control of the translation regime */
} pairs[] = {
#define ENC(op0, op1, crn, crm, op2)	{ op0, op1, crn, crm, op2 }
#define VHE_PAIR(name, el1, el2, translation)	{ #name, el1, el2, translation },
#include "vhe_pairs.def"
#undef VHE_PAIR
#undef ENC
};

static bool same(const struct sysreg_enc *e, unsigned int op0, unsigned int op1,
		 unsigned int crn, unsigned int crm, unsigned int op2)
{
	return e->op0 == op0 && e->op1 == op1 && e->crn == crn && e->crm == crm && e->op2 == op2;
}

static int cp_rw(struct core *core, const struct sysreg_enc *e, uint64_t *val, bool write)
{
	uc_arm64_cp_reg cp = { .op0 = e->op0, .op1 = e->op1, .crn = e->crn, .crm = e->crm,
			       .op2 = e->op2, .val = write ? *val : 0 };

	if (write)
		return UC_CHECK(core, uc_reg_write(core->uc, UC_ARM64_REG_CP_REG, &cp));
	if (UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_CP_REG, &cp)))
		return CORE_EINTERNAL;
	*val = cp.val;
	return 0;
}

/* At EL2 with HCR_EL2.E2H 1, on a core with VHE. */
static bool e2h_at_el2(struct core *core)
{
	static const struct sysreg_enc hcr = { 3, 4, 1, 1, 0 };
	uint32_t pstate;
	uint64_t hcr_el2;

	if (!core->vhe ||
	    UC_CHECK(core, uc_reg_read(core->uc, UC_ARM64_REG_PSTATE, &pstate)) ||
	    ((pstate >> PSTATE_EL_SHIFT) & PSTATE_EL_MASK) != 2 ||
	    cp_rw(core, &hcr, &hcr_el2, false))
		return false;
	return (hcr_el2 & HCR_E2H_BIT) != 0;
}

int aarch64_flush_translations(struct core *core)
{
	static const struct sysreg_enc alle2 = { TLBI_ALLE2_FIELDS }, alle1 = { TLBI_ALLE1_FIELDS };
	uint64_t zero = 0;

	return cp_rw(core, &alle2, &zero, true) || cp_rw(core, &alle1, &zero, true) ?
	       CORE_EINTERNAL : 0;
}

/* reg := target's value (MRS), or target := val (MSR). */
static void do_access(struct core *core, const struct vhe_pair *p, const struct sysreg_enc *target,
		   int reg, uint64_t *val, bool write)
{
	uint64_t v;

	if (write) {
		if (cp_rw(core, target, val, true))
			return;
		/* read_post reads every system register after this call. */
		core->sysregs_unknown = true;
		if (p->translation)
			aarch64_flush_translations(core);
		return;
	}
	if (cp_rw(core, target, &v, false))
		return;
	if (reg != UC_ARM64_REG_XZR)
		UC_CHECK(core, uc_reg_write(core->uc, reg, &v));
}

bool vhe_redirect(struct core *core, int reg, const uc_arm64_cp_reg *cp, bool write)
{
	uint64_t val = cp->val;

	if (!core->vhe || cp->op1 != A64_OP1_EL1)
		return false;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct vhe_pair *p = &pairs[i];

		if (!same(&p->el1, cp->op0, cp->op1, cp->crn, cp->crm, cp->op2))
			continue;
		if (!e2h_at_el2(core))
			return false;
		do_access(core, p, &p->el2, reg, &val, write);
		return true;
	}
	return false;
}

bool vhe_emulate_el12(struct core *core, uint32_t insn)
{
	unsigned int op0 = (insn >> A64_SYSREG_OP0_SHIFT) & A64_SYSREG_OP0_MASK;
	unsigned int op1 = (insn >> A64_SYSREG_OP1_SHIFT) & A64_SYSREG_OP1_MASK;
	unsigned int crn = (insn >> A64_SYSREG_CRN_SHIFT) & A64_SYSREG_CRX_MASK;
	unsigned int crm = (insn >> A64_SYSREG_CRM_SHIFT) & A64_SYSREG_CRX_MASK;
	unsigned int op2 = (insn >> A64_SYSREG_OP2_SHIFT) & A64_SYSREG_OP2_MASK;
	unsigned int rt = insn & A64_RT_MASK;
	bool write = !(insn & A64_SYSREG_L_BIT);

	if (!core->vhe || (insn & A64_SYSREG_MOVE_MASK) != A64_SYSREG_MOVE || op1 != A64_OP1_EL12)
		return false;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct vhe_pair *p = &pairs[i];
		uint64_t val = 0;

		if (!same(&p->el1, op0, A64_OP1_EL1, crn, crm, op2))
			continue;
		if (!e2h_at_el2(core))
			return false;	/* UNDEFINED with E2H 0, as Unicorn says */
		if (write && rt != A64_XZR &&
		    UC_CHECK(core, uc_reg_read(core->uc, aarch64_xreg_id(rt), &val)))
			return true;
		do_access(core, p, &p->el1, rt == A64_XZR ? UC_ARM64_REG_XZR : aarch64_xreg_id(rt),
		       &val, write);
		return true;
	}
	return false;
}

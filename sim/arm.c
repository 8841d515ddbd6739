/*
 * The AArch32 arch model: a Cortex-A15 (Virtualization Extensions), the
 * caller in SVC mode (A32 or T32), and the exception entry for `hvc #imm`
 * from a PL1 mode to Hyp mode that Unicorn does not perform (Arm ARM
 * DDI 0406C, B1.8.3 "Exceptions taken to Hyp mode", B1.8.4).
 */
#include <stdio.h>
#include <string.h>

#include "aarch32_defs.h"
#include "arch.h"
#include "arm_block_effects.h"
#include "layout.h"
#include "machine.h"

#define NGPRS	15	/* r0..r12, SP_svc, LR_svc */
#define NFPRS	8	/* d8..d15 */
#define BANKED	0	/* sysreg.op0 of a banked core register: op1 mode, crn register */
#define SPSR_N	16	/* sysreg.crn of a banked SPSR */

static const char *const gpr_names[NGPRS] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
	"r12", "sp_svc", "lr_svc",
};

static const char *const fpr_names[NFPRS] = {
	"d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15",
};

#define HARNESS_HTCR	(HTCR_RES1 | HTCR_SH0_INNER | HTCR_ORGN0_WBWA | HTCR_IRGN0_WBWA)

enum {
	R_SCTLR, R_VBAR, R_TTBR0, R_TTBR1, R_TTBCR, R_DACR, R_DFSR, R_IFSR, R_DFAR,
	R_IFAR, R_PAR, R_PRRR, R_NMRR, R_CONTEXTIDR, R_TPIDRURW, R_TPIDRURO,
	R_TPIDRPRW, R_CPACR,
	R_SPSR_SVC, R_SP_USR, R_LR_USR,
	R_R8_FIQ, R_R9_FIQ, R_R10_FIQ, R_R11_FIQ, R_R12_FIQ, R_SP_FIQ, R_LR_FIQ, R_SPSR_FIQ,
	R_SP_IRQ, R_LR_IRQ, R_SPSR_IRQ, R_SP_ABT, R_LR_ABT, R_SPSR_ABT,
	R_SP_UND, R_LR_UND, R_SPSR_UND,
	R_HVBAR, R_HSCTLR, R_HCR, R_HDCR, R_HCPTR, R_HSTR, R_HTCR, R_HTTBR, R_HMAIR0,
	R_HMAIR1, R_VTCR, R_VTTBR, R_HTPIDR, R_VPIDR, R_VMPIDR, R_CNTHCTL, R_CNTVOFF,
	R_HSR, NSYSREGS
};

#define BANK(name, mode, reg, val) \
	{ name, SYSREG_EL1, BANKED, CPSR_M_##mode, reg, 0, 0, 0, val }

/*
 * PL1 values are distinctive and MMU-off safe; banked registers of the
 * other modes are part of the caller's PL1 state too (LR_usr is also the
 * LR of Hyp mode, so a stub that uses `bl` changes it). Hyp values: a
 * booted CPU whose firmware left Hyp mode to the kernel, MMU off.
 */
static const struct sysreg sysregs[NSYSREGS] = {
	[R_SCTLR]	= { "SCTLR",      SYSREG_EL1, CP15, 0, 1, 0, 0, 0, SCTLR32_RES1 },
	[R_VBAR]	= { "VBAR",       SYSREG_EL1, CP15, 0, 12, 0, 0, 0, 0x41f00000 },
	[R_TTBR0]	= { "TTBR0",      SYSREG_EL1, CP15, 0, 2, 0, 0, 0, 0x41230000 },
	[R_TTBR1]	= { "TTBR1",      SYSREG_EL1, CP15, 0, 2, 0, 1, 0, 0x41234000 },
	[R_TTBCR]	= { "TTBCR",      SYSREG_EL1, CP15, 0, 2, 0, 2, 0, 0 },
	[R_DACR]	= { "DACR",       SYSREG_EL1, CP15, 0, 3, 0, 0, 0, 0x55555555 },
	[R_DFSR]	= { "DFSR",       SYSREG_EL1, CP15, 0, 5, 0, 0, 0, 0x805 },
	[R_IFSR]	= { "IFSR",       SYSREG_EL1, CP15, 0, 5, 0, 1, 0, 0x5 },
	[R_DFAR]	= { "DFAR",       SYSREG_EL1, CP15, 0, 6, 0, 0, 0, 0xc0badf00 },
	[R_IFAR]	= { "IFAR",       SYSREG_EL1, CP15, 0, 6, 0, 2, 0, 0xc0c0ffee },
	[R_PAR]		= { "PAR",        SYSREG_EL1, CP15, 0, 7, 4, 0, 0, 0x41000f80 },
	[R_PRRR]	= { "PRRR",       SYSREG_EL1, CP15, 0, 10, 2, 0, 0, 0xff0a81a8 },
	[R_NMRR]	= { "NMRR",       SYSREG_EL1, CP15, 0, 10, 2, 1, 0, 0x40e040e0 },
	[R_CONTEXTIDR]	= { "CONTEXTIDR", SYSREG_EL1, CP15, 0, 13, 0, 1, 0, 0x2a },
	[R_TPIDRURW]	= { "TPIDRURW",   SYSREG_EL1, CP15, 0, 13, 0, 2, 0, 0xb6f4e490 },
	[R_TPIDRURO]	= { "TPIDRURO",   SYSREG_EL1, CP15, 0, 13, 0, 3, 0, 0xb6f4f000 },
	[R_TPIDRPRW]	= { "TPIDRPRW",   SYSREG_EL1, CP15, 0, 13, 0, 4, 0, 0xef7c1000 },
	[R_CPACR]	= { "CPACR",      SYSREG_EL1, CP15, 0, 1, 0, 2, 0, CPACR_CP10_CP11_FULL },

	[R_SPSR_SVC]	= BANK("SPSR_svc", SVC, SPSR_N, 0x600001d3),
	[R_SP_USR]	= BANK("SP_usr", SYS, 13, 0xbefff6c0),
	[R_LR_USR]	= BANK("LR_usr (LR of Hyp mode)", SYS, 14, 0x00010a4d),
	[R_R8_FIQ]	= BANK("R8_fiq", FIQ, 8, 0xf1080808),
	[R_R9_FIQ]	= BANK("R9_fiq", FIQ, 9, 0xf1090909),
	[R_R10_FIQ]	= BANK("R10_fiq", FIQ, 10, 0xf10a0a0a),
	[R_R11_FIQ]	= BANK("R11_fiq", FIQ, 11, 0xf10b0b0b),
	[R_R12_FIQ]	= BANK("R12_fiq", FIQ, 12, 0xf10c0c0c),
	[R_SP_FIQ]	= BANK("SP_fiq", FIQ, 13, 0xc0f1f000),
	[R_LR_FIQ]	= BANK("LR_fiq", FIQ, 14, 0xc0f1e000),
	[R_SPSR_FIQ]	= BANK("SPSR_fiq", FIQ, SPSR_N, 0x200001d1),
	[R_SP_IRQ]	= BANK("SP_irq", IRQ, 13, 0xc0a1f000),
	[R_LR_IRQ]	= BANK("LR_irq", IRQ, 14, 0xc0a1e000),
	[R_SPSR_IRQ]	= BANK("SPSR_irq", IRQ, SPSR_N, 0x20000192),
	[R_SP_ABT]	= BANK("SP_abt", ABT, 13, 0xc0ab0000),
	[R_LR_ABT]	= BANK("LR_abt", ABT, 14, 0xc0ab1000),
	[R_SPSR_ABT]	= BANK("SPSR_abt", ABT, SPSR_N, 0x10000197),
	[R_SP_UND]	= BANK("SP_und", UND, 13, 0xc0d00000),
	[R_LR_UND]	= BANK("LR_und", UND, 14, 0xc0d01000),
	[R_SPSR_UND]	= BANK("SPSR_und", UND, SPSR_N, 0x1000019b),

	[R_HVBAR]	= { "HVBAR",  SYSREG_EL2_VBAR, CP15, 4, 12, 0, 0, 0, 0 },
	[R_HSCTLR]	= { "HSCTLR", SYSREG_EL2_CTRL, CP15, 4, 1, 0, 0, 0, HSCTLR_RES1 | HSCTLR_I_BIT },
	[R_HCR]		= { "HCR",    SYSREG_EL2_CTRL, CP15, 4, 1, 1, 0, 0, 0 },
	[R_HDCR]	= { "HDCR",   SYSREG_EL2_CTRL, CP15, 4, 1, 1, 1, 0, 0x4 },
	[R_HCPTR]	= { "HCPTR",  SYSREG_EL2_CTRL, CP15, 4, 1, 1, 2, 0, HCPTR_RES1 },
	[R_HSTR]	= { "HSTR",   SYSREG_EL2_CTRL, CP15, 4, 1, 1, 3, 0, 0 },
	[R_HTCR]	= { "HTCR",   SYSREG_EL2_CTRL, CP15, 4, 2, 0, 2, 0, HARNESS_HTCR },
	[R_HTTBR]	= { "HTTBR",  SYSREG_EL2_CTRL, CP15, 4, 0, 2, 0, 1, HARNESS_PGTABLE },
	[R_HMAIR0]	= { "HMAIR0", SYSREG_EL2_CTRL, CP15, 4, 10, 2, 0, 0, HMAIR_ATTR_NORMAL_WB },
	[R_HMAIR1]	= { "HMAIR1", SYSREG_EL2_CTRL, CP15, 4, 10, 2, 1, 0, 0 },
	[R_VTCR]	= { "VTCR",   SYSREG_EL2_CTRL, CP15, 4, 2, 1, 2, 0, 0x80000000 },
	[R_VTTBR]	= { "VTTBR",  SYSREG_EL2_CTRL, CP15, 6, 0, 2, 0, 1, 0 },
	[R_HTPIDR]	= { "HTPIDR", SYSREG_EL2_CTRL, CP15, 4, 13, 0, 2, 0, 0 },
	[R_VPIDR]	= { "VPIDR",  SYSREG_EL2_CTRL, CP15, 4, 0, 0, 0, 0, 0x412fc0f1 },
	[R_VMPIDR]	= { "VMPIDR", SYSREG_EL2_CTRL, CP15, 4, 0, 0, 5, 0, 0x80000000 },
	[R_CNTHCTL]	= { "CNTHCTL", SYSREG_EL2_CTRL, CP15, 4, 14, 1, 0, 0, 0x3 },
	[R_CNTVOFF]	= { "CNTVOFF", SYSREG_EL2_CTRL, CP15, 4, 0, 14, 0, 1, 0 },
	/* What the exception entry writes; the stub may change it. */
	[R_HSR]		= { "HSR",    SYSREG_EL2_SCRATCH, CP15, 4, 5, 2, 0, 0, 0 },
};

/* The modes whose banked registers are read, SVC (the caller's) last. */
static const uint32_t banked_modes[] = {
	CPSR_M_FIQ, CPSR_M_IRQ, CPSR_M_ABT, CPSR_M_UND, CPSR_M_SYS, CPSR_M_SVC,
};

static int reg_write32(struct machine *m, int reg, uint32_t val)
{
	return UC_CHECK(m, uc_reg_write(m->uc, reg, &val));
}

static int reg_read32(struct machine *m, int reg, uint32_t *val)
{
	return UC_CHECK(m, uc_reg_read(m->uc, reg, val));
}

static int cp15_rw(struct machine *m, const struct sysreg *r, uint64_t *val, bool write)
{
	uc_arm_cp_reg cp = {
		.cp = r->op0, .is64 = r->is64, .sec = 0, .crn = r->crn, .crm = r->crm,
		.opc1 = r->op1, .opc2 = r->op2, .val = write ? *val : 0,
	};

	if (write)
		return UC_CHECK(m, uc_reg_write(m->uc, UC_ARM_REG_CP_REG, &cp));
	if (UC_CHECK(m, uc_reg_read(m->uc, UC_ARM_REG_CP_REG, &cp)))
		return MACHINE_EINTERNAL;
	*val = cp.val;
	return 0;
}

static int cp15_read(struct machine *m, unsigned int i, uint64_t *val)
{
	return cp15_rw(m, &sysregs[i], val, false);
}

static int cp15_write(struct machine *m, unsigned int i, uint64_t val)
{
	return cp15_rw(m, &sysregs[i], &val, true);
}

/* SCR is the Secure copy only; its encoding is c1, c1, 0 at opc1 0. */
static int scr_write(struct machine *m, uint32_t val)
{
	uc_arm_cp_reg cp = { .cp = CP15, .sec = 1, .crn = 1, .crm = 1, .val = val };

	return UC_CHECK(m, uc_reg_write(m->uc, UC_ARM_REG_CP_REG, &cp));
}

/* NSACR is Secure-only: c1, c1, 2 at opc1 0. */
static int nsacr_write(struct machine *m, uint32_t val)
{
	uc_arm_cp_reg cp = { .cp = CP15, .sec = 1, .crn = 1, .crm = 1, .opc2 = 2, .val = val };

	return UC_CHECK(m, uc_reg_write(m->uc, UC_ARM_REG_CP_REG, &cp));
}

static int cpsr_write(struct machine *m, uint32_t cpsr)
{
	return reg_write32(m, UC_ARM_REG_CPSR, cpsr);
}

/*
 * Enter Hyp mode with the given CPSR (mode bits ignored). A CPSR write
 * rebuilds Unicorn's translation flags, but it refuses SVC -> Hyp; the
 * way in is through Monitor mode with SCR.NS briefly clear
 * (EMULATION-NOTES.md). Banked registers follow each switch.
 */
static int enter_hyp(struct machine *m, uint32_t cpsr)
{
	cpsr &= ~CPSR_M_MASK;
	if (scr_write(m, SCR32_HCE_BIT) ||
	    cpsr_write(m, cpsr | CPSR_M_MON) ||
	    scr_write(m, SCR32_NS_BIT | SCR32_HCE_BIT) ||
	    cpsr_write(m, cpsr | CPSR_M_HYP))
		return MACHINE_EINTERNAL;
	return 0;
}

static int switch_mode(struct machine *m, uint32_t cpsr, uint32_t mode)
{
	cpsr = (cpsr & ~CPSR_M_MASK) | mode;
	if (mode == CPSR_M_HYP)
		return enter_hyp(m, cpsr);
	if (mode == CPSR_M_MON) {
		if (scr_write(m, SCR32_HCE_BIT) || cpsr_write(m, cpsr))
			return MACHINE_EINTERNAL;
		return scr_write(m, SCR32_NS_BIT | SCR32_HCE_BIT);
	}
	return cpsr_write(m, cpsr);
}

static int banked_reg(unsigned int n)
{
	if (n == SPSR_N)
		return UC_ARM_REG_SPSR;
	return n == 13 ? UC_ARM_REG_SP : n == 14 ? UC_ARM_REG_LR : UC_ARM_REG_R0 + (int)n;
}

/* Visit every mode's banked registers: read them into s, or write their init values. */
static int banked_pass(struct machine *m, struct cpu_state *s, bool write)
{
	uint32_t cpsr, cur;

	if (reg_read32(m, UC_ARM_REG_CPSR, &cpsr))
		return MACHINE_EINTERNAL;
	cur = cpsr & CPSR_M_MASK;
	for (size_t k = 0; k < sizeof(banked_modes) / sizeof(banked_modes[0]); k++) {
		uint32_t mode = banked_modes[k];

		if (cur != mode && switch_mode(m, cpsr, mode))
			return MACHINE_EINTERNAL;
		cur = mode;
		for (unsigned int i = 0; i < NSYSREGS; i++) {
			const struct sysreg *r = &sysregs[i];
			uint32_t v = (uint32_t)r->init;

			if (r->op0 != BANKED || r->op1 != mode)
				continue;
			if (write ? reg_write32(m, banked_reg(r->crn), v)
				  : reg_read32(m, banked_reg(r->crn), &v))
				return MACHINE_EINTERNAL;
			if (!write)
				s->sysreg[i] = v;
		}
		if (mode == CPSR_M_SVC && !write) {
			uint32_t sp, lr;

			if (reg_read32(m, UC_ARM_REG_SP, &sp) || reg_read32(m, UC_ARM_REG_LR, &lr))
				return MACHINE_EINTERNAL;
			s->gpr[13] = sp;
			s->gpr[14] = lr;
		}
	}
	if ((cpsr & CPSR_M_MASK) != CPSR_M_SVC)
		return switch_mode(m, cpsr, cpsr & CPSR_M_MASK);
	return cpsr_write(m, cpsr);
}

static int write_identity_map(struct machine *m)
{
	uint64_t table[4];	/* T0SZ 0: four level 1 blocks of 1 GiB cover 4 GiB */

	for (uint64_t i = 0; i < 4; i++)
		table[i] = (i << LPAE_L1_BLOCK_SHIFT) | LPAE_AF_BIT | LPAE_SH_INNER |
			   LPAE_TYPE_BLOCK;
	return UC_CHECK(m, uc_mem_write(m->uc, HARNESS_PGTABLE, table, sizeof(table)));
}

static int setup(struct machine *m)
{
	static const uint32_t caller[] = { A32_HVC_0, A32_NOP };
	static const uint16_t caller_thumb[] = { T32_HVC_0_HW1, T32_HVC_0_HW2, T32_NOP, T32_NOP };
	static const uint32_t trampoline[] = { A32_MSR_ELR_HYP_R0, A32_UDF_0 };
	uint32_t cpsr = CPSR_M_SVC | CPSR_AIF_MASK;

	_Static_assert(NSYSREGS <= 64, "sysregs_written has a bit per sysreg");
	m->arch_priv = block_cache_open(sysregs, NSYSREGS);
	if (!m->arch_priv) {
		snprintf(m->errmsg, sizeof(m->errmsg), "arm: cannot set up Capstone to read blocks");
		return m->error = MACHINE_EINTERNAL;
	}
	/* Firmware has given the Non-secure side the FPU, as a booted kernel has it. */
	if (scr_write(m, SCR32_NS_BIT | SCR32_HCE_BIT) || nsacr_write(m, NSACR_CP10_CP11) ||
	    UC_CHECK(m, uc_mem_write(m->uc, CALLER_CODE, caller, sizeof(caller))) ||
	    UC_CHECK(m, uc_mem_write(m->uc, CALLER_CODE_THUMB, caller_thumb,
				     sizeof(caller_thumb))) ||
	    UC_CHECK(m, uc_mem_write(m->uc, TRAMPOLINE, trampoline, sizeof(trampoline))) ||
	    write_identity_map(m) ||
	    reg_write32(m, UC_ARM_REG_FPEXC, FPEXC_EN_BIT))
		return MACHINE_EINTERNAL;
	for (unsigned int i = 0; i < NSYSREGS; i++) {
		if (sysregs[i].op0 == BANKED)
			continue;
		if (cp15_write(m, i, i == R_HVBAR ? m->vectors : sysregs[i].init))
			return MACHINE_EINTERNAL;
	}
	/* No stack is promised to the stub in Hyp mode. */
	if (enter_hyp(m, cpsr) || reg_write32(m, UC_ARM_REG_SP, 0) ||
	    cpsr_write(m, cpsr) || banked_pass(m, NULL, true))
		return MACHINE_EINTERNAL;
	return reg_write32(m, UC_ARM_REG_PC, CALLER_CODE);
}

static int set_caller_state(struct machine *m, const struct cpu_state *s, bool thumb)
{
	int regs[NGPRS + NFPRS];
	const void *vals[NGPRS + NFPRS];
	uint32_t r[NGPRS];
	uint32_t cpsr = CPSR_M_SVC | (s->pstate & (CPSR_AIF_MASK | CPSR_FLAGS_MASK)) |
			(thumb ? CPSR_T_BIT : 0);

	for (int i = 0; i < NGPRS; i++) {
		r[i] = (uint32_t)s->gpr[i];
		regs[i] = i < 13 ? UC_ARM_REG_R0 + i : i == 13 ? UC_ARM_REG_SP : UC_ARM_REG_LR;
		vals[i] = &r[i];
	}
	for (int i = 0; i < NFPRS; i++) {
		regs[NGPRS + i] = UC_ARM_REG_D8 + i;
		vals[NGPRS + i] = &s->fpr[i];
	}
	/* The CPSR first: in SVC mode r13/r14 are the caller's SP and LR. */
	if (cpsr_write(m, cpsr) ||
	    UC_CHECK(m, uc_reg_write_batch(m->uc, regs, (void *const *)vals, NGPRS + NFPRS)) ||
	    /* Bit 0 of the PC selects T32 in Unicorn. */
	    reg_write32(m, UC_ARM_REG_PC, thumb ? CALLER_CODE_THUMB | 1 : CALLER_CODE))
		return MACHINE_EINTERNAL;
	return 0;
}

static int enable_el2_mmu(struct machine *m)
{
	uint64_t hsctlr;

	if (cp15_read(m, R_HSCTLR, &hsctlr))
		return MACHINE_EINTERNAL;
	return cp15_write(m, R_HSCTLR, hsctlr | HSCTLR_M_BIT);
}

static unsigned int el_of(uint32_t cpsr)
{
	switch (cpsr & CPSR_M_MASK) {
	case CPSR_M_USR: return 0;
	case CPSR_M_HYP: return 2;
	case CPSR_M_MON: return 3;
	default:	 return 1;
	}
}

static int read_state(struct machine *m, struct cpu_state *s)
{
	int regs[13 + NFPRS];
	void *vals[13 + NFPRS];
	uint32_t r[13], cpsr, pc;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < 13; i++) {
		regs[i] = UC_ARM_REG_R0 + i;
		vals[i] = &r[i];
	}
	for (int i = 0; i < NFPRS; i++) {
		regs[13 + i] = UC_ARM_REG_D8 + i;
		vals[13 + i] = &s->fpr[i];
	}
	if (UC_CHECK(m, uc_reg_read_batch(m->uc, regs, vals, 13 + NFPRS)) ||
	    reg_read32(m, UC_ARM_REG_CPSR, &cpsr) || reg_read32(m, UC_ARM_REG_PC, &pc))
		return MACHINE_EINTERNAL;
	for (int i = 0; i < 13; i++)
		s->gpr[i] = r[i];
	s->pstate = cpsr;
	s->pc = pc;
	for (unsigned int i = 0; i < NSYSREGS; i++)
		if (sysregs[i].op0 != BANKED && cp15_read(m, i, &s->sysreg[i]))
			return MACHINE_EINTERNAL;
	return banked_pass(m, s, false);
}

static int read_live(struct machine *m, struct cpu_state *s, bool with_sysregs)
{
	int regs[NGPRS + NFPRS];
	void *vals[NGPRS + NFPRS];
	uint32_t r[NGPRS], cpsr, pc;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < NGPRS; i++) {
		regs[i] = i < 13 ? UC_ARM_REG_R0 + i : i == 13 ? UC_ARM_REG_SP : UC_ARM_REG_LR;
		vals[i] = &r[i];
	}
	for (int i = 0; i < NFPRS; i++) {
		regs[NGPRS + i] = UC_ARM_REG_D8 + i;
		vals[NGPRS + i] = &s->fpr[i];
	}
	if (UC_CHECK(m, uc_reg_read_batch(m->uc, regs, vals, NGPRS + NFPRS)) ||
	    reg_read32(m, UC_ARM_REG_CPSR, &cpsr) || reg_read32(m, UC_ARM_REG_PC, &pc))
		return MACHINE_EINTERNAL;
	for (int i = 0; i < NGPRS; i++)
		s->gpr[i] = r[i];
	s->pstate = cpsr;
	s->pc = pc;
	for (unsigned int i = 0; with_sysregs && i < NSYSREGS; i++)
		if (sysregs[i].op0 != BANKED && cp15_read(m, i, &s->sysreg[i]))
			return MACHINE_EINTERNAL;
	return 0;
}

static void close_arch(struct machine *m)
{
	block_cache_close(m->arch_priv);
	m->arch_priv = NULL;
}

/*
 * What the stub's next block may write. Outside Hyp mode (after an
 * exception return elsewhere than the caller, or an exception QEMU took
 * itself) any register is its own or banked state, and once the stub has
 * written memory it can run, a block's bytes may not be the ones read
 * before: in each case, read everything.
 */
static void note_block(struct machine *m, uint64_t addr, uint32_t size)
{
	struct block_effects fx;
	uint32_t cpsr;

	if (m->sysregs_unknown)
		return;
	if (m->code_written || reg_read32(m, UC_ARM_REG_CPSR, &cpsr) ||
	    (cpsr & CPSR_M_MASK) != CPSR_M_HYP) {
		m->sysregs_unknown = true;
		return;
	}
	block_cache_effects(m->arch_priv, m->uc, (uint32_t)addr, size, cpsr & CPSR_T_BIT, &fx);
	/*
	 * HTTBR and HTCR change what an address means (the bytes behind a
	 * cached block); HCR.VA/VI/VF make a virtual exception pending, which
	 * QEMU takes to a PL1 mode itself, writing its banked registers.
	 */
	if (fx.unknown || (fx.writes & (BIT64(R_HTTBR) | BIT64(R_HTCR) | BIT64(R_HCR))))
		m->sysregs_unknown = true;
	m->sysregs_written |= fx.writes;
	/* Hyp mode has no LR of its own: it is LR_usr (B1.3.2). */
	if (fx.lr)
		m->sysregs_written |= BIT64(R_LR_USR);
}

/*
 * The post-state reads the coprocessor registers the stub's blocks could
 * write (note_block) and HSR, which the entry wrote; the banked registers
 * only if a block could write one, or the call ended outside SVC mode,
 * whose SP and LR are then banked too. Everything else is as the call
 * began: the context restore put it there. A fault or a budget end reads
 * it all.
 */
static int read_post(struct machine *m, const struct cpu_state *pre, struct cpu_state *post)
{
	bool banked = false;

	if (m->code_written)
		block_cache_clear(m->arch_priv);
	if (m->sysregs_unknown || m->code_written ||
	    (m->obs->end != END_RETURNED && m->obs->end != END_LANDED))
		return read_state(m, post);
	if (read_live(m, post, false))
		return MACHINE_EINTERNAL;
	if ((post->pstate & CPSR_M_MASK) != CPSR_M_SVC)
		banked = true;
	for (unsigned int i = 0; i < NSYSREGS; i++) {
		bool written = (m->sysregs_written >> i) & 1;

		if (sysregs[i].op0 == BANKED) {
			banked |= written;
			post->sysreg[i] = pre->sysreg[i];
		} else if (written || sysregs[i].group == SYSREG_EL2_SCRATCH) {
			if (cp15_read(m, i, &post->sysreg[i]))
				return MACHINE_EINTERNAL;
		} else {
			post->sysreg[i] = pre->sysreg[i];
		}
	}
	return banked ? banked_pass(m, post, false) : 0;
}

/* The imm16 of the hvc before pc: A32 imm12:imm4, T32 imm4:imm12. */
static int hvc_imm16(struct machine *m, uint32_t pc, bool thumb, uint32_t *imm)
{
	if (thumb) {
		uint16_t hw[2];

		if (UC_CHECK(m, uc_mem_read(m->uc, pc - 4, hw, sizeof(hw))))
			return MACHINE_EINTERNAL;
		*imm = ((uint32_t)(hw[0] & 0xf) << 12) | (hw[1] & 0xfff);
	} else {
		uint32_t w;

		if (UC_CHECK(m, uc_mem_read(m->uc, pc - 4, &w, sizeof(w))))
			return MACHINE_EINTERNAL;
		*imm = (((w >> 8) & 0xfff) << 4) | (w & 0xf);
	}
	return 0;
}

/*
 * Exception entry, first half (at the caller's hvc, PC already past it):
 * HSR, SPSR_hyp and Hyp mode with A, I, F masked are written here.
 * ELR_hyp has no register interface in Unicorn, so the harness runs one
 * `msr ELR_hyp, r0` in its trampoline page, with r0 saved around it.
 */
static int take_hvc(struct machine *m)
{
	struct observation *o = m->obs;
	/* Nothing but the caller's hvc has run: the system registers are the pre-state's. */
	uint64_t hsctlr = o->pre.sysreg[R_HSCTLR];
	uint32_t cpsr, pc, r0, imm;

	if (reg_read32(m, UC_ARM_REG_CPSR, &cpsr) || reg_read32(m, UC_ARM_REG_PC, &pc) ||
	    reg_read32(m, UC_ARM_REG_R0, &r0) ||
	    hvc_imm16(m, pc, cpsr & CPSR_T_BIT, &imm))
		return MACHINE_EINTERNAL;
	o->entry_elr = pc;
	o->entry_spsr = cpsr;
	/* IL is 1: both the A32 and the T32 HVC are 32-bit instructions. */
	o->entry_syndrome = ((uint64_t)HSR_EC_HVC << HSR_EC_SHIFT) | HSR_IL_BIT | imm;
	m->saved_reg = r0;

	/* Hyp mode, A I F masked, E from HSCTLR.EE; the condition flags carry over. */
	if (enter_hyp(m, (cpsr & CPSR_FLAGS_MASK) | CPSR_AIF_MASK |
			 ((hsctlr & HSCTLR_EE_BIT) ? CPSR_E_BIT : 0)) ||
	    reg_write32(m, UC_ARM_REG_SPSR, cpsr) ||	/* SPSR of Hyp mode */
	    cp15_write(m, R_HSR, o->entry_syndrome) ||
	    reg_write32(m, UC_ARM_REG_R0, pc) ||
	    reg_write32(m, UC_ARM_REG_PC, TRAMPOLINE))
		return MACHINE_EINTERNAL;
	return 0;
}

/*
 * Second half: ELR_hyp is set; restore r0 and vector, in T32 if HSCTLR.TE
 * says so. The harness's trampoline alone has run since the hvc: HVBAR
 * and HSCTLR are the pre-state's.
 */
static int finish_entry(struct machine *m)
{
	const struct cpu_state *pre = &m->obs->pre;
	uint32_t pc = (uint32_t)pre->sysreg[R_HVBAR] + HYP_VECTOR_TRAP;

	if (pre->sysreg[R_HSCTLR] & HSCTLR_TE_BIT)
		pc |= 1;
	if (reg_write32(m, UC_ARM_REG_R0, (uint32_t)m->saved_reg) ||
	    reg_write32(m, UC_ARM_REG_PC, pc))
		return MACHINE_EINTERNAL;
	return 0;
}

static const char *mode_name(uint32_t cpsr)
{
	static const char *const arm[] = {
		[CPSR_M_USR & 0xf] = "usr", [CPSR_M_FIQ & 0xf] = "fiq",
		[CPSR_M_IRQ & 0xf] = "irq", [CPSR_M_SVC & 0xf] = "svc",
		[CPSR_M_MON & 0xf] = "mon", [CPSR_M_ABT & 0xf] = "abt",
		[CPSR_M_HYP & 0xf] = "hyp", [CPSR_M_UND & 0xf] = "und",
		[CPSR_M_SYS & 0xf] = "sys",
	};
	static const char *const thumb[] = {
		[CPSR_M_USR & 0xf] = "usr (T32)", [CPSR_M_FIQ & 0xf] = "fiq (T32)",
		[CPSR_M_IRQ & 0xf] = "irq (T32)", [CPSR_M_SVC & 0xf] = "svc (T32)",
		[CPSR_M_MON & 0xf] = "mon (T32)", [CPSR_M_ABT & 0xf] = "abt (T32)",
		[CPSR_M_HYP & 0xf] = "hyp (T32)", [CPSR_M_UND & 0xf] = "und (T32)",
		[CPSR_M_SYS & 0xf] = "sys (T32)",
	};
	const char *name;

	if (!(cpsr & CPSR_M_USR))
		return "invalid mode";
	name = ((cpsr & CPSR_T_BIT) ? thumb : arm)[cpsr & 0xf];
	return name ? name : "invalid mode";
}

const struct arch_ops arm_ops = {
	.name = "arm",
	.uc_arch = UC_ARCH_ARM,
	.uc_mode = UC_MODE_ARM,
	.uc_cpu = UC_CPU_ARM_CORTEX_A15,
	.addr_limit = UINT64_C(1) << 32,
	.vector_align = HVBAR_ALIGN,
	.hvc_vector = HYP_VECTOR_TRAP,
	.insn_align = A32_INSN_SIZE,
	.hvc_size = A32_INSN_SIZE,
	.has_thumb = true,
	.reg_bits = 32,
	.fill_insn = A32_UDF_0,	/* zeros would be ANDEQ: blocks of hundreds */
	.landing_insn = A32_B_SELF,
	.ngprs = NGPRS,
	.gpr_names = gpr_names,
	/* r0-r3 and ip (r12) */
	.clobber_gprs = MASK64(0, 4) | BIT64(12),
	.clobber_text = "r0-r3, ip and the flags",
	.nfprs = NFPRS,
	.fpr_names = fpr_names,
	.ret_gpr = 0,
	.sp_gpr = 13,
	.sysregs = sysregs,
	.nsysregs = NSYSREGS,
	.vbar = R_HVBAR,
	.el2_sctlr = R_HSCTLR,
	.el2_mmu_bit = HSCTLR_M_BIT,
	.return_mode_mask = CPSR_M_MASK | CPSR_T_BIT | CPSR_AIF_MASK | CPSR_E_BIT,
	.exception_masks = CPSR_AIF_MASK,
	.flags_mask = CPSR_FLAGS_MASK,
	.restart_moves = NULL,
	.nrestart_moves = 0,
	.setup = setup,
	.set_caller_state = set_caller_state,
	.enable_el2_mmu = enable_el2_mmu,
	.read_state = read_state,
	.read_live = read_live,
	.read_post = read_post,
	.note_block = note_block,
	.close = close_arch,
	.take_hvc = take_hvc,
	.finish_entry = finish_entry,
	.el_of = el_of,
	.mode_name = mode_name,
};

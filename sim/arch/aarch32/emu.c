/*
 * The AArch32 arch model: a Cortex-A15 (Virtualization Extensions), the
 * caller in SVC mode (A32 or T32), and the exception entry for `hvc #imm`
 * from a PL1 mode to Hyp mode that Unicorn does not perform (Arm ARM
 * DDI 0406C, B1.8.3 "Exceptions taken to Hyp mode", B1.8.4).
 */
#include <stdio.h>
#include <string.h>

#include "block_effects.h"
#include "emu.h"
#include "layout.h"
#include "regs.h"
#include "sysregs.h"

/* The modes whose banked registers are read, SVC (the caller's) last. */
static const uint32_t banked_modes[] = {
	CPSR_M_FIQ, CPSR_M_IRQ, CPSR_M_ABT, CPSR_M_UND, CPSR_M_SYS, CPSR_M_SVC,
};

static int reg_write32(struct core *core, int reg, uint32_t val)
{
	return UC_CHECK(core, uc_reg_write(core->uc, reg, &val));
}

static int reg_read32(struct core *core, int reg, uint32_t *val)
{
	return UC_CHECK(core, uc_reg_read(core->uc, reg, val));
}

static int cp15_rw(struct core *core, const struct sysreg *r, uint64_t *val, bool write)
{
	uc_arm_cp_reg cp = {
		.cp = r->op0, .is64 = r->is64, .sec = 0, .crn = r->crn, .crm = r->crm,
		.opc1 = r->op1, .opc2 = r->op2, .val = write ? *val : 0,
	};

	if (write)
		return UC_CHECK(core, uc_reg_write(core->uc, UC_ARM_REG_CP_REG, &cp));
	if (UC_CHECK(core, uc_reg_read(core->uc, UC_ARM_REG_CP_REG, &cp)))
		return CORE_EINTERNAL;
	*val = cp.val;
	return 0;
}

static int cp15_read(struct core *core, unsigned int i, uint64_t *val)
{
	return cp15_rw(core, &aarch32_sysregs[i], val, false);
}

static int cp15_write(struct core *core, unsigned int i, uint64_t val)
{
	return cp15_rw(core, &aarch32_sysregs[i], &val, true);
}

/* A TLB maintenance operation: opc1, CRm, opc2 under c8. */
static int tlb_op(struct core *core, uint32_t opc1, uint32_t crm, uint32_t opc2)
{
	uc_arm_cp_reg cp = { .cp = CP15, .crn = CP15_CRN_C8_TLB_OPS, .crm = crm,
			     .opc1 = opc1, .opc2 = opc2 };

	return UC_CHECK(core, uc_reg_write(core->uc, UC_ARM_REG_CP_REG, &cp));
}

/* Every Hyp mode and Non-secure PL1&0 translation cached. */
static int flush_translations(struct core *core)
{
	return tlb_op(core, TLBIALLH_FIELDS) || tlb_op(core, TLBIALLNSNH_FIELDS) ?
	       CORE_EINTERNAL : 0;
}

/* SCR is the Secure copy only; its encoding is c1, c1, 0 at opc1 0. */
static int scr_write(struct core *core, uint32_t val)
{
	uc_arm_cp_reg cp = { .cp = CP15, .sec = 1, .crn = 1, .crm = 1, .val = val };

	return UC_CHECK(core, uc_reg_write(core->uc, UC_ARM_REG_CP_REG, &cp));
}

/* NSACR is Secure-only: c1, c1, 2 at opc1 0. */
static int nsacr_write(struct core *core, uint32_t val)
{
	uc_arm_cp_reg cp = { .cp = CP15, .sec = 1, .crn = 1, .crm = 1, .opc2 = 2, .val = val };

	return UC_CHECK(core, uc_reg_write(core->uc, UC_ARM_REG_CP_REG, &cp));
}

static int cpsr_write(struct core *core, uint32_t cpsr)
{
	return reg_write32(core, UC_ARM_REG_CPSR, cpsr);
}

/*
 * Enter Hyp mode with the given CPSR (mode bits ignored). A CPSR write
 * rebuilds Unicorn's translation flags, but it refuses SVC -> Hyp; the
 * way in is through Monitor mode with SCR.NS briefly clear
 * (EMULATION-NOTES.md). Banked registers follow each switch.
 */
static int enter_hyp(struct core *core, uint32_t cpsr)
{
	cpsr &= ~CPSR_M_MASK;
	if (scr_write(core, SCR32_HCE_BIT) ||
	    cpsr_write(core, cpsr | CPSR_M_MON) ||
	    scr_write(core, SCR32_NS_BIT | SCR32_HCE_BIT) ||
	    cpsr_write(core, cpsr | CPSR_M_HYP))
		return CORE_EINTERNAL;
	return 0;
}

static int switch_mode(struct core *core, uint32_t cpsr, uint32_t mode)
{
	cpsr = (cpsr & ~CPSR_M_MASK) | mode;
	if (mode == CPSR_M_HYP)
		return enter_hyp(core, cpsr);
	if (mode == CPSR_M_MON) {
		if (scr_write(core, SCR32_HCE_BIT) || cpsr_write(core, cpsr))
			return CORE_EINTERNAL;
		return scr_write(core, SCR32_NS_BIT | SCR32_HCE_BIT);
	}
	return cpsr_write(core, cpsr);
}

static int banked_reg(unsigned int n)
{
	if (n == SPSR_N)
		return UC_ARM_REG_SPSR;
	return n == 13 ? UC_ARM_REG_SP : n == 14 ? UC_ARM_REG_LR : UC_ARM_REG_R0 + (int)n;
}

/* Visit every mode's banked registers: read them into s, or write their init values. */
static int banked_pass(struct core *core, struct cpu_state *s, bool write)
{
	uint32_t cpsr, cur;

	if (reg_read32(core, UC_ARM_REG_CPSR, &cpsr))
		return CORE_EINTERNAL;
	cur = cpsr & CPSR_M_MASK;
	for (size_t k = 0; k < sizeof(banked_modes) / sizeof(banked_modes[0]); k++) {
		uint32_t mode = banked_modes[k];

		if (cur != mode && switch_mode(core, cpsr, mode))
			return CORE_EINTERNAL;
		cur = mode;
		for (unsigned int i = 0; i < NSYSREGS; i++) {
			const struct sysreg *r = &aarch32_sysregs[i];
			uint32_t v = (uint32_t)r->init;

			if (r->op0 != BANKED || r->op1 != mode)
				continue;
			if (write ? reg_write32(core, banked_reg(r->crn), v)
				  : reg_read32(core, banked_reg(r->crn), &v))
				return CORE_EINTERNAL;
			if (!write)
				s->sysreg[i] = v;
		}
		if (mode == CPSR_M_SVC && !write) {
			uint32_t sp, lr;

			if (reg_read32(core, UC_ARM_REG_SP, &sp) || reg_read32(core, UC_ARM_REG_LR, &lr))
				return CORE_EINTERNAL;
			s->gpr[13] = sp;
			s->gpr[14] = lr;
		}
	}
	if ((cpsr & CPSR_M_MASK) != CPSR_M_SVC)
		return switch_mode(core, cpsr, cpsr & CPSR_M_MASK);
	return cpsr_write(core, cpsr);
}

static int write_identity_map(struct core *core)
{
	uint64_t table[4];	/* T0SZ 0: four level 1 blocks of 1 GiB cover 4 GiB */

	for (uint64_t i = 0; i < 4; i++)
		table[i] = (i << LPAE_L1_BLOCK_SHIFT) | LPAE_AF_BIT | LPAE_SH_INNER |
			   LPAE_TYPE_BLOCK;
	return UC_CHECK(core, uc_mem_write(core->uc, HARNESS_PGTABLE, table, sizeof(table)));
}

static int setup(struct core *core)
{
	static const uint32_t caller[] = { A32_HVC_0, A32_NOP };
	static const uint16_t caller_thumb[] = { T32_HVC_0_HW1, T32_HVC_0_HW2, T32_NOP, T32_NOP };
	static const uint32_t trampoline[] = { A32_MSR_ELR_HYP_R0, A32_UDF_0 };
	uint32_t cpsr = CPSR_M_SVC | CPSR_AIF_MASK;

	_Static_assert(NSYSREGS <= 64, "sysregs_written has a bit per sysreg");
	core->priv = block_cache_open(aarch32_sysregs, NSYSREGS);
	if (!core->priv) {
		snprintf(core->errmsg, sizeof(core->errmsg), "arm: cannot set up Capstone to read blocks");
		return core->error = CORE_EINTERNAL;
	}
	/* Firmware has given the Non-secure side the FPU, as a booted kernel has it. */
	if (scr_write(core, SCR32_NS_BIT | SCR32_HCE_BIT) || nsacr_write(core, NSACR_CP10_CP11) ||
	    UC_CHECK(core, uc_mem_write(core->uc, CALLER_CODE, caller, sizeof(caller))) ||
	    UC_CHECK(core, uc_mem_write(core->uc, CALLER_CODE_THUMB, caller_thumb,
				     sizeof(caller_thumb))) ||
	    UC_CHECK(core, uc_mem_write(core->uc, TRAMPOLINE, trampoline, sizeof(trampoline))) ||
	    write_identity_map(core) ||
	    reg_write32(core, UC_ARM_REG_FPEXC, FPEXC_EN_BIT))
		return CORE_EINTERNAL;
	for (unsigned int i = 0; i < NSYSREGS; i++) {
		if (aarch32_sysregs[i].op0 == BANKED)
			continue;
		if (cp15_write(core, i, i == R_HVBAR ? core->vectors : aarch32_sysregs[i].init))
			return CORE_EINTERNAL;
	}
	/* No stack is promised to the stub in Hyp mode. */
	if (enter_hyp(core, cpsr) || reg_write32(core, UC_ARM_REG_SP, 0) ||
	    cpsr_write(core, cpsr) || banked_pass(core, NULL, true))
		return CORE_EINTERNAL;
	return reg_write32(core, UC_ARM_REG_PC, CALLER_CODE);
}

/* d0..d31 (d8..d15 are fpr's), then FPSCR. */
#define NDREGS		32
#define NFP_WRITES	(NDREGS + NFPCTL)
_Static_assert(NFP_FREE == NDREGS && NFP_FREE <= STATE_MAX_FP_FREE, "d0..d31");

static int set_caller_state(struct core *core, const struct cpu_state *s, bool thumb)
{
	int regs[NGPRS + NFP_WRITES];
	const void *vals[NGPRS + NFP_WRITES];
	uint32_t r[NGPRS], fpscr = (uint32_t)s->fpctl[0];
	uint32_t cpsr = CPSR_M_SVC | (s->pstate & (CPSR_AIF_MASK | CPSR_FLAGS_MASK)) |
			(thumb ? CPSR_T_BIT : 0);

	for (int i = 0; i < NGPRS; i++) {
		r[i] = (uint32_t)s->gpr[i];
		regs[i] = i < 13 ? UC_ARM_REG_R0 + i : i == 13 ? UC_ARM_REG_SP : UC_ARM_REG_LR;
		vals[i] = &r[i];
	}
	for (int i = 0; i < NDREGS; i++) {
		regs[NGPRS + i] = UC_ARM_REG_D0 + i;
		vals[NGPRS + i] = i >= 8 && i < 8 + NFPRS ? &s->fpr[i - 8] : &s->fp_free[i];
	}
	regs[NGPRS + NDREGS] = UC_ARM_REG_FPSCR;
	vals[NGPRS + NDREGS] = &fpscr;
	/* The CPSR first: in SVC mode r13/r14 are the caller's SP and LR. */
	if (cpsr_write(core, cpsr) ||
	    UC_CHECK(core, uc_reg_write_batch(core->uc, regs, (void *const *)vals,
					   NGPRS + NFP_WRITES)) ||
	    /* Bit 0 of the PC selects T32 in Unicorn. */
	    reg_write32(core, UC_ARM_REG_PC, thumb ? CALLER_CODE_THUMB | 1 : CALLER_CODE))
		return CORE_EINTERNAL;
	return 0;
}

/* The Hyp and PL1 system registers a call starts from, where they are not base's. */
static int set_base(struct core *core, const uint64_t *sysreg, const uint64_t *base)
{
	for (unsigned int i = 0; i < NSYSREGS; i++)
		if (aarch32_sysregs[i].op0 != BANKED && sysreg[i] != base[i] &&
		    cp15_write(core, i, sysreg[i]))
			return CORE_EINTERNAL;
	return 0;
}

static int enable_el2_mmu(struct core *core)
{
	uint64_t hsctlr;

	if (cp15_read(core, R_HSCTLR, &hsctlr))
		return CORE_EINTERNAL;
	return cp15_write(core, R_HSCTLR, hsctlr | HSCTLR_M_BIT);
}

/* SP_hyp is banked: set it in Hyp mode, then go back to the caller's mode. */
static int set_el2_sp(struct core *core, uint64_t sp)
{
	uint32_t cpsr;

	if (reg_read32(core, UC_ARM_REG_CPSR, &cpsr) || enter_hyp(core, cpsr) ||
	    reg_write32(core, UC_ARM_REG_SP, (uint32_t)sp))
		return CORE_EINTERNAL;
	return cpsr_write(core, cpsr);
}

static int read_state(struct core *core, struct cpu_state *s)
{
	int regs[13 + NFPRS];
	void *vals[13 + NFPRS];
	uint32_t r[13], cpsr, pc, fpscr;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < 13; i++) {
		regs[i] = UC_ARM_REG_R0 + i;
		vals[i] = &r[i];
	}
	for (int i = 0; i < NFPRS; i++) {
		regs[13 + i] = UC_ARM_REG_D8 + i;
		vals[13 + i] = &s->fpr[i];
	}
	if (UC_CHECK(core, uc_reg_read_batch(core->uc, regs, vals, 13 + NFPRS)) ||
	    reg_read32(core, UC_ARM_REG_CPSR, &cpsr) || reg_read32(core, UC_ARM_REG_PC, &pc) ||
	    reg_read32(core, UC_ARM_REG_FPSCR, &fpscr))
		return CORE_EINTERNAL;
	for (int i = 0; i < 13; i++)
		s->gpr[i] = r[i];
	s->pstate = cpsr;
	s->fpctl[0] = fpscr;
	s->pc = pc;
	for (unsigned int i = 0; i < NSYSREGS; i++)
		if (aarch32_sysregs[i].op0 != BANKED && cp15_read(core, i, &s->sysreg[i]))
			return CORE_EINTERNAL;
	return banked_pass(core, s, false);
}

static int read_live(struct core *core, struct cpu_state *s, bool with_sysregs)
{
	int regs[NGPRS + NFPRS + NFPCTL];
	void *vals[NGPRS + NFPRS + NFPCTL];
	uint32_t r[NGPRS], cpsr, pc, fpscr;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < NGPRS; i++) {
		regs[i] = i < 13 ? UC_ARM_REG_R0 + i : i == 13 ? UC_ARM_REG_SP : UC_ARM_REG_LR;
		vals[i] = &r[i];
	}
	for (int i = 0; i < NFPRS; i++) {
		regs[NGPRS + i] = UC_ARM_REG_D8 + i;
		vals[NGPRS + i] = &s->fpr[i];
	}
	regs[NGPRS + NFPRS] = UC_ARM_REG_FPSCR;
	vals[NGPRS + NFPRS] = &fpscr;
	if (UC_CHECK(core, uc_reg_read_batch(core->uc, regs, vals, NGPRS + NFPRS + NFPCTL)) ||
	    reg_read32(core, UC_ARM_REG_CPSR, &cpsr) || reg_read32(core, UC_ARM_REG_PC, &pc))
		return CORE_EINTERNAL;
	for (int i = 0; i < NGPRS; i++)
		s->gpr[i] = r[i];
	s->pstate = cpsr;
	s->fpctl[0] = fpscr;
	s->pc = pc;
	for (unsigned int i = 0; with_sysregs && i < NSYSREGS; i++)
		if (aarch32_sysregs[i].op0 != BANKED && cp15_read(core, i, &s->sysreg[i]))
			return CORE_EINTERNAL;
	return 0;
}

static void close_arch(struct core *core)
{
	block_cache_close(core->priv);
	core->priv = NULL;
}

/*
 * What the stub's next block may write. Outside Hyp mode (after an
 * exception return elsewhere than the caller, or an exception QEMU took
 * itself) any register is its own or banked state, and once the stub has
 * written memory it can run, a block's bytes may not be the ones read
 * before: in each case, read everything.
 */
/*
 * Instructions in a block of T32 code: a halfword whose top five bits are
 * 0b11101, 0b11110 or 0b11111 starts a 32-bit instruction (A6.1).
 */
static uint32_t t32_insns(struct core *core, uint64_t addr, uint32_t size)
{
	uint16_t hw[T32_MAX_BLOCK / 2];
	uint32_t n = 0;

	if (size > sizeof(hw) || uc_mem_read(core->uc, addr, hw, size) != UC_ERR_OK)
		return (size + T32_HALFWORD - 1) / T32_HALFWORD;	/* at most this many */
	for (uint32_t i = 0; i < size / T32_HALFWORD; i++, n++)
		if ((hw[i] >> T32_WIDE_SHIFT) >= T32_WIDE_MIN)
			i++;
	return n;
}

static void note_effects(struct core *core, uint64_t addr, uint32_t size, uint32_t cpsr)
{
	struct block_effects fx;

	if (core->sysregs_unknown)
		return;
	if (core->code_written || (cpsr & CPSR_M_MASK) != CPSR_M_HYP) {
		core->sysregs_unknown = true;
		return;
	}
	block_cache_effects(core->priv, core->uc, (uint32_t)addr, size, cpsr & CPSR_T_BIT, &fx);
	/*
	 * HTTBR and HTCR change what an address means (the bytes behind a
	 * cached block); HCR.VA/VI/VF make a virtual exception pending, which
	 * QEMU takes to a PL1 mode itself, writing its banked registers.
	 */
	if (fx.unknown || (fx.writes & (BIT64(R_HTTBR) | BIT64(R_HTCR) | BIT64(R_HCR))))
		core->sysregs_unknown = true;
	core->sysregs_written |= fx.writes;
	/* Hyp mode has no LR of its own: it is LR_usr (B1.3.2). */
	if (fx.lr)
		core->sysregs_written |= BIT64(R_LR_USR);
}

/*
 * What the stub's next block may write, and how many instructions it
 * holds. Outside Hyp mode (after an exception return elsewhere than the
 * caller, or an exception QEMU took itself) any register is its own or
 * banked state, and once the stub has written memory it can run, a
 * block's bytes may not be the ones read before: in each case, read
 * everything.
 */
static uint32_t note_block(struct core *core, uint64_t addr, uint32_t size)
{
	uint32_t cpsr = 0;

	if (reg_read32(core, UC_ARM_REG_CPSR, &cpsr)) {
		core->sysregs_unknown = true;
		return size / A32_INSN_SIZE;
	}
	note_effects(core, addr, size, cpsr);
	return cpsr & CPSR_T_BIT ? t32_insns(core, addr, size) : size / A32_INSN_SIZE;
}

/*
 * In T32 the SVC is 16-bit only and HVC and SMC 32-bit only; WFI has
 * both encodings. A32 instructions are all 4 bytes.
 */
static uint32_t insn_size_before(struct core *core, uint64_t pc, enum exception_kind kind)
{
	uint32_t cpsr = 0;
	uint16_t hw = 0;

	if (reg_read32(core, UC_ARM_REG_CPSR, &cpsr) || !(cpsr & CPSR_T_BIT))
		return A32_INSN_SIZE;
	if (kind == EXC_SVC)
		return T32_HALFWORD;
	if (kind != EXC_NONE)
		return T32_WIDE_SIZE;
	if (uc_mem_read(core->uc, pc - T32_HALFWORD, &hw, sizeof(hw)) == UC_ERR_OK &&
	    hw == T32_WFI_NARROW)
		return T32_HALFWORD;
	return T32_WIDE_SIZE;
}

static uint64_t read_pc(struct core *core)
{
	uint32_t pc = 0;

	reg_read32(core, UC_ARM_REG_PC, &pc);
	return pc;
}

/*
 * The post-state reads the coprocessor registers the stub's blocks could
 * write (note_block) and HSR, which the entry wrote; the banked registers
 * only if a block could write one, or the call ended outside SVC mode,
 * whose SP and LR are then banked too. Everything else is as the call
 * began: the context restore put it there. A fault or a budget end reads
 * it all.
 */
static int read_post(struct core *core, const struct cpu_state *pre, struct cpu_state *post)
{
	bool banked = false;

	if (core->code_written)
		block_cache_clear(core->priv);
	if (core->sysregs_unknown || core->code_written ||
	    (core->obs->end != END_RETURNED && core->obs->end != END_LANDED))
		return read_state(core, post);
	if (read_live(core, post, false))
		return CORE_EINTERNAL;
	if ((post->pstate & CPSR_M_MASK) != CPSR_M_SVC)
		banked = true;
	for (unsigned int i = 0; i < NSYSREGS; i++) {
		bool written = (core->sysregs_written >> i) & 1;

		if (aarch32_sysregs[i].op0 == BANKED) {
			banked |= written;
			post->sysreg[i] = pre->sysreg[i];
		} else if (written || aarch32_sysregs[i].group == SYSREG_EL2_SCRATCH) {
			if (cp15_read(core, i, &post->sysreg[i]))
				return CORE_EINTERNAL;
		} else {
			post->sysreg[i] = pre->sysreg[i];
		}
	}
	return banked ? banked_pass(core, post, false) : 0;
}

/* The imm16 of the hvc before pc: A32 imm12:imm4, T32 imm4:imm12. */
static int hvc_imm16(struct core *core, uint32_t pc, bool thumb, uint32_t *imm)
{
	if (thumb) {
		uint16_t hw[2];

		if (UC_CHECK(core, uc_mem_read(core->uc, pc - 4, hw, sizeof(hw))))
			return CORE_EINTERNAL;
		*imm = ((uint32_t)(hw[0] & 0xf) << 12) | (hw[1] & 0xfff);
	} else {
		uint32_t w;

		if (UC_CHECK(core, uc_mem_read(core->uc, pc - 4, &w, sizeof(w))))
			return CORE_EINTERNAL;
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
static int take_hvc(struct core *core)
{
	struct observation *o = core->obs;
	/* Nothing but the caller's hvc has run: the system registers are the pre-state's. */
	uint64_t hsctlr = o->pre.sysreg[R_HSCTLR];
	uint32_t cpsr, pc, r0, imm;

	if (reg_read32(core, UC_ARM_REG_CPSR, &cpsr) || reg_read32(core, UC_ARM_REG_PC, &pc) ||
	    reg_read32(core, UC_ARM_REG_R0, &r0) ||
	    hvc_imm16(core, pc, cpsr & CPSR_T_BIT, &imm))
		return CORE_EINTERNAL;
	o->entry_elr = pc;
	o->entry_spsr = cpsr;
	/* IL is 1: both the A32 and the T32 HVC are 32-bit instructions. */
	o->entry_syndrome = ((uint64_t)HSR_EC_HVC << HSR_EC_SHIFT) | HSR_IL_BIT | imm;
	core->saved_reg = r0;

	/* Hyp mode, A I F masked, E from HSCTLR.EE; the condition flags carry over. */
	if (enter_hyp(core, (cpsr & CPSR_FLAGS_MASK) | CPSR_AIF_MASK |
			 ((hsctlr & HSCTLR_EE_BIT) ? CPSR_E_BIT : 0)) ||
	    reg_write32(core, UC_ARM_REG_SPSR, cpsr) ||	/* SPSR of Hyp mode */
	    cp15_write(core, R_HSR, o->entry_syndrome) ||
	    reg_write32(core, UC_ARM_REG_R0, pc) ||
	    reg_write32(core, UC_ARM_REG_PC, TRAMPOLINE))
		return CORE_EINTERNAL;
	return 0;
}

/*
 * Second half: ELR_hyp is set; restore r0 and vector, in T32 if HSCTLR.TE
 * says so. The harness's trampoline alone has run since the hvc: HVBAR
 * and HSCTLR are the pre-state's.
 */
static int finish_entry(struct core *core)
{
	const struct cpu_state *pre = &core->obs->pre;
	uint32_t pc = (uint32_t)pre->sysreg[R_HVBAR] + HYP_VECTOR_TRAP;

	if (pre->sysreg[R_HSCTLR] & HSCTLR_TE_BIT)
		pc |= 1;
	if (reg_write32(core, UC_ARM_REG_R0, (uint32_t)core->saved_reg) ||
	    reg_write32(core, UC_ARM_REG_PC, pc))
		return CORE_EINTERNAL;
	return 0;
}


/* Unicorn's model of each of aarch32_desc.cpus. */
static const int cpus[] = { UC_CPU_ARM_CORTEX_A15 };

const struct arch_emu aarch32_emu = {
	.desc = &aarch32_desc,
	.engine = { UC_ARCH_ARM, UC_MODE_ARM, cpus },
	ARCH_EMU_COMMON_OPS,
	.write_sysreg = cp15_write,
	.close = close_arch,
};

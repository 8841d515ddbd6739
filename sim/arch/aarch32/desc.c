/*
 * AArch32 as data: a Cortex-A15-class core (Virtualization Extensions)
 * whose caller runs in SVC mode, A32 or T32, and whose stub runs in Hyp
 * mode (Arm ARM DDI 0406C: B1.8 for the exceptions, B4 for CP15).
 */
#include <capstone/capstone.h>
#include <elf.h>

#include "arch.h"
#include "layout.h"
#include "regs.h"
#include "sysregs.h"

static const char *const gpr_names[NGPRS] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
	"r12", "sp_svc", "lr_svc",
};

/* As the running code sees them: SP and LR of the mode it runs in. */
static const char *const live_gpr_names[NGPRS] = {
	"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
	"r12", "sp", "lr",
};

static const char *const fpr_names[NFPRS] = {
	"d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15",
};

#define HARNESS_HTCR	(HTCR_RES1 | HTCR_SH0_INNER | HTCR_ORGN0_WBWA | HTCR_IRGN0_WBWA)

#define BANK(name, mode, reg, val) \
	{ name, SYSREG_EL1, BANKED, CPSR_M_##mode, reg, 0, 0, 0, val }

/*
 * PL1 values are distinctive and MMU-off safe; banked registers of the
 * other modes are part of the caller's PL1 state too (LR_usr is also the
 * LR of Hyp mode, so a stub that uses `bl` changes it). Hyp values: a
 * booted CPU whose firmware left Hyp mode to the kernel, MMU off.
 */
const struct sysreg aarch32_sysregs[NSYSREGS] = {
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

static unsigned int el_of(uint32_t cpsr)
{
	switch (cpsr & CPSR_M_MASK) {
	case CPSR_M_USR: return 0;
	case CPSR_M_HYP: return 2;
	case CPSR_M_MON: return 3;
	default:	 return 1;
	}
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

const struct arch_desc aarch32_desc = {
	.name = "arm",
	.long_name = "aarch32",
	.elf_class = ELFCLASS32,
	.elf_machine = EM_ARM,
	.addr_limit = UINT64_C(1) << 32,
	.vector_align = HVBAR_ALIGN,
	.hvc_vector = HYP_VECTOR_TRAP,
	.insn_align = A32_INSN_SIZE,
	.hvc_size = A32_INSN_SIZE,
	.thumb_bit = CPSR_T_BIT,
	.gpr_mask = UINT32_MAX,
	.fill_insn = A32_UDF_0,	/* zeros would be ANDEQ: blocks of hundreds */
	.landing_insn = A32_B_SELF,
	.ngprs = NGPRS,
	.gpr_names = gpr_names,
	.live_gpr_names = live_gpr_names,
	/* r0-r3 and ip (r12) */
	.clobber_gprs = MASK64(0, 4) | BIT64(12),
	.clobber_text = "r0-r3, ip and the flags",
	.nfprs = NFPRS,
	.fpr_names = fpr_names,
	.ret_gpr = 0,
	.sp_gpr = 13,
	.pstate_name = "cpsr",
	.entry = { "ELR_hyp", "SPSR_hyp", "HSR" },
	.sysregs = aarch32_sysregs,
	.nsysregs = NSYSREGS,
	.vbar = R_HVBAR,
	.el2_sctlr = R_HSCTLR,
	.el2_mmu_bit = HSCTLR_M_BIT,
	.return_mode_mask = CPSR_M_MASK | CPSR_T_BIT | CPSR_AIF_MASK | CPSR_E_BIT,
	.exception_masks = CPSR_AIF_MASK,
	.flags_mask = CPSR_FLAGS_MASK,
	.restart_moves = NULL,
	.nrestart_moves = 0,
	.cs_arch = CS_ARCH_ARM,
	.cs_mode = CS_MODE_ARM,
	.cs_mode_thumb = CS_MODE_THUMB,
	.cs_noregname = true,	/* r9-r12, not sb/sl/fp/ip (EMULATION-NOTES.md) */
	.tarmac_isa = 'A',
	.tarmac_isa_thumb = 'T',
	.scan = {
		/* 8 entries of one instruction, in practice an A32 B (the kernel's W(b)). */
		.nentries = 8,
		.entry_size = A32_INSN_SIZE,
		.min_live = 8,
		.entry_mask = A32_COND_OP_MASK,
		.entry_value = A32_B_AL,
		.nnever = 0,
		/* p15, 4, Rt, c5, c2, 0 is HSR; p15, 4, Rt, c12, c0, 0 is HVBAR. */
		.syndrome_read = { "mrc", { "p15, #4", "c5, c2, #0" } },
		.vbar_write = { "mcr", { "p15, #4", "c12, c0, #0" } },
		.literal_pc_relative = true,
		.literal_pc_bias = 8,	/* A32 reads PC as the instruction's address + 8 */
	},
	.qemu = { "qemu-system-arm", "virt,virtualization=on,secure=on,highmem=off", "cortex-a15" },
	.el_of = el_of,
	.mode_name = mode_name,
};

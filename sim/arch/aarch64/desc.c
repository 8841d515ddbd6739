/*
 * AArch64 as data: an A57-class core whose caller runs at EL1h and whose
 * stub runs at EL2 (Arm ARM DDI 0487: D1 for the exception model, D17
 * for the system registers).
 */
#include <capstone/capstone.h>
#include <elf.h>

#include "arch.h"
#include "layout.h"
#include "regs.h"
#include "sysregs.h"
#include "varied_fields.h"

static const char *const gpr_names[NGPRS] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
	"x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19",
	"x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29",
	"x30", "sp_el1",
};

/* As the running code sees them: [31] is the current SP. */
static const char *const live_gpr_names[NGPRS] = {
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",
	"x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19",
	"x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28", "x29",
	"x30", "sp",
};

static const char *const live_gpr32_names[NGPRS] = {
	"w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9",
	"w10", "w11", "w12", "w13", "w14", "w15", "w16", "w17", "w18", "w19",
	"w20", "w21", "w22", "w23", "w24", "w25", "w26", "w27", "w28", "w29",
	"w30", "wsp",
};

static const char *const fpr_names[NFPRS] = {
	"d8", "d9", "d10", "d11", "d12", "d13", "d14", "d15",
};

/* The identity map the harness offers at EL2: 39-bit VA, level 1 blocks. */
#define HARNESS_T0SZ	ULL(25)
#define HARNESS_TCR_EL2	(TCR_EL2_RES1 | (TCR_PS_40BIT << TCR_EL2_PS_SHIFT) | \
			 TCR_TG0_4K | TCR_SH0_INNER | TCR_ORGN0_WBWA | \
			 TCR_IRGN0_WBWA | (HARNESS_T0SZ << TCR_T0SZ_SHIFT))

/*
 * The EL1 values are distinctive and MMU-off safe, so that a stub that
 * writes any of them is seen. EL2 values are those of a booted CPU whose
 * firmware left EL2 to the kernel: MMU off, EL1 in AArch64.
 */
const struct sysreg aarch64_sysregs[NSYSREGS] = {
#define SYSREG(reg, group, ...) [R_##reg] = { #reg, SYSREG_##group, __VA_ARGS__ },
#include "sysregs.def"
#undef SYSREG
};

static const char *const fpctl_names[NFPCTL] = { "fpcr", "fpsr" };
/* AAPCS64 6.1.2: FPCR is preserved across a call; FPSR's flags are not. */
static const uint64_t fpctl_saved[NFPCTL] = { UINT64_MAX, 0 };
static const uint64_t fpctl_varied[NFPCTL] = { FPCR_CONTROL_MASK, FPSR_FLAGS_MASK };

/*
 * The base state each case draws (cases/base_state.c): every field of the
 * EL2 and EL1 registers above that the ABI leaves free and ARMv8.0 lets
 * software choose, on both cores (fields of later features are RES0 on
 * the A57, so both cores hold them at 0). Held, and why:
 * - SCTLR_EL2.M, SCTLR_EL1.M: the case's precondition (EL2 MMU per case,
 *   EL1 MMU on for FINALISE_EL2); EE and E0E: the image is little-endian;
 *   A: every kernel's EL2 and EL1 setup leaves alignment checks off, and
 *   a stub may rely on it; WXN: free only with that MMU off (the
 *   harness's maps are writable, so WXN would forbid all code).
 * - HCR_EL2: VM and DC (stage 2 on, which nothing maps), VF/VI/VSE (an
 *   exception pending at EL1, taken before the call), TGE (EL1 unusable),
 *   HCD (RES0: the core has EL3), RW (EL1 is AArch64), E2H (FINALISE_EL2
 *   sets it; the boot state is nVHE); TSC: the QEMU cross-check ends each
 *   call with an SMC from EL1 to its EL3 harness, which TSC would trap to
 *   the stub instead (the caller's SMC is the firmware's, not the stub's).
 * - CPTR_EL2.TFP: FP/SIMD must work at EL2 unless a stub says otherwise.
 * - TCR_EL2, TTBR0_EL2 and MAIR_EL2's attribute 0: the harness's EL2
 *   identity map, with the EL2 MMU on; TCR_EL1's TTBR0 half, IPS,
 *   TTBR0_EL1 and MAIR_EL1's attribute 1 likewise at EL1.
 * - VBAR_EL2: the stub's vectors. ELR/SPSR/ESR_EL2: the exception entry's.
 * - AMAIR_EL1, AFSR0_EL1, AFSR1_EL1: IMPLEMENTATION DEFINED (the A57
 *   model keeps them 0).
 */
static const uint64_t sh_values[] = { TCR_SH_NONE, TCR_SH_OUTER, TCR_SH_INNER };
static const uint64_t tg0_values[] = { TCR_TG0_4K, TCR_TG0_64K };
static const uint64_t tg1_values[] = { TCR_TG1_4K, TCR_TG1_64K };
static const uint64_t ps_values[] = { 0, 1, 2, 3, TCR_PS_44BIT };
static const uint64_t txsz_values[] = {
	16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
	32, 33, 34, 35, 36, 37, 38, 39,
};
_Static_assert(sizeof(txsz_values) / sizeof(txsz_values[0]) ==
	       TCR_TXSZ_MAX - TCR_TXSZ_MIN + 1, "every T0SZ/T1SZ both granules take");
/* MAIR attributes the architecture defines: the four Device kinds and Normal ones. */
static const uint64_t mair_values[] = {
	0x00, 0x04, 0x08, 0x0c, 0x44, 0x4f, 0xf4, 0x11, 0x33, 0x77, 0xaa, 0xbb, 0xee, 0xff,
};
static const uint64_t hpmn_values[] = { 0, 1, 2, 3, 4, 5, MDCR_HPMN_A57 };
static const uint64_t spsr_m_values[] = { 0, PSTATE_M_EL1T, PSTATE_M_EL1H };

#define MAIR_ATTR(reg, n, when)	ONE_OF(reg, MAIR_ATTR_MASK(n), when, mair_values)

static const struct sysreg_field varied_fields[] = {
	ANY(SCTLR_EL2, SCTLR_C_BIT | SCTLR_SA_BIT | SCTLR_I_BIT),
	ANY_IF(SCTLR_EL2, SCTLR_WXN_BIT, VARY_EL2_MMU_OFF),
	XLAT_ANY_IF(HCR_EL2, HCR_PTW_BIT, VARY_ALWAYS),
	ANY(HCR_EL2, HCR_SWIO_BIT | HCR_FMO_BIT | HCR_IMO_BIT | HCR_AMO_BIT |
		     HCR_FB_BIT | HCR_BSU_MASK | (HCR_EL1_TRAPS_MASK & ~HCR_TSC_BIT) | HCR_TDZ_BIT |
		     HCR_TRVM_BIT | HCR_CD_BIT | HCR_ID_BIT),
	ANY(CPTR_EL2, CPTR_TTA_BIT | CPTR_TCPAC_BIT),
	ONE_OF(MDCR_EL2, MDCR_HPMN_MASK, VARY_ALWAYS, hpmn_values),
	ANY(MDCR_EL2, MDCR_TRAPS_MASK),
	ANY(HSTR_EL2, HSTR_T_MASK),
	XLAT_ONE_OF(TCR_EL2, TCR_T0SZ_MASK, VARY_EL2_MMU_OFF, txsz_values),
	XLAT_ANY_IF(TCR_EL2, TCR_IRGN0_MASK | TCR_ORGN0_MASK | TCR_EL2_TBI_BIT, VARY_EL2_MMU_OFF),
	XLAT_ONE_OF(TCR_EL2, TCR_SH0_MASK, VARY_EL2_MMU_OFF, sh_values),
	XLAT_ONE_OF(TCR_EL2, TCR_TG0_MASK, VARY_EL2_MMU_OFF, tg0_values),
	XLAT_ONE_OF(TCR_EL2, TCR_EL2_PS_MASK, VARY_EL2_MMU_OFF, ps_values),
	ANY_IF(TTBR0_EL2, TTBR_BADDR_4K_MASK, VARY_EL2_MMU_OFF),
	MAIR_ATTR(MAIR_EL2, 0, VARY_EL2_MMU_OFF), MAIR_ATTR(MAIR_EL2, 1, VARY_ALWAYS),
	MAIR_ATTR(MAIR_EL2, 2, VARY_ALWAYS), MAIR_ATTR(MAIR_EL2, 3, VARY_ALWAYS),
	MAIR_ATTR(MAIR_EL2, 4, VARY_ALWAYS), MAIR_ATTR(MAIR_EL2, 5, VARY_ALWAYS),
	MAIR_ATTR(MAIR_EL2, 6, VARY_ALWAYS), MAIR_ATTR(MAIR_EL2, 7, VARY_ALWAYS),
	/* Stage 2, off (HCR_EL2.VM 0): its configuration is free. */
	ONE_OF(VTCR_EL2, TCR_T0SZ_MASK, VARY_ALWAYS, txsz_values),
	ANY(VTCR_EL2, VTCR_SL0_MASK | TCR_IRGN0_MASK | TCR_ORGN0_MASK),
	ONE_OF(VTCR_EL2, TCR_SH0_MASK, VARY_ALWAYS, sh_values),
	ONE_OF(VTCR_EL2, TCR_TG0_MASK, VARY_ALWAYS, tg0_values),
	ONE_OF(VTCR_EL2, VTCR_PS_MASK, VARY_ALWAYS, ps_values),
	XLAT_ANY_IF(VTTBR_EL2, TTBR_BADDR_4K_MASK | VTTBR_VMID_MASK, VARY_ALWAYS),
	ANY(CNTHCTL_EL2, CNTHCTL_FIELDS_MASK),
	ANY(CNTVOFF_EL2, UINT64_MAX),
	ANY(VPIDR_EL2, VPIDR_MASK),
	ANY(VMPIDR_EL2, VMPIDR_AFF012_MASK | VMPIDR_MT_BIT | VMPIDR_U_BIT | VMPIDR_AFF3_MASK),
	ANY(TPIDR_EL2, UINT64_MAX),

	/* The caller's EL1: the EL0 controls of SCTLR_EL1 and caches, SA. */
	ANY(SCTLR_EL1, SCTLR_C_BIT | SCTLR_SA_BIT | SCTLR_SA0_BIT | SCTLR_CP15BEN_BIT |
		       SCTLR_ITD_BIT | SCTLR_SED_BIT | SCTLR_UMA_BIT | SCTLR_I_BIT |
		       SCTLR_DZE_BIT | SCTLR_UCT_BIT | SCTLR_NTWI_BIT | SCTLR_NTWE_BIT |
		       SCTLR_UCI_BIT),
	ANY_IF(SCTLR_EL1, SCTLR_WXN_BIT, VARY_EL1_MMU_OFF),
	ANY(VBAR_EL1, VBAR_ADDR_MASK),
	ANY_IF(TTBR0_EL1, TTBR_BADDR_4K_MASK, VARY_EL1_MMU_OFF),
	ANY(TTBR0_EL1, TTBR_ASID_MASK),
	ANY(TTBR1_EL1, TTBR_BADDR_4K_MASK | TTBR_ASID_MASK),
	ONE_OF(TCR_EL1, TCR_T0SZ_MASK, VARY_EL1_MMU_OFF, txsz_values),
	ANY_IF(TCR_EL1, TCR_EPD0_BIT | TCR_IRGN0_MASK | TCR_ORGN0_MASK, VARY_EL1_MMU_OFF),
	ONE_OF(TCR_EL1, TCR_SH0_MASK, VARY_EL1_MMU_OFF, sh_values),
	ONE_OF(TCR_EL1, TCR_TG0_MASK, VARY_EL1_MMU_OFF, tg0_values),
	ONE_OF(TCR_EL1, TCR_IPS_MASK, VARY_EL1_MMU_OFF, ps_values),
	ONE_OF(TCR_EL1, TCR_T1SZ_MASK, VARY_ALWAYS, txsz_values),
	ANY(TCR_EL1, TCR_A1_BIT | TCR_EPD1_BIT | TCR_IRGN1_MASK | TCR_ORGN1_MASK |
		     TCR_AS_BIT | TCR_TBI0_BIT | TCR_TBI1_BIT),
	ONE_OF(TCR_EL1, TCR_SH1_MASK, VARY_ALWAYS, sh_values),
	ONE_OF(TCR_EL1, TCR_TG1_MASK, VARY_ALWAYS, tg1_values),
	MAIR_ATTR(MAIR_EL1, 0, VARY_ALWAYS), MAIR_ATTR(MAIR_EL1, 1, VARY_EL1_MMU_OFF),
	MAIR_ATTR(MAIR_EL1, 2, VARY_ALWAYS), MAIR_ATTR(MAIR_EL1, 3, VARY_ALWAYS),
	MAIR_ATTR(MAIR_EL1, 4, VARY_ALWAYS), MAIR_ATTR(MAIR_EL1, 5, VARY_ALWAYS),
	MAIR_ATTR(MAIR_EL1, 6, VARY_ALWAYS), MAIR_ATTR(MAIR_EL1, 7, VARY_ALWAYS),
	ANY(ELR_EL1, UINT64_MAX),
	ANY(SPSR_EL1, PSTATE_NZCV_MASK | SPSR_SS_BIT | PSTATE_IL_BIT | PSTATE_DAIF_MASK),
	ONE_OF(SPSR_EL1, PSTATE_M_MASK, VARY_ALWAYS, spsr_m_values),
	ANY(ESR_EL1, LOW32_MASK),
	ANY(FAR_EL1, UINT64_MAX),
	ONE_OF(PAR_EL1, PAR_SH_MASK, VARY_ALWAYS, sh_values),
	ANY(PAR_EL1, PAR_NS_BIT | PAR_PA_MASK),
	ONE_OF(PAR_EL1, PAR_ATTR_MASK, VARY_ALWAYS, mair_values),
	ANY(CONTEXTIDR_EL1, LOW32_MASK),
	ANY(TPIDR_EL1, UINT64_MAX),
	ANY(TPIDR_EL0, UINT64_MAX),
	ANY(TPIDRRO_EL0, UINT64_MAX),
	ANY(SP_EL0, UINT64_MAX),
	ANY(CPACR_EL1, CPACR_FPEN_MASK | CPACR_TTA_BIT),
	ANY(CNTKCTL_EL1, CNTKCTL_FIELDS_MASK),
};

static const struct reg_move restart_moves[] = {
	/* hyp-abi.txt: x2, x3, x4 become x0, x1, x2 of the next payload. */
	{ 2, 0 }, { 3, 1 }, { 4, 2 },
};

/*
 * The kernel's switch to VHE (arch/arm64/kernel/hyp-stub.S, v5.12+;
 * ABI-HISTORY.md s3): VBAR, TCR, TTBR0, MAIR and SCTLR of EL1 become
 * EL2's, and TTBR1: TTBR1_EL2 exists only with VHE, so hypabi's register
 * table, which both cores share, has it not; it is el2_only_from's.
 */
static const struct reg_move vhe_moves[] = {
	{ R_VBAR_EL1, R_VBAR_EL2 }, { R_TCR_EL1, R_TCR_EL2 }, { R_TTBR0_EL1, R_TTBR0_EL2 },
	{ R_MAIR_EL1, R_MAIR_EL2 }, { R_SCTLR_EL1, R_SCTLR_EL2 },
};
static const struct vhe_switch vhe_switch = {
	.moves = vhe_moves, .nmoves = sizeof(vhe_moves) / sizeof(vhe_moves[0]),
	.hcr = R_HCR_EL2, .el1_sctlr = R_SCTLR_EL1,
	.hcr_bits = HCR_E2H_BIT | HCR_TGE_BIT, .el1_mmu_bit = SCTLR_M_BIT,
	/* EL2h, and not by an illegal return (the next instruction would fault). */
	.el2h = PSTATE_M_EL2H, .mode_mask = PSTATE_M_MASK | PSTATE_IL_BIT,
	.flags_mask = PSTATE_DAIF_MASK | PSTATE_NZCV_MASK,
	.el2_only_from = R_TTBR1_EL1, .el2_only_name = "TTBR1_EL2",
};

static unsigned int el_of(uint32_t pstate)
{
	return (pstate >> PSTATE_EL_SHIFT) & PSTATE_EL_MASK;
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

/* The emulator's side of each is in emu.c, in the same order. */
static const struct cpu_model cpus[] = {
	{ "a57", "Cortex-A57: ARMv8.0, no VHE (FINALISE_EL2 must answer HVC_STUB_ERR)",
	  "cortex-a57", false },
	{ "max", "Unicorn's 'max': ARMv8 with VHE, SVE and more (FINALISE_EL2 can switch "
	  "to VHE)", "max,sve=off,sme=off", true },
};

const struct arch_desc aarch64_desc = {
	.name = "arm64", .long_name = "aarch64",
	.elf_class = ELFCLASS64, .elf_machine = EM_AARCH64,
	.addr_limit = ULL(1) << 39,	/* what the harness's EL2 identity map covers */
	.vector_align = VBAR_ALIGN, .hvc_vector = VECTOR_LOWER_A64_SYNC,
	.el2_hvc_vector = VECTOR_CUR_SPX_SYNC,
	.insn_align = A64_INSN_SIZE, .hvc_size = A64_INSN_SIZE, .thumb_bit = 0,
	.gpr_mask = UINT64_MAX,
	.fill_insn = A64_UDF_0,
	.landing_insn = A64_B_SELF,
	ARCH_DESC_COMMON_TABLES,
	.relocate = aarch64_relocate,
	.id_gate = aarch64_id_gate, .id_gate_name = aarch64_id_gate_name,
	.clobber_gprs = MASK64(0, 19),	/* x0..x18 */
	.clobber_text = "x0-x18 and NZCV",
	.ret_gpr = 0, .sp_gpr = 31, .pstate_name = "pstate",
	.live_gpr32_names = live_gpr32_names,
	/* Past a byte, a halfword, w0; and the top bit. */
	.partial_decode_bits = BIT64(8) | BIT64(16) | BIT64(32) | BIT64(63),
	.ich_vtr_name = "ICH_VTR_EL2",
	.entry = { "ELR_EL2", "SPSR_EL2", "ESR_EL2" },
	.sysregs = aarch64_sysregs,
	.vbar = R_VBAR_EL2, .el2_sctlr = R_SCTLR_EL2, .el2_mmu_bit = SCTLR_M_BIT,
	.translation_regs = BIT64(R_SCTLR_EL2) | BIT64(R_HCR_EL2) | BIT64(R_TCR_EL2) |
			    BIT64(R_TTBR0_EL2) | BIT64(R_MAIR_EL2) | BIT64(R_VTCR_EL2) |
			    BIT64(R_VTTBR_EL2) | BIT64(R_SCTLR_EL1) | BIT64(R_TCR_EL1) |
			    BIT64(R_TTBR0_EL1) | BIT64(R_TTBR1_EL1) | BIT64(R_MAIR_EL1),
	.mmu_enable_regs = BIT64(R_SCTLR_EL2) | BIT64(R_SCTLR_EL1),
	/*
	 * IL too: an illegal return (to EL1 with HCR_EL2.TGE set, from a
	 * caller at EL2) stays at EL2 with IL set, and is no return.
	 */
	.return_mode_mask = PSTATE_M_MASK | PSTATE_IL_BIT | PSTATE_DAIF_MASK,
	.exception_masks = PSTATE_DAIF_MASK, .flags_mask = PSTATE_NZCV_MASK,
	.restart_moves = restart_moves,
	.nrestart_moves = sizeof(restart_moves) / sizeof(restart_moves[0]),
	.vhe = &vhe_switch,
	.cs_arch = CS_ARCH_ARM64, .cs_mode = CS_MODE_ARM, .cs_mode_thumb = -1,
	.cs_noregname = false,
	.tarmac_isa = 'O', .tarmac_isa_thumb = 'O',
	.scan = {
		/* 16 entries of 32 instructions; any but UDF and zeros may start one. */
		.nentries = 16,
		.entry_size = VECTOR_ENTRY_SIZE,
		.min_live = 12,
		.entry_mask = 0,
		.entry_value = 0,
		.never = { 0, UINT32_MAX, A64_UDF_0 },
		.nnever = 3,
		.syndrome_read = { "mrs", { "esr_el2", NULL } },
		.vbar_write = { "msr", { "vbar_el2", NULL } },
		.literal_pc_relative = false,
		.literal_pc_bias = 0,
	},
	/* A GICv3 board: the CPU interface GET_ICH_VTR_EL2 reads (v6.19+). */
	.qemu = { .system = "qemu-system-aarch64",
		  .machine = "virt,virtualization=on,secure=on,gic-version=3",
		  .ich_vtr = ICH_VTR_EL2_QEMU_GICV3 },
	.kernel = { .base_align = UINT64_C(2) << 20, .base_must_align = true, .text_offset = 0,
		    .image_header = true },
	.cpus = cpus, .ncpus = sizeof(cpus) / sizeof(cpus[0]),
};

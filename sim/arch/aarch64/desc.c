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

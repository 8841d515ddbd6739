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
#include "varied_fields.h"

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


/*
 * PL1 values are distinctive and MMU-off safe; banked registers of the
 * other modes are part of the caller's PL1 state too (LR_usr is also the
 * LR of Hyp mode, so a stub that uses `bl` changes it). Hyp values: a
 * booted CPU whose firmware left Hyp mode to the kernel, MMU off.
 */
const struct sysreg aarch32_sysregs[NSYSREGS] = {
#define SYSREG(reg, group, ...) [R_##reg] = { #reg, SYSREG_##group, __VA_ARGS__ },
#define BANK(reg, name, mode, crn, val) \
	[R_##reg] = { name, SYSREG_EL1, BANKED, CPSR_M_##mode, crn, 0, 0, 0, val },
#include "sysregs.def"
#undef SYSREG
#undef BANK
};

static const char *const fpctl_names[NFPCTL] = { "fpscr" };
static const uint64_t fpctl_saved[NFPCTL] = { WORD32_MASK & ~FPSCR_FLAGS_MASK };
static const uint64_t fpctl_varied[NFPCTL] = { FPSCR_CONTROL_MASK | FPSCR_FLAGS_MASK };

/*
 * The base state each case draws (cases/base_state.c): every field of the
 * Hyp and PL1 registers above that the ABI leaves free and ARMv7-A with
 * the Virtualization Extensions lets software choose. Held, and why:
 * - HSCTLR.M: the case's precondition; SCTLR.M: the caller's MMU is off;
 *   EE: the image is little-endian; HSCTLR.TE: the instruction set the
 *   stub's vectors are written in; A: every kernel's Hyp and PL1 setup
 *   leaves alignment checks off; HSCTLR.WXN: free only with the Hyp MMU
 *   off (the harness's map is writable); FI, and SCTLR's SW, Z, RR, HA,
 *   FI, VE, NMFI: IMPLEMENTATION DEFINED or fixed on the A15.
 * - HCR: VM and DC (stage 2 on, which nothing maps), VF/VI/VA (an
 *   exception pending at PL1, taken before the call), TGE, HCD (UNK/SBZP
 *   with the Security Extensions), TRVM (ARMv8's: RES0 on the A15), TSC
 *   (the QEMU cross-check ends each call with an SMC to its Monitor-mode
 *   harness, which TSC would trap to the stub).
 * - HCPTR.TCP10, TCP11, TASE: FP and Advanced SIMD must work in Hyp mode
 *   unless a stub says otherwise.
 * - HTCR, HTTBR, HMAIR0's attribute 0: the harness's Hyp identity map,
 *   with the Hyp MMU on. HVBAR: the stub's vectors; HSR: the entry's.
 * - TTBCR.EAE: the format of the TTBRs the table reads; CPACR.TRCDIS:
 *   RAZ/WI on the A15 model.
 * - The banked registers of the other PL1 modes (SPSR_svc .. SPSR_und,
 *   LR_usr): distinctive fixed values; setting them per call takes a
 *   dozen mode switches, as much as the rest of the call.
 */
static const uint64_t sh_values[] = { LPAE_SHARE_NONE, LPAE_SHARE_OUTER, LPAE_SHARE_INNER };
static const uint64_t mair_values[] = {
	0x00, 0x04, 0x08, 0x0c, 0x44, 0x4f, 0xf4, 0x11, 0x33, 0x77, 0xaa, 0xbb, 0xee, 0xff,
};
static const uint64_t hpmn_values[] = { 0, 1, 2, 3, HDCR_HPMN_A15 };
/* VTCR.T0SZ from -8 to 7, with S its sign bit. */
static const uint64_t vtcr_t0sz_values[] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};
static const uint64_t cp10_cp11_values[] = {
	CPACR_CP10_CP11_NONE, CPACR_CP10_CP11_PL1, CPACR_CP10_CP11_ALL,
};
static const uint64_t cpacr_dis_values[] = { 0, CPACR_ASEDIS, CPACR_ASEDIS_D32DIS };
static const uint64_t dacr_values[] = { DACR_NO_ACCESS, DACR_CLIENT, DACR_MANAGER };
static const uint64_t prrr_tr_values[] = { 0, PRRR_TR_DEVICE, PRRR_TR_NORMAL };

#define HMAIR_ATTR(reg, n, when) ONE_OF(reg, HMAIR_ATTR_MASK(n), when, mair_values)
#define DACR_DOMAIN(n)		ONE_OF(DACR, DACR_DOMAIN_MASK(n), VARY_ALWAYS, dacr_values)
#define PRRR_TR(n)		ONE_OF(PRRR, PRRR_TR_MASK(n), VARY_ALWAYS, prrr_tr_values)

static const struct sysreg_field varied_fields[] = {
	ANY(HSCTLR, HSCTLR_C_BIT | HSCTLR_I_BIT),
	ANY_IF(HSCTLR, HSCTLR_WXN_BIT, VARY_EL2_MMU_OFF),
	XLAT_ANY_IF(HCR, HCR32_PTW_BIT, VARY_ALWAYS),
	ANY(HCR, HCR32_SWIO_BIT | HCR32_FMO_BIT | HCR32_IMO_BIT |
		 HCR32_AMO_BIT | HCR32_FB_BIT | HCR32_BSU_MASK |
		 (HCR32_PL1_TRAPS_MASK & ~HCR32_TSC_BIT)),
	ONE_OF(HDCR, HDCR_HPMN_MASK, VARY_ALWAYS, hpmn_values),
	ANY(HDCR, HDCR_TRAPS_MASK),
	ANY(HCPTR, HCPTR_TTA_BIT | HCPTR_TCPAC_BIT),
	ANY(HSTR, HSTR32_T_MASK),
	XLAT_ANY_IF(HTCR, HTCR_T0SZ_MASK | HTCR_IRGN0_MASK | HTCR_ORGN0_MASK, VARY_EL2_MMU_OFF),
	XLAT_ONE_OF(HTCR, HTCR_SH0_MASK, VARY_EL2_MMU_OFF, sh_values),
	ANY_IF(HTTBR, TTBR64_BADDR_4K_MASK, VARY_EL2_MMU_OFF),
	HMAIR_ATTR(HMAIR0, 0, VARY_EL2_MMU_OFF), HMAIR_ATTR(HMAIR0, 1, VARY_ALWAYS),
	HMAIR_ATTR(HMAIR0, 2, VARY_ALWAYS), HMAIR_ATTR(HMAIR0, 3, VARY_ALWAYS),
	HMAIR_ATTR(HMAIR1, 0, VARY_ALWAYS), HMAIR_ATTR(HMAIR1, 1, VARY_ALWAYS),
	HMAIR_ATTR(HMAIR1, 2, VARY_ALWAYS), HMAIR_ATTR(HMAIR1, 3, VARY_ALWAYS),
	/* Stage 2, off (HCR.VM 0): its configuration is free. */
	ONE_OF(VTCR, VTCR32_T0SZ_S_MASK, VARY_ALWAYS, vtcr_t0sz_values),
	ANY(VTCR, VTCR32_SL0_MASK | HTCR_IRGN0_MASK | HTCR_ORGN0_MASK),
	ONE_OF(VTCR, HTCR_SH0_MASK, VARY_ALWAYS, sh_values),
	XLAT_ANY_IF(VTTBR, TTBR64_BADDR_4K_MASK | VTTBR32_VMID_MASK, VARY_ALWAYS),
	ANY(HTPIDR, WORD32_MASK),
	ANY(VPIDR, WORD32_MASK),
	ANY(VMPIDR, VMPIDR32_FIELDS_MASK),
	ANY(CNTHCTL, CNTHCTL32_FIELDS_MASK),
	ANY(CNTVOFF, UINT64_MAX),

	ANY(SCTLR, SCTLR32_C_BIT | SCTLR32_CP15BEN_BIT | SCTLR32_I_BIT | SCTLR32_V_BIT |
		   SCTLR32_TE_BIT),
	ANY_IF(SCTLR, SCTLR32_WXN_BIT | SCTLR32_UWXN_BIT | SCTLR32_TRE_BIT | SCTLR32_AFE_BIT,
	       VARY_EL1_MMU_OFF),
	ANY(VBAR, VBAR32_ADDR_MASK),
	ANY_IF(TTBR0, TTBR32_BASE_MASK | TTBR32_ATTR_MASK, VARY_EL1_MMU_OFF),
	ANY_IF(TTBR1, TTBR32_BASE_MASK | TTBR32_ATTR_MASK, VARY_EL1_MMU_OFF),
	ANY_IF(TTBCR, TTBCR_FIELDS_MASK, VARY_EL1_MMU_OFF),
	DACR_DOMAIN(0), DACR_DOMAIN(1), DACR_DOMAIN(2), DACR_DOMAIN(3),
	DACR_DOMAIN(4), DACR_DOMAIN(5), DACR_DOMAIN(6), DACR_DOMAIN(7),
	DACR_DOMAIN(8), DACR_DOMAIN(9), DACR_DOMAIN(10), DACR_DOMAIN(11),
	DACR_DOMAIN(12), DACR_DOMAIN(13), DACR_DOMAIN(14), DACR_DOMAIN(15),
	ANY(DFSR, DFSR_FIELDS_MASK),
	ANY(IFSR, IFSR_FIELDS_MASK),
	ANY(DFAR, WORD32_MASK),
	ANY(IFAR, WORD32_MASK),
	ANY(PAR, PAR32_FIELDS_MASK),
	PRRR_TR(0), PRRR_TR(1), PRRR_TR(2), PRRR_TR(3),
	PRRR_TR(4), PRRR_TR(5), PRRR_TR(6), PRRR_TR(7),
	ANY(PRRR, PRRR_FLAGS_MASK),
	ANY(NMRR, WORD32_MASK),
	ANY(CONTEXTIDR, WORD32_MASK),
	ANY(TPIDRURW, WORD32_MASK),
	ANY(TPIDRURO, WORD32_MASK),
	ANY(TPIDRPRW, WORD32_MASK),
	ONE_OF(CPACR, CPACR_CP10_CP11_MASK, VARY_ALWAYS, cp10_cp11_values),
	ONE_OF(CPACR, CPACR_DIS_MASK, VARY_ALWAYS, cpacr_dis_values),
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

/* The processor modes, named as the Arm ARM's short names. */
#define CPSR_MODES(X) \
	X(USR, "usr") X(FIQ, "fiq") X(IRQ, "irq") X(SVC, "svc") X(MON, "mon") \
	X(ABT, "abt") X(HYP, "hyp") X(UND, "und") X(SYS, "sys")

static const char *mode_name(uint32_t cpsr)
{
#define A32_MODE(m, s) [CPSR_M_##m & 0xf] = s,
#define T32_MODE(m, s) [CPSR_M_##m & 0xf] = s " (T32)",
	static const char *const arm[] = { CPSR_MODES(A32_MODE) };
	static const char *const thumb[] = { CPSR_MODES(T32_MODE) };
#undef A32_MODE
#undef T32_MODE
	const char *name;

	if (!(cpsr & CPSR_M_USR))
		return "invalid mode";
	name = ((cpsr & CPSR_T_BIT) ? thumb : arm)[cpsr & 0xf];
	return name ? name : "invalid mode";
}

/* The emulator's side of each is in emu.c, in the same order. */
static const struct cpu_model cpus[] = {
	{ "a15", "Cortex-A15: ARMv7-A with the Virtualization Extensions", "cortex-a15", false },
};

const struct arch_desc aarch32_desc = {
	.name = "arm", .long_name = "aarch32",
	.elf_class = ELFCLASS32, .elf_machine = EM_ARM,
	.addr_limit = UINT64_C(1) << 32,
	.vector_align = HVBAR_ALIGN, .hvc_vector = HYP_VECTOR_TRAP,
	.insn_align = A32_INSN_SIZE, .hvc_size = A32_INSN_SIZE, .thumb_bit = CPSR_T_BIT,
	.thumb_align = T32_HALFWORD,
	.gpr_mask = UINT32_MAX,
	.fill_insn = A32_UDF_0,	/* zeros would be ANDEQ: blocks of hundreds */
	.landing_insn = A32_B_SELF,
	ARCH_DESC_COMMON_TABLES,
	.relocate = aarch32_relocate,
	.clobber_gprs = MASK64(0, 4) | BIT64(12),	/* r0-r3 and ip (r12) */
	.clobber_text = "r0-r3, ip and the flags",
	.ret_gpr = 0, .sp_gpr = 13, .pstate_name = "cpsr",
	/* Past a byte, a halfword; and the top bit. */
	.partial_decode_bits = BIT64(8) | BIT64(16) | BIT64(31),
	.entry = { "ELR_hyp", "SPSR_hyp", "HSR" },
	.sysregs = aarch32_sysregs,
	.vbar = R_HVBAR, .el2_sctlr = R_HSCTLR, .el2_mmu_bit = HSCTLR_M_BIT,
	.translation_regs = BIT64(R_HSCTLR) | BIT64(R_HCR) | BIT64(R_HTCR) | BIT64(R_HTTBR) |
			    BIT64(R_HMAIR0) | BIT64(R_HMAIR1) | BIT64(R_VTCR) | BIT64(R_VTTBR) |
			    BIT64(R_SCTLR) | BIT64(R_TTBR0) | BIT64(R_TTBR1) | BIT64(R_TTBCR) |
			    BIT64(R_DACR) | BIT64(R_PRRR) | BIT64(R_NMRR) | BIT64(R_CONTEXTIDR),
	.mmu_enable_regs = BIT64(R_HSCTLR) | BIT64(R_SCTLR),
	.return_mode_mask = CPSR_M_MASK | CPSR_T_BIT | CPSR_AIF_MASK | CPSR_E_BIT,
	.exception_masks = CPSR_AIF_MASK, .flags_mask = CPSR_FLAGS_MASK,
	.restart_moves = NULL, .nrestart_moves = 0,
	.cs_arch = CS_ARCH_ARM, .cs_mode = CS_MODE_ARM, .cs_mode_thumb = CS_MODE_THUMB,
	.cs_noregname = true,	/* r9-r12, not sb/sl/fp/ip (EMULATION-NOTES.md) */
	.tarmac_isa = 'A', .tarmac_isa_thumb = 'T',
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
	.qemu = { .system = "qemu-system-arm",
		  .machine = "virt,virtualization=on,secure=on,highmem=off" },
	.kernel = { .base_align = UINT64_C(128) << 20, .base_must_align = false,
		    .text_offset = 0x8000, .image_header = false },
	.cpus = cpus, .ncpus = sizeof(cpus) / sizeof(cpus[0]),
};

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

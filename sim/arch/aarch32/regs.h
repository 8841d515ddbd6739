/*
 * AArch32 (ARMv7-A with the Virtualization Extensions) names used by
 * hypabi and by the arm stubs. Source: Arm ARM (DDI 0406C), B1.3 (modes
 * and the CPSR), B1.8 (exception handling in Hyp mode), B3.17/B4.1
 * (system registers); encodings from A8/A9 (instructions).
 */
#ifndef HYPABI_AARCH32_REGS_H
#define HYPABI_AARCH32_REGS_H

#include "bits.h"

/* CPSR / SPSR (B1.3.3). */
#define CPSR_M_MASK		U(0x1f)
#define CPSR_M_USR		U(0x10)
#define CPSR_M_FIQ		U(0x11)
#define CPSR_M_IRQ		U(0x12)
#define CPSR_M_SVC		U(0x13)
#define CPSR_M_MON		U(0x16)
#define CPSR_M_ABT		U(0x17)
#define CPSR_M_HYP		U(0x1a)
#define CPSR_M_UND		U(0x1b)
#define CPSR_M_SYS		U(0x1f)
#define CPSR_T_BIT		BIT32(5)
#define CPSR_F_BIT		BIT32(6)
#define CPSR_I_BIT		BIT32(7)
#define CPSR_A_BIT		BIT32(8)
#define CPSR_E_BIT		BIT32(9)
#define CPSR_AIF_MASK		(CPSR_A_BIT | CPSR_I_BIT | CPSR_F_BIT)
#define CPSR_GE_MASK		U(0x000f0000)
#define CPSR_Q_BIT		BIT32(27)
#define CPSR_NZCV_MASK		U(0xf0000000)
#define CPSR_FLAGS_MASK		(CPSR_NZCV_MASK | CPSR_Q_BIT | CPSR_GE_MASK)

/*
 * The system control coprocessor, and the two CRn groups of its MCR
 * operations that name no register (B4.2): c7 cache and branch
 * predictor maintenance, barriers and address translation (the ATS
 * operations write PAR), c8 TLB maintenance.
 */
#define CP15			U(15)
#define CP15_CRN_C7_OPS		U(7)
#define CP15_CRN_C8_TLB_OPS	U(8)

/* HSR (B4.1.76). */
#define HSR_EC_SHIFT		U(26)
#define HSR_EC_HVC		U(0x12)
#define HSR_IL_BIT		BIT32(25)
#define HSR_ISS_HVC_IMM_MASK	U(0xffff)

/* SCR (B4.1.129). */
#define SCR32_NS_BIT		BIT32(0)
#define SCR32_HCE_BIT		BIT32(8)

/* HSCTLR (B4.1.67). */
#define HSCTLR_M_BIT		BIT32(0)
#define HSCTLR_A_BIT		BIT32(1)
#define HSCTLR_C_BIT		BIT32(2)
#define HSCTLR_I_BIT		BIT32(12)
#define HSCTLR_EE_BIT		BIT32(25)
#define HSCTLR_TE_BIT		BIT32(30)
#define HSCTLR_RES1		(BIT32(4) | BIT32(5) | BIT32(11) | BIT32(16) | BIT32(18) | \
				 BIT32(22) | BIT32(23) | BIT32(28) | BIT32(29))
/* SCTLR (PL1) reset-like value: RES1 bits, caches on, MMU off. */
#define SCTLR32_RES1		(BIT32(4) | BIT32(11) | BIT32(16) | BIT32(18) | BIT32(22) | \
				 BIT32(23))

/* HCPTR: trap nothing; RES1 bits [13:12] and [9:0] (B4.1.63). */
#define HCPTR_RES1		(U(0x3ff) | BIT32(12) | BIT32(13))
/* CPACR: full access to cp10 and cp11 (the FPU). */
#define CPACR_CP10_CP11_FULL	(U(0xf) << 20)
/* NSACR: the Non-secure side may use cp10 and cp11, the FPU (B4.1.111). */
#define NSACR_CP10_CP11		(U(3) << 10)
/* FPEXC.EN: the FPU is enabled. */
#define FPEXC_EN_BIT		BIT32(30)

/* HTCR, long-descriptor translation at Hyp (B4.1.77); T0SZ 0: 4 GiB. */
#define HTCR_RES1		(BIT32(31) | BIT32(23))
#define HTCR_IRGN0_WBWA		(U(1) << 8)
#define HTCR_ORGN0_WBWA		(U(1) << 10)
#define HTCR_SH0_INNER		(U(3) << 12)
/* LPAE level 1 block descriptor fields: the same layout as AArch64's. */
#define LPAE_TYPE_BLOCK		ULL(0x1)
#define LPAE_SH_INNER		(ULL(3) << 8)
#define LPAE_AF_BIT		BIT64(10)
#define LPAE_L1_BLOCK_SHIFT	U(30)
#define HMAIR_ATTR_NORMAL_WB	U(0xff)

/* Hyp vector table (B1.8.1): HVBAR is 32-byte aligned; hvc enters at +0x14. */
#define HVBAR_ALIGN		U(0x20)
#define HYP_VECTOR_TRAP		U(0x14)

/* Instruction encodings the harness writes into its own pages. */
#define A32_HVC_0		U(0xe1400070)
#define A32_ERET		U(0xe160006e)
#define A32_NOP			U(0xe320f000)
#define A32_UDF_0		U(0xe7f000f0)
#define A32_B_SELF		U(0xeafffffe)	/* b . */
#define A32_MSR_ELR_HYP_R0	U(0xe12ef300)
#define A32_INSN_SIZE		U(4)
#define A32_COND_OP_MASK	U(0xff000000)	/* condition and major opcode */
#define A32_B_AL		U(0xea000000)	/* B, condition AL */
/* T32 (A6.1): a first halfword >= 0b11101 << 11 starts a 32-bit instruction. */
#define T32_HALFWORD		U(2)
#define T32_WIDE_SIZE		U(4)
#define T32_WIDE_SHIFT		U(11)
#define T32_WIDE_MIN		U(0x1d)
#define T32_WFI_NARROW		U(0xbf30)
#define T32_MAX_BLOCK		U(4096)	/* bytes of one translation block, at most */
#define T32_HVC_0_HW1		U(0xf7e0)	/* hvc #imm16: f7e0|imm4, 8000|imm12 */
#define T32_HVC_0_HW2		U(0x8000)
#define T32_NOP			U(0xbf00)

#endif

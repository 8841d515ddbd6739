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
/* TLBIALLH and TLBIALLNSNH (B4.2.3): opc1, CRm, opc2 under c8. */
#define TLBIALLH_FIELDS		4, 7, 0
#define TLBIALLNSNH_FIELDS	4, 7, 4

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
#define HSCTLR_WXN_BIT		BIT32(19)
#define HSCTLR_EE_BIT		BIT32(25)
#define HSCTLR_TE_BIT		BIT32(30)
#define HSCTLR_RES1		(BIT32(4) | BIT32(5) | BIT32(11) | BIT32(16) | BIT32(18) | \
				 BIT32(22) | BIT32(23) | BIT32(28) | BIT32(29))
/* SCTLR (PL1) reset-like value: RES1 bits, caches on, MMU off. */
#define SCTLR32_RES1		(BIT32(4) | BIT32(11) | BIT32(16) | BIT32(18) | BIT32(22) | \
				 BIT32(23))
/* SCTLR's fields software chooses (B4.1.130). */
#define SCTLR32_A_BIT		BIT32(1)
#define SCTLR32_C_BIT		BIT32(2)
#define SCTLR32_CP15BEN_BIT	BIT32(5)
#define SCTLR32_I_BIT		BIT32(12)
#define SCTLR32_V_BIT		BIT32(13)	/* high exception vectors */
#define SCTLR32_WXN_BIT		BIT32(19)
#define SCTLR32_UWXN_BIT	BIT32(20)
#define SCTLR32_EE_BIT		BIT32(25)
#define SCTLR32_TRE_BIT		BIT32(28)	/* TEX remap */
#define SCTLR32_AFE_BIT		BIT32(29)	/* access flag */
#define SCTLR32_TE_BIT		BIT32(30)	/* exceptions to PL1 taken in T32 */

/* HCR (B4.1.65): the bits as on AArch64's HCR_EL2 [30:0]. */
#define HCR32_VM_BIT		BIT32(0)
#define HCR32_SWIO_BIT		BIT32(1)
#define HCR32_PTW_BIT		BIT32(2)
#define HCR32_FMO_BIT		BIT32(3)
#define HCR32_IMO_BIT		BIT32(4)
#define HCR32_AMO_BIT		BIT32(5)
#define HCR32_VF_BIT		BIT32(6)
#define HCR32_VI_BIT		BIT32(7)
#define HCR32_VA_BIT		BIT32(8)
#define HCR32_FB_BIT		BIT32(9)
#define HCR32_BSU_MASK		(U(3) << 10)
#define HCR32_DC_BIT		BIT32(12)
#define HCR32_PL1_TRAPS_MASK	(((U(1) << 14) - 1) << 13)	/* TWI .. TVM, [26:13] */
#define HCR32_TSC_BIT		BIT32(19)	/* traps SMC */
#define HCR32_TGE_BIT		BIT32(27)
#define HCR32_HCD_BIT		BIT32(29)

/* HDCR (B4.1.66): HPMN, at most PMCR.N (4 on the A15 model); the trap bits [11:5]. */
#define HDCR_HPMN_MASK		U(0x1f)
#define HDCR_HPMN_A15		U(4)
#define HDCR_TRAPS_MASK		(U(0x7f) << 5)

/* HSTR (B4.1.73): T0-T15, but T4 and T14 RES0; TTEE, TJDBX held (no ThumbEE). */
#define HSTR32_T_MASK		(U(0xffff) & ~(BIT32(4) | BIT32(14)))

/* HCPTR: trap nothing; RES1 bits [13:12] and [9:0] (B4.1.63). */
#define HCPTR_RES1		(U(0x3ff) | BIT32(12) | BIT32(13))
#define HCPTR_TCP10_BIT		BIT32(10)
#define HCPTR_TCP11_BIT		BIT32(11)
#define HCPTR_TASE_BIT		BIT32(15)
#define HCPTR_TTA_BIT		BIT32(20)
#define HCPTR_TCPAC_BIT		BIT32(31)
/*
 * CPACR (B4.1.40): cp10 and cp11 [23:20], equal (else UNPREDICTABLE),
 * 0b10 reserved; ASEDIS and D32DIS [31:30], D32DIS only with ASEDIS.
 */
#define CPACR_CP10_CP11_SHIFT	U(20)
#define CPACR_CP10_CP11_MASK	(U(0xf) << CPACR_CP10_CP11_SHIFT)
#define CPACR_CP10_CP11_NONE	U(0x0)
#define CPACR_CP10_CP11_PL1	U(0x5)
#define CPACR_CP10_CP11_ALL	U(0xf)
#define CPACR_DIS_SHIFT		U(30)
#define CPACR_DIS_MASK		(U(3) << CPACR_DIS_SHIFT)
#define CPACR_ASEDIS		U(2)	/* in CPACR_DIS */
#define CPACR_ASEDIS_D32DIS	U(3)
/* CPACR: full access to cp10 and cp11 (the FPU). */
#define CPACR_CP10_CP11_FULL	(U(0xf) << 20)
/* NSACR: the Non-secure side may use cp10 and cp11, the FPU (B4.1.111). */
#define NSACR_CP10_CP11		(U(3) << 10)
/* FPEXC.EN: the FPU is enabled. */
#define FPEXC_EN_BIT		BIT32(30)
/*
 * FPSCR (B6.1.46). AAPCS 5.1.2.2: NZCV, QC and the cumulative exception
 * flags (IDC, IXC..IOC) may change across a call; the rest is
 * callee-saved. AHP, DN, FZ, RMode are software's choice; Len and Stride
 * must be 0 at a call (AAPCS), and the A15 traps no FP exception
 * (IDE, IXE..IOE RAZ/WI).
 */
#define FPSCR_NZCV_MASK		U(0xf0000000)
#define FPSCR_QC_BIT		BIT32(27)
#define FPSCR_AHP_BIT		BIT32(26)
#define FPSCR_DN_BIT		BIT32(25)
#define FPSCR_FZ_BIT		BIT32(24)
#define FPSCR_RMODE_MASK	(U(3) << 22)
#define FPSCR_IDC_BIT		BIT32(7)
#define FPSCR_CUMULATIVE_MASK	U(0x1f)		/* IXC, UFC, OFC, DZC, IOC */
#define FPSCR_FLAGS_MASK	(FPSCR_NZCV_MASK | FPSCR_QC_BIT | FPSCR_IDC_BIT | \
				 FPSCR_CUMULATIVE_MASK)
#define FPSCR_CONTROL_MASK	(FPSCR_AHP_BIT | FPSCR_DN_BIT | FPSCR_FZ_BIT | FPSCR_RMODE_MASK)

/* HTCR, long-descriptor translation at Hyp (B4.1.77); T0SZ 0: 4 GiB. */
#define HTCR_RES1		(BIT32(31) | BIT32(23))
#define HTCR_T0SZ_MASK		U(0x7)
#define HTCR_IRGN0_MASK		(U(3) << 8)
#define HTCR_ORGN0_MASK		(U(3) << 10)
#define HTCR_SH0_MASK		(U(3) << 12)
#define HTCR_IRGN0_WBWA		(U(1) << 8)
#define HTCR_ORGN0_WBWA		(U(1) << 10)
#define HTCR_SH0_INNER		(U(3) << 12)
/* Long-descriptor SH values: 0b01 is reserved. */
#define LPAE_SHARE_NONE		U(0)
#define LPAE_SHARE_OUTER	U(2)
#define LPAE_SHARE_INNER	U(3)
/*
 * VTCR (B4.1.159): T0SZ [3:0] signed, S (bit 4) its sign, which must
 * equal T0SZ[3]; SL0 [7:6]; the walk's attributes as HTCR's; bit 31 RES1.
 */
#define VTCR32_T0SZ_S_MASK	U(0x1f)
#define VTCR32_SL0_MASK		(U(3) << 6)
/* HTTBR, VTTBR: a 4 KiB aligned base below the A15's 40-bit PA; VTTBR's VMID. */
#define TTBR64_BADDR_4K_MASK	(((ULL(1) << 28) - 1) << 12)	/* [39:12] */
#define VTTBR32_VMID_MASK	(ULL(0xff) << 48)
/* HMAIRn, like MAIR0/1 (B4.1.104): four 8-bit attributes each. */
#define HMAIR_ATTR_WIDTH	U(8)
#define HMAIR_ATTR_MASK(n)	(U(0xff) << ((n) * HMAIR_ATTR_WIDTH))
/* VMPIDR: Aff0-2, MT, U; bit 31 RES1. */
#define VMPIDR32_FIELDS_MASK	(U(0xffffff) | BIT32(24) | BIT32(30))
/* CNTHCTL: PL1PCTEN, PL1PCEN, EVNTEN, EVNTDIR, EVNTI. */
#define CNTHCTL32_FIELDS_MASK	U(0xff)

/* Short-descriptor TTBR0/1 (B4.1.154): the base [31:14] (for every TTBCR.N), and attributes. */
#define TTBR32_BASE_MASK	(~U(0) << 14)
#define TTBR32_ATTR_MASK	(BIT32(0) | BIT32(1) | (U(3) << 3) | BIT32(5) | BIT32(6))
/* TTBCR (B4.1.153): N, PD0, PD1; EAE held (the TTBRs' format). */
#define TTBCR_FIELDS_MASK	(U(0x7) | BIT32(4) | BIT32(5))
/* DACR: sixteen 2-bit domains, 0b10 reserved. */
#define DACR_DOMAIN_WIDTH	U(2)
#define DACR_DOMAIN_MASK(n)	(U(3) << ((n) * DACR_DOMAIN_WIDTH))
#define DACR_NO_ACCESS		U(0)
#define DACR_CLIENT		U(1)
#define DACR_MANAGER		U(3)
/* DFSR, IFSR (short-descriptor format): FS, Domain, WnR, ExT, CM; LPAE held 0. */
#define DFSR_FIELDS_MASK	(U(0xff) | BIT32(10) | BIT32(11) | BIT32(12) | BIT32(13))
#define IFSR_FIELDS_MASK	(U(0xf) | BIT32(10) | BIT32(12))
/* PAR (short-descriptor, F 0): SS, Outer, Inner, SH, NS, NOS, PA; the IMP DEF bit 8 held. */
#define PAR32_FIELDS_MASK	((~U(0) << 12) | U(0x6fe))
/* PRRR (B4.1.127): TRn 2-bit types (0b11 reserved), DS0/1, NS0/1, NOSn. */
#define PRRR_TR_WIDTH		U(2)
#define PRRR_TR_MASK(n)		(U(3) << ((n) * PRRR_TR_WIDTH))
#define PRRR_TR_DEVICE		U(1)
#define PRRR_TR_NORMAL		U(2)
#define PRRR_FLAGS_MASK		((U(0xf) << 16) | (U(0xff) << 24))
#define VBAR32_ADDR_MASK	(~U(0x1f))
#define WORD32_MASK		U(0xffffffff)
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

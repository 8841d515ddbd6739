/*
 * AArch64 architectural names used by hypabi and by the arm64 stubs.
 * Each field is named once here; source: Arm ARM (DDI 0487), the system
 * register descriptions and the exception model chapter (D1).
 */
#ifndef HYPABI_AARCH64_REGS_H
#define HYPABI_AARCH64_REGS_H

#include "bits.h"

/* PSTATE / SPSR_ELx (D1.2, C5.2.18). */
#define PSTATE_M_SHIFT		U(0)
#define PSTATE_M_MASK		U(0x1f)
#define PSTATE_M_EL1H		U(0x05)
#define PSTATE_M_EL2H		U(0x09)
/* PSTATE.IL: an illegal exception return (to EL1 with HCR_EL2.TGE set, say) left it set. */
#define PSTATE_IL_BIT		BIT32(20)
#define PSTATE_M_EL2T		U(0x08)
#define PSTATE_M_EL1T		U(0x04)
#define PSTATE_EL_SHIFT		U(2)
#define PSTATE_EL_MASK		U(0x3)
#define PSTATE_SP_BIT		BIT32(0)	/* SPSel: 1 = SP_ELx */
#define PSTATE_NRW_BIT		BIT32(4)	/* 1 = AArch32 */
#define PSTATE_F_BIT		BIT32(6)
#define PSTATE_I_BIT		BIT32(7)
#define PSTATE_A_BIT		BIT32(8)
#define PSTATE_D_BIT		BIT32(9)
#define PSTATE_DAIF_MASK	(PSTATE_D_BIT | PSTATE_A_BIT | PSTATE_I_BIT | PSTATE_F_BIT)
#define PSTATE_NZCV_MASK	U(0xf0000000)

/* ESR_ELx (D17.2.37). */
#define ESR_EC_SHIFT		U(26)
#define ESR_EC_WIDTH		U(6)
#define ESR_EC_HVC64		U(0x16)	/* HVC executed in AArch64 state */
#define ESR_IL_BIT		BIT32(25)
#define ESR_ISS_HVC_IMM_MASK	U(0xffff)

/* SCR_EL3 (D17.2.117). */
#define SCR_NS_BIT		BIT64(0)
#define SCR_HCE_BIT		BIT64(8)
#define SCR_RW_BIT		BIT64(10)

/* HCR_EL2 (D17.2.48). */
#define HCR_VM_BIT		BIT64(0)	/* stage 2 translation of EL1&0 */
#define HCR_SWIO_BIT		BIT64(1)
#define HCR_PTW_BIT		BIT64(2)
#define HCR_FMO_BIT		BIT64(3)	/* FIQ routed to EL2 */
#define HCR_IMO_BIT		BIT64(4)	/* IRQ routed to EL2 */
#define HCR_AMO_BIT		BIT64(5)	/* SError routed to EL2 */
#define HCR_VF_BIT		BIT64(6)	/* a virtual FIQ pending */
#define HCR_VI_BIT		BIT64(7)	/* a virtual IRQ pending */
#define HCR_VSE_BIT		BIT64(8)	/* a virtual SError pending */
#define HCR_FB_BIT		BIT64(9)
#define HCR_BSU_SHIFT		U(10)
#define HCR_BSU_MASK		MASK64(HCR_BSU_SHIFT, 2)
#define HCR_DC_BIT		BIT64(12)	/* default cacheable: as if VM were set */
/* Traps of EL1 and EL0 instructions to EL2, bits [26:13]: TWI .. TVM; TSC traps SMC. */
#define HCR_TWI_BIT		BIT64(13)
#define HCR_TSC_BIT		BIT64(19)
#define HCR_TVM_BIT		BIT64(26)
#define HCR_EL1_TRAPS_MASK	MASK64(13, 14)
#define HCR_TGE_BIT		BIT64(27)	/* EL0 is the host's: EL2&0 regime with E2H */
#define HCR_TDZ_BIT		BIT64(28)
#define HCR_HCD_BIT		BIT64(29)	/* HVC disabled (RES0 with EL3, as here) */
#define HCR_TRVM_BIT		BIT64(30)
#define HCR_RW_BIT		BIT64(31)	/* EL1 is AArch64 */
#define HCR_CD_BIT		BIT64(32)
#define HCR_ID_BIT		BIT64(33)
#define HCR_E2H_BIT		BIT64(34)	/* EL2 Host: VHE (FEAT_VHE) */

/* SCTLR_ELx (D17.2.118); bits 4-26 but WXN and EE are SCTLR_EL1's (EL0's) alone. */
#define SCTLR_M_BIT		BIT64(0)
#define SCTLR_A_BIT		BIT64(1)
#define SCTLR_C_BIT		BIT64(2)
#define SCTLR_SA_BIT		BIT64(3)
#define SCTLR_SA0_BIT		BIT64(4)
#define SCTLR_CP15BEN_BIT	BIT64(5)
#define SCTLR_ITD_BIT		BIT64(7)
#define SCTLR_SED_BIT		BIT64(8)
#define SCTLR_UMA_BIT		BIT64(9)
#define SCTLR_I_BIT		BIT64(12)
#define SCTLR_DZE_BIT		BIT64(14)
#define SCTLR_UCT_BIT		BIT64(15)
#define SCTLR_NTWI_BIT		BIT64(16)
#define SCTLR_NTWE_BIT		BIT64(18)
#define SCTLR_WXN_BIT		BIT64(19)
#define SCTLR_E0E_BIT		BIT64(24)
#define SCTLR_EE_BIT		BIT64(25)
#define SCTLR_UCI_BIT		BIT64(26)
/* SCTLR_EL2 RES1 bits when HCR_EL2.E2H == 0. */
#define SCTLR_EL2_RES1		(BIT64(4) | BIT64(5) | BIT64(11) | BIT64(16) | \
				 BIT64(18) | BIT64(22) | BIT64(23) | BIT64(28) | BIT64(29))
/* SCTLR_EL1 RES1 bits (ARMv8.0). */
#define SCTLR_EL1_RES1		(BIT64(11) | BIT64(20) | BIT64(22) | BIT64(23) | \
				 BIT64(28) | BIT64(29))

/* CPACR_EL1.FPEN: no trapping of FP/SIMD at EL0 and EL1. */
#define CPACR_FPEN_SHIFT	U(20)
#define CPACR_FPEN_MASK		MASK64(CPACR_FPEN_SHIFT, 2)
#define CPACR_FPEN_NOTRAP	(ULL(3) << CPACR_FPEN_SHIFT)
#define CPACR_TTA_BIT		BIT64(28)

/* CPTR_EL2 (E2H == 0, D17.2.32): RES1 bits; TFP (bit 10) traps FP/SIMD at EL2 too. */
#define CPTR_EL2_RES1		(MASK64(0, 10) | BIT64(12) | BIT64(13))
#define CPTR_TFP_BIT		BIT64(10)
#define CPTR_TTA_BIT		BIT64(20)
#define CPTR_TCPAC_BIT		BIT64(31)

/*
 * MDCR_EL2 (D17.2.66): HPMN, the event counters EL1 may use, at most
 * PMCR_EL0.N (6 on the A57 model); then the trap and enable bits [11:5]:
 * TPMCR, TPM, HPME, TDE, TDA, TDOSA, TDRA.
 */
#define MDCR_HPMN_SHIFT		U(0)
#define MDCR_HPMN_MASK		MASK64(MDCR_HPMN_SHIFT, 5)
#define MDCR_HPMN_A57		ULL(6)
#define MDCR_TRAPS_MASK		MASK64(5, 7)

/* HSTR_EL2: T0-T15 trap AArch32 EL1 CP15 accesses, but T4 and T14 are RES0. */
#define HSTR_T_MASK		(MASK64(0, 16) & ~(BIT64(4) | BIT64(14)))

/* CNTHCTL_EL2 (E2H == 0) and CNTKCTL_EL1: the counter access and event-stream fields. */
#define CNTHCTL_FIELDS_MASK	MASK64(0, 8)	/* EL1PCTEN, EL1PCEN, EVNTEN, EVNTDIR, EVNTI */
#define CNTKCTL_FIELDS_MASK	MASK64(0, 10)	/* EL0PCTEN .. EVNTI, EL0VTEN, EL0PTEN */

/* VPIDR_EL2: a MIDR_EL1 value, 32 bits. VMPIDR_EL2: an MPIDR_EL1 value, bit 31 RES1. */
#define VPIDR_MASK		MASK64(0, 32)
#define VMPIDR_AFF012_MASK	MASK64(0, 24)
#define VMPIDR_MT_BIT		BIT64(24)
#define VMPIDR_U_BIT		BIT64(30)
#define VMPIDR_RES1		BIT64(31)
#define VMPIDR_AFF3_MASK	MASK64(32, 8)

/* TCR_EL2 (E2H == 0), TCR_EL1 and VTCR_EL2: the TTBR0 (stage 2: VTTBR) half. */
#define TCR_T0SZ_SHIFT		U(0)
#define TCR_T0SZ_MASK		MASK64(TCR_T0SZ_SHIFT, 6)
#define TCR_EPD0_BIT		BIT64(7)	/* TCR_EL1 */
#define TCR_IRGN0_SHIFT		U(8)
#define TCR_IRGN0_MASK		MASK64(TCR_IRGN0_SHIFT, 2)
#define TCR_IRGN0_WBWA		(ULL(1) << 8)
#define TCR_ORGN0_SHIFT		U(10)
#define TCR_ORGN0_MASK		MASK64(TCR_ORGN0_SHIFT, 2)
#define TCR_ORGN0_WBWA		(ULL(1) << 10)
#define TCR_SH0_SHIFT		U(12)
#define TCR_SH0_MASK		MASK64(TCR_SH0_SHIFT, 2)
#define TCR_SH0_INNER		(ULL(3) << 12)
#define TCR_TG0_SHIFT		U(14)
#define TCR_TG0_MASK		MASK64(TCR_TG0_SHIFT, 2)
#define TCR_TG0_4K		(ULL(0) << 14)
#define TCR_EL2_PS_SHIFT	U(16)
#define TCR_EL2_PS_MASK		MASK64(TCR_EL2_PS_SHIFT, 3)
#define TCR_PS_40BIT		ULL(2)
#define TCR_EL2_TBI_BIT		BIT64(20)
#define TCR_EL2_RES1		(BIT64(23) | BIT64(31))
/* VTCR_EL2 (D17.2.154): SL0, the starting level of the stage 2 walk; bit 31 RES1. */
#define VTCR_SL0_SHIFT		U(6)
#define VTCR_SL0_MASK		MASK64(VTCR_SL0_SHIFT, 2)
#define VTCR_PS_SHIFT		U(16)
#define VTCR_PS_MASK		MASK64(VTCR_PS_SHIFT, 3)
#define VTCR_RES1		BIT64(31)
/* TCR_EL1 (D17.2.131): the TTBR1 half, and what both halves share. */
#define TCR_T1SZ_SHIFT		U(16)
#define TCR_T1SZ_MASK		MASK64(TCR_T1SZ_SHIFT, 6)
#define TCR_A1_BIT		BIT64(22)
#define TCR_EPD1_BIT		BIT64(23)
#define TCR_IRGN1_MASK		MASK64(24, 2)
#define TCR_ORGN1_MASK		MASK64(26, 2)
#define TCR_SH1_SHIFT		U(28)
#define TCR_SH1_MASK		MASK64(TCR_SH1_SHIFT, 2)
#define TCR_TG1_SHIFT		U(30)
#define TCR_TG1_MASK		MASK64(TCR_TG1_SHIFT, 2)
#define TCR_IPS_SHIFT		U(32)
#define TCR_IPS_MASK		MASK64(TCR_IPS_SHIFT, 3)
#define TCR_AS_BIT		BIT64(36)
#define TCR_TBI0_BIT		BIT64(37)
#define TCR_TBI1_BIT		BIT64(38)
/*
 * Field values the architecture defines (others are reserved): a
 * shareability (SH: 0b01 reserved), the granules of TG0 (4 KiB, 64 KiB;
 * the A57 has no 16 KiB) and TG1 (0b10 4 KiB, 0b11 64 KiB), a PA size up
 * to the A57's 44 bits (PS/IPS 0b100), and a T0SZ the 4 KiB and 64 KiB
 * granules both take (16..39).
 */
#define TCR_SH_NONE		ULL(0)
#define TCR_SH_OUTER		ULL(2)
#define TCR_SH_INNER		ULL(3)
#define TCR_TG0_64K		ULL(1)
#define TCR_TG1_4K		ULL(2)
#define TCR_TG1_64K		ULL(3)
#define TCR_PS_32BIT		ULL(0)
#define TCR_PS_44BIT		ULL(4)
#define TCR_TXSZ_MIN		ULL(16)
#define TCR_TXSZ_MAX		ULL(39)

/*
 * TTBRn_ELx and VTTBR_EL2: the table base, 4 KiB aligned (aligned for
 * every table size) below the A57's 44-bit PA; the ASID (VMID) above.
 */
#define TTBR_BADDR_4K_MASK	MASK64(12, 32)		/* [43:12] */
#define TTBR_ASID_MASK		MASK64(48, 16)
#define VTTBR_VMID_MASK		MASK64(48, 8)		/* 8 bits without FEAT_VMID16 */

/* MAIR_ELx: eight 8-bit attributes; index n at bits [8n+7:8n]. */
#define MAIR_ATTR_WIDTH		U(8)
#define MAIR_ATTR_MASK(n)	MASK64((n) * MAIR_ATTR_WIDTH, MAIR_ATTR_WIDTH)

/* PAR_EL1 (F == 0, a translation's result): SH, NS, PA, ATTR; bit 11 RES1. */
#define PAR_SH_SHIFT		U(7)
#define PAR_SH_MASK		MASK64(PAR_SH_SHIFT, 2)
#define PAR_NS_BIT		BIT64(9)
#define PAR_RES1		BIT64(11)
#define PAR_PA_MASK		MASK64(12, 32)		/* [43:12], the A57's PA */
#define PAR_ATTR_SHIFT		U(56)
#define PAR_ATTR_MASK		MASK64(PAR_ATTR_SHIFT, 8)

/* CONTEXTIDR_EL1.PROCID, ESR_EL1 (ISS2 is later than v8.0): the low 32 bits. */
#define LOW32_MASK		MASK64(0, 32)
#define VBAR_ADDR_MASK		(~MASK64(0, 11))	/* VBAR_ELx: bits [10:0] RES0 */

/* SPSR_ELx fields other than PSTATE's above: SS, and M of an AArch64 EL0/EL1. */
#define SPSR_SS_BIT		BIT64(21)

/* Stage 1 translation table descriptors, 4 KiB granule (D8.3). */
#define TT_TYPE_BLOCK		ULL(0x1)
#define TT_ATTRINDX_SHIFT	U(2)
#define TT_SH_INNER		(ULL(3) << 8)
#define TT_AF_BIT		BIT64(10)
#define TT_L1_BLOCK_SHIFT	U(30)	/* a level 1 block maps 1 GiB */
#define MAIR_ATTR_NORMAL_WB	ULL(0xff)

/*
 * FPCR and FPSR (C5.2.7, C5.2.10). FPCR is callee-saved under AAPCS64:
 * AHP, DN, FZ and RMode are what software chooses (the A57 traps no FP
 * exception, so IDE..IOE are RES0; Len and Stride only carry an AArch32
 * FPSCR's). FPSR is the cumulative flags, which any call may change.
 */
#define FPCR_AHP_BIT		BIT64(26)
#define FPCR_DN_BIT		BIT64(25)
#define FPCR_FZ_BIT		BIT64(24)
#define FPCR_RMODE_MASK		MASK64(22, 2)
#define FPCR_CONTROL_MASK	(FPCR_AHP_BIT | FPCR_DN_BIT | FPCR_FZ_BIT | FPCR_RMODE_MASK)
#define FPSR_NZCV_MASK		MASK64(28, 4)
#define FPSR_QC_BIT		BIT64(27)
#define FPSR_IDC_BIT		BIT64(7)
#define FPSR_CUMULATIVE_MASK	MASK64(0, 5)	/* IXC, UFC, OFC, DZC, IOC */
#define FPSR_FLAGS_MASK		(FPSR_NZCV_MASK | FPSR_QC_BIT | FPSR_IDC_BIT | \
				 FPSR_CUMULATIVE_MASK)

/* Vector table layout (D1.10.2). */
#define VBAR_ALIGN		U(0x800)
#define VECTOR_ENTRY_SIZE	U(0x80)
#define VECTOR_CUR_SP0_SYNC	U(0x000)
#define VECTOR_CUR_SPX_SYNC	U(0x200)
#define VECTOR_LOWER_A64_SYNC	U(0x400)
#define VECTOR_LOWER_A32_SYNC	U(0x600)

/*
 * ID_AA64PFR0_EL1, Processor Feature Register 0 (Arm ARM D19.2): GIC, 1
 * when the GICv3 system register interface is implemented; SVE, non-zero
 * when SVE is.
 */
#define ID_AA64PFR0_EL1_OP0	U(3)
#define ID_AA64PFR0_EL1_OP1	U(0)
#define ID_AA64PFR0_EL1_CRN	U(0)
#define ID_AA64PFR0_EL1_CRM	U(4)
#define ID_AA64PFR0_EL1_OP2	U(0)
#define ID_AA64PFR0_GIC_SHIFT	U(24)
#define ID_AA64PFR0_GIC_MASK	(ULL(0xf) << ID_AA64PFR0_GIC_SHIFT)
#define ID_AA64PFR0_GIC_V3	ULL(1)	/* GICv3/v4 system registers */
#define ID_AA64PFR0_SVE_SHIFT	U(32)
#define ID_AA64PFR0_SVE_MASK	(ULL(0xf) << ID_AA64PFR0_SVE_SHIFT)

/*
 * ID_AA64MMFR1_EL1, Memory Model Feature Register 1 (Arm ARM D19.2):
 * VH, 1 when the Virtualization Host Extensions (FEAT_VHE) are
 * implemented, so that HCR_EL2.E2H is not RES0.
 */
#define ID_AA64MMFR1_EL1_OP0	U(3)
#define ID_AA64MMFR1_EL1_OP1	U(0)
#define ID_AA64MMFR1_EL1_CRN	U(0)
#define ID_AA64MMFR1_EL1_CRM	U(7)
#define ID_AA64MMFR1_EL1_OP2	U(1)
#define ID_AA64MMFR1_VH_SHIFT	U(8)
#define ID_AA64MMFR1_VH_MASK	(ULL(0xf) << ID_AA64MMFR1_VH_SHIFT)

/*
 * System register encodings by op1, the exception level an MSR/MRS of
 * the register needs (Arm ARM C5.3, "op1" of the system register space):
 * 0 the EL1 registers, 4 the EL2 ones, 5 the *_EL12 / *_EL02 names that
 * FEAT_VHE adds to reach EL1's and EL0's registers from EL2 with
 * HCR_EL2.E2H set (D5.6 / "Virtualization Host Extensions").
 */
#define A64_OP1_EL1		U(0)
#define A64_OP1_EL2		U(4)
#define A64_OP1_EL12		U(5)

/*
 * ICH_VTR_EL2, the GICv3 CPU interface's VGIC Type Register (the GIC
 * architecture specification, IHI 0069; the Arm ARM's system register
 * pages): read-only, reached with MRS at EL2 and EL3 when GICv3's system
 * register interface is implemented (else UNDEFINED); bits [63:32] RES0.
 */
#define ICH_VTR_EL2_OP0		U(3)
#define ICH_VTR_EL2_OP1		U(4)
#define ICH_VTR_EL2_CRN		U(12)
#define ICH_VTR_EL2_CRM		U(11)
#define ICH_VTR_EL2_OP2		U(1)
#define ICH_VTR_LISTREGS_SHIFT	U(0)	/* List registers implemented, minus one */
#define ICH_VTR_TDS_BIT		BIT64(19)	/* ICH_HCR_EL2.TDIR is implemented */
#define ICH_VTR_NV4_BIT		BIT64(20)	/* 1: no direct injection of vLPIs (GICv4) */
#define ICH_VTR_A3V_BIT		BIT64(21)	/* SGIs may name affinity level 3 */
#define ICH_VTR_SEIS_BIT	BIT64(22)	/* virtual SErrors generated locally */
#define ICH_VTR_IDBITS_SHIFT	U(23)	/* virtual INTID width: 0 16 bits, 1 24 bits */
#define ICH_VTR_IDBITS_16	ULL(0)
#define ICH_VTR_IDBITS_24	ULL(1)
#define ICH_VTR_PREBITS_SHIFT	U(26)	/* virtual preemption bits, minus one */
#define ICH_VTR_PRIBITS_SHIFT	U(29)	/* virtual priority bits, minus one */
/*
 * What a Cortex-A76's CPU interface reports (the GIC CPU interface of a
 * GIC-600 system lives in the core): 5 priority and 5 preemption bits,
 * 16-bit virtual INTIDs, no local SEIs, affinity 3, direct injection
 * (nV4 0), TDS, 4 list registers. Arm Cortex-A76 Core TRM r3p0
 * (100798_0300_00_en) B4.23; the Cortex-A55 TRM (100442_0200_00_en)
 * B4.45 gives the same. 0x90280003.
 */
#define ICH_VTR_EL2_CORTEX_A76	((ULL(5) - 1) << ICH_VTR_PRIBITS_SHIFT | \
				 (ULL(5) - 1) << ICH_VTR_PREBITS_SHIFT | \
				 ICH_VTR_IDBITS_16 << ICH_VTR_IDBITS_SHIFT | \
				 ICH_VTR_A3V_BIT | ICH_VTR_TDS_BIT | \
				 (ULL(4) - 1) << ICH_VTR_LISTREGS_SHIFT)
/*
 * What QEMU 7.2's GICv3 CPU interface reports (-M virt,gic-version=3,
 * read by the crosscheck harness at EL2): as the A76's but with 24-bit
 * virtual INTIDs and no direct vLPI injection (nV4). 0x90b80003.
 */
#define ICH_VTR_EL2_QEMU_GICV3	((ULL(5) - 1) << ICH_VTR_PRIBITS_SHIFT | \
				 (ULL(5) - 1) << ICH_VTR_PREBITS_SHIFT | \
				 ICH_VTR_IDBITS_24 << ICH_VTR_IDBITS_SHIFT | \
				 ICH_VTR_A3V_BIT | ICH_VTR_NV4_BIT | ICH_VTR_TDS_BIT | \
				 (ULL(4) - 1) << ICH_VTR_LISTREGS_SHIFT)

/*
 * MRS and MSR (register) (Arm ARM C6.2): bits [31:22] 1101010100, L
 * (bit 21) 1 for MRS, then op0 [20:19], op1, CRn, CRm, op2 and Rt.
 */
#define A64_SYSREG_MOVE		U(0xd5000000)
#define A64_SYSREG_MOVE_MASK	U(0xffc00000)	/* bits [31:22] */
#define A64_SYSREG_L_BIT	BIT32(21)
#define A64_SYSREG_OP0_SHIFT	U(19)
#define A64_SYSREG_OP1_SHIFT	U(16)
#define A64_SYSREG_CRN_SHIFT	U(12)
#define A64_SYSREG_CRM_SHIFT	U(8)
#define A64_SYSREG_OP2_SHIFT	U(5)
#define A64_RT_MASK		U(0x1f)
#define A64_SYSREG_OP0_MASK	U(0x3)		/* op0 is 2 bits */
#define A64_SYSREG_OP1_MASK	U(0x7)		/* op1 and op2 3 bits */
#define A64_SYSREG_CRX_MASK	U(0xf)		/* CRn and CRm 4 bits */
#define A64_SYSREG_OP2_MASK	U(0x7)
#define A64_XZR			U(31)	/* Rt 31 of MRS: the zero register */
#define A64_SYSREG_FIELDS(op0, op1, crn, crm, op2) \
	((op0) << A64_SYSREG_OP0_SHIFT | (op1) << A64_SYSREG_OP1_SHIFT | \
	 (crn) << A64_SYSREG_CRN_SHIFT | (crm) << A64_SYSREG_CRM_SHIFT | \
	 (op2) << A64_SYSREG_OP2_SHIFT)
/* mrs xzr, ICH_VTR_EL2: with Rt, what a read of the register is. */
#define A64_MRS_ICH_VTR_EL2	(A64_SYSREG_MOVE | A64_SYSREG_L_BIT | \
				 A64_SYSREG_FIELDS(ICH_VTR_EL2_OP0, ICH_VTR_EL2_OP1, \
						   ICH_VTR_EL2_CRN, ICH_VTR_EL2_CRM, \
						   ICH_VTR_EL2_OP2))

/*
 * TLBI ALLE2 and TLBI ALLE1 (SYS instructions, op0 1; Arm ARM C5.5):
 * invalidate every cached translation of the EL2 (EL2&0) regime and of
 * the EL1&0 regime.
 */
#define TLBI_ALLE2_FIELDS	1, 4, 8, 7, 0	/* op0, op1, CRn, CRm, op2 */
#define TLBI_ALLE1_FIELDS	1, 4, 8, 7, 4

/*
 * TTBR1_EL2 (FEAT_VHE: the EL2&0 regime's upper half), which only a core
 * with VHE has (Unicorn 2.0.1's max: read and write through CP_REG work;
 * the A57: UC_ERR_ARG, measured), so it is outside the register table
 * both cores share: op0, op1, CRn, CRm, op2.
 */
#define TTBR1_EL2_FIELDS	3, 4, 2, 0, 1

/*
 * The ID registers (Arm ARM D17.2, "identification registers"): op0 3,
 * op1 0, CRn 0, CRm 1 to 7 (the AArch32 ones in CRm 1-3, the AArch64 ones
 * in 4-7). Read-only, fixed by the implementation: an MRS of one at EL2
 * reads the core's value (FEAT_IDST traps only EL1 and EL0 reads).
 */
#define A64_ID_REG_OP0		U(3)
#define A64_ID_REG_OP1		U(0)
#define A64_ID_REG_CRN		U(0)
#define A64_ID_REG_CRM_FIRST	U(1)
#define A64_ID_REG_CRM_LAST	U(7)

/*
 * The instructions a branch on an ID register field is made of (C6.2):
 * UBFM (UBFX, LSR: imms >= immr), in its 64-bit (sf 1, N 1) and 32-bit
 * forms; CBZ/CBNZ (op bit 24) and TBZ/TBNZ (op bit 24, bit number b5:b40).
 */
#define A64_UBFM_X		U(0xd3400000)
#define A64_UBFM_W		U(0x53000000)
#define A64_UBFM_MASK		U(0xffc00000)
#define A64_UBFM_IMMR_SHIFT	U(16)
#define A64_UBFM_IMMS_SHIFT	U(10)
#define A64_UBFM_IMM_MASK	U(0x3f)
#define A64_RN_SHIFT		U(5)
#define A64_CB_MASK		U(0x7e000000)
#define A64_CBZ			U(0x34000000)
#define A64_TBZ			U(0x36000000)
#define A64_SF_BIT		BIT32(31)	/* CBZ: 64-bit register; TBZ: b5 */
#define A64_CB_NZ_BIT		BIT32(24)	/* CBNZ, TBNZ */
#define A64_TB_B40_SHIFT	U(19)
#define A64_TB_B40_MASK		U(0x1f)
#define A64_TB_B5_SHIFT		U(5)

/* Instruction encodings the harness writes into its own pages (C6.2). */
#define A64_HVC_0		U(0xd4000002)
#define A64_ERET		U(0xd69f03e0)
#define A64_NOP			U(0xd503201f)
#define A64_UDF_0		U(0x00000000)
#define A64_B_SELF		U(0x14000000)	/* b . */
#define A64_INSN_SIZE		U(4)

#endif

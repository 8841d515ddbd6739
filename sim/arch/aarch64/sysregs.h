/*
 * The AArch64 description's registers, as the emulator side indexes them:
 * general and FP register counts, and the index of each system register
 * in aarch64_sysregs (desc.c).
 */
#ifndef HYPABI_AARCH64_SYSREGS_H
#define HYPABI_AARCH64_SYSREGS_H

#include "arch.h"

#define NGPRS	32	/* x0..x30, then the caller's SP */
#define NFPRS	8	/* d8..d15 */

enum {
	R_SCTLR_EL1, R_VBAR_EL1, R_TTBR0_EL1, R_TTBR1_EL1, R_TCR_EL1,
	R_MAIR_EL1, R_AMAIR_EL1, R_ELR_EL1, R_SPSR_EL1, R_ESR_EL1, R_FAR_EL1,
	R_AFSR0_EL1, R_AFSR1_EL1, R_PAR_EL1, R_CONTEXTIDR_EL1, R_TPIDR_EL1,
	R_TPIDR_EL0, R_TPIDRRO_EL0, R_SP_EL0, R_CPACR_EL1, R_CNTKCTL_EL1,
	R_VBAR_EL2, R_SCTLR_EL2, R_HCR_EL2, R_CPTR_EL2, R_MDCR_EL2, R_HSTR_EL2,
	R_TCR_EL2, R_TTBR0_EL2, R_MAIR_EL2, R_VTCR_EL2, R_VTTBR_EL2,
	R_CNTHCTL_EL2, R_CNTVOFF_EL2, R_VPIDR_EL2, R_VMPIDR_EL2, R_TPIDR_EL2,
	R_ELR_EL2, R_SPSR_EL2, R_ESR_EL2, NSYSREGS
};

extern const struct sysreg aarch64_sysregs[NSYSREGS];

#endif

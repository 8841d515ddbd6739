/*
 * The AArch32 description's registers, as the emulator side indexes them:
 * general and FP register counts, and the index of each system register
 * in aarch32_sysregs (desc.c). Banked core registers of the PL1 modes are
 * system registers too: op0 BANKED, op1 the mode, crn the register.
 */
#ifndef HYPABI_AARCH32_SYSREGS_H
#define HYPABI_AARCH32_SYSREGS_H

#include "arch.h"

#define NGPRS	15	/* r0..r12, SP_svc, LR_svc */
#define NFPRS	8	/* d8..d15 */
#define BANKED	0	/* sysreg.op0 of a banked core register: op1 mode, crn register */
#define SPSR_N	16	/* sysreg.crn of a banked SPSR */

enum {
	R_SCTLR, R_VBAR, R_TTBR0, R_TTBR1, R_TTBCR, R_DACR, R_DFSR, R_IFSR, R_DFAR,
	R_IFAR, R_PAR, R_PRRR, R_NMRR, R_CONTEXTIDR, R_TPIDRURW, R_TPIDRURO,
	R_TPIDRPRW, R_CPACR,
	R_SPSR_SVC, R_SP_USR, R_LR_USR,
	R_R8_FIQ, R_R9_FIQ, R_R10_FIQ, R_R11_FIQ, R_R12_FIQ, R_SP_FIQ, R_LR_FIQ, R_SPSR_FIQ,
	R_SP_IRQ, R_LR_IRQ, R_SPSR_IRQ, R_SP_ABT, R_LR_ABT, R_SPSR_ABT,
	R_SP_UND, R_LR_UND, R_SPSR_UND,
	R_HVBAR, R_HSCTLR, R_HCR, R_HDCR, R_HCPTR, R_HSTR, R_HTCR, R_HTTBR, R_HMAIR0,
	R_HMAIR1, R_VTCR, R_VTTBR, R_HTPIDR, R_VPIDR, R_VMPIDR, R_CNTHCTL, R_CNTVOFF,
	R_HSR, NSYSREGS
};

extern const struct sysreg aarch32_sysregs[NSYSREGS];

#endif

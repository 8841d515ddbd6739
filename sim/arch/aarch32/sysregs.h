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
#define NFPCTL	1	/* FPSCR */
#define NFP_FREE	32	/* d0..d31 */
#define BANKED	0	/* sysreg.op0 of a banked core register: op1 mode, crn register */
#define SPSR_N	16	/* sysreg.crn of a banked SPSR */

enum {
#define SYSREG(reg, ...) R_##reg,
#define BANK(reg, ...) R_##reg,
#include "sysregs.def"
#undef SYSREG
#undef BANK
	NSYSREGS
};

extern const struct sysreg aarch32_sysregs[NSYSREGS];

#endif

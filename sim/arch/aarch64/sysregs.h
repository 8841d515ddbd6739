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
#define NFPCTL	2	/* FPCR, FPSR */
#define NFP_FREE	64	/* q0..q31, low and high halves */

enum {
#define SYSREG(reg, ...) R_##reg,
#include "sysregs.def"
#undef SYSREG
	NSYSREGS
};

extern const struct sysreg aarch64_sysregs[NSYSREGS];

#endif

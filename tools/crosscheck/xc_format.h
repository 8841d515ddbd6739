/*
 * The crosscheck protocol between tools/crosscheck (on the host) and the
 * bare-metal harness images (in QEMU): one blob of cases in, one record
 * per call out through semihosting. Every field is 64 bits; arm uses the
 * low half. Shared by C and assembly.
 */
#ifndef HYPABI_XC_FORMAT_H
#define HYPABI_XC_FORMAT_H

#include "layout.h"

#define XC_HARNESS_BASE		(HARNESS_BASE + U(0x200000))	/* the harness image */
#define XC_CASES_BASE		(HARNESS_BASE + U(0x400000))	/* the case blob */
#define XC_MAX_SYSREGS		72

/* A CPU state: the same fields as struct cpu_state. */
#define XC_ST_PC		0
#define XC_ST_PSTATE		8
#define XC_ST_GPR		16			/* 32 registers */
#define XC_ST_FPR		(XC_ST_GPR + 32 * 8)	/* d8..d15 */
#define XC_ST_SYSREG		(XC_ST_FPR + 8 * 8)
/*
 * EL2's own SP (SP_EL2, arm64), the stack a caller at EL2 runs on: the
 * last sysreg slot, which no arch's table reaches (crosscheck.c checks).
 */
#define XC_ST_HYP_SP		(XC_ST_SYSREG + (XC_MAX_SYSREGS - 1) * 8)
/*
 * arm: the word the landing pad is filled with for this case (the slot
 * before SP_EL2's): A32 SMCs, or T32 SMCs in the phase that puts one at
 * the halfword a restart to T32 lands on, so that every SOFT_RESTART
 * ends on an SMC in the instruction set it arrives in.
 */
#define XC_ST_PAD_FILL		(XC_ST_SYSREG + (XC_MAX_SYSREGS - 2) * 8)
#define XC_A32_SMC_0		0xe1600070	/* smc #0 */
#define XC_T32_SMC_0		0x8000f7f0	/* f7f0 8000, as one little-endian word */
#define XC_T32_SMC_0_HALF	0xf7f08000	/* the same a halfword on: for a landing at 2 mod 4 */
#define XC_ST_FPCTL		(XC_ST_SYSREG + XC_MAX_SYSREGS * 8)	/* FPCR, FPSR / FPSCR */
#define XC_ST_FP_FREE		(XC_ST_FPCTL + 2 * 8)	/* q0..q31 (arm64), d0..d31 (arm) */
#define XC_ST_SIZE		(XC_ST_FP_FREE + 64 * 8)

/*
 * The blob: a header, the stub's segments (which the harness copies into
 * place before every call, as hypabi restores its image), then one
 * pre-state per case, then the segments' bytes.
 */
#define XC_MAGIC		0x3243584942415948	/* "HYPABIX2" */
#define XC_HDR_MAGIC		0
#define XC_HDR_NCASES		8
#define XC_HDR_NSEGS		16
#define XC_HDR_SEGS		64		/* XC_MAX_SEGS x { addr, size, offset } */
#define XC_SEG_ADDR		0
#define XC_SEG_SIZE		8
#define XC_SEG_OFFSET		16
#define XC_SEG_ENTRY		24
#define XC_MAX_SEGS		16
#define XC_HDR_SIZE		(XC_HDR_SEGS + XC_MAX_SEGS * XC_SEG_ENTRY)
#define XC_CASE(i)		(XC_HDR_SIZE + (i) * XC_ST_SIZE)

/* A record: the case index and how the harness was entered, then the state. */
#define XC_REC_INDEX		0
#define XC_REC_SYNDROME		8	/* ESR_EL3 (arm64); 0 on arm */
#define XC_REC_STATE		16
#define XC_REC_SIZE		(XC_REC_STATE + XC_ST_SIZE)

/* Where the harness keeps its record buffer (SP_EL3 / SP_mon points at it). */
#define XC_RECORD_BASE		(HARNESS_BASE + U(0x300000))

#endif

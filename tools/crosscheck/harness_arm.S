/*
 * The crosscheck harness for AArch32, run by qemu-system-arm
 * (-M virt,virtualization=on,secure=on, Cortex-A15), which starts it in
 * Secure SVC mode. It works from Monitor mode, the one mode that can reach
 * every Non-secure and Hyp register.
 *
 * For each case of the blob at XC_CASES_BASE it sets the Hyp and PL1
 * state hypabi started the same call from and returns to the Non-secure
 * caller (SVC, A32 or T32). The caller page and the landing pad are
 * filled with SMC, so wherever the call ends, Monitor mode gets control
 * back, records the whole state through semihosting and goes on.
 */
#include "aarch32/regs.h"
#include "layout.h"
#include "xc_format.h"
#include "sysregs.inc"

#define A32_SMC_0		XC_A32_SMC_0
#define T32_SMC_0		XC_T32_SMC_0

#define SEMIHOST_TRAP		svc	#0x123456
#define XC_WORD			.word
#define REG(n)			r##n
#define REG32(n)		r##n
#include "harness_common.S"

	.syntax	unified
	.arm
	.arch_extension sec
	.arch_extension virt
	.fpu	neon-vfpv4

	.macro	copy16 dst, src
	ldmia	\src!, {r5, r6, r7, r10}
	stmia	\dst!, {r5, r6, r7, r10}
	.endm

	.text
	.globl	_start
_start:
	cpsid	aif, #CPSR_M_MON
	ldr	r0, =mon_vectors
	mcr	p15, 0, r0, c12, c0, 1		/* MVBAR */
	ldr	sp, =XC_RECORD_BASE
	/* Let the Non-secure side and Hyp mode use the FPU; enable it. */
	mrc	p15, 0, r0, c1, c1, 2		/* NSACR */
	orr	r0, r0, #NSACR_CP10_CP11
	mcr	p15, 0, r0, c1, c1, 2
	ldr	r0, =CPACR_CP10_CP11_FULL
	mcr	p15, 0, r0, c1, c0, 2		/* CPACR */
	isb
	ldr	r0, =FPEXC_EN_BIT
	vmsr	fpexc, r0

	/* The caller page: A32 SMC, then T32 SMC from the T32 caller on; the hvcs. */
	fill	CALLER_CODE, CALLER_CODE_SIZE, A32_SMC_0
	fill	CALLER_CODE_THUMB, (CALLER_CODE + CALLER_CODE_SIZE - CALLER_CODE_THUMB), T32_SMC_0
	ldr	r0, =CALLER_CODE
	ldr	r1, =A32_HVC_0
	str	r1, [r0]
	ldr	r0, =CALLER_CODE_THUMB
	ldr	r1, =(T32_HVC_0_HW1 | (T32_HVC_0_HW2 << 16))
	str	r1, [r0]
	fill	LANDING_PAD, LANDING_PAD_SIZE, A32_SMC_0

	/* hypabi's Hyp identity map: four LPAE level 1 blocks of 1 GiB. */
	ldr	r0, =HARNESS_PGTABLE
	mov	r1, #0
	ldr	r3, =(LPAE_AF_BIT | LPAE_SH_INNER | LPAE_TYPE_BLOCK)
	mov	r4, #0
2:	orr	r2, r3, r1, lsl #LPAE_L1_BLOCK_SHIFT
	str	r2, [r0]
	str	r4, [r0, #4]
	add	r0, r0, #8
	add	r1, r1, #1
	cmp	r1, #4
	bne	2b

	ldr	r1, =open_args
	semihost SEMI_OPEN, r1
	cmn	r0, #1
	beq	harness_failed
	ldr	r1, =out_handle
	str	r0, [r1]
	ldr	r1, =write_args
	str	r0, [r1]
	ldr	r1, =case_index
	mov	r0, #0
	str	r0, [r1]
	/* Records hold 32-bit registers in 64-bit slots: zero the upper halves once. */
	ldr	r0, =XC_RECORD_BASE
	ldr	r1, =XC_REC_SIZE
	mov	r2, #0
3:	str	r2, [r0], #4
	subs	r1, r1, #4
	bne	3b

next_case:
	ldr	r8, =XC_CASES_BASE
	ldr	r0, [r8, #XC_HDR_MAGIC]
	ldr	r1, =(XC_MAGIC & 0xffffffff)
	cmp	r0, r1
	bne	harness_failed
	ldr	r1, [r8, #XC_HDR_NCASES]
	ldr	r2, =case_index
	ldr	r9, [r2]
	cmp	r9, r1
	bhs	finish
	/* The stub's image, as loaded, before every call. */
	copy_segments r8
	dsb
	mcr	p15, 0, r0, c7, c5, 0		/* ICIALLU */
	isb
	ldr	r0, =XC_ST_SIZE
	mla	r8, r9, r0, r8
	add	r8, r8, #XC_HDR_SIZE		/* r8 = this case's pre-state */

	/* The landing pad as this case lands (XC_ST_PAD_FILL), refilled when that changes. */
	ldr	r6, [r8, #XC_ST_PAD_FILL]
	ldr	r7, =pad_fill
	ldr	r0, [r7]
	cmp	r0, r6
	beq	1f
	str	r6, [r7]
	ldr	r0, =LANDING_PAD
	ldr	r1, =LANDING_PAD_SIZE
2:	str	r6, [r0], #4
	subs	r1, r1, #4
	bne	2b
	dsb
	mcr	p15, 0, r0, c7, c5, 0		/* ICIALLU */
	isb
1:

	/*
	 * The whole FP/SIMD file: d0..d31, then d8..d15; FPSCR. First, as
	 * CPACR (which Monitor mode obeys too) is the case's from here on.
	 */
	ldr	r0, =CPACR_CP10_CP11_FULL
	mcr	p15, 0, r0, c1, c0, 2		/* CPACR */
	isb
	add	r0, r8, #XC_ST_FP_FREE
	vldmia	r0!, {d0-d15}
	vldmia	r0, {d16-d31}
	add	r0, r8, #XC_ST_FPR
	vldmia	r0, {d8-d15}
	ldr	r0, [r8, #XC_ST_FPCTL]
	vmsr	fpscr, r0

	/* Non-secure copies of the CP15 registers from here on; hvc enabled. */
	ldr	r0, =(SCR32_NS_BIT | SCR32_HCE_BIT)
	mcr	p15, 0, r0, c1, c1, 0		/* SCR */
	isb
	add	r4, r8, #XC_ST_SYSREG
	xc_load_sysregs r4, r2, r3
	mov	r0, #0
	msr	SP_hyp, r0
	ldr	r0, [r8, #XC_ST_GPR + 13 * 8]
	msr	SP_svc, r0
	ldr	r0, [r8, #XC_ST_GPR + 14 * 8]
	msr	LR_svc, r0
	ldr	r0, [r8, #XC_ST_PSTATE]
	msr	spsr_cxsf, r0			/* SPSR_mon */
	ldr	lr, [r8, #XC_ST_PC]		/* LR_mon */
	mcr	p15, 4, r0, c8, c7, 0		/* TLBIALLH */
	mcr	p15, 0, r0, c8, c7, 0		/* TLBIALL */
	dsb
	isb
	add	r12, r8, #XC_ST_GPR
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11
	ldr	r\n, [r12, #\n * 8]
	.endr
	ldr	r12, [r12, #12 * 8]
	movs	pc, lr				/* to the caller, Non-secure */

/* The call ended in an SMC in the caller's mode or in Hyp mode: record it. */
call_ended:
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12
	str	r\n, [sp, #XC_REC_STATE + XC_ST_GPR + \n * 8]
	.endr
	mrs	r0, SP_svc
	str	r0, [sp, #XC_REC_STATE + XC_ST_GPR + 13 * 8]
	mrs	r0, LR_svc
	str	r0, [sp, #XC_REC_STATE + XC_ST_GPR + 14 * 8]
	/* The FPU under the case's CPACR: opened for this, then put back. */
	mrc	p15, 0, r5, c1, c0, 2		/* CPACR */
	ldr	r0, =CPACR_CP10_CP11_FULL
	mcr	p15, 0, r0, c1, c0, 2
	isb
	add	r0, sp, #XC_REC_STATE + XC_ST_FPR
	vstmia	r0, {d8-d15}
	vmrs	r0, fpscr
	str	r0, [sp, #XC_REC_STATE + XC_ST_FPCTL]
	mov	r0, #0
	str	r0, [sp, #XC_REC_STATE + XC_ST_FPCTL + 4]
	mcr	p15, 0, r5, c1, c0, 2
	isb
	sub	r0, lr, #4			/* the SMC's own address (A32 and T32) */
	str	r0, [sp, #XC_REC_STATE + XC_ST_PC]
	mrs	r0, spsr
	str	r0, [sp, #XC_REC_STATE + XC_ST_PSTATE]
	ldr	r1, =case_index
	ldr	r0, [r1]
	str	r0, [sp, #XC_REC_INDEX]
	add	r0, r0, #1
	str	r0, [r1]
	add	r4, sp, #XC_REC_STATE + XC_ST_SYSREG
	xc_store_sysregs r4, r2, r3
	/* Back to the Secure side for the harness's own work. */
	mov	r0, #0
	mcr	p15, 0, r0, c1, c1, 0		/* SCR */
	isb

	ldr	r1, =write_args
	str	sp, [r1, #4]
	semihost SEMI_WRITE, r1
	cmp	r0, #0
	bne	harness_failed
	b	next_case

finish:
	ldr	r1, =out_handle
	semihost SEMI_CLOSE, r1
	ldr	r1, =ADP_EXIT_OK
	semihost SEMI_EXIT, r1
	b	.

harness_failed:
	mov	r0, #0
	mcr	p15, 0, r0, c1, c1, 0		/* SCR: Secure */
	ldr	r1, =failed_msg
	semihost SEMI_WRITE0, r1
	ldr	r1, =ADP_EXIT_ERROR
	semihost SEMI_EXIT, r1
	b	.

/* Monitor vectors: only an SMC is expected. */
	.balign	32
mon_vectors:
	b	harness_failed			/* 0x00 */
	b	harness_failed			/* 0x04 undefined */
	b	call_ended			/* 0x08 SMC */
	b	harness_failed			/* 0x0c prefetch abort */
	b	harness_failed			/* 0x10 data abort */
	b	harness_failed			/* 0x14 */
	b	harness_failed			/* 0x18 IRQ */
	b	harness_failed			/* 0x1c FIQ */

	.ltorg
	harness_data
pad_fill:	.word	A32_SMC_0		/* what the pad holds now */

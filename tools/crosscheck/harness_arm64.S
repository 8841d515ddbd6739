/*
 * The crosscheck harness for AArch64, run by qemu-system-aarch64
 * (-M virt,virtualization=on,secure=on), which starts it at EL3.
 *
 * For each case of the blob at XC_CASES_BASE it sets the EL2 and EL1
 * state hypabi started the same call from, enters the caller at EL1 (or,
 * a VHE kernel's call, at EL2 on its own SP_EL2) with
 * ERET, and lets the stub (already installed as VBAR_EL2) handle the
 * caller's hvc #0. The caller page and the landing pad are filled with
 * SMC, so wherever the call ends - a return to the caller, a plain
 * branch at EL2, a SOFT_RESTART landing - EL3 gets control back, records
 * the whole state through semihosting and goes on with the next case.
 */
#include "aarch64/regs.h"
#include "layout.h"
#include "xc_format.h"
#include "sysregs.inc"

#define A64_SMC_0		0xd4000003

#define SEMIHOST_TRAP		hlt	#0xf000
#define XC_WORD			.quad
#define REG(n)			x##n
#define REG32(n)		w##n
#include "harness_common.S"

	.macro	copy16 dst, src
	ldp	x5, x6, [\src], #16
	stp	x5, x6, [\dst], #16
	.endm

	.text
	.globl	_start
_start:
	adr	x0, el3_vectors
	msr	vbar_el3, x0
	ldr	x0, =XC_RECORD_BASE
	mov	sp, x0
	msr	daifset, #0xf

	/* The caller page: the hvc where hypabi has it, SMC everywhere else. */
	fill	CALLER_CODE, CALLER_CODE_SIZE, A64_SMC_0
	ldr	x0, =CALLER_CODE
	ldr	w1, =A64_HVC_0
	str	w1, [x0]
	fill	LANDING_PAD, LANDING_PAD_SIZE, A64_SMC_0

	/* hypabi's EL2 identity map: level 1 blocks of 1 GiB. */
	ldr	x0, =HARNESS_PGTABLE
	mov	x1, #0
	ldr	x3, =(TT_AF_BIT | TT_SH_INNER | TT_TYPE_BLOCK)
2:	orr	x2, x3, x1, lsl #TT_L1_BLOCK_SHIFT
	str	x2, [x0, x1, lsl #3]
	add	x1, x1, #1
	cmp	x1, #512
	b.ne	2b

	/* The caller's EL1 identity map (FINALISE_EL2): the same, Normal memory. */
	ldr	x0, =HARNESS_EL1_PGTABLE
	mov	x1, #0
	ldr	x3, =(TT_AF_BIT | TT_SH_INNER | TT_TYPE_BLOCK | \
		      HARNESS_EL1_ATTRINDX << TT_ATTRINDX_SHIFT)
3:	orr	x2, x3, x1, lsl #TT_L1_BLOCK_SHIFT
	str	x2, [x0, x1, lsl #3]
	add	x1, x1, #1
	cmp	x1, #512
	b.ne	3b

	adr	x1, open_args
	semihost SEMI_OPEN, x1
	cmn	x0, #1
	b.eq	harness_failed
	adr	x1, out_handle
	str	x0, [x1]
	adr	x1, write_args
	str	x0, [x1]
	adr	x1, case_index
	str	xzr, [x1]
	dsb	sy

next_case:
	ldr	x20, =XC_CASES_BASE
	ldr	x0, [x20, #XC_HDR_MAGIC]
	ldr	x1, =XC_MAGIC
	cmp	x0, x1
	b.ne	harness_failed
	ldr	x1, [x20, #XC_HDR_NCASES]
	adr	x2, case_index
	ldr	x19, [x2]
	cmp	x19, x1
	b.hs	finish
	/* The stub's image, as loaded, before every call. */
	copy_segments x20
	dsb	sy
	ic	iallu
	isb
	ldr	x0, =XC_ST_SIZE
	madd	x20, x19, x0, x20
	add	x20, x20, #XC_HDR_SIZE		/* x20 = this case's pre-state */

	/* EL3: EL2 and EL1 non-secure AArch64, hvc enabled, smc reaches EL3. */
	ldr	x0, =(SCR_NS_BIT | SCR_HCE_BIT | SCR_RW_BIT)
	msr	scr_el3, x0
	isb
	add	x21, x20, #XC_ST_SYSREG
	xc_load_sysregs x21, x0
	ldr	x0, [x20, #XC_ST_HYP_SP]	/* 0, unless the caller is at EL2 */
	msr	sp_el2, x0
	ldr	x0, [x20, #XC_ST_GPR + 31 * 8]
	msr	sp_el1, x0
	/* The whole FP/SIMD file: q0..q31, then d8..d15 into their low halves. */
	add	x0, x20, #XC_ST_FP_FREE
	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15, \
		16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ldr	q\n, [x0], #16
	.endr
	add	x0, x20, #XC_ST_FPR
	.irp	n, 8,9,10,11,12,13,14,15
	ld1	{v\n\().d}[0], [x0], #8
	.endr
	ldr	x0, [x20, #XC_ST_FPCTL]
	msr	fpcr, x0
	ldr	x0, [x20, #XC_ST_FPCTL + 8]
	msr	fpsr, x0
	ldr	x0, [x20, #XC_ST_PC]
	msr	elr_el3, x0
	ldr	x0, [x20, #XC_ST_PSTATE]
	msr	spsr_el3, x0
	tlbi	alle2
	tlbi	alle1
	dsb	sy
	isb
	add	x30, x20, #XC_ST_GPR
	ldp	x0, x1, [x30, #0]
	ldp	x2, x3, [x30, #16]
	ldp	x4, x5, [x30, #32]
	ldp	x6, x7, [x30, #48]
	ldp	x8, x9, [x30, #64]
	ldp	x10, x11, [x30, #80]
	ldp	x12, x13, [x30, #96]
	ldp	x14, x15, [x30, #112]
	ldp	x16, x17, [x30, #128]
	ldp	x18, x19, [x30, #144]
	ldp	x20, x21, [x30, #160]
	ldp	x22, x23, [x30, #176]
	ldp	x24, x25, [x30, #192]
	ldp	x26, x27, [x30, #208]
	ldp	x28, x29, [x30, #224]
	ldr	x30, [x30, #240]
	eret

/* The call ended in an SMC at EL1 or EL2: record everything. */
call_ended:
	stp	x0, x1, [sp, #XC_REC_STATE + XC_ST_GPR + 0]
	stp	x2, x3, [sp, #XC_REC_STATE + XC_ST_GPR + 16]
	stp	x4, x5, [sp, #XC_REC_STATE + XC_ST_GPR + 32]
	stp	x6, x7, [sp, #XC_REC_STATE + XC_ST_GPR + 48]
	stp	x8, x9, [sp, #XC_REC_STATE + XC_ST_GPR + 64]
	stp	x10, x11, [sp, #XC_REC_STATE + XC_ST_GPR + 80]
	stp	x12, x13, [sp, #XC_REC_STATE + XC_ST_GPR + 96]
	stp	x14, x15, [sp, #XC_REC_STATE + XC_ST_GPR + 112]
	stp	x16, x17, [sp, #XC_REC_STATE + XC_ST_GPR + 128]
	stp	x18, x19, [sp, #XC_REC_STATE + XC_ST_GPR + 144]
	stp	x20, x21, [sp, #XC_REC_STATE + XC_ST_GPR + 160]
	stp	x22, x23, [sp, #XC_REC_STATE + XC_ST_GPR + 176]
	stp	x24, x25, [sp, #XC_REC_STATE + XC_ST_GPR + 192]
	stp	x26, x27, [sp, #XC_REC_STATE + XC_ST_GPR + 208]
	stp	x28, x29, [sp, #XC_REC_STATE + XC_ST_GPR + 224]
	str	x30, [sp, #XC_REC_STATE + XC_ST_GPR + 240]
	mrs	x0, sp_el1
	str	x0, [sp, #XC_REC_STATE + XC_ST_GPR + 248]
	stp	d8, d9, [sp, #XC_REC_STATE + XC_ST_FPR]
	stp	d10, d11, [sp, #XC_REC_STATE + XC_ST_FPR + 16]
	stp	d12, d13, [sp, #XC_REC_STATE + XC_ST_FPR + 32]
	stp	d14, d15, [sp, #XC_REC_STATE + XC_ST_FPR + 48]
	mrs	x0, fpcr
	str	x0, [sp, #XC_REC_STATE + XC_ST_FPCTL]
	mrs	x0, fpsr
	str	x0, [sp, #XC_REC_STATE + XC_ST_FPCTL + 8]
	mrs	x0, elr_el3
	sub	x0, x0, #4			/* the SMC's own address */
	str	x0, [sp, #XC_REC_STATE + XC_ST_PC]
	mrs	x0, spsr_el3
	str	x0, [sp, #XC_REC_STATE + XC_ST_PSTATE]
	mrs	x0, esr_el3
	str	x0, [sp, #XC_REC_SYNDROME]
	adr	x1, case_index
	ldr	x0, [x1]
	str	x0, [sp, #XC_REC_INDEX]
	add	x0, x0, #1
	str	x0, [x1]
	add	x1, sp, #XC_REC_STATE + XC_ST_SYSREG
	xc_store_sysregs x1, x0
	mrs	x0, sp_el2
	str	x0, [sp, #XC_REC_STATE + XC_ST_HYP_SP]
#ifdef XC_SELFTEST_CORRUPT
	/* A harness that lies about x19: crosscheck's own test that it notices. */
	ldr	x0, [sp, #XC_REC_STATE + XC_ST_GPR + 19 * 8]
	eor	x0, x0, #1
	str	x0, [sp, #XC_REC_STATE + XC_ST_GPR + 19 * 8]
#endif

	adr	x1, write_args
	mov	x0, sp
	str	x0, [x1, #8]
	semihost SEMI_WRITE, x1
	cbnz	x0, harness_failed
	b	next_case

finish:
	adr	x1, out_handle
	semihost SEMI_CLOSE, x1
	ldr	x1, =ADP_EXIT_OK
	adr	x2, exit_args
	str	x1, [x2]
	semihost SEMI_EXIT, x2
	b	.

harness_failed:
	adr	x1, failed_msg
	semihost SEMI_WRITE0, x1
	ldr	x1, =ADP_EXIT_ERROR
	adr	x2, exit_args
	str	x1, [x2]
	semihost SEMI_EXIT, x2
	b	.

/* Anything but a lower-EL synchronous exception means the harness went wrong. */
	.balign	0x800
el3_vectors:
	.rept	8
	.balign	0x80
	b	harness_failed
	.endr
	.balign	0x80
	b	call_ended			/* lower EL, AArch64, synchronous: the SMC */
	.rept	7
	.balign	0x80
	b	harness_failed
	.endr

	.ltorg
	harness_data
	.balign	8
exit_args:	.quad	0, 0

/*
 * Negative controls for arm: the reference stub's logic with exactly one
 * defect switched on by -DDEFECT_<NAME> (stubs/CMakeLists.txt says which
 * rule each must trip), and -DCONFORMING_CLOBBER for a stub that uses all
 * the freedom the ABI gives and must still pass; -DCONFORMING_STACK for
 * one that keeps a stack in its own image and must pass too.
 */
#include "aarch32/regs.h"
#include "hyp_abi_defs.h"
#include "layout.h"
#include "vectors.inc"

#ifdef CONFORMING_STACK
#define STACK_SIZE	64	/* holds r0-r12 and lr: 14 words */
#define STACK_ROUNDS	20	/* of 14 writes each: in all, far more than the harness keeps */
#endif

	stub_vectors stub_hvc

stub_hvc:
#ifdef CONFORMING_STACK
	/*
	 * Every register saved on a stack in the stub's own image and
	 * restored, STACK_ROUNDS times: many writes, all of them allowed.
	 * SP_hyp is put back as it was found (r3 is the stub's to clobber).
	 */
	mov	r3, sp
	adr	ip, stack_top
	mov	sp, ip
	mov	ip, #STACK_ROUNDS
1:	push	{r0-r12, lr}
	pop	{r0-r12, lr}
	subs	ip, ip, #1
	bne	1b
	mov	sp, r3
#endif
	cmp	r0, #HVC_SET_VECTORS
	beq	set_vectors
	cmp	r0, #HVC_SOFT_RESTART
	beq	soft_restart
#ifndef DEFECT_IMPLEMENTED		/* answers HVC_STUB_ERR to RESET_VECTORS (as v5.7+) */
	/*
	 * A partial decode of RESET_VECTORS takes an unknown number for it
	 * and answers success (unknown.error alone). None of the fixed
	 * unknown numbers aliases 2 so: only the cases derived from this
	 * code catch it on every seed.
	 */
#if defined(DEFECT_DECODE_BYTE)		/* r0's low byte: 0x102 is RESET_VECTORS too */
	and	ip, r0, #0xff
	cmp	ip, #HVC_RESET_VECTORS
#elif defined(DEFECT_DECODE_NO_TOP)	/* all but the top bit: 0x80000002 is RESET_VECTORS too */
	bic	ip, r0, #0x80000000
	cmp	ip, #HVC_RESET_VECTORS
#else
	cmp	r0, #HVC_RESET_VECTORS
#endif
	beq	reset_vectors
#endif
#ifdef DEFECT_UNKNOWN_ERROR		/* claims success for every other number */
	b	success
#endif
	mov32	r0, HVC_STUB_ERR
	b	leave

set_vectors:
#ifdef OBJECT_EXTERN
	/*
	 * A relocatable object's reference to what the kernel would link in,
	 * PC-relative as the kernel's ldr_l makes it on ARMv7 (MOVW/MOVT with
	 * R_ARM_MOVW_PREL_NC, R_ARM_MOVT_PREL): an override the stub consults
	 * (reads as zero: none).
	 */
	movw	ip, #:lower16:hyp_stub_override - (1f + 8)
	movt	ip, #:upper16:hyp_stub_override - (1f + 8)
1:	ldr	ip, [pc, ip]
	cmp	ip, #0
	bne	leave
#endif
#ifndef DEFECT_SET_VECTORS_VBAR
	mcr	p15, 4, r1, c12, c0, 0	/* HVBAR */
#endif
#ifdef DEFECT_EL1_STATE			/* sets the PL1 VBAR too */
	mcr	p15, 0, r1, c12, c0, 0	/* VBAR */
#endif
#ifdef DEFECT_EL1_STATE_AT		/* an address translation (ATS1CPR): PAR changes */
	mcr	p15, 0, r1, c7, c8, 0
#endif
	/*
	 * Hyp state a stub assumes: each sets or clears a field of a Hyp
	 * control register to the value hypabi's fixed base state had, so it
	 * changed nothing there; the varied base state catches it.
	 */
#ifdef DEFECT_BASE_HSCTLR_SET		/* sets HSCTLR.I, set in the fixed base */
	mrc	p15, 4, ip, c1, c0, 0
	orr	ip, ip, #HSCTLR_I_BIT
	mcr	p15, 4, ip, c1, c0, 0
#endif
#ifdef DEFECT_BASE_HCR_CLEAR		/* clears HCR.FMO, IMO, AMO, clear in it */
	mrc	p15, 4, ip, c1, c1, 0
	bic	ip, ip, #(HCR32_FMO_BIT | HCR32_IMO_BIT | HCR32_AMO_BIT)
	mcr	p15, 4, ip, c1, c1, 0
#endif
#ifdef DEFECT_BASE_HCPTR_CLEAR		/* clears HCPTR.TTA, clear in it */
	mrc	p15, 4, ip, c1, c1, 2
	bic	ip, ip, #HCPTR_TTA_BIT
	mcr	p15, 4, ip, c1, c1, 2
#endif
#ifdef DEFECT_BASE_HDCR_SET		/* sets HDCR.HPMN to its 4 */
	mrc	p15, 4, ip, c1, c1, 1
	bic	ip, ip, #HDCR_HPMN_MASK
	orr	ip, ip, #HDCR_HPMN_A15
	mcr	p15, 4, ip, c1, c1, 1
#endif
#ifdef DEFECT_EL1_STATE_LR_USR		/* a call in Hyp mode: its LR is LR_usr */
	bl	1f
1:
#endif
#ifdef DEFECT_EL1_STATE_SMC		/* turns a nop it has run into a write of LR_usr, runs it */
	adr	r3, 1f
	ldr	r2, 3f
	mov	ip, #2
	b	1f			/* a block of its own starts at 1 */
1:	nop
	subs	ip, ip, #1
	beq	2f
	b	4f
3:	mov	lr, r1			/* never run here: the word to copy; the same size of block */
4:	str	r2, [r3]		/* in another block than the one it patches */
	b	1b
2:
#endif
#ifdef DEFECT_SET_VECTORS_ONLY_VBAR	/* flips HSCTLR.I on the way */
	mrc	p15, 4, ip, c1, c0, 0
	eor	ip, ip, #HSCTLR_I_BIT
	mcr	p15, 4, ip, c1, c0, 0
#endif
	b	success

reset_vectors:
#ifdef DEFECT_FAULT_UDF
	udf	#0
#endif
#ifdef DEFECT_FAULT_SPIN
	b	.
#endif
#ifdef DEFECT_FAULT_SPIN_T32		/* spins in T32, whose instructions are 2 or 4 bytes */
	adr	ip, 1f
	orr	ip, ip, #1
	bx	ip
	.thumb
1:	b	1b
	.arm
#endif
#ifdef DEFECT_FAULT_WFI
	wfi
#endif
#ifdef DEFECT_FAULT_WILD		/* jumps to unmapped memory */
	mov	ip, #0x10
	bx	ip
#endif
#ifdef DEFECT_WRITE_CALLER_CODE		/* patches the caller's code at its return address */
	mrs	ip, ELR_hyp
	str	r0, [ip]
#endif
#ifdef DEFECT_WRITE_TRAMPOLINE		/* patches the harness's trampoline page */
	mov32	ip, TRAMPOLINE
	str	r0, [ip]
#endif
#ifdef DEFECT_JUMP_TRAMPOLINE		/* re-enters the harness's entry path, HVBAR changed */
	mcr	p15, 4, r1, c12, c0, 0
	mov32	ip, (TRAMPOLINE + A32_INSN_SIZE)
	bx	ip
#endif
#ifdef DEFECT_MEMORY			/* scribbles below the caller's stack pointer */
	mrs	ip, SP_svc
	str	r0, [ip, #-16]
#endif
#ifndef DEFECT_RESET_VECTORS_MMU
	hyp_mmu_off ip
#endif
#ifdef DEFECT_RESET_VECTORS_VBAR	/* takes the vectors from r1 */
	mov	ip, r1
#else
	adr	ip, __hyp_stub_vectors
#endif
	mcr	p15, 4, ip, c12, c0, 0
	b	success

soft_restart:
#ifdef DEFECT_SOFT_RESTART_NO_RETURN	/* returns "success" instead of jumping */
	b	success
#endif
	cpsid	aif
#ifdef DEFECT_SOFT_RESTART_MASKED
	cpsie	aif
#endif
#ifndef DEFECT_SOFT_RESTART_MMU_OFF
	hyp_mmu_off ip
#endif
#ifdef DEFECT_SOFT_RESTART_TARGET	/* lands one instruction late */
	add	r1, r1, #4
#endif
#ifdef DEFECT_RESTART_FORGED		/* jumps to the harness's landing pad, not to r1 */
	mov32	r1, LANDING_PAD
#endif
#ifdef DEFECT_SOFT_RESTART_A32		/* ignores bit 0 of r1: arrives in A32 */
	bic	r1, r1, #1
#endif
	bx	r1

success:
#ifndef DEFECT_RETURN_CODE		/* leaves the function number in r0 */
	mov	r0, #0
#endif
leave:
#ifdef DEFECT_CALLEE_SAVED
	add	r4, r4, #1
#endif
#if defined(DEFECT_FPSCR) || defined(CONFORMING_FP_CLOBBER)
	.fpu	neon-vfpv4
#endif
#ifdef DEFECT_FPSCR			/* zeroes FPSCR, control bits too, as the fixed base had it */
	mov	ip, #0
	vmsr	fpscr, ip
#endif
#ifdef CONFORMING_FP_CLOBBER
	/*
	 * Every FP/SIMD register a call may change (AAPCS 5.1.2.1): d0-d7,
	 * d16-d31, and FPSCR's flags; not its control bits.
	 */
	mvn	ip, #0
	.irp	n, 0,1,2,3,4,5,6,7,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	vmov	d\n, ip, ip
	.endr
	vmrs	ip, fpscr
	eor	ip, ip, #FPSCR_NZCV_MASK
	orr	ip, ip, #(FPSCR_IDC_BIT | FPSCR_CUMULATIVE_MASK)
	vmsr	fpscr, ip
	mvn	ip, #0
#endif
#ifdef DEFECT_LR_SVC			/* the caller's LR is callee-saved too */
	msr	LR_svc, ip
#endif
#ifdef DEFECT_RETURN_ADDRESS		/* skips the caller's next instruction */
	mrs	ip, ELR_hyp
	add	ip, ip, #4
	msr	ELR_hyp, ip
#endif
#ifdef DEFECT_RETURN_MODE		/* hands the caller back other A/I/F masks */
	mrs	ip, spsr
	eor	ip, ip, #CPSR_AIF_MASK
	msr	spsr_cxsf, ip
#endif
#ifdef DEFECT_RETURN_THUMB		/* returns in the other instruction set */
	mrs	ip, spsr
	eor	ip, ip, #CPSR_T_BIT
	msr	spsr_cxsf, ip
#endif
#ifdef DEFECT_RETURN_BRANCH		/* "returns" by a plain branch, still in Hyp mode */
	mrs	ip, ELR_hyp
	bx	ip
#endif
#ifdef CONFORMING_CLOBBER
	/* Everything the ABI lets a stub clobber: r1-r3, ip, the flags, its own memory. */
	adr	ip, scratch
	str	r0, [ip]
	clobber_caller_saved
	adr	ip, scratch
	ldr	r0, [ip]
	mvn	ip, #0
#endif
	eret

/*
 * The stubs' own data, in .text: clang's assembler resolves an A32 adr to
 * a label of another section as if it were in this one, with no
 * relocation (in .data, scratch was read as the vector table's address).
 * Not .bss either: the raw .bin must hold it.
 */
#ifdef CONFORMING_STACK
	.balign	8
stack:
	.space	STACK_SIZE
stack_top:
#endif
#ifdef CONFORMING_CLOBBER
	.balign	4
scratch:
	.word	0
#endif

/*
 * Negative controls: the reference stub's logic with exactly one defect
 * switched on by -DDEFECT_<NAME> (see stubs/CMakeLists.txt for which rule
 * each one must trip), and -DCONFORMING_CLOBBER for a stub that uses all
 * the freedom the ABI gives and must still pass; -DCONFORMING_STACK for
 * one that keeps a stack in its own image and must pass too. With nothing
 * defined it behaves as hyp_stub.S; -DHAS_FINALISE_EL2 adds v6.0's
 * FINALISE_EL2, -DHAS_GET_ICH_VTR v6.19's GET_ICH_VTR_EL2 (and FINALISE_EL2).
 */
#include "aarch64/regs.h"
#include "hyp_abi_defs.h"
#include "layout.h"
#include "vectors.inc"

#if defined(HAS_GET_ICH_VTR) && !defined(HAS_FINALISE_EL2)
#define HAS_FINALISE_EL2			/* v6.19's stubs have v6.0's function too */
#endif

#ifdef CONFORMING_STACK
#define STACK_SLOT	16	/* one register a slot: SP stays 16-byte aligned */
#define STACK_REGS	31	/* x0-x30 */
#define STACK_SIZE	(STACK_SLOT * STACK_REGS)
#define STACK_ROUNDS	8	/* of 31 writes each: in all, far more than the harness keeps */
#endif

#ifdef CONFORMING_CLOBBER
/* x\first..x18 and NZCV changed: all a stub may clobber from x\first on (x5 last, as scratch). */
	.macro	clobber_caller_saved first
	.irp	n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18
	.if	\n >= \first
	mov	x\n, #(0x5a00 + \n)
	.endif
	.endr
	mrs	x5, nzcv
	eor	x5, x5, #PSTATE_NZCV_MASK
	msr	nzcv, x5
	mov	x5, #-1
	.endm
#endif

#if defined(HAS_FINALISE_EL2) && !defined(DEFECT_EL2_CALL_SPIN)
	stub_vectors stub_hvc, stub_hvc		/* v5.13+: an hvc from EL2 itself too */
#else
	stub_vectors stub_hvc			/* DEFECT_EL2_CALL_SPIN: +0x200 spins */
#endif

stub_hvc:
#ifdef CONFORMING_STACK
	/*
	 * Every register saved on a stack in the stub's own image and
	 * restored, STACK_ROUNDS times: many writes, all of them allowed.
	 * SP_EL2 is put back as it was found.
	 */
	mov	x9, sp
	adr	x10, stack_top
	mov	sp, x10
	mov	x10, #STACK_ROUNDS
1:	.irp	n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15, \
		16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	str	x\n, [sp, #-STACK_SLOT]!
	.endr
	.irp	n, 30,29,28,27,26,25,24,23,22,21,20,19,18,17,16,15, \
		14,13,12,11,10,9,8,7,6,5,4,3,2,1,0
	ldr	x\n, [sp], #STACK_SLOT
	.endr
	subs	x10, x10, #1
	b.ne	1b
	mov	sp, x9
#endif
	cmp	x0, #HVC_SET_VECTORS
	b.eq	set_vectors
	cmp	x0, #HVC_SOFT_RESTART
	b.eq	soft_restart
#ifndef DEFECT_IMPLEMENTED		/* answers HVC_STUB_ERR to RESET_VECTORS */
	/*
	 * A partial decode of RESET_VECTORS takes an unknown number for it
	 * and answers success (unknown.error alone). None of the fixed
	 * unknown numbers aliases 2 so: only the cases derived from this
	 * code catch it on every seed.
	 */
#if defined(DEFECT_DECODE_W0)		/* w0, not x0: 2 + 2^32 is RESET_VECTORS too */
	cmp	w0, #HVC_RESET_VECTORS
#elif defined(DEFECT_DECODE_BYTE)	/* x0's low byte: 0x102 is RESET_VECTORS too */
	and	x5, x0, #0xff
	cmp	x5, #HVC_RESET_VECTORS
#else
	cmp	x0, #HVC_RESET_VECTORS
#endif
	b.eq	reset_vectors
#endif
#ifdef HAS_GET_ICH_VTR			/* a stub of v6.19+ */
	cmp	x0, #HVC_GET_ICH_VTR_EL2
	b.eq	get_ich_vtr
#endif
#ifdef HAS_FINALISE_EL2			/* a stub of v6.0+ */
	cmp	x0, #HVC_FINALISE_EL2
	b.eq	finalise_el2
#endif
#ifdef DEFECT_UNKNOWN_ERROR		/* claims success for every other number */
	b	success
#endif
#ifdef DEFECT_BASE_UNKNOWN_SCTLR		/* sets SCTLR_EL2.I, set in the fixed base */
	mrs	x5, sctlr_el2
	orr	x5, x5, #SCTLR_I_BIT
	msr	sctlr_el2, x5
#endif
	mov32	x0, HVC_STUB_ERR
	b	leave

set_vectors:
#ifdef COVERAGE_GAP
	/*
	 * A block no case of a default check runs: SET_VECTORS with x2 = 0.
	 * The ABI leaves x2 free and the cases draw it at random, so only a
	 * call made to reach it (--explore: a register set to zero) does.
	 * Then it goes on as ever; only coverage sees it never ran.
	 */
	cbnz	x2, 2f
	mov	x5, #0
	mov	x6, #0
#ifdef DEFECT_EXPLORED			/* only there: a callee-saved register changed */
	add	x19, x19, #1
#endif
2:
#endif
#ifdef COVERAGE_BY_DESIGN
	/*
	 * Two blocks no call runs. The first is set-up for a feature the
	 * A57 lacks (SVE, as a kernel's FINALISE_EL2 gates it on
	 * ID_AA64PFR0_EL1.SVE): coverage names it unreachable by design on
	 * that core. The second hangs on a word of the stub's own image that
	 * nothing writes: no case reaches it, but nothing the classifier can
	 * show rules it out, so it stays plain "not covered".
	 */
	mrs	x5, id_aa64pfr0_el1
	ubfx	x5, x5, #ID_AA64PFR0_SVE_SHIFT, #4
	cbz	x5, 3f
	mov	x5, #0				/* SVE set-up would be here */
3:
	adr	x5, by_design_flag
	ldr	x5, [x5]
	cbz	x5, 4f
	mov	x5, #0				/* never: the flag stays 0 */
4:
#endif
#ifdef OBJECT_EXTERN
	/*
	 * A relocatable object's references to what the kernel would link
	 * in: an override the stub consults (reads as zero: none) ...
	 */
	adrp	x9, hyp_stub_override
	ldr	x9, [x9, :lo12:hyp_stub_override]
	cbnz	x9, leave
#ifdef DEFECT_CALLS_UNDEFINED		/* ... and a helper it calls */
	bl	hyp_stub_helper
#endif
#endif
#ifndef DEFECT_SET_VECTORS_VBAR		/* reports success without doing it */
	msr	vbar_el2, x1
#endif
#ifdef DEFECT_EL1_STATE			/* sets the wrong exception level's VBAR too */
	msr	vbar_el1, x1
#endif
#ifdef DEFECT_EL1_STATE_AT		/* an address translation: PAR_EL1 changes, no MSR */
	at	s1e1r, x1
#endif
#ifdef DEFECT_SET_VECTORS_ONLY_VBAR	/* flips SCTLR_EL2.I on the way */
	mrs	x5, sctlr_el2
	eor	x5, x5, #SCTLR_I_BIT
	msr	sctlr_el2, x5
#endif
	/*
	 * EL2 state a stub assumes: each sets or clears a field of an EL2
	 * control register to the value hypabi's fixed base state had, so it
	 * changed nothing there; the varied base state catches it.
	 */
#ifdef DEFECT_BASE_SCTLR_SET		/* sets SCTLR_EL2.I, set in the fixed base */
	mrs	x5, sctlr_el2
	orr	x5, x5, #SCTLR_I_BIT
	msr	sctlr_el2, x5
#endif
#ifdef DEFECT_BASE_HCR_CLEAR		/* clears HCR_EL2.FMO, IMO, AMO, clear in it */
	mrs	x5, hcr_el2
	bic	x5, x5, #(HCR_FMO_BIT | HCR_IMO_BIT | HCR_AMO_BIT)
	msr	hcr_el2, x5
#endif
#ifdef DEFECT_BASE_CPTR_CLEAR		/* clears CPTR_EL2.TTA, clear in it */
	mrs	x5, cptr_el2
	bic	x5, x5, #CPTR_TTA_BIT
	msr	cptr_el2, x5
#endif
#ifdef DEFECT_BASE_MDCR_SET		/* sets MDCR_EL2.HPMN to its 6 */
	mrs	x5, mdcr_el2
	bic	x5, x5, #MDCR_HPMN_MASK
	orr	x5, x5, #MDCR_HPMN_A57
	msr	mdcr_el2, x5
#endif
	b	success

reset_vectors:
#ifdef DEFECT_FAULT_UDF
	udf	#0
#endif
#ifdef DEFECT_FAULT_SPIN
	b	.
#endif
#ifdef DEFECT_FAULT_WFI			/* waits for an interrupt it has masked */
	wfi
#endif
#ifdef DEFECT_FAULT_WILD		/* jumps to unmapped memory */
	mov	x5, #0x10
	br	x5
#endif
#ifdef DEFECT_WRITE_CALLER_CODE		/* patches the caller's code at its return address */
	mrs	x5, elr_el2
	str	wzr, [x5]
#endif
#ifdef DEFECT_WRITE_TRAMPOLINE		/* patches the harness's trampoline page */
	mov32	x5, TRAMPOLINE
	str	xzr, [x5]
#endif
#ifdef DEFECT_JUMP_TRAMPOLINE		/* re-enters the harness's entry path, VBAR changed */
	msr	vbar_el2, x1
	mov32	x5, (TRAMPOLINE + A64_INSN_SIZE)
	br	x5
#endif
#ifdef DEFECT_MEMORY			/* scribbles below the caller's stack pointer */
	mrs	x5, sp_el1
	str	xzr, [x5, #-16]
#endif
#ifndef DEFECT_RESET_VECTORS_MMU
	el2_mmu_off x5
#endif
#ifdef DEFECT_RESET_VECTORS_VBAR	/* takes the vectors from x1 */
	mov	x5, x1
#else
	adr	x5, __hyp_stub_vectors
#endif
	msr	vbar_el2, x5
	b	success

soft_restart:
#ifdef DEFECT_SOFT_RESTART_NO_RETURN	/* returns "success" instead of jumping */
	b	success
#endif
	msr	daifset, #0xf
#ifdef DEFECT_SOFT_RESTART_MASKED
	msr	daifclr, #0xf
#endif
#ifndef DEFECT_SOFT_RESTART_MMU_OFF
	el2_mmu_off x5
#endif
	mov	x5, x1
#ifdef DEFECT_SOFT_RESTART_TARGET	/* lands one instruction late */
	add	x5, x5, #4
#endif
#ifdef DEFECT_RESTART_FORGED		/* jumps to the harness's landing pad, not to x1 */
	mov32	x5, LANDING_PAD
#endif
#ifdef DEFECT_SOFT_RESTART_ARGS		/* KVM before b9e10d4a6c9f: x0 = 0, not x2 */
	mov	x0, xzr
#else
	mov	x0, x2
#endif
	mov	x1, x3
	mov	x2, x4
	br	x5

#ifdef HAS_FINALISE_EL2
	/*
	 * FINALISE_EL2, written from its rules (hypabi rules, finalise-el2.*):
	 * on a core with VHE whose EL2 MMU is off, run the caller's kernel at
	 * EL2 with E2H and TGE: the caller's EL1 translation and vectors move
	 * to EL2, EL1's MMU goes off, and the call returns at EL2h with the
	 * caller's SP, masks and flags. Otherwise HVC_STUB_ERR.
	 */
	.arch	armv8.1-a			/* FEAT_VHE's names: sctlr_el12 */
finalise_el2:
	mrs	x1, id_aa64mmfr1_el1
	ubfx	x1, x1, #ID_AA64MMFR1_VH_SHIFT, #4
	cbz	x1, 1f
#ifndef DEFECT_FINALISE_IGNORES_MMU		/* switches with the EL2 MMU on too */
	mrs	x1, sctlr_el2
	tbnz	x1, #0, 1f			/* SCTLR_EL2.M: the EL2 MMU is on */
#endif
	/*
	 * E2H first, as the kernel does: from here the *_EL12 names reach
	 * EL1's registers whether the caller was at EL1 or, E2H already set,
	 * at EL2 itself (where the EL1 names reach EL2's).
	 */
#ifdef DEFECT_FINALISE_NO_TGE		/* E2H without TGE: EL0 is not the host's */
	mov32	x1, HCR_RW_BIT
#else
	mov32	x1, (HCR_RW_BIT | HCR_TGE_BIT)
#endif
	movk	x1, #(HCR_E2H_BIT >> 32), lsl #32
	msr	hcr_el2, x1
	isb
#ifndef DEFECT_FINALISE_EL2_REGS		/* leaves the stub's vectors in place */
	mrs	x1, vbar_el12
	msr	vbar_el2, x1
#endif
	mrs	x1, tcr_el12
	msr	tcr_el2, x1
	mrs	x1, ttbr0_el12
	msr	ttbr0_el2, x1
#ifndef DEFECT_FINALISE_TTBR1			/* leaves TTBR1_EL2 as it was */
	mrs	x1, ttbr1_el12
	msr	ttbr1_el2, x1
#endif
	mrs	x1, mair_el12
	msr	mair_el2, x1
	mrs	x2, sctlr_el12
#ifndef DEFECT_FINALISE_SP		/* returns on the stub's own SP_EL2 */
	mrs	x1, sp_el1
	mov	sp, x1
#endif
#ifndef DEFECT_FINALISE_EL1_MMU_ON		/* leaves EL1's MMU on */
	bic	x1, x2, #SCTLR_M_BIT
	msr	sctlr_el12, x1			/* EL1's MMU off */
#endif
#ifndef DEFECT_FINALISE_RETURN_EL1		/* claims the switch, returns at EL1 */
	mrs	x1, spsr_el2
	bic	x1, x1, #PSTATE_M_MASK
	mov	x3, #PSTATE_M_EL2H
	orr	x1, x1, x3
	msr	spsr_el2, x1
#endif
	msr	sctlr_el2, x2			/* EL2's MMU on, with the caller's tables */
	isb
	mov	x0, #0
	eret
1:	mov32	x0, HVC_STUB_ERR
	eret
#endif

#ifdef HAS_GET_ICH_VTR
	/* x1 = ICH_VTR_EL2, x0 = 0; nothing else (v6.19's boot stub). */
get_ich_vtr:
#if defined(DEFECT_ICH_VTR_WRONG_GPR)		/* answers in x2 */
	mrs	x2, ich_vtr_el2
#elif defined(DEFECT_ICH_VTR_WRONG_SYSREG)	/* reads the ID register with the GIC field */
	mrs	x1, id_aa64pfr0_el1
#else
	mrs	x1, ich_vtr_el2
#endif
#ifdef CONFORMING_CLOBBER		/* all it may but the answer in x1 */
	clobber_caller_saved 2
#endif
	mov	x0, #0
	eret
#endif

success:
#ifndef DEFECT_RETURN_CODE		/* leaves the function number in x0 */
	mov	x0, #0
#endif
leave:
#ifdef DEFECT_CALLEE_SAVED
	add	x19, x19, #1
#endif
#ifdef DEFECT_FPCR			/* zeroes FPCR (callee-saved), as the fixed base had it */
	msr	fpcr, xzr
#endif
#ifdef CONFORMING_FP_CLOBBER
	/*
	 * Every FP/SIMD register a call may change (AAPCS64 6.1.2): v0-v7,
	 * v16-v31, the upper halves of v8-v15, and FPSR; not FPCR.
	 */
	mov	x5, #-1
	.irp	n, 0,1,2,3,4,5,6,7,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	dup	v\n\().2d, x5
	.endr
	.irp	n, 8,9,10,11,12,13,14,15
	mov	v\n\().d[1], x5
	.endr
	msr	fpsr, x5
#endif
#ifdef DEFECT_RETURN_ADDRESS		/* skips the caller's next instruction */
	mrs	x5, elr_el2
	add	x5, x5, #4
	msr	elr_el2, x5
#endif
#ifdef DEFECT_RETURN_MODE		/* hands the caller back other D/A/I/F masks */
	mrs	x5, spsr_el2
	eor	x5, x5, #PSTATE_DAIF_MASK
	msr	spsr_el2, x5
#endif
#ifdef DEFECT_EL2_RETURN_EL1		/* hands every caller back at EL1h, even one at EL2 */
	mrs	x5, spsr_el2
	bic	x5, x5, #PSTATE_M_MASK
	mov	x6, #PSTATE_M_EL1H
	orr	x5, x5, x6
	msr	spsr_el2, x5
#endif
#ifdef DEFECT_RETURN_BRANCH		/* "returns" by a plain branch, still at EL2 */
	mrs	x5, elr_el2
	br	x5
#endif
#ifdef CONFORMING_CLOBBER
	/* Everything the ABI lets a stub clobber: x1-x18, NZCV, its own memory. */
	adr	x5, scratch
	str	x0, [x5]
	clobber_caller_saved 1
	adr	x5, scratch
	ldr	x0, [x5]
#endif
	eret

#ifdef CONFORMING_CLOBBER
	.data
	.balign	8
scratch:
	.quad	0
#endif

#ifdef CONFORMING_STACK
	.data
	.balign	STACK_SLOT
stack:
	.space	STACK_SIZE		/* in .data, not .bss: the raw .bin holds it too */
stack_top:
#endif

#ifdef COVERAGE_BY_DESIGN
	.data
	.balign	8
by_design_flag:
	.quad	0			/* nothing writes it */
#endif

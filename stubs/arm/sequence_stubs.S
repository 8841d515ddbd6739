/*
 * Stubs whose faults only a sequence shows (cases/sequences.def), in Hyp
 * mode (A32), as stubs/arm64/sequence_stubs.S: each passes hypabi check,
 * one call at a time on a fresh machine, and fails once calls follow one
 * another on the same memory and Hyp state. Scratch: r2, r3 and ip, which
 * the caller gives up (r1 is SET_VECTORS' vectors, SOFT_RESTART's target).
 * One section, the vectors first: an A32 adr reaches only its own.
 *
 * SEQ_HYPERVISOR: a conforming hypervisor, as KVM's hyp-init is to the
 *   boot stub at BOOT_VECTORS (a --defsym): RESET_VECTORS puts those back
 *   with the Hyp MMU off; SOFT_RESTART as the reference stub's.
 * SEQ_OWN_RESET: that hypervisor, but RESET_VECTORS restores its own vectors.
 * SEQ_HYP_SET_VECTORS: that hypervisor with SET_VECTORS too (optional for
 *   a hypervisor): it installs r1 and answers 0. Conforming.
 * SEQ_REFUSE_INSTALLS: that one, but its SET_VECTORS answers HVC_STUB_ERR
 *   after installing r1 anyway: sequence.model, and no other rule, fails.
 * SEQ_SAVE_VBAR: a boot stub that remembers the base it last installed and
 *   restores the one before it on RESET_VECTORS: right after one
 *   SET_VECTORS, wrong after two.
 * SEQ_FIRST_CALL_ONLY: a boot stub that answers its first call only.
 * SEQ_ZIMAGE, SEQ_ARM_KERNEL: the arm-decompressor path's two stubs (v5.7+,
 *   ABI-HISTORY.md s5), conforming: the zImage's (SET_VECTORS and
 *   SOFT_RESTART, no RESET_VECTORS) and, at the hypervisor's place, the
 *   kernel proper's (SOFT_RESTART only).
 */
#include "aarch32/regs.h"
#include "hyp_abi_defs.h"
#include "vectors.inc"

#if defined(SEQ_HYPERVISOR) || defined(SEQ_OWN_RESET) || defined(SEQ_ARM_KERNEL) || \
	defined(SEQ_HYP_SET_VECTORS) || defined(SEQ_REFUSE_INSTALLS)
	.text
	stub_vector_table seq_stub_vectors, hyp_hvc, hyp_unexpected
hyp_unexpected:
	b	.

hyp_hvc:
	cmp	r0, #HVC_SOFT_RESTART
	beq	soft_restart
#ifndef SEQ_ARM_KERNEL
	cmp	r0, #HVC_RESET_VECTORS
	beq	hyp_reset
#endif
#if defined(SEQ_HYP_SET_VECTORS) || defined(SEQ_REFUSE_INSTALLS)
	cmp	r0, #HVC_SET_VECTORS
	beq	hyp_set
#endif
hyp_refuse:
	mov32	r0, HVC_STUB_ERR
	eret

#if defined(SEQ_HYP_SET_VECTORS) || defined(SEQ_REFUSE_INSTALLS)
/* HVBAR = r1: success (SEQ_REFUSE_INSTALLS: says it refused). */
hyp_set:
	mcr	p15, 4, r1, c12, c0, 0	/* HVBAR */
#ifdef SEQ_REFUSE_INSTALLS
	b	hyp_refuse
#else
	b	success
#endif
#endif

#ifndef SEQ_ARM_KERNEL
/* HSCTLR.M = 0; HVBAR = the boot stub's vectors (SEQ_OWN_RESET: our own). */
hyp_reset:
	hyp_mmu_off ip
#ifdef SEQ_OWN_RESET
	adr	ip, seq_stub_vectors
#else
	ldr	ip, =BOOT_VECTORS
#endif
	mcr	p15, 4, ip, c12, c0, 0	/* HVBAR */
	b	success
#endif
#else
	.text
	.globl	seq_stub_vectors
seq_stub_vectors:
	stub_vector_table __hyp_stub_vectors, stub_hvc, stub_unexpected
stub_unexpected:
	b	.

stub_hvc:
#ifdef SEQ_FIRST_CALL_ONLY
	/* The first call sets `called`; every later one is refused. */
	adr	r2, called
	ldr	r3, [r2]
	cmp	r3, #0
	bne	refuse
	mov	r3, #1
	str	r3, [r2]
#endif
	cmp	r0, #HVC_SET_VECTORS
	beq	set_vectors
	cmp	r0, #HVC_SOFT_RESTART
	beq	soft_restart
#ifndef SEQ_ZIMAGE
	cmp	r0, #HVC_RESET_VECTORS
	beq	reset_vectors
#endif
refuse:
	mov32	r0, HVC_STUB_ERR
	eret

/* HVBAR = r1 (SEQ_SAVE_VBAR: saved = current, current = r1; 0 stands for our own). */
set_vectors:
#ifdef SEQ_SAVE_VBAR
	adr	r2, current
	ldr	r3, [r2]
	str	r3, [r2, #4]
	str	r1, [r2]
#endif
	mcr	p15, 4, r1, c12, c0, 0	/* HVBAR */
	b	success

/* HSCTLR.M = 0; HVBAR = our own vectors (SEQ_SAVE_VBAR: the saved base). */
reset_vectors:
	hyp_mmu_off ip
	adr	ip, __hyp_stub_vectors
#ifdef SEQ_SAVE_VBAR
	adr	r2, current
	ldr	r2, [r2, #4]
	cmp	r2, #0
	movne	ip, r2
#endif
	mcr	p15, 4, ip, c12, c0, 0	/* HVBAR */
	b	success
#endif

/* Mask A, I, F, turn the Hyp MMU off, and jump to r1 in Hyp mode. */
soft_restart:
	cpsid	aif
	hyp_mmu_off ip
	bx	r1

success:
	mov	r0, #0
	eret

	.ltorg
	.balign	4
#ifdef SEQ_SAVE_VBAR
current:
	.word	0
	.word	0		/* saved */
#endif
#ifdef SEQ_FIRST_CALL_ONLY
called:
	.word	0
#endif

/*
 * Stubs whose faults only a sequence shows (cases/sequences.def): each
 * passes hypabi check, one call at a time on a fresh machine, and fails
 * once calls follow one another on the same memory and EL2 state.
 *
 * SEQ_HYPERVISOR: a conforming hypervisor, as KVM's hyp-init is to the
 *   boot stub at BOOT_VECTORS (a --defsym): RESET_VECTORS puts those back
 *   with the EL2 MMU off; SOFT_RESTART as the reference stub's.
 * SEQ_OWN_RESET: that hypervisor, but RESET_VECTORS restores its own vectors.
 * SEQ_HYP_SET_VECTORS: that hypervisor with SET_VECTORS too (optional for
 *   a hypervisor): it installs x1 and answers 0. Conforming.
 * SEQ_REFUSE_INSTALLS: that one, but its SET_VECTORS answers HVC_STUB_ERR
 *   after installing x1 anyway. Alone, a hypervisor's refused SET_VECTORS
 *   is judged by nothing but its return code; in a sequence the caller
 *   believes VBAR unchanged and it is not: sequence.model, and no other
 *   rule, fails.
 * SEQ_SAVE_VBAR: a boot stub that remembers the base it last installed and
 *   restores the one before it on RESET_VECTORS: right after one
 *   SET_VECTORS, wrong after two.
 * SEQ_FIRST_CALL_ONLY: a boot stub that answers its first call only.
 */
#include "aarch64/regs.h"
#include "hyp_abi_defs.h"
#include "vectors.inc"

#if defined(SEQ_HYPERVISOR) || defined(SEQ_OWN_RESET) || defined(SEQ_HYP_SET_VECTORS) || \
	defined(SEQ_REFUSE_INSTALLS)
	.section .text.vectors, "ax"
	stub_vector_table seq_stub_vectors, hyp_hvc, hyp_unexpected
	.text
hyp_unexpected:
	b	.

hyp_hvc:
	cmp	x0, #HVC_SOFT_RESTART
	b.eq	soft_restart
	cmp	x0, #HVC_RESET_VECTORS
	b.eq	hyp_reset
#if defined(SEQ_HYP_SET_VECTORS) || defined(SEQ_REFUSE_INSTALLS)
	cmp	x0, #HVC_SET_VECTORS
	b.eq	hyp_set
#endif
hyp_refuse:
	mov32	x0, HVC_STUB_ERR
	eret

#if defined(SEQ_HYP_SET_VECTORS) || defined(SEQ_REFUSE_INSTALLS)
/* VBAR_EL2 = x1: success (SEQ_REFUSE_INSTALLS: says it refused). */
hyp_set:
	msr	vbar_el2, x1
#ifdef SEQ_REFUSE_INSTALLS
	b	hyp_refuse
#else
	b	success
#endif
#endif

/* SCTLR_EL2.M = 0; VBAR_EL2 = the boot stub's vectors (SEQ_OWN_RESET: our own). */
hyp_reset:
	el2_mmu_off x5
#ifdef SEQ_OWN_RESET
	adr	x5, seq_stub_vectors
#else
	ldr	x5, =BOOT_VECTORS
#endif
	msr	vbar_el2, x5
	b	success
#else
	.section .text.vectors, "ax"
	.globl	seq_stub_vectors
seq_stub_vectors:
	stub_vector_table __hyp_stub_vectors, stub_hvc, stub_unexpected
	.text
stub_unexpected:
	b	.

stub_hvc:
#ifdef SEQ_FIRST_CALL_ONLY
	/* The first call sets `called`; every later one is refused. */
	adr	x5, called
	ldr	x6, [x5]
	cbnz	x6, refuse
	mov	x6, #1
	str	x6, [x5]
#endif
	cmp	x0, #HVC_SET_VECTORS
	b.eq	set_vectors
	cmp	x0, #HVC_SOFT_RESTART
	b.eq	soft_restart
	cmp	x0, #HVC_RESET_VECTORS
	b.eq	reset_vectors
refuse:
	mov32	x0, HVC_STUB_ERR
	eret

/* VBAR_EL2 = x1 (SEQ_SAVE_VBAR: saved = current, current = x1; 0 stands for our own). */
set_vectors:
#ifdef SEQ_SAVE_VBAR
	adr	x5, current
	ldr	x6, [x5]
	str	x6, [x5, #8]
	str	x1, [x5]
#endif
	msr	vbar_el2, x1
	b	success

/* SCTLR_EL2.M = 0; VBAR_EL2 = our own vectors (SEQ_SAVE_VBAR: the saved base). */
reset_vectors:
	el2_mmu_off x5
	adr	x5, __hyp_stub_vectors
#ifdef SEQ_SAVE_VBAR
	adr	x6, current
	ldr	x6, [x6, #8]
	cbz	x6, 1f
	mov	x5, x6
1:
#endif
	msr	vbar_el2, x5
	b	success
#endif

/* Masked, EL2 MMU off, x2-x4 to x0-x2, jump to x1 at EL2. */
soft_restart:
	masked_mmu_off x5
	mov	x5, x1
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	br	x5

success:
	mov	x0, #0
	eret

	.balign	8
#ifdef SEQ_SAVE_VBAR
current:
	.quad	0
	.quad	0		/* saved */
#endif
#ifdef SEQ_FIRST_CALL_ONLY
called:
	.quad	0
#endif

/*
 * hypabi's reference HYP stub for arm, written from hyp-abi.txt alone:
 * the `initial` role of the `hyp-abi` profile, in A32 state. Position
 * independent. ip (r12) is the only scratch register used.
 */
#include "aarch32/regs.h"
#include "hyp_abi_defs.h"
#include "vectors.inc"

#ifdef MANY_SYMBOLS
/*
 * 3000 local symbols, as a vmlinux has tens of thousands: locals come
 * first in an ELF symbol table, so __hyp_stub_vectors (global) follows
 * them all. Labels only; the bytes are the reference stub's.
 */
	.macro	filler_symbol
filler_\@:
	.endm
	.rept	3000
	filler_symbol
	.endr
#endif

#ifdef VMLINUX
/* The stub inside a vmlinux-shaped ELF (stubs/vmlinux.ld): _text, the kernel's start. */
	.section .head.text, "ax"
	.globl	_text
_text:
	b	.			/* the kernel's entry, never run here */
#endif

	stub_vectors stub_hvc

/* hvc #0 from a PL1 mode: the function is in r0. */
stub_hvc:
	cmp	r0, #HVC_SET_VECTORS
	beq	set_vectors
	cmp	r0, #HVC_SOFT_RESTART
	beq	soft_restart
	cmp	r0, #HVC_RESET_VECTORS
	beq	reset_vectors
	mov32	r0, HVC_STUB_ERR	/* any other number: not ours */
	eret

/* HVBAR = r1; the caller guarantees a 32-byte-aligned physical address. */
set_vectors:
	mcr	p15, 4, r1, c12, c0, 0	/* HVBAR */
	b	success

/* HSCTLR.M = 0, HVBAR = our own vectors. */
reset_vectors:
	hyp_mmu_off ip
	adr	ip, __hyp_stub_vectors
	mcr	p15, 4, ip, c12, c0, 0	/* HVBAR */
	b	success

/* Mask A, I, F, turn the Hyp MMU off, and jump to r1 in Hyp mode. */
soft_restart:
	cpsid	aif
	hyp_mmu_off ip
	bx	r1

success:
	mov	r0, #0
	eret

/*
 * hypabi's reference HYP stub for arm64, written from hyp-abi.txt alone:
 * the `initial` role of the `hyp-abi` profile. Position independent, so
 * the same bytes work as a raw blob at any 2 KiB-aligned load address.
 */
#include "aarch64/regs.h"
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

	.section .text.vectors, "ax"
	stub_vector_table __hyp_stub_vectors, stub_hvc, stub_unexpected

	.text
/* An exception the stub does not handle: stop here, visibly. */
stub_unexpected:
	b	.

/* hvc #0 from EL1: the function is in x0. x5 is the only scratch used. */
stub_hvc:
	cmp	x0, #HVC_SET_VECTORS
	b.eq	set_vectors
	cmp	x0, #HVC_SOFT_RESTART
	b.eq	soft_restart
	cmp	x0, #HVC_RESET_VECTORS
	b.eq	reset_vectors
	mov32	x0, HVC_STUB_ERR	/* any other number: not ours */
	eret

/* VBAR_EL2 = x1; the caller guarantees a 2 KiB-aligned physical address. */
set_vectors:
	msr	vbar_el2, x1
	b	success

/* SCTLR_EL2.M = 0, VBAR_EL2 = our own vectors. */
reset_vectors:
	mrs	x5, sctlr_el2
	bic	x5, x5, #SCTLR_M_BIT
	msr	sctlr_el2, x5
	isb
	adr	x5, __hyp_stub_vectors
	msr	vbar_el2, x5
	b	success

/*
 * Mask D, A, I, F, turn the EL2 MMU off, move x2-x4 to x0-x2 and jump to
 * x1, staying at EL2. Never returns.
 */
soft_restart:
	msr	daifset, #0xf
	mrs	x5, sctlr_el2
	bic	x5, x5, #SCTLR_M_BIT
	msr	sctlr_el2, x5
	isb
	mov	x5, x1
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	br	x5

success:
	mov	x0, #0
	eret

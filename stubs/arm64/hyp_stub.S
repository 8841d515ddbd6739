/*
 * hypabi's reference HYP stub for arm64, written from hyp-abi.txt alone:
 * the `initial` role of the `hyp-abi` profile. Position independent, so
 * the same bytes work as a raw blob at any 2 KiB-aligned load address.
 */
#include "aarch64/regs.h"
#include "hyp_abi_defs.h"
#include "vectors.inc"

#ifdef VMLINUX
/* Image header flags: bit 0 BE 0, bits [2:1] page size 1 (4K), bit 3 anywhere 1. */
#define ARM64_IMAGE_FLAGS	((1 << 1) | (1 << 3))
#endif

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
/*
 * The stub inside a vmlinux-shaped ELF (stubs/vmlinux.ld): the kernel's
 * first bytes, at _text, are its Image header (Documentation/arch/arm64/
 * booting.rst), which a boot loader reads for text_offset.
 */
	.section .head.text, "ax"
	.globl	_text
_text:
	b	.			/* code0: the kernel's entry, never run here */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	_end - _text		/* image_size */
	.quad	ARM64_IMAGE_FLAGS	/* little-endian, 4K pages, anywhere in RAM */
	.quad	0, 0, 0			/* res2-res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5: no PE header */
#endif

	stub_vectors stub_hvc

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
	el2_mmu_off x5
	adr	x5, __hyp_stub_vectors
	msr	vbar_el2, x5
	b	success

/*
 * Mask D, A, I, F, turn the EL2 MMU off, move x2-x4 to x0-x2 and jump to
 * x1, staying at EL2. Never returns.
 */
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

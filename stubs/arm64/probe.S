/*
 * Not a stub: a probe of the harness's exception entry. On the lower-EL
 * AArch64 synchronous entry it copies what entry left behind into
 * registers and jumps to x1 (a landing pad), where the test reads them.
 * Every other entry is UDF, so entry through the wrong vector faults.
 */
#include "aarch64/regs.h"

	.macro	probe_entry
	.balign	VECTOR_ENTRY_SIZE
	udf	#0
	.endm

	.section .text.vectors, "ax"
	.balign	VBAR_ALIGN
	.globl	__hyp_stub_vectors
__hyp_stub_vectors:
	.rept	8
	probe_entry
	.endr
	.balign	VECTOR_ENTRY_SIZE
	adr	x9, .			/* x9 = the address of the entry taken */
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	mrs	x4, esr_el2
	mrs	x5, CurrentEL
	mrs	x6, daif
	mrs	x7, SPSel
	mrs	x8, vbar_el2
	mrs	x10, sp_el1
	mov	x11, sp			/* SP_EL2 */
	br	x1
	.rept	7
	probe_entry
	.endr

/*
 * Not a stub: a probe of the harness's exception entry for arm. On the
 * Hyp trap entry it copies what entry left behind into registers and
 * jumps to r1 (a landing pad); every other entry is UDF.
 */
#include "aarch32/regs.h"

	.syntax	unified
	.arm
	.text
	.balign	HVBAR_ALIGN
	.globl	__hyp_stub_vectors
__hyp_stub_vectors:
	.rept	5
	udf	#0
	.endr
	adr	r9, .			/* 0x14: r9 = the address of the entry taken */
	b	probe			/* 0x18 (IRQ) is not needed by a probe */
	udf	#0

probe:
	mrs	r2, ELR_hyp
	mrs	r3, spsr		/* SPSR_hyp */
	mrc	p15, 4, r4, c5, c2, 0	/* HSR */
	mrs	r5, cpsr
	mrc	p15, 4, r8, c12, c0, 0	/* HVBAR */
	mrs	r10, SP_svc
	mrs	r11, LR_svc
	mov	r12, sp			/* SP_hyp */
	bx	r1

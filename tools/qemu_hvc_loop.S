/*
 * For tools/bench: the raw cost of a hypercall round trip under QEMU.
 * Started at EL3 by qemu-system-aarch64 (-M virt,virtualization=on,
 * secure=on), it points VBAR_EL2 at the stub (loaded at STUB_AT), drops
 * to EL1 and makes COUNT (a word at COUNT_AT, set with -device loader)
 * RESET_VECTORS hypercalls, no checking at all, then SMCs back to EL3 and
 * exits through semihosting.
 */
#include "aarch64/regs.h"
#include "hyp_abi_defs.h"

#define STUB_AT		0x48000000
#define COUNT_AT	0x47fff000
#define STACK_AT	0x47ffe000
#define SEMI_EXIT	0x18
#define ADP_EXIT_OK	0x20026

	.text
	.globl	_start
_start:
	adr	x0, el3_vectors
	msr	vbar_el3, x0
	ldr	x0, =(SCR_NS_BIT | SCR_HCE_BIT | SCR_RW_BIT)
	msr	scr_el3, x0
	ldr	x0, =HCR_RW_BIT
	msr	hcr_el2, x0
	ldr	x0, =(SCTLR_EL2_RES1)
	msr	sctlr_el2, x0
	ldr	x0, =STUB_AT
	msr	vbar_el2, x0
	ldr	x0, =(SCTLR_EL1_RES1)
	msr	sctlr_el1, x0
	ldr	x0, =STACK_AT
	msr	sp_el1, x0
	adr	x0, el1_loop
	msr	elr_el3, x0
	mov	x0, #(PSTATE_M_EL1H | PSTATE_DAIF_MASK)
	msr	spsr_el3, x0
	isb
	eret

el1_loop:
	ldr	x20, =COUNT_AT
	ldr	x20, [x20]
	cbz	x20, 2f
1:	mov	x0, #HVC_RESET_VECTORS
	hvc	#0
	subs	x20, x20, #1
	b.ne	1b
2:	smc	#0

done:
	adr	x1, exit_args
	mov	x0, #SEMI_EXIT
	hlt	#0xf000
	b	.

	.balign	0x800
el3_vectors:
	.rept	16
	.balign	0x80
	b	done
	.endr

	.ltorg
	.balign	8
exit_args:
	.quad	ADP_EXIT_OK, 0

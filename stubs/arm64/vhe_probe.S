/*
 * Not a stub: a probe of FEAT_VHE's register accesses as hypabi's core
 * has them (sim/arch/aarch64/vhe.c), for its unit test and for the QEMU
 * cross-check (QEMU 7.2's -cpu max implements VHE in full). On any call,
 * from EL1 or from EL2 itself, it sets HCR_EL2.E2H, reads and writes EL1 registers through their
 * *_EL12 names and EL2 registers through the EL1 names E2H redirects,
 * leaving what it read in x2-x18, puts E2H back and returns x0 = 0. On a
 * core without VHE (ID_AA64MMFR1_EL1.VH 0, E2H RES0, the *_EL12 names
 * UNDEFINED) it returns HVC_STUB_ERR and touches nothing.
 */
#include "aarch64/regs.h"
#include "hyp_abi_defs.h"
#include "vectors.inc"
#include "vhe_probe.h"

	.arch	armv8.1-a

	/* From EL1 and from EL2 itself (+0x200): hypabi's max core makes both calls. */
	stub_vectors probe_hvc, probe_hvc

probe_hvc:
	mrs	x9, id_aa64mmfr1_el1
	ubfx	x9, x9, #ID_AA64MMFR1_VH_SHIFT, #4
	cbnz	x9, 1f
	mov32	x0, HVC_STUB_ERR
	eret
1:	mrs	x9, hcr_el2
	orr	x10, x9, #HCR_E2H_BIT
	msr	hcr_el2, x10
	isb
	/* The *_EL12 names: EL1's registers. */
	mrs	x2, sctlr_el12
	mrs	x3, vbar_el12
	mrs	x4, ttbr1_el12
	mrs	x5, mair_el12
	mrs	x6, elr_el12
	mrs	x7, spsr_el12
	mrs	x8, far_el12
	mov32	x10, PROBE_CONTEXTIDR
	msr	contextidr_el12, x10
	/* The EL1 names: EL2's registers. */
	mrs	x10, elr_el1
	mrs	x11, esr_el1
	mrs	x12, vbar_el1
	mrs	x13, sctlr_el1
	mrs	x14, tcr_el1
	mov32	x15, PROBE_FAR
	msr	far_el1, x15
	mrs	x16, far_el2
	mov32	x17, PROBE_MAIR
	msr	mair_el1, x17
	mrs	x18, mair_el2
	/* EL1's own, by the EL2 view: what E2H left alone. */
	mrs	x15, contextidr_el12
	msr	hcr_el2, x9
	isb
	mov	x0, #0
	eret

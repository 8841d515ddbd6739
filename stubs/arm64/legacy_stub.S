/*
 * A boot stub of arm64 v4.7-v4.11, before hyp-abi.txt, written from the
 * ABI as ABI-HISTORY.md s1 and s8 state it (profiles arm64-v4.7 and,
 * with -DHAS_SOFT_RESTART, arm64-v4.8):
 *   x0 = 0 (HVC_GET_VECTORS): x0 = VBAR_EL2;
 *   x0 = 1 (HVC_SET_VECTORS): VBAR_EL2 = x1, x0 left as it is;
 *   x0 = 2 (HVC_SOFT_RESTART, v4.8+): as v4.12's, never returns;
 *   any other x0: x0 = ARM_EXCEPTION_HYP_GONE.
 * As in that era, x30 (lr) is the scratch register: its callers save it.
 * The exception class is checked first: anything but an HVC from AArch64
 * returns untouched.
 *
 * Defects and variants, one a build (stubs/CMakeLists.txt names the rule
 * each must fail): CONFORMING_CLOBBER uses all the era allows and must
 * pass; DEFECT_* each break one rule.
 */
#include "aarch64/regs.h"
#include "hyp_abi_defs.h"
#include "vectors.inc"

	stub_vectors stub_hvc

stub_hvc:
	/* x30 = ESR_EL2.EC: only an hvc from AArch64 is a stub call. */
	mrs	x30, esr_el2
	lsr	x30, x30, #ESR_EC_SHIFT
	cmp	x30, #ESR_EC_HVC64
	b.ne	leave
	cmp	x0, #HVC_GET_VECTORS_V4_7
	b.eq	get_vectors
	cmp	x0, #HVC_SET_VECTORS_V4_7
	b.eq	set_vectors
#ifdef HAS_SOFT_RESTART
	cmp	x0, #HVC_SOFT_RESTART_V4_8
	b.eq	soft_restart
#endif
#ifdef DEFECT_UNKNOWN_ERROR		/* answers v4.12's HVC_STUB_ERR, not HYP_GONE */
	mov32	x0, HVC_STUB_ERR
#else
	mov	x0, #ARM_EXCEPTION_HYP_GONE
#endif
	b	leave

/* x0 = VBAR_EL2. */
get_vectors:
#ifdef DEFECT_GET_VECTORS_VALUE		/* reads the wrong exception level's vector base */
	mrs	x0, vbar_el1
#else
	mrs	x0, vbar_el2
#endif
#ifdef DEFECT_GET_VECTORS_EL2_STATE	/* flips SCTLR_EL2.I on the way */
	mrs	x5, sctlr_el2
	eor	x5, x5, #SCTLR_I_BIT
	msr	sctlr_el2, x5
#endif
	b	leave

/* VBAR_EL2 = x1; x0 keeps the function number, which the callers ignore. */
set_vectors:
	msr	vbar_el2, x1
#ifdef CONFORMING_CLOBBER		/* zeroes x0: callers of the era ignore it */
	mov	x0, #0
#endif
	b	leave

#ifdef HAS_SOFT_RESTART
/* Mask D, A, I, F, the EL2 MMU off, x0-x2 = x2-x4, and jump to x1 at EL2. */
soft_restart:
	masked_mmu_off x5
	mov	x30, x1
	mov	x0, x2
	mov	x1, x3
	mov	x2, x4
	br	x30
#endif

leave:
#ifdef DEFECT_CALLEE_SAVED		/* x29 is not the era's scratch: only x30 is */
	add	x29, x29, #1
#endif
#ifdef CONFORMING_CLOBBER
	/* Everything the era lets a stub clobber: x1-x18, x30, NZCV. */
	.irp	n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,30
	mov	x\n, #(0x5a00 + \n)
	.endr
	mrs	x5, nzcv
	eor	x5, x5, #PSTATE_NZCV_MASK
	msr	nzcv, x5
#endif
	eret

/*
 * A boot stub of arm before v4.12 (v3.x-v4.11), written from the ABI as
 * ABI-HISTORY.md s5 states it (profile arm-legacy). There are no
 * function numbers:
 *   r0 == -1: r0 = HVBAR (__hyp_get_vectors);
 *   any other r0: HVBAR = r0, r0 left as it is (__hyp_set_vectors).
 * No error answer, no syndrome check, no SOFT_RESTART or RESET_VECTORS.
 *
 * Defects and variants, one a build (stubs/CMakeLists.txt names the rule
 * each must fail): CONFORMING_CLOBBER uses all the era allows and must
 * pass; DEFECT_* each break one rule.
 */
#include "aarch32/regs.h"
#include "hyp_abi_defs.h"
#include "vectors.inc"

	stub_vectors stub_hvc

stub_hvc:
	cmn	r0, #1			/* r0 == -1 (HVC_GET_VECTORS_ARM_LEGACY)? */
	beq	get_vectors

/* HVBAR = r0, the vectors; r0 is left as it is. */
set_vectors:
#ifdef DEFECT_SET_VECTORS_VBAR		/* takes the vectors from r1, as v4.12 does */
	mcr	p15, 4, r1, c12, c0, 0	/* HVBAR */
#else
	mcr	p15, 4, r0, c12, c0, 0	/* HVBAR */
#endif
#ifdef CONFORMING_CLOBBER		/* zeroes r0: callers of the era ignore it */
	mov	r0, #0
#endif
	b	leave

/* r0 = HVBAR. */
get_vectors:
#ifdef DEFECT_GET_VECTORS_VALUE		/* reads the PL1 vector base instead */
	mrc	p15, 0, r0, c12, c0, 0	/* VBAR */
#else
	mrc	p15, 4, r0, c12, c0, 0	/* HVBAR */
#endif
#ifdef DEFECT_GET_VECTORS_EL2_STATE	/* flips HSCTLR.I on the way */
	mrc	p15, 4, ip, c1, c0, 0	/* HSCTLR */
	eor	ip, ip, #HSCTLR_I_BIT
	mcr	p15, 4, ip, c1, c0, 0
#endif

leave:
#ifdef CONFORMING_CLOBBER
	/* Everything the ABI lets a stub clobber: r1-r3, ip and the flags. */
	clobber_caller_saved
#endif
	eret

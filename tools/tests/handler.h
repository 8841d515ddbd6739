/*
 * Tests that build a stub from instruction words: A32 and A64 encoders
 * (fields as the Arm ARM's encoding diagrams name them) and a raw image
 * with a handler at the vector a lower-EL hvc is taken to.
 */
#ifndef HYPABI_TEST_HANDLER_H
#define HYPABI_TEST_HANDLER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aarch32/regs.h"
#include "arch.h"
#include "image.h"
#include "stub_catalog.h"

#define A32_MCR(opc1, crn, rt, crm, opc2) \
	(0xee000010u | (opc1) << 21 | (crn) << 16 | (rt) << 12 | CP15 << 8 | (opc2) << 5 | (crm))
#define A32_MRC(opc1, crn, rt, crm, opc2)	(A32_MCR(opc1, crn, rt, crm, opc2) | 1u << 20)
#define A32_MCRR(opc1, rt, rt2, crm) \
	(0xec400000u | (rt2) << 16 | (rt) << 12 | CP15 << 8 | (opc1) << 4 | (crm))
#define A32_MOV_IMM(rd, imm8)		(0xe3a00000u | (rd) << 12 | (imm8))
#define A32_MOV_LR(rm)			(0xe1a0e000u | (rm))
#define A32_ADD_LR_4			0xe28ee004u
#define A32_BX(rm)			(0xe12fff10u | (rm))
#define A32_BL_SKIP_ONE			0xeb000000u	/* bl to pc + 8 */
#define A32_MSR_LR_FIQ(rn)		(0xe12ef200u | (rn))
#define A32_MSR_ELR_HYP(rn)		(0xe12ef300u | (rn))
#define A32_MSR_SPSR(rn)		(0xe16ff000u | (rn))
#define A32_CPSID_AIF			0xf10c01c0u
#define A32_CPSIE_AIF			0xf10801c0u
#define A32_CPS_SVC			(0xf1020000u | CPSR_M_SVC)
#define A32_STR_OVER_SELF(rt)		(0xe50f0008u | (rt) << 12)	/* str rt, [pc, #-8] */
#define A32_IP				12u

#define A64_SYSREG(op0, op1, crn, crm, op2) \
	(((op0) & 1u) << 19 | (op1) << 16 | (crn) << 12 | (crm) << 8 | (op2) << 5)
#define A64_MSR(enc, rt)		(0xd5100000u | (enc) | (rt))
#define A64_MRS(enc, rt)		(0xd5300000u | (enc) | (rt))
#define A64_AT_S1E1R(rt)		(0xd5087800u | (rt))
#define A64_TLBI_ALLE2			0xd50c871fu
#define A64_MOVZ(rd, imm16)		(0xd2800000u | (imm16) << 5 | (rd))
#define A64_MOV_X30(rm)			(0xaa0003feu | (rm) << 16)
#define A64_BR(rn)			(0xd61f0000u | (rn) << 5)
#define A64_BL_SKIP_ONE			0x94000002u	/* bl to pc + 8 */
#define A64_MSR_DAIFSET_ALL		0xd50340dfu
#define A64_MSR_DAIFCLR_ALL		0xd50343ffu
#define A64_MSR_SPSEL(n)		(0xd50040bfu | (n) << 8)
#define A64_MOV_SP(rn)			(0x9100001fu | (rn) << 5)	/* add sp, xn, #0 */
#define A64_MOVZ_X(rd, imm16)		(0xd2800000u | (imm16) << 5 | (rd))
#define A64_MOVK_X_LSL16(rd, imm16)	(0xf2a00000u | (imm16) << 5 | (rd))
#define A64_LDR_X(rt, rn)		(0xf9400000u | (rn) << 5 | (rt))	/* ldr xt, [xn] */
#define A64_STR_X(rt, rn)		(0xf9000000u | (rn) << 5 | (rt))	/* str xt, [xn] */

#define HANDLER_IMAGE_WORDS	0x400u

/*
 * A one-page raw stub at STUB_BASE_ADDR: the arch's fill instruction
 * everywhere, and the n words of handler at the hvc vector. 0, or the
 * loader's error (in err).
 */
static inline int handler_image(const struct arch_desc *arch, const uint32_t *handler, size_t n,
				struct stub_image *img, char *err, size_t errlen)
{
	uint32_t code[HANDLER_IMAGE_WORDS];
	struct load_options lo = { .load_addr = STUB_BASE_ADDR, .max_size = 1 << 20 };

	for (size_t i = 0; i < HANDLER_IMAGE_WORDS; i++)
		code[i] = arch->fill_insn;
	memcpy(&code[arch->hvc_vector / 4], handler, n * sizeof(*handler));
	memset(img, 0, sizeof(*img));
	return image_load_raw("handler", (const uint8_t *)code, sizeof(code), &lo, img, err,
			      errlen);
}

#endif

/*
 * A32 relocations, as the kernel's arm stub objects use them (ELF for the
 * Arm Architecture, IHI 0044, 5.6): data words, B/BL, and MOVW/MOVT
 * pairs, absolute and PC-relative (the kernel's adr_l, ldr_l and str_l on
 * ARMv7). REL entries: the addend is what the bytes hold (5.6.1.1).
 */
#include <elf.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "bits.h"
#include "le.h"

#define A32_IMM24_MASK	UINT32_C(0x00ffffff)	/* B, BL: the word offset */
#define A32_IMM12_MASK	UINT32_C(0x00000fff)	/* MOVW, MOVT: imm16 = imm4:imm12 */
#define A32_IMM4_SHIFT	16
#define A32_IMM4_MASK	(UINT32_C(0xf) << A32_IMM4_SHIFT)

static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	uint64_t m = UINT64_C(1) << (bits - 1);

	return (int64_t)((v ^ m) - m);
}

/* MOVW/MOVT's imm16, split imm4:imm12. */
static uint32_t movw_imm(uint32_t insn)
{
	return ((insn & A32_IMM4_MASK) >> (A32_IMM4_SHIFT - 12)) | (insn & A32_IMM12_MASK);
}

static uint32_t with_movw_imm(uint32_t insn, uint32_t imm)
{
	return (insn & ~(A32_IMM4_MASK | A32_IMM12_MASK)) |
	       ((imm << (A32_IMM4_SHIFT - 12)) & A32_IMM4_MASK) | (imm & A32_IMM12_MASK);
}

int aarch32_relocate(const struct reloc *r, char *why, size_t len)
{
	uint32_t insn;
	int64_t a, v;

	if (r->room < 4) {
		snprintf(why, len, "relocation type %u runs past the section", r->type);
		return -1;
	}
	insn = le32_get(r->where);
	switch (r->type) {
	case R_ARM_NONE:
	case R_ARM_V4BX:	/* bx rm: nothing to patch on ARMv7 */
		return 0;
	case R_ARM_ABS32:
		a = r->has_addend ? r->addend : (int32_t)insn;
		le32_put(r->where, (uint32_t)(r->symbol + (uint64_t)a));
		return 0;
	case R_ARM_REL32:
		a = r->has_addend ? r->addend : (int32_t)insn;
		le32_put(r->where, (uint32_t)(r->symbol + (uint64_t)a - r->place));
		return 0;
	case R_ARM_PC24:
	case R_ARM_CALL:
	case R_ARM_JUMP24:
		if (r->symbol & 1) {
			snprintf(why, len, "relocation type %u: a branch to Thumb code, which hypabi "
				 "does not link", r->type);
			return -1;
		}
		a = r->has_addend ? r->addend : sign_extend((uint64_t)(insn & A32_IMM24_MASK) << 2, 26);
		v = (int64_t)(r->symbol + (uint64_t)a - r->place);
		if (v % 4 || v < -(INT64_C(1) << 25) || v >= (INT64_C(1) << 25)) {
			snprintf(why, len, "relocation type %u: target %+lld bytes away is out of reach",
				 r->type, (long long)v);
			return -1;
		}
		le32_put(r->where, (insn & ~A32_IMM24_MASK) | ((uint32_t)(v >> 2) & A32_IMM24_MASK));
		return 0;
	case R_ARM_MOVW_ABS_NC:
	case R_ARM_MOVT_ABS:
	case R_ARM_MOVW_PREL_NC:
	case R_ARM_MOVT_PREL: {
		bool movt = r->type == R_ARM_MOVT_ABS || r->type == R_ARM_MOVT_PREL;
		bool prel = r->type == R_ARM_MOVW_PREL_NC || r->type == R_ARM_MOVT_PREL;
		uint32_t x;

		/* The 16-bit field is a signed addend for MOVW and MOVT alike (5.6.1.1). */
		a = r->has_addend ? r->addend : sign_extend(movw_imm(insn), 16);
		x = (uint32_t)(r->symbol + (uint64_t)a - (prel ? r->place : 0));
		le32_put(r->where, with_movw_imm(insn, movt ? x >> 16 : x & 0xffff));
		return 0;
	}
	default:
		snprintf(why, len, "relocation type %u is not one hypabi links (arm)", r->type);
		return -1;
	}
}

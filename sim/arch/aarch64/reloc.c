/*
 * AArch64 relocations, as the kernel's stub objects use them (ELF for
 * the Arm 64-bit Architecture (AArch64), IHI 0056, 5.7.3 - 5.7.8): data,
 * PC-relative literals and branches, and the ADRP + :lo12: pairs of
 * adr_l/ldr_l. S + A - P and the like, written into the instruction's
 * immediate field.
 */
#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "bits.h"
#include "le.h"

/* Page(expr): the 4 KiB page an address is in (IHI 0056 5.7.3). */
#define PAGE_OF(x)	((x) & ~UINT64_C(0xfff))

/* v fits a signed field of bits bits. */
static bool fits_signed(int64_t v, unsigned int bits)
{
	return v >= -(INT64_C(1) << (bits - 1)) && v < (INT64_C(1) << (bits - 1));
}

/* Replace the field of width bits at shift in the instruction at r->where with v. */
static void set_field(const struct reloc *r, unsigned int shift, unsigned int bits, uint64_t v)
{
	uint32_t mask = (uint32_t)MASK64(shift, bits);

	le32_put(r->where, (le32_get(r->where) & ~mask) | ((uint32_t)(v << shift) & mask));
}

/* ADR/ADRP's 21-bit immediate: immlo [30:29], immhi [23:5]. */
static void set_adr(const struct reloc *r, uint64_t imm)
{
	set_field(r, 29, 2, imm & 3);
	set_field(r, 5, 19, imm >> 2);
}

/* A PC-relative branch or literal with a bits-bit word offset at shift. */
static int set_pcrel(const struct reloc *r, int64_t off, unsigned int shift, unsigned int bits,
		     char *why, size_t len)
{
	if (off % 4 || !fits_signed(off / 4, bits)) {
		snprintf(why, len, "relocation type %u: target %+lld bytes away is out of reach",
			 r->type, (long long)off);
		return -1;
	}
	set_field(r, shift, bits, (uint64_t)(off / 4));
	return 0;
}

/* The :lo12: of a load or store scaled by its access size (1 << scale). */
static int set_lo12(const struct reloc *r, uint64_t sa, unsigned int scale, char *why, size_t len)
{
	if ((sa & 0xfff) % (1u << scale)) {
		snprintf(why, len, "relocation type %u: 0x%llx is not aligned for the access",
			 r->type, (unsigned long long)sa);
		return -1;
	}
	set_field(r, 10, 12, (sa & 0xfff) >> scale);
	return 0;
}

int aarch64_relocate(const struct reloc *r, char *why, size_t len)
{
	uint64_t sa = r->symbol + (uint64_t)r->addend, p = r->place;
	int64_t rel = (int64_t)(sa - p);

	if (r->room < (r->type == R_AARCH64_ABS64 || r->type == R_AARCH64_PREL64 ? 8u : 4u)) {
		snprintf(why, len, "relocation type %u runs past the section", r->type);
		return -1;
	}
	switch (r->type) {
	case R_AARCH64_NONE:
		return 0;
	case R_AARCH64_ABS64:
		memcpy(r->where, &sa, sizeof(sa));
		return 0;
	case R_AARCH64_PREL64:
		memcpy(r->where, &rel, sizeof(rel));
		return 0;
	case R_AARCH64_ABS32:
		if (sa > UINT32_MAX)
			break;
		le32_put(r->where, (uint32_t)sa);
		return 0;
	case R_AARCH64_PREL32:
		if (!fits_signed(rel, 32))
			break;
		le32_put(r->where, (uint32_t)rel);
		return 0;
	case R_AARCH64_LD_PREL_LO19:
	case R_AARCH64_CONDBR19:
		return set_pcrel(r, rel, 5, 19, why, len);
	case R_AARCH64_TSTBR14:
		return set_pcrel(r, rel, 5, 14, why, len);
	case R_AARCH64_JUMP26:
	case R_AARCH64_CALL26:
		return set_pcrel(r, rel, 0, 26, why, len);
	case R_AARCH64_ADR_PREL_LO21:
		if (!fits_signed(rel, 21))
			break;
		set_adr(r, (uint64_t)rel);
		return 0;
	case R_AARCH64_ADR_PREL_PG_HI21:
	case R_AARCH64_ADR_PREL_PG_HI21_NC:
		rel = (int64_t)(PAGE_OF(sa) - PAGE_OF(p)) / 4096;
		if (r->type == R_AARCH64_ADR_PREL_PG_HI21 && !fits_signed(rel, 21))
			break;
		set_adr(r, (uint64_t)rel);
		return 0;
	case R_AARCH64_ADD_ABS_LO12_NC:
	case R_AARCH64_LDST8_ABS_LO12_NC:
		set_field(r, 10, 12, sa & 0xfff);
		return 0;
	case R_AARCH64_LDST16_ABS_LO12_NC:
		return set_lo12(r, sa, 1, why, len);
	case R_AARCH64_LDST32_ABS_LO12_NC:
		return set_lo12(r, sa, 2, why, len);
	case R_AARCH64_LDST64_ABS_LO12_NC:
		return set_lo12(r, sa, 3, why, len);
	case R_AARCH64_LDST128_ABS_LO12_NC:
		return set_lo12(r, sa, 4, why, len);
	case R_AARCH64_MOVW_UABS_G0_NC:
	case R_AARCH64_MOVW_UABS_G1_NC:
	case R_AARCH64_MOVW_UABS_G2_NC:
	case R_AARCH64_MOVW_UABS_G3: {
		/* G0_NC 264, G1_NC 266, G2_NC 268, G3 270: the group is (type - 264) / 2. */
		unsigned int g = (r->type - R_AARCH64_MOVW_UABS_G0_NC) / 2;

		set_field(r, 5, 16, (sa >> (16 * g)) & 0xffff);
		return 0;
	}
	default:
		snprintf(why, len, "relocation type %u is not one hypabi links (AArch64)", r->type);
		return -1;
	}
	snprintf(why, len, "relocation type %u: 0x%llx does not fit", r->type,
		 (unsigned long long)sa);
	return -1;
}

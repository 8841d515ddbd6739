/*
 * A64 branches on an ID register field (arch.h's id_gate): a block that
 * ends "mrs xN, <ID register>", then only UBFX/LSR of that value, then
 * CBZ/CBNZ/TBZ/TBNZ on it. Nothing else may come between: then nothing
 * but the core's own value can steer the branch. The register read is
 * found by its encoding, not Capstone's text (which names only the
 * registers it knows: s3_0_c0_c4_5 is ID_AA64SMFR0_EL1).
 */
#include <stdio.h>
#include <string.h>

#include "arch.h"
#include "bits.h"
#include "le.h"
#include "regs.h"

struct id_reg {
	const char *name;
	uint8_t crm, op2;
};

struct id_field {
	const char *reg, *name;
	unsigned int lsb, width;
};

static const struct id_reg id_regs[] = {
#define ID_REG(name, crm, op2) { #name, crm, op2 },
#define ID_FIELD(reg, name, lsb, width)
#include "id_fields.def"
#undef ID_REG
#undef ID_FIELD
};

static const struct id_field id_fields[] = {
#define ID_REG(name, crm, op2)
#define ID_FIELD(reg, name, lsb, width) { #reg, #name, lsb, width },
#include "id_fields.def"
#undef ID_REG
#undef ID_FIELD
};

#define NINSNS_MAX	8	/* mrs, a few extracts, the branch */

static uint64_t ones(unsigned int width)
{
	return width >= 64 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
}

static bool is_id_mrs(uint32_t w, unsigned int rt, struct id_gate *g)
{
	unsigned int crm = (w >> A64_SYSREG_CRM_SHIFT) & A64_SYSREG_CRX_MASK;

	if ((w & (A64_SYSREG_MOVE_MASK | A64_SYSREG_L_BIT)) != (A64_SYSREG_MOVE | A64_SYSREG_L_BIT) ||
	    (w & A64_RT_MASK) != rt)
		return false;
	g->op0 = (w >> A64_SYSREG_OP0_SHIFT) & A64_SYSREG_OP0_MASK;
	g->op1 = (w >> A64_SYSREG_OP1_SHIFT) & A64_SYSREG_OP1_MASK;
	g->crn = (w >> A64_SYSREG_CRN_SHIFT) & A64_SYSREG_CRX_MASK;
	g->crm = (uint8_t)crm;
	g->op2 = (w >> A64_SYSREG_OP2_SHIFT) & A64_SYSREG_OP2_MASK;
	return g->op0 == A64_ID_REG_OP0 && g->op1 == A64_ID_REG_OP1 && g->crn == A64_ID_REG_CRN &&
	       crm >= A64_ID_REG_CRM_FIRST && crm <= A64_ID_REG_CRM_LAST;
}

/* UBFX or LSR into rd: its source, and the field it extracts. */
static bool is_extract(uint32_t w, unsigned int rd, unsigned int *rn, unsigned int *lsb,
		       unsigned int *width, bool *is32)
{
	unsigned int immr = (w >> A64_UBFM_IMMR_SHIFT) & A64_UBFM_IMM_MASK;
	unsigned int imms = (w >> A64_UBFM_IMMS_SHIFT) & A64_UBFM_IMM_MASK;

	*is32 = (w & A64_UBFM_MASK) == A64_UBFM_W;
	if (((w & A64_UBFM_MASK) != A64_UBFM_X && !*is32) || (w & A64_RT_MASK) != rd ||
	    imms < immr || (*is32 && imms >= 32))
		return false;
	*rn = (w >> A64_RN_SHIFT) & A64_RT_MASK;
	*lsb = immr;
	*width = imms - immr + 1;
	return true;
}

bool aarch64_id_gate(const uint8_t *code, size_t len, uint64_t addr, struct id_gate *g)
{
	size_t n = len / A64_INSN_SIZE;
	uint32_t w, ext[NINSNS_MAX];
	unsigned int rt, next = 0, bit = 0;
	bool tb;

	if (n < 2)
		return false;
	w = le32_get(code + (n - 1) * A64_INSN_SIZE);
	tb = (w & A64_CB_MASK) == A64_TBZ;
	if (!tb && (w & A64_CB_MASK) != A64_CBZ)
		return false;
	memset(g, 0, sizeof(*g));
	rt = w & A64_RT_MASK;
	g->branch = addr + (n - 1) * A64_INSN_SIZE;
	g->taken_if_zero = !(w & A64_CB_NZ_BIT);
	g->mnemonic = tb ? (g->taken_if_zero ? "tbz" : "tbnz") : (g->taken_if_zero ? "cbz" : "cbnz");
	if (tb)
		bit = (w >> A64_TB_B40_SHIFT & A64_TB_B40_MASK) | (w & A64_SF_BIT ? 1u << A64_TB_B5_SHIFT : 0);
	/* Back over the extracts to the mrs that fed them. */
	for (size_t i = n - 1; i-- > 0;) {
		uint32_t x = le32_get(code + i * A64_INSN_SIZE);
		unsigned int rn, lsb, width;
		bool is32;

		if (is_id_mrs(x, rt, g))
			break;
		if (next == NINSNS_MAX || i == 0 || !is_extract(x, rt, &rn, &lsb, &width, &is32))
			return false;
		ext[next++] = x;
		rt = rn;
	}
	if (!g->crm)
		return false;
	/* Forward: what the value tested is, as (reg >> shift) & mask. */
	g->mask = UINT64_MAX;
	while (next--) {
		unsigned int rn, lsb, width;
		bool is32;

		is_extract(ext[next], ext[next] & A64_RT_MASK, &rn, &lsb, &width, &is32);
		if (is32)
			g->mask &= ones(32);
		if (g->shift + lsb >= 64)
			return false;
		g->mask = (g->mask >> lsb) & ones(width);
		g->shift += lsb;
	}
	if (tb) {
		if (g->shift + bit >= 64)
			return false;
		g->mask = (g->mask >> bit) & 1;
		g->shift += bit;
	} else if (!(w & A64_SF_BIT)) {
		g->mask &= ones(32);
	}
	return g->mask != 0;
}

void aarch64_id_gate_name(const struct id_gate *g, char *buf, size_t len)
{
	const char *reg = NULL;
	unsigned int lo = g->shift, hi = g->shift + 63 - (unsigned int)__builtin_clzll(g->mask);

	for (size_t i = 0; i < sizeof(id_regs) / sizeof(id_regs[0]); i++)
		if (id_regs[i].crm == g->crm && id_regs[i].op2 == g->op2)
			reg = id_regs[i].name;
	for (size_t i = 0; reg && i < sizeof(id_fields) / sizeof(id_fields[0]); i++) {
		const struct id_field *f = &id_fields[i];

		if (strcmp(f->reg, reg) == 0 && f->lsb == lo && f->lsb + f->width - 1 == hi &&
		    g->mask == ones(f->width)) {
			snprintf(buf, len, "%s.%s", reg, f->name);
			return;
		}
	}
	if (reg)
		snprintf(buf, len, "%s[%u:%u]", reg, hi, lo);
	else
		snprintf(buf, len, "S3_0_C0_C%u_%u[%u:%u]", g->crm, g->op2, hi, lo);
}

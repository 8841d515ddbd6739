/*
 * The constant finder: one walk of the stub's hvc entry, with a small
 * abstract state per path, for each general register: whether it holds
 * the function number (or a view of it: a copy, a mask, an extension),
 * and whether it holds a known constant. A compare of the one with an
 * immediate or with the other records the value. Anything else an
 * instruction writes is forgotten (Capstone says which registers), a
 * call forgets the caller-saved set, and a register saved on the stack
 * and loaded back holds what it held. A value recorded wrongly costs only
 * cases: a conforming stub answers every unknown number the same way.
 */
#include "constants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "image.h"
#include "walk.h"

#define MAX_GPRS	32
#define MAX_OPS		6
#define OP_LEN		96	/* "{r0, r1, ... r12, lr}" whole */

/* What a path knows of the general registers. */
struct regs_known {
	uint64_t fn;			/* bit n: gpr n holds (a view of) the function number */
	uint64_t known;			/* bit n: gpr n holds value[n] */
	uint64_t value[MAX_GPRS];
	uint64_t saved_fn;		/* bit n: gpr n was last stored on the stack holding fn */
	uint64_t bound;			/* the last instruction compared fn with this... */
	bool bound_valid;		/* ...and was a compare */
};
_Static_assert(sizeof(struct regs_known) <= WALK_MAX_STATE, "a path's state fits the walk");

struct finder {
	const struct arch_desc *arch;
	csh cs;
	const uint8_t *code;
	size_t len;
	struct fn_constants *out;
};

/* An instruction's operands as Capstone prints them, split at the top-level commas. */
struct operands {
	char op[MAX_OPS][OP_LEN];
	unsigned int n;
};

static void split(const char *s, struct operands *o)
{
	unsigned int depth = 0;
	size_t k = 0;

	memset(o, 0, sizeof(*o));
	for (; *s && o->n < MAX_OPS; s++) {
		if (*s == '[' || *s == '{')
			depth++;
		else if ((*s == ']' || *s == '}') && depth)
			depth--;
		if (*s == ',' && !depth) {
			o->n++, k = 0;
			while (s[1] == ' ')
				s++;
			continue;
		}
		if (k + 1 < OP_LEN)
			o->op[o->n][k++] = *s;
	}
	if (o->op[0][0] && o->n < MAX_OPS)
		o->n++;
}

static uint64_t width_mask(unsigned int bits)
{
	return bits >= 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
}

static unsigned int gpr_bits(const struct arch_desc *a)
{
	return a->gpr_mask == UINT64_MAX ? 64 : 32;
}

/* The general register named name, and how many bits of it the name views. */
static bool gpr_of(const struct arch_desc *a, const char *name, unsigned int *r,
		   unsigned int *bits)
{
	for (unsigned int i = 0; i < a->ngprs && i < MAX_GPRS; i++) {
		if (strcmp(name, a->live_gpr_names[i]) == 0) {
			*r = i, *bits = gpr_bits(a);
			return true;
		}
		if (a->live_gpr32_names && strcmp(name, a->live_gpr32_names[i]) == 0) {
			*r = i, *bits = 32;
			return true;
		}
	}
	return false;
}

static bool imm_of(const char *op, uint64_t *v)
{
	char *end;

	if (op[0] != '#')
		return false;
	*v = strtoull(op + 1, &end, 0);
	return end != op + 1 && !*end;
}

/* "lsl #16" after an immediate: its shift. */
static unsigned int shift_of(const struct operands *o, unsigned int i)
{
	uint64_t s;

	if (i < o->n && strncmp(o->op[i], "lsl ", 4) == 0 && imm_of(o->op[i] + 4, &s) && s < 64)
		return (unsigned int)s;
	return 0;
}

static void forget(struct regs_known *k, unsigned int r)
{
	k->fn &= ~(UINT64_C(1) << r);
	k->known &= ~(UINT64_C(1) << r);
}

static void set_const(struct regs_known *k, unsigned int r, uint64_t v)
{
	k->known |= UINT64_C(1) << r;
	k->value[r] = v;
}

static bool holds_fn(const struct regs_known *k, unsigned int r)
{
	return k->fn >> r & 1;
}

/* A value operand: an immediate (shifted as its next operand says), or a known register. */
static bool value_of(const struct finder *f, const struct regs_known *k, const struct operands *o,
		     unsigned int i, uint64_t *v, bool *from_reg)
{
	unsigned int r, bits;

	*from_reg = false;
	if (imm_of(o->op[i], v)) {
		*v <<= shift_of(o, i + 1);
		return true;
	}
	if (gpr_of(f->arch, o->op[i], &r, &bits) && (k->known >> r & 1)) {
		*v = k->value[r] & width_mask(bits);
		*from_reg = true;
		return true;
	}
	return false;
}

static void record(struct finder *f, const cs_insn *in, uint64_t v, enum constant_kind kind)
{
	struct fn_constants *c = f->out;

	for (unsigned int i = 0; i < c->n; i++)
		if (c->value[i] == v)
			return;
	if (c->n == CONSTANTS_MAX_VALUES) {
		c->truncated = true;
		return;
	}
	c->value[c->n] = v;
	c->kind[c->n] = kind;
	c->where[c->n] = in->address;
	c->n++;
}

/* s is a condition code: "eq", "lo" ... or "al". */
static bool is_cond(const char *s)
{
	return insn_is_cond(s) || strcmp(s, "al") == 0;
}

/* m is base, or base and a condition (A32's "cmpne"). */
static bool mnemonic_is(const char *m, const char *base)
{
	size_t n = strlen(base);

	return strncmp(m, base, n) == 0 && (!m[n] || is_cond(m + n));
}

/* cmp, cmn, tst, teq, ccmp, ccmn of the function register (either way round). */
static bool compare(struct finder *f, const cs_insn *in, struct regs_known *k,
		    const struct operands *o)
{
	static const char *const cmps[] = { "cmp", "cmn", "tst", "teq", "ccmp", "ccmn" };
	const char *m = in->mnemonic;
	unsigned int r, bits;
	bool is_cmp = false, from_reg;
	uint64_t v;

	for (size_t i = 0; i < sizeof(cmps) / sizeof(cmps[0]); i++)
		is_cmp |= mnemonic_is(m, cmps[i]);
	if (!is_cmp)
		return false;
	k->bound_valid = false;
	if (o->n < 2 || !gpr_of(f->arch, o->op[0], &r, &bits))
		return true;
	/* The number with a value, or the other way round: a constant's register with the number. */
	if (!(holds_fn(k, r) && value_of(f, k, o, 1, &v, &from_reg)) &&
	    !(gpr_of(f->arch, o->op[1], &r, &bits) && holds_fn(k, r) &&
	      value_of(f, k, o, 0, &v, &from_reg)))
		return true;
	if (mnemonic_is(m, "cmn") || mnemonic_is(m, "ccmn"))
		v = 0 - v;
	v &= width_mask(bits);
	if (mnemonic_is(m, "tst")) {
		record(f, in, v, CONST_BIT);
		return true;
	}
	record(f, in, v, from_reg ? CONST_CMP_REG : CONST_CMP);
	k->bound = v;
	k->bound_valid = !mnemonic_is(m, "ccmp") && !mnemonic_is(m, "ccmn");
	return true;
}

/* cbz/cbnz and tbz/tbnz of the function register. */
static void test_branch(struct finder *f, const cs_insn *in, const struct regs_known *k,
			const struct operands *o)
{
	const char *m = in->mnemonic;
	unsigned int r, bits;
	uint64_t b;

	if (o->n < 1 || !gpr_of(f->arch, o->op[0], &r, &bits) || !holds_fn(k, r))
		return;
	if (strcmp(m, "cbz") == 0 || strcmp(m, "cbnz") == 0)
		record(f, in, 0, CONST_ZERO);
	else if ((strcmp(m, "tbz") == 0 || strcmp(m, "tbnz") == 0) && o->n > 1 &&
		 imm_of(o->op[1], &b) && b < bits)
		record(f, in, UINT64_C(1) << b, CONST_BIT);
}

/*
 * Right after a compare with N, an unsigned "below" (lo/cc, or ls) or
 * "not below" (hs/cs, or hi) guards a jump table: every index under
 * the bound is a number the code tells apart.
 */
static void jump_table(struct finder *f, const cs_insn *in, const struct regs_known *k)
{
	const char *m = in->mnemonic;
	size_t n = strlen(m);
	const char *cond = strncmp(m, "b.", 2) == 0 ? m + 2 : n >= 3 ? m + n - 2 : "";
	uint64_t top;

	if (!k->bound_valid || !is_cond(cond))
		return;
	if (!strcmp(cond, "lo") || !strcmp(cond, "cc") || !strcmp(cond, "hs") || !strcmp(cond, "cs"))
		top = k->bound;
	else if (!strcmp(cond, "ls") || !strcmp(cond, "hi"))
		top = k->bound + 1;
	else
		return;
	if (top > CONSTANTS_JUMP_TABLE)
		return;
	for (uint64_t i = 0; i < top; i++)
		record(f, in, i, CONST_TABLE);
}

/* What the destination of a move, a constant load or a view of a register holds after it. */
enum dest_fact { DEST_NOTHING, DEST_FN, DEST_CONST };

static enum dest_fact dest_after(const struct finder *f, const cs_insn *in,
				 const struct regs_known *k, const struct operands *o,
				 unsigned int bits, uint64_t *v)
{
	static const char *const views[] = {
		"and", "bic", "uxtb", "uxth", "uxtw", "sxtb", "sxth", "sxtw", "ubfx", "sbfx",
	};
	const char *m = in->mnemonic;
	unsigned int d, s, sbits;
	uint64_t imm;
	bool from_reg;

	if (o->n < 2 || !gpr_of(f->arch, o->op[0], &d, &sbits))
		return DEST_NOTHING;
	if (!strcmp(m, "mov") || !strcmp(m, "movz") || !strcmp(m, "movw")) {
		if (gpr_of(f->arch, o->op[1], &s, &sbits) && holds_fn(k, s))
			return DEST_FN;
		if (!value_of(f, k, o, 1, v, &from_reg))
			return DEST_NOTHING;
		*v &= width_mask(bits);
		return DEST_CONST;
	}
	if ((!strcmp(m, "movn") || !strcmp(m, "mvn")) && imm_of(o->op[1], &imm)) {
		*v = ~(imm << shift_of(o, 2)) & width_mask(bits);
		return DEST_CONST;
	}
	if (!strcmp(m, "movk") && (k->known >> d & 1) && imm_of(o->op[1], &imm)) {
		unsigned int sh = shift_of(o, 2);

		*v = (k->value[d] & ~(UINT64_C(0xffff) << sh)) | imm << sh;
		*v &= width_mask(bits);
		return DEST_CONST;
	}
	if (!strcmp(m, "movt") && (k->known >> d & 1) && imm_of(o->op[1], &imm)) {
		*v = ((k->value[d] & 0xffff) | imm << 16) & width_mask(bits);
		return DEST_CONST;
	}
	if (insn_literal(&f->arch->scan, in, f->code, f->len, bits / 8, v))
		return DEST_CONST;
	for (size_t i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		if (!strcmp(m, views[i]) && gpr_of(f->arch, o->op[1], &s, &sbits) && holds_fn(k, s))
			return DEST_FN;
	return DEST_NOTHING;
}

/* The registers an operand names: one, or a list ("{r0, r1, lr}"). */
static uint64_t regs_in(const struct finder *f, const char *op)
{
	char buf[OP_LEN], *save = NULL;
	unsigned int r, bits;
	uint64_t set = 0;

	snprintf(buf, sizeof(buf), "%s", op[0] == '{' ? op + 1 : op);
	for (char *t = strtok_r(buf, ", }", &save); t; t = strtok_r(NULL, ", }", &save))
		if (gpr_of(f->arch, t, &r, &bits))
			set |= UINT64_C(1) << r;
	return set;
}

/*
 * The registers a store to, or a load from, the stack moves: push/pop
 * lists, or the operands before an SP-based address (str, stp, ldr, ldp).
 * 0 for anything else.
 */
static uint64_t stack_regs(const struct finder *f, const cs_insn *in, const struct operands *o,
			   bool *store)
{
	const char *m = in->mnemonic;
	uint64_t set = 0;

	*store = !strcmp(m, "push") || !strncmp(m, "st", 2);
	if (!strcmp(m, "push") || !strcmp(m, "pop"))
		return o->n ? regs_in(f, o->op[0]) : 0;
	if (strncmp(m, "st", 2) != 0 && strncmp(m, "ld", 2) != 0)
		return 0;
	for (unsigned int i = 0; i < o->n; i++) {
		if (o->op[i][0] == '[')
			return strncmp(o->op[i], "[sp", 3) == 0 ? set : 0;
		set |= regs_in(f, o->op[i]);
	}
	return 0;
}

/*
 * A register saved on the stack while it holds the number, and loaded
 * back from it, holds it again (a stub's save and restore of x0-x1); the
 * slots themselves are not followed.
 */
static uint64_t stack_moves(const struct finder *f, const cs_insn *in, struct regs_known *k,
			    const struct operands *o)
{
	bool store;
	uint64_t regs = stack_regs(f, in, o, &store);

	if (store) {
		k->saved_fn = (k->saved_fn & ~regs) | (regs & k->fn);
		return 0;
	}
	return regs & k->saved_fn;	/* loaded back */
}

/* Forget what in writes (a call: the caller-saved registers too). */
static void forget_writes(const struct finder *f, const cs_insn *in, struct regs_known *k,
			  const struct operands *o)
{
	cs_regs rd, wr;
	uint8_t nrd, nwr;
	unsigned int r, bits;
	const char *m = in->mnemonic;

	if (!strcmp(m, "bl") || !strcmp(m, "blr") || !strcmp(m, "blx")) {
		k->fn &= ~f->arch->clobber_gprs;
		k->known &= ~f->arch->clobber_gprs;
	}
	/* Capstone 4 names no register an mrc or mrrc writes. */
	if (mnemonic_is(m, "mrc") || mnemonic_is(m, "mrrc"))
		for (unsigned int i = 0; i < o->n; i++)
			if (gpr_of(f->arch, o->op[i], &r, &bits))
				forget(k, r);
	if (cs_regs_access(f->cs, in, rd, &nrd, wr, &nwr) == CS_ERR_OK) {
		for (unsigned int i = 0; i < nwr; i++) {
			const char *name = cs_reg_name(f->cs, wr[i]);

			if (name && gpr_of(f->arch, name, &r, &bits))
				forget(k, r);
		}
		return;
	}
	/* Capstone cannot say: the first operand, unless it is stored. */
	if (strncmp(m, "st", 2) != 0 && o->n && gpr_of(f->arch, o->op[0], &r, &bits))
		forget(k, r);
}

static void visit(const cs_insn *in, void *state, void *ctx)
{
	struct finder *f = ctx;
	struct regs_known *k = state;
	struct operands o;
	enum dest_fact fact;
	unsigned int d = 0, bits = 0;
	uint64_t v = 0, restored;

	split(in->op_str, &o);
	/* A compare writes no general register, whatever Capstone says of its alias. */
	if (compare(f, in, k, &o))
		return;
	test_branch(f, in, k, &o);
	jump_table(f, in, k);
	k->bound_valid = false;
	fact = o.n && gpr_of(f->arch, o.op[0], &d, &bits) ? dest_after(f, in, k, &o, bits, &v)
							   : DEST_NOTHING;
	restored = stack_moves(f, in, k, &o);
	forget_writes(f, in, k, &o);
	k->fn |= restored;
	if (fact == DEST_FN)
		k->fn |= UINT64_C(1) << d;
	else if (fact == DEST_CONST)
		set_const(k, d, v);
}

int constants_find(const struct arch_desc *arch, const uint8_t *code, size_t len, uint64_t entry,
		   struct fn_constants *out)
{
	struct disasm d;
	struct finder f = { arch, 0, code, len, out };
	struct regs_known k = { .fn = UINT64_C(1) << arch->ret_gpr };
	const struct walk_params p = {
		CONSTANTS_WALK_INSNS, WALK_MAX_TARGETS, sizeof(k), visit, &f, NULL,
	};
	struct walk_end end;

	memset(out, 0, sizeof(*out));
	if (disasm_open_detail(&d, arch))
		return -1;
	f.cs = d.cs;
	end = walk_code(d.cs, d.insn, code, len, entry, &p, &k);
	out->insns = end.insns;
	out->truncated |= end.cut;
	disasm_close(&d);
	return 0;
}

int constants_of_stub(const struct arch_desc *arch, const struct stub_image *img,
		      uint64_t vectors, struct fn_constants *out)
{
	uint64_t entry = vectors + arch->hvc_vector;

	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < img->nseg; i++) {
		const struct segment *s = &img->seg[i];

		if (!s->noexec && entry >= s->addr && entry - s->addr < s->size)
			return constants_find(arch, s->data, s->size, entry - s->addr, out);
	}
	return 0;
}

static bool add_number(uint64_t *out, unsigned int *n, unsigned int max, uint64_t v,
		       bool *truncated)
{
	for (unsigned int i = 0; i < *n; i++)
		if (out[i] == v)
			return true;
	if (*n == max) {
		*truncated = true;
		return false;
	}
	out[(*n)++] = v;
	return true;
}

unsigned int constants_numbers(const struct arch_desc *arch, const struct fn_constants *c,
			       uint64_t *out, unsigned int max, bool *truncated)
{
	uint64_t mask = arch->gpr_mask;
	unsigned int n = 0;

	*truncated = false;
	for (unsigned int i = 0; i < c->n; i++) {
		uint64_t v = c->value[i];

		add_number(out, &n, max, v & mask, truncated);
		add_number(out, &n, max, (v - 1) & mask, truncated);
		add_number(out, &n, max, (v + 1) & mask, truncated);
		for (unsigned int b = 0; b < 64; b++)
			if (arch->partial_decode_bits >> b & 1)
				add_number(out, &n, max, (v ^ UINT64_C(1) << b) & mask, truncated);
	}
	return n;
}

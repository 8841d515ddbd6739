/*
 * Capstone prints A64 branches as b, b.eq, cbz ...; A32 and T32 ones as
 * a base and a condition (beq, bxne, bleq) with an optional .w/.n width.
 * The text is read, not the encoding: the same reading for both arches,
 * as the scanner has always read it.
 */
#include "flow.h"

#include <stdlib.h>
#include <string.h>

bool insn_imm(const char *op, uint64_t *v)
{
	const char *h = strchr(op, '#');
	char *end;

	if (!h)
		return false;
	*v = strtoull(h + 1, &end, 0);
	return end != h + 1;
}

/* A branch's target: its last immediate (tbz x0, #3, #0x40001000). */
static bool target_imm(const char *op, uint64_t *v)
{
	const char *h = strrchr(op, '#');

	return h && insn_imm(h, v);
}

bool insn_is_cond(const char *s)
{
	static const char conds[] = "eqnecshsccloplmivsvchilsgeltgtle";

	if (strlen(s) != 2)
		return false;
	for (size_t i = 0; i + 1 < sizeof(conds); i += 2)
		if (s[0] == conds[i] && s[1] == conds[i + 1])
			return true;
	return false;
}

/* m is base, or base and a condition (Capstone writes none for "al"): *cond says which. */
static bool base_is(const char *m, const char *base, bool *cond)
{
	size_t n = strlen(base);

	if (strncmp(m, base, n) != 0)
		return false;
	*cond = m[n] != '\0';
	return !*cond || insn_is_cond(m + n);
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * Instructions after which nothing runs on: an exception, a stop, or a
 * jump through a table the text does not give (T32's tbb, tbh).
 */
static bool stops(const char *m)
{
	static const char *const names[] = { "udf", "hvc", "smc", "svc", "brk", "hlt", "bkpt",
					     "tbb", "tbh" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(m, names[i]) == 0)
			return true;
	return false;
}

/* A32/T32: an instruction that writes pc (mov pc, ldr pc, pop {.., pc}, subs pc, lr). */
static bool writes_pc(const char *m, const char *op)
{
	static const char *const readers[] = { "str", "cmp", "cmn", "tst", "teq", "push", "stm" };

	for (size_t i = 0; i < sizeof(readers) / sizeof(readers[0]); i++)
		if (starts(m, readers[i]))
			return false;
	return starts(op, "pc,") || strstr(op, "pc}");
}

/*
 * One reading serves A64, A32 and T32: their spellings do not collide (A64
 * has b.eq, tbz, br, blr, ret; A32 and T32 beq, bx, blx and writes of pc;
 * b, bl, cbz, eret, udf and hvc mean the same in all three).
 */
void insn_flow(const cs_insn *in, struct flow *f)
{
	char m[sizeof(in->mnemonic)];
	const char *op = in->op_str;
	char *dot;
	size_t n;
	bool cond = false;

	memset(f, 0, sizeof(*f));
	f->kind = FLOW_NEXT;
	/*
	 * Most instructions go on to the next: every mnemonic below starts
	 * with one of these letters, or its operands write pc (a scan reads
	 * about a million instructions of a kernel Image this way).
	 */
	if (!strchr("bcehrstu", in->mnemonic[0]) && !strstr(op, "pc"))
		return;
	memcpy(m, in->mnemonic, sizeof(m));
	m[sizeof(m) - 1] = '\0';
	/* T32's width qualifiers say nothing of where control goes. */
	dot = strrchr(m, '.');
	if (dot && (strcmp(dot, ".w") == 0 || strcmp(dot, ".n") == 0))
		*dot = '\0';
	n = strlen(m);
	if (base_is(m, "b", &cond))
		f->kind = cond ? FLOW_BRANCH : FLOW_JUMP;
	else if (starts(m, "b.") || strcmp(m, "cbz") == 0 || strcmp(m, "cbnz") == 0 ||
		 strcmp(m, "tbz") == 0 || strcmp(m, "tbnz") == 0)
		f->kind = FLOW_BRANCH;
	else if (base_is(m, "bl", &cond) || base_is(m, "blx", &cond) || starts(m, "blr"))
		f->kind = FLOW_CALL;
	else if (base_is(m, "bx", &cond) || base_is(m, "eret", &cond))
		f->kind = cond ? FLOW_END_COND : FLOW_END;
	else if (starts(m, "br") || starts(m, "ret") || starts(m, "eret") || stops(m))
		f->kind = FLOW_END;
	else if (writes_pc(m, op))
		f->kind = n > 3 && insn_is_cond(m + n - 2) ? FLOW_END_COND : FLOW_END;
	/* A register target (blx r3, blr x1) is no target the walk can follow. */
	if (f->kind == FLOW_JUMP || f->kind == FLOW_BRANCH || f->kind == FLOW_CALL)
		f->has_target = strchr(op, '#') && !strchr(op, '[') && target_imm(op, &f->target);
	f->switches_set = f->has_target && starts(m, "blx");
}

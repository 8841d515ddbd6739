/*
 * Every rule judged both ways from hand-built observations: a call that
 * did everything right passes every rule; each single departure fails
 * exactly the rule that names it.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "aarch64/regs.h"
#include "hyp_abi_defs.h"
#include "image.h"
#include "layout.h"
#include "rules.h"

#define VECTORS		UINT64_C(0x40000000)
#define VECTORS_ARG	UINT64_C(0x80000800)	/* what SET_VECTORS is asked to set */
#define IMAGE_SIZE	UINT64_C(0x1000)
#define RETURN_ADDR	(CALLER_CODE + A64_INSN_SIZE)
#define WORD		8u			/* the size of every write below */
#define STACK_WRITE	(CALLER_STACK + 0x7f0)	/* outside the image */
#define MANY_WRITES	(4u * OBS_MAX_WRITES)	/* more than the harness keeps */
#define INSIDE_WRITES	100

/* A write by the stub, sorted as the machine sorts it. */
static bool note_write(struct observation *o, const struct stub_image *img, uint64_t addr,
		       uint32_t size)
{
	bool in_image = image_contains(img, addr, size);

	obs_note_write(o, addr, size, in_image);
	return in_image;
}

static const struct arch_desc *A = &aarch64_desc;	/* the arch under test */
static const struct profile *P = &profiles[0];		/* the era under test */
/* What the core's ICH_VTR_EL2 reads as: none of good()'s register values. */
#define ICH_VTR		UINT64_C(0x90b80003)
static struct stub_image img = {
	.nseg = 1, .seg = { { .addr = VECTORS, .size = IMAGE_SIZE, .data = NULL } },
};

static unsigned int sysreg(const char *name)
{
	for (unsigned int i = 0; i < A->nsysregs; i++)
		if (strcmp(A->sysregs[i].name, name) == 0)
			return i;
	fail_msg("no sysreg %s", name);
	return 0;
}

static struct judge_ctx ctx(enum hyp_function fn, enum role role)
{
	return (struct judge_ctx){
		.arch = A, .profile = P, .role = role, .fn = fn,
		.initial_vectors = VECTORS,
		.initial_vectors_known = true,
		.ich_vtr = ICH_VTR,
	};
}

/* A call to fn that did exactly what the ABI asks. */
static void good(enum hyp_function fn, struct observation *o)
{
	struct cpu_state *pre = &o->pre, *post = &o->post;

	memset(o, 0, sizeof(*o));
	for (unsigned int i = 0; i < A->ngprs; i++)
		pre->gpr[i] = 0x0101010101010101ULL * (i + 1);
	for (unsigned int i = 0; i < A->nfprs; i++)
		pre->fpr[i] = 0x3ff0000000000000ULL + i;
	pre->gpr[A->sp_gpr] = CALLER_STACK + 0x800;
	pre->pc = CALLER_CODE;
	pre->pstate = PSTATE_M_EL1H | PSTATE_I_BIT | 0x40000000;
	for (unsigned int i = 0; i < A->nsysregs; i++)
		pre->sysreg[i] = A->sysregs[i].init;
	pre->sysreg[A->vbar] = VECTORS;
	/* x0 = the function's number in P's era (0x1234: none's). */
	pre->gpr[0] = fn == FN_UNKNOWN ? 0x1234 : (uint64_t)P->number[fn];
	if (fn == FN_SET_VECTORS)
		pre->gpr[profile_vectors_gpr(P)] = VECTORS_ARG;
	if (fn == FN_SOFT_RESTART)
		pre->gpr[1] = LANDING_PAD;
	*post = *pre;
	o->end = END_RETURNED;
	post->pc = RETURN_ADDR;
	/* Success: 0 (v4.12+), or x0 left as it was (before: the callers ignore it). */
	/* ctx() has no VHE: FINALISE_EL2 must answer HVC_STUB_ERR (finalise-el2.error). */
	if (fn == FN_UNKNOWN || fn == FN_FINALISE_EL2)
		post->gpr[0] = P->stub_err;
	else if (!P->success_any_x0)
		post->gpr[0] = 0;
	if (fn == FN_SET_VECTORS)
		post->sysreg[A->vbar] = VECTORS_ARG;
	if (fn == FN_GET_VECTORS)
		post->gpr[0] = pre->sysreg[A->vbar];
	if (fn == FN_GET_ICH_VTR_EL2)
		post->gpr[ICH_VTR_RESULT_GPR] = ICH_VTR;
	if (fn == FN_SOFT_RESTART) {
		o->end = END_LANDED;
		post->pc = pre->gpr[1];
		post->pstate = PSTATE_M_EL2H | PSTATE_DAIF_MASK;
		post->gpr[0] = pre->gpr[2];
		post->gpr[1] = pre->gpr[3];
		post->gpr[2] = pre->gpr[4];
	}
}

/* Judge o and check which rules fail: exactly `want` (or none for -1). */
static void expect_only(const struct judge_ctx *c, const struct observation *o, int want)
{
	struct judgement j[RULE_COUNT];

	rules_judge(c, o, j);
	for (int i = 0; i < RULE_COUNT; i++) {
		if (i == want && j[i].status != V_FAIL)
			fail_msg("%s: expected fail, got %s", rules[i].id, verdict_name(j[i].status));
		if (i != want && j[i].status == V_FAIL)
			fail_msg("%s failed unexpectedly: expected %s, actual %s", rules[i].id,
				 j[i].expected, j[i].actual);
	}
	if (want >= 0) {
		assert_true(j[want].actual[0] != '\0');
		assert_true(j[want].expected[0] != '\0');
	}
}

static void expect_pass(enum hyp_function fn, const struct observation *o)
{
	struct judge_ctx c = ctx(fn, ROLE_INITIAL);
	struct judgement j[RULE_COUNT];
	int passes = 0;

	rules_judge(&c, o, j);
	for (int i = 0; i < RULE_COUNT; i++) {
		if (j[i].status == V_PASS)
			passes++;
		else if (j[i].status != V_NOT_APPLICABLE)
			fail_msg("%s: %s (%s)", rules[i].id, verdict_name(j[i].status), j[i].actual);
	}
	assert_true(passes >= 7);
	assert_true(rules_hold(j));
}

static void test_good_calls_pass(void **state)
{
	struct observation o;

	(void)state;
	/* Every function of every era: the newest era judges them all. */
	for (unsigned int k = 0; k < nprofiles; k++) {
		P = &profiles[k];
		for (int fn = 0; fn < FN_COUNT; fn++) {
			if (!profile_judges(P, ROLE_INITIAL, (enum hyp_function)fn))
				continue;
			good((enum hyp_function)fn, &o);
			expect_pass((enum hyp_function)fn, &o);
		}
	}
	P = &profiles[0];
}

/* Each kernel the era it speaks (ABI-HISTORY.md s1, s5, s8). */
static void test_profile_for_version(void **state)
{
	static const struct {
		const char *arch;
		struct kernel_version v;
		const char *profile;
	} eras[] = {
		{ "arm64", { 4, 12 }, "hyp-abi" }, { "arm64", { 5, 10 }, "hyp-abi" },
		{ "arm64", { 5, 11 }, "hyp-abi" }, { "arm64", { 5, 12 }, "arm64-v5.12" },
		{ "arm64", { 5, 19 }, "arm64-v5.13" }, { "arm64", { 6, 1 }, "arm64-v6.0" },
		{ "arm64", { 6, 18 }, "arm64-v6.0" }, { "arm64", { 6, 19 }, "arm64-v6.19" },
		{ "arm64", { 7, 2 }, "arm64-v6.19" }, { "arm", { 5, 6 }, "hyp-abi" },
		{ "arm", { 5, 7 }, "arm-v5.7" }, { "arm", { 7, 2 }, "arm-v5.7" },
		/* Before hyp-abi.txt: v4.7, v4.8-v4.11 (arm64); v3.x-v4.11 (arm). */
		{ "arm64", { 4, 7 }, "arm64-v4.7" }, { "arm64", { 4, 8 }, "arm64-v4.8" },
		{ "arm64", { 4, 9 }, "arm64-v4.8" }, { "arm64", { 4, 11 }, "arm64-v4.8" },
		{ "arm", { 3, 6 }, "arm-legacy" }, { "arm", { 3, 18 }, "arm-legacy" },
		{ "arm", { 4, 11 }, "arm-legacy" },
		/* Older than every era: arm64 before v4.7 had no numbers at all (s8). */
		{ "arm64", { 4, 6 }, NULL }, { "arm64", { 3, 18 }, NULL }, { "arm", { 2, 6 }, NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		const struct profile *p = profile_for_version(eras[i].arch, eras[i].v);

		if (eras[i].profile ? !p || strcmp(p->name, eras[i].profile) != 0 : p != NULL)
			fail_msg("%s %u.%u: %s, wanted %s", eras[i].arch, eras[i].v.major,
				 eras[i].v.minor, p ? p->name : "none",
				 eras[i].profile ? eras[i].profile : "none");
	}
}

/*
 * GET_ICH_VTR_EL2 (v6.19): the value in the wrong register, the wrong
 * value, or an EL2 register changed on the way, each fails its own rule.
 */
static void test_get_ich_vtr(void **state)
{
	struct judge_ctx c;
	struct observation o;

	(void)state;
	P = profile_by_name("arm64-v6.19");
	assert_non_null(P);
	c = ctx(FN_GET_ICH_VTR_EL2, ROLE_INITIAL);

	good(FN_GET_ICH_VTR_EL2, &o);
	o.post.gpr[ICH_VTR_RESULT_GPR] = o.pre.gpr[ICH_VTR_RESULT_GPR];
	o.post.gpr[2] = ICH_VTR;		/* answered in x2 */
	expect_only(&c, &o, RULE_GET_ICH_VTR_VALUE);

	good(FN_GET_ICH_VTR_EL2, &o);
	o.post.gpr[ICH_VTR_RESULT_GPR] = ICH_VTR ^ ICH_VTR_TDS_BIT;	/* another register's */
	expect_only(&c, &o, RULE_GET_ICH_VTR_VALUE);

	good(FN_GET_ICH_VTR_EL2, &o);
	o.post.sysreg[sysreg("HCR_EL2")] ^= HCR_RW_BIT;
	expect_only(&c, &o, RULE_GET_ICH_VTR_EL2_STATE);

	good(FN_GET_ICH_VTR_EL2, &o);
	o.post.sysreg[A->vbar] += VECTOR_ENTRY_SIZE;
	expect_only(&c, &o, RULE_GET_ICH_VTR_EL2_STATE);

	/* HVC_STUB_ERR: the function's own rules are not reached (a kind that need not have it). */
	good(FN_GET_ICH_VTR_EL2, &o);
	o.post.gpr[A->ret_gpr] = HVC_STUB_ERR;
	c.role = ROLE_TRANS_PGD;
	expect_only(&c, &o, -1);
	P = &profiles[0];
}

/* Judge o as a call to fn in P's era, role initial: exactly `want` fails (-1: none). */
static void expect_only_in(enum hyp_function fn, const struct observation *o, int want)
{
	struct judge_ctx c = ctx(fn, ROLE_INITIAL);

	expect_only(&c, o, want);
}

/* The era under test (P) is name's, which must exist. */
static void use_era(const char *name)
{
	P = profile_by_name(name);
	assert_non_null(P);
}

/* o, judged as a call of fn to the initial stub, gives rule r the verdict v. */
static void expect_status(enum hyp_function fn, const struct observation *o, enum rule_id r,
			  enum verdict v)
{
	struct judge_ctx c = ctx(fn, ROLE_INITIAL);
	struct judgement j[RULE_COUNT];

	rules_judge(&c, o, j);
	if (j[r].status != v)
		fail_msg("%s %s: %s, expected %s", function_name(fn), rules[r].id,
			 verdict_name(j[r].status), verdict_name(v));
}

/*
 * GET_VECTORS (arm64 v4.7-v4.11, arm before v4.12): x0 is the vector base
 * as the call found it; nothing of EL2 changes. Each departure fails its
 * own rule.
 */
static void test_get_vectors(void **state)
{
	struct observation o;
	struct judgement j[RULE_COUNT];
	struct judge_ctx c = ctx(FN_GET_VECTORS, ROLE_INITIAL);

	(void)state;
	use_era("arm64-v4.7");
	good(FN_GET_VECTORS, &o);
	assert_int_equal(o.pre.gpr[0], HVC_GET_VECTORS_V4_7);
	assert_int_equal(o.post.gpr[0], VECTORS);
	expect_only_in(FN_GET_VECTORS, &o, -1);
	/* Its x0 is its answer: return-code does not apply. */
	expect_status(FN_GET_VECTORS, &o, RULE_RETURN_CODE, V_NOT_APPLICABLE);
	expect_status(FN_GET_VECTORS, &o, RULE_GET_VECTORS_VALUE, V_PASS);

	good(FN_GET_VECTORS, &o);
	o.post.gpr[0] = o.pre.sysreg[sysreg("VBAR_EL1")];	/* the wrong level's */
	expect_only_in(FN_GET_VECTORS, &o, RULE_GET_VECTORS_VALUE);

	good(FN_GET_VECTORS, &o);
	o.post.gpr[0] = o.pre.gpr[0];			/* left the number there */
	expect_only_in(FN_GET_VECTORS, &o, RULE_GET_VECTORS_VALUE);

	good(FN_GET_VECTORS, &o);
	o.post.sysreg[A->vbar] += VECTOR_ENTRY_SIZE;	/* moved the vectors, answered the old */
	expect_only_in(FN_GET_VECTORS, &o, RULE_GET_VECTORS_EL2_STATE);

	good(FN_GET_VECTORS, &o);
	o.post.sysreg[sysreg("SCTLR_EL2")] ^= SCTLR_I_BIT;
	expect_only_in(FN_GET_VECTORS, &o, RULE_GET_VECTORS_EL2_STATE);

	/* Answered ARM_EXCEPTION_HYP_GONE: not implemented, its own rules not reached. */
	good(FN_GET_VECTORS, &o);
	o.post.gpr[0] = ARM_EXCEPTION_HYP_GONE;
	expect_only_in(FN_GET_VECTORS, &o, RULE_IMPLEMENTED);
	expect_status(FN_GET_VECTORS, &o, RULE_GET_VECTORS_VALUE, V_NOT_REACHED);
	c.profile = P;
	rules_judge(&c, &o, j);
	assert_string_equal(j[RULE_IMPLEMENTED].actual, "answered ARM_EXCEPTION_HYP_GONE");
	P = &profiles[0];
}

/*
 * arm64 v4.7-v4.11: success has no value (SET_VECTORS leaves x0 = 1, and
 * zeroing it is as good: __hyp_set_vectors' callers ignore x0), errors
 * are ARM_EXCEPTION_HYP_GONE, and x30 is the stub's to clobber.
 */
static void test_legacy_arm64_conventions(void **state)
{
	struct observation o;
	struct judgement j[RULE_COUNT];
	struct judge_ctx c;

	(void)state;
	use_era("arm64-v4.7");
	c = ctx(FN_SET_VECTORS, ROLE_INITIAL);

	/* SET_VECTORS: x0 left (1) or zeroed both pass; return-code does not apply. */
	good(FN_SET_VECTORS, &o);
	assert_int_equal(o.pre.gpr[0], HVC_SET_VECTORS_V4_7);
	assert_int_equal(o.post.gpr[0], HVC_SET_VECTORS_V4_7);
	expect_only_in(FN_SET_VECTORS, &o, -1);
	expect_status(FN_SET_VECTORS, &o, RULE_RETURN_CODE, V_NOT_APPLICABLE);
	o.post.gpr[0] = 0;
	expect_only_in(FN_SET_VECTORS, &o, -1);
	/* The vectors come from x1, as the era's kernel passed them. */
	o.post.sysreg[A->vbar] = o.pre.gpr[0];
	expect_only_in(FN_SET_VECTORS, &o, RULE_SET_VECTORS_VBAR);
	/* HYP_GONE to SET_VECTORS: not implemented. */
	good(FN_SET_VECTORS, &o);
	o.post.gpr[0] = ARM_EXCEPTION_HYP_GONE;
	expect_only_in(FN_SET_VECTORS, &o, RULE_IMPLEMENTED);

	/* x30 is caller-clobbered in the era; x29 is not. Under hyp-abi x30 is preserved. */
	good(FN_SET_VECTORS, &o);
	o.post.gpr[30] = ~o.pre.gpr[30];
	expect_only_in(FN_SET_VECTORS, &o, -1);
	o.post.gpr[29] ^= 1;
	expect_only_in(FN_SET_VECTORS, &o, RULE_CALLEE_SAVED);
	rules_judge(&c, &o, j);
	assert_non_null(strstr(j[RULE_CALLEE_SAVED].expected, "x30"));
	good(FN_UNKNOWN, &o);
	o.post.gpr[30] = 0;
	expect_only_in(FN_UNKNOWN, &o, -1);
	P = &profiles[0];
	good(FN_UNKNOWN, &o);
	o.post.gpr[30] = 0;
	expect_only_in(FN_UNKNOWN, &o, RULE_CALLEE_SAVED);

	/* Unknown numbers: HYP_GONE (2), not v4.12's HVC_STUB_ERR; 3 only from v4.8's era. */
	P = profile_by_name("arm64-v4.7");
	good(FN_UNKNOWN, &o);
	assert_int_equal(o.post.gpr[0], ARM_EXCEPTION_HYP_GONE);
	expect_only_in(FN_UNKNOWN, &o, -1);
	o.post.gpr[0] = HVC_STUB_ERR;
	expect_only_in(FN_UNKNOWN, &o, RULE_UNKNOWN_ERROR);
	o.post.gpr[0] = ARM_EXCEPTION_HYP_GONE_V4_9;
	expect_only_in(FN_UNKNOWN, &o, RULE_UNKNOWN_ERROR);
	/* v4.8-v4.11: HYP_GONE was 2 in v4.8, believed 3 from v4.9: either is taken. */
	P = profile_by_name("arm64-v4.8");
	assert_non_null(P);
	good(FN_UNKNOWN, &o);
	expect_only_in(FN_UNKNOWN, &o, -1);
	o.post.gpr[0] = ARM_EXCEPTION_HYP_GONE_V4_9;
	expect_only_in(FN_UNKNOWN, &o, -1);
	o.post.gpr[0] = HVC_STUB_ERR;
	expect_only_in(FN_UNKNOWN, &o, RULE_UNKNOWN_ERROR);
	/* SOFT_RESTART is 2 there: a stub without it answers 2, HYP_GONE: not implemented. */
	assert_int_equal(profile_function(P, HVC_SOFT_RESTART_V4_8), FN_SOFT_RESTART);
	good(FN_SOFT_RESTART, &o);
	o.end = END_RETURNED;
	o.post = o.pre;
	o.post.pc = RETURN_ADDR;
	expect_only_in(FN_SOFT_RESTART, &o, RULE_IMPLEMENTED);
	P = &profiles[0];
}

/*
 * arm before v4.12: no numbers. r0 == -1 is GET_VECTORS; any other r0 is
 * SET_VECTORS with the vectors in r0; there is no error and no unknown.
 */
static void test_legacy_arm(void **state)
{
	const struct arch_desc *saved = A;
	struct observation o;

	(void)state;
	P = profile_by_name("arm-legacy");
	assert_non_null(P);
	assert_false(profile_has_arch(P, "arm64"));
	assert_int_equal(profile_function(P, HVC_GET_VECTORS_ARM_LEGACY), FN_GET_VECTORS);
	assert_int_equal(profile_function(P, 0), FN_SET_VECTORS);
	assert_int_equal(profile_function(P, VECTORS_ARG), FN_SET_VECTORS);
	assert_false(profile_has_unknown(P));
	assert_false(profile_is_error(P, HVC_STUB_ERR));
	assert_false(profile_is_error(P, ARM_EXCEPTION_HYP_GONE));
	assert_int_equal(profile_vectors_gpr(P), 0);
	assert_false(profile_judges(P, ROLE_INITIAL, FN_UNKNOWN));
	A = &aarch32_desc;

	good(FN_SET_VECTORS, &o);
	assert_int_equal(o.pre.gpr[0], VECTORS_ARG);
	assert_int_equal(o.post.gpr[0], VECTORS_ARG);	/* r0 left as it was */
	expect_only_in(FN_SET_VECTORS, &o, -1);
	o.post.sysreg[A->vbar] = o.pre.gpr[1];		/* read r1, as v4.12 does */
	expect_only_in(FN_SET_VECTORS, &o, RULE_SET_VECTORS_VBAR);
	/* v4.12's HVC_STUB_ERR is no error here: SET_VECTORS did nothing, and says so. */
	good(FN_SET_VECTORS, &o);
	o.post.gpr[0] = HVC_STUB_ERR;
	o.post.sysreg[A->vbar] = o.pre.sysreg[A->vbar];
	expect_only_in(FN_SET_VECTORS, &o, RULE_SET_VECTORS_VBAR);

	good(FN_GET_VECTORS, &o);
	assert_int_equal(o.pre.gpr[0], HVC_GET_VECTORS_ARM_LEGACY);
	expect_only_in(FN_GET_VECTORS, &o, -1);
	o.post.gpr[0] = HVC_STUB_ERR;
	expect_only_in(FN_GET_VECTORS, &o, RULE_GET_VECTORS_VALUE);
	A = saved;
	P = &profiles[0];
}

/* The freedom the ABI gives: x0-x18, NZCV, writes to the stub's own image. */
static void test_clobber_set_passes(void **state)
{
	struct observation o;

	(void)state;
	good(FN_RESET_VECTORS, &o);
	for (int i = 1; i <= 18; i++)
		o.post.gpr[i] = ~o.pre.gpr[i];
	o.post.pstate ^= PSTATE_NZCV_MASK;
	o.post.sysreg[sysreg("ELR_EL2")] = 0xdead;
	note_write(&o, &img, VECTORS + IMAGE_SIZE - WORD, WORD);
	expect_pass(FN_RESET_VECTORS, &o);
}

/*
 * A good RESET_VECTORS call that also wrote `inside` words in the stub's
 * image, then `outside` words down from STACK_WRITE.
 */
static void good_with_writes(struct observation *o, unsigned int inside, unsigned int outside)
{
	good(FN_RESET_VECTORS, o);
	for (unsigned int i = 0; i < inside; i++)
		assert_true(note_write(o, &img, VECTORS + (i * WORD) % IMAGE_SIZE, WORD));
	for (unsigned int i = 0; i < outside; i++)
		assert_false(note_write(o, &img, STACK_WRITE - i * WORD, WORD));
}

/* o (good_with_writes) fails memory alone, which names the first write outside and counts them. */
static void expect_memory_fails(const struct observation *o, unsigned int outside)
{
	struct judge_ctx c = ctx(FN_RESET_VECTORS, ROLE_INITIAL);
	struct judgement j[RULE_COUNT];
	char want[JUDGE_TEXT];
	int n;

	n = snprintf(want, sizeof(want), "%u-byte write at 0x%" PRIx64, WORD, (uint64_t)STACK_WRITE);
	if (outside > 1)
		snprintf(want + n, sizeof(want) - (size_t)n, ", the first of %u outside it", outside);
	expect_only(&c, o, RULE_MEMORY);
	rules_judge(&c, o, j);
	assert_string_equal(j[RULE_MEMORY].actual, want);
}

/* Writes inside the image are free, however many: no count fails a stub. */
static void test_many_inside_writes_pass(void **state)
{
	struct observation o;

	(void)state;
	good_with_writes(&o, MANY_WRITES, 0);
	assert_int_equal(o.nwrites, MANY_WRITES);
	assert_int_equal(o.nwrites_outside, 0);
	expect_pass(FN_RESET_VECTORS, &o);
}

/* One write outside after many inside: memory fails, naming that write. */
static void test_outside_write_after_inside_fails(void **state)
{
	struct observation o;

	(void)state;
	good_with_writes(&o, INSIDE_WRITES, 1);
	expect_memory_fails(&o, 1);
}

/* More writes outside than are kept: the first is named, all are counted. */
static void test_many_outside_writes_name_the_first(void **state)
{
	struct observation o;

	(void)state;
	good_with_writes(&o, 0, MANY_WRITES);
	assert_int_equal(obs_outside_kept(&o), OBS_MAX_WRITES);
	assert_int_equal(o.outside[OBS_MAX_WRITES - 1].addr,
			 STACK_WRITE - (OBS_MAX_WRITES - 1) * WORD);
	expect_memory_fails(&o, MANY_WRITES);
}

struct mutation {
	const char *name;
	enum hyp_function fn;
	void (*mutate)(struct observation *o);
	enum rule_id rule;
};

static void m_return_addr(struct observation *o)	{ o->post.pc += 4; }
static void m_return_el2(struct observation *o)		{ o->post.pstate = PSTATE_M_EL2H | PSTATE_I_BIT; }
static void m_return_masks(struct observation *o)	{ o->post.pstate |= PSTATE_DAIF_MASK; }
static void m_return_sp0(struct observation *o)		{ o->post.pstate &= ~PSTATE_SP_BIT; }
static void m_return_code(struct observation *o)	{ o->post.gpr[0] = 2; }
static void m_x19(struct observation *o)		{ o->post.gpr[19] ^= 1; }
static void m_x30(struct observation *o)		{ o->post.gpr[30] = 0; }
static void m_sp(struct observation *o)			{ o->post.gpr[31] -= 16; }
static void m_d8(struct observation *o)			{ o->post.fpr[0] = 0; }
static void m_vbar_el1(struct observation *o)		{ o->post.sysreg[sysreg("VBAR_EL1")] ^= 0x800; }
static void m_elr_el1(struct observation *o)		{ o->post.sysreg[sysreg("ELR_EL1")] = 0; }
static void m_fault(struct observation *o)		{ o->end = END_FAULT; o->fault = FAULT_UNDEFINED; }
static void m_budget(struct observation *o)		{ o->end = END_BUDGET; o->insns = 100001; }
static void m_write_stack(struct observation *o)
{
	note_write(o, &img, STACK_WRITE, WORD);
}
static void m_write_straddle(struct observation *o)
{
	note_write(o, &img, VECTORS + IMAGE_SIZE - WORD / 2, WORD);
}
static void m_stub_err(struct observation *o)		{ o->post.gpr[0] = HVC_STUB_ERR; }
static void m_vbar_wrong(struct observation *o)		{ o->post.sysreg[A->vbar] += 0x800; }
static void m_hcr(struct observation *o)		{ o->post.sysreg[sysreg("HCR_EL2")] ^= 1; }
static void m_mmu_on(struct observation *o)		{ o->post.sysreg[A->el2_sctlr] |= SCTLR_M_BIT; }
static void m_returned(struct observation *o)
{
	o->end = END_RETURNED;
	o->post = o->pre;
	o->post.pc = RETURN_ADDR;
	o->post.gpr[0] = 0;
}
static void m_target_late(struct observation *o)	{ o->post.pc += 4; }
static void m_target_el1(struct observation *o)		{ o->post.pstate = PSTATE_M_EL1H | PSTATE_DAIF_MASK; }
static void m_unmask_i(struct observation *o)		{ o->post.pstate &= ~PSTATE_I_BIT; }
static void m_args(struct observation *o)		{ o->post.gpr[0] = 0; }
static void m_args_x2(struct observation *o)		{ o->post.gpr[2] = o->pre.gpr[2]; }
static void m_unknown_ok(struct observation *o)		{ o->post.gpr[0] = 0; }

static const struct mutation mutations[] = {
	{ "return one instruction late", FN_SET_VECTORS, m_return_addr, RULE_RETURN_ADDRESS },
	{ "return at EL2", FN_SET_VECTORS, m_return_el2, RULE_RETURN_MODE },
	{ "return with other masks", FN_RESET_VECTORS, m_return_masks, RULE_RETURN_MODE },
	{ "return on SP_EL0", FN_UNKNOWN, m_return_sp0, RULE_RETURN_MODE },
	{ "success code not 0", FN_RESET_VECTORS, m_return_code, RULE_RETURN_CODE },
	{ "x19 clobbered", FN_SET_VECTORS, m_x19, RULE_CALLEE_SAVED },
	{ "x30 clobbered", FN_UNKNOWN, m_x30, RULE_CALLEE_SAVED },
	{ "SP_EL1 moved", FN_RESET_VECTORS, m_sp, RULE_CALLEE_SAVED },
	{ "d8 clobbered", FN_SET_VECTORS, m_d8, RULE_CALLEE_SAVED },
	{ "VBAR_EL1 written", FN_SET_VECTORS, m_vbar_el1, RULE_EL1_STATE },
	{ "ELR_EL1 written", FN_UNKNOWN, m_elr_el1, RULE_EL1_STATE },
	{ "undefined instruction", FN_SET_VECTORS, m_fault, RULE_NO_FAULT },
	{ "fault in SOFT_RESTART", FN_SOFT_RESTART, m_fault, RULE_NO_FAULT },
	{ "spins", FN_RESET_VECTORS, m_budget, RULE_NO_FAULT },
	{ "writes the caller's stack", FN_RESET_VECTORS, m_write_stack, RULE_MEMORY },
	{ "write straddles the image end", FN_SET_VECTORS, m_write_straddle, RULE_MEMORY },
	{ "RESET_VECTORS not implemented", FN_RESET_VECTORS, m_stub_err, RULE_IMPLEMENTED },
	{ "SET_VECTORS not implemented", FN_SET_VECTORS, m_stub_err, RULE_IMPLEMENTED },
	{ "VBAR not set", FN_SET_VECTORS, m_vbar_wrong, RULE_SET_VECTORS_VBAR },
	{ "HCR_EL2 changed", FN_SET_VECTORS, m_hcr, RULE_SET_VECTORS_ONLY_VBAR },
	{ "VBAR not reset", FN_RESET_VECTORS, m_vbar_wrong, RULE_RESET_VECTORS_VBAR },
	{ "MMU left on", FN_RESET_VECTORS, m_mmu_on, RULE_RESET_VECTORS_MMU_OFF },
	{ "SOFT_RESTART returns", FN_SOFT_RESTART, m_returned, RULE_SOFT_RESTART_NO_RETURN },
	{ "lands late", FN_SOFT_RESTART, m_target_late, RULE_SOFT_RESTART_TARGET },
	{ "lands at EL1", FN_SOFT_RESTART, m_target_el1, RULE_SOFT_RESTART_TARGET },
	{ "IRQs unmasked", FN_SOFT_RESTART, m_unmask_i, RULE_SOFT_RESTART_MASKED },
	{ "MMU on at arrival", FN_SOFT_RESTART, m_mmu_on, RULE_SOFT_RESTART_MMU_OFF },
	{ "x0 not the caller's x2", FN_SOFT_RESTART, m_args, RULE_SOFT_RESTART_ARGS },
	{ "x2 not the caller's x4", FN_SOFT_RESTART, m_args_x2, RULE_SOFT_RESTART_ARGS },
	{ "unknown answers 0", FN_UNKNOWN, m_unknown_ok, RULE_UNKNOWN_ERROR },
	{ "unknown changes HCR_EL2", FN_UNKNOWN, m_hcr, RULE_UNKNOWN_ERROR },
	{ "unknown changes VBAR", FN_UNKNOWN, m_vbar_wrong, RULE_UNKNOWN_ERROR },
};

static void test_each_departure_fails_its_rule(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *mu = &mutations[i];
		struct judge_ctx c = ctx(mu->fn, ROLE_INITIAL);
		struct observation o;

		print_message("  %s -> %s\n", mu->name, rules[mu->rule].id);
		good(mu->fn, &o);
		mu->mutate(&o);
		expect_only(&c, &o, (int)mu->rule);
	}
}

/* A rule and the status a call must leave it in. */
struct rule_status {
	enum rule_id rule;
	enum verdict status;
};

/* Judge a good call to fn in role r changed by each of mutate[], and check the statuses. */
static void expect_statuses(enum hyp_function fn, enum role r,
			    void (*const *mutate)(struct observation *), const struct rule_status *want,
			    size_t n, struct judgement j[RULE_COUNT])
{
	struct judge_ctx c = ctx(fn, r);
	struct observation o;

	good(fn, &o);
	for (; *mutate; mutate++)
		(*mutate)(&o);
	rules_judge(&c, &o, j);
	for (size_t i = 0; i < n; i++)
		if (j[want[i].rule].status != want[i].status)
			fail_msg("%s: %s, wanted %s", rules[want[i].rule].id,
				 verdict_name(j[want[i].rule].status), verdict_name(want[i].status));
}

/* A rule that cannot be judged is not-reached, never pass. */
static void test_fault_leaves_rules_not_reached(void **state)
{
	static void (*const fault[])(struct observation *) = { m_fault, NULL };
	static const struct rule_status want[] = {
		{ RULE_NO_FAULT, V_FAIL }, { RULE_MEMORY, V_PASS },
		{ RULE_RETURN_ADDRESS, V_NOT_REACHED }, { RULE_CALLEE_SAVED, V_NOT_REACHED },
		{ RULE_IMPLEMENTED, V_NOT_REACHED }, { RULE_RESET_VECTORS_VBAR, V_NOT_REACHED },
		{ RULE_RESET_VECTORS_MMU_OFF, V_NOT_REACHED },
	};
	struct judgement j[RULE_COUNT];

	(void)state;
	expect_statuses(FN_RESET_VECTORS, ROLE_INITIAL, fault, want,
			sizeof(want) / sizeof(want[0]), j);
	assert_false(rules_hold(j));	/* no-fault, a required rule, failed */
}

static void test_stub_err_leaves_function_rules_not_reached(void **state)
{
	static void (*const stub_err[])(struct observation *) = { m_returned, m_stub_err, NULL };
	static const struct rule_status want[] = {
		{ RULE_IMPLEMENTED, V_FAIL }, { RULE_SOFT_RESTART_NO_RETURN, V_NOT_REACHED },
		{ RULE_SOFT_RESTART_TARGET, V_NOT_REACHED }, { RULE_SOFT_RESTART_ARGS, V_NOT_REACHED },
	};
	struct judgement j[RULE_COUNT];

	(void)state;
	expect_statuses(FN_SOFT_RESTART, ROLE_INITIAL, stub_err, want,
			sizeof(want) / sizeof(want[0]), j);
}

/* Role hypervisor: SET_VECTORS may be absent, other numbers are not judged. */
static void test_role_hypervisor(void **state)
{
	static void (*const stub_err[])(struct observation *) = { m_stub_err, NULL };
	static void (*const unknown_ok[])(struct observation *) = { m_unknown_ok, NULL };
	static const struct rule_status want[] = {
		{ RULE_IMPLEMENTED, V_NOT_APPLICABLE }, { RULE_SET_VECTORS_VBAR, V_NOT_REACHED },
		{ RULE_RETURN_CODE, V_PASS },
	};
	struct judgement j[RULE_COUNT];
	struct judge_ctx c;
	struct observation o;

	(void)state;
	expect_statuses(FN_SET_VECTORS, ROLE_HYPERVISOR, stub_err, want,
			sizeof(want) / sizeof(want[0]), j);
	expect_statuses(FN_UNKNOWN, ROLE_HYPERVISOR, unknown_ok, NULL, 0, j);
	for (int i = 0; i < RULE_COUNT; i++)
		assert_int_equal(j[i].status, V_NOT_APPLICABLE);

	/* Without the initial stub's vectors, reset-vectors.vbar cannot be judged. */
	c = ctx(FN_RESET_VECTORS, ROLE_HYPERVISOR);
	c.initial_vectors_known = false;
	c.initial_vectors_why = "unknown";
	good(FN_RESET_VECTORS, &o);
	rules_judge(&c, &o, j);
	assert_int_equal(j[RULE_RESET_VECTORS_VBAR].status, V_NOT_REACHED);
	assert_int_equal(j[RULE_RESET_VECTORS_MMU_OFF].status, V_PASS);
}

static void test_catalogue(void **state)
{
	(void)state;
	for (int i = 0; i < RULE_COUNT; i++) {
		assert_non_null(rules[i].id);
		assert_int_equal(rule_by_id(rules[i].id), i);
		assert_true(strlen(rules[i].what) > 10);
		assert_true(strlen(rules[i].source) > 10);
	}
	assert_int_equal(rule_by_id("no-such-rule"), -1);
}

/* The same rules on arm, where the arch ops answer differently. */
static void test_arm(void **state)
{
	const struct arch_desc *saved = A;
	struct judge_ctx c;
	struct judgement j[RULE_COUNT];
	struct observation o;
	unsigned int lr = 14, spsr_svc = aarch32_desc.nsysregs;

	(void)state;
	A = &aarch32_desc;
	for (unsigned int i = 0; i < aarch32_desc.nsysregs; i++)
		if (strcmp(aarch32_desc.sysregs[i].name, "SPSR_svc") == 0)
			spsr_svc = i;
	assert_true(spsr_svc < aarch32_desc.nsysregs);

	/* A good SOFT_RESTART on arm: no argument moves to judge. */
	c = ctx(FN_SOFT_RESTART, ROLE_INITIAL);
	good(FN_SOFT_RESTART, &o);
	o.post = o.pre;
	o.post.pc = o.pre.gpr[1];
	o.post.pstate = 0x1da | 0x1c0;	/* hyp, A I F */
	rules_judge(&c, &o, j);
	assert_int_equal(j[RULE_SOFT_RESTART_ARGS].status, V_NOT_APPLICABLE);
	assert_int_equal(j[RULE_SOFT_RESTART_TARGET].status, V_PASS);
	assert_int_equal(j[RULE_SOFT_RESTART_MASKED].status, V_PASS);

	/* Returning: r0-r3, r12 and the flags may change; r4 and LR_svc may not. */
	c = ctx(FN_RESET_VECTORS, ROLE_INITIAL);
	good(FN_RESET_VECTORS, &o);
	o.pre.pstate = o.post.pstate = 0x600001d3;	/* svc, I F */
	o.post.gpr[1] = o.post.gpr[2] = o.post.gpr[3] = o.post.gpr[12] = 0;
	o.post.pstate ^= 0xf80f0000;			/* NZCV, Q, GE */
	expect_only(&c, &o, -1);
	o.post.gpr[4] ^= 1;
	expect_only(&c, &o, RULE_CALLEE_SAVED);
	o.post.gpr[4] ^= 1;
	o.post.gpr[lr] ^= 1;
	expect_only(&c, &o, RULE_CALLEE_SAVED);
	o.post.gpr[lr] ^= 1;
	o.post.sysreg[spsr_svc] ^= 0x20;
	expect_only(&c, &o, RULE_EL1_STATE);
	o.post.sysreg[spsr_svc] ^= 0x20;
	o.post.pstate |= 0x20;				/* back in T32 */
	expect_only(&c, &o, RULE_RETURN_MODE);
	A = saved;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_good_calls_pass),
		cmocka_unit_test(test_profile_for_version),
		cmocka_unit_test(test_clobber_set_passes),
		cmocka_unit_test(test_get_ich_vtr),
		cmocka_unit_test(test_get_vectors),
		cmocka_unit_test(test_legacy_arm64_conventions),
		cmocka_unit_test(test_legacy_arm),
		cmocka_unit_test(test_many_inside_writes_pass),
		cmocka_unit_test(test_outside_write_after_inside_fails),
		cmocka_unit_test(test_many_outside_writes_name_the_first),
		cmocka_unit_test(test_each_departure_fails_its_rule),
		cmocka_unit_test(test_fault_leaves_rules_not_reached),
		cmocka_unit_test(test_stub_err_leaves_function_rules_not_reached),
		cmocka_unit_test(test_role_hypervisor),
		cmocka_unit_test(test_arm),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}

/*
 * The varied base state (cases/base_state.c): over a default run every
 * varied bit of the EL2 and EL1 system registers, and of FPCR/FPSR
 * (FPSCR), takes both values, and the emulated core holds exactly what
 * each case drew; a case is remade the same; arm's restart targets ask
 * for both instruction sets. Then the controls that only the varied
 * state catches (a field set to what the fixed base had, FPCR/FPSCR,
 * a T32 target taken in A32) fail exactly their rule on several seeds,
 * and the reference and conforming stubs pass on every one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base_state.h"
#include "check.h"
#include "image.h"
#include "layout.h"
#include "stub_catalog.h"
#include "place_stub.h"

static const uint64_t seeds[] = { 1, 2, 3, 42, 20260101 };
#define NSEEDS		(sizeof(seeds) / sizeof(seeds[0]))
#define SEED_RANDOM	200	/* random cases per function on each seed */

/* The stubs judged on every seed: the ones the varied state is for, and the references. */
static const char *const seeded[] = {
	"hyp_stub", "conforming_clobber", "conforming_fp_clobber",
	"base_sctlr_set", "base_hcr_clear", "base_cptr_clear", "base_mdcr_set",
	"base_unknown_sctlr", "base_hsctlr_set", "base_hcptr_clear", "base_hdcr_set",
	"fpcr", "fpscr", "soft_restart_a32",
};

static const struct stub_entry *catalog_entry(const char *name, const char *arch)
{
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (strcmp(stub_catalog[i].name, name) == 0 &&
		    strcmp(stub_catalog[i].arch, arch) == 0)
			return &stub_catalog[i];
	return NULL;
}

static void open_stub(const struct stub_entry *e, uint64_t seed, unsigned int random,
		      struct placed_stub *st, struct machine *m, struct check_config *cfg)
{
	test_place_stub(e->arch, e->elf, st);
	*cfg = (struct check_config){
		.cases = { .profile = profile_by_name(e->profile), .role = e->role, .seed = seed,
			   .random = random },
	};
	check_config_use_stub(cfg, st);
	assert_int_equal(machine_open(m, st->arch, &st->img, st->vectors, DEFAULT_INSN_BUDGET), 0);
}

/* The bits some allowed value of f sets (or), and those every one sets (and). */
static void allowed_bits(const struct sysreg_field *f, uint64_t *or, uint64_t *and)
{
	if (!f->values) {
		*or = f->mask;
		*and = 0;
		return;
	}
	*or = 0;
	*and = f->mask;
	for (unsigned int i = 0; i < f->nvalues; i++) {
		*or |= sysreg_field_place(f, f->values[i]);
		*and &= sysreg_field_place(f, f->values[i]);
	}
}

static bool held(const struct sysreg_field *f, const struct call_input *in)
{
	return (f->when == VARY_EL2_MMU_OFF && in->el2_mmu_on) ||
	       (f->when == VARY_EL1_MMU_OFF && in->el1_mmu_on);
}

#define MAX_FIELDS	128

struct seen {
	uint64_t ones[MAX_FIELDS], zeros[MAX_FIELDS];
	uint64_t fp_ones[STATE_MAX_FPCTL], fp_zeros[STATE_MAX_FPCTL];
	unsigned int t32_targets, a32_targets;
};

/* One call: the core holds what the case drew, in every field it varies. */
static void note_call(const struct arch_desc *a, const struct hyp_case *c,
		      const struct observation *o, const struct cpu_state *full, struct seen *s)
{
	for (unsigned int i = 0; i < a->nvaried; i++) {
		const struct sysreg_field *f = &a->varied[i];
		uint64_t want = c->in.caller.sysreg[f->reg] & f->mask;
		uint64_t got = full->sysreg[f->reg] & f->mask;

		if (held(f, &c->in))
			continue;
		if (got != want)
			fail_msg("%s %s/%s: %s field 0x%llx holds 0x%llx, the case drew 0x%llx",
				 a->name, function_name(c->fn), c->name, a->sysregs[f->reg].name,
				 (unsigned long long)f->mask, (unsigned long long)got,
				 (unsigned long long)want);
		s->ones[i] |= got;
		s->zeros[i] |= ~got & f->mask;
	}
	for (unsigned int i = 0; i < a->nfpctl; i++) {
		assert_int_equal(o->pre.fpctl[i], c->in.caller.fpctl[i]);
		s->fp_ones[i] |= o->pre.fpctl[i];
		s->fp_zeros[i] |= ~o->pre.fpctl[i] & a->fpctl_varied[i];
	}
	if (c->fn == FN_SOFT_RESTART && a->thumb_bit) {
		if (c->in.caller.gpr[1] & 1)
			s->t32_targets++;
		else
			s->a32_targets++;
	}
}

/* A default run of the reference stub: every varied bit both ways, as the core holds it. */
static void test_every_varied_bit_both_ways(void **state)
{
	const char *arch = *state;
	const struct stub_entry *e = catalog_entry("hyp_stub", arch);
	static struct seen s;
	struct placed_stub st;
	struct machine m;
	struct check_config cfg;
	const struct arch_desc *a;

	assert_non_null(e);
	memset(&s, 0, sizeof(s));
	open_stub(e, DEFAULT_SEED, DEFAULT_RANDOM_CASES, &st, &m, &cfg);
	a = st.arch;
	assert_true(a->nvaried <= MAX_FIELDS);
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (unsigned int i = 0; i < cases_count(&cfg.cases, (enum hyp_function)fn); i++) {
			struct hyp_case c;
			struct observation o;
			struct cpu_state full;

			case_make(&cfg.cases, (enum hyp_function)fn, i, &c);
			assert_true(c.in.base_given);
			assert_int_equal(machine_call(&m, &c.in, &o), 0);
			assert_int_equal(machine_read_state(&m, &full), 0);
			note_call(a, &c, &o, &full, &s);
		}
	}
	for (unsigned int i = 0; i < a->nvaried; i++) {
		const struct sysreg_field *f = &a->varied[i];
		uint64_t or, and;

		allowed_bits(f, &or, &and);
		if ((s.ones[i] & or) != or || (s.zeros[i] & ~and & f->mask) != (~and & f->mask))
			fail_msg("%s %s field 0x%llx: bits seen set 0x%llx, seen clear 0x%llx", a->name,
				 a->sysregs[f->reg].name, (unsigned long long)f->mask,
				 (unsigned long long)s.ones[i], (unsigned long long)s.zeros[i]);
	}
	for (unsigned int i = 0; i < a->nfpctl; i++) {
		assert_int_equal(s.fp_ones[i], a->fpctl_varied[i]);
		assert_int_equal(s.fp_zeros[i], a->fpctl_varied[i]);
	}
	if (a->thumb_bit) {
		assert_true(s.t32_targets > 0);
		assert_true(s.a32_targets > 0);
	}
	machine_close(&m);
	placed_stub_free(&st);
}

/* The same case twice is the same state; another seed, another state. */
static void test_case_remade_the_same(void **state)
{
	const char *arch = *state;
	struct case_config cfg = {
		.arch = arch_by_name(arch), .profile = profile_by_name("hyp-abi"),
		.role = ROLE_INITIAL, .seed = 7, .random = 10, .vectors = STUB_BASE_ADDR,
	};
	struct hyp_case x, y;

	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (unsigned int i = 0; i < cases_count(&cfg, (enum hyp_function)fn); i++) {
			case_make(&cfg, (enum hyp_function)fn, i, &x);
			case_make(&cfg, (enum hyp_function)fn, i, &y);
			assert_memory_equal(&x.in, &y.in, sizeof(x.in));
		}
	}
	case_make(&cfg, FN_SET_VECTORS, 3, &x);
	cfg.seed = 8;
	case_make(&cfg, FN_SET_VECTORS, 3, &y);
	assert_memory_not_equal(x.in.caller.sysreg, y.in.caller.sysreg, sizeof(x.in.caller.sysreg));
	assert_memory_not_equal(x.in.caller.fp_free, y.in.caller.fp_free,
				sizeof(x.in.caller.fp_free));
}

/* Each stub of `seeded` on every seed: a control fails exactly its rule, the others pass. */
static void test_seeds(void **state)
{
	const struct stub_entry *e = *state;
	int want = -1;

	if (e->kind == STUB_control) {
		want = rule_by_id(e->rule);
		assert_true(want >= 0);
	}
	for (size_t k = 0; k < NSEEDS; k++) {
		static struct results res;
		struct placed_stub st;
		struct machine m;
		struct check_config cfg;

		open_stub(e, seeds[k], SEED_RANDOM, &st, &m, &cfg);
		results_init(&res);
		if (check_run(&m, &cfg, &res))
			fail_msg("%s: %s", e->elf, m.core.errmsg);
		for (int fn = 0; fn < FN_COUNT; fn++)
			for (int r = 0; r < RULE_COUNT; r++)
				if (res.r[fn][r].status == V_FAIL && r != want)
					fail_msg("%s (%s) seed %llu: %s %s failed: %s", e->name, e->arch,
						 (unsigned long long)seeds[k],
						 function_name((enum hyp_function)fn), rules[r].id,
						 res.r[fn][r].actual);
		if (want >= 0) {
			bool caught = false;

			for (int fn = 0; fn < FN_COUNT; fn++)
				caught |= res.r[fn][want].status == V_FAIL;
			if (!caught)
				fail_msg("%s (%s) seed %llu: %s did not fail", e->name, e->arch,
					 (unsigned long long)seeds[k], e->rule);
		}
		assert_int_equal(results_pass(&res), want < 0);
		machine_close(&m);
		placed_stub_free(&st);
	}
}

int main(void)
{
	static const char *const arches[] = { "arm64", "arm" };
	struct CMUnitTest tests[4 + 2 * sizeof(seeded) / sizeof(seeded[0])];
	size_t n = 0;

	for (size_t i = 0; i < 2; i++) {
		tests[n++] = (struct CMUnitTest){ .name = "every_varied_bit_both_ways",
			.test_func = test_every_varied_bit_both_ways,
			.initial_state = (void *)arches[i] };
		tests[n++] = (struct CMUnitTest){ .name = "case_remade_the_same",
			.test_func = test_case_remade_the_same, .initial_state = (void *)arches[i] };
	}
	for (size_t i = 0; i < sizeof(seeded) / sizeof(seeded[0]); i++) {
		for (size_t j = 0; j < 2; j++) {
			const struct stub_entry *e = catalog_entry(seeded[i], arches[j]);

			if (!e)
				continue;
			tests[n++] = (struct CMUnitTest){ .name = e->name, .test_func = test_seeds,
							  .initial_state = (void *)e };
		}
	}
	return _cmocka_run_group_tests("base_state", tests, n, NULL, NULL);
}

/*
 * Cases derived from the stub's own code (issue 15, item 4): the stubs
 * that decode only part of the function number (the decode_* controls)
 * fail unknown.error, and only it, on every seed with no random cases at
 * all; without the derived cases the fixed ones miss them, so it is the
 * derived cases that catch them. Every reference and conforming stub
 * passes them on every seed. A derived case is the same call whatever
 * the seed, and a random case the same call whatever the derived cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "check.h"
#include "image.h"
#include "stub_catalog.h"
#include "place_stub.h"

#define DECODE_PREFIX	"decode_"	/* the partial-decode controls' names */
#define DERIVED_PREFIX	"derived-"	/* what a derived case is called */

static const uint64_t seeds[] = { 1, 2, 42, 0xdeadbeef, UINT64_MAX };
#define NSEEDS	(sizeof(seeds) / sizeof(seeds[0]))

/* e's ELF loaded and placed as check places it, with its derived cases. */
static void load(const struct stub_entry *e, struct placed_stub *st, struct check_config *cfg)
{
	test_place_stub(e->arch, e->elf, st);
	*cfg = (struct check_config){
		.cases = { .profile = profile_by_name(e->profile), .role = e->role },
	};
	check_config_use_stub(cfg, st);
}

/* Check st under cfg with no random cases; the rules that failed. */
static void check(const struct placed_stub *st, const struct check_config *cfg,
		  struct results *res)
{
	struct machine m;

	assert_int_equal(machine_open_on(&m, st->arch, &st->arch->cpus[0], &st->img, st->vectors,
					 DEFAULT_INSN_BUDGET), 0);
	results_init(res);
	if (check_run(&m, cfg, res))
		fail_msg("%s", m.core.errmsg);
	machine_close(&m);
}

static bool is_decode_control(const struct stub_entry *e)
{
	return e->kind == STUB_control && strncmp(e->name, DECODE_PREFIX, strlen(DECODE_PREFIX)) == 0;
}

/* Each partial decode: unknown.error alone, first on a derived case, on every seed. */
static void test_partial_decodes_caught(void **state)
{
	unsigned int controls = 0;

	(void)state;
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++) {
		const struct stub_entry *e = &stub_catalog[i];
		static struct results res;
		struct placed_stub st;
		struct check_config cfg;

		if (!is_decode_control(e))
			continue;
		assert_string_equal(e->rule, rules[RULE_UNKNOWN_ERROR].id);
		load(e, &st, &cfg);
		for (size_t s = 0; s < NSEEDS; s++) {
			cfg.cases.seed = seeds[s];
			check(&st, &cfg, &res);
			for (int fn = 0; fn < FN_COUNT; fn++)
				for (int r = 0; r < RULE_COUNT; r++)
					if (res.r[fn][r].status == V_FAIL && r != RULE_UNKNOWN_ERROR)
						fail_msg("%s (%s) seed %llu: %s failed", e->name,
							 e->arch, (unsigned long long)seeds[s],
							 rules[r].id);
			if (res.r[FN_UNKNOWN][RULE_UNKNOWN_ERROR].status != V_FAIL)
				fail_msg("%s (%s) seed %llu: not caught", e->name, e->arch,
					 (unsigned long long)seeds[s]);
			assert_int_equal(strncmp(res.r[FN_UNKNOWN][RULE_UNKNOWN_ERROR].first_case,
						 DERIVED_PREFIX, strlen(DERIVED_PREFIX)), 0);
		}
		/* The fixed cases alone miss it: the derived ones catch it. */
		cfg.cases.nderived = 0;
		check(&st, &cfg, &res);
		if (!results_pass(&res))
			fail_msg("%s (%s): caught without derived cases", e->name, e->arch);
		placed_stub_free(&st);
		controls++;
	}
	assert_true(controls >= 4);
}

/* The stubs that must pass still do, with the derived cases, on every seed. */
static void test_no_false_alarm(void **state)
{
	unsigned int stubs = 0;

	(void)state;
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++) {
		const struct stub_entry *e = &stub_catalog[i];
		static struct results res;
		struct placed_stub st;
		struct check_config cfg;

		if ((e->kind != STUB_reference && e->kind != STUB_conforming) || e->cpu[0])
			continue;
		load(e, &st, &cfg);
		if (cases_count(&cfg.cases, FN_UNKNOWN) && !cfg.cases.nderived)
			fail_msg("%s (%s): no derived cases", e->name, e->arch);
		for (size_t s = 0; s < NSEEDS; s++) {
			cfg.cases.seed = seeds[s];
			check(&st, &cfg, &res);
			if (!results_pass(&res))
				fail_msg("%s (%s) seed %llu: a false alarm", e->name, e->arch,
					 (unsigned long long)seeds[s]);
		}
		placed_stub_free(&st);
		stubs++;
	}
	assert_true(stubs >= 10);
}

/* The reference stubs' numbers 0-2, seen from their code: their aliases are cases. */
static void test_reference_numbers(void **state)
{
	(void)state;
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++) {
		const struct stub_entry *e = &stub_catalog[i];
		struct placed_stub st;
		struct check_config cfg;
		const struct arch_desc *a;
		bool alias_of_2 = false;

		if (e->kind != STUB_reference)
			continue;
		load(e, &st, &cfg);
		a = st.arch;
		for (unsigned int k = 0; k < cases_count(&cfg.cases, FN_UNKNOWN); k++) {
			struct hyp_case c;

			case_make(&cfg.cases, FN_UNKNOWN, k, &c);
			if (strncmp(c.name, DERIVED_PREFIX, strlen(DERIVED_PREFIX)) != 0)
				continue;
			/* Never a number the era defines. */
			assert_int_equal(profile_function(cfg.cases.profile,
							  c.in.caller.gpr[a->ret_gpr]), FN_UNKNOWN);
			alias_of_2 |= c.in.caller.gpr[a->ret_gpr] ==
				      ((2 | (a->partial_decode_bits & -a->partial_decode_bits)) &
				       a->gpr_mask);
		}
		if (!alias_of_2)
			fail_msg("%s (%s): no case 2 + 0x100", e->name, e->arch);
		placed_stub_free(&st);
	}
}

/* A derived case is one call on every seed; a random case is the same call with or without them. */
/* The base state is each case's own draw (test_base_state): compared here is the call. */
static void same_base_state(const struct hyp_case *x, struct hyp_case *y)
{
	memcpy(y->in.caller.sysreg, x->in.caller.sysreg, sizeof(y->in.caller.sysreg));
	memcpy(y->in.caller.fpctl, x->in.caller.fpctl, sizeof(y->in.caller.fpctl));
	memcpy(y->in.caller.fp_free, x->in.caller.fp_free, sizeof(y->in.caller.fp_free));
}

static void test_reproducible(void **state)
{
	(void)state;
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++) {
		const struct stub_entry *e = &stub_catalog[i];
		struct placed_stub st;
		struct check_config one, other, none;
		unsigned int nd = 0, n;

		if (e->kind != STUB_reference)
			continue;
		load(e, &st, &one);
		one.cases.random = 20;
		other = one, none = one;
		other.cases.seed = 99;
		none.cases.nderived = 0;
		n = cases_count(&one.cases, FN_UNKNOWN);
		for (unsigned int k = 0; k < n; k++) {
			struct hyp_case x, y;

			case_make(&one.cases, FN_UNKNOWN, k, &x);
			if (strncmp(x.name, DERIVED_PREFIX, strlen(DERIVED_PREFIX)) == 0) {
				case_make(&other.cases, FN_UNKNOWN, k, &y);
				same_base_state(&x, &y);
				assert_memory_equal(&x, &y, sizeof(x));
				nd++;
			} else if (strncmp(x.name, "random-", 7) == 0) {
				case_make(&none.cases, FN_UNKNOWN, k - nd, &y);
				same_base_state(&x, &y);
				assert_memory_equal(&x.in, &y.in, sizeof(x.in));
				assert_string_equal(x.name, y.name);
			}
		}
		assert_int_equal(n, cases_count(&none.cases, FN_UNKNOWN) + nd);
		assert_true(nd > 0);
		placed_stub_free(&st);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partial_decodes_caught),
		cmocka_unit_test(test_no_false_alarm),
		cmocka_unit_test(test_reference_numbers),
		cmocka_unit_test(test_reproducible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * results_merge: a run cut into shares, each results_add'ed on its own and
 * merged in order, is the run added in one go, field for field: counts,
 * the first failure (its case, index, expected and actual), the first
 * case, and why a rule was not reached. Random verdict streams, cut at
 * random places.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "results.h"
#include "rng.h"

#define CALLS	300	/* per function */
#define ROUNDS	200

/*
 * One call's verdicts. Each (function, rule) has a temper, so that all
 * the paths of results_add are taken to the end of a run: never fails
 * (its first case and why not reached stay), fails rarely (the first
 * failure may be in any share), fails often, or does not apply at all.
 */
static void verdicts(struct rng *r, unsigned int temper, unsigned int index,
		     struct judgement j[RULE_COUNT])
{
	static const unsigned int fail_in_1000[] = { 0, 3, 100, 0 };

	for (int i = 0; i < RULE_COUNT; i++) {
		unsigned int t = (temper + (unsigned int)i) % 4;
		uint64_t x = rng_below(r, 1000);

		memset(&j[i], 0, sizeof(j[i]));
		if (t == 3)
			j[i].status = V_NOT_APPLICABLE;
		else if (x < fail_in_1000[t])
			j[i].status = V_FAIL;
		else
			j[i].status = x % 5 == 0 ? V_NOT_REACHED : x % 7 == 0 ? V_NOT_APPLICABLE
								 : V_PASS;
		if (j[i].status == V_FAIL || (j[i].status == V_NOT_REACHED && x % 2)) {
			snprintf(j[i].expected, sizeof(j[i].expected), "want %u/%d", index, i);
			snprintf(j[i].actual, sizeof(j[i].actual), "got %u/%d", index, i);
		}
	}
}

/* Calls first..last-1 of fn into res, as check_run adds them (a name only when kept). */
static void add_calls(struct results *res, uint64_t seed, enum hyp_function fn,
		      unsigned int first, unsigned int last)
{
	for (unsigned int k = first; k < last; k++) {
		struct rng r = { seed ^ ((uint64_t)fn << 40) ^ k };
		struct judgement j[RULE_COUNT];
		char name[48] = "";

		verdicts(&r, (unsigned int)(seed % 4 + (uint64_t)fn), k, j);
		if (results_keeps_name(res, fn, j))
			snprintf(name, sizeof(name), "case-%u", k);
		results_add(res, fn, name, k, j);
	}
}

static void assert_same(const struct results *a, const struct results *b)
{
	assert_int_equal(a->calls, b->calls);
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			const struct rule_result *x = &a->r[fn][i], *y = &b->r[fn][i];

			assert_int_equal(x->status, y->status);
			assert_int_equal(x->pass, y->pass);
			assert_int_equal(x->fail, y->fail);
			assert_int_equal(x->not_reached, y->not_reached);
			assert_string_equal(x->first_case, y->first_case);
			assert_int_equal(x->first_index, y->first_index);
			assert_string_equal(x->expected, y->expected);
			assert_string_equal(x->actual, y->actual);
		}
	}
}

static void test_shares_merge_to_the_whole(void **state)
{
	static struct results whole, merged, share;
	struct rng cut = { 7 };

	(void)state;
	for (unsigned int round = 0; round < ROUNDS; round++) {
		uint64_t seed = rng_next(&cut);

		results_init(&whole);
		results_init(&merged);
		for (int fn = 0; fn < FN_COUNT; fn++) {
			add_calls(&whole, seed, (enum hyp_function)fn, 0, CALLS);
			/* Shares of 1 to 64 calls, some a single call, some empty of a rule. */
			for (unsigned int first = 0, last; first < CALLS; first = last) {
				last = first + 1 + (unsigned int)rng_below(&cut, 64);
				if (last > CALLS)
					last = CALLS;
				results_init(&share);
				add_calls(&share, seed, (enum hyp_function)fn, first, last);
				results_merge(&merged, &share);
			}
		}
		results_finish(&whole);
		results_finish(&merged);
		assert_same(&whole, &merged);
	}
}

/* Merging an empty share changes nothing; merging into an empty results copies. */
static void test_empty_shares(void **state)
{
	static struct results whole, merged, empty;

	(void)state;
	results_init(&whole);
	results_init(&merged);
	results_init(&empty);
	add_calls(&whole, 3, FN_SET_VECTORS, 0, CALLS);
	results_merge(&merged, &empty);
	results_merge(&merged, &whole);
	results_merge(&merged, &empty);
	results_finish(&whole);
	results_finish(&merged);
	assert_same(&whole, &merged);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shares_merge_to_the_whole),
		cmocka_unit_test(test_empty_shares),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

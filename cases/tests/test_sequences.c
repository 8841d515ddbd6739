/*
 * Sequences end to end on the bundled stubs: the reference boot stub with
 * a conforming hypervisor passes every named sequence that applies and
 * every random one; each sequence control passes single calls (check_run)
 * and fails random sequences on every seed tried, shrunk to at most three
 * calls, by the rules its fault breaks (sequence.model among them where
 * the EL2 state goes wrong); a shrunk sequence replays, from its text, to
 * the same failure.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "check.h"
#include "sequence.h"
#include "stub_catalog.h"

#define RANDOM_SEQUENCES	60
#define SINGLE_RANDOM_CASES	50
#define MAX_SHRUNK		3
#define HYP_OFFSET		0x100000u	/* stubs/CMakeLists.txt: SEQ_HYP_BASE */

static const uint64_t seeds[] = { 1, 2, 3, 17, 1234 };

static const struct stub_entry *entry(const char *name)
{
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (strcmp(stub_catalog[i].name, name) == 0 && strcmp(stub_catalog[i].arch, "arm64") == 0)
			return &stub_catalog[i];
	fail_msg("no stub %s", name);
	return NULL;
}

static void load(const char *name, struct stub_image *img)
{
	struct load_options lo = { .load_addr = STUB_BASE_ADDR, .max_size = 1 << 20 };
	char err[256];

	if (image_load(entry(name)->elf, &lo, img, err, sizeof(err)))
		fail_msg("%s", err);
}

/* A sequence run: boot stub `first`, hypervisor `second` (or NULL), on one machine. */
struct bench {
	struct stub_image a, b, joined;
	struct machine m;
	struct seq_config cfg;
};

static void bench_open(struct bench *t, const char *first, const char *second, enum role kind2)
{
	char err[256];

	memset(t, 0, sizeof(*t));
	load(first, &t->a);
	t->joined = t->a;
	if (second) {
		load(second, &t->b);
		if (sequence_join_images(&t->a, &t->b, &t->joined, err, sizeof(err)))
			fail_msg("%s", err);
	}
	t->cfg = (struct seq_config){
		.cases = { .arch = &aarch64_desc, .profile = profile_by_name("hyp-abi"), .seed = 1 },
		.kind = { ROLE_INITIAL, kind2 },
		.vectors = { STUB_BASE_ADDR, STUB_BASE_ADDR + HYP_OFFSET },
		.has_second = second != NULL,
		.foreign = STUB_BASE_ADDR + 0x10000000u,
	};
	assert_int_equal(machine_open(&t->m, &aarch64_desc, &t->joined, STUB_BASE_ADDR,
				      DEFAULT_INSN_BUDGET), 0);
}

static void bench_close(struct bench *t)
{
	machine_close(&t->m);
	image_free(&t->a);
	if (t->cfg.has_second)
		image_free(&t->b);
}

static void run_named(struct bench *t, const char *name, struct seq_result *res)
{
	struct seq_step steps[SEQ_MAX_STEPS];
	const struct sequence_def *d = sequence_by_name(name);
	unsigned int n;

	assert_non_null(d);
	n = sequence_steps(d, steps);
	assert_true(n >= 2);
	if (sequence_run(&t->m, &t->cfg, steps, n, res))
		fail_msg("%s", t->m.core.errmsg);
}

static void test_reference_passes_named(void **state)
{
	struct bench t;
	struct seq_result res;
	const char *names[] = { "kvm-teardown", "kvm-teardown-mmu" };

	(void)state;
	bench_open(&t, "hyp_stub", "seq_hypervisor", ROLE_HYPERVISOR);
	for (size_t i = 0; i < 2; i++) {
		run_named(&t, names[i], &res);
		for (unsigned int k = 0; k < res.n; k++) {
			if (!res.step[k].pass)
				fail_msg("%s step %u (%s) fails", names[i], k, res.step[k].call);
			assert_true(res.step[k].ran);
			assert_int_equal(res.step[k].j[RULE_SEQUENCE_MODEL].status, V_PASS);
		}
		/* The hypervisor handled the RESET_VECTORS, the boot stub the rest. */
		assert_int_equal(res.step[1].by, SEQ_SECOND);
		assert_int_equal(res.step[2].by, SEQ_FIRST);
		assert_true(res.pass);
	}
	bench_close(&t);
}

static void test_reference_passes_random(void **state)
{
	struct bench t;
	struct seq_result res;
	struct seq_step steps[SEQ_MAX_STEPS];
	unsigned int n;
	uint64_t seed;

	(void)state;
	bench_open(&t, "hyp_stub", "seq_hypervisor", ROLE_HYPERVISOR);
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		t.cfg.cases.seed = seeds[i];
		if (sequence_random_run(&t.m, &t.cfg, RANDOM_SEQUENCES, steps, &n, &seed, &res))
			fail_msg("%s", t.m.core.errmsg);
		if (!res.pass) {
			char text[SEQ_TEXT_LEN];

			sequence_format(steps, n, text, sizeof(text));
			fail_msg("seed %llu fails: %s", (unsigned long long)seed, text);
		}
		assert_int_equal(res.tried, RANDOM_SEQUENCES);
	}
	bench_close(&t);
}

/* Single calls, as hypabi check makes them: every required rule holds. */
static void single_calls_pass(const char *name, enum role role)
{
	struct stub_image img;
	struct placed_stub st = { .arch = &aarch64_desc };
	struct machine m;
	struct check_config cfg = {
		.cases = { .profile = profile_by_name("hyp-abi"), .role = role, .seed = 7,
			   .random = SINGLE_RANDOM_CASES },
	};
	struct results res;

	load(name, &img);
	st.img = img;
	st.vectors = img.entry;
	/* A boot stub restores its own vectors; a hypervisor's are not known alone. */
	st.initial_vectors = img.entry;
	st.initial_vectors_known = role == ROLE_INITIAL;
	st.initial_vectors_why = "not known";
	check_config_use_stub(&cfg, &st);
	results_init(&res);
	assert_int_equal(machine_open(&m, &aarch64_desc, &img, st.vectors, DEFAULT_INSN_BUDGET), 0);
	if (check_run(&m, &cfg, &res))
		fail_msg("%s", m.core.errmsg);
	if (!results_pass(&res))
		fail_msg("%s fails single calls", name);
	results_release(&res);
	machine_close(&m);
	image_free(&img);
}

static void test_sequence_stubs_pass_single_calls(void **state)
{
	(void)state;
	single_calls_pass("seq_save_vbar", ROLE_INITIAL);
	single_calls_pass("seq_first_call_only", ROLE_INITIAL);
	single_calls_pass("seq_hypervisor", ROLE_HYPERVISOR);
	single_calls_pass("seq_own_reset", ROLE_HYPERVISOR);
}

/*
 * Every seed finds the control's fault within RANDOM_SEQUENCES, shrunk
 * to at most MAX_SHRUNK calls, failing rule `rule`; the shrunk text
 * replays to a failure.
 */
static void control_fails(const char *first, const char *second, int rule)
{
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		struct bench t;
		struct seq_result res, again;
		struct seq_step steps[SEQ_MAX_STEPS], parsed[SEQ_MAX_STEPS];
		char text[SEQ_TEXT_LEN], err[128];
		unsigned int n, np;
		uint64_t seed;
		bool seen = false;

		bench_open(&t, first, second, ROLE_HYPERVISOR);
		t.cfg.cases.seed = seeds[i];
		if (sequence_random_run(&t.m, &t.cfg, RANDOM_SEQUENCES, steps, &n, &seed, &res))
			fail_msg("%s", t.m.core.errmsg);
		if (res.pass)
			fail_msg("%s: seed %llu: %u random sequences pass", first,
				 (unsigned long long)seeds[i], res.tried);
		assert_int_equal(sequence_format(steps, n, text, sizeof(text)), 0);
		print_message("  %s seed %llu: %s\n", second ? second : first,
			      (unsigned long long)seeds[i], text);
		if (n > MAX_SHRUNK)
			fail_msg("%s: shrunk to %u calls: %s", first, n, text);
		for (unsigned int k = 0; k < res.n; k++)
			seen |= res.step[k].j[rule].status == V_FAIL;
		if (!seen)
			fail_msg("%s: %s does not fail in %s", first, rules[rule].id, text);
		/* The text is the sequence: parsed back and run with its seed, it fails again. */
		if (sequence_parse(text, t.cfg.cases.profile, parsed, &np, err, sizeof(err)))
			fail_msg("%s", err);
		assert_int_equal(np, n);
		t.cfg.cases.seed = seed;
		if (sequence_run(&t.m, &t.cfg, parsed, np, &again))
			fail_msg("%s", t.m.core.errmsg);
		assert_false(again.pass);
		bench_close(&t);
	}
}

static void test_save_vbar_fails(void **state)
{
	(void)state;
	control_fails("seq_save_vbar", NULL, RULE_SEQUENCE_MODEL);
}

static void test_first_call_only_fails(void **state)
{
	(void)state;
	control_fails("seq_first_call_only", NULL, RULE_IMPLEMENTED);
}

static void test_own_reset_fails(void **state)
{
	struct bench t;
	struct seq_result res;

	(void)state;
	control_fails("hyp_stub", "seq_own_reset", RULE_SEQUENCE_MODEL);
	/* and kvm-teardown, at the hypervisor's RESET_VECTORS */
	bench_open(&t, "hyp_stub", "seq_own_reset", ROLE_HYPERVISOR);
	run_named(&t, "kvm-teardown", &res);
	assert_false(res.pass);
	assert_int_equal(res.step[1].j[RULE_RESET_VECTORS_VBAR].status, V_FAIL);
	assert_int_equal(res.step[1].j[RULE_SEQUENCE_MODEL].status, V_FAIL);
	bench_close(&t);
}

static void test_parse_errors(void **state)
{
	const struct profile *p = profile_by_name("hyp-abi");
	struct seq_step s[SEQ_MAX_STEPS];
	unsigned int n;
	char err[128];

	(void)state;
	assert_int_equal(sequence_parse("SET_VECTORS(second)+mmu#3,RESET_VECTORS", p, s, &n, err,
					sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(s[0].target, TARGET_SECOND);
	assert_true(s[0].el2_mmu_on);
	assert_int_equal(s[0].key, 3);
	assert_int_equal(s[1].key, 1);
	assert_int_equal(sequence_parse("RESET_VECTORS(first)", p, s, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "only SET_VECTORS"));
	assert_int_equal(sequence_parse("BOGUS", p, s, &n, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "'BOGUS'"));
	assert_int_equal(sequence_parse("FINALISE_EL2", profile_by_name("arm64-v6.0"), s, &n, err,
					sizeof(err)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_reference_passes_named),
		cmocka_unit_test(test_reference_passes_random),
		cmocka_unit_test(test_sequence_stubs_pass_single_calls),
		cmocka_unit_test(test_save_vbar_fails),
		cmocka_unit_test(test_first_call_only_fails),
		cmocka_unit_test(test_own_reset_fails),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

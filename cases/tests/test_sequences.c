/*
 * Sequences end to end on the bundled stubs, arm64 and arm alike: the
 * reference boot stub with a conforming hypervisor passes every named
 * sequence that applies and every random one (and on arm the zImage's
 * stub with the kernel proper's, arm-decompressor); each sequence control
 * passes single calls (check_run) and fails random sequences on every
 * seed tried, shrunk to at most three calls, by the rules its fault breaks
 * (sequence.model among them where the EL2 state goes wrong; alone for
 * seq_refuse_installs, whose fault no per-call rule sees); a shrunk
 * sequence replays, from its text, to the same failure.
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
static const char *const arches[] = { "arm64", "arm" };

#define NARCHES	(sizeof(arches) / sizeof(arches[0]))

static const struct arch_desc *desc(const char *arch)
{
	return strcmp(arch, "arm") == 0 ? &aarch32_desc : &aarch64_desc;
}

static const struct stub_entry *entry(const char *arch, const char *name)
{
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (strcmp(stub_catalog[i].name, name) == 0 && strcmp(stub_catalog[i].arch, arch) == 0)
			return &stub_catalog[i];
	fail_msg("no stub %s/%s", arch, name);
	return NULL;
}

static void load(const char *arch, const char *name, struct stub_image *img)
{
	struct load_options lo = { .load_addr = STUB_BASE_ADDR, .max_size = 1 << 20 };
	char err[256];

	if (image_load(entry(arch, name)->elf, &lo, img, err, sizeof(err)))
		fail_msg("%s", err);
}

/* A sequence run: `first` of kind1, `second` (or NULL) of kind2, on one machine of arch. */
struct bench {
	struct stub_image a, b, joined;
	struct machine m;
	struct seq_config cfg;
};

static void bench_open_as(struct bench *t, const char *arch, const char *profile,
			  const char *first, enum role kind1, const char *second, enum role kind2)
{
	const struct arch_desc *a = desc(arch);
	char err[256];

	memset(t, 0, sizeof(*t));
	load(arch, first, &t->a);
	t->joined = t->a;
	if (second) {
		load(arch, second, &t->b);
		if (sequence_join_images(&t->a, &t->b, &t->joined, err, sizeof(err)))
			fail_msg("%s", err);
	}
	t->cfg = (struct seq_config){
		.cases = { .arch = a, .profile = profile_by_name(profile), .seed = 1 },
		.kind = { kind1, kind2 },
		.vectors = { STUB_BASE_ADDR, STUB_BASE_ADDR + HYP_OFFSET },
		.has_second = second != NULL,
		.foreign = STUB_BASE_ADDR + 0x10000000u,
	};
	assert_non_null(t->cfg.cases.profile);
	assert_int_equal(machine_open(&t->m, a, &t->joined, STUB_BASE_ADDR, DEFAULT_INSN_BUDGET),
			 0);
}

/* The boot stub `first` and the hypervisor `second` (or NULL) of era hyp-abi. */
static void bench_open(struct bench *t, const char *arch, const char *first, const char *second)
{
	bench_open_as(t, arch, "hyp-abi", first, ROLE_INITIAL, second, ROLE_HYPERVISOR);
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

/* Every step of res ran and passed, sequence.model too. */
static void all_pass(const char *arch, const char *name, const struct seq_result *res)
{
	for (unsigned int k = 0; k < res->n; k++) {
		if (!res->step[k].pass)
			fail_msg("%s: %s step %u (%s) fails", arch, name, k, res->step[k].call);
		assert_true(res->step[k].ran);
		assert_int_equal(res->step[k].j[RULE_SEQUENCE_MODEL].status, V_PASS);
	}
	assert_true(res->pass);
}

static void test_reference_passes_named(void **state)
{
	struct bench t;
	struct seq_result res;
	const char *names[] = { "kvm-teardown", "kvm-teardown-mmu" };

	(void)state;
	for (size_t a = 0; a < NARCHES; a++) {
		bench_open(&t, arches[a], "hyp_stub", "seq_hypervisor");
		for (size_t i = 0; i < 2; i++) {
			run_named(&t, names[i], &res);
			all_pass(arches[a], names[i], &res);
			/* The hypervisor handled the RESET_VECTORS, the boot stub the rest. */
			assert_int_equal(res.step[1].by, SEQ_SECOND);
			assert_int_equal(res.step[2].by, SEQ_FIRST);
		}
		bench_close(&t);
	}
}

/*
 * arm's path (d): the zImage's stub installs the kernel proper's vectors,
 * whose stub SOFT_RESTARTs (v5.7+), as each kind's conforming stub; and
 * random sequences of the two.
 */
static void test_arm_decompressor_passes(void **state)
{
	struct bench t;
	struct seq_result res;
	struct seq_step steps[SEQ_MAX_STEPS];
	unsigned int n;
	uint64_t seed;

	(void)state;
	bench_open_as(&t, "arm", "arm-v5.7", "seq_zimage", ROLE_ZIMAGE, "seq_arm_kernel",
		      ROLE_ARM_KERNEL);
	assert_true(sequence_applies(sequence_by_name("arm-decompressor"), t.cfg.cases.profile,
				     "arm"));
	run_named(&t, "arm-decompressor", &res);
	all_pass("arm", "arm-decompressor", &res);
	assert_int_equal(res.n, 2);
	assert_int_equal(res.step[0].by, SEQ_FIRST);
	assert_int_equal(res.step[1].by, SEQ_SECOND);
	assert_int_equal(res.step[1].j[RULE_SOFT_RESTART_TARGET].status, V_PASS);
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		t.cfg.cases.seed = seeds[i];
		if (sequence_random_run(&t.m, &t.cfg, RANDOM_SEQUENCES, steps, &n, &seed, &res))
			fail_msg("%s", t.m.core.errmsg);
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
	for (size_t a = 0; a < NARCHES; a++) {
		bench_open(&t, arches[a], "hyp_stub", "seq_hypervisor");
		for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
			t.cfg.cases.seed = seeds[i];
			if (sequence_random_run(&t.m, &t.cfg, RANDOM_SEQUENCES, steps, &n, &seed,
						&res))
				fail_msg("%s", t.m.core.errmsg);
			if (!res.pass) {
				char text[SEQ_TEXT_LEN];

				sequence_format(steps, n, text, sizeof(text));
				fail_msg("%s seed %llu fails: %s", arches[a],
					 (unsigned long long)seed, text);
			}
			assert_int_equal(res.tried, RANDOM_SEQUENCES);
		}
		bench_close(&t);
	}
}

/* Single calls of era `profile`, as hypabi check makes them: every required rule holds. */
static void single_calls_pass_as(const char *arch, const char *profile, const char *name,
				 enum role role)
{
	struct stub_image img;
	struct placed_stub st = { .arch = desc(arch) };
	struct machine m;
	struct check_config cfg = {
		.cases = { .profile = profile_by_name(profile), .role = role, .seed = 7,
			   .random = SINGLE_RANDOM_CASES },
	};
	struct results res;

	load(arch, name, &img);
	st.img = img;
	st.vectors = img.entry;
	/* A boot stub restores its own vectors; a hypervisor's are not known alone. */
	st.initial_vectors = img.entry;
	st.initial_vectors_known = role == ROLE_INITIAL;
	st.initial_vectors_why = "not known";
	check_config_use_stub(&cfg, &st);
	results_init(&res);
	assert_int_equal(machine_open(&m, st.arch, &img, st.vectors, DEFAULT_INSN_BUDGET), 0);
	if (check_run(&m, &cfg, &res))
		fail_msg("%s", m.core.errmsg);
	if (!results_pass(&res))
		fail_msg("%s/%s fails single calls", arch, name);
	results_release(&res);
	machine_close(&m);
	image_free(&img);
}

static void single_calls_pass(const char *arch, const char *name, enum role role)
{
	single_calls_pass_as(arch, "hyp-abi", name, role);
}

static void test_sequence_stubs_pass_single_calls(void **state)
{
	(void)state;
	for (size_t a = 0; a < NARCHES; a++) {
		single_calls_pass(arches[a], "seq_save_vbar", ROLE_INITIAL);
		single_calls_pass(arches[a], "seq_first_call_only", ROLE_INITIAL);
		single_calls_pass(arches[a], "seq_hypervisor", ROLE_HYPERVISOR);
		single_calls_pass(arches[a], "seq_own_reset", ROLE_HYPERVISOR);
		single_calls_pass(arches[a], "seq_hyp_set_vectors", ROLE_HYPERVISOR);
		single_calls_pass(arches[a], "seq_refuse_installs", ROLE_HYPERVISOR);
	}
	single_calls_pass_as("arm", "arm-v5.7", "seq_zimage", ROLE_ZIMAGE);
	single_calls_pass_as("arm", "arm-v5.7", "seq_arm_kernel", ROLE_ARM_KERNEL);
}

/*
 * Every seed finds the control's fault within RANDOM_SEQUENCES, shrunk
 * to at most MAX_SHRUNK calls, failing rule `rule` (alone: and no other
 * rule in any step); the shrunk text replays to a failure.
 */
static void control_fails(const char *arch, const char *first, const char *second, int rule,
			  bool alone)
{
	for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		struct bench t;
		struct seq_result res, again;
		struct seq_step steps[SEQ_MAX_STEPS], parsed[SEQ_MAX_STEPS];
		char text[SEQ_TEXT_LEN], err[128];
		unsigned int n, np;
		uint64_t seed;
		bool seen = false;

		bench_open(&t, arch, first, second);
		t.cfg.cases.seed = seeds[i];
		if (sequence_random_run(&t.m, &t.cfg, RANDOM_SEQUENCES, steps, &n, &seed, &res))
			fail_msg("%s", t.m.core.errmsg);
		if (res.pass)
			fail_msg("%s: seed %llu: %u random sequences pass", first,
				 (unsigned long long)seeds[i], res.tried);
		assert_int_equal(sequence_format(steps, n, text, sizeof(text)), 0);
		print_message("  %s/%s seed %llu: %s\n", arch, second ? second : first,
			      (unsigned long long)seeds[i], text);
		if (n > MAX_SHRUNK)
			fail_msg("%s/%s: shrunk to %u calls: %s", arch, first, n, text);
		for (unsigned int k = 0; k < res.n; k++) {
			seen |= res.step[k].j[rule].status == V_FAIL;
			for (int r = 0; r < RULE_COUNT && alone; r++)
				if (r != rule && res.step[k].j[r].status == V_FAIL)
					fail_msg("%s/%s: %s fails too in %s", arch,
						 second ? second : first, rules[r].id, text);
		}
		if (!seen)
			fail_msg("%s/%s: %s does not fail in %s", arch, first, rules[rule].id, text);
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
	for (size_t a = 0; a < NARCHES; a++)
		control_fails(arches[a], "seq_save_vbar", NULL, RULE_SEQUENCE_MODEL, false);
}

static void test_first_call_only_fails(void **state)
{
	(void)state;
	for (size_t a = 0; a < NARCHES; a++)
		control_fails(arches[a], "seq_first_call_only", NULL, RULE_IMPLEMENTED, false);
}

static void test_own_reset_fails(void **state)
{
	struct bench t;
	struct seq_result res;

	(void)state;
	for (size_t a = 0; a < NARCHES; a++) {
		control_fails(arches[a], "hyp_stub", "seq_own_reset", RULE_SEQUENCE_MODEL, false);
		/* and kvm-teardown, at the hypervisor's RESET_VECTORS */
		bench_open(&t, arches[a], "hyp_stub", "seq_own_reset");
		run_named(&t, "kvm-teardown", &res);
		assert_false(res.pass);
		assert_int_equal(res.step[1].j[RULE_RESET_VECTORS_VBAR].status, V_FAIL);
		assert_int_equal(res.step[1].j[RULE_SEQUENCE_MODEL].status, V_FAIL);
		bench_close(&t);
	}
}

/* steps (text) run with the boot stub and `second` of arch: into res. */
static void run_text(const char *arch, const char *second, const char *text,
		     struct seq_result *res)
{
	struct bench t;
	struct seq_step steps[SEQ_MAX_STEPS];
	unsigned int n;
	char err[128];

	bench_open(&t, arch, "hyp_stub", second);
	if (sequence_parse(text, t.cfg.cases.profile, steps, &n, err, sizeof(err)))
		fail_msg("%s", err);
	if (sequence_run(&t.m, &t.cfg, steps, n, res))
		fail_msg("%s", t.m.core.errmsg);
	bench_close(&t);
}

/*
 * A hypervisor whose SET_VECTORS installs the vectors and answers
 * HVC_STUB_ERR: every per-call rule holds (a refused SET_VECTORS is a
 * hypervisor's right, and alone nothing else of it is judged), but the
 * EL2 state is not what the ABI says a refused call leaves: random
 * sequences fail sequence.model and nothing else, shrunk to two calls.
 * Its conforming counterpart, which answers 0, passes them all; the same
 * two calls show the difference.
 */
static void test_refuse_installs_fails_model_alone(void **state)
{
	static const char two[] = "SET_VECTORS(second),SET_VECTORS(first)";
	struct bench t;
	struct seq_result res;
	struct seq_step steps[SEQ_MAX_STEPS];
	unsigned int n;
	uint64_t seed;

	(void)state;
	for (size_t a = 0; a < NARCHES; a++) {
		control_fails(arches[a], "hyp_stub", "seq_refuse_installs", RULE_SEQUENCE_MODEL,
			      true);
		run_text(arches[a], "seq_refuse_installs", two, &res);
		assert_false(res.pass);
		assert_true(res.step[0].pass);
		assert_int_equal(res.step[1].by, SEQ_SECOND);
		assert_int_equal(res.step[1].j[RULE_SEQUENCE_MODEL].status, V_FAIL);
		assert_int_equal(res.step[1].j[RULE_RETURN_CODE].status, V_PASS);
		for (int r = 0; r < RULE_COUNT; r++)
			if (r != RULE_SEQUENCE_MODEL)
				assert_int_not_equal(res.step[1].j[r].status, V_FAIL);
		/* The counterpart: the model follows a SET_VECTORS that succeeded. */
		run_text(arches[a], "seq_hyp_set_vectors", two, &res);
		all_pass(arches[a], two, &res);
		assert_int_equal(res.step[1].j[RULE_SET_VECTORS_VBAR].status, V_PASS);
		bench_open(&t, arches[a], "hyp_stub", "seq_hyp_set_vectors");
		run_named(&t, "kvm-teardown-mmu", &res);
		all_pass(arches[a], "kvm-teardown-mmu", &res);
		for (size_t i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
			t.cfg.cases.seed = seeds[i];
			if (sequence_random_run(&t.m, &t.cfg, RANDOM_SEQUENCES, steps, &n, &seed,
						&res))
				fail_msg("%s", t.m.core.errmsg);
			if (!res.pass)
				fail_msg("%s/seq_hyp_set_vectors: seed %llu fails", arches[a],
					 (unsigned long long)seed);
		}
		bench_close(&t);
	}
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
		cmocka_unit_test(test_arm_decompressor_passes),
		cmocka_unit_test(test_sequence_stubs_pass_single_calls),
		cmocka_unit_test(test_save_vbar_fails),
		cmocka_unit_test(test_first_call_only_fails),
		cmocka_unit_test(test_own_reset_fails),
		cmocka_unit_test(test_refuse_installs_fails_model_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

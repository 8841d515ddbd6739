/* The case list: reproducible from the seed, and covering what the issue asks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "caselist.h"
#include "hyp_abi_defs.h"
#include "layout.h"

static struct case_config config(uint64_t seed)
{
	return (struct case_config){
		.arch = &aarch64_desc, .profile = profile_by_name("hyp-abi"),
		.role = ROLE_INITIAL, .seed = seed, .random = 500, .vectors = 0x40000000,
	};
}

static void test_same_seed_same_cases(void **state)
{
	struct case_config a = config(7), b = config(7);

	(void)state;
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (unsigned int i = 0; i < cases_count(&a, (enum hyp_function)fn); i++) {
			struct hyp_case x, y;

			case_make(&a, (enum hyp_function)fn, i, &x);
			case_make(&b, (enum hyp_function)fn, i, &y);
			assert_memory_equal(&x, &y, sizeof(x));
		}
	}
}

static void test_other_seed_other_cases(void **state)
{
	struct case_config a = config(7), b = config(8);
	struct hyp_case x, y;

	(void)state;
	case_make(&a, FN_SET_VECTORS, 100, &x);
	case_make(&b, FN_SET_VECTORS, 100, &y);
	assert_true(x.in.caller.gpr[1] != y.in.caller.gpr[1]);
	assert_true(x.in.caller.gpr[19] != y.in.caller.gpr[19]);
}

/* Every case of cfg: a caller the harness can run, calling its function as the era's kernel did. */
static void inputs_are_valid(const struct case_config *cfg)
{
	const struct arch_desc *a = cfg->arch;

	for (int fn = 0; fn < FN_COUNT; fn++) {
		unsigned int n = cases_count(cfg, (enum hyp_function)fn);

		if (!profile_judges(cfg->profile, cfg->role, (enum hyp_function)fn) ||
		    (fn != FN_UNKNOWN && cfg->profile->number[fn] == FN_NONE)) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_true(n >= cfg->random);
		for (unsigned int i = 0; i < n; i++) {
			struct hyp_case c;
			uint64_t sp, x0, x1, vectors;

			case_make(cfg, (enum hyp_function)fn, i, &c);
			sp = c.in.caller.gpr[a->sp_gpr];
			x0 = c.in.caller.gpr[0];
			x1 = c.in.caller.gpr[1];
			vectors = c.in.caller.gpr[profile_vectors_gpr(cfg->profile)];
			assert_true(sp >= CALLER_STACK + 256 && sp < CALLER_STACK + CALLER_STACK_SIZE);
			assert_int_equal(sp % 16, 0);
			assert_int_equal(c.in.caller.pstate & ~(a->exception_masks | a->flags_mask), 0);
			assert_int_equal(profile_function(cfg->profile, x0), fn);
			if (fn == FN_SET_VECTORS) {
				assert_int_equal(vectors % a->vector_align, 0);
				assert_true(vectors < a->addr_limit);
			}
			if (fn == FN_SOFT_RESTART)
				assert_true(x1 >= LANDING_PAD && x1 < LANDING_PAD + LANDING_PAD_SIZE);
		}
	}
}

static void test_inputs_are_valid(void **state)
{
	static const struct {
		const struct arch_desc *arch;
		const char *profile;
	} eras[] = {
		{ &aarch64_desc, "hyp-abi" }, { &aarch32_desc, "hyp-abi" },
		{ &aarch64_desc, "arm64-v4.7" }, { &aarch64_desc, "arm64-v4.8" },
		{ &aarch64_desc, "arm64-v6.19" }, { &aarch32_desc, "arm-legacy" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		struct case_config cfg = config(1);

		cfg.arch = eras[i].arch;
		cfg.profile = profile_by_name(eras[i].profile);
		assert_non_null(cfg.profile);
		inputs_are_valid(&cfg);
	}
}

/*
 * arm before v4.12 calls as its kernel did: r0 = -1 to read HVBAR, r0 =
 * the vectors to set it; every r0 is a function, so no unknown numbers.
 */
static void test_arm_legacy_calls(void **state)
{
	struct case_config cfg = config(1);
	struct hyp_case c;

	(void)state;
	cfg.arch = &aarch32_desc;
	cfg.profile = profile_by_name("arm-legacy");
	assert_int_equal(cases_count(&cfg, FN_UNKNOWN), 0);
	assert_int_equal(cases_count(&cfg, FN_RESET_VECTORS), 0);
	assert_int_equal(cases_count(&cfg, FN_SOFT_RESTART), 0);
	for (unsigned int i = 0; i < cases_count(&cfg, FN_GET_VECTORS); i++) {
		case_make(&cfg, FN_GET_VECTORS, i, &c);
		assert_int_equal(c.in.caller.gpr[0], HVC_GET_VECTORS_ARM_LEGACY);
	}
	case_make(&cfg, FN_SET_VECTORS, 0, &c);		/* own-vectors */
	assert_string_equal(c.name, "own-vectors");
	assert_int_equal(c.in.caller.gpr[0], cfg.vectors);
}

/* arm64 v4.7: unknown numbers start past GET_VECTORS 0 and SET_VECTORS 1. */
static void test_v4_7_unknown_numbers(void **state)
{
	struct case_config cfg = config(1);
	bool two = false;

	(void)state;
	cfg.profile = profile_by_name("arm64-v4.7");
	for (unsigned int i = 0; i < cases_count(&cfg, FN_UNKNOWN); i++) {
		struct hyp_case c;

		case_make(&cfg, FN_UNKNOWN, i, &c);
		assert_true(c.in.caller.gpr[0] > HVC_SET_VECTORS_V4_7);
		two |= c.in.caller.gpr[0] == HVC_STUB_HCALL_NR_V4_7;
	}
	assert_true(two);
}

/* Unknown numbers: just past the range up to 0xfff, and wide 64-bit ones. */
static void test_unknown_numbers(void **state)
{
	struct case_config cfg = config(3);
	unsigned int small = 0, wide = 0;
	bool first_past_range = false;

	(void)state;
	for (unsigned int i = 0; i < cases_count(&cfg, FN_UNKNOWN); i++) {
		struct hyp_case c;

		case_make(&cfg, FN_UNKNOWN, i, &c);
		if (c.in.caller.gpr[0] == HVC_STUB_HCALL_NR)
			first_past_range = true;
		if (c.in.caller.gpr[0] < 0x1000)
			small++;
		else if (c.in.caller.gpr[0] > UINT32_MAX)
			wide++;
	}
	assert_true(first_past_range);
	assert_true(small > 200);
	assert_true(wide > 200);
}

/* A hypervisor is not judged on numbers it may use for itself. */
static void test_role_hypervisor_has_no_unknown_cases(void **state)
{
	struct case_config cfg = config(1);

	(void)state;
	cfg.role = ROLE_HYPERVISOR;
	assert_int_equal(cases_count(&cfg, FN_UNKNOWN), 0);
	assert_true(cases_count(&cfg, FN_RESET_VECTORS) > 0);
}

static unsigned int mmu_on_cases(const struct case_config *cfg, enum hyp_function fn)
{
	unsigned int on = 0;

	for (unsigned int i = 0; i < cases_count(cfg, fn); i++) {
		struct hyp_case c;

		case_make(cfg, fn, i, &c);
		on += c.in.el2_mmu_on;
	}
	return on;
}

/* The EL2 MMU is on only under a hypervisor: never for the initial stub. */
static void test_mmu_on_cases(void **state)
{
	struct case_config cfg = config(1);

	(void)state;
	for (int fn = 0; fn < FN_COUNT; fn++)
		assert_int_equal(mmu_on_cases(&cfg, (enum hyp_function)fn), 0);
	cfg.role = ROLE_HYPERVISOR;
	assert_true(mmu_on_cases(&cfg, FN_RESET_VECTORS) > cfg.random / 4);
	assert_true(mmu_on_cases(&cfg, FN_SOFT_RESTART) > cfg.random / 4);
	assert_int_equal(mmu_on_cases(&cfg, FN_SET_VECTORS), 0);
}

/* The calls from EL2 in fn's cases under cfg; each must be named and placed as one. */
static unsigned int el2_cases(const struct case_config *cfg, enum hyp_function fn)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < cases_count(cfg, fn); i++) {
		struct hyp_case c;

		case_make(cfg, fn, i, &c);
		if (!c.in.el2_caller)
			continue;
		n++;
		assert_string_equal(c.name, "from-el2");
		/* Its own SP_EL2, in the caller's stack, not SP_EL1's value. */
		assert_true(c.in.el2_sp >= CALLER_STACK && c.in.el2_sp < CALLER_STACK + CALLER_STACK_SIZE);
		assert_int_equal(c.in.el2_sp % 16, 0);
		assert_int_not_equal(c.in.el2_sp, c.in.caller.gpr[31]);
		assert_false(c.in.el2_mmu_on);
	}
	return n;
}

/*
 * One call from EL2 a function, for the boot stub on a core with VHE, in
 * every era (before v5.13 the rules allow a spin); none for a hypervisor,
 * none on a core without VHE; the random cases keep their names.
 */
static void test_el2_caller_cases(void **state)
{
	struct case_config cfg = config(1);
	struct hyp_case c;

	(void)state;
	for (int fn = 0; fn < FN_COUNT; fn++)
		assert_int_equal(el2_cases(&cfg, (enum hyp_function)fn), 0);
	cfg.vhe = true;
	for (int fn = 0; fn < FN_COUNT; fn++)
		assert_int_equal(el2_cases(&cfg, (enum hyp_function)fn),
				 cases_count(&cfg, (enum hyp_function)fn) > 0);
	assert_int_equal(el2_cases(&cfg, FN_UNKNOWN), 1);
	case_make(&cfg, FN_SET_VECTORS, cases_count(&cfg, FN_SET_VECTORS) - cfg.random, &c);
	assert_string_equal(c.name, "random-0");
	cfg.profile = profile_by_name("arm64-v6.19");
	assert_int_equal(el2_cases(&cfg, FN_FINALISE_EL2), 1);
	assert_int_equal(el2_cases(&cfg, FN_GET_ICH_VTR_EL2), 1);
	cfg.role = ROLE_HYPERVISOR;
	for (int fn = 0; fn < FN_COUNT; fn++)
		assert_int_equal(el2_cases(&cfg, (enum hyp_function)fn), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_seed_same_cases),
		cmocka_unit_test(test_other_seed_other_cases),
		cmocka_unit_test(test_inputs_are_valid),
		cmocka_unit_test(test_arm_legacy_calls),
		cmocka_unit_test(test_v4_7_unknown_numbers),
		cmocka_unit_test(test_unknown_numbers),
		cmocka_unit_test(test_role_hypervisor_has_no_unknown_cases),
		cmocka_unit_test(test_mmu_on_cases),
		cmocka_unit_test(test_el2_caller_cases),
	};
	return cmocka_run_group_tests_name("caselist", tests, NULL, NULL);
}

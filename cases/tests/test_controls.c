/*
 * End to end on every bundled stub, raw and ELF: the reference and the
 * conforming stubs pass every rule; each negative control fails exactly
 * the rule it was built to break, and nothing else; on every core hypabi
 * emulates for the arch (--cpu). The stack stub is also checked to write
 * more than the harness keeps, all inside its image.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arch.h"
#include "check.h"
#include "image.h"
#include "layout.h"
#include "stub_catalog.h"
#include "place_stub.h"

#define RANDOM_CASES	200
/* The conforming stub whose every call writes more than the harness keeps. */
#define STACK_STUB	"conforming_stack"

/* Load e's image from path and open a machine with core cpu on it, as check does. */
static void open_stub(const struct stub_entry *e, const char *path, unsigned int cpu,
		      struct placed_stub *st, struct machine *m, struct check_config *cfg)
{
	test_place_stub(e->arch, path, st);
	*cfg = (struct check_config){
		.cases = { .profile = profile_by_name(e->profile), .role = e->role, .seed = 42,
			   .random = RANDOM_CASES },
	};
	check_config_use_stub(cfg, st);
	assert_true(cpu < st->arch->ncpus);
	cfg->cases.vhe = st->arch->cpus[cpu].vhe;	/* as check_run makes them on the core */
	assert_int_equal(machine_open_on(m, st->arch, &st->arch->cpus[cpu], &st->img, st->vectors,
					 DEFAULT_INSN_BUDGET), 0);
}

static void run(const struct stub_entry *e, const char *path, unsigned int cpu,
		struct results *res, struct check_config *out)
{
	struct placed_stub st;
	struct machine m;
	struct check_config cfg;

	open_stub(e, path, cpu, &st, &m, &cfg);
	results_init(res);
	/* Every call's shortcut post-state read checked against a full one. */
	m.verify_post = true;
	if (check_run(&m, &cfg, res))
		fail_msg("%s: %s", path, m.core.errmsg);
	machine_close(&m);
	placed_stub_free(&st);
	cfg.stub = NULL;	/* freed: the caller remakes cases, it judges none */
	*out = cfg;
}

/* The rules a control must fail: "a" or "a+b". */
static void wanted_rules(const struct stub_entry *e, bool want[RULE_COUNT])
{
	char buf[128], *save = NULL;

	memset(want, 0, sizeof(bool) * RULE_COUNT);
	if (e->kind != STUB_control)
		return;
	snprintf(buf, sizeof(buf), "%s", e->rule);
	for (char *r = strtok_r(buf, "+", &save); r; r = strtok_r(NULL, "+", &save)) {
		int id = rule_by_id(r);

		if (id < 0)
			fail_msg("%s: catalogue names unknown rule '%s'", e->name, r);
		want[id] = true;
	}
}

static void expect(const struct stub_entry *e, const char *path, unsigned int cpu)
{
	static struct results res;
	struct check_config cfg;
	bool want[RULE_COUNT], seen[RULE_COUNT] = { false };
	char where[600];
	unsigned int fns = 0;

	snprintf(where, sizeof(where), "%.500s on %s", path, arch_by_name(e->arch)->cpus[cpu].name);
	wanted_rules(e, want);
	run(e, path, cpu, &res, &cfg);
	/* Every function the era judges got its random cases (two at least: GET and SET). */
	for (int fn = 0; fn < FN_COUNT; fn++)
		fns += cases_count(&cfg.cases, (enum hyp_function)fn) > 0;
	assert_true(fns >= 2);
	assert_true(res.calls > fns * RANDOM_CASES);
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			const struct rule_result *rr = &res.r[fn][i];

			if (rr->status == V_FAIL && !want[i])
				fail_msg("%s: %s %s failed: expected %s; actual %s", where,
					 function_name((enum hyp_function)fn), rules[i].id,
					 rr->expected, rr->actual);
			if (rr->status == V_FAIL)
				seen[i] = true;
			/* The case a report names is the one its index makes (names are lazy). */
			if (rr->pass + rr->fail + rr->not_reached > 0) {
				struct hyp_case c;

				case_make(&cfg.cases, (enum hyp_function)fn, rr->first_index, &c);
				assert_string_equal(rr->first_case, c.name);
			}
			/*
			 * Conforming stubs reach every rule that applies, but a call
			 * from EL2 in an era that lets the stub spin there.
			 */
			if (e->kind != STUB_control && rr->status == V_NOT_REACHED &&
			    !(i == RULE_EL2_CALL_HANDLED &&
			      !profile_handles_el2_calls(cfg.cases.profile, cfg.cases.role)))
				fail_msg("%s: %s %s not reached", where,
					 function_name((enum hyp_function)fn), rules[i].id);
		}
	}
	for (int i = 0; i < RULE_COUNT; i++)
		if (want[i] && !seen[i])
			fail_msg("%s: %s did not fail", where, rules[i].id);
	assert_int_equal(results_pass(&res), e->kind != STUB_control);
}

static void test_stub(void **state)
{
	const struct stub_entry *e = *state;

	const struct arch_desc *arch = arch_by_name(e->arch);

	assert_non_null(arch);
	print_message("  %s (%s) %s\n", e->name, e->arch, e->kind == STUB_control ? e->rule : "must pass");
	/*
	 * Raw (objects have none) and ELF on the default core; the ELF on
	 * every other: all of them, or the one core the stub is for.
	 */
	if (e->bin[0] && !e->cpu[0])
		expect(e, e->bin, 0);
	for (unsigned int cpu = 0; cpu < arch->ncpus; cpu++)
		if (!e->cpu[0] || strcmp(e->cpu, arch->cpus[cpu].name) == 0)
			expect(e, e->elf, cpu);
}

/*
 * The stack stub passes above only if no count of writes inside the image
 * fails a stub: check that it does make more than the harness keeps.
 */
static void test_stack_stub_writes_past_the_limit(void **state)
{
	unsigned int stubs = 0;

	(void)state;
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++) {
		const struct stub_entry *e = &stub_catalog[i];
		struct placed_stub st;
		struct machine m;
		struct check_config cfg;

		if (strcmp(e->name, STACK_STUB) != 0)
			continue;
		open_stub(e, e->bin, 0, &st, &m, &cfg);
		for (int fn = 0; fn < FN_COUNT; fn++) {
			struct hyp_case c;
			struct observation o;

			case_fill(&cfg.cases, (enum hyp_function)fn, 0, &c);
			assert_int_equal(machine_call(&m, &c.in, &o), 0);
			if (o.nwrites <= OBS_MAX_WRITES || o.nwrites_outside)
				fail_msg("%s (%s) %s: %" PRIu64 " writes, %" PRIu64
					 " outside the image", e->name, e->arch,
					 function_name((enum hyp_function)fn), o.nwrites,
					 o.nwrites_outside);
		}
		machine_close(&m);
		placed_stub_free(&st);
		stubs++;
	}
	assert_true(stubs > 0);
}

int main(void)
{
	struct CMUnitTest tests[STUB_CATALOG_COUNT + 1];
	size_t n = 0;

	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++) {
		if (stub_catalog[i].kind == STUB_probe || stub_catalog[i].kind == STUB_sequence)
			continue;
		tests[n] = (struct CMUnitTest){
			.name = stub_catalog[i].name,
			.test_func = test_stub,
			.initial_state = (void *)&stub_catalog[i],
		};
		n++;
	}
	tests[n++] = (struct CMUnitTest){
		.name = "stack_stub_writes_past_the_limit",
		.test_func = test_stack_stub_writes_past_the_limit,
	};
	return _cmocka_run_group_tests("controls", tests, n, NULL, NULL);
}

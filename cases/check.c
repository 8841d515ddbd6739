#include "check.h"

#include <stdio.h>
#include <stdlib.h>

#include "constants.h"
#include "trace.h"

void check_config_use_stub(struct check_config *cfg, const struct placed_stub *st)
{
	struct fn_constants k;
	bool cut;

	cfg->stub = st;
	cfg->cases.arch = st->arch;
	cfg->cases.vectors = st->vectors;
	/* The numbers the stub's own code compares x0/r0 with: cases of their own. */
	cfg->cases.nderived = 0;
	if (constants_of_stub(st->arch, &st->img, st->vectors, &k) == 0)
		cfg->cases.nderived = constants_numbers(st->arch, &k, cfg->cases.derived,
							CONSTANTS_MAX_NUMBERS, &cut);
}

void check_judge_ctx(const struct machine *m, const struct check_config *cfg,
		     enum hyp_function fn, struct judge_ctx *ctx)
{
	*ctx = (struct judge_ctx){
		.arch = cfg->cases.arch,
		.profile = cfg->cases.profile,
		.role = cfg->cases.role,
		.fn = fn,
		.initial_vectors = cfg->stub->initial_vectors,
		.initial_vectors_known = cfg->stub->initial_vectors_known,
		.initial_vectors_why = cfg->stub->initial_vectors_why,
		.ich_vtr = m->core.ich_vtr,
		.vhe = m->cpu->vhe,
	};
}

struct case_config check_cases_on(const struct cpu_model *cpu, const struct check_config *cfg)
{
	struct case_config cc = cfg->cases;

	cc.vhe = cpu->vhe;
	return cc;
}

_Static_assert(FN_COUNT <= COVERAGE_MAX_SETS, "a coverage set for every function");

void check_cover(struct machine *m, struct coverage *cov, enum hyp_function fn)
{
	if (!cov)
		return;
	m->stub_block = coverage_block;
	m->stub_block_ctx = cov;
	coverage_select(cov, (unsigned int)fn);
}

void check_cover_end(struct coverage *cov, const struct observation *o)
{
	if (cov)
		coverage_end_call(cov, o->end == END_FAULT, o->fault_pc);
}

int check_run_cases(struct machine *m, const struct check_config *cfg, struct coverage *cov,
		    enum hyp_function fn, unsigned int first, unsigned int last,
		    struct results *res)
{
	struct case_config cc = check_cases_on(m->cpu, cfg);
	struct judge_ctx ctx;

	check_judge_ctx(m, cfg, fn, &ctx);
	check_cover(m, cov, fn);
	for (unsigned int i = first; i < last; i++) {
		struct hyp_case c;
		struct observation o;
		struct judgement j[RULE_COUNT];
		int rc;

		case_fill(&cc, fn, i, &c);
		rc = machine_call(m, &c.in, &o);
		if (rc)
			return rc;
		check_cover_end(cov, &o);
		rules_judge(&ctx, &o, j);
		if (results_keeps_name(res, fn, j))
			case_name(&cc, &c);
		results_add(res, fn, c.name, i, j);
	}
	return 0;
}

int check_run(struct machine *m, const struct check_config *cfg, struct results *res)
{
	struct case_config cc = check_cases_on(m->cpu, cfg);

	for (int fn = 0; fn < FN_COUNT; fn++) {
		int rc = check_run_cases(m, cfg, cfg->coverage, (enum hyp_function)fn, 0,
					 cases_count(&cc, (enum hyp_function)fn), res);

		if (rc)
			return rc;
	}
	results_finish(res);
	return 0;
}

int check_machine_open(struct machine *m, const struct check_machine *how,
		       const struct check_config *cfg)
{
	int rc = machine_open_on(m, how->arch, how->cpu, how->img, cfg->cases.vectors,
				 how->budget);

	machine_set_wall_budget(m, how->wall_ms);
	machine_set_ich_vtr(m, how->ich_vtr);
	return rc;
}

int check_trace_failures(const struct check_machine *how, const struct check_config *cfg,
			 struct results *res, uint64_t limit, char *err, size_t errlen)
{
	struct machine tm;
	struct tracer t;
	struct case_config cc = check_cases_on(how->cpu, cfg);
	bool open = false;
	int rc = 0;

	for (int fn = 0; fn < FN_COUNT && !rc; fn++) {
		for (int i = 0; i < RULE_COUNT && !rc; i++) {
			struct rule_result *rr = &res->r[fn][i];
			struct hyp_case c;
			struct observation o;
			size_t len;

			if (rr->status != V_FAIL && rr->status != V_WAIVED)
				continue;
			if (!open) {
				/*
				 * A fresh machine: the trace hook costs nothing to add
				 * before its first call. Its wall-clock budget is the
				 * default one, as it always was.
				 */
				if (machine_open_on(&tm, how->arch, how->cpu, how->img,
						    cfg->cases.vectors, how->budget) ||
				    tracer_open(&t, &tm, NULL, TRACE_TEXT, limit)) {
					snprintf(err, errlen, "%s", tm.core.errmsg);
					machine_close(&tm);
					return MACHINE_EINTERNAL;
				}
				machine_set_ich_vtr(&tm, how->ich_vtr);
				open = true;
			}
			t.out = open_memstream(&rr->trace, &len);
			if (!t.out)
				break;
			case_make(&cc, (enum hyp_function)fn, rr->first_index, &c);
			rc = machine_call(&tm, &c.in, &o);
			if (rc)
				snprintf(err, errlen, "%s", tm.core.errmsg);
			tracer_finish(&t);
			fprintf(t.out, "end: %s at 0x%llx\n", call_end_name(o.end),
				(unsigned long long)(o.end == END_FAULT ? o.fault_pc : o.post.pc));
			fclose(t.out);
			t.out = NULL;
		}
	}
	if (open) {
		tracer_close(&t);
		machine_close(&tm);
	}
	return rc;
}

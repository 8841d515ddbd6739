#include "check.h"

#include <stdio.h>
#include <stdlib.h>

#include "trace.h"

void check_config_use_stub(struct check_config *cfg, const struct placed_stub *st)
{
	cfg->stub = st;
	cfg->cases.arch = st->arch;
	cfg->cases.vectors = st->vectors;
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

/* The cases as m's core can make them: calls from EL2 where it has VHE. */
static struct case_config cases_on(const struct machine *m, const struct check_config *cfg)
{
	struct case_config cc = cfg->cases;

	cc.vhe = m->cpu->vhe;
	return cc;
}

int check_run(struct machine *m, const struct check_config *cfg, struct results *res)
{
	struct case_config cc = cases_on(m, cfg);

	for (int fn = 0; fn < FN_COUNT; fn++) {
		unsigned int n = cases_count(&cc, (enum hyp_function)fn);
		struct judge_ctx ctx;

		check_judge_ctx(m, cfg, (enum hyp_function)fn, &ctx);
		for (unsigned int i = 0; i < n; i++) {
			struct hyp_case c;
			struct observation o;
			struct judgement j[RULE_COUNT];
			int rc;

			case_fill(&cc, (enum hyp_function)fn, i, &c);
			rc = machine_call(m, &c.in, &o);
			if (rc)
				return rc;
			rules_judge(&ctx, &o, j);
			if (results_keeps_name(res, (enum hyp_function)fn, j))
				case_name(&cc, &c);
			results_add(res, (enum hyp_function)fn, c.name, i, j);
		}
	}
	results_finish(res);
	return 0;
}

int check_trace_failures(struct machine *m, const struct check_config *cfg,
			 struct results *res, uint64_t limit)
{
	struct machine tm;
	struct tracer t;
	struct case_config cc = cases_on(m, cfg);
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
				/* A fresh machine: the trace hook costs nothing to add before its first call. */
				if (machine_open_on(&tm, m->arch, m->cpu, m->img, m->core.vectors,
						    m->budget) ||
				    tracer_open(&t, &tm, NULL, TRACE_TEXT, limit)) {
					snprintf(m->core.errmsg, sizeof(m->core.errmsg), "%s", tm.core.errmsg);
					machine_close(&tm);
					return MACHINE_EINTERNAL;
				}
				machine_set_ich_vtr(&tm, m->core.ich_vtr);
				open = true;
			}
			t.out = open_memstream(&rr->trace, &len);
			if (!t.out)
				break;
			case_make(&cc, (enum hyp_function)fn, rr->first_index, &c);
			rc = machine_call(&tm, &c.in, &o);
			if (rc)
				snprintf(m->core.errmsg, sizeof(m->core.errmsg), "%s", tm.core.errmsg);
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

#include "check.h"

void check_judge_ctx(const struct check_config *cfg, const struct machine *m,
		     enum hyp_function fn, struct judge_ctx *ctx)
{
	*ctx = (struct judge_ctx){
		.arch = cfg->cases.arch,
		.profile = cfg->cases.profile,
		.img = m->img,
		.role = cfg->cases.role,
		.fn = fn,
		.initial_vectors = cfg->initial_vectors,
		.initial_vectors_known = cfg->initial_vectors_known,
		.initial_vectors_why = cfg->initial_vectors_why,
	};
}

int check_run(struct machine *m, const struct check_config *cfg, struct results *res)
{
	for (int fn = 0; fn < FN_COUNT; fn++) {
		unsigned int n = cases_count(&cfg->cases, (enum hyp_function)fn);
		struct judge_ctx ctx;

		check_judge_ctx(cfg, m, (enum hyp_function)fn, &ctx);
		for (unsigned int i = 0; i < n; i++) {
			struct hyp_case c;
			struct observation o;
			struct judgement j[RULE_COUNT];
			int rc;

			case_make(&cfg->cases, (enum hyp_function)fn, i, &c);
			rc = machine_call(m, &c.in, &o);
			if (rc)
				return rc;
			rules_judge(&ctx, &o, j);
			results_add(res, (enum hyp_function)fn, c.name, i, j);
		}
	}
	results_finish(res);
	return 0;
}

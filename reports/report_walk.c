/*
 * The walk every report writer makes over the results, and the counts
 * they print: what is reported, and how a failure is reproduced, is
 * decided here once.
 */
#include "report_writer.h"

static bool failed(enum verdict v)
{
	return v == V_FAIL || v == V_WAIVED;
}

/* Its cell: a failure, else a waiver, else a pass, else not reached. */
static enum verdict cell(const bool seen[])
{
	if (seen[V_FAIL])
		return V_FAIL;
	if (seen[V_WAIVED])
		return V_WAIVED;
	if (seen[V_PASS])
		return V_PASS;
	return seen[V_NOT_REACHED] ? V_NOT_REACHED : V_NOT_APPLICABLE;
}

static void function_of(const struct results *res, enum hyp_function fn,
			struct report_function *f)
{
	bool seen[V_WAIVED + 1] = { false };
	size_t used = 0;

	f->fn = fn;
	f->calls = 0;
	f->failed[0] = '\0';
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *rr = &res->r[fn][i];
		unsigned int calls = rr->pass + rr->fail + rr->not_reached;

		if (calls > f->calls)
			f->calls = calls;
		seen[rr->status] = true;
		if (failed(rr->status) && used < sizeof(f->failed))
			used += (size_t)snprintf(f->failed + used, sizeof(f->failed) - used, "%s%s",
						 used ? "," : "", rules[i].id);
	}
	f->cell = cell(seen);
}

static bool visited(enum report_visit visit, enum verdict v)
{
	if (visit == VISIT_JUDGED)
		return v != V_NOT_APPLICABLE;
	return visit == VISIT_FAILURES && failed(v);
}

static void visit_rules(const struct report_visitor *v, struct report_at *at)
{
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *rr = &at->res->r[at->f.fn][i];
		char repro[RESULTS_REPRO_LEN];

		if (!visited(v->visit, rr->status))
			continue;
		at->r.rule = &rules[i];
		at->r.rr = rr;
		at->r.calls = rr->pass + rr->fail + rr->not_reached;
		at->r.repro = at->r.trace = NULL;
		if (failed(rr->status)) {
			results_repro(at->res, at->f.fn, rr, repro, sizeof(repro));
			at->r.repro = repro;
			at->r.trace = rr->trace;
		}
		v->rule(at);
		at->r.index++;
	}
}

static void visit_functions(const struct report_visitor *v, struct report_at *at)
{
	for (int fn = 0; fn < FN_COUNT; fn++) {
		function_of(at->res, (enum hyp_function)fn, &at->f);
		if (at->f.cell == V_NOT_APPLICABLE && v->visit != VISIT_FUNCTIONS)
			continue;
		if (v->function)
			v->function(at);
		if (v->rule && v->visit != VISIT_FUNCTIONS)
			visit_rules(v, at);
		if (v->function_end)
			v->function_end(at);
	}
}

void report_walk(FILE *out, const struct results *const *res, unsigned int n,
		 const struct report_visitor *v, void *ctx)
{
	struct report_at at = { .out = out, .ctx = ctx };

	for (at.stub = 0; at.stub < n; at.stub++) {
		at.res = res[at.stub];
		if (v->stub)
			v->stub(&at);
		visit_functions(v, &at);
		if (v->stub_end)
			fputs(v->stub_end, out);
	}
}

struct summary report_summary(const struct results *const *res, unsigned int n)
{
	struct summary s = { 0 };

	for (unsigned int k = 0; k < n; k++) {
		struct summary t = results_summary(res[k]);

		s.pass += t.pass;
		s.fail += t.fail;
		s.not_reached += t.not_reached;
		s.waived += t.waived;
	}
	return s;
}

bool report_pass(const struct results *const *res, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++)
		if (!results_pass(res[k]))
			return false;
	return true;
}

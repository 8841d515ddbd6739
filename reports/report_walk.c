/*
 * The walk every report writer makes over the results, and the counts
 * they print: what is reported, and how a failure is reproduced, is
 * decided here once.
 */
#include "report_writer.h"

#include "by_design.h"

#include <string.h>

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

/* Coverage by set (a function), or by all (-1); none (-2) or not recorded: has false. */
static void cover_of(const struct results *res, int set, struct report_cover *c)
{
	memset(c, 0, sizeof(*c));
	if (!res->coverage || set < -1)
		return;
	c->has = true;
	c->n = coverage_count(res->coverage, set);
	c->percent = coverage_count_percent(&c->n);
	if (set == -1) {
		c->by_design = res->coverage->by_design;
		by_design_summary(res->coverage, c->why, sizeof(c->why));
	}
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
	cover_of(res, f->calls ? (int)fn : -2, &f->cov);
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

/* The functions whose calls ran block b, "SET_VECTORS,unknown". */
static void block_fns(const struct coverage *cov, unsigned int b, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int fn = 0; fn < FN_COUNT && used < len; fn++)
		if (coverage_block_run(cov, fn, b))
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "",
						 function_name((enum hyp_function)fn));
}

static void visit_blocks(const struct report_visitor *v, struct report_at *at)
{
	const struct coverage *cov = at->res->coverage;

	at->blk.index = 0;
	for (unsigned int b = 0; b < at->map->nblocks; b++) {
		at->blk.b = &at->map->blocks[b];
		at->blk.insns = &at->map->insns[at->blk.b->first];
		at->blk.run = coverage_block_run(cov, -1, b);
		if (v->blocks == BLOCKS_UNRUN && at->blk.run)
			continue;
		block_fns(cov, b, at->blk.fns, sizeof(at->blk.fns));
		at->blk.why = by_design_text(cov, b, at->blk.why_buf, sizeof(at->blk.why_buf));
		v->block(at);
		at->blk.index++;
	}
}

/* The stub's coverage: in all, its blocks, how --explore grew it. */
static void visit_coverage(const struct report_visitor *v, struct report_at *at)
{
	const struct coverage *cov = at->res->coverage;

	at->map = cov->map;
	cover_of(at->res, -1, &at->cov);
	if (v->coverage)
		v->coverage(at);
	if (v->block && v->blocks != BLOCKS_NONE)
		visit_blocks(v, at);
	for (at->step_index = 0; v->step && at->step_index < cov->ngrowth; at->step_index++) {
		at->step = &cov->growth[at->step_index];
		v->step(at);
	}
	if (v->coverage_end)
		v->coverage_end(at);
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
		if (at.res->coverage)
			visit_coverage(v, &at);
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

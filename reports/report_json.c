/* --format json: the fields of DESIGN.md, in a stable order. */
#include <inttypes.h>

#include "report_writer.h"

static void field(FILE *out, const char *key, const char *val, const char *sep)
{
	report_json_string(out, key);
	fputs(": ", out);
	report_json_string(out, val);
	fputs(sep, out);
}

/* One entry of "results": a (function, rule) judged. */
static void result(const struct report_at *at)
{
	const struct rule_result *rr = at->r.rr;
	const struct rule *rule = at->r.rule;
	FILE *out = at->out;

	fputs(at->r.index ? ",\n    { " : "\n    { ", out);
	field(out, "function", function_name(at->f.fn), ", ");
	field(out, "case", rr->first_case, ", ");
	field(out, "rule", rule->id, ", ");
	field(out, "severity", rule->severity == SEV_REQUIRED ? "required" : "advisory", ", ");
	field(out, "status", verdict_name(rr->status), ", ");
	field(out, "expected", rr->expected, ", ");
	field(out, "actual", rr->actual, ", ");
	if (rr->waiver)
		field(out, "waiver", rr->waiver, ", ");
	if (at->r.repro)
		field(out, "repro", at->r.repro, ", ");
	if (at->r.trace)
		field(out, "trace", at->r.trace, ", ");
	fprintf(out, "\"calls\": { \"pass\": %u, \"fail\": %u, \"not-reached\": %u } }",
		rr->pass, rr->fail, rr->not_reached);
}

static const struct report_visitor results_list = { .visit = VISIT_JUDGED, .rule = result };

/* "coverage": each function's, then every call's together, the blocks never run, --explore's growth. */
static void cover_function(const struct report_at *at)
{
	const struct coverage_count *n = &at->f.cov.n;
	unsigned int *shown = at->ctx;

	fprintf(at->out, "%s\n      { ", (*shown)++ ? "," : "");
	field(at->out, "function", function_name(at->f.fn), ", ");
	fprintf(at->out, "\"calls\": %u, \"blocks_run\": %u, \"edges_run\": %u }", at->f.calls,
		n->blocks_covered, n->edges_covered);
}

static void cover_totals(const struct report_at *at)
{
	const struct coverage_count *n = &at->cov.n;
	const struct run_info *in = &at->res->info;

	fprintf(at->out, "\n    ],\n    \"entry\": \"0x%" PRIx64 "\", \"blocks\": %u, \"edges\": %u, "
		"\"blocks_run\": %u, \"edges_run\": %u, \"percent\": %u, \"outside\": %" PRIu64
		", \"truncated\": %s,\n    ", at->map->entry, n->blocks, n->edges, n->blocks_covered,
		n->edges_covered, at->cov.percent, n->outside, at->map->truncated ? "true" : "false");
	if (in->below_min_coverage || in->min_coverage)
		fprintf(at->out, "\"min_coverage\": %u, \"below_min_coverage\": %s,\n    ",
			in->min_coverage, in->below_min_coverage ? "true" : "false");
	fprintf(at->out, "\"unreachable_by_design\": %u, ", at->cov.by_design);
	field(at->out, "unreachable_why", at->cov.why, ",\n    ");
	fputs("\"unrun\": [", at->out);
}

static void cover_block(const struct report_at *at)
{
	const struct report_block *k = &at->blk;

	fprintf(at->out, "%s\n      { \"address\": \"0x%" PRIx64 "\", \"instructions\": [",
		k->index ? "," : "", k->b->start);
	for (unsigned int i = 0; i < k->b->n; i++) {
		char line[CODEMAP_TEXT + 32];

		snprintf(line, sizeof(line), "0x%" PRIx64 ": %s", k->insns[i].addr, k->insns[i].text);
		fputs(i ? ", " : "", at->out);
		report_json_string(at->out, line);
	}
	fputs("]", at->out);
	if (k->why) {
		fputs(", \"unreachable_by_design\": ", at->out);
		report_json_string(at->out, k->why);
	}
	fputs(" }", at->out);
}

static void cover_step(const struct report_at *at)
{
	if (at->step_index == 0)
		fputs("\n    ],\n    \"explore\": [", at->out);
	fprintf(at->out, "%s\n      { \"calls\": %" PRIu64 ", \"blocks_run\": %u, \"edges_run\": %u }",
		at->step_index ? "," : "", at->step->calls, at->step->blocks, at->step->edges);
}

static void cover_end(const struct report_at *at)
{
	if (!at->res->coverage->ngrowth)
		fputs("\n    ],\n    \"explore\": [", at->out);
	fprintf(at->out, "\n    ],\n    \"explored\": %" PRIu64 " },\n",
		at->res->coverage->explored);
}

static const struct report_visitor coverage_object = {
	.visit = VISIT_JUDGED, .function = cover_function, .coverage = cover_totals,
	.blocks = BLOCKS_UNRUN, .block = cover_block, .step = cover_step, .coverage_end = cover_end,
};

int report_json(FILE *out, const struct results *res)
{
	const struct run_info *in = &res->info;
	struct summary s = results_summary(res);

	fputs("{\n  ", out);
	field(out, "tool", "hypabi", ", ");
	field(out, "version", HYPABI_VERSION, ",\n  ");
	field(out, "stub", in->name, ",\n  ");
	field(out, "arch", in->arch, ", ");
	field(out, "cpu", in->cpu, ", ");
	field(out, "profile", in->profile, ", ");
	field(out, "role", in->role, ",\n  ");
	if (in->profile_why[0])
		field(out, "profile_why", in->profile_why, ",\n  ");
	if (in->kind_why[0])
		field(out, "kind_why", in->kind_why, ",\n  ");
	if (in->provided[0])
		field(out, "provided", in->provided, ",\n  ");
	fprintf(out, "\"load\": \"0x%" PRIx64 "\", \"vectors\": \"0x%" PRIx64 "\", "
		"\"seed\": %" PRIu64 ", \"random\": %u,\n  ", in->load, in->vectors, in->seed,
		in->random);
	field(out, "verdict", results_pass(res) ? "pass" : "fail", ",\n");
	fputs("  \"results\": [", out);
	report_walk(out, &res, 1, &results_list, NULL);
	fputs("\n  ],\n", out);
	if (res->coverage) {
		unsigned int shown = 0;

		fputs("  \"coverage\": {\n    \"functions\": [", out);
		report_walk(out, &res, 1, &coverage_object, &shown);
	}
	fprintf(out, "  \"summary\": { \"pass\": %u, \"fail\": %u, \"not-reached\": %u, "
		"\"waived\": %u, \"calls\": %" PRIu64 " }\n}\n", s.pass, s.fail, s.not_reached,
		s.waived, res->calls);
	return 0;
}

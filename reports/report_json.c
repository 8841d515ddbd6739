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
	fprintf(out, "  \"summary\": { \"pass\": %u, \"fail\": %u, \"not-reached\": %u, "
		"\"waived\": %u, \"calls\": %" PRIu64 " }\n}\n", s.pass, s.fail, s.not_reached,
		s.waived, res->calls);
	return 0;
}

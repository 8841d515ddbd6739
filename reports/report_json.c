/* --format json: the fields of DESIGN.md, in a stable order. */
#include <inttypes.h>

#include "escape.h"
#include "report.h"

static void field(FILE *out, const char *key, const char *val, const char *sep)
{
	report_json_string(out, key);
	fputs(": ", out);
	report_json_string(out, val);
	fputs(sep, out);
}

int report_json(FILE *out, const struct results *res)
{
	const struct run_info *in = &res->info;
	struct summary s = results_summary(res);
	bool first = true;

	fputs("{\n  ", out);
	field(out, "tool", "hypabi", ", ");
	field(out, "version", HYPABI_VERSION, ",\n  ");
	field(out, "stub", in->name, ",\n  ");
	field(out, "arch", in->arch, ", ");
	field(out, "profile", in->profile, ", ");
	field(out, "role", in->role, ",\n  ");
	fprintf(out, "\"load\": \"0x%" PRIx64 "\", \"vectors\": \"0x%" PRIx64 "\", "
		"\"seed\": %" PRIu64 ", \"random\": %u,\n  ", in->load, in->vectors, in->seed,
		in->random);
	field(out, "verdict", results_pass(res) ? "pass" : "fail", ",\n");
	fputs("  \"results\": [", out);
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			const struct rule_result *rr = &res->r[fn][i];

			if (rr->status == V_NOT_APPLICABLE)
				continue;
			fputs(first ? "\n    { " : ",\n    { ", out);
			first = false;
			field(out, "function", function_name((enum hyp_function)fn), ", ");
			field(out, "case", rr->first_case, ", ");
			field(out, "rule", rules[i].id, ", ");
			field(out, "severity", rules[i].severity == SEV_REQUIRED ? "required" :
			      "advisory", ", ");
			field(out, "status", verdict_name(rr->status), ", ");
			field(out, "expected", rr->expected, ", ");
			field(out, "actual", rr->actual, ", ");
			if (rr->waiver)
				field(out, "waiver", rr->waiver, ", ");
			if (rr->status == V_FAIL || rr->status == V_WAIVED) {
				char repro[1024];

				results_repro(res, (enum hyp_function)fn, rr, repro, sizeof(repro));
				field(out, "repro", repro, ", ");
				if (rr->trace)
					field(out, "trace", rr->trace, ", ");
			}
			fprintf(out, "\"calls\": { \"pass\": %u, \"fail\": %u, \"not-reached\": %u } }",
				rr->pass, rr->fail, rr->not_reached);
		}
	}
	fputs("\n  ],\n", out);
	fprintf(out, "  \"summary\": { \"pass\": %u, \"fail\": %u, \"not-reached\": %u, "
		"\"waived\": %u, \"calls\": %" PRIu64 " }\n}\n", s.pass, s.fail, s.not_reached,
		s.waived, res->calls);
	return 0;
}

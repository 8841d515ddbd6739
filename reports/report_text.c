/* The terminal report: one table per function, one row per rule. */
#include <inttypes.h>
#include <string.h>

#include "report.h"

static void function_table(FILE *out, const struct results *res, enum hyp_function fn)
{
	unsigned int calls = 0;

	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *rr = &res->r[fn][i];
		unsigned int n = rr->pass + rr->fail + rr->not_reached;

		if (n > calls)
			calls = n;
	}
	if (calls == 0)
		return;
	fprintf(out, "\n%s (%u calls)\n", function_name(fn), calls);
	fprintf(out, "  %-24s %-12s %7s %7s %7s\n", "rule", "status", "pass", "fail",
		"n/r");
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *rr = &res->r[fn][i];

		if (rr->status == V_NOT_APPLICABLE)
			continue;
		fprintf(out, "  %-24s %-12s %7u %7u %7u\n", rules[i].id,
			rr->status == V_FAIL ? "FAIL" : verdict_name(rr->status),
			rr->pass, rr->fail, rr->not_reached);
		if (rr->status == V_FAIL || rr->status == V_WAIVED) {
			char repro[1024];

			results_repro(res, fn, rr, repro, sizeof(repro));
			fprintf(out, "      first failure, case %s: expected %s; actual %s\n"
				"      reproduce: %s\n", rr->first_case, rr->expected, rr->actual, repro);
			if (rr->trace) {
				fputs("      trace of that call:\n", out);
				for (const char *l = rr->trace; *l;) {
					size_t n = strcspn(l, "\n");

					fprintf(out, "        | %.*s\n", (int)n, l);
					l += n + (l[n] == '\n');
				}
			}
		}
		if (rr->status == V_WAIVED)
			fprintf(out, "      waived: %s\n", rr->waiver);
		if (rr->status == V_NOT_REACHED && rr->actual[0])
			fprintf(out, "      not reached: %s\n", rr->actual);
	}
}

int report_text(FILE *out, const struct results *res)
{
	const struct run_info *in = &res->info;
	struct summary s = results_summary(res);

	fprintf(out, "hypabi %s: %s (%s, profile %s, role %s)\n", HYPABI_VERSION, in->name,
		in->arch, in->profile, in->role);
	fprintf(out, "load 0x%" PRIx64 ", vectors 0x%" PRIx64 ", seed %" PRIu64
		", %u random cases per function, %" PRIu64 " calls\n",
		in->load, in->vectors, in->seed, in->random, res->calls);
	for (int fn = 0; fn < FN_COUNT; fn++)
		function_table(out, res, (enum hyp_function)fn);
	fprintf(out, "\nverdict: %s (%u pass, %u fail, %u not-reached, %u waived; seed %" PRIu64
		")\n", results_pass(res) ? "PASS" : "FAIL", s.pass, s.fail, s.not_reached,
		s.waived, in->seed);
	return 0;
}

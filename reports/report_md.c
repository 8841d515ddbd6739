/*
 * --format md: a compact verdict table per stub for $GITHUB_STEP_SUMMARY
 * and merge-request comments: one row per function, then the failures.
 */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "report.h"

static void stub(FILE *out, const struct results *res)
{
	const struct run_info *in = &res->info;
	bool any = false;

	fprintf(out, "### hypabi %s: `", results_pass(res) ? "PASS" : "FAIL");
	report_md_text(out, in->name);
	fprintf(out, "` (%s, profile %s, role %s)\n\n", in->arch, in->profile, in->role);
	fputs("| function | verdict | failing rules |\n|---|---|---|\n", out);
	for (int fn = 0; fn < FN_COUNT; fn++) {
		char failed[256];
		enum verdict v = report_cell(res, (enum hyp_function)fn, failed, sizeof(failed));

		if (v == V_NOT_APPLICABLE)
			continue;
		fprintf(out, "| %s | %s%s | %s |\n", function_name((enum hyp_function)fn),
			v == V_FAIL ? "**fail**" : verdict_name(v), "", failed[0] ? failed : "");
	}
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			const struct rule_result *rr = &res->r[fn][i];

			if (rr->status != V_FAIL && rr->status != V_WAIVED)
				continue;
			if (!any)
				fputs("\n", out);
			any = true;
			fprintf(out, "- `%s` %s: expected ", rules[i].id,
				function_name((enum hyp_function)fn));
			report_md_text(out, rr->expected);
			fputs("; actual ", out);
			report_md_text(out, rr->actual);
			fprintf(out, " (case %s, %u/%u calls)", rr->first_case, rr->fail,
				rr->pass + rr->fail + rr->not_reached);
			if (rr->status == V_WAIVED) {
				fputs(" — waived: ", out);
				report_md_text(out, rr->waiver);
			}
			{
				char repro[1024];

				results_repro(res, (enum hyp_function)fn, rr, repro, sizeof(repro));
				fprintf(out, "\n  `%s`", repro);
				if (rr->trace)
					fprintf(out, "\n  <details><summary>trace</summary>\n\n"
						"  ```\n%s  ```\n  </details>", rr->trace);
			}
			fputc('\n', out);
		}
	}
	fprintf(out, "\n%" PRIu64 " calls, seed %" PRIu64 ", vectors 0x%" PRIx64 "\n", res->calls,
		in->seed, in->vectors);
}

int report_md(FILE *out, const struct results *const *res, unsigned int n, bool matrix)
{
	for (unsigned int k = 0; k < n; k++) {
		if (k)
			fputc('\n', out);
		stub(out, res[k]);
	}
	if (matrix) {
		fputs("\n| stub | role |", out);
		for (int fn = 0; fn < FN_COUNT; fn++)
			fprintf(out, " %s |", function_name((enum hyp_function)fn));
		fputs("\n|---|---|", out);
		for (int fn = 0; fn < FN_COUNT; fn++)
			fputs("---|", out);
		fputc('\n', out);
		for (unsigned int k = 0; k < n; k++) {
			fprintf(out, "| `%s` | %s |", res[k]->info.selector, res[k]->info.role);
			for (int fn = 0; fn < FN_COUNT; fn++) {
				char failed[256];
				enum verdict v = report_cell(res[k], (enum hyp_function)fn, failed,
							     sizeof(failed));

				fprintf(out, " %s%s%s |",
					v == V_NOT_APPLICABLE ? "-" : verdict_name(v),
					failed[0] ? ": " : "", failed);
			}
			fputc('\n', out);
		}
	}
	return 0;
}

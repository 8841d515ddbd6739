/*
 * --format md: a compact verdict table per stub for $GITHUB_STEP_SUMMARY
 * and merge-request comments: one row per function, then the failures.
 */
#include <inttypes.h>

#include "report_writer.h"

static void row(const struct report_at *at)
{
	const struct report_function *f = &at->f;

	fprintf(at->out, "| %s | %s | %s |\n", function_name(f->fn),
		f->cell == V_FAIL ? "**fail**" : verdict_name(f->cell), f->failed);
}

static void failure(const struct report_at *at)
{
	const struct rule_result *rr = at->r.rr;
	FILE *out = at->out;

	if (at->r.index == 0)
		fputc('\n', out);
	fprintf(out, "- `%s` %s: expected ", at->r.rule->id, function_name(at->f.fn));
	report_md_text(out, rr->expected);
	fputs("; actual ", out);
	report_md_text(out, rr->actual);
	fprintf(out, " (case %s, %u/%u calls)", rr->first_case, rr->fail, at->r.calls);
	if (rr->status == V_WAIVED) {
		fputs(" — waived: ", out);
		report_md_text(out, rr->waiver);
	}
	fprintf(out, "\n  `%s`", at->r.repro);
	if (at->r.trace)
		fprintf(out, "\n  <details><summary>trace</summary>\n\n"
			"  ```\n%s  ```\n  </details>", at->r.trace);
	fputc('\n', out);
}

static const struct report_visitor rows = { .visit = VISIT_JUDGED, .function = row };
static const struct report_visitor failures = { .visit = VISIT_FAILURES, .rule = failure };

static void stub(FILE *out, const struct results *res)
{
	const struct run_info *in = &res->info;

	fprintf(out, "### hypabi %s: `", results_pass(res) ? "PASS" : "FAIL");
	report_md_text(out, in->name);
	fprintf(out, "` (%s on %s, profile %s, role %s)\n\n", in->arch, in->cpu, in->profile,
		in->role);
	fputs("| function | verdict | failing rules |\n|---|---|---|\n", out);
	report_walk(out, &res, 1, &rows, NULL);
	report_walk(out, &res, 1, &failures, NULL);
	fprintf(out, "\n%" PRIu64 " calls, seed %" PRIu64 ", vectors 0x%" PRIx64 "\n", res->calls,
		in->seed, in->vectors);
}

static void matrix_row(const struct report_at *at)
{
	fprintf(at->out, "| `%s` | %s |", at->res->info.selector, at->res->info.role);
}

static void matrix_cell(const struct report_at *at)
{
	const struct report_function *f = &at->f;

	fprintf(at->out, " %s%s%s |", f->cell == V_NOT_APPLICABLE ? "-" : verdict_name(f->cell),
		f->failed[0] ? ": " : "", f->failed);
}

static const struct report_visitor matrix_rows = {
	.visit = VISIT_FUNCTIONS, .stub = matrix_row, .function = matrix_cell, .stub_end = "\n",
};

static void matrix(FILE *out, const struct results *const *res, unsigned int n)
{
	fputs("\n| stub | role |", out);
	for (int fn = 0; fn < FN_COUNT; fn++)
		fprintf(out, " %s |", function_name((enum hyp_function)fn));
	fputs("\n|---|---|", out);
	for (int fn = 0; fn < FN_COUNT; fn++)
		fputs("---|", out);
	fputc('\n', out);
	report_walk(out, res, n, &matrix_rows, NULL);
}

int report_md(FILE *out, const struct results *const *res, unsigned int n, bool with_matrix)
{
	for (unsigned int k = 0; k < n; k++) {
		if (k)
			fputc('\n', out);
		stub(out, res[k]);
	}
	if (with_matrix)
		matrix(out, res, n);
	return 0;
}

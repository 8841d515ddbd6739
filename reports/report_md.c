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

/* Coverage: a row per function, then all together, the blocks never run, --explore's growth. */
static void cover_row(const struct report_at *at)
{
	const struct coverage_count *n = &at->f.cov.n;

	if (!at->res->coverage)
		return;
	if (*(unsigned int *)at->ctx == 0)
		fputs("\n| function | blocks run | edges taken |\n|---|---|---|\n", at->out);
	++*(unsigned int *)at->ctx;
	fprintf(at->out, "| %s | %u/%u | %u/%u |\n", function_name(at->f.fn), n->blocks_covered,
		n->blocks, n->edges_covered, n->edges);
}

static void cover_total(const struct report_at *at)
{
	const struct coverage_count *n = &at->cov.n;
	const struct run_info *in = &at->res->info;

	fprintf(at->out, "| **all** | %u/%u (%u%%) | %u/%u |\n", n->blocks_covered, n->blocks,
		at->cov.percent, n->edges_covered, n->edges);
	if (at->cov.by_design) {
		fprintf(at->out, "\nUnreachable by design: %u (", at->cov.by_design);
		report_md_text(at->out, at->cov.why);
		fputs(")\n", at->out);
	}
	if (in->below_min_coverage)
		fprintf(at->out, "\n**Coverage below --min-coverage %u%%: fail.**\n", in->min_coverage);
}

static void cover_block(const struct report_at *at)
{
	const struct report_block *k = &at->blk;

	if (k->index == 0)
		fputs("\nNever run:\n", at->out);
	fprintf(at->out, "- `0x%" PRIx64 "` (%u instruction%s): `", k->b->start, k->b->n,
		k->b->n == 1 ? "" : "s");
	for (unsigned int i = 0; i < k->b->n; i++) {
		fputs(i ? "; " : "", at->out);
		report_md_text(at->out, k->insns[i].text);
	}
	fputs("`", at->out);
	if (k->why) {
		fputs(" — unreachable by design: ", at->out);
		report_md_text(at->out, k->why);
	}
	fputc('\n', at->out);
}

static void cover_step(const struct report_at *at)
{
	fprintf(at->out, "%s%" PRIu64 " calls: %u blocks", at->step_index ? ", " : "\nExplore: ",
		at->step->calls, at->step->blocks);
	if (at->step_index + 1 == at->res->coverage->ngrowth)
		fputc('\n', at->out);
}

static const struct report_visitor rows = { .visit = VISIT_JUDGED, .function = row };
static const struct report_visitor cover_rows = {
	.visit = VISIT_JUDGED, .function = cover_row, .coverage = cover_total,
	.blocks = BLOCKS_UNRUN, .block = cover_block, .step = cover_step,
};
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
	report_walk(out, &res, 1, &cover_rows, &(unsigned int){ 0 });
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

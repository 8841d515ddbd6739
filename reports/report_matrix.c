/*
 * Several stubs in one run (check --scan): each stub's own report, then
 * the conformance matrix: one row per stub, one column per function, each
 * cell the verdict and the rules that failed.
 */
#include <string.h>

#include "report_writer.h"

static void text_row(const struct report_at *at)
{
	fprintf(at->out, "  %-18s %-10s", at->res->info.selector, at->res->info.role);
}

static void text_cell(const struct report_at *at)
{
	const struct report_function *f = &at->f;
	char cell[300];

	if (f->cell == V_FAIL || f->cell == V_WAIVED)
		snprintf(cell, sizeof(cell), "%s: %s", verdict_name(f->cell), f->failed);
	else
		snprintf(cell, sizeof(cell), "%s",
			 f->cell == V_NOT_APPLICABLE ? "-" : verdict_name(f->cell));
	fprintf(at->out, " %-16s", cell);
}

static const struct report_visitor text_rows = {
	.visit = VISIT_FUNCTIONS, .stub = text_row, .function = text_cell, .stub_end = "\n",
};

void report_text_multi(FILE *out, const char *image, const struct results *const *res,
		       unsigned int n, const struct report_style *st)
{
	for (unsigned int k = 0; k < n; k++) {
		fprintf(out, "%s== %s\n", k ? "\n" : "", res[k]->info.name);
		report_text(out, res[k], st);
	}
	fprintf(out, "\nconformance matrix of %s\n  %-18s %-10s", image, "stub", "role");
	for (int fn = 0; fn < FN_COUNT; fn++)
		fprintf(out, " %-16s", function_name((enum hyp_function)fn));
	fputc('\n', out);
	report_walk(out, res, n, &text_rows, NULL);
	fprintf(out, "\nverdict: %s (%u stub%s)\n", report_pass(res, n) ? "PASS" : "FAIL", n,
		n == 1 ? "" : "s");
}

static void json_row(const struct report_at *at)
{
	fprintf(at->out, "%s    { \"stub\": ", at->stub ? ",\n" : "\n");
	report_json_string(at->out, at->res->info.selector);
	fprintf(at->out, ", \"role\": \"%s\"", at->res->info.role);
}

static void json_cell(const struct report_at *at)
{
	const struct report_function *f = &at->f;

	fprintf(at->out, ", \"%s\": { \"verdict\": \"%s\", \"rules\": [", function_name(f->fn),
		f->cell == V_NOT_APPLICABLE ? "not-judged" : verdict_name(f->cell));
	for (const char *r = f->failed; *r;) {
		size_t l = strcspn(r, ",");

		fprintf(at->out, "%s\"%.*s\"", r == f->failed ? "" : ", ", (int)l, r);
		r += l + (r[l] == ',');
	}
	fputs("] }", at->out);
}

static const struct report_visitor json_rows = {
	.visit = VISIT_FUNCTIONS, .stub = json_row, .function = json_cell, .stub_end = " }",
};

void report_json_multi(FILE *out, const char *image, const struct results *const *res,
		       unsigned int n)
{
	fprintf(out, "{\n  \"tool\": \"hypabi\", \"version\": \"%s\",\n  \"image\": ",
		HYPABI_VERSION);
	report_json_string(out, image);
	fprintf(out, ",\n  \"verdict\": \"%s\",\n  \"stubs\": [", report_pass(res, n) ? "pass"
											 : "fail");
	for (unsigned int k = 0; k < n; k++) {
		fputs(k ? ",\n" : "\n", out);
		report_json(out, res[k]);
	}
	fputs("\n  ],\n  \"matrix\": [", out);
	report_walk(out, res, n, &json_rows, NULL);
	fputs("\n  ]\n}\n", out);
}

int report_no_stubs(FILE *out, const char *image)
{
	fprintf(out, "no HYP stub vector table found in '%s' (see 'hypabi scan')\n", image);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

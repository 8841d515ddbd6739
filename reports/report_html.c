/*
 * --format html: one self-contained page (no scripts, no external assets):
 * the conformance matrix coloured by verdict, then for each failure its
 * details, how to reproduce it and the instruction trace of the call.
 */
#include <inttypes.h>
#include <string.h>

#include "report_writer.h"

static const char *css_class(enum verdict v)
{
	switch (v) {
	case V_PASS:	     return "pass";
	case V_FAIL:	     return "fail";
	case V_WAIVED:	     return "waived";
	case V_NOT_REACHED:  return "nr";
	default:	     return "na";
	}
}

static void matrix_row(const struct report_at *at)
{
	const struct run_info *in = &at->res->info;
	const char *base = strrchr(in->name, '/');

	fputs("<tr><td class=\"stub\">", at->out);
	report_html_text(at->out, in->selector[0] ? in->selector : base ? base + 1 : in->name);
	fprintf(at->out, "</td><td>%s</td><td>%s</td>", in->arch, in->role);
}

static void matrix_cell(const struct report_at *at)
{
	const struct report_function *f = &at->f;
	FILE *out = at->out;

	fprintf(out, "<td class=\"cell %s\">%s", css_class(f->cell),
		f->cell == V_NOT_APPLICABLE ? "&ndash;" : verdict_name(f->cell));
	if (f->failed[0]) {
		fputs("<br><small>", out);
		report_html_text(out, f->failed);
		fputs("</small>", out);
	}
	fputs("</td>", out);
}

static const struct report_visitor matrix_rows = {
	.visit = VISIT_FUNCTIONS, .stub = matrix_row, .function = matrix_cell,
	.stub_end = "</tr>\n",
};

static void matrix(FILE *out, const struct results *const *res, unsigned int n)
{
	fputs("<table class=\"matrix\">\n<tr><th>stub</th><th>arch</th><th>role</th>", out);
	for (int fn = 0; fn < FN_COUNT; fn++)
		fprintf(out, "<th>%s</th>", function_name((enum hyp_function)fn));
	fputs("</tr>\n", out);
	report_walk(out, res, n, &matrix_rows, NULL);
	fputs("</table>\n", out);
}

static void section(const struct report_at *at)
{
	const struct results *res = at->res;
	const struct run_info *in = &res->info;

	fputs("<section class=\"stub\"><h2>", at->out);
	report_html_text(at->out, in->name);
	fprintf(at->out, " <span class=\"%s\">%s</span></h2>\n<p>%s on %s, profile %s, role %s, "
		"vectors 0x%" PRIx64 ", seed %" PRIu64 ", %" PRIu64 " calls</p>\n",
		results_pass(res) ? "pass" : "fail", results_pass(res) ? "PASS" : "FAIL",
		in->arch, in->cpu, in->profile, in->role, in->vectors, in->seed, res->calls);
}

/* A <dt> and its <dd>. */
static void item(FILE *out, const char *term, const char *text)
{
	fprintf(out, "<dt>%s</dt><dd>", term);
	report_html_text(out, text);
	fputs("</dd>", out);
}

static void failure(const struct report_at *at)
{
	const struct rule_result *rr = at->r.rr;
	FILE *out = at->out;

	fprintf(out, "<details class=\"failure %s\"%s><summary><code>%s</code> %s: "
		"%u of %u calls</summary>\n<dl>", css_class(rr->status),
		rr->status == V_FAIL ? " open" : "", at->r.rule->id, function_name(at->f.fn),
		rr->fail, at->r.calls);
	item(out, "expected", rr->expected);
	item(out, "actual", rr->actual);
	item(out, "first case", rr->first_case);
	if (rr->waiver)
		item(out, "waived", rr->waiver);
	fputs("<dt>reproduce</dt><dd><code>", out);
	report_html_text(out, at->r.repro);
	fputs("</code></dd></dl>\n", out);
	if (at->r.trace) {
		fputs("<pre class=\"trace\">", out);
		report_html_text(out, at->r.trace);
		fputs("</pre>\n", out);
	}
	fputs("</details>\n", out);
}

/* Coverage: blocks and edges per function and in all, then the code, line by line, like lcov's. */
static void cover_count_row(FILE *out, const char *cls, const char *name,
			    const struct coverage_count *n)
{
	fprintf(out, "<tr class=\"%s\"><td>%s</td><td>%u/%u</td><td>%u/%u</td></tr>\n", cls, name,
		n->blocks_covered, n->blocks, n->edges_covered, n->edges);
}

static void cover_function(const struct report_at *at)
{
	cover_count_row(at->out, "function", function_name(at->f.fn), &at->f.cov.n);
}

static const struct report_visitor cover_rows = { .visit = VISIT_JUDGED, .function = cover_function };

static void cover_table(const struct report_at *at)
{
	const struct run_info *in = &at->res->info;
	FILE *out = at->out;

	fprintf(out, "<h3>Coverage: %u%% of the blocks reachable from 0x%" PRIx64 "</h3>\n",
		at->cov.percent, at->map->entry);
	if (at->cov.by_design) {
		fprintf(out, "<p class=\"by-design\">unreachable by design: %u (", at->cov.by_design);
		report_html_text(out, at->cov.why);
		fputs(")</p>\n", out);
	}
	fputs("<table class=\"coverage\">\n<tr><th>function</th><th>blocks run</th>"
	      "<th>edges taken</th></tr>\n", out);
	report_walk(out, &at->res, 1, &cover_rows, NULL);
	cover_count_row(out, "all", "all", &at->cov.n);
	fputs("</table>\n", out);
	if (in->below_min_coverage)
		fprintf(out, "<p class=\"fail\">below --min-coverage %u%%</p>\n", in->min_coverage);
	fputs("<table class=\"disasm\">\n<tr><th>address</th><th>run by</th><th>instruction</th>"
	      "</tr>\n", out);
}

static void cover_block(const struct report_at *at)
{
	const struct report_block *k = &at->blk;
	FILE *out = at->out;

	for (unsigned int i = 0; i < k->b->n; i++) {
		fprintf(out, "<tr class=\"%s%s\"><td class=\"addr\">0x%" PRIx64 "</td><td class=\"by\">",
			k->run ? "run" : k->why ? "unrun by-design" : "unrun", i == 0 ? " block" : "",
			k->insns[i].addr);
		if (i == 0)
			report_html_text(out, k->run ? k->fns : "never run");
		if (i == 0 && k->why) {
			fputs("<br>unreachable by design: ", out);
			report_html_text(out, k->why);
		}
		fputs("</td><td><code>", out);
		report_html_text(out, k->insns[i].text);
		fputs("</code></td></tr>\n", out);
	}
}

static void cover_step(const struct report_at *at)
{
	if (at->step_index == 0)
		fputs("</table>\n<table class=\"explore\">\n<tr><th>calls (--explore)</th>"
		      "<th>blocks run</th><th>edges taken</th></tr>\n", at->out);
	fprintf(at->out, "<tr><td>%" PRIu64 "</td><td>%u</td><td>%u</td></tr>\n", at->step->calls,
		at->step->blocks, at->step->edges);
}

/* The last table opened: the code's, or --explore's. */
static void cover_end(const struct report_at *at)
{
	fputs("</table>\n", at->out);
}

static const struct report_visitor sections = {
	.visit = VISIT_FAILURES, .stub = section, .rule = failure, .coverage = cover_table,
	.blocks = BLOCKS_ALL, .block = cover_block, .step = cover_step,
	.coverage_end = cover_end, .stub_end = "</section>\n",
};

int report_html(FILE *out, const char *title, const struct results *const *res, unsigned int n)
{
	bool pass = report_pass(res, n);

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>hypabi: ",
	      out);
	report_html_text(out, title);
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:2em;color:#222}\n"
	      "table.matrix{border-collapse:collapse;margin:1em 0}\n"
	      "table.matrix th,table.matrix td{border:1px solid #999;padding:.4em .8em;"
	      "text-align:left;vertical-align:top}\n"
	      "td.pass,span.pass{background:#d4f7d4}td.fail,span.fail{background:#f9c6c6}\n"
	      "td.waived{background:#fdf1c2}td.nr{background:#e6e6e6}td.na{color:#888}\n"
	      "span.pass,span.fail{padding:0 .4em;border-radius:3px;font-size:.8em}\n"
	      "details.failure{border-left:4px solid #d33;margin:.8em 0;padding:.2em .8em}\n"
	      "details.waived{border-left-color:#db3}\n"
	      "dl{display:grid;grid-template-columns:8em auto;gap:.2em .8em}dd{margin:0}\n"
	      "pre.trace{background:#f4f4f4;padding:.6em;overflow-x:auto;font-size:.85em}\n"
	      "table.coverage,table.explore{border-collapse:collapse;margin:.6em 0}\n"
	      "table.coverage td,table.coverage th,table.explore td,table.explore th"
	      "{border:1px solid #bbb;padding:.2em .6em;text-align:left}\n"
	      "tr.all{font-weight:bold}p.fail{background:#f9c6c6;padding:.3em}\n"
	      "table.disasm{border-collapse:collapse;font-size:.85em;margin:.6em 0}\n"
	      "table.disasm td{padding:0 .8em;font-family:monospace}\n"
	      "tr.run{background:#dcf5dc}tr.unrun{background:#f9d0d0}tr.by-design{background:#e8e8e8}"
	      "tr.block td{border-top:1px solid #999}td.by{color:#555}\n"
	      "</style></head><body>\n<h1>hypabi ", out);
	fprintf(out, "%s: <span class=\"%s\">%s</span></h1>\n<p>", HYPABI_VERSION,
		pass ? "pass" : "fail", pass ? "PASS" : "FAIL");
	report_html_text(out, title);
	fputs("</p>\n", out);
	matrix(out, res, n);
	report_walk(out, res, n, &sections, NULL);
	fputs("</body></html>\n", out);
	return 0;
}

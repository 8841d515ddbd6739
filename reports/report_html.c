/*
 * --format html: one self-contained page (no scripts, no external assets):
 * the conformance matrix coloured by verdict, then for each failure its
 * details, how to reproduce it and the instruction trace of the call.
 */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "report.h"

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

static void matrix(FILE *out, const struct results *const *res, unsigned int n)
{
	fputs("<table class=\"matrix\">\n<tr><th>stub</th><th>arch</th><th>role</th>", out);
	for (int fn = 0; fn < FN_COUNT; fn++)
		fprintf(out, "<th>%s</th>", function_name((enum hyp_function)fn));
	fputs("</tr>\n", out);
	for (unsigned int k = 0; k < n; k++) {
		const char *base = strrchr(res[k]->info.name, '/');

		fputs("<tr><td class=\"stub\">", out);
		report_html_text(out, res[k]->info.selector[0] ? res[k]->info.selector
							: base ? base + 1 : res[k]->info.name);
		fprintf(out, "</td><td>%s</td><td>%s</td>", res[k]->info.arch, res[k]->info.role);
		for (int fn = 0; fn < FN_COUNT; fn++) {
			char failed[256];
			enum verdict v = report_cell(res[k], (enum hyp_function)fn, failed,
						     sizeof(failed));

			fprintf(out, "<td class=\"cell %s\">%s", css_class(v),
				v == V_NOT_APPLICABLE ? "&ndash;" : verdict_name(v));
			if (failed[0]) {
				fputs("<br><small>", out);
				report_html_text(out, failed);
				fputs("</small>", out);
			}
			fputs("</td>", out);
		}
		fputs("</tr>\n", out);
	}
	fputs("</table>\n", out);
}

static void details(FILE *out, const struct results *res)
{
	const struct run_info *in = &res->info;

	fputs("<section class=\"stub\"><h2>", out);
	report_html_text(out, in->name);
	fprintf(out, " <span class=\"%s\">%s</span></h2>\n<p>%s, profile %s, role %s, vectors "
		"0x%" PRIx64 ", seed %" PRIu64 ", %" PRIu64 " calls</p>\n",
		results_pass(res) ? "pass" : "fail", results_pass(res) ? "PASS" : "FAIL",
		in->arch, in->profile, in->role, in->vectors, in->seed, res->calls);
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			const struct rule_result *rr = &res->r[fn][i];
			char repro[1024];

			if (rr->status != V_FAIL && rr->status != V_WAIVED)
				continue;
			results_repro(res, (enum hyp_function)fn, rr, repro, sizeof(repro));
			fprintf(out, "<details class=\"failure %s\"%s><summary><code>%s</code> %s: "
				"%u of %u calls</summary>\n<dl><dt>expected</dt><dd>",
				css_class(rr->status), rr->status == V_FAIL ? " open" : "",
				rules[i].id, function_name((enum hyp_function)fn), rr->fail,
				rr->pass + rr->fail + rr->not_reached);
			report_html_text(out, rr->expected);
			fputs("</dd><dt>actual</dt><dd>", out);
			report_html_text(out, rr->actual);
			fputs("</dd><dt>first case</dt><dd>", out);
			report_html_text(out, rr->first_case);
			if (rr->waiver) {
				fputs("</dd><dt>waived</dt><dd>", out);
				report_html_text(out, rr->waiver);
			}
			fputs("</dd><dt>reproduce</dt><dd><code>", out);
			report_html_text(out, repro);
			fputs("</code></dd></dl>\n", out);
			if (rr->trace) {
				fputs("<pre class=\"trace\">", out);
				report_html_text(out, rr->trace);
				fputs("</pre>\n", out);
			}
			fputs("</details>\n", out);
		}
	}
	fputs("</section>\n", out);
}

int report_html(FILE *out, const char *title, const struct results *const *res, unsigned int n)
{
	bool pass = true;

	for (unsigned int k = 0; k < n; k++)
		pass &= results_pass(res[k]);
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
	      "</style></head><body>\n<h1>hypabi ", out);
	fprintf(out, "%s: <span class=\"%s\">%s</span></h1>\n<p>", HYPABI_VERSION,
		pass ? "pass" : "fail", pass ? "PASS" : "FAIL");
	report_html_text(out, title);
	fputs("</p>\n", out);
	matrix(out, res, n);
	for (unsigned int k = 0; k < n; k++)
		details(out, res[k]);
	fputs("</body></html>\n", out);
	return 0;
}

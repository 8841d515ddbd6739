/*
 * Several stubs in one run (check --scan): each stub's own report, then
 * the conformance matrix: one row per stub, one column per function, each
 * cell the verdict and the rules that failed.
 */
#include <inttypes.h>
#include <string.h>

#include "escape.h"
#include "report.h"

enum verdict report_cell(const struct results *res, enum hyp_function fn, char *rules_out,
			 size_t len)
{
	bool pass = false, fail = false, waived = false, reached = false;
	size_t used = 0;

	rules_out[0] = '\0';
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *rr = &res->r[fn][i];

		switch (rr->status) {
		case V_FAIL:
		case V_WAIVED:
			if (rr->status == V_FAIL)
				fail = true;
			else
				waived = true;
			if (used < len)
				used += (size_t)snprintf(rules_out + used, len - used, "%s%s",
							 used ? "," : "", rules[i].id);
			break;
		case V_PASS:
			pass = true;
			break;
		case V_NOT_REACHED:
			reached = true;
			break;
		default:
			break;
		}
	}
	if (fail)
		return V_FAIL;
	if (waived)
		return V_WAIVED;
	if (pass)
		return V_PASS;
	return reached ? V_NOT_REACHED : V_NOT_APPLICABLE;
}

static void text_matrix(FILE *out, const char *image, const struct results *const *res,
			unsigned int n)
{
	fprintf(out, "\nconformance matrix of %s\n  %-18s %-10s", image, "stub", "role");
	for (int fn = 0; fn < FN_COUNT; fn++)
		fprintf(out, " %-16s", function_name((enum hyp_function)fn));
	fputc('\n', out);
	for (unsigned int k = 0; k < n; k++) {
		fprintf(out, "  %-18s %-10s", res[k]->info.selector, res[k]->info.role);
		for (int fn = 0; fn < FN_COUNT; fn++) {
			char failed[256], cell[300];
			enum verdict v = report_cell(res[k], (enum hyp_function)fn, failed,
						     sizeof(failed));

			if (v == V_FAIL || v == V_WAIVED)
				snprintf(cell, sizeof(cell), "%s: %s", verdict_name(v), failed);
			else
				snprintf(cell, sizeof(cell), "%s",
					 v == V_NOT_APPLICABLE ? "-" : verdict_name(v));
			fprintf(out, " %-16s", cell);
		}
		fputc('\n', out);
	}
}

static bool all_pass(const struct results *const *res, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++)
		if (!results_pass(res[k]))
			return false;
	return true;
}

int report_write_multi(FILE *out, enum report_format f, const char *image,
		       const struct results *const *res, unsigned int n,
		       const struct report_style *st)
{
	if (f == FORMAT_HTML) {
		report_html(out, image, res, n);
	} else if (f == FORMAT_JUNIT) {
		report_junit(out, res, n);
	} else if (f == FORMAT_MD) {
		report_md(out, res, n, true);
	} else if (f == FORMAT_JSON) {
		fprintf(out, "{\n  \"tool\": \"hypabi\", \"version\": \"%s\",\n  \"image\": ",
			HYPABI_VERSION);
		report_json_string(out, image);
		fprintf(out, ",\n  \"verdict\": \"%s\",\n  \"stubs\": [", all_pass(res, n) ? "pass"
											: "fail");
		for (unsigned int k = 0; k < n; k++) {
			fputs(k ? ",\n" : "\n", out);
			report_json(out, res[k]);
		}
		fputs("\n  ],\n  \"matrix\": [", out);
		for (unsigned int k = 0; k < n; k++) {
			fprintf(out, "%s    { \"stub\": ", k ? ",\n" : "\n");
			report_json_string(out, res[k]->info.selector);
			fprintf(out, ", \"role\": \"%s\"", res[k]->info.role);
			for (int fn = 0; fn < FN_COUNT; fn++) {
				char failed[256];
				enum verdict v = report_cell(res[k], (enum hyp_function)fn, failed,
							     sizeof(failed));

				fprintf(out, ", \"%s\": { \"verdict\": \"%s\", \"rules\": [",
					function_name((enum hyp_function)fn),
					v == V_NOT_APPLICABLE ? "not-judged" : verdict_name(v));
				for (char *r = failed; *r;) {
					size_t l = strcspn(r, ",");

					fprintf(out, "%s\"%.*s\"", r == failed ? "" : ", ", (int)l, r);
					r += l + (r[l] == ',');
				}
				fputs("] }", out);
			}
			fputs(" }", out);
		}
		fputs("\n  ]\n}\n", out);
	} else {
		for (unsigned int k = 0; k < n; k++) {
			fprintf(out, "%s== %s\n", k ? "\n" : "", res[k]->info.name);
			report_text(out, res[k], st);
		}
		text_matrix(out, image, res, n);
		fprintf(out, "\nverdict: %s (%u stub%s)\n", all_pass(res, n) ? "PASS" : "FAIL", n,
			n == 1 ? "" : "s");
	}
	if (fflush(out) != 0 || ferror(out))
		return -1;
	return 0;
}

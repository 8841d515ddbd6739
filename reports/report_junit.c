/*
 * --format junit: one <testsuite> per stub, one <testcase> per (function,
 * rule) judged; <failure> with expected and actual, <skipped> for
 * not-reached and waived. The shape reports/junit.xsd describes, which
 * GitLab's, Jenkins' and GitHub's JUnit readers accept.
 */
#include <inttypes.h>

#include "escape.h"
#include "report.h"

static unsigned int count(const struct results *res, enum verdict v)
{
	unsigned int n = 0;

	for (int fn = 0; fn < FN_COUNT; fn++)
		for (int i = 0; i < RULE_COUNT; i++)
			n += res->r[fn][i].status == v;
	return n;
}

static void suite(FILE *out, const struct results *res)
{
	const struct run_info *in = &res->info;
	unsigned int fail = count(res, V_FAIL);
	unsigned int skipped = count(res, V_NOT_REACHED) + count(res, V_WAIVED);
	unsigned int tests = fail + skipped + count(res, V_PASS);

	fputs("  <testsuite name=\"", out);
	report_xml_text(out, in->name);
	fprintf(out, " (%s, %s, %s)\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"%u\">\n",
		in->arch, in->profile, in->role, tests, fail, skipped);
	fprintf(out, "    <properties>\n"
		"      <property name=\"seed\" value=\"%" PRIu64 "\"/>\n"
		"      <property name=\"vectors\" value=\"0x%" PRIx64 "\"/>\n"
		"      <property name=\"calls\" value=\"%" PRIu64 "\"/>\n"
		"    </properties>\n", in->seed, in->vectors, res->calls);
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (int i = 0; i < RULE_COUNT; i++) {
			const struct rule_result *rr = &res->r[fn][i];

			if (rr->status == V_NOT_APPLICABLE)
				continue;
			fprintf(out, "    <testcase classname=\"hypabi.%s.%s\" name=\"%s\">",
				in->arch, function_name((enum hyp_function)fn), rules[i].id);
			switch (rr->status) {
			case V_FAIL:
				fputs("\n      <failure type=\"", out);
				report_xml_text(out, rules[i].id);
				fputs("\" message=\"expected ", out);
				report_xml_text(out, rr->expected);
				fputs("; actual ", out);
				report_xml_text(out, rr->actual);
				fprintf(out, "\">%u of %u calls failed; first: case ", rr->fail,
					rr->pass + rr->fail + rr->not_reached);
				report_xml_text(out, rr->first_case);
				fprintf(out, ", seed %" PRIu64 "\n", in->seed);
				report_xml_text(out, rules[i].what);
				{
					char repro[1024];

					results_repro(res, (enum hyp_function)fn, rr, repro,
						      sizeof(repro));
					fputs("\nreproduce: ", out);
					report_xml_text(out, repro);
					if (rr->trace) {
						fputs("\ntrace of that call:\n", out);
						report_xml_text(out, rr->trace);
					}
				}
				fputs("</failure>\n    ", out);
				break;
			case V_WAIVED:
				fputs("\n      <skipped message=\"waived: ", out);
				report_xml_text(out, rr->waiver);
				fputs("\"/>\n    ", out);
				break;
			case V_NOT_REACHED:
				fputs("\n      <skipped message=\"not reached", out);
				if (rr->actual[0]) {
					fputs(": ", out);
					report_xml_text(out, rr->actual);
				}
				fputs("\"/>\n    ", out);
				break;
			default:
				break;
			}
			fputs("</testcase>\n", out);
		}
	}
	fputs("  </testsuite>\n", out);
}

int report_junit(FILE *out, const struct results *const *res, unsigned int n)
{
	unsigned int tests = 0, fail = 0, skipped = 0;

	for (unsigned int k = 0; k < n; k++) {
		fail += count(res[k], V_FAIL);
		skipped += count(res[k], V_NOT_REACHED) + count(res[k], V_WAIVED);
		tests += count(res[k], V_FAIL) + count(res[k], V_NOT_REACHED) +
			 count(res[k], V_WAIVED) + count(res[k], V_PASS);
	}
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"hypabi\" tests=\"%u\" failures=\"%u\" errors=\"0\" "
		"skipped=\"%u\">\n", tests, fail, skipped);
	for (unsigned int k = 0; k < n; k++)
		suite(out, res[k]);
	fputs("</testsuites>\n", out);
	return 0;
}

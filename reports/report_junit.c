/*
 * --format junit: one <testsuite> per stub, one <testcase> per (function,
 * rule) judged; <failure> with expected and actual, <skipped> for
 * not-reached and waived. The shape reports/junit.xsd describes, which
 * GitLab's, Jenkins' and GitHub's JUnit readers accept.
 */
#include <inttypes.h>

#include "report_writer.h"

/* tests, failures and skipped (not reached or waived) of n stubs; and --min-coverage, a test each. */
static void counts(FILE *out, const struct results *const *res, unsigned int n)
{
	struct summary s = report_summary(res, n);
	unsigned int skipped = s.not_reached + s.waived;

	for (unsigned int k = 0; k < n; k++) {
		s.pass += res[k]->info.min_coverage && !res[k]->info.below_min_coverage;
		s.fail += res[k]->info.below_min_coverage;
	}
	fprintf(out, "tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"%u\"",
		s.pass + s.fail + skipped, s.fail, skipped);
}

static const struct report_visitor cover_properties;

static void suite(const struct report_at *at)
{
	const struct run_info *in = &at->res->info;
	FILE *out = at->out;

	fputs("  <testsuite name=\"", out);
	report_xml_text(out, in->name);
	fprintf(out, " (%s, %s, %s)\" ", in->arch, in->profile, in->role);
	counts(out, &at->res, 1);
	fprintf(out, ">\n    <properties>\n"
		"      <property name=\"seed\" value=\"%" PRIu64 "\"/>\n"
		"      <property name=\"vectors\" value=\"0x%" PRIx64 "\"/>\n"
		"      <property name=\"calls\" value=\"%" PRIu64 "\"/>\n", in->seed, in->vectors,
		at->res->calls);
	if (at->res->coverage)
		report_walk(out, &at->res, 1, &cover_properties, NULL);
	else
		fputs("    </properties>\n", out);
}

/* Coverage, as properties: coverage.FUNCTION, coverage (all together), coverage.unrun ... */
static void cover_property(FILE *out, const char *name, const struct coverage_count *n)
{
	fprintf(out, "      <property name=\"coverage%s%s\" value=\"%u/%u blocks, %u/%u edges\"/>\n",
		name[0] ? "." : "", name, n->blocks_covered, n->blocks, n->edges_covered, n->edges);
}

static void cover_function(const struct report_at *at)
{
	cover_property(at->out, function_name(at->f.fn), &at->f.cov.n);
}

static void cover_totals(const struct report_at *at)
{
	const struct run_info *in = &at->res->info;

	cover_property(at->out, "", &at->cov.n);
	if (at->cov.by_design) {
		fprintf(at->out, "      <property name=\"coverage.by_design\" value=\"%u: ",
			at->cov.by_design);
		report_xml_text(at->out, at->cov.why);
		fputs("\"/>\n", at->out);
	}
	if (in->min_coverage || in->below_min_coverage)
		fprintf(at->out, "      <property name=\"coverage.min\" value=\"%u%%%s\"/>\n",
			in->min_coverage, in->below_min_coverage ? ", not reached: fail" : "");
}

static void cover_block(const struct report_at *at)
{
	fprintf(at->out, "      <property name=\"coverage.unrun.0x%" PRIx64 "\" value=\"",
		at->blk.b->start);
	for (unsigned int i = 0; i < at->blk.b->n; i++) {
		fputs(i ? "; " : "", at->out);
		report_xml_text(at->out, at->blk.insns[i].text);
	}
	if (at->blk.why) {
		fputs(" (unreachable by design: ", at->out);
		report_xml_text(at->out, at->blk.why);
		fputc(')', at->out);
	}
	fputs("\"/>\n", at->out);
}

static void cover_step(const struct report_at *at)
{
	fprintf(at->out, "      <property name=\"coverage.explore.%u\" value=\"%" PRIu64
		" calls: %u blocks, %u edges\"/>\n", at->step_index, at->step->calls,
		at->step->blocks, at->step->edges);
}

static void failure(FILE *out, const struct report_at *at)
{
	const struct rule_result *rr = at->r.rr;

	fputs("\n      <failure type=\"", out);
	report_xml_text(out, at->r.rule->id);
	fputs("\" message=\"expected ", out);
	report_xml_text(out, rr->expected);
	fputs("; actual ", out);
	report_xml_text(out, rr->actual);
	fprintf(out, "\">%u of %u calls failed; first: case ", rr->fail, at->r.calls);
	report_xml_text(out, rr->first_case);
	fprintf(out, ", seed %" PRIu64 "\n", at->res->info.seed);
	report_xml_text(out, at->r.rule->what);
	fputs("\nreproduce: ", out);
	report_xml_text(out, at->r.repro);
	if (at->r.trace) {
		fputs("\ntrace of that call:\n", out);
		report_xml_text(out, at->r.trace);
	}
	fputs("</failure>\n    ", out);
}

/* Waived or not reached: why, if known. */
static void skipped(FILE *out, const char *what, const char *why)
{
	fprintf(out, "\n      <skipped message=\"%s", what);
	if (why[0]) {
		fputs(": ", out);
		report_xml_text(out, why);
	}
	fputs("\"/>\n    ", out);
}

static void testcase(const struct report_at *at)
{
	const struct rule_result *rr = at->r.rr;
	FILE *out = at->out;

	fprintf(out, "    <testcase classname=\"hypabi.%s.%s\" name=\"%s\">", at->res->info.arch,
		function_name(at->f.fn), at->r.rule->id);
	if (rr->status == V_FAIL)
		failure(out, at);
	else if (rr->status == V_WAIVED)
		skipped(out, "waived", rr->waiver);
	else if (rr->status == V_NOT_REACHED)
		skipped(out, "not reached", rr->actual);
	fputs("</testcase>\n", out);
}

/* --min-coverage, a test case of its own after the rules'. */
static void min_coverage(const struct report_at *at)
{
	const struct run_info *in = &at->res->info;

	if (!in->min_coverage)
		return;
	fprintf(at->out, "    <testcase classname=\"hypabi.%s.coverage\" name=\"min-coverage\">",
		in->arch);
	if (in->below_min_coverage)
		fprintf(at->out, "\n      <failure type=\"min-coverage\" message=\"expected %u%% of the "
			"blocks run; actual %u%% (%u of %u)\"/>\n    ", in->min_coverage,
			at->cov.percent, at->cov.n.blocks_covered, at->cov.n.blocks);
	fputs("</testcase>\n", at->out);
}

static const struct report_visitor suites = {
	.visit = VISIT_JUDGED, .stub = suite, .rule = testcase, .coverage = min_coverage,
	.stub_end = "  </testsuite>\n",
};
/* A stub's coverage properties, before its test cases. */
static const struct report_visitor cover_properties = {
	.visit = VISIT_JUDGED, .function = cover_function, .coverage = cover_totals,
	.blocks = BLOCKS_UNRUN, .block = cover_block, .step = cover_step,
	.stub_end = "    </properties>\n",
};

int report_junit(FILE *out, const struct results *const *res, unsigned int n)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hypabi\" ", out);
	counts(out, res, n);
	fputs(">\n", out);
	report_walk(out, res, n, &suites, NULL);
	fputs("</testsuites>\n", out);
	return 0;
}

/*
 * The terminal report: one table per function, a row for each rule that
 * did not pass (every rule with -v), expected vs actual, how to reproduce
 * the failing call and its trace. Colour when the style asks for it.
 */
#include <inttypes.h>
#include <string.h>

#include "report.h"

#define SGR_RED		"\033[1;31m"
#define SGR_GREEN	"\033[32m"
#define SGR_YELLOW	"\033[33m"
#define SGR_DIM		"\033[2m"
#define SGR_RESET	"\033[0m"

static const char *status_colour(enum verdict v)
{
	switch (v) {
	case V_FAIL:	return SGR_RED;
	case V_PASS:	return SGR_GREEN;
	case V_WAIVED:	return SGR_YELLOW;
	default:	return SGR_DIM;
	}
}

/* "FAIL", "pass" ... padded to width, coloured when asked. */
static void status(FILE *out, enum verdict v, int width, const struct report_style *st)
{
	const char *word = v == V_FAIL ? "FAIL" : verdict_name(v);

	if (st->colour)
		fprintf(out, "%s%-*s%s", status_colour(v), width, word, SGR_RESET);
	else
		fprintf(out, "%-*s", width, word);
}

static void function_table(FILE *out, const struct results *res, enum hyp_function fn,
			   const struct report_style *st)
{
	unsigned int calls = 0, passed = 0, shown = 0;

	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *rr = &res->r[fn][i];
		unsigned int n = rr->pass + rr->fail + rr->not_reached;

		if (n > calls)
			calls = n;
	}
	if (calls == 0)
		return;
	for (int i = 0; i < RULE_COUNT; i++)
		passed += res->r[fn][i].status == V_PASS;
	fprintf(out, "\n%s (%u calls)\n", function_name(fn), calls);
	for (int i = 0; i < RULE_COUNT; i++) {
		const struct rule_result *rr = &res->r[fn][i];

		if (rr->status == V_NOT_APPLICABLE || (rr->status == V_PASS && !st->verbose))
			continue;
		if (shown++ == 0)
			fprintf(out, "  %-24s %-12s %7s %7s %7s\n", "rule", "status", "pass", "fail",
				"n/r");
		fprintf(out, "  %-24s ", rules[i].id);
		status(out, rr->status, 12, st);
		fprintf(out, " %7u %7u %7u\n", rr->pass, rr->fail, rr->not_reached);
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
	if (!st->verbose && passed)
		fprintf(out, "  %s%u rule%s pass%s%s\n", shown ? "and the other " : "all ", passed,
			passed == 1 ? "" : "s", passed == 1 ? "es" : "",
			shown ? "" : " (-v lists them)");
}

int report_text(FILE *out, const struct results *res, const struct report_style *st)
{
	const struct run_info *in = &res->info;
	struct summary s = results_summary(res);

	fprintf(out, "hypabi %s: %s (%s, profile %s, role %s)\n", HYPABI_VERSION, in->name,
		in->arch, in->profile, in->role);
	fprintf(out, "load 0x%" PRIx64 ", vectors 0x%" PRIx64 ", seed %" PRIu64
		", %u random cases per function, %" PRIu64 " calls\n",
		in->load, in->vectors, in->seed, in->random, res->calls);
	for (int fn = 0; fn < FN_COUNT; fn++)
		function_table(out, res, (enum hyp_function)fn, st);
	fprintf(out, "\nverdict: %s (%u pass, %u fail, %u not-reached, %u waived; seed %" PRIu64
		")\n", results_pass(res) ? "PASS" : "FAIL", s.pass, s.fail, s.not_reached,
		s.waived, in->seed);
	return 0;
}

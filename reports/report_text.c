/*
 * The terminal report: one table per function, a row for each rule that
 * did not pass (every rule with -v), expected vs actual, how to reproduce
 * the failing call and its trace. Colour when the style asks for it.
 */
#include <inttypes.h>
#include <string.h>

#include "report_writer.h"

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

/* The text's options, and how many of a function's rules were listed, and passed. */
struct text_table {
	const struct report_style *st;
	unsigned int shown, passed;
	struct report_function fns[FN_COUNT];	/* the functions judged, for the coverage */
	unsigned int nfns;
};

static void table(const struct report_at *at)
{
	struct text_table *t = at->ctx;

	t->shown = t->passed = 0;
	if (t->nfns < FN_COUNT)
		t->fns[t->nfns++] = at->f;
	fprintf(at->out, "\n%s (%u calls)\n", function_name(at->f.fn), at->f.calls);
}

/* The first failing call, how to make it again, and what it ran. */
static void failure(FILE *out, const struct report_rule *r)
{
	fprintf(out, "      first failure, case %s: expected %s; actual %s\n"
		"      reproduce: %s\n", r->rr->first_case, r->rr->expected, r->rr->actual,
		r->repro);
	if (!r->trace)
		return;
	fputs("      trace of that call:\n", out);
	for (const char *l = r->trace; *l;) {
		size_t n = strcspn(l, "\n");

		fprintf(out, "        | %.*s\n", (int)n, l);
		l += n + (l[n] == '\n');
	}
}

static void row(const struct report_at *at)
{
	struct text_table *t = at->ctx;
	const struct rule_result *rr = at->r.rr;
	FILE *out = at->out;

	t->passed += rr->status == V_PASS;
	if (rr->status == V_PASS && !t->st->verbose)
		return;
	if (t->shown++ == 0)
		fprintf(out, "  %-24s %-12s %7s %7s %7s\n", "rule", "status", "pass", "fail", "n/r");
	fprintf(out, "  %-24s ", at->r.rule->id);
	status(out, rr->status, 12, t->st);
	fprintf(out, " %7u %7u %7u\n", rr->pass, rr->fail, rr->not_reached);
	if (at->r.repro)
		failure(out, &at->r);
	if (rr->status == V_WAIVED)
		fprintf(out, "      waived: %s\n", rr->waiver);
	if (rr->status == V_NOT_REACHED && rr->actual[0])
		fprintf(out, "      not reached: %s\n", rr->actual);
}

/* Unless -v listed them: how many rules passed. */
static void table_end(const struct report_at *at)
{
	const struct text_table *t = at->ctx;
	unsigned int passed = t->passed;

	if (!t->st->verbose && passed)
		fprintf(at->out, "  %s%u rule%s pass%s%s\n", t->shown ? "and the other " : "all ",
			passed, passed == 1 ? "" : "s", passed == 1 ? "es" : "",
			t->shown ? "" : " (-v lists them)");
}

/* The stub's code: how much of it the calls ran, each function's and all together. */
static void coverage(const struct report_at *at)
{
	const struct text_table *t = at->ctx;
	const struct coverage_count *n = &at->cov.n;
	const struct run_info *in = &at->res->info;
	FILE *out = at->out;

	fprintf(out, "\ncoverage: %u of %u blocks (%u%%), %u of %u edges of the code reachable "
		"from 0x%" PRIx64, n->blocks_covered, n->blocks, at->cov.percent,
		n->edges_covered, n->edges, at->map->entry);
	if (at->cov.by_design)
		fprintf(out, "; unreachable by design: %u (%s)", at->cov.by_design, at->cov.why);
	fputc('\n', out);
	for (unsigned int i = 0; i < t->nfns; i++)
		fprintf(out, "  %-24s %4u blocks %4u edges\n", function_name(t->fns[i].fn),
			t->fns[i].cov.n.blocks_covered, t->fns[i].cov.n.edges_covered);
	if (n->outside)
		fprintf(out, "  and %" PRIu64 " runs of code the walk does not reach (indirect "
			"branches)\n", n->outside);
	if (at->map->truncated)
		fprintf(out, "  the walk stopped at %u instructions: more code is reachable\n",
			CODEMAP_MAX_INSNS);
	if (in->below_min_coverage)
		fprintf(out, "  FAIL: below --min-coverage %u%%\n", in->min_coverage);
}

/* A block no call ran, with its disassembly. */
static void unrun(const struct report_at *at)
{
	const struct report_block *k = &at->blk;

	if (k->index == 0)
		fputs("  never run:\n", at->out);
	fprintf(at->out, "    block 0x%" PRIx64 " (%u instruction%s)", k->b->start, k->b->n,
		k->b->n == 1 ? "" : "s");
	if (k->why)
		fprintf(at->out, ": unreachable by design, %s", k->why);
	fputc('\n', at->out);
	for (unsigned int i = 0; i < k->b->n; i++)
		fprintf(at->out, "      0x%08" PRIx64 "  %s\n", k->insns[i].addr, k->insns[i].text);
}

/* --explore: calls made so far, and the blocks and edges run by then. */
static void step(const struct report_at *at)
{
	const struct coverage_step *s = at->step;

	if (at->step_index == 0)
		fprintf(at->out, "  explore: %" PRIu64 " more calls; calls -> blocks, edges run:\n",
			at->res->coverage->explored);
	fprintf(at->out, "    %10" PRIu64 " -> %u, %u\n", s->calls, s->blocks, s->edges);
}

static const struct report_visitor tables = {
	.visit = VISIT_JUDGED, .function = table, .rule = row, .function_end = table_end,
	.coverage = coverage, .blocks = BLOCKS_UNRUN, .block = unrun, .step = step,
};

int report_verdict(FILE *out, const struct results *const *res, unsigned int n)
{
	struct summary s = report_summary(res, n);

	fprintf(out, "verdict: %s (%u pass, %u fail, %u not-reached, %u waived; seed %" PRIu64
		")\n", report_pass(res, n) ? "PASS" : "FAIL", s.pass, s.fail, s.not_reached,
		s.waived, n ? res[0]->info.seed : 0);
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

int report_text(FILE *out, const struct results *res, const struct report_style *st)
{
	const struct run_info *in = &res->info;
	struct text_table t = { .st = st };

	fprintf(out, "hypabi %s: %s (%s on %s, profile %s, role %s)\n", HYPABI_VERSION, in->name,
		in->arch, in->cpu, in->profile, in->role);
	fprintf(out, "load 0x%" PRIx64 ", vectors 0x%" PRIx64 ", seed %" PRIu64
		", %u random cases per function, %" PRIu64 " calls\n",
		in->load, in->vectors, in->seed, in->random, res->calls);
	if (in->profile_why[0])
		fprintf(out, "profile %s: %s\n", in->profile, in->profile_why);
	if (in->kind_why[0])
		fprintf(out, "kind %s\n", in->kind_why);
	if (in->provided[0])
		fprintf(out, "kernel state: %s\n", in->provided);
	report_walk(out, &res, 1, &tables, &t);
	fputc('\n', out);
	report_verdict(out, &res, 1);
	return 0;
}

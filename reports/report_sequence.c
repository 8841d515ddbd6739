/*
 * A sequence's report (check --sequence): its steps as one table, each
 * step with who handled it and its verdict, the rules that failed with
 * what was expected and seen; for a random run, how many were tried and
 * the shrunk sequence with the commands that replay it. In every format;
 * the sequences of one image (check --scan --sequence) as one document.
 */
#include <inttypes.h>
#include <string.h>

#include "report_writer.h"

/* The verdict of a step: fail, pass, not reached (it faulted first), or not run. */
static const char *step_verdict(const struct seq_step_result *s)
{
	if (!s->ran)
		return "not-run";
	if (!s->pass)
		return "fail";
	for (int i = 0; i < RULE_COUNT; i++)
		if (s->j[i].status == V_PASS)
			return "pass";
	return "not-reached";
}

static bool counted(const struct judgement *j)
{
	return j->status != V_NOT_APPLICABLE;
}

static struct summary sequence_summary(const struct seq_result *r)
{
	struct summary s = { 0 };

	for (unsigned int k = 0; k < r->n; k++)
		for (int i = 0; i < RULE_COUNT; i++) {
			enum verdict v = r->step[k].j[i].status;

			s.pass += v == V_PASS;
			s.fail += v == V_FAIL;
			s.not_reached += v == V_NOT_REACHED;
			s.waived += v == V_WAIVED;
		}
	return s;
}

static const char *handler(const struct seq_step_result *s)
{
	static const char *const who[] = { "first", "second", "foreign" };

	return s->ran ? who[s->by] : "-";
}

static int text(FILE *out, const struct seq_result *r, const struct report_style *st)
{
	struct summary s = sequence_summary(r);

	fprintf(out, "hypabi %s: sequence %s\n", HYPABI_VERSION, r->name);
	if (r->what)
		fprintf(out, "  %s\n", r->what);
	fprintf(out, "first:   %s (%s)\n", r->stubs[0], r->kinds[0]);
	if (r->kinds[1])
		fprintf(out, "second:  %s (%s)\n", r->stubs[1], r->kinds[1]);
	fprintf(out, "arch %s, profile %s, seed %" PRIu64 "\n", r->arch, r->profile, r->seed);
	if (r->tried)
		fprintf(out, "random:  %u sequence%s tried%s\n", r->tried, r->tried == 1 ? "" : "s",
			r->pass ? ", every one passed (the last below)" : "");
	if (r->failed_steps)
		fprintf(out, "shrunk:  the failing sequence had %u calls; the shortest that "
			"still fails has %u\n", r->failed_steps, r->n);
	fprintf(out, "\n%-4s %-32s %-8s %-14s %s\n", "step", "call", "by", "kind", "verdict");
	for (unsigned int k = 0; k < r->n; k++) {
		const struct seq_step_result *p = &r->step[k];
		const char *v = step_verdict(p);
		bool red = st->colour && strcmp(v, "fail") == 0;

		fprintf(out, "%-4u %-32s %-8s %-14s %s%s%s\n", k + 1, p->call, handler(p),
			p->ran ? p->by_kind : "-", red ? "\033[31m" : "", v, red ? "\033[0m" : "");
		if (p->handed_back)
			fprintf(out, "       (before it: VBAR held a foreign hypervisor's vectors; "
				"hypabi made its RESET_VECTORS)\n");
		if (p->holds && (st->verbose || !p->pass))
			fprintf(out, "       must hold: %s\n", p->holds);
		for (int i = 0; i < RULE_COUNT; i++) {
			const struct judgement *j = &p->j[i];

			if (j->status != V_FAIL && !(st->verbose && counted(j)))
				continue;
			fprintf(out, "       %-24s %s", rules[i].id, verdict_name(j->status));
			if (j->status == V_FAIL)
				fprintf(out, ": expected %s; actual %s", j->expected, j->actual);
			fputc('\n', out);
		}
	}
	fprintf(out, "\nsteps:   %s\n", r->steps);
	if (r->repro[0])
		fprintf(out, "replay:  %s\ntrace:   %s\n", r->repro, r->trace_repro);
	fprintf(out, "\n%s: %u pass, %u fail, %u not reached\n", r->pass ? "PASS" : "FAIL", s.pass,
		s.fail, s.not_reached);
	return ferror(out) ? -1 : 0;
}

static void jfield(FILE *out, const char *key, const char *val, const char *sep)
{
	report_json_string(out, key);
	fputs(": ", out);
	report_json_string(out, val ? val : "");
	fputs(sep, out);
}

/* The report's shape of DESIGN.md (one result per step and rule), and "sequence" besides. */
static int json(FILE *out, const struct seq_result *r)
{
	struct summary s = sequence_summary(r);
	bool first = true;

	fputs("{\n  ", out);
	jfield(out, "tool", "hypabi", ", ");
	jfield(out, "version", HYPABI_VERSION, ",\n  ");
	jfield(out, "stub", r->stubs[0], ",\n  ");
	jfield(out, "arch", r->arch, ", ");
	jfield(out, "cpu", r->cpu, ", ");
	jfield(out, "profile", r->profile, ", ");
	jfield(out, "role", r->kinds[0], ",\n  ");
	fprintf(out, "\"load\": \"0x%" PRIx64 "\", \"vectors\": \"0x%" PRIx64 "\", \"seed\": %"
		PRIu64 ", \"random\": %u,\n  ", r->load, r->vectors, r->seed, r->tried);
	jfield(out, "verdict", r->pass ? "pass" : "fail", ",\n  ");
	fputs("\"results\": [", out);
	for (unsigned int k = 0; k < r->n; k++)
		for (int i = 0; i < RULE_COUNT; i++) {
			const struct judgement *j = &r->step[k].j[i];
			char name[96];

			if (!counted(j))
				continue;
			snprintf(name, sizeof(name), "step %u: %s", k + 1, r->step[k].call);
			fputs(first ? "\n    { " : ",\n    { ", out);
			first = false;
			jfield(out, "function", function_name(r->step[k].fn), ", ");
			jfield(out, "case", name, ", ");
			jfield(out, "rule", rules[i].id, ", ");
			jfield(out, "severity", rules[i].severity == SEV_REQUIRED ? "required" :
			       "advisory", ", ");
			jfield(out, "status", verdict_name(j->status), ", ");
			jfield(out, "expected", j->expected, ", ");
			jfield(out, "actual", j->actual, ", ");
			fprintf(out, "\"calls\": { \"pass\": %d, \"fail\": %d, \"not-reached\": %d } }",
				j->status == V_PASS, j->status == V_FAIL, j->status == V_NOT_REACHED);
		}
	fprintf(out, "\n  ],\n  \"summary\": { \"pass\": %u, \"fail\": %u, \"not-reached\": %u, "
		"\"waived\": %u, \"calls\": %u },\n  \"sequence\": {\n    ", s.pass, s.fail,
		s.not_reached, s.waived, r->n);
	jfield(out, "name", r->name, ", ");
	jfield(out, "steps", r->steps, ",\n    ");
	if (r->kinds[1]) {
		jfield(out, "second", r->stubs[1], ", ");
		jfield(out, "second_kind", r->kinds[1], ",\n    ");
	}
	if (r->tried)
		fprintf(out, "\"tried\": %u, ", r->tried);
	if (r->failed_steps)
		fprintf(out, "\"failed_length\": %u, ", r->failed_steps);
	if (r->repro[0]) {
		jfield(out, "replay", r->repro, ",\n    ");
		jfield(out, "trace", r->trace_repro, ",\n    ");
	}
	fputs("\"table\": [", out);
	for (unsigned int k = 0; k < r->n; k++) {
		const struct seq_step_result *p = &r->step[k];

		fprintf(out, "%s\n      { \"step\": %u, ", k ? "," : "", k + 1);
		jfield(out, "call", p->call, ", ");
		jfield(out, "function", function_name(p->fn), ", ");
		jfield(out, "by", handler(p), ", ");
		jfield(out, "kind", p->ran ? p->by_kind : "", ", ");
		if (p->holds)
			jfield(out, "holds", p->holds, ", ");
		fprintf(out, "\"handed_back\": %s, ", p->handed_back ? "true" : "false");
		jfield(out, "verdict", step_verdict(p), " }");
	}
	fputs("\n    ]\n  }\n}\n", out);
	return ferror(out) ? -1 : 0;
}

/* A sequence's steps that failed, and those skipped (not run, or nothing reached). */
static void junit_counts(const struct seq_result *r, unsigned int *failures, unsigned int *skipped)
{
	for (unsigned int k = 0; k < r->n; k++) {
		*failures += !r->step[k].pass;
		*skipped += strcmp(step_verdict(&r->step[k]), "not-run") == 0 ||
			    strcmp(step_verdict(&r->step[k]), "not-reached") == 0;
	}
}

/* One sequence: a testsuite, one testcase per step. */
static void junit_suite(FILE *out, const struct seq_result *r)
{
	unsigned int failures = 0, skipped = 0;

	junit_counts(r, &failures, &skipped);
	fputs("  <testsuite name=\"", out);
	report_xml_text(out, "sequence ");
	report_xml_text(out, r->name);
	report_xml_text(out, ": ");
	report_xml_text(out, r->stubs[0]);
	fprintf(out, " (%s, %s)\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"%u\">\n"
		"    <properties>\n      <property name=\"steps\" value=\"", r->arch, r->profile,
		r->n, failures, skipped);
	report_xml_text(out, r->steps);
	fprintf(out, "\"/>\n      <property name=\"seed\" value=\"%" PRIu64 "\"/>\n"
		"    </properties>\n", r->seed);
	for (unsigned int k = 0; k < r->n; k++) {
		const struct seq_step_result *p = &r->step[k];
		const char *v = step_verdict(p);

		fprintf(out, "    <testcase classname=\"hypabi.sequence.");
		report_xml_text(out, r->name);
		fprintf(out, "\" name=\"step %u: ", k + 1);
		report_xml_text(out, p->call);
		fprintf(out, " (%s)\">", handler(p));
		if (!p->pass) {
			for (int i = 0; i < RULE_COUNT; i++) {
				if (p->j[i].status != V_FAIL)
					continue;
				fprintf(out, "\n      <failure type=\"%s\" message=\"expected ", rules[i].id);
				report_xml_text(out, p->j[i].expected);
				fputs("; actual ", out);
				report_xml_text(out, p->j[i].actual);
				fputs("\">", out);
				if (r->repro[0]) {
					fputs("replay: ", out);
					report_xml_text(out, r->repro);
				}
				fputs("</failure>", out);
				break;	/* one failure element a testcase; the rest in the text report */
			}
			fputs("\n    ", out);
		} else if (strcmp(v, "pass") != 0) {
			fprintf(out, "<skipped message=\"%s\"/>", v);
		}
		fputs("</testcase>\n", out);
	}
	fputs("  </testsuite>\n", out);
}

/* Sequences r[0..n): one testsuites, a testsuite each. */
static int junit(FILE *out, const struct seq_result *const *r, unsigned int n)
{
	unsigned int tests = 0, failures = 0, skipped = 0;

	for (unsigned int i = 0; i < n; i++) {
		tests += r[i]->n;
		junit_counts(r[i], &failures, &skipped);
	}
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"hypabi\" "
		"tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"%u\">\n", tests, failures,
		skipped);
	for (unsigned int i = 0; i < n; i++)
		junit_suite(out, r[i]);
	fputs("</testsuites>\n", out);
	return ferror(out) ? -1 : 0;
}

/* Markdown and HTML: the same table, escaped for each (HTML: within the page). */
static void table(FILE *out, const struct seq_result *r, bool html)
{
	void (*esc)(FILE *, const char *) = html ? report_html_text : report_md_text;

	fputs(html ? "<h1>" : "# ", out);
	fputs("Sequence ", out);
	esc(out, r->name);
	fputs(html ? "</h1>\n<p>" : "\n\n", out);
	esc(out, r->stubs[0]);
	if (r->kinds[1]) {
		fputs(", then ", out);
		esc(out, r->stubs[1]);
	}
	fprintf(out, html ? "; %s, profile %s, seed %" PRIu64 ": <b>%s</b>" :
		"; %s, profile %s, seed %" PRIu64 ": **%s**", r->arch, r->profile, r->seed,
		r->pass ? "PASS" : "FAIL");
	fputs(html ? "</p>\n<table>\n<tr><th>step</th><th>call</th><th>by</th><th>kind</th>"
		     "<th>verdict</th><th>failed</th></tr>\n" :
		     "\n\n| step | call | by | kind | verdict | failed |\n|---|---|---|---|---|---|\n",
	      out);
	for (unsigned int k = 0; k < r->n; k++) {
		const struct seq_step_result *p = &r->step[k];
		bool any = false;

		fprintf(out, html ? "<tr><td>%u</td><td>" : "| %u | ", k + 1);
		esc(out, p->call);
		fprintf(out, html ? "</td><td>%s</td><td>%s</td><td>%s</td><td>" : " | %s | %s | %s | ",
			handler(p), p->ran ? p->by_kind : "-", step_verdict(p));
		for (int i = 0; i < RULE_COUNT; i++)
			if (p->j[i].status == V_FAIL) {
				fprintf(out, "%s%s: expected ", any ? "; " : "", rules[i].id);
				esc(out, p->j[i].expected);
				fputs(", actual ", out);
				esc(out, p->j[i].actual);
				any = true;
			}
		fputs(html ? "</td></tr>\n" : " |\n", out);
	}
	if (html)
		fputs("</table>\n", out);
	if (r->repro[0]) {
		fputs(html ? "<p>replay: <code>" : "\nreplay: `", out);
		esc(out, r->repro);
		fputs(html ? "</code></p>\n" : "`\n", out);
	}
}

/* One page of sequences r[0..n), a table each. */
static int html_page(FILE *out, const struct seq_result *const *r, unsigned int n)
{
	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hypabi sequence"
	      "</title></head><body>\n", out);
	for (unsigned int i = 0; i < n; i++)
		table(out, r[i], true);
	fputs("</body></html>\n", out);
	return ferror(out) ? -1 : 0;
}

int report_sequence(FILE *out, enum report_format f, const struct seq_result *r,
		    const struct report_style *st)
{
	switch (f) {
	case FORMAT_JSON:
		return json(out, r);
	case FORMAT_JUNIT:
		return junit(out, &r, 1);
	case FORMAT_MD:
		table(out, r, false);
		return ferror(out) ? -1 : 0;
	case FORMAT_HTML:
		return html_page(out, &r, 1);
	default:
		return text(out, r, st);
	}
}

/*
 * JSON of several sequences: the image, the verdict of all, and each
 * sequence's own report (json's), in the order they ran.
 */
static int json_multi(FILE *out, const char *image, const struct seq_result *const *r,
		      unsigned int n)
{
	bool pass = n > 0;

	for (unsigned int i = 0; i < n; i++)
		pass &= r[i]->pass;
	fputs("{\n", out);
	jfield(out, "tool", "hypabi", ", ");
	jfield(out, "version", HYPABI_VERSION, ",\n");
	jfield(out, "image", image, ",\n");
	jfield(out, "verdict", pass ? "pass" : "fail", ",\n");
	fputs("\"sequences\": [", out);
	for (unsigned int i = 0; i < n; i++) {
		fputs(i ? ",\n" : "\n", out);
		json(out, r[i]);
	}
	fputs("]\n}\n", out);
	return ferror(out) ? -1 : 0;
}

int report_sequences(FILE *out, enum report_format f, const char *image,
		     const struct seq_result *const *r, unsigned int n,
		     const struct report_style *st)
{
	switch (f) {
	case FORMAT_JSON:
		return json_multi(out, image, r, n);
	case FORMAT_JUNIT:
		return junit(out, r, n);
	case FORMAT_HTML:
		return html_page(out, r, n);
	default:
		break;
	}
	/* Text and Markdown: each sequence's report in turn. */
	for (unsigned int i = 0; i < n; i++) {
		if (i)
			fputc('\n', out);
		if (report_sequence(out, f, r[i], st))
			return -1;
	}
	if (!n)
		fprintf(out, "%s: no sequence of 'hypabi sequences' has both its stubs in it\n",
			image);
	return ferror(out) ? -1 : 0;
}

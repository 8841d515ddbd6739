/*
 * hypabi scan's listing: per candidate its place in the file ("+0x800", or
 * "payload+0x110200" in a zImage's kernel), its vector base once placed,
 * the functions its code compares x0/r0 with, and why it was taken; and
 * the kernel's version banner, where the image has one. JSON
 * for programs, JUnit (one testcase per candidate) and Markdown for CI
 * pages, one self-contained HTML page.
 */
#include "report_scan.h"

#include <inttypes.h>
#include <string.h>

#include "escape.h"

/* One candidate, worded once for every format. */
struct scan_row {
	unsigned int index;	/* 0 for the first */
	const struct scan_candidate *c;
	const char *arch;
	char where[160];	/* "+0x800", "payload+0x110200", "+0x800 (__hyp_stub_vectors)" */
	char vectors[24];	/* "0x40000800" */
	char functions[256];	/* "SET_VECTORS SOFT_RESTART 3", or "" */
	const char *why;
};

/* The numbers a candidate compares with, named by profile p. */
static void function_list(const struct profile *p, uint32_t numbers, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int n = 0; n < 32 && used < len; n++) {
		enum hyp_function fn = profile_function(p, n);
		char num[16];

		if (!(numbers & (1u << n)))
			continue;
		snprintf(num, sizeof(num), "%u", n);
		used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "",
					 fn == FN_UNKNOWN ? num : function_name(fn));
	}
}

static struct scan_row row_of(const struct scan_report *s, unsigned int i)
{
	const struct scan_candidate *c = &s->sr->c[i];
	struct scan_row r = { .index = i, .c = c, .arch = s->arch, .why = c->why };

	snprintf(r.where, sizeof(r.where), "%s+0x%" PRIx64 "%s%.100s%s", c->payload ? "payload" : "",
		 c->offset, c->symbol ? " (" : "", c->symbol ? c->symbol : "", c->symbol ? ")" : "");
	snprintf(r.vectors, sizeof(r.vectors), "0x%" PRIx64, scan_vectors(s->img, c));
	function_list(s->profile, c->numbers, r.functions, sizeof(r.functions));
	return r;
}

/* Write each candidate with row, in order. */
static void each_row(FILE *out, const struct scan_report *s,
		     void (*row)(FILE *out, const struct scan_row *r))
{
	for (unsigned int i = 0; i < s->sr->n; i++) {
		struct scan_row r = row_of(s, i);

		row(out, &r);
	}
}

/* "arm64 Image, arm64" and the kernel a zImage carries. */
static void describe(const struct scan_report *s, char *buf, size_t len)
{
	const struct stub_image *img = s->img;
	int n = snprintf(buf, len, "%s, %s", image_format_name(img->format), s->arch);

	if (img->has_payload && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ", with a %s kernel of %" PRIu64 " bytes at file "
			 "offset 0x%" PRIx64, img->payload.format, img->payload.seg.size,
			 img->payload.file_offset);
}

/* "3 candidates (more were left out)" */
static void count_line(const struct scan_result *sr, char *buf, size_t len)
{
	snprintf(buf, len, "%u candidate%s%s", sr->n, sr->n == 1 ? "" : "s",
		 sr->truncated ? " (more were left out)" : "");
}

static bool has_banner(const struct scan_report *s)
{
	return s->banner && s->banner->found;
}

/* "Linux 6.1.176 banner at +0xd000e8 (release 6.1.0-50-arm64)", or that there is none. */
static void banner_line(const struct scan_report *s, char *buf, size_t len)
{
	const struct linux_banner *b = s->banner;

	if (!has_banner(s))
		snprintf(buf, len, "no Linux version banner");
	else if (strcmp(b->release, b->version) == 0)
		snprintf(buf, len, "Linux %s banner at %s", b->version, b->where);
	else
		snprintf(buf, len, "Linux %s banner at %s (release %s)", b->version, b->where,
			 b->release);
}

/* What a listing says of the image before its candidates. */
struct scan_heading {
	char about[256];	/* describe() */
	char banner[192];	/* banner_line() */
	char count[64];		/* count_line() */
};

static struct scan_heading heading_of(const struct scan_report *s)
{
	struct scan_heading h;

	describe(s, h.about, sizeof(h.about));
	banner_line(s, h.banner, sizeof(h.banner));
	count_line(s->sr, h.count, sizeof(h.count));
	return h;
}

static void text_row(FILE *out, const struct scan_row *r)
{
	fprintf(out, "  %-18s functions: %s\n  %-18s %s\n", r->where,
		r->functions[0] ? r->functions : "-", "", r->why);
}

static void scan_text(FILE *out, const struct scan_report *s)
{
	struct scan_heading h = heading_of(s);

	fprintf(out, "%s: %s\n%s\n%s\n", s->path, h.about, h.banner, h.count);
	each_row(out, s, text_row);
}

static void json_functions(FILE *out, const char *list)
{
	char copy[256], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", list);
	fputc('[', out);
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (w != copy)
			fputs(", ", out);
		report_json_string(out, w);
	}
	fputc(']', out);
}

static void json_row(FILE *out, const struct scan_row *r)
{
	fprintf(out, "%s    { \"offset\": \"0x%" PRIx64 "\", \"part\": \"%s\", \"arch\": "
		"\"%s\", \"vectors\": \"%s\", \"functions\": ", r->index ? ",\n" : "\n",
		r->c->offset, r->c->payload ? "payload" : "file", r->arch, r->vectors);
	json_functions(out, r->functions);
	fputs(", \"symbol\": ", out);
	if (r->c->symbol)
		report_json_string(out, r->c->symbol);
	else
		fputs("null", out);
	fputs(", \"why\": ", out);
	report_json_string(out, r->why);
	fputs(" }", out);
}

static void scan_json(FILE *out, const struct scan_report *s)
{
	const struct stub_image *img = s->img;

	fprintf(out, "{\n  \"tool\": \"hypabi\", \"version\": \"%s\",\n  \"image\": ",
		HYPABI_VERSION);
	report_json_string(out, s->path);
	fprintf(out, ", \"format\": \"%s\", \"arch\": \"%s\",\n", image_format_name(img->format),
		s->arch);
	if (img->has_payload)
		fprintf(out, "  \"payload\": { \"format\": \"%s\", \"offset\": \"0x%" PRIx64 "\", "
			"\"size\": %" PRIu64 " },\n", img->payload.format, img->payload.file_offset,
			img->payload.seg.size);
	if (has_banner(s)) {
		fprintf(out, "  \"linux\": { \"version\": \"%s\", \"release\": ", s->banner->version);
		report_json_string(out, s->banner->release);
		fprintf(out, ", \"at\": \"%s\", \"banner\": ", s->banner->where);
		report_json_string(out, s->banner->line);
		fputs(" },\n", out);
	} else {
		fputs("  \"linux\": null,\n", out);
	}
	fprintf(out, "  \"truncated\": %s,\n  \"candidates\": [",
		s->sr->truncated ? "true" : "false");
	each_row(out, s, json_row);
	fputs("\n  ]\n}\n", out);
}

static void junit_case(FILE *out, const struct scan_row *r)
{
	fprintf(out, "    <testcase classname=\"hypabi.scan.%s\" name=\"", r->arch);
	report_xml_text(out, r->where);
	fputs("\"/>\n", out);
}

/* The candidate's line in <system-out>. */
static void junit_line(FILE *out, const struct scan_row *r)
{
	fprintf(out, "%s%s vectors %s functions: %s; ", r->index ? "\n" : "", r->where,
		r->vectors, r->functions[0] ? r->functions : "-");
	report_xml_text(out, r->why);
}

/*
 * One <testsuite> for the image, one passing <testcase> per candidate (a
 * scan judges nothing), and a skipped one when candidates were left out;
 * the listing in <system-out>.
 */
static void scan_junit(FILE *out, const struct scan_report *s)
{
	unsigned int skipped = s->sr->truncated, tests = s->sr->n + skipped;
	struct scan_heading h = heading_of(s);
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"hypabi scan\" tests=\"%u\" failures=\"0\" errors=\"0\" "
		"skipped=\"%u\">\n  <testsuite name=\"", tests, skipped);
	report_xml_text(out, s->path);
	fputs(" (", out);
	report_xml_text(out, h.about);
	fprintf(out, ")\" tests=\"%u\" failures=\"0\" errors=\"0\" skipped=\"%u\">\n", tests,
		skipped);
	each_row(out, s, junit_case);
	if (skipped)
		fprintf(out, "    <testcase classname=\"hypabi.scan.%s\" name=\"more candidates\">\n"
			"      <skipped message=\"more than %u candidates: the rest were left out\"/>\n"
			"    </testcase>\n", s->arch, SCAN_MAX_CANDIDATES);
	fputs("    <system-out>", out);
	report_xml_text(out, h.banner);
	fputs("\n", out);
	each_row(out, s, junit_line);
	fputs("</system-out>\n  </testsuite>\n</testsuites>\n", out);
}

static void md_row(FILE *out, const struct scan_row *r)
{
	fprintf(out, "| `%s` | %s | %s | ", r->where, r->vectors,
		r->functions[0] ? r->functions : "-");
	report_md_text(out, r->why);
	fputs(" |\n", out);
}

static void scan_md(FILE *out, const struct scan_report *s)
{
	struct scan_heading h = heading_of(s);

	fputs("### hypabi scan: `", out);
	report_md_text(out, s->path);
	fputs("`\n\n", out);
	report_md_text(out, h.about);
	fprintf(out, ": %s\n\n", h.count);
	report_md_text(out, h.banner);
	fputs("\n", out);
	if (s->sr->n)
		fputs("\n| stub | vectors | functions | why |\n|---|---|---|---|\n", out);
	each_row(out, s, md_row);
}

static void html_row(FILE *out, const struct scan_row *r)
{
	fprintf(out, "<tr><td class=\"where\">%s</td><td class=\"vectors\">%s</td><td>%s"
		"</td><td>", r->where, r->vectors, r->functions[0] ? r->functions : "&ndash;");
	report_html_text(out, r->why);
	fputs("</td></tr>\n", out);
}

static void scan_html(FILE *out, const struct scan_report *s)
{
	struct scan_heading h = heading_of(s);

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>hypabi scan: ", out);
	report_html_text(out, s->path);
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:2em;color:#222}\n"
	      "table.scan{border-collapse:collapse;margin:1em 0}\n"
	      "table.scan th,table.scan td{border:1px solid #999;padding:.4em .8em;"
	      "text-align:left;vertical-align:top}\n"
	      "td.where,td.vectors{font-family:monospace}\n"
	      "</style></head><body>\n<h1>hypabi ", out);
	fprintf(out, "%s scan</h1>\n<p>", HYPABI_VERSION);
	report_html_text(out, s->path);
	fputs(": ", out);
	report_html_text(out, h.about);
	fputs("</p>\n<p class=\"banner\">", out);
	report_html_text(out, h.banner);
	fprintf(out, "</p>\n<p class=\"count\">%s</p>\n", h.count);
	if (s->sr->n)
		fputs("<table class=\"scan\">\n<tr><th>stub</th><th>vectors</th><th>functions</th>"
		      "<th>why</th></tr>\n", out);
	each_row(out, s, html_row);
	if (s->sr->n)
		fputs("</table>\n", out);
	fputs("</body></html>\n", out);
}

int report_scan(FILE *out, enum report_format f, const struct scan_report *s)
{
	switch (f) {
	case FORMAT_JSON:  scan_json(out, s); break;
	case FORMAT_JUNIT: scan_junit(out, s); break;
	case FORMAT_MD:	   scan_md(out, s); break;
	case FORMAT_HTML:  scan_html(out, s); break;
	default:	   scan_text(out, s); break;
	}
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

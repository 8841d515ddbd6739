/*
 * Text into each format a report takes (a stub's name, expected and
 * actual, a repro command, a trace): one loop, and per format what a byte
 * becomes.
 */
#include "escape.h"

/* What byte c becomes (buf holds it if it must be made); NULL: c itself. */
typedef const char *escape_fn(unsigned char c, char buf[8]);

static void escaped(FILE *out, const char *s, escape_fn *escape)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char buf[8];
		const char *as = escape(*p, buf);

		if (as)
			fputs(as, out);
		else
			fputc(*p, out);
	}
}

static const char *json_escape(unsigned char c, char buf[8])
{
	switch (c) {
	case '"':  return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\t': return "\\t";
	default:
		if (c >= 0x20)
			return NULL;
		snprintf(buf, 8, "\\u%04x", c);
		return buf;
	}
}

/* HTML's escapes, and XML's: the apostrophe too, and no control characters. */
static const char *html_escape(unsigned char c, char buf[8])
{
	(void)buf;
	switch (c) {
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '&': return "&amp;";
	case '"': return "&quot;";
	default:  return NULL;
	}
}

static const char *xml_escape(unsigned char c, char buf[8])
{
	if (c == '\'')
		return "&apos;";
	/* XML 1.0 allows no control characters but tab and newline. */
	if (c < 0x20 && c != '\t' && c != '\n')
		return "";
	return html_escape(c, buf);
}

/* A Markdown table cell: pipes and newlines would break the row. */
static const char *md_escape(unsigned char c, char buf[8])
{
	(void)buf;
	if (c == '|')
		return "\\|";
	return c == '\n' ? " " : NULL;
}

void report_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	escaped(out, s, json_escape);
	fputc('"', out);
}

void report_xml_text(FILE *out, const char *s)
{
	escaped(out, s, xml_escape);
}

void report_html_text(FILE *out, const char *s)
{
	escaped(out, s, html_escape);
}

void report_md_text(FILE *out, const char *s)
{
	escaped(out, s, md_escape);
}

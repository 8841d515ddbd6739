/* Text into each format of a report: JSON, XML, HTML, a Markdown table cell. */
#ifndef HYPABI_ESCAPE_H
#define HYPABI_ESCAPE_H

#include <stdio.h>

/* A JSON string, quotes included. */
void report_json_string(FILE *out, const char *s);
/* XML 1.0 character data or attribute value (control characters dropped). */
void report_xml_text(FILE *out, const char *s);
/* HTML text or attribute value. */
void report_html_text(FILE *out, const char *s);
/* One Markdown table cell: pipes escaped, newlines as spaces. */
void report_md_text(FILE *out, const char *s);

#endif

#include "report_writer.h"

#include <string.h>

int report_format_by_name(const char *name, enum report_format *f)
{
	if (strcmp(name, "text") == 0)
		*f = FORMAT_TEXT;
	else if (strcmp(name, "json") == 0)
		*f = FORMAT_JSON;
	else if (strcmp(name, "junit") == 0)
		*f = FORMAT_JUNIT;
	else if (strcmp(name, "md") == 0)
		*f = FORMAT_MD;
	else if (strcmp(name, "html") == 0)
		*f = FORMAT_HTML;
	else
		return -1;
	return 0;
}

/* One stub, or (multi) several of one image with their matrix. */
static int write_report(FILE *out, enum report_format f, const char *title,
			const struct results *const *res, unsigned int n, bool multi,
			const struct report_style *st)
{
	switch (f) {
	case FORMAT_JSON:
		if (multi)
			report_json_multi(out, title, res, n);
		else
			report_json(out, res[0]);
		break;
	case FORMAT_JUNIT: report_junit(out, res, n); break;
	case FORMAT_MD:	   report_md(out, res, n, multi); break;
	case FORMAT_HTML:  report_html(out, title, res, n); break;
	default:
		if (multi)
			report_text_multi(out, title, res, n, st);
		else
			report_text(out, res[0], st);
		break;
	}
	return fflush(out) != 0 || ferror(out) ? -1 : 0;
}

int report_write(FILE *out, enum report_format f, const struct results *res,
		 const struct report_style *st)
{
	return write_report(out, f, res->info.name, &res, 1, false, st);
}

int report_write_multi(FILE *out, enum report_format f, const char *image,
		       const struct results *const *res, unsigned int n,
		       const struct report_style *st)
{
	return write_report(out, f, image, res, n, true, st);
}

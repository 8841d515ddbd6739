#include "report.h"

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

int report_write(FILE *out, enum report_format f, const struct results *res,
		 const struct report_style *st)
{
	const struct results *one[1] = { res };
	int rc;

	switch (f) {
	case FORMAT_JSON:  rc = report_json(out, res); break;
	case FORMAT_JUNIT: rc = report_junit(out, one, 1); break;
	case FORMAT_MD:	   rc = report_md(out, one, 1, false); break;
	case FORMAT_HTML:  rc = report_html(out, res->info.name, one, 1); break;
	default:	   rc = report_text(out, res, st); break;
	}

	if (fflush(out) != 0 || ferror(out))
		return -1;
	return rc;
}

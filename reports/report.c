#include "report.h"

#include <string.h>

int report_format_by_name(const char *name, enum report_format *f)
{
	if (strcmp(name, "text") == 0)
		*f = FORMAT_TEXT;
	else if (strcmp(name, "json") == 0)
		*f = FORMAT_JSON;
	else
		return -1;
	return 0;
}

int report_write(FILE *out, enum report_format f, const struct results *res)
{
	int rc = f == FORMAT_JSON ? report_json(out, res) : report_text(out, res);

	if (fflush(out) != 0 || ferror(out))
		return -1;
	return rc;
}

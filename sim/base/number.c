#include "number.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

enum number_status number_parse(const char *s, uint64_t max, uint64_t *v)
{
	char *end;
	unsigned long long n;

	/* strtoull would take a sign or leading blanks: a user never means them. */
	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return NUMBER_BAD;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end)
		return NUMBER_BAD;
	if (n > max)
		return NUMBER_TOO_LARGE;
	*v = n;
	return NUMBER_OK;
}

void number_error(char *buf, size_t len, const char *opt, const char *s, uint64_t max,
		  enum number_status status)
{
	if (status == NUMBER_TOO_LARGE)
		snprintf(buf, len, "%s: %s is larger than %" PRIu64, opt, s, max);
	else
		snprintf(buf, len, "%s: '%s' is not a number", opt, s ? s : "");
}

/* Report writers: each formats a struct results, nothing else prints verdicts. */
#ifndef HYPABI_REPORT_H
#define HYPABI_REPORT_H

#include <stdio.h>

#include "results.h"

enum report_format { FORMAT_TEXT, FORMAT_JSON };

int report_format_by_name(const char *name, enum report_format *f);
int report_write(FILE *out, enum report_format f, const struct results *res);

int report_text(FILE *out, const struct results *res);
int report_json(FILE *out, const struct results *res);

#endif

/* Report writers: each formats a struct results, nothing else prints verdicts. */
#ifndef HYPABI_REPORT_H
#define HYPABI_REPORT_H

#include <stdio.h>

#include "results.h"
#include "sequence_results.h"

enum report_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_JUNIT, FORMAT_MD, FORMAT_HTML };

/* How the text report looks; the other formats ignore it. */
struct report_style {
	bool verbose;	/* list the rules that passed too */
	bool colour;	/* ANSI colour: a terminal, and NO_COLOR unset */
};

int report_format_by_name(const char *name, enum report_format *f);
int report_write(FILE *out, enum report_format f, const struct results *res,
		 const struct report_style *st);

int report_text(FILE *out, const struct results *res, const struct report_style *st);
/* -q: the verdict line of n stubs (n >= 1), their counts summed: what report_text ends with. */
int report_verdict(FILE *out, const struct results *const *res, unsigned int n);
int report_json(FILE *out, const struct results *res);
int report_junit(FILE *out, const struct results *const *res, unsigned int n);
int report_html(FILE *out, const char *title, const struct results *const *res, unsigned int n);
/* with_matrix: add the conformance matrix (a multi-stub run). */
int report_md(FILE *out, const struct results *const *res, unsigned int n, bool with_matrix);

/* Several stubs of one image: their reports and the conformance matrix. */
int report_write_multi(FILE *out, enum report_format f, const char *image,
		       const struct results *const *res, unsigned int n,
		       const struct report_style *st);
/* check --scan found no stub in image: say so. */
int report_no_stubs(FILE *out, const char *image);

/*
 * hypabi trace: how one call ended, its state diff against the caller's,
 * and every rule's verdict on it.
 */
void report_call(FILE *out, const struct arch_desc *a, const struct observation *o,
		 const struct judgement j[RULE_COUNT]);

/* A sequence (check --sequence): its steps as a table, each with its verdict, in format f. */
int report_sequence(FILE *out, enum report_format f, const struct seq_result *r,
		    const struct report_style *st);
/*
 * The sequences r[0..n) run on the stubs of image (check --scan --sequence)
 * as one document of format f: text and md each report in turn, JSON one
 * object with each report in "sequences", JUnit a testsuite each, HTML one
 * page. n == 0: text and md say no sequence applied.
 */
int report_sequences(FILE *out, enum report_format f, const char *image,
		     const struct seq_result *const *r, unsigned int n,
		     const struct report_style *st);

#endif

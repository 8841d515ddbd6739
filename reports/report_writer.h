/*
 * What the report writers share: the one walk over a run's results
 * (stubs, their functions, the rules that judged each) and the counts.
 * The walk works out what every writer needs (a function's matrix cell, a
 * failure's repro command and trace); a writer's visitor only formats.
 */
#ifndef HYPABI_REPORT_WRITER_H
#define HYPABI_REPORT_WRITER_H

#include "escape.h"
#include "report.h"

/* A function of a stub, as the walk hands it to a visitor. */
struct report_function {
	enum hyp_function fn;
	unsigned int calls;	/* the most calls any of its rules judged; 0: none judged it */
	enum verdict cell;	/* fail, else waived, pass, not-reached; V_NOT_APPLICABLE: not judged */
	char failed[256];	/* the rules that failed or were waived, "id,id" */
};

/* A rule that judged the function. */
struct report_rule {
	const struct rule *rule;
	const struct rule_result *rr;
	unsigned int calls;	/* calls it judged: pass + fail + not reached */
	const char *repro;	/* failed or waived: the command that reproduces its first failure */
	const char *trace;	/* failed or waived: that call's trace, if kept; else NULL */
	unsigned int index;	/* rules this walk visited before it */
};

/* Where a walk is: what each step of a visitor is given. */
struct report_at {
	FILE *out;
	void *ctx;			/* the writer's own state, or NULL */
	const struct results *res;	/* the stub */
	unsigned int stub;		/* its index: 0 for the first */
	struct report_function f;	/* function and rule steps */
	struct report_rule r;		/* rule steps */
};

enum report_visit {
	VISIT_FUNCTIONS,	/* every function, judged or not (a matrix row), and no rules */
	VISIT_JUDGED,		/* the functions judged, each rule that judged them */
	VISIT_FAILURES,		/* the functions judged, their failed and waived rules */
};

/* A writer's steps, each NULL or called in turn. */
struct report_visitor {
	enum report_visit visit;
	void (*stub)(const struct report_at *at);
	void (*function)(const struct report_at *at);
	void (*rule)(const struct report_at *at);
	void (*function_end)(const struct report_at *at);
	const char *stub_end;	/* written after each stub's functions, or NULL */
};

/* Visit stubs res[0..n), in order; then their functions and rules, in catalogue order. */
void report_walk(FILE *out, const struct results *const *res, unsigned int n,
		 const struct report_visitor *v, void *ctx);

/* The verdict counts of n stubs, summed (results_summary of each). */
struct summary report_summary(const struct results *const *res, unsigned int n);
/* True when every required rule of every stub holds. */
bool report_pass(const struct results *const *res, unsigned int n);

/* The multi-stub reports behind report_write_multi (report_matrix.c). */
void report_json_multi(FILE *out, const char *image, const struct results *const *res,
		       unsigned int n);
void report_text_multi(FILE *out, const char *image, const struct results *const *res,
		       unsigned int n, const struct report_style *st);

#endif

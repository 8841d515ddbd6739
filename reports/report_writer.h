/*
 * What the report writers share: the one walk over a run's results
 * (stubs, their functions, the rules that judged each) and the counts.
 * The walk works out what every writer needs (a function's matrix cell, a
 * failure's repro command and trace); a writer's visitor only formats.
 */
#ifndef HYPABI_REPORT_WRITER_H
#define HYPABI_REPORT_WRITER_H

#include "coverage.h"
#include "escape.h"
#include "report.h"

/* Coverage of the stub's code by a function's calls, or by all of them. */
struct report_cover {
	bool has;			/* the run recorded coverage */
	struct coverage_count n;
	unsigned int percent;		/* of the blocks, rounded down */
	unsigned int by_design;		/* blocks no call ran that cannot run on this core */
	char why[256];			/* the fields that rule them out, "ID_AA64PFR0_EL1.SVE = 0 on a57" */
};

/* A function of a stub, as the walk hands it to a visitor. */
struct report_function {
	enum hyp_function fn;
	unsigned int calls;	/* the most calls any of its rules judged; 0: none judged it */
	enum verdict cell;	/* fail, else waived, pass, not-reached; V_NOT_APPLICABLE: not judged */
	char failed[256];	/* the rules that failed or were waived, "id,id" */
	struct report_cover cov;	/* what its calls ran */
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

/* A block of the stub's code map (coverage steps). */
struct report_block {
	const struct code_block *b;
	const struct code_insn *insns;	/* its b->n instructions */
	bool run;			/* a call ran it */
	char fns[160];			/* the functions whose calls ran it, "SET_VECTORS,unknown" */
	const char *why;		/* not run: why it cannot run on this core, or NULL (by_design.h) */
	char why_buf[192];
	unsigned int index;		/* blocks this walk visited before it */
};

/* Where a walk is: what each step of a visitor is given. */
struct report_at {
	FILE *out;
	void *ctx;			/* the writer's own state, or NULL */
	const struct results *res;	/* the stub */
	unsigned int stub;		/* its index: 0 for the first */
	struct report_function f;	/* function and rule steps */
	struct report_rule r;		/* rule steps */
	/* Coverage steps, after a stub's functions. */
	const struct code_map *map;	/* the stub's code */
	struct report_cover cov;	/* every call's together */
	struct report_block blk;	/* block steps */
	const struct coverage_step *step;	/* --explore growth steps */
	unsigned int step_index;
};

enum report_visit {
	VISIT_FUNCTIONS,	/* every function, judged or not (a matrix row), and no rules */
	VISIT_JUDGED,		/* the functions judged, each rule that judged them */
	VISIT_FAILURES,		/* the functions judged, their failed and waived rules */
};

/* Which blocks of the stub's code a walk visits. */
enum report_blocks {
	BLOCKS_NONE,
	BLOCKS_UNRUN,		/* those no call ran */
	BLOCKS_ALL,
};

/*
 * A writer's steps, each NULL or called in turn: for each stub, stub;
 * then each function (function, rule, function_end); then, if the run
 * recorded coverage, coverage, each block the visitor asks for, each step
 * of --explore's growth, and coverage_end; then stub_end.
 */
struct report_visitor {
	enum report_visit visit;
	enum report_blocks blocks;
	void (*stub)(const struct report_at *at);
	void (*function)(const struct report_at *at);
	void (*rule)(const struct report_at *at);
	void (*function_end)(const struct report_at *at);
	void (*coverage)(const struct report_at *at);
	void (*block)(const struct report_at *at);
	void (*step)(const struct report_at *at);
	void (*coverage_end)(const struct report_at *at);
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

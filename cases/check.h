/* A conformance run: every case of every function through the machine and the rules. */
#ifndef HYPABI_CHECK_H
#define HYPABI_CHECK_H

#include "caselist.h"
#include "machine.h"
#include "placement.h"
#include "results.h"
#include "rules.h"

struct check_config {
	struct case_config cases;
	const struct placed_stub *stub;	/* its vectors, and what RESET_VECTORS must restore */
};

/*
 * Check st: its architecture and vector base for the cases, and the
 * numbers its code compares the function register with; its initial
 * vectors for the judge.
 */
void check_config_use_stub(struct check_config *cfg, const struct placed_stub *st);

/* The judge's view of one function under the configuration, on machine m. */
void check_judge_ctx(const struct machine *m, const struct check_config *cfg,
		     enum hyp_function fn, struct judge_ctx *ctx);
/* 0, or MACHINE_EINTERNAL with m->errmsg set. */
int check_run(struct machine *m, const struct check_config *cfg, struct results *res);
/*
 * Re-run the first failing call of every failed rule with a tracer and
 * keep its trace (at most limit instructions) in the result. Call after
 * check_run, on the same machine.
 */
int check_trace_failures(struct machine *m, const struct check_config *cfg,
			 struct results *res, uint64_t limit);

#endif

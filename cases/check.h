/* A conformance run: every case of every function through the machine and the rules. */
#ifndef HYPABI_CHECK_H
#define HYPABI_CHECK_H

#include "caselist.h"
#include "coverage.h"
#include "machine.h"
#include "placement.h"
#include "results.h"
#include "rules.h"

struct check_config {
	struct case_config cases;
	const struct placed_stub *stub;	/* its vectors, and what RESET_VECTORS must restore */
	/*
	 * Where check_run records which of the stub's blocks each function's
	 * calls ran (a set per function), or NULL. Machines running in
	 * parallel each need their own, merged after (coverage_merge).
	 */
	struct coverage *coverage;
};

/* Check st: its architecture and vector base for the cases, its initial vectors for the judge. */
void check_config_use_stub(struct check_config *cfg, const struct placed_stub *st);

/* The judge's view of one function under the configuration, on machine m. */
void check_judge_ctx(const struct machine *m, const struct check_config *cfg,
		     enum hyp_function fn, struct judge_ctx *ctx);
/* Record m's calls in cfg->coverage (if any), function fn's in its set. */
void check_cover(struct machine *m, const struct check_config *cfg, enum hyp_function fn);
/* After each call: its end, for the coverage. */
void check_cover_end(const struct check_config *cfg, const struct observation *o);
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

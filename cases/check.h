/* A conformance run: every case of every function through the machine and the rules. */
#ifndef HYPABI_CHECK_H
#define HYPABI_CHECK_H

#include <stddef.h>

#include "caselist.h"
#include "coverage.h"
#include "machine.h"
#include "placement.h"
#include "results.h"
#include "rules.h"

/* The most threads one run uses (-j): one emulator and one image copy each. */
#define CHECK_MAX_THREADS	64
#define CHECK_MAX_THREADS_TEXT	"64"

struct check_config {
	struct case_config cases;
	const struct placed_stub *stub;	/* its vectors, and what RESET_VECTORS must restore */
	/*
	 * Where the run records which of the stub's blocks each function's
	 * calls ran (a set per function), or NULL. Machines running in
	 * parallel each record into their own, merged into this one after
	 * (coverage_merge: an OR, so the order does not matter).
	 */
	struct coverage *coverage;
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
/* Record m's calls in cov (if not NULL), function fn's in its set. */
void check_cover(struct machine *m, struct coverage *cov, enum hyp_function fn);
/* After each call: its end, for the coverage (if not NULL). */
void check_cover_end(struct coverage *cov, const struct observation *o);
/* The cases as a core can make them: calls from EL2 too where it has VHE. */
struct case_config check_cases_on(const struct cpu_model *cpu, const struct check_config *cfg);
/* 0, or MACHINE_EINTERNAL with m->errmsg set. */
int check_run(struct machine *m, const struct check_config *cfg, struct results *res);
/*
 * Cases first..last-1 of function fn into res, as check_run makes them
 * (without results_finish), their coverage into cov (or not, if NULL): a
 * share of a parallel run.
 */
int check_run_cases(struct machine *m, const struct check_config *cfg, struct coverage *cov,
		    enum hyp_function fn, unsigned int first, unsigned int last,
		    struct results *res);

/*
 * How every machine of one stub is made: the calls of a parallel run are
 * made on several, one per thread, all alike.
 */
struct check_machine {
	const struct arch_desc *arch;
	const struct cpu_model *cpu;
	const struct stub_image *img;
	uint64_t budget;	/* instructions per call */
	uint64_t wall_ms;	/* wall-clock time per call */
	uint64_t ich_vtr;	/* what ICH_VTR_EL2 reads as */
};

/* A machine made as how says, at cfg's vectors. 0, or MACHINE_EINTERNAL with m->errmsg set. */
int check_machine_open(struct machine *m, const struct check_machine *how,
		       const struct check_config *cfg);

/*
 * Re-run the first failing call of every failed rule with a tracer, on a
 * fresh machine made as how says, and keep its trace (at most limit
 * instructions) in the result. Call once res is complete. 0, or
 * MACHINE_EINTERNAL with err set.
 */
int check_trace_failures(const struct check_machine *how, const struct check_config *cfg,
			 struct results *res, uint64_t limit, char *err, size_t errlen);

/* One stub of check_stubs: what to check it with, and its results. */
struct check_stub {
	const struct check_config *cfg;
	struct check_machine how;
	uint64_t trace_limit;	/* instructions of a failing call's trace */
	struct results *res;	/* its run_info already filled in */
	int rc;			/* 0, or MACHINE_EINTERNAL with errmsg set */
	char errmsg[256];
};

/*
 * Check every stub (check_run, then check_trace_failures) on up to
 * threads threads (shard.c), each with machines of its own. The results
 * are those of one thread, exactly: each case is made from the seed by
 * (function, index) wherever it runs, and the shares of a stub are merged
 * in the order of their cases. 0, or MACHINE_EINTERNAL with the first
 * failing stub's rc and errmsg set.
 */
int check_stubs(struct check_stub *stubs, unsigned int n, unsigned int threads);

/* The threads -j means by default: the CPUs this process may run on, 1..CHECK_MAX_THREADS. */
unsigned int check_default_threads(void);

#endif

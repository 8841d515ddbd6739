/*
 * --explore N: after the default cases, more calls chosen to reach the
 * stub's code they did not: fresh random cases, and cases mutated from
 * those that reached a new block or edge, until coverage stops growing
 * or N calls are made. Seeded: the same seed explores the same way, so
 * call K of a run is made again by replaying the run up to it (hypabi
 * trace --replay-explore K). Its caller judges each call (hooks.after).
 */
#ifndef HYPABI_EXPLORE_H
#define HYPABI_EXPLORE_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"

#define EXPLORE_MAX_CALLS	100000000u
/* Calls without a new block or edge after which coverage has stopped growing. */
#define EXPLORE_PATIENCE	2000u

/* What explore_run tells its caller of each call k (1 for the first) of function fn with in. */
struct explore_hooks {
	/* Before the call: false stops the run there, the call not made. NULL: go on. */
	bool (*before)(void *ctx, uint64_t k, enum hyp_function fn, const struct call_input *in);
	/* After it: how it ended. NULL: nothing. */
	void (*after)(void *ctx, uint64_t k, enum hyp_function fn, const struct call_input *in,
		      const struct observation *o);
	void *ctx;
};

/*
 * At most calls calls on m, into cfg->coverage (which check_run filled:
 * its growth starts at already calls), each told to hooks (or NULL).
 * 0, or MACHINE_EINTERNAL.
 */
int explore_run(struct machine *m, const struct check_config *cfg, uint64_t calls,
		uint64_t already, const struct explore_hooks *hooks);

#endif

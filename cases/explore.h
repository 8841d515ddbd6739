/*
 * --explore N: after the default cases, more calls chosen to reach the
 * stub's code they did not: fresh random cases, and cases mutated from
 * those that reached a new block or edge, until coverage stops growing
 * or N calls are made. Seeded: the same seed explores the same way.
 * Explored calls measure coverage; the rules judge the default cases.
 */
#ifndef HYPABI_EXPLORE_H
#define HYPABI_EXPLORE_H

#include <stdint.h>

#include "check.h"

#define EXPLORE_MAX_CALLS	100000000u
/* Calls without a new block or edge after which coverage has stopped growing. */
#define EXPLORE_PATIENCE	2000u

/*
 * At most calls calls on m, into cfg->coverage (which check_run filled:
 * its growth starts at already calls). 0, or MACHINE_EINTERNAL.
 */
int explore_run(struct machine *m, const struct check_config *cfg, uint64_t calls,
		uint64_t already);

#endif

/*
 * Coverage of a stub's code map: for each set of calls (one per
 * function), a bitmap of the blocks they ran and one of the edges they
 * took. Recorded from the machine's block hook, which already runs for
 * every block: a lookup and a bit set per block, nothing per instruction.
 * Coverages of one map merge by OR (the calls of several machines).
 */
#ifndef HYPABI_COVERAGE_H
#define HYPABI_COVERAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "codemap.h"

#define COVERAGE_MAX_SETS	8

/* How coverage grew under --explore: after calls calls, blocks blocks covered. */
struct coverage_step {
	uint64_t calls;
	unsigned int blocks, edges;
};

/*
 * Why blocks no call ran cannot run on this core (by_design.c): a branch
 * whose way an ID register field decides, and the way it never goes.
 */
struct coverage_reason {
	uint64_t branch;
	char mnemonic[8];		/* "cbz" */
	char field[64];			/* "ID_AA64PFR0_EL1.SVE" */
	uint64_t value;			/* the field on this core */
	bool always_taken;		/* it always branches (else never) */
};

struct coverage {
	const struct code_map *map;
	struct code_map *own_map;	/* coverage_new's, freed with it */
	unsigned int nsets;
	size_t bwords, ewords;		/* 64-bit words of one block / edge bitmap */
	uint64_t *bits;			/* nsets block bitmaps, then nsets edge bitmaps */
	uint64_t outside[COVERAGE_MAX_SETS];	/* blocks run that the map does not hold */

	/* The call under way. */
	unsigned int set;
	int prev;			/* the block the last run of code ended in, or -1 */
	bool pending;			/* a run seen, not yet counted: it may fault midway */
	uint64_t pend_addr;
	uint32_t pend_size;

	/* --explore's record. */
	struct coverage_step *growth;
	unsigned int ngrowth, growth_cap;
	uint64_t explored;		/* calls --explore made */

	/* by_design.c's record: NULL why, nothing classified. */
	int *why;			/* per block: its reason's index, or -1 */
	struct coverage_reason *reasons;
	unsigned int nreasons;
	unsigned int by_design;		/* blocks no call ran that cannot run on this core */
	const char *cpu;		/* that core's name */
};

struct coverage_count {
	unsigned int blocks, blocks_covered;
	unsigned int edges, edges_covered;
	uint64_t outside;
};

/* A coverage of map with nsets sets (at most COVERAGE_MAX_SETS), all clear. 0, or -1: memory. */
int coverage_init(struct coverage *c, const struct code_map *map, unsigned int nsets);
void coverage_free(struct coverage *c);
/* A coverage with a map of its own, of img's code from entry (codemap_build); NULL if that fails. */
struct coverage *coverage_new(const struct arch_desc *arch, const struct stub_image *img,
			      uint64_t entry, bool thumb, unsigned int nsets);
/* Free a coverage_new's coverage and its map. */
void coverage_delete(struct coverage *c);
/* The calls from now on count in set. */
void coverage_select(struct coverage *c, unsigned int set);
/* The machine's hook: a run of the stub's code, [addr, addr + size). ctx is the coverage. */
void coverage_block(void *ctx, uint64_t addr, uint32_t size);
/* A call ended: its last run counted up to and with the instruction at last_pc, if faulted. */
void coverage_end_call(struct coverage *c, bool faulted, uint64_t last_pc);
/* into |= from: the same map and sets. */
void coverage_merge(struct coverage *into, const struct coverage *from);
/* Counts of set, or of every set together (set < 0). */
struct coverage_count coverage_count(const struct coverage *c, int set);
bool coverage_block_run(const struct coverage *c, int set, unsigned int block);
/* Note a step of --explore's growth. 0, or -1: memory. */
int coverage_note_growth(struct coverage *c, uint64_t calls);
/* Percent of the map's blocks covered by every set together (100 for an empty map). */
unsigned int coverage_percent(const struct coverage *c);
/* n's blocks covered, in percent: rounded down (99.9% is not 100%), 100 of none. */
unsigned int coverage_count_percent(const struct coverage_count *n);

#endif

/*
 * Unicorn's block hook reports a translation block: a run of code that
 * ends at a branch, but may span several of the map's blocks (a branch
 * target in its middle) or end early (after an isb or msr, which end a
 * translation block; at a page end). So a run marks every map block it
 * overlaps and the fall-through edges between them; the edge into a run
 * is marked when it starts a map block and the run before ended in one.
 * A run is counted when the next one starts or the call ends, so that a
 * fault midway counts only the code up to it.
 */
#include "coverage.h"

#include <stdlib.h>
#include <string.h>

static uint64_t *block_bits(const struct coverage *c, unsigned int set)
{
	return c->bits + (size_t)set * c->bwords;
}

static uint64_t *edge_bits(const struct coverage *c, unsigned int set)
{
	return c->bits + (size_t)c->nsets * c->bwords + (size_t)set * c->ewords;
}

static void set_bit(uint64_t *bits, unsigned int i)
{
	bits[i / 64] |= UINT64_C(1) << (i % 64);
}

static bool has_bit(const uint64_t *bits, unsigned int i)
{
	return bits[i / 64] >> (i % 64) & 1;
}

int coverage_init(struct coverage *c, const struct code_map *map, unsigned int nsets)
{
	memset(c, 0, sizeof(*c));
	c->map = map;
	c->nsets = nsets < COVERAGE_MAX_SETS ? nsets : COVERAGE_MAX_SETS;
	c->bwords = (map->nblocks + 63) / 64;
	c->ewords = (map->nedges + 63) / 64;
	c->prev = -1;
	c->bits = calloc((size_t)c->nsets * (c->bwords + c->ewords) + 1, sizeof(uint64_t));
	return c->bits ? 0 : -1;
}

void coverage_free(struct coverage *c)
{
	free(c->bits);
	free(c->growth);
	free(c->why);
	free(c->reasons);
	memset(c, 0, sizeof(*c));
}

struct coverage *coverage_new(const struct arch_desc *arch, const struct stub_image *img,
			      uint64_t entry, bool thumb, unsigned int nsets)
{
	struct coverage *c = calloc(1, sizeof(*c));
	struct code_map *map = calloc(1, sizeof(*map));

	if (!c || !map || codemap_build(arch, img, entry, thumb, map)) {
		free(c);
		free(map);
		return NULL;
	}
	if (coverage_init(c, map, nsets)) {
		codemap_free(map);
		free(map);
		free(c);
		return NULL;
	}
	c->own_map = map;
	return c;
}

void coverage_delete(struct coverage *c)
{
	struct code_map *map;

	if (!c)
		return;
	map = c->own_map;
	coverage_free(c);
	if (map) {
		codemap_free(map);
		free(map);
	}
	free(c);
}

void coverage_select(struct coverage *c, unsigned int set)
{
	c->set = set < c->nsets ? set : 0;
}

/* The edge from block `from` to block `to`, if the map has one. */
static void take_edge(struct coverage *c, int from, unsigned int to)
{
	const struct code_block *b;

	if (from < 0)
		return;
	b = &c->map->blocks[from];
	for (unsigned int i = 0; i < b->nsucc; i++)
		if (b->succ[i] == to)
			set_bit(edge_bits(c, c->set), b->edge[i]);
}

/* Count the run [addr, end). */
static void count_run(struct coverage *c, uint64_t addr, uint64_t end)
{
	const struct code_map *map = c->map;
	int b = codemap_block_at(map, addr);

	if (b < 0) {
		c->outside[c->set]++;
		c->prev = -1;
		return;
	}
	if (map->blocks[b].start == addr)
		take_edge(c, c->prev, (unsigned int)b);
	set_bit(block_bits(c, c->set), (unsigned int)b);
	while ((unsigned int)b + 1 < map->nblocks && map->blocks[b].end < end &&
	       map->blocks[b + 1].start == map->blocks[b].end) {
		take_edge(c, b, (unsigned int)b + 1);
		set_bit(block_bits(c, c->set), (unsigned int)++b);
	}
	/* A run past the map's code ends outside any block. */
	c->prev = map->blocks[b].end >= end ? b : -1;
}

void coverage_block(void *ctx, uint64_t addr, uint32_t size)
{
	struct coverage *c = ctx;

	if (c->pending)
		count_run(c, c->pend_addr, c->pend_addr + c->pend_size);
	c->pending = true;
	c->pend_addr = addr;
	c->pend_size = size;
}

void coverage_end_call(struct coverage *c, bool faulted, uint64_t last_pc)
{
	if (c->pending) {
		uint64_t end = c->pend_addr + c->pend_size;

		if (faulted && last_pc >= c->pend_addr && last_pc < end)
			end = last_pc + 1;
		count_run(c, c->pend_addr, end);
	}
	c->pending = false;
	c->prev = -1;
}

void coverage_merge(struct coverage *into, const struct coverage *from)
{
	size_t n = (size_t)into->nsets * (into->bwords + into->ewords);

	for (size_t i = 0; i < n; i++)
		into->bits[i] |= from->bits[i];
	for (unsigned int s = 0; s < into->nsets; s++)
		into->outside[s] += from->outside[s];
}

static unsigned int count_bits(const struct coverage *c, int set, bool edges)
{
	size_t words = edges ? c->ewords : c->bwords;
	unsigned int n = 0;

	for (size_t w = 0; w < words; w++) {
		uint64_t v = 0;

		for (unsigned int s = 0; s < c->nsets; s++)
			if (set < 0 || (unsigned int)set == s)
				v |= (edges ? edge_bits(c, s) : block_bits(c, s))[w];
		n += (unsigned int)__builtin_popcountll(v);
	}
	return n;
}

struct coverage_count coverage_count(const struct coverage *c, int set)
{
	struct coverage_count n = {
		.blocks = c->map->nblocks, .edges = c->map->nedges,
		.blocks_covered = count_bits(c, set, false),
		.edges_covered = count_bits(c, set, true),
	};

	for (unsigned int s = 0; s < c->nsets; s++)
		if (set < 0 || (unsigned int)set == s)
			n.outside += c->outside[s];
	return n;
}

bool coverage_block_run(const struct coverage *c, int set, unsigned int block)
{
	for (unsigned int s = 0; s < c->nsets; s++)
		if ((set < 0 || (unsigned int)set == s) && has_bit(block_bits(c, s), block))
			return true;
	return false;
}

int coverage_note_growth(struct coverage *c, uint64_t calls)
{
	struct coverage_count n = coverage_count(c, -1);

	if (c->ngrowth == c->growth_cap) {
		unsigned int cap = c->growth_cap ? 2 * c->growth_cap : 16;
		struct coverage_step *g = realloc(c->growth, cap * sizeof(*g));

		if (!g)
			return -1;
		c->growth = g;
		c->growth_cap = cap;
	}
	c->growth[c->ngrowth++] = (struct coverage_step){ calls, n.blocks_covered, n.edges_covered };
	return 0;
}

unsigned int coverage_count_percent(const struct coverage_count *n)
{
	return n->blocks ? (unsigned int)((uint64_t)n->blocks_covered * 100 / n->blocks) : 100;
}

unsigned int coverage_percent(const struct coverage *c)
{
	struct coverage_count n = coverage_count(c, -1);

	return coverage_count_percent(&n);
}

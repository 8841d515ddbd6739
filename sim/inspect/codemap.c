/*
 * The walk: from the entry, decode on until control leaves by a branch
 * (its target queued, and the next instruction too if it may fall
 * through), an exception return or an indirect branch. Targets outside
 * the image (a SOFT_RESTART's jump) and register targets are not walked:
 * the emulator sees where those go; the map holds what the code itself
 * says. Then the instructions, in address order, are cut into blocks at
 * every target and after every change of flow.
 */
#include "codemap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "image.h"
#include "le.h"

/* An undecodable instruction's size: A64's and A32's, or T32's narrowest. */
#define A_INSN_BYTES		4
#define T32_HALFWORD_BYTES	2
/* Hash sets of addresses (Fibonacci hashing), never more than half full. */
#define SEEN_BITS	14
#define SEEN_SLOTS	(1u << SEEN_BITS)
#define MAX_LEADERS	(SEEN_SLOTS / 2)
#define FIB_HASH	0x9e3779b97f4a7c15ULL
_Static_assert(SEEN_SLOTS >= 2 * CODEMAP_MAX_INSNS, "the instructions fill at most half the set");

struct start {
	uint64_t addr;
	bool thumb;
};

struct walk {
	struct code_map *map;
	const struct stub_image *img;
	struct disasm d;
	struct start todo[CODEMAP_MAX_INSNS];
	unsigned int ntodo;
	uint64_t seen[SEEN_SLOTS];	/* addr + 1 of each instruction decoded; 0 free */
	uint64_t leader[SEEN_SLOTS];	/* addr + 1 of each block start */
	unsigned int nleaders;
};

static size_t slot_of(uint64_t addr)
{
	return (size_t)((addr * FIB_HASH) >> (64 - SEEN_BITS));
}

static bool set_has(const uint64_t *set, uint64_t addr)
{
	for (size_t i = slot_of(addr);; i = (i + 1) & (SEEN_SLOTS - 1)) {
		if (set[i] == addr + 1)
			return true;
		if (!set[i])
			return false;
	}
}

/* Whether addr is new to the set; the caller keeps it at most half full. */
static bool set_add(uint64_t *set, uint64_t addr)
{
	size_t i = slot_of(addr);

	while (set[i] && set[i] != addr + 1)
		i = (i + 1) & (SEEN_SLOTS - 1);
	if (set[i])
		return false;
	set[i] = addr + 1;
	return true;
}

/* A block starts at addr; false when the walk has found too many to keep. */
static bool add_leader(struct walk *w, uint64_t addr)
{
	if (w->nleaders == MAX_LEADERS && !set_has(w->leader, addr)) {
		w->map->truncated = true;
		return false;
	}
	w->nleaders += set_add(w->leader, addr);
	return true;
}

static void push(struct walk *w, uint64_t addr, bool thumb)
{
	if (!add_leader(w, addr) || set_has(w->seen, addr))
		return;
	if (w->ntodo < CODEMAP_MAX_INSNS)
		w->todo[w->ntodo++] = (struct start){ addr, thumb };
	else
		w->map->truncated = true;
}

/* Decode on from one start until control leaves. */
static void walk_from(struct walk *w, struct start s)
{
	struct code_map *map = w->map;
	csh cs = disasm_for(&w->d, s.thumb);
	uint64_t pc = s.addr;

	while (!set_has(w->seen, pc)) {
		struct code_insn *ci;
		const uint8_t *code;
		size_t left;
		uint64_t next = pc;

		if (map->ninsns == CODEMAP_MAX_INSNS) {
			map->truncated = true;
			return;
		}
		if (!(code = image_code_at(w->img, pc, &left)))
			return;
		set_add(w->seen, pc);
		ci = &map->insns[map->ninsns++];
		ci->addr = pc;
		ci->thumb = s.thumb;
		if (!cs_disasm_iter(cs, &code, &left, &next, w->d.insn)) {
			/* Run, it faults (Capstone 4 has no name for A64's udf #0): a block's end. */
			map->undecodable++;
			ci->size = s.thumb ? T32_HALFWORD_BYTES : A_INSN_BYTES;
			ci->flow.kind = FLOW_END;
			snprintf(ci->text, sizeof(ci->text), ".inst 0x%0*x (undecodable)",
				 2 * ci->size, left >= A_INSN_BYTES ? le32_get(code) &
				 (uint32_t)(UINT64_C(0xffffffff) >> (32 - 8 * ci->size)) : 0);
			return;
		}
		ci->size = (uint8_t)(next - pc);
		insn_flow(w->d.insn, &ci->flow);
		snprintf(ci->text, sizeof(ci->text), "%.31s%s%.62s", w->d.insn->mnemonic,
			 w->d.insn->op_str[0] ? " " : "", w->d.insn->op_str);
		if (ci->flow.has_target)
			push(w, ci->flow.target, s.thumb != ci->flow.switches_set);
		switch (ci->flow.kind) {
		case FLOW_NEXT:
			pc = next;
			continue;
		case FLOW_BRANCH:
		case FLOW_CALL:
		case FLOW_END_COND:
			push(w, next, s.thumb);
			return;
		default:
			return;
		}
	}
	add_leader(w, pc);		/* ran into code walked before: a block starts there */
}

static int by_addr(const void *x, const void *y)
{
	const struct code_insn *a = x, *b = y;

	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

/* The block that starts at addr, or -1. */
static int block_starting(const struct code_map *map, uint64_t addr)
{
	int b = codemap_block_at(map, addr);

	return b >= 0 && map->blocks[b].start == addr ? b : -1;
}

static void add_succ(struct code_map *map, struct code_block *b, int to)
{
	if (to < 0 || (b->nsucc && b->succ[0] == (unsigned int)to))
		return;
	b->succ[b->nsucc] = (unsigned int)to;
	b->edge[b->nsucc++] = map->nedges++;
}

/* A map keeps what its walk found, not room for the most a walk may find (--scan keeps many). */
static void shrink(void **p, size_t n, size_t size)
{
	void *q = n ? realloc(*p, n * size) : NULL;

	if (q)
		*p = q;
}

/* Cut the instructions into blocks, then join them. */
static int make_blocks(struct code_map *map, const struct walk *w)
{
	qsort(map->insns, map->ninsns, sizeof(map->insns[0]), by_addr);
	map->blocks = calloc(map->ninsns ? map->ninsns : 1, sizeof(map->blocks[0]));
	if (!map->blocks)
		return -1;
	for (unsigned int i = 0; i < map->ninsns; i++) {
		struct code_insn *in = &map->insns[i];
		const struct code_insn *prev = i ? &map->insns[i - 1] : NULL;

		in->leader = !prev || set_has(w->leader, in->addr) || prev->addr + prev->size != in->addr ||
			     prev->flow.kind != FLOW_NEXT || prev->thumb != in->thumb;
		if (in->leader)
			map->blocks[map->nblocks++] = (struct code_block){ .start = in->addr, .first = i };
		map->blocks[map->nblocks - 1].end = in->addr + in->size;
		map->blocks[map->nblocks - 1].n++;
	}
	shrink((void **)&map->blocks, map->nblocks, sizeof(map->blocks[0]));
	shrink((void **)&map->insns, map->ninsns, sizeof(map->insns[0]));
	for (unsigned int k = 0; k < map->nblocks; k++) {
		struct code_block *b = &map->blocks[k];
		const struct flow *f = &map->insns[b->first + b->n - 1].flow;

		if (f->kind != FLOW_NEXT && f->kind != FLOW_END_COND && f->kind != FLOW_END &&
		    f->has_target)
			add_succ(map, b, block_starting(map, f->target));
		if (f->kind == FLOW_NEXT || f->kind == FLOW_BRANCH || f->kind == FLOW_END_COND)
			add_succ(map, b, block_starting(map, b->end));
	}
	return 0;
}

int codemap_build(const struct arch_desc *arch, const struct stub_image *img, uint64_t entry,
		  bool thumb, struct code_map *map)
{
	struct walk *w = calloc(1, sizeof(*w));
	int rc = -1;

	memset(map, 0, sizeof(*map));
	map->entry = entry;
	map->entry_thumb = thumb;
	map->insns = calloc(CODEMAP_MAX_INSNS, sizeof(map->insns[0]));
	if (!w || !map->insns || disasm_open(&w->d, arch))
		goto out;
	w->map = map;
	w->img = img;
	push(w, entry, thumb);
	while (w->ntodo)
		walk_from(w, w->todo[--w->ntodo]);
	rc = make_blocks(map, w);
out:
	if (w)
		disasm_close(&w->d);
	free(w);
	if (rc)
		codemap_free(map);
	return rc;
}

void codemap_free(struct code_map *map)
{
	free(map->insns);
	free(map->blocks);
	memset(map, 0, sizeof(*map));
}

int codemap_block_at(const struct code_map *map, uint64_t addr)
{
	unsigned int lo = 0, hi = map->nblocks;

	/* The last block starting at or below addr. */
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (map->blocks[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || addr >= map->blocks[lo - 1].end)
		return -1;
	return (int)lo - 1;
}

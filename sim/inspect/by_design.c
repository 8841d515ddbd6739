/*
 * Unreachable by design. The claim for a block is a proof on the code
 * map: remove the branch ways that the core's ID registers rule out
 * (each gate's value is read from the emulated core itself, as the stub's
 * own MRS would read it), walk again from the entry, and the blocks left
 * out cannot run. The walk also follows a call's return (the map has no
 * edge for it). What keeps it honest:
 * - a gate is only a block ending "mrs of an ID register, extracts of it,
 *   a test of it" with nothing else between (id_gate): no caller's value,
 *   memory or earlier state steers it;
 * - the map's register branches are taken to leave the stub's code (its
 *   SOFT_RESTART jump to the caller's address), as the map itself has it;
 *   a block whose address the walked code forms (adr, adrp + add), and so
 *   may reach through a register, voids every claim;
 * - a block the claim rules out that a call did run voids every claim.
 */
#include "by_design.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct classify {
	struct coverage *c;
	const struct code_map *map;
	bool *dead;		/* per block and successor slot: [2 * b + slot] */
	int *dead_reason;	/* its reason */
	bool *reach;
	unsigned int *todo;
};

static int add_reason(struct coverage *c, const struct coverage_reason *r)
{
	struct coverage_reason *more = realloc(c->reasons, (c->nreasons + 1) * sizeof(*more));

	if (!more)
		return -1;
	c->reasons = more;
	c->reasons[c->nreasons] = *r;
	return (int)c->nreasons++;
}

/* Block b's gate, if it has one: mark the successor it never takes dead. */
static int find_gate(struct classify *k, const struct arch_desc *arch, const struct stub_image *img,
		     unsigned int b, by_design_read *read, void *ctx)
{
	const struct code_block *blk = &k->map->blocks[b];
	const struct flow *f = &k->map->insns[blk->first + blk->n - 1].flow;
	struct coverage_reason r = { 0 };
	struct id_gate g;
	uint64_t val, never;
	size_t left;
	const uint8_t *code = image_code_at(img, blk->start, &left);
	int idx;

	if (!code || left < blk->end - blk->start || f->kind != FLOW_BRANCH || !f->has_target ||
	    f->target == blk->end || !arch->id_gate(code, blk->end - blk->start, blk->start, &g) ||
	    g.branch + k->map->insns[blk->first + blk->n - 1].size != blk->end ||
	    read(ctx, &g, &val))
		return 0;
	r.branch = g.branch;
	snprintf(r.mnemonic, sizeof(r.mnemonic), "%s", g.mnemonic);
	arch->id_gate_name(&g, r.field, sizeof(r.field));
	r.value = (val >> g.shift) & g.mask;
	r.always_taken = (r.value == 0) == g.taken_if_zero;
	never = r.always_taken ? blk->end : f->target;
	for (unsigned int s = 0; s < blk->nsucc; s++) {
		if (k->map->blocks[blk->succ[s]].start != never)
			continue;
		if ((idx = add_reason(k->c, &r)) < 0)
			return -1;
		k->dead[2 * b + s] = true;
		k->dead_reason[2 * b + s] = idx;
	}
	return 0;
}

/* The blocks the entry reaches without a dead way (and through calls' returns). */
static void walk_live(struct classify *k)
{
	const struct code_map *map = k->map;
	int entry = codemap_block_at(map, map->entry);
	unsigned int n = 0;

	if (entry < 0)
		return;
	k->reach[entry] = true;
	k->todo[n++] = (unsigned int)entry;
	while (n) {
		unsigned int b = k->todo[--n];
		const struct code_block *blk = &map->blocks[b];
		int next[3];
		unsigned int nnext = 0;

		for (unsigned int s = 0; s < blk->nsucc; s++)
			if (!k->dead[2 * b + s])
				next[nnext++] = (int)blk->succ[s];
		if (map->insns[blk->first + blk->n - 1].flow.kind == FLOW_CALL) {
			int ret = codemap_block_at(map, blk->end);

			if (ret >= 0 && map->blocks[ret].start == blk->end)
				next[nnext++] = ret;
		}
		for (unsigned int i = 0; i < nnext; i++)
			if (!k->reach[next[i]]) {
				k->reach[next[i]] = true;
				k->todo[n++] = (unsigned int)next[i];
			}
	}
}

/* An address the walked code forms in a register (adr; adrp then add): a block there may be reached. */
static bool address_taken(const struct code_map *map, uint64_t addr)
{
	for (unsigned int i = 0; i < map->ninsns; i++) {
		const struct code_insn *in = &map->insns[i];
		const char *ops = strchr(in->text, ' ');
		uint64_t v, lo;

		if (!ops)
			continue;
		if (strncmp(in->text, "adr ", 4) == 0 && insn_imm(ops, &v) && v == addr)
			return true;
		if (strncmp(in->text, "adrp ", 5) == 0 && insn_imm(ops, &v) && i + 1 < map->ninsns &&
		    strncmp(map->insns[i + 1].text, "add ", 4) == 0 &&
		    insn_imm(strchr(map->insns[i + 1].text, ' '), &lo) && v + lo == addr)
			return true;
	}
	return false;
}

/* Give each block the entry cannot reach the reason of a dead way that leads to it. */
static void assign(struct classify *k)
{
	const struct code_map *map = k->map;

	for (unsigned int b = 0; b < map->nblocks; b++)
		for (unsigned int s = 0; s < map->blocks[b].nsucc; s++) {
			unsigned int n = 0;

			if (!k->dead[2 * b + s] || k->c->why[map->blocks[b].succ[s]] >= 0 ||
			    k->reach[map->blocks[b].succ[s]])
				continue;
			k->todo[n++] = map->blocks[b].succ[s];
			k->c->why[map->blocks[b].succ[s]] = k->dead_reason[2 * b + s];
			while (n) {
				const struct code_block *blk = &map->blocks[k->todo[--n]];
				int why = k->c->why[k->todo[n]];

				for (unsigned int t = 0; t < blk->nsucc; t++)
					if (!k->reach[blk->succ[t]] && k->c->why[blk->succ[t]] < 0) {
						k->c->why[blk->succ[t]] = why;
						k->todo[n++] = blk->succ[t];
					}
			}
		}
}

static void forget(struct coverage *c)
{
	free(c->why);
	free(c->reasons);
	c->why = NULL;
	c->reasons = NULL;
	c->nreasons = c->by_design = 0;
}

int by_design_classify(struct coverage *c, const struct arch_desc *arch,
		       const struct stub_image *img, by_design_read *read, void *ctx,
		       const char *cpu)
{
	const struct code_map *map = c->map;
	unsigned int nb = map->nblocks;
	struct classify k = { .c = c, .map = map };
	struct coverage_count n = coverage_count(c, -1);
	int rc = -1;

	forget(c);
	c->cpu = cpu;
	if (!arch->id_gate || n.blocks_covered == n.blocks || map->truncated)
		return 0;
	k.dead = calloc(2 * (size_t)nb, sizeof(*k.dead));
	k.dead_reason = calloc(2 * (size_t)nb, sizeof(*k.dead_reason));
	k.reach = calloc(nb, sizeof(*k.reach));
	k.todo = calloc(nb * 3 + 1, sizeof(*k.todo));
	c->why = malloc(nb * sizeof(*c->why));
	if (!k.dead || !k.dead_reason || !k.reach || !k.todo || !c->why)
		goto out;
	for (unsigned int b = 0; b < nb; b++) {
		c->why[b] = -1;
		if (find_gate(&k, arch, img, b, read, ctx))
			goto out;
	}
	rc = 0;
	if (!c->nreasons)
		goto out;
	walk_live(&k);
	for (unsigned int b = 0; b < nb; b++)
		if (!k.reach[b] && (coverage_block_run(c, -1, b) ||
				    address_taken(map, map->blocks[b].start)))
			goto out;	/* the claim does not hold: make none */
	assign(&k);
	for (unsigned int b = 0; b < nb; b++)
		c->by_design += c->why[b] >= 0;
out:
	if (rc || !c->by_design)
		forget(c);
	c->cpu = cpu;
	free(k.dead);
	free(k.dead_reason);
	free(k.reach);
	free(k.todo);
	return rc;
}

const char *by_design_text(const struct coverage *c, unsigned int b, char *buf, size_t len)
{
	const struct coverage_reason *r;

	if (!c->why || c->why[b] < 0)
		return NULL;
	r = &c->reasons[c->why[b]];
	snprintf(buf, len, "%s = %" PRIu64 " on %s: the %s at 0x%" PRIx64 " %s", r->field, r->value,
		 c->cpu ? c->cpu : "this core", r->mnemonic, r->branch,
		 r->always_taken ? "always branches away" : "never branches here");
	return buf;
}

static bool reason_used(const struct coverage *c, unsigned int i)
{
	for (unsigned int b = 0; c->why && b < c->map->nblocks; b++)
		if (c->why[b] == (int)i)
			return true;
	return false;
}

const char *by_design_summary(const struct coverage *c, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < c->nreasons && used < len; i++) {
		bool seen = false;

		for (unsigned int j = 0; j < i; j++)
			seen |= reason_used(c, j) && strcmp(c->reasons[j].field, c->reasons[i].field) == 0 &&
				c->reasons[j].value == c->reasons[i].value;
		if (seen || !reason_used(c, i))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s = %" PRIu64, used ? ", " : "",
					 c->reasons[i].field, c->reasons[i].value);
	}
	if (used && used < len)
		snprintf(buf + used, len - used, " on %s", c->cpu ? c->cpu : "this core");
	return buf;
}

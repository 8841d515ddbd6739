/*
 * The stub's code as the walk from its vector entry finds it: every
 * instruction reachable through direct branches, calls and fall-through,
 * cut into basic blocks joined by edges. Coverage is measured against it.
 */
#ifndef HYPABI_CODEMAP_H
#define HYPABI_CODEMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "flow.h"

#define CODEMAP_MAX_INSNS	4096	/* walked at most; the map says when it stopped there */
#define CODEMAP_TEXT		96	/* "movk x0, #0xbad, lsl #16" */

struct code_insn {
	uint64_t addr;
	uint8_t size;
	bool thumb;
	bool leader;			/* a block starts here */
	struct flow flow;
	char text[CODEMAP_TEXT];	/* mnemonic and operands */
};

struct code_block {
	uint64_t start, end;		/* [start, end) */
	unsigned int first, n;		/* its instructions: insns[first .. first + n) */
	unsigned int nsucc;
	unsigned int succ[2];		/* successor blocks ... */
	unsigned int edge[2];		/* ... and the edges to them */
};

struct code_map {
	uint64_t entry;
	bool entry_thumb;
	struct code_insn *insns;	/* by address */
	unsigned int ninsns;
	struct code_block *blocks;	/* by address */
	unsigned int nblocks;
	unsigned int nedges;
	bool truncated;			/* CODEMAP_MAX_INSNS reached: more code was not walked */
	unsigned int undecodable;	/* instructions Capstone cannot decode (each ends its block) */
};

struct arch_desc;
struct stub_image;

/*
 * Walk img's code from entry (in T32 if thumb) as arch's. 0, or -1 if
 * Capstone cannot be opened or memory runs out.
 */
int codemap_build(const struct arch_desc *arch, const struct stub_image *img, uint64_t entry,
		  bool thumb, struct code_map *map);
void codemap_free(struct code_map *map);
/* The block that holds addr, or -1. */
int codemap_block_at(const struct code_map *map, uint64_t addr);

#endif

/*
 * Finding HYP stub vector tables in a blob, with Capstone: at every
 * aligned offset, take the entry a lower-EL `hvc` would take, walk the
 * code it reaches (both ways at each conditional branch, a bounded number
 * of instructions), and keep the tables whose code dispatches on x0/r0
 * or reads the syndrome, and returns with ERET or writes the vector base.
 */
#include "scan.h"

#include <capstone/capstone.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aarch32_defs.h"
#include "aarch64_defs.h"
#include "hyp_abi_defs.h"
#include "image.h"

#define WALK_INSNS	160	/* instructions walked from one entry */
#define WALK_TARGETS	32	/* branch targets queued */

struct scan_arch {
	const char *name;
	cs_arch cs_arch;
	cs_mode cs_mode;
	uint32_t align;		/* vector base alignment */
	uint32_t entry;		/* offset of the lower-EL hvc entry */
	unsigned int nentries;
	uint32_t entry_size;
	unsigned int min_live;	/* entries that must hold a plausible instruction */
	const char *ret_reg;	/* "x0" / "r0" */
};

static const struct scan_arch arches[] = {
	{ "arm64", CS_ARCH_ARM64, CS_MODE_ARM, VBAR_ALIGN, VECTOR_LOWER_A64_SYNC, 16,
	  VECTOR_ENTRY_SIZE, 12, "x0" },
	{ "arm", CS_ARCH_ARM, CS_MODE_ARM, HVBAR_ALIGN, HYP_VECTOR_TRAP, 8, 4, 8, "r0" },
};

struct walk {
	bool dispatch_x0, reads_syndrome, eret, writes_vbar, returns_err;
	uint32_t numbers;	/* bit n: compared x0/r0 with n (n < 32) */
};

static uint32_t word_at(const uint8_t *p)
{
	uint32_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

#define A32_B_AL_MASK	0xff000000u
#define A32_B_AL	0xea000000u	/* B, condition AL */

/*
 * A cheap first look: can the word start a vector entry? A Hyp vector
 * entry is one instruction, in practice always an A32 B (the kernel's
 * W(b)); an AArch64 entry is 32 instructions, any but UDF and zeros.
 */
static bool plausible(const struct scan_arch *a, uint32_t w)
{
	if (a->cs_arch == CS_ARCH_ARM)
		return (w & A32_B_AL_MASK) == A32_B_AL;
	return w != 0 && w != 0xffffffffu && w != A64_UDF_0;
}

static bool parse_imm(const char *s, uint64_t *v)
{
	const char *h = strchr(s, '#');
	char *end;

	if (!h)
		return false;
	*v = strtoull(h + 1, &end, 0);
	return end != h + 1;
}

/* The word a PC-relative literal load reads, if it is inside the blob. */
static bool literal(const struct scan_arch *a, const cs_insn *in, const uint8_t *data,
		    size_t len, uint64_t *val)
{
	const char *pc = strstr(in->op_str, "[pc, #");
	uint64_t addr;

	if (strcmp(in->mnemonic, "ldr") != 0)
		return false;
	if (a->cs_arch == CS_ARCH_ARM) {
		if (!pc)
			return false;
		/* A32 reads PC as the instruction's address + 8. */
		addr = in->address + 8 + strtoull(pc + 6, NULL, 0);
	} else if (!parse_imm(in->op_str, &addr) || strchr(in->op_str, '[')) {
		return false;
	}
	if (addr > len || len - addr < 4)	/* addr + 4 could wrap */
		return false;
	*val = word_at(data + addr);
	return true;
}

static void note(const struct scan_arch *a, const cs_insn *in, const uint8_t *data, size_t len,
		 struct walk *w)
{
	const char *m = in->mnemonic, *op = in->op_str;
	size_t rl = strlen(a->ret_reg);
	uint64_t imm, lit;

	if (strcmp(m, "eret") == 0)
		w->eret = true;
	if (literal(a, in, data, len, &lit) && lit == HVC_STUB_ERR)
		w->returns_err = true;
	/* A compare of x0/r0 with a small number: the stub's function numbers. */
	if ((strcmp(m, "cmp") == 0 || strcmp(m, "teq") == 0) &&
	    strncmp(op, a->ret_reg, rl) == 0 && op[rl] == ',' && parse_imm(op, &imm) &&
	    imm < SCAN_MAX_NUMBER) {
		w->dispatch_x0 = true;
		w->numbers |= 1u << imm;
	}
	if (a->cs_arch == CS_ARCH_ARM64) {
		if (strcmp(m, "mrs") == 0 && strstr(op, "esr_el2"))
			w->reads_syndrome = true;
		if (strcmp(m, "msr") == 0 && strncmp(op, "vbar_el2", 8) == 0)
			w->writes_vbar = true;
		/* mov_q x0, HVC_STUB_ERR: a movz or movk of 0xbad, lsl #16. */
		if ((strcmp(m, "movz") == 0 || strcmp(m, "movk") == 0 || strcmp(m, "mov") == 0) &&
		    parse_imm(op, &imm) &&
		    ((imm == (HVC_STUB_ERR >> 16) && strstr(op, "lsl #16")) ||
		     imm == (HVC_STUB_ERR & 0xffff0000u) || imm == HVC_STUB_ERR))
			w->returns_err = true;
	} else {
		/* p15, 4, Rt, c5, c2, 0 is HSR; p15, 4, Rt, c12, c0, 0 is HVBAR. */
		if (strcmp(m, "mrc") == 0 && strstr(op, "p15, #4") && strstr(op, "c5, c2, #0"))
			w->reads_syndrome = true;
		if (strcmp(m, "mcr") == 0 && strstr(op, "p15, #4") && strstr(op, "c12, c0, #0"))
			w->writes_vbar = true;
		if (strcmp(m, "movt") == 0 && parse_imm(op, &imm) && imm == (HVC_STUB_ERR >> 16))
			w->returns_err = true;
	}
}

static bool is_branch(const cs_insn *in, bool *conditional)
{
	const char *m = in->mnemonic;

	*conditional = false;
	if (strcmp(m, "b") == 0)
		return true;
	if (strncmp(m, "b.", 2) == 0 || strcmp(m, "cbz") == 0 || strcmp(m, "cbnz") == 0 ||
	    strcmp(m, "tbz") == 0 || strcmp(m, "tbnz") == 0) {
		*conditional = true;
		return true;
	}
	/* A32 conditional B: "b" and a condition code. */
	if (m[0] == 'b' && strlen(m) == 3) {
		static const char conds[] = "eqnecshsccloplmivsvchilsgeltgtle";

		for (size_t i = 0; i + 1 < sizeof(conds); i += 2)
			if (m[1] == conds[i] && m[2] == conds[i + 1]) {
				*conditional = true;
				return true;
			}
	}
	return false;
}

static bool ends_path(const cs_insn *in)
{
	const char *m = in->mnemonic;

	return strcmp(m, "eret") == 0 || strcmp(m, "br") == 0 || strcmp(m, "ret") == 0 ||
	       strcmp(m, "bx") == 0 || strcmp(m, "udf") == 0 || strcmp(m, "hvc") == 0 ||
	       strcmp(m, "smc") == 0;
}

/* Walk the code from the entry at blob offset off. */
static void walk(csh cs, cs_insn *in, const struct scan_arch *a, const uint8_t *data,
		 size_t len, uint64_t off, struct walk *w)
{
	uint64_t queue[WALK_TARGETS];
	unsigned int nq = 0, budget = WALK_INSNS;

	memset(w, 0, sizeof(*w));
	queue[nq++] = off;
	for (unsigned int qi = 0; qi < nq && budget; qi++) {
		uint64_t pc = queue[qi];

		while (budget && pc + 4 <= len) {
			const uint8_t *code = data + pc;
			size_t size = len - pc;
			uint64_t addr = pc, target;
			bool cond;

			if (!cs_disasm_iter(cs, &code, &size, &addr, in))
				break;
			budget--;
			note(a, in, data, len, w);
			if (ends_path(in))
				break;
			if (is_branch(in, &cond) && parse_imm(in->op_str, &target)) {
				bool seen = false;

				for (unsigned int k = 0; k < nq; k++)
					seen |= queue[k] == target;
				if (!seen && target < len && nq < WALK_TARGETS)
					queue[nq++] = target;
				if (!cond)
					break;
			}
			pc = addr;
		}
	}
}

static const struct scan_arch *scan_arch_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (strcmp(arches[i].name, name) == 0)
			return &arches[i];
	return NULL;
}

int scan_blob(const char *arch, const uint8_t *data, size_t len, struct scan_result *res)
{
	const struct scan_arch *a = scan_arch_by_name(arch);
	csh cs;
	cs_insn *in;

	if (!a || cs_open(a->cs_arch, a->cs_mode, &cs) != CS_ERR_OK)
		return -1;
	in = cs_malloc(cs);
	if (!in) {
		cs_close(&cs);
		return -1;
	}
	for (uint64_t off = 0; off + a->entry + 4 <= len; off += a->align) {
		unsigned int live = 0;
		struct walk w;
		struct scan_candidate *c;

		if (!plausible(a, word_at(data + off + a->entry)))
			continue;
		/* Entries past the end of the blob are allowed to be missing. */
		for (unsigned int e = 0; e < a->nentries; e++)
			live += off + e * a->entry_size + 4 > len ||
				plausible(a, word_at(data + off + e * a->entry_size));
		if (live < a->min_live)
			continue;
		walk(cs, in, a, data, len, off + a->entry, &w);
		/*
		 * A stub dispatches on the function number, and returns with ERET
		 * or changes the vector base. Code that only dispatches on the
		 * exception class (a hypervisor's guest-exit vectors) compares x0
		 * with numbers like 0x16, not with small ones, and is left out.
		 */
		if (!w.dispatch_x0 || !(w.eret || w.writes_vbar) ||
		    !(w.writes_vbar || w.returns_err || w.reads_syndrome))
			continue;
		if (res->n == SCAN_MAX_CANDIDATES) {
			res->truncated = true;
			break;
		}
		c = &res->c[res->n++];
		c->offset = off;
		c->numbers = w.numbers;
		c->stub_err = w.returns_err;
		snprintf(c->why, sizeof(c->why), "%s%s%s%s%s",
			 w.dispatch_x0 ? (a->cs_arch == CS_ARCH_ARM ? "dispatches on r0; "
								    : "dispatches on x0; ") : "",
			 w.reads_syndrome ? "reads the syndrome; " : "",
			 w.writes_vbar ? "writes the vector base; " : "",
			 w.returns_err ? "builds HVC_STUB_ERR; " : "",
			 w.eret ? "returns with eret" : "no eret reached");
	}
	cs_free(in, 1);
	cs_close(&cs);
	return 0;
}

int scan_image(const char *arch, const struct stub_image *img, struct scan_result *res)
{
	unsigned int first;

	memset(res, 0, sizeof(*res));
	if (scan_blob(arch, img->seg[0].data, img->seg[0].size, res))
		return -1;
	if (!img->has_payload || res->truncated)
		return 0;
	first = res->n;
	if (scan_blob(arch, img->payload.seg.data, img->payload.seg.size, res))
		return -1;
	for (unsigned int i = first; i < res->n; i++)
		res->c[i].payload = true;
	return 0;
}

uint64_t scan_vectors(const struct stub_image *img, const struct scan_candidate *c)
{
	return (c->payload ? img->payload.seg.addr : img->seg[0].addr) + c->offset;
}

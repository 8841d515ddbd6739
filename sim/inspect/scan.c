/*
 * Finding HYP stub vector tables in a blob, with Capstone: at every
 * aligned offset, take the entry a lower-EL `hvc` would take, walk the
 * code it reaches (both ways at each conditional branch, a bounded number
 * of instructions), and keep the tables whose code dispatches on x0/r0
 * or reads the syndrome, and returns with ERET or writes the vector base.
 */
#include "scan.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "hyp_abi_defs.h"
#include "image.h"
#include "walk.h"

#define WALK_INSNS	160	/* instructions walked from one entry */
#define WALK_TARGETS	32	/* branch targets queued */

/* What the walk from one entry saw. */
struct walk {
	const struct arch_desc *arch;
	const uint8_t *data;
	size_t len;
	bool dispatch_x0, reads_syndrome, eret, writes_vbar, returns_err;
	uint32_t numbers;	/* bit n: compared x0/r0 with n (n < 32) */
};

static uint32_t word_at(const uint8_t *p)
{
	uint32_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* A cheap first look: can the word start a vector entry? */
static bool plausible(const struct scan_params *p, uint32_t w)
{
	for (unsigned int i = 0; i < p->nnever; i++)
		if (w == p->never[i])
			return false;
	return (w & p->entry_mask) == p->entry_value;
}

static bool matches(const struct insn_match *m, const cs_insn *in)
{
	if (strcmp(in->mnemonic, m->mnemonic) != 0)
		return false;
	for (size_t i = 0; i < sizeof(m->has) / sizeof(m->has[0]) && m->has[i]; i++)
		if (!strstr(in->op_str, m->has[i]))
			return false;
	return true;
}

/*
 * HVC_STUB_ERR built from immediates: the whole value, its upper half
 * moved into place (movt, or movz/movk with lsl #16), or that half as a
 * shifted constant (mov of 0x0bad0000).
 */
static bool builds_stub_err(const cs_insn *in)
{
	static const char *const movs[] = { "mov", "movz", "movk", "movt" };
	const char *m = in->mnemonic;
	bool is_mov = false, upper_half;
	uint64_t imm;

	for (size_t i = 0; i < sizeof(movs) / sizeof(movs[0]); i++)
		is_mov |= strcmp(m, movs[i]) == 0;
	if (!is_mov || !insn_imm(in->op_str, &imm))
		return false;
	upper_half = strcmp(m, "movt") == 0 || strstr(in->op_str, "lsl #16");
	return imm == HVC_STUB_ERR || imm == (HVC_STUB_ERR & 0xffff0000u) ||
	       (upper_half && imm == (HVC_STUB_ERR >> 16));
}

static void note(const cs_insn *in, void *state, void *ctx)
{
	struct walk *w = ctx;
	const struct arch_desc *a = w->arch;
	const char *m = in->mnemonic, *op = in->op_str;
	const char *ret = a->live_gpr_names[a->ret_gpr];
	size_t rl = strlen(ret);
	uint64_t imm, lit;

	/* Only these are read below: eret, ldr, mov*, cmp, teq, and the arch's two system moves. */
	if (!strchr("elmct", m[0]) && m[0] != a->scan.syndrome_read.mnemonic[0] &&
	    m[0] != a->scan.vbar_write.mnemonic[0])
		return;
	if (strcmp(m, "eret") == 0)
		w->eret = true;
	(void)state;
	if ((insn_literal(&a->scan, in, w->data, w->len, 4, &lit) && lit == HVC_STUB_ERR) ||
	    builds_stub_err(in))
		w->returns_err = true;
	/* A compare of x0/r0 with a small number: the stub's function numbers. */
	if ((strcmp(m, "cmp") == 0 || strcmp(m, "teq") == 0) &&
	    strncmp(op, ret, rl) == 0 && op[rl] == ',' && insn_imm(op, &imm) &&
	    imm < SCAN_MAX_NUMBER) {
		w->dispatch_x0 = true;
		w->numbers |= 1u << imm;
	}
	if (matches(&a->scan.syndrome_read, in))
		w->reads_syndrome = true;
	if (matches(&a->scan.vbar_write, in))
		w->writes_vbar = true;
}

/* Is there a stub's vector table at off? Scan parameters of the architecture. */
static bool table_at(const struct scan_params *p, uint32_t hvc_vector, const uint8_t *data,
		     size_t len, uint64_t off)
{
	unsigned int live = 0;

	if (!plausible(p, word_at(data + off + hvc_vector)))
		return false;
	/* Entries past the end of the blob are allowed to be missing. */
	for (unsigned int e = 0; e < p->nentries; e++)
		live += off + e * p->entry_size + 4 > len ||
			plausible(p, word_at(data + off + e * p->entry_size));
	return live >= p->min_live;
}

static void add_candidate(const struct arch_desc *a, const struct walk *w, uint64_t off,
			  struct scan_result *res)
{
	struct scan_candidate *c = &res->c[res->n++];

	c->offset = off;
	c->numbers = w->numbers;
	c->stub_err = w->returns_err;
	snprintf(c->why, sizeof(c->why), "dispatches on %s; %s%s%s%s",
		 a->live_gpr_names[a->ret_gpr],
		 w->reads_syndrome ? "reads the syndrome; " : "",
		 w->writes_vbar ? "writes the vector base; " : "",
		 w->returns_err ? "builds HVC_STUB_ERR; " : "",
		 w->eret ? "returns with eret" : "no eret reached");
}

/* One thread's means to judge offsets of a blob: its Capstone handle, through the scan's cache. */
struct scanner {
	const struct arch_desc *a;
	const uint8_t *data;
	size_t len;
	struct disasm d;
	struct insn_decoder dec;
};

static int scanner_open(struct scanner *s, const struct arch_desc *a, const uint8_t *data,
			size_t len, struct insn_cache *cache)
{
	*s = (struct scanner){ .a = a, .data = data, .len = len };
	if (disasm_open(&s->d, a))
		return -1;
	/* d.cs decodes the arch's fixed-width instructions (A64, A32): a cache can serve it. */
	if (insn_decoder_open(&s->dec, cache, s->d.cs)) {
		disasm_close(&s->d);
		return -1;
	}
	return 0;
}

static void scanner_close(struct scanner *s)
{
	insn_decoder_close(&s->dec);
	disasm_close(&s->d);
}

/*
 * The candidates at offsets k * vector_align, k in [from, to), appended
 * to res; false when res was full with one more found (res->truncated).
 */
static bool scan_offsets(struct scanner *s, uint64_t from, uint64_t to, struct scan_result *res)
{
	const struct arch_desc *a = s->a;

	for (uint64_t k = from; k < to; k++) {
		uint64_t off = k * a->vector_align;
		struct walk w = { .arch = a, .data = s->data, .len = s->len };
		const struct walk_params p = { WALK_INSNS, WALK_TARGETS, 0, note, &w, &s->dec };

		if (!table_at(&a->scan, a->hvc_vector, s->data, s->len, off))
			continue;
		walk_code(s->d.cs, s->d.insn, s->data, s->len, off + a->hvc_vector, &p, NULL);
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
			return false;
		}
		add_candidate(a, &w, off, res);
	}
	return true;
}

/*
 * Threads take stripes of the blob in turn: a kernel's code, where the
 * walks are, is its first part, so halves would leave one thread the work.
 */
#define SCAN_STRIPE	(256u << 10)

/* One thread's share of a blob: stripes first, first + step, ... of nofs offsets. */
struct scan_part {
	const struct arch_desc *a;
	const uint8_t *data;
	size_t len;
	uint64_t nofs, first, step;
	struct insn_cache *cache;	/* the blob's, shared */
	struct scan_result res;
	int rc;
	pthread_t thread;
	bool started;
};

static void *scan_part(void *arg)
{
	struct scan_part *p = arg;
	uint64_t per = SCAN_STRIPE / p->a->vector_align;
	struct scanner s;

	if ((p->rc = scanner_open(&s, p->a, p->data, p->len, p->cache)))
		return NULL;
	for (uint64_t k = p->first * per; k < p->nofs; k += p->step * per)
		if (!scan_offsets(&s, k, k + per < p->nofs ? k + per : p->nofs, &p->res))
			break;
	scanner_close(&s);
	return NULL;
}

static int by_offset(const void *x, const void *y)
{
	const struct scan_candidate *a = x, *b = y;

	return (a->offset > b->offset) - (a->offset < b->offset);
}

/*
 * The parts' candidates, in offset order, appended to res and cut where
 * one thread would have: each part holds every candidate up to its own
 * cut, and the first part to be cut already held a full list, so the
 * first ones in offset order are the whole list's.
 */
static int merge_parts(struct scan_part *parts, unsigned int n, struct scan_result *res)
{
	struct scan_candidate *all = calloc((size_t)n * SCAN_MAX_CANDIDATES, sizeof(*all));
	size_t total = 0;

	if (!all)
		return -1;
	for (unsigned int i = 0; i < n; i++) {
		if (parts[i].rc) {
			free(all);
			return -1;
		}
		memcpy(all + total, parts[i].res.c, parts[i].res.n * sizeof(*all));
		total += parts[i].res.n;
		res->truncated |= parts[i].res.truncated;
	}
	qsort(all, total, sizeof(*all), by_offset);
	for (size_t i = 0; i < total; i++) {
		if (res->n == SCAN_MAX_CANDIDATES) {
			res->truncated = true;
			break;
		}
		res->c[res->n++] = all[i];
	}
	free(all);
	return 0;
}

/* Below this many bytes a thread of its own costs more than it saves. */
#define SCAN_MIN_PER_JOB	(4u << 20)

int scan_blob(const struct arch_desc *a, const uint8_t *data, size_t len, unsigned int jobs,
	      struct scan_result *res)
{
	uint64_t nofs = len >= a->hvc_vector + 4 ? (len - a->hvc_vector - 4) / a->vector_align + 1 : 0;
	unsigned int n = jobs < len / SCAN_MIN_PER_JOB ? jobs : (unsigned int)(len / SCAN_MIN_PER_JOB);
	struct insn_cache *cache = insn_cache_new();
	struct scan_part *parts;
	int rc;

	if (!cache)
		return -1;
	if (n <= 1 || !(parts = calloc(n, sizeof(*parts)))) {
		struct scanner s;

		rc = scanner_open(&s, a, data, len, cache);
		if (!rc) {
			scan_offsets(&s, 0, nofs, res);
			scanner_close(&s);
		}
		insn_cache_free(cache);
		return rc;
	}
	for (unsigned int i = 0; i < n; i++) {
		parts[i] = (struct scan_part){ .a = a, .data = data, .len = len, .nofs = nofs,
					       .first = i, .step = n, .cache = cache };
		/* A thread that cannot start: its share is scanned here, below. */
		parts[i].started = i > 0 && pthread_create(&parts[i].thread, NULL, scan_part,
							   &parts[i]) == 0;
	}
	for (unsigned int i = 0; i < n; i++) {
		if (parts[i].started)
			pthread_join(parts[i].thread, NULL);
		else
			scan_part(&parts[i]);
	}
	rc = merge_parts(parts, n, res);
	free(parts);
	insn_cache_free(cache);
	return rc;
}

int scan_image(const struct arch_desc *arch, const struct stub_image *img, unsigned int jobs,
	       struct scan_result *res)
{
	unsigned int first;

	memset(res, 0, sizeof(*res));
	if (scan_blob(arch, img->seg[0].data, img->seg[0].size, jobs, res))
		return -1;
	if (img->has_payload && !res->truncated) {
		first = res->n;
		if (scan_blob(arch, img->payload.seg.data, img->payload.seg.size, jobs, res))
			return -1;
		for (unsigned int i = first; i < res->n; i++)
			res->c[i].payload = true;
	}
	for (unsigned int i = 0; i < res->n; i++)
		res->c[i].symbol = image_symbol_at(img, scan_vectors(img, &res->c[i]));
	return 0;
}

uint64_t scan_vectors(const struct stub_image *img, const struct scan_candidate *c)
{
	return (c->payload ? img->payload.seg.addr : img->seg[0].addr) + c->offset;
}

/*
 * The explore loop, a small coverage-guided fuzzer: half of its calls are
 * fresh random cases of the functions in turn (caselist's, past the
 * default count), half mutate a case of the corpus, the cases that
 * reached something new. A mutation changes a few of the caller's
 * general registers (a bit flipped, a neighbour, zero, a power of two, a
 * random word, another register's value), never its stack pointer nor
 * what makes the call the function it is (x0/r0 still names it), and
 * brings the function's arguments back into what the ABI allows
 * (case_conform), so each call is still a valid one of its function's:
 * the rules judge it as they judge the cases.
 */
#include "explore.h"

#include <stdlib.h>
#include <string.h>

#include "rng.h"

#define CORPUS_MAX	256
#define ARG_GPRS	5	/* x0-x4 / r0-r4: what the ABI's functions read */

struct corpus_entry {
	enum hyp_function fn;
	struct call_input in;
};

struct explorer {
	struct machine *m;
	const struct check_config *cfg;
	struct case_config cases;		/* cfg's, on m's core (check_cases_on), as check_run's */
	struct rng r;
	enum hyp_function fns[FN_COUNT];	/* the functions judged, in turn */
	unsigned int nfns;
	uint64_t fresh[FN_COUNT];		/* next fresh case index of each */
	struct corpus_entry *corpus;
	unsigned int ncorpus;
	const struct explore_hooks *hooks;
	bool stopped;				/* hooks->before said stop */
};

static uint64_t mutate_value(struct rng *r, uint64_t v, uint64_t other, uint64_t mask)
{
	switch (rng_below(r, 7)) {
	case 0:  return v ^ (UINT64_C(1) << rng_below(r, 64));
	case 1:  return v + 1;
	case 2:  return v - 1;
	case 3:  return 0;
	case 4:  return UINT64_C(1) << rng_below(r, 64);
	case 5:  return other;
	default: return rng_next(r) & mask;
	}
}

static void mutate(struct explorer *x, enum hyp_function fn, struct call_input *in)
{
	const struct arch_desc *a = x->cfg->cases.arch;
	const struct profile *p = x->cfg->cases.profile;
	uint64_t *gpr = in->caller.gpr;
	uint64_t keep = gpr[a->ret_gpr];
	unsigned int n = 1 + (unsigned int)rng_below(&x->r, 3);

	for (unsigned int k = 0; k < n; k++) {
		/* Mostly the argument registers; sometimes any but the stack pointer. */
		unsigned int i = (unsigned int)rng_below(&x->r, rng_below(&x->r, 4) ? ARG_GPRS : a->ngprs);
		unsigned int j = (unsigned int)rng_below(&x->r, a->ngprs);

		if (i == a->sp_gpr)
			continue;
		gpr[i] = mutate_value(&x->r, gpr[i], gpr[j], a->gpr_mask) & a->gpr_mask;
	}
	if (profile_function(p, gpr[a->ret_gpr]) != fn)
		gpr[a->ret_gpr] = keep;
	/* Still a call the ABI allows: a rule judges it as it judges the cases. */
	case_conform(&x->cases, fn, in);
}

static unsigned int covered(const struct coverage *c)
{
	struct coverage_count n = coverage_count(c, -1);

	return n.blocks_covered + n.edges_covered;
}

static bool complete(const struct coverage *c)
{
	struct coverage_count n = coverage_count(c, -1);

	return n.blocks_covered == n.blocks && n.edges_covered == n.edges;
}

/* One call of fn with in; true if it reached a block or edge no call had. */
static int try_call(struct explorer *x, enum hyp_function fn, const struct call_input *in,
		    bool *grew)
{
	struct coverage *cov = x->cfg->coverage;
	unsigned int before = covered(cov);
	const struct explore_hooks *h = x->hooks;
	struct observation o;
	int rc;

	*grew = false;
	if (h && h->before && !h->before(h->ctx, cov->explored + 1, fn, in)) {
		x->stopped = true;
		return 0;
	}
	check_cover(x->m, x->cfg->coverage, fn);
	rc = machine_call(x->m, in, &o);
	if (rc)
		return rc;
	check_cover_end(x->cfg->coverage, &o);
	cov->explored++;
	if (h && h->after)
		h->after(h->ctx, cov->explored, fn, in, &o);
	*grew = covered(cov) > before;
	if (*grew && x->ncorpus < CORPUS_MAX)
		x->corpus[x->ncorpus++] = (struct corpus_entry){ fn, *in };
	return 0;
}

static int explore(struct explorer *x, uint64_t calls, uint64_t already)
{
	struct coverage *cov = x->cfg->coverage;
	uint64_t quiet = 0;

	/* Seeds: the first case of each function. */
	for (unsigned int k = 0; k < x->nfns && x->ncorpus < CORPUS_MAX; k++) {
		struct hyp_case c;

		case_fill(&x->cases, x->fns[k], 0, &c);
		x->corpus[x->ncorpus++] = (struct corpus_entry){ x->fns[k], c.in };
	}
	if (coverage_note_growth(cov, already))
		return MACHINE_EINTERNAL;
	for (uint64_t i = 0; i < calls && quiet < EXPLORE_PATIENCE && !complete(cov); i++) {
		struct hyp_case c;
		enum hyp_function fn;
		bool grew;
		int rc;

		if (i % 2 == 0) {
			fn = x->fns[(i / 2) % x->nfns];
			case_fill(&x->cases, fn, (unsigned int)x->fresh[fn]++, &c);
		} else {
			const struct corpus_entry *e = &x->corpus[rng_below(&x->r, x->ncorpus)];

			fn = e->fn;
			c.in = e->in;
			mutate(x, fn, &c.in);
		}
		rc = try_call(x, fn, &c.in, &grew);
		if (rc || x->stopped)
			return rc;
		quiet = grew ? 0 : quiet + 1;
		if (grew && coverage_note_growth(cov, already + i + 1))
			return MACHINE_EINTERNAL;
	}
	/* Where it stopped, unless that was its last growth. */
	if (cov->growth[cov->ngrowth - 1].calls != already + cov->explored &&
	    coverage_note_growth(cov, already + cov->explored))
		return MACHINE_EINTERNAL;
	return 0;
}

int explore_run(struct machine *m, const struct check_config *cfg, uint64_t calls,
		uint64_t already, const struct explore_hooks *hooks)
{
	struct explorer x = { .m = m, .cfg = cfg, .r = { cfg->cases.seed ^ 0x6578706c6f7265ULL },
			      .hooks = hooks, .cases = check_cases_on(m->cpu, cfg) };
	int rc;

	if (!cfg->coverage)
		return 0;
	for (int fn = 0; fn < FN_COUNT; fn++) {
		unsigned int n = cases_count(&x.cases, (enum hyp_function)fn);

		if (n) {
			x.fns[x.nfns++] = (enum hyp_function)fn;
			x.fresh[fn] = n;
		}
	}
	if (!x.nfns)
		return 0;
	x.corpus = calloc(CORPUS_MAX, sizeof(*x.corpus));
	if (!x.corpus) {
		snprintf(m->core.errmsg, sizeof(m->core.errmsg), "--explore: out of memory");
		return MACHINE_EINTERNAL;
	}
	rc = explore(&x, calls, already);
	if (rc == MACHINE_EINTERNAL && !m->core.errmsg[0])
		snprintf(m->core.errmsg, sizeof(m->core.errmsg), "--explore: out of memory");
	free(x.corpus);
	return rc;
}

/*
 * check_stubs: the cases of many stubs shared out among threads, each
 * with emulators of its own, and joined back in the order of the cases.
 *
 * A stub's cases are cut into shares (a function's cases first..last-1).
 * A thread takes the next share of the stub whose machine it has open, or
 * else of a stub nobody has started, or else of the stub with the most
 * left if they are worth a machine more (a machine copies the whole
 * image: each is opened as few times as can be). A share runs into a results of its own; the shares of a stub
 * are merged (results_merge) strictly in order, a share done early being
 * held until those before it are in. Case i of function fn is made from
 * the seed by (fn, i) wherever it runs, so the merged results are those of
 * one thread's run, byte for byte. The held shares are bounded (PARKED per
 * thread): memory does not grow with the number of calls.
 */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

/* Cases in a share: enough that its fixed cost (a results cleared, merged) is noise. */
#define SHARE_CASES	128
/* Shares done, held for those before them, per thread. */
#define PARKED		3
/*
 * What opening one more machine on a stub costs, in calls: the engine and
 * harness, then the image copied in, page by page (measured with perf on
 * check --scan of a 48 MB arm64 Image: a call ~3 us, an open ~60 ms more
 * than a small stub's on this 2-CPU VM, most of it page faults). A thread
 * joins a stub that another has open only while more calls are left than
 * that: a second copy of a kernel costs more than the calls it would take.
 */
#define OPEN_CALLS		256
#define OPEN_BYTES_PER_CALL	1024

struct share {
	unsigned int stub, seq;		/* the seq-th share of the stub */
	enum hyp_function fn;
	unsigned int first, last;
	struct results res;
	struct share *next;		/* in the free list, or the stub's held list */
};

/* Where a stub's shares stand. */
struct stub_progress {
	unsigned int shares;		/* in all */
	uint64_t open_cost;		/* calls another machine on it costs (OPEN_CALLS) */
	unsigned int taken, merged;	/* shares handed out, merged into the stub's results */
	int fn;				/* the next share to hand out: its function, first case */
	unsigned int first;
	struct share *held;		/* done, waiting for those before them */
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t changed;		/* a share merged, or the run failed */
	struct check_stub *stubs;
	struct stub_progress *prog;
	unsigned int n;
	unsigned int left;		/* shares not yet handed out, over all stubs */
	struct share *free;
	bool failed;
	unsigned int next_trace;	/* the next stub whose failures to trace */
};

static unsigned int shares_of(const struct check_stub *st)
{
	const struct case_config cc = check_cases_on(st->how.cpu, st->cfg);
	unsigned int k = 0;

	for (int fn = 0; fn < FN_COUNT; fn++)
		k += (cases_count(&cc, (enum hyp_function)fn) + SHARE_CASES - 1) / SHARE_CASES;
	return k;
}

static uint64_t open_cost(const struct stub_image *img)
{
	uint64_t bytes = 0;

	for (unsigned int i = 0; i < img->nseg; i++)
		bytes += img->seg[i].size;
	return OPEN_CALLS + bytes / OPEN_BYTES_PER_CALL;
}

/*
 * The stub a thread with stub `open` (or none: n) works on next: its own
 * while it has shares; else one nobody has started; else the one with the
 * most shares left, if they are worth another machine. n: none.
 */
static unsigned int pick_stub(const struct pool *p, unsigned int open)
{
	unsigned int best = p->n;

	if (open < p->n && p->prog[open].taken < p->prog[open].shares)
		return open;
	for (unsigned int s = 0; s < p->n; s++)
		if (p->prog[s].taken == 0 && p->prog[s].shares > 0)
			return s;
	for (unsigned int s = 0; s < p->n; s++) {
		const struct stub_progress *g = &p->prog[s];

		if ((uint64_t)(g->shares - g->taken) * SHARE_CASES > g->open_cost &&
		    (best == p->n || g->shares - g->taken >
				     p->prog[best].shares - p->prog[best].taken))
			best = s;
	}
	return best;
}

/* Hand out stub s's next share (under the lock, with a free share at hand). */
static struct share *take_share(struct pool *p, unsigned int s)
{
	struct stub_progress *g = &p->prog[s];
	const struct case_config cc = check_cases_on(p->stubs[s].how.cpu, p->stubs[s].cfg);
	struct share *sh = p->free;
	unsigned int n;

	p->free = sh->next;
	while ((n = cases_count(&cc, (enum hyp_function)g->fn)) <= g->first) {
		g->fn++;
		g->first = 0;
	}
	sh->stub = s;
	sh->seq = g->taken++;
	sh->fn = (enum hyp_function)g->fn;
	sh->first = g->first;
	sh->last = n - g->first > SHARE_CASES ? g->first + SHARE_CASES : n;
	g->first = sh->last;
	p->left--;
	return sh;
}

/* A share done (under the lock): merged now if every share before it is in, else held. */
static void deliver(struct pool *p, struct share *sh)
{
	struct stub_progress *g = &p->prog[sh->stub];
	struct results *res = p->stubs[sh->stub].res;
	struct share **at;

	if (sh->seq != g->merged) {
		sh->next = g->held;
		g->held = sh;
		return;
	}
	for (;;) {
		results_merge(res, &sh->res);
		g->merged++;
		sh->next = p->free;
		p->free = sh;
		for (at = &g->held; *at && (*at)->seq != g->merged; at = &(*at)->next)
			;
		if (!*at)
			break;
		sh = *at;
		*at = sh->next;
	}
	if (g->merged == g->shares)
		results_finish(res);
	pthread_cond_broadcast(&p->changed);
}

/* The first failure by stub order, so that which one is reported does not depend on timing. */
static void fail(struct pool *p, unsigned int s, int rc, const char *msg)
{
	struct check_stub *st = &p->stubs[s];

	if (!st->rc) {
		st->rc = rc;
		snprintf(st->errmsg, sizeof(st->errmsg), "%s", msg);
	}
	p->failed = true;
	pthread_cond_broadcast(&p->changed);
}

/*
 * The coverage a thread's calls of one stub ran, joined to the stub's
 * (an OR: in any order) when the thread leaves the stub. Under the lock.
 */
static void leave_stub(struct check_stub *st, struct coverage *cov)
{
	if (st->cfg->coverage && cov->bits)
		coverage_merge(st->cfg->coverage, cov);
	coverage_free(cov);
}

/* A coverage of st's map for this thread's calls of it; 0, or MACHINE_EINTERNAL. */
static int enter_stub(const struct check_stub *st, struct coverage *cov, struct machine *m)
{
	const struct coverage *of = st->cfg->coverage;

	memset(cov, 0, sizeof(*cov));
	if (of && coverage_init(cov, of->map, of->nsets)) {
		snprintf(m->core.errmsg, sizeof(m->core.errmsg), "out of memory for the coverage");
		return MACHINE_EINTERNAL;
	}
	return 0;
}

/* Phase one: the calls. */
static void *run_shares(void *arg)
{
	struct pool *p = arg;
	struct machine m;
	struct coverage cov = { 0 };
	unsigned int open = p->n;
	int rc = 0;

	pthread_mutex_lock(&p->lock);
	while (!p->failed && p->left > 0) {
		struct check_stub *st;
		struct share *sh;
		unsigned int s;

		if (!p->free) {
			pthread_cond_wait(&p->changed, &p->lock);
			continue;
		}
		s = pick_stub(p, open);
		if (s == p->n)
			break;	/* what is left is not worth a machine more: its threads finish it */
		sh = take_share(p, s);
		st = &p->stubs[s];
		if (s != open && open < p->n)
			leave_stub(&p->stubs[open], &cov);
		pthread_mutex_unlock(&p->lock);

		if (s != open) {
			if (open < p->n)
				machine_close(&m);
			open = s;
			rc = check_machine_open(&m, &st->how, st->cfg);
			if (!rc)
				rc = enter_stub(st, &cov, &m);
		}
		results_init(&sh->res);
		if (!rc)
			rc = check_run_cases(&m, st->cfg, st->cfg->coverage ? &cov : NULL, sh->fn,
					     sh->first, sh->last, &sh->res);

		pthread_mutex_lock(&p->lock);
		if (rc) {
			sh->next = p->free;
			p->free = sh;
			fail(p, s, rc, m.core.errmsg);
			break;
		}
		deliver(p, sh);
	}
	if (open < p->n)
		leave_stub(&p->stubs[open], &cov);
	pthread_mutex_unlock(&p->lock);
	if (open < p->n)
		machine_close(&m);
	return NULL;
}

/* Phase two: the traces of the first failures, a stub at a time. */
static void *run_traces(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		struct check_stub *st;
		char err[sizeof(st->errmsg)];
		unsigned int s;
		int rc;

		pthread_mutex_lock(&p->lock);
		s = p->failed ? p->n : p->next_trace++;
		pthread_mutex_unlock(&p->lock);
		if (s >= p->n)
			return NULL;
		st = &p->stubs[s];
		rc = check_trace_failures(&st->how, st->cfg, st->res, st->trace_limit, err,
					  sizeof(err));
		if (rc) {
			pthread_mutex_lock(&p->lock);
			fail(p, s, rc, err);
			pthread_mutex_unlock(&p->lock);
		}
	}
}

/* Run fn on threads threads (the calling one among them); 0, or -1 if none could be made. */
static void run_on(void *(*fn)(void *), struct pool *p, unsigned int threads)
{
	pthread_t t[CHECK_MAX_THREADS];
	unsigned int made = 0;

	while (made + 1 < threads && pthread_create(&t[made], NULL, fn, p) == 0)
		made++;
	fn(p);
	while (made > 0)
		pthread_join(t[--made], NULL);
}

/* One thread: each stub in turn on one machine, as hypabi always ran. */
static int one_thread(struct check_stub *stubs, unsigned int n)
{
	for (unsigned int s = 0; s < n; s++) {
		struct check_stub *st = &stubs[s];
		struct machine m;

		st->rc = check_machine_open(&m, &st->how, st->cfg);
		if (!st->rc)
			st->rc = check_run(&m, st->cfg, st->res);
		if (st->rc)
			snprintf(st->errmsg, sizeof(st->errmsg), "%s", m.core.errmsg);
		machine_close(&m);
		if (!st->rc)
			st->rc = check_trace_failures(&st->how, st->cfg, st->res, st->trace_limit,
						      st->errmsg, sizeof(st->errmsg));
		if (st->rc)
			return st->rc;
	}
	return 0;
}

int check_stubs(struct check_stub *stubs, unsigned int n, unsigned int threads)
{
	struct pool p = { .stubs = stubs, .n = n };
	unsigned int nshare;
	struct share *all;
	int rc = 0;

	for (unsigned int s = 0; s < n; s++) {
		stubs[s].rc = 0;
		stubs[s].errmsg[0] = '\0';
	}
	if (threads > CHECK_MAX_THREADS)
		threads = CHECK_MAX_THREADS;
	if (threads <= 1)
		return one_thread(stubs, n);

	nshare = threads * (1 + PARKED);
	p.prog = calloc(n, sizeof(*p.prog));
	all = calloc(nshare, sizeof(*all));
	if (!p.prog || !all) {
		free(p.prog);
		free(all);
		snprintf(stubs[0].errmsg, sizeof(stubs[0].errmsg), "out of memory for %u threads",
			 threads);
		return stubs[0].rc = MACHINE_EINTERNAL;
	}
	for (unsigned int k = 0; k < nshare; k++) {
		all[k].next = p.free;
		p.free = &all[k];
	}
	for (unsigned int s = 0; s < n; s++) {
		p.prog[s].shares = shares_of(&stubs[s]);
		p.prog[s].open_cost = open_cost(stubs[s].how.img);
		p.left += p.prog[s].shares;
		if (p.prog[s].shares == 0)
			results_finish(stubs[s].res);
	}
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);

	run_on(run_shares, &p, threads < p.left ? threads : p.left);
	if (!p.failed)
		run_on(run_traces, &p, threads < n ? threads : n);

	pthread_cond_destroy(&p.changed);
	pthread_mutex_destroy(&p.lock);
	free(all);
	free(p.prog);
	for (unsigned int s = 0; s < n && !rc; s++)
		rc = stubs[s].rc;
	return rc;
}

unsigned int check_default_threads(void)
{
	cpu_set_t set;
	long n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	if (n < 1)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > CHECK_MAX_THREADS ? CHECK_MAX_THREADS : (unsigned int)n;
}

/*
 * Random sequences: steps drawn from what the model of the EL2 state
 * allows after each call (who handles the next one, which functions its
 * kind answers), and the shrinking of a failing one to the shortest
 * sequence that still fails.
 */
#include "sequence.h"

#include <string.h>

#include "rng.h"

/* The functions a random step may call on a stub of kind r (not the last step's SOFT_RESTART). */
static unsigned int choices(const struct seq_config *cfg, enum role r, enum hyp_function *fns)
{
	static const enum hyp_function pool[] = {
		FN_SET_VECTORS, FN_RESET_VECTORS, FN_UNKNOWN, FN_GET_ICH_VTR_EL2,
	};
	const struct profile *p = cfg->cases.profile;
	unsigned int n = 0;

	for (size_t i = 0; i < sizeof(pool) / sizeof(pool[0]); i++) {
		enum hyp_function fn = pool[i];

		if (!profile_judges(p, r, fn))
			continue;
		if (fn == FN_UNKNOWN ? !profile_has_unknown(p) : p->number[fn] < 0)
			continue;
		fns[n++] = fn;
	}
	return n;
}

unsigned int sequence_random(const struct seq_config *cfg, uint64_t seed, struct seq_step *steps)
{
	struct rng r = { seed * UINT64_C(0x2545f4914f6cdd1d) + 1 };
	unsigned int len = 2 + (unsigned int)rng_below(&r, SEQ_RANDOM_MAX_STEPS - 1);
	enum seq_stub by = SEQ_FIRST;
	const struct profile *p = cfg->cases.profile;
	unsigned int n = 0;

	(void)rng_next(&r);
	for (unsigned int i = 0; i < len; i++) {
		enum role kind = cfg->kind[by];
		enum hyp_function fns[4];
		unsigned int nf = choices(cfg, kind, fns);
		struct seq_step *s = &steps[n];
		bool last = i + 1 == len;

		memset(s, 0, sizeof(*s));
		s->by = -1;
		s->key = i;
		if ((last && p->number[FN_SOFT_RESTART] >= 0 &&
		     profile_judges(p, kind, FN_SOFT_RESTART) && rng_below(&r, 2)) || !nf)
			s->fn = FN_SOFT_RESTART;
		else
			s->fn = fns[rng_below(&r, nf)];
		if (s->fn == FN_SET_VECTORS) {
			unsigned int t = (unsigned int)rng_below(&r, cfg->has_second ? 3 : 2);

			s->target = t == 0 ? TARGET_FIRST : t == 1 ? TARGET_FOREIGN : TARGET_SECOND;
		}
		/* A hypervisor may be called with its own EL2 MMU on; the boot stub never is. */
		if (role_is_hypervisor(kind) && s->fn != FN_SET_VECTORS)
			s->el2_mmu_on = rng_below(&r, 2);
		n++;
		if (s->fn == FN_SOFT_RESTART)
			break;
		/* Who the model says handles the next call. */
		if (s->fn == FN_SET_VECTORS && profile_requires(p, kind, FN_SET_VECTORS))
			by = s->target == TARGET_SECOND ? SEQ_SECOND : SEQ_FIRST;
		else if (s->fn == FN_RESET_VECTORS)
			by = SEQ_FIRST;
	}
	return n;
}

int sequence_shrink(struct machine *m, const struct seq_config *cfg, struct seq_step *steps,
		    unsigned int *n, struct seq_result *res)
{
	bool smaller = true;

	while (smaller && *n > 1) {
		smaller = false;
		for (unsigned int drop = 0; drop < *n && !smaller; drop++) {
			struct seq_step t[SEQ_MAX_STEPS];
			unsigned int k = 0;

			for (unsigned int i = 0; i < *n; i++)
				if (i != drop)
					t[k++] = steps[i];
			if (sequence_run(m, cfg, t, k, res))
				return MACHINE_EINTERNAL;
			if (!res->pass) {
				memcpy(steps, t, k * sizeof(*t));
				*n = k;
				smaller = true;
			}
		}
	}
	return sequence_run(m, cfg, steps, *n, res);
}

int sequence_random_run(struct machine *m, const struct seq_config *cfg, unsigned int count,
			struct seq_step *steps, unsigned int *n, uint64_t *seed,
			struct seq_result *res)
{
	struct seq_config c = *cfg;

	res->tried = 0;
	res->failed_steps = 0;
	for (unsigned int t = 0; t < count; t++) {
		c.cases.seed = cfg->cases.seed + t;
		*seed = c.cases.seed;
		*n = sequence_random(&c, c.cases.seed, steps);
		res->tried++;
		if (sequence_run(m, &c, steps, *n, res))
			return MACHINE_EINTERNAL;
		if (!res->pass) {
			unsigned int tried = res->tried, before = *n;

			if (sequence_shrink(m, &c, steps, n, res))
				return MACHINE_EINTERNAL;
			res->tried = tried;
			res->failed_steps = before;
			return 0;
		}
	}
	return 0;
}

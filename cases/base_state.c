#include "base_state.h"

#include "rng.h"

/* A stream of its own, so the base state leaves the caller's registers as they were. */
#define BASE_STATE_STREAM	UINT64_C(0x6261736573746174)	/* "basestat" */
/*
 * The translation controls' stream: one draw serves a run of CASE_RUN
 * consecutive cases of a function. A change of them costs the emulator
 * every translation it has cached (about 40% of a call when each case drew
 * its own); shared by a run, every bit still takes both values many times
 * over in a default check.
 */
#define TRANSLATION_STREAM	UINT64_C(0x786c617472756e73)	/* "xlatruns" */

uint64_t sysreg_field_place(const struct sysreg_field *f, uint64_t v)
{
	return (v << __builtin_ctzll(f->mask)) & f->mask;
}

static bool held(const struct sysreg_field *f, const struct call_input *in)
{
	return (f->when == VARY_EL2_MMU_OFF && in->el2_mmu_on) ||
	       (f->when == VARY_EL1_MMU_OFF && in->el1_mmu_on);
}

void base_state_fill(const struct case_config *cfg, struct hyp_case *c)
{
	const struct arch_desc *a = cfg->arch;
	struct cpu_state *s = &c->in.caller;
	struct rng r = { cfg->seed ^ BASE_STATE_STREAM ^ ((uint64_t)c->fn << 56) ^
			 ((uint64_t)c->index << 20) };
	struct rng xlat = { cfg->seed ^ TRANSLATION_STREAM ^ ((uint64_t)c->fn << 56) ^
			    ((uint64_t)(c->index / CASE_RUN) << 20) };

	for (unsigned int i = 0; i < a->nsysregs; i++)
		s->sysreg[i] = i == a->vbar ? cfg->vectors : a->sysregs[i].init;
	for (unsigned int i = 0; i < a->nvaried; i++) {
		const struct sysreg_field *f = &a->varied[i];
		struct rng *from = f->translation ? &xlat : &r;
		uint64_t v = rng_next(from);

		if (held(f, &c->in))
			continue;
		if (f->values)
			v = sysreg_field_place(f, f->values[rng_below(from, f->nvalues)]);
		s->sysreg[f->reg] = (s->sysreg[f->reg] & ~f->mask) | (v & f->mask);
	}
	for (unsigned int i = 0; i < a->nfpctl; i++)
		s->fpctl[i] = rng_next(&r) & a->fpctl_varied[i];
	for (unsigned int i = 0; i < a->nfp_free; i++)
		s->fp_free[i] = rng_next(&r);
	c->in.base_given = true;
}

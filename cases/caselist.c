#include "caselist.h"

#include <stdio.h>
#include <string.h>

#include "base_state.h"
#include "layout.h"
#include "rng.h"

struct fixed_case {
	const char *name;
	void (*make)(const struct case_config *cfg, struct hyp_case *c);
};

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

/* Every register random, the caller's stack inside the harness's stack page. */
static void random_caller(const struct case_config *cfg, struct rng *r, struct cpu_state *s)
{
	const struct arch_desc *a = cfg->arch;

	memset(s, 0, sizeof(*s));
	for (unsigned int i = 0; i < a->ngprs; i++)
		s->gpr[i] = rng_next(r) & a->gpr_mask;
	for (unsigned int i = 0; i < a->nfprs; i++)
		s->fpr[i] = rng_next(r);
	s->gpr[a->sp_gpr] = align_down(CALLER_STACK + 256 +
				       rng_below(r, CALLER_STACK_SIZE - 512), 16);
	s->pstate = ((uint32_t)rng_next(r) & a->exception_masks) |
		    ((uint32_t)rng_next(r) & a->flags_mask);
}

static uint64_t random_vectors(const struct case_config *cfg, struct rng *r)
{
	return align_down(rng_next(r) & (cfg->arch->addr_limit - 1), cfg->arch->vector_align);
}

/*
 * The SOFT_RESTART targets: LANDING_TARGETS addresses scattered over the
 * landing pad by an odd multiplier (a bijection modulo its power-of-two
 * size), so that every address bit takes both values; landing_target(k)
 * is the k-th. Each new target costs the emulator a block translated
 * (about 6 us, a quarter of a call) and memory it never gives back: a
 * fixed set keeps both bounded.
 */
#define LANDING_TARGETS		1024u
#define LANDING_SCATTER		UINT64_C(0x9e37)
_Static_assert((LANDING_PAD_SIZE & (LANDING_PAD_SIZE - 1)) == 0, "a power of two");

static uint64_t landing_target(uint64_t k)
{
	return LANDING_PAD + ((k * LANDING_SCATTER) & (LANDING_PAD_SIZE - 1));
}

/*
 * A restart address in the pad. Where the arch has T32 (arm), half of
 * them are odd: bit 0 asks for T32, as `bx` reads it, at the halfword
 * r1 & ~1 (a Thumb-2 kernel's entry point).
 */
static uint64_t random_landing(const struct case_config *cfg, struct rng *r)
{
	uint64_t at = landing_target(rng_below(r, LANDING_TARGETS));

	if (cfg->arch->thumb_bit && (rng_next(r) & 1))
		return align_down(at, cfg->arch->thumb_align) | 1;
	return align_down(at, cfg->arch->insn_align);
}

/*
 * x0/r0 = the function's number; a function that takes any number (arm
 * before v4.12: SET_VECTORS) has the vectors there instead.
 */
static void fn_number(const struct case_config *cfg, struct hyp_case *c)
{
	int64_t n = cfg->profile->number[c->fn];

	if (n != FN_ANY)
		c->in.caller.gpr[cfg->arch->ret_gpr] = (uint64_t)n;
}

/* SET_VECTORS' argument, where the era's kernel passed it (x1/r1; arm before v4.12: r0). */
static void set_vectors_arg(const struct case_config *cfg, struct hyp_case *c, uint64_t v)
{
	c->in.caller.gpr[profile_vectors_gpr(cfg->profile)] = v;
}

/* Fixed cases: the values a kernel actually passes, and the corners. */
static void sv_own(const struct case_config *cfg, struct hyp_case *c)
{
	set_vectors_arg(cfg, c, cfg->vectors);
}
static void sv_low(const struct case_config *cfg, struct hyp_case *c)
{
	set_vectors_arg(cfg, c, cfg->arch->vector_align);
}
static void sv_high(const struct case_config *cfg, struct hyp_case *c)
{
	set_vectors_arg(cfg, c, cfg->arch->addr_limit - cfg->arch->vector_align);
}
static void unmasked(const struct case_config *cfg, struct hyp_case *c)
{
	c->in.caller.pstate &= ~cfg->arch->exception_masks;
}
static void all_masked(const struct case_config *cfg, struct hyp_case *c)
{
	c->in.caller.pstate |= cfg->arch->exception_masks;
}
/*
 * The EL2 MMU can be on only under a hypervisor: the initial stub is
 * installed with it off, and a hypervisor replaces the stub's vectors
 * before it turns its MMU on. So only role hypervisor gets MMU-on calls.
 */
static bool mmu_can_be_on(const struct case_config *cfg)
{
	return role_is_hypervisor(cfg->role);
}

static void mmu_on(const struct case_config *cfg, struct hyp_case *c)
{
	c->in.el2_mmu_on = mmu_can_be_on(cfg);
}
static void sr_pad(const struct case_config *cfg, struct hyp_case *c)
{
	(void)cfg;
	c->in.caller.gpr[1] = LANDING_PAD;
}
static void sr_pad_mmu_on(const struct case_config *cfg, struct hyp_case *c)
{
	c->in.caller.gpr[1] = LANDING_PAD + 0x100;
	mmu_on(cfg, c);
}

static const struct fixed_case fixed_set_vectors[] = {
	{ "own-vectors", sv_own }, { "low-vectors", sv_low },
	{ "high-vectors", sv_high }, { "caller-unmasked", unmasked },
	{ "caller-masked", all_masked },
};
/* The MMU-on cases come last: only role hypervisor has them (mmu_can_be_on). */
static const struct fixed_case fixed_reset_vectors[] = {
	{ "mmu-off", NULL }, { "caller-unmasked", unmasked }, { "mmu-on", mmu_on },
};
static const struct fixed_case fixed_soft_restart[] = {
	{ "pad-mmu-off", sr_pad }, { "caller-unmasked", unmasked },
	{ "pad-mmu-on", sr_pad_mmu_on },
};
#define NFIXED_MMU_ON	1	/* entries at the end of the two tables above */
/* Functions with no argument to vary (FINALISE_EL2, GET_ICH_VTR_EL2, GET_VECTORS): the masks. */
static const struct fixed_case fixed_other[] = {
	{ "caller-unmasked", unmasked }, { "caller-masked", all_masked },
};
/*
 * FINALISE_EL2 also with the EL2 MMU on, whatever the kind: hyp-abi.rst
 * makes "the EL2 MMU is off" a condition of the switch, so the stub must
 * check it (finalise-el2.error).
 */
static void el2_mmu_on(const struct case_config *cfg, struct hyp_case *c)
{
	(void)cfg;
	c->in.el2_mmu_on = true;
}
static const struct fixed_case fixed_finalise[] = {
	{ "caller-unmasked", unmasked }, { "caller-masked", all_masked },
	{ "el2-mmu-on", el2_mmu_on },
};

/* Unknown numbers: just past the stub's range, the reserved limit, and wide values. */
static const uint64_t fixed_unknown_offsets[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
static const uint64_t fixed_unknown_wide[] = {
	0xffe, 0xfff, 0x1000, 0x7fffffff, 0x80000000, 0xffffffff,
	UINT64_C(0x8000000000000000), UINT64_MAX,
};
#define NFIXED_UNKNOWN (sizeof(fixed_unknown_offsets) / sizeof(fixed_unknown_offsets[0]) + \
			sizeof(fixed_unknown_wide) / sizeof(fixed_unknown_wide[0]))

static const struct fixed_case *fixed_table(const struct case_config *cfg, enum hyp_function fn,
					    unsigned int *n)
{
	unsigned int mmu = mmu_can_be_on(cfg) ? 0 : NFIXED_MMU_ON;

	switch (fn) {
	case FN_SET_VECTORS:
		*n = sizeof(fixed_set_vectors) / sizeof(fixed_set_vectors[0]);
		return fixed_set_vectors;
	case FN_RESET_VECTORS:
		*n = sizeof(fixed_reset_vectors) / sizeof(fixed_reset_vectors[0]) - mmu;
		return fixed_reset_vectors;
	case FN_SOFT_RESTART:
		*n = sizeof(fixed_soft_restart) / sizeof(fixed_soft_restart[0]) - mmu;
		return fixed_soft_restart;
	case FN_UNKNOWN:
		*n = NFIXED_UNKNOWN;
		return NULL;
	case FN_FINALISE_EL2:
		*n = sizeof(fixed_finalise) / sizeof(fixed_finalise[0]);
		return fixed_finalise;
	default:
		*n = sizeof(fixed_other) / sizeof(fixed_other[0]);
		return fixed_other;
	}
}

/*
 * Calls from EL2 itself: one case a function, after the fixed ones, for a
 * kind an hvc from EL2 reaches (the boot stub's +0x200 entry), on a core
 * with VHE, as a VHE kernel has HCR_EL2.E2H. Made in every era: before
 * v5.13 the stub may spin there, which the rules allow (el2-call.handled).
 */
static unsigned int nel2(const struct case_config *cfg)
{
	return cfg->vhe && cfg->arch->el2_hvc_vector && role_descs[cfg->role].el2_caller;
}

/* The caller at EL2h, on its own stack (SP_EL2), not SP_EL1's: a stub that swaps them is seen. */
static void el2_caller_case(const struct case_config *cfg, struct rng *r, struct hyp_case *c)
{
	c->in.el2_caller = true;
	c->in.el2_sp = align_down(CALLER_STACK + 256 + rng_below(r, CALLER_STACK_SIZE - 512), 16);
	if (c->in.el2_sp == c->in.caller.gpr[cfg->arch->sp_gpr])
		c->in.el2_sp -= 16;
}

static unsigned int nfixed(const struct case_config *cfg, enum hyp_function fn)
{
	unsigned int n;

	fixed_table(cfg, fn, &n);
	return n + nel2(cfg);
}

/*
 * Cases derived from the stub's code: its numbers that the profile does
 * not define, as unknown-number cases after the fixed ones and before the
 * random ones. Their stream is the same on every seed; a random case
 * keeps the stream, and so the call, it has with no derived cases.
 */
#define DERIVED_STREAM	UINT64_C(0x6465726976656400)	/* "derived" */

static bool derived_is_unknown(const struct case_config *cfg, unsigned int k)
{
	return profile_function(cfg->profile, cfg->derived[k]) == FN_UNKNOWN;
}

static unsigned int nderived(const struct case_config *cfg, enum hyp_function fn)
{
	unsigned int n = 0;

	for (unsigned int k = 0; fn == FN_UNKNOWN && k < cfg->nderived; k++)
		n += derived_is_unknown(cfg, k);
	return n;
}

/* The i-th derived unknown number. */
static uint64_t derived_number(const struct case_config *cfg, unsigned int i)
{
	for (unsigned int k = 0; k < cfg->nderived; k++)
		if (derived_is_unknown(cfg, k) && i-- == 0)
			return cfg->derived[k];
	return 0;
}

/* Whether case index is derived, nd of them following the nfix fixed ones. */
static bool is_derived(unsigned int index, unsigned int nfix, unsigned int nd)
{
	return index >= nfix && index - nfix < nd;
}

unsigned int cases_count(const struct case_config *cfg, enum hyp_function fn)
{
	if (!profile_judges(cfg->profile, cfg->role, fn))
		return 0;
	if (fn != FN_UNKNOWN && cfg->profile->number[fn] == FN_NONE)
		return 0;
	if (fn == FN_UNKNOWN && !profile_has_unknown(cfg->profile))
		return 0;
	return nfixed(cfg, fn) + nderived(cfg, fn) + cfg->random;
}

static uint64_t unknown_number(const struct case_config *cfg, struct rng *r,
			       unsigned int index, unsigned int nfix)
{
	const struct profile *p = cfg->profile;
	uint64_t mask = cfg->arch->gpr_mask;
	uint64_t n;
	unsigned int noff = sizeof(fixed_unknown_offsets) / sizeof(fixed_unknown_offsets[0]);

	if (index < noff)
		n = p->hcall_nr + fixed_unknown_offsets[index];
	else if (index < nfix)
		n = fixed_unknown_wide[index - noff];
	else if (index % 2 == 0)	/* small: up to the reserved limit */
		n = p->hcall_nr + rng_below(r, p->reserved_limit - p->hcall_nr);
	else
		n = rng_next(r);
	n &= mask;
	/* Never a number the profile defines. */
	while (profile_function(p, n) != FN_UNKNOWN)
		n = (n + 1) & mask;
	return n;
}

void case_conform(const struct case_config *cfg, enum hyp_function fn, struct call_input *in)
{
	const struct arch_desc *a = cfg->arch;
	uint64_t *gpr = in->caller.gpr;

	if (fn == FN_SET_VECTORS) {
		unsigned int v = profile_vectors_gpr(cfg->profile);

		gpr[v] = align_down(gpr[v] & (a->addr_limit - 1), a->vector_align);
	} else if (fn == FN_SOFT_RESTART) {
		/* One of the targets the cases draw from (LANDING_TARGETS): kept if it is one. */
		bool thumb = a->thumb_bit && (gpr[1] & 1);
		uint64_t align = thumb ? a->thumb_align : a->insn_align;
		uint64_t at = landing_target(gpr[1] % LANDING_TARGETS);

		for (uint64_t k = 0; k < LANDING_TARGETS; k++)
			if (align_down(landing_target(k), align) == (gpr[1] & ~(uint64_t)thumb))
				at = landing_target(k);
		gpr[1] = align_down(at, align) | thumb;
	}
}

static void fill_call(const struct case_config *cfg, enum hyp_function fn,
		      unsigned int index, struct hyp_case *c)
{
	unsigned int n;
	const struct fixed_case *table = fixed_table(cfg, fn, &n);
	/* After the fixed cases: the call from EL2 (if any), then the derived ones. */
	unsigned int ne = nel2(cfg), nd = nderived(cfg, fn);
	bool derived = is_derived(index, n + ne, nd);
	/* The index its stream is made from: a random case's as if no derived came first. */
	unsigned int at = index >= n + ne && !derived ? index - nd : index;
	struct rng r = { (derived ? DERIVED_STREAM : cfg->seed) ^ ((uint64_t)fn << 56) ^
			 ((uint64_t)at << 20) };

	memset(c, 0, sizeof(*c));
	c->fn = fn;
	c->index = index;
	c->in.el2_stack = role_descs[cfg->role].el2_stack;
	/*
	 * The kernel calls FINALISE_EL2 with its MMU on (arch/arm64/kernel/
	 * head.S, after __enable_mmu): a stub that moves it to EL2 must land
	 * the caller through the caller's own tables.
	 */
	c->in.el1_mmu_on = fn == FN_FINALISE_EL2;
	(void)rng_next(&r);
	random_caller(cfg, &r, &c->in.caller);

	if (fn == FN_UNKNOWN && index >= n && index < n + ne) {
		c->in.caller.gpr[cfg->arch->ret_gpr] = unknown_number(cfg, &r, 0, n);
		el2_caller_case(cfg, &r, c);
		return;
	}
	if (fn == FN_UNKNOWN) {
		c->in.thumb = cfg->arch->thumb_bit && at % 3 == 1;
		c->in.caller.gpr[cfg->arch->ret_gpr] = derived ? derived_number(cfg, index - n - ne)
							       : unknown_number(cfg, &r, at, n);
		return;
	}
	fn_number(cfg, c);
	if (fn == FN_SET_VECTORS)
		set_vectors_arg(cfg, c, random_vectors(cfg, &r));
	else if (fn == FN_SOFT_RESTART)
		c->in.caller.gpr[1] = random_landing(cfg, &r);
	if (index < n) {
		if (table[index].make)
			table[index].make(cfg, c);
		return;
	}
	if (index < n + ne) {
		el2_caller_case(cfg, &r, c);
		return;
	}
	/* Runs of random cases alternate the EL2 MMU for the functions that must turn it off. */
	if (fn != FN_SET_VECTORS && mmu_can_be_on(cfg))
		c->in.el2_mmu_on = (index / CASE_RUN) % 2;
	/* A third of them call from T32 where the arch has it (arm). */
	c->in.thumb = cfg->arch->thumb_bit && index % 3 == 1;
}

void case_fill(const struct case_config *cfg, enum hyp_function fn,
	       unsigned int index, struct hyp_case *c)
{
	fill_call(cfg, fn, index, c);
	/* After the preconditions: the EL2 and EL1 MMUs hold what they need. */
	base_state_fill(cfg, c);
}

void case_name(const struct case_config *cfg, struct hyp_case *c)
{
	unsigned int n;
	const struct fixed_case *table = fixed_table(cfg, c->fn, &n);

	if (c->in.el2_caller)
		snprintf(c->name, sizeof(c->name), "from-el2");
	else if (c->fn == FN_UNKNOWN)
		snprintf(c->name, sizeof(c->name), "%s-0x%llx",
			 c->index < n ? "fixed"
			 : is_derived(c->index, n + nel2(cfg), nderived(cfg, c->fn)) ? "derived"
										 : "random",
			 (unsigned long long)c->in.caller.gpr[cfg->arch->ret_gpr]);
	else if (c->index < n)
		snprintf(c->name, sizeof(c->name), "%s", table[c->index].name);
	else
		snprintf(c->name, sizeof(c->name), "random-%u%s", c->index - n - nel2(cfg),
			 c->in.thumb ? "-t32" : "");
}

void case_make(const struct case_config *cfg, enum hyp_function fn,
	       unsigned int index, struct hyp_case *c)
{
	case_fill(cfg, fn, index, c);
	case_name(cfg, c);
}

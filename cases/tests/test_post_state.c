/*
 * The post-state shortcuts against a full read. Each arch reads after a
 * call only what the stub may have changed (arm64: the registers its MSR
 * and SYS instructions name; arm: what its blocks may write, read by
 * Capstone). Here random handlers made of the instructions that matter
 * (writes of every table register, address translation, TLB maintenance,
 * calls, LR, banked registers, mode and mask changes, self-modifying
 * stores, early exception returns, arm64's reads of ICH_VTR_EL2, which
 * the core lacks and the emulator side supplies) run with verify_post
 * on, which fails the call if a full read of the state sees anything the
 * shortcut missed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aarch64/regs.h"
#include "check.h"
#include "handler.h"
#include "rng.h"

#define HANDLERS	1500	/* per arch */
#define MAX_INSNS	12

struct tally {
	unsigned int calls, shortcut;
};

static uint32_t pick(struct rng *r, const uint32_t *set, size_t n)
{
	return set[rng_below(r, n)];
}

static uint32_t a32_insn(const struct arch_desc *arch, struct rng *r)
{
	static const uint32_t rts[] = { 0, 1, 2, 3, 12, 14 };
	const struct sysreg *s = &arch->sysregs[rng_below(r, arch->nsysregs)];
	uint32_t rt = pick(r, rts, 6), rt2 = pick(r, rts, 6);

	switch (rng_below(r, 16)) {
	case 0: case 1: case 2:
		if (s->op0 != CP15)
			return A32_MSR_LR_FIQ(rt);
		if (s->is64)
			return A32_MCRR(s->op1, rt, rt2, s->crm);
		return A32_MCR(s->op1, s->crn, rt, s->crm, s->op2);
	case 3:
		return s->op0 == CP15 && !s->is64 ? A32_MRC(s->op1, s->crn, rt, s->crm, s->op2)
						 : A32_MOV_IMM(rt, 7);
	case 4:  return A32_MOV_IMM(rt, (uint32_t)rng_below(r, 256));
	case 5:  return A32_MOV_LR(rt);
	case 6:  return A32_ADD_LR_4;
	case 7:  return A32_BL_SKIP_ONE;
	case 8:  return A32_MCR(0, CP15_CRN_C7_OPS, rt, 8, 0);		/* ATS1CPR */
	case 9:  return A32_MCR(4, CP15_CRN_C8_TLB_OPS, rt, 7, 0);	/* TLBIALLH */
	case 10: return A32_MSR_ELR_HYP(rt);
	case 11: return A32_MSR_SPSR(rt);
	case 12: return rng_below(r, 2) ? A32_CPSID_AIF : A32_CPSIE_AIF;
	case 13: return A32_CPS_SVC;
	case 14: return A32_STR_OVER_SELF(rt);
	default: return A32_ERET;
	}
}

static uint32_t a64_insn(const struct arch_desc *arch, struct rng *r)
{
	static const uint32_t rts[] = { 0, 1, 2, 3, 9, 30 };
	const struct sysreg *s = &arch->sysregs[rng_below(r, arch->nsysregs)];
	uint32_t enc = A64_SYSREG(s->op0, s->op1, s->crn, s->crm, s->op2);
	uint32_t rt = pick(r, rts, 6);

	switch (rng_below(r, 14)) {
	case 0: case 1: case 2:
		return A64_MSR(enc, rt);
	case 3:  return A64_MRS(enc, rt);
	case 12: return A64_MRS_ICH_VTR_EL2 | rt;	/* supplied by the interrupt hook */
	case 4:  return A64_MOVZ(rt, (uint32_t)rng_below(r, 65536));
	case 5:  return A64_MOV_X30(rt);
	case 6:  return A64_BL_SKIP_ONE;
	case 7:  return A64_AT_S1E1R(rt);
	case 8:  return A64_TLBI_ALLE2;
	case 9:  return rng_below(r, 2) ? A64_MSR_DAIFSET_ALL : A64_MSR_DAIFCLR_ALL;
	case 10: return A64_MSR_SPSEL((uint32_t)rng_below(r, 2));
	case 11: return A64_MOV_SP(rt);
	default: return A64_ERET;
	}
}

/* One handler at the hvc vector: up to MAX_INSNS instructions, then an exception return. */
/* How random handlers are made for one architecture. */
struct handler_isa {
	const struct arch_desc *arch;
	uint32_t (*insn)(const struct arch_desc *arch, struct rng *r);
	uint32_t eret;
};

static const struct handler_isa a64 = { &aarch64_desc, a64_insn, A64_ERET };
static const struct handler_isa a32 = { &aarch32_desc, a32_insn, A32_ERET };

static void one_handler(const struct handler_isa *isa, struct rng *r, unsigned int index,
			struct tally *t)
{
	const struct arch_desc *arch = isa->arch;
	struct case_config cc = {
		.arch = arch, .profile = profile_by_name("hyp-abi"), .role = ROLE_INITIAL,
		.seed = 7, .random = HANDLERS, .vectors = STUB_BASE_ADDR,
	};
	unsigned int n = 1 + (unsigned int)rng_below(r, MAX_INSNS);
	uint32_t handler[MAX_INSNS + 1];
	struct stub_image img;
	struct hyp_case c;
	struct observation o;
	struct machine m;
	char err[256];

	for (unsigned int i = 0; i < n; i++)
		handler[i] = isa->insn(arch, r);
	handler[n] = isa->eret;
	if (handler_image(arch, handler, n + 1, &img, err, sizeof(err)))
		fail_msg("%s", err);
	case_make(&cc, FN_UNKNOWN, index, &c);
	assert_int_equal(machine_open(&m, arch, &img, STUB_BASE_ADDR, 1000), 0);
	m.verify_post = true;
	if (machine_call(&m, &c.in, &o))
		fail_msg("%s handler %u: %s", arch->name, index, m.core.errmsg);
	t->calls++;
	if (!m.core.sysregs_unknown && (o.end == END_RETURNED || o.end == END_LANDED))
		t->shortcut++;
	machine_close(&m);
	image_free(&img);
}

static void run_isa(const struct handler_isa *isa)
{
	const struct arch_desc *arch = isa->arch;
	struct rng r = { 0x5eed };
	struct tally t = { 0 };

	for (unsigned int i = 0; i < HANDLERS; i++)
		one_handler(isa, &r, i, &t);
	/* The shortcut must have been taken often enough to have been tested. */
	print_message("%s: %u of %u calls ended by the shortcut read\n", arch->name,
		      t.shortcut, t.calls);
	assert_true(t.shortcut * 5 >= t.calls);
}

static void test_arm64(void **state)
{
	(void)state;
	run_isa(&a64);
}

static void test_arm(void **state)
{
	(void)state;
	run_isa(&a32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm64),
		cmocka_unit_test(test_arm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

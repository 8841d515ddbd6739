/*
 * The exception entry the harness performs for the caller's hvc #0,
 * checked field by field from inside EL2: the probe stub copies what it
 * sees on entry into registers and jumps to a landing pad.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aarch32/regs.h"
#include "aarch64/regs.h"
#include "image.h"
#include "layout.h"
#include "machine.h"
#include "stub_catalog.h"

static const struct stub_entry *find_stub(const char *name, const char *arch)
{
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (strcmp(stub_catalog[i].name, name) == 0 &&
		    strcmp(stub_catalog[i].arch, arch) == 0)
			return &stub_catalog[i];
	return NULL;
}

struct probe_run {
	struct stub_image img;
	struct machine m;
	struct observation o;
	struct call_input in;
};

static void run_probe(struct probe_run *r, const struct arch_desc *arch, uint32_t caller_masks,
		      bool mmu_on, bool thumb)
{
	const struct stub_entry *e = find_stub("probe", arch->name);
	struct load_options lo = { .load_addr = DEFAULT_LOAD_ADDR, .max_size = 1 << 20 };
	char err[256];

	assert_non_null(e);
	assert_int_equal(image_load(e->elf, &lo, &r->img, err, sizeof(err)), 0);
	assert_int_equal(machine_open(&r->m, arch, &r->img, STUB_BASE_ADDR, 1000), 0);
	memset(&r->in, 0, sizeof(r->in));
	for (unsigned int i = 0; i < arch->ngprs; i++)
		r->in.caller.gpr[i] = (0x1111111111111111ULL * (uint64_t)(i % 15 + 1)) &
				      arch->gpr_mask;
	r->in.caller.gpr[1] = LANDING_PAD + 0x40;
	r->in.caller.gpr[arch->sp_gpr] = CALLER_STACK + 0x800;
	r->in.caller.pstate = caller_masks | 0x680f0000;	/* Z, C, Q (arm), GE (arm) */
	r->in.el2_mmu_on = mmu_on;
	r->in.thumb = thumb;
	assert_int_equal(machine_call(&r->m, &r->in, &r->o), 0);
}

static void close_probe(struct probe_run *r)
{
	machine_close(&r->m);
	image_free(&r->img);
}

struct entry_case;

/* What an hvc #0 from the caller does on an arch, built from the Arm ARM's constants. */
struct entry_arch {
	const struct arch_desc *desc;
	uint64_t vector;	/* the entry a lower-level hvc takes, from the vector base */
	uint64_t hvc_size;	/* the hvc's length: ELR is the instruction after it */
	uint64_t syndrome;	/* ESR_EL2 / HSR */
	uint64_t mmu_bit;	/* SCTLR_EL2.M / HSCTLR.M */
	/* The values only this arch has. */
	void (*check)(const struct cpu_state *pre, const struct cpu_state *post,
		      const struct entry_case *c);
};

/* A caller's state the entry is checked from. */
struct entry_case {
	const char *what;
	const struct entry_arch *arch;
	uint32_t masks;		/* the caller's exception masks */
	bool mmu_on, thumb;
};

/* arm64: the caller at EL1h; PSTATE = EL2h, D, A, I, F masked; SP_EL1 banked. */
static void check_arm64(const struct cpu_state *pre, const struct cpu_state *post,
			const struct entry_case *c)
{
	/* The caller was at EL1h with its masks and flags. */
	assert_int_equal(pre->pstate & PSTATE_M_MASK, PSTATE_M_EL1H);
	assert_int_equal(pre->pstate & PSTATE_DAIF_MASK, c->masks);
	/* PSTATE = EL2h, D, A, I, F masked; really at EL2 (CurrentEL reads 2). */
	assert_int_equal(post->gpr[5], 2u << PSTATE_EL_SHIFT);
	assert_int_equal(post->gpr[6], PSTATE_DAIF_MASK);
	assert_int_equal(post->gpr[7], 1);
	assert_int_equal(post->pstate & PSTATE_M_MASK, PSTATE_M_EL2H);
	/* SP_EL1 is the caller's SP, banked; SP_EL2 is its own. */
	assert_int_equal(post->gpr[10], pre->gpr[31]);
	assert_int_equal(post->gpr[11], 0);
}

/* arm: the caller in SVC mode; CPSR = Hyp with A, I, F masked; SP and LR banked. */
static void check_arm(const struct cpu_state *pre, const struct cpu_state *post,
		      const struct entry_case *c)
{
	/* The caller: SVC mode, in the instruction set asked for, with its masks. */
	assert_int_equal(pre->pstate & CPSR_M_MASK, CPSR_M_SVC);
	assert_int_equal(!!(pre->pstate & CPSR_T_BIT), c->thumb);
	assert_int_equal(pre->pstate & CPSR_AIF_MASK, c->masks);
	/* CPSR = Hyp, A32 (HSCTLR.TE clear), A, I, F masked. */
	assert_int_equal(post->gpr[5] & CPSR_M_MASK, CPSR_M_HYP);
	assert_int_equal(post->gpr[5] & CPSR_AIF_MASK, CPSR_AIF_MASK);
	assert_int_equal(post->gpr[5] & CPSR_T_BIT, 0);
	/* The condition flags, Q and GE carry over (B1.8.3); found by crosscheck. */
	assert_int_equal(post->gpr[5] & CPSR_FLAGS_MASK, pre->pstate & CPSR_FLAGS_MASK);
	assert_int_equal(post->pstate & CPSR_M_MASK, CPSR_M_HYP);
	/* The caller's banked SP and LR are visible from Hyp. */
	assert_int_equal(post->gpr[10], pre->gpr[13]);
	assert_int_equal(post->gpr[11], pre->gpr[14]);
	assert_int_equal(post->gpr[12], 0);	/* SP_hyp: no stack promised */
}

/* PC = VBAR_EL2 + 0x400; ESR_EL2 = EC 0x16 (HVC64), IL, imm16 0 (Arm ARM D1.10). */
static const struct entry_arch arm64 = {
	.desc = &aarch64_desc, .vector = VECTOR_LOWER_A64_SYNC, .hvc_size = A64_INSN_SIZE,
	.syndrome = ((uint64_t)ESR_EC_HVC64 << ESR_EC_SHIFT) | ESR_IL_BIT,
	.mmu_bit = SCTLR_M_BIT, .check = check_arm64,
};

/* PC = HVBAR + 0x14; HSR = EC 0x12 (HVC), IL (both encodings are 32-bit), imm16 0 (B1.8). */
static const struct entry_arch arm = {
	.desc = &aarch32_desc, .vector = HYP_VECTOR_TRAP,
	.hvc_size = A32_INSN_SIZE,	/* A32 and T32 hvc are both 32-bit */
	.syndrome = ((uint64_t)HSR_EC_HVC << HSR_EC_SHIFT) | HSR_IL_BIT,
	.mmu_bit = HSCTLR_M_BIT, .check = check_arm,
};

static const struct entry_case entries[] = {
	{ "arm64, caller masked", &arm64, PSTATE_DAIF_MASK, false, false },
	{ "arm64, caller unmasked", &arm64, 0, false, false },
	{ "arm64, caller partly masked, EL2 MMU on", &arm64, PSTATE_I_BIT | PSTATE_F_BIT, true,
	  false },
	{ "arm, A32 caller masked", &arm, CPSR_AIF_MASK, false, false },
	{ "arm, A32 caller unmasked", &arm, 0, false, false },
	{ "arm, T32 caller", &arm, CPSR_I_BIT, false, true },
	{ "arm, Hyp MMU on", &arm, CPSR_A_BIT | CPSR_F_BIT, true, false },
};

/* The entry, as the probe saw it from inside EL2 / Hyp mode. */
static void entry_values(const struct entry_case *c)
{
	const struct entry_arch *a = c->arch;
	const uint64_t hvc = c->thumb ? CALLER_CODE_THUMB : CALLER_CODE;
	const struct cpu_state *pre, *post;
	struct probe_run r;

	run_probe(&r, a->desc, c->masks, c->mmu_on, c->thumb);
	pre = &r.o.pre;
	post = &r.o.post;

	/* The call reached the landing pad, at EL2, through the probe, from the caller's hvc. */
	assert_int_equal(r.o.end, END_LANDED);
	assert_int_equal(post->pc, LANDING_PAD + 0x40);
	assert_int_equal(pre->pc, hvc);
	/* PC = the vector base + the entry a lower-level hvc takes: the probe's entry that ran. */
	assert_int_equal(post->gpr[9], STUB_BASE_ADDR + a->vector);
	/* ELR = the instruction after the hvc; SPSR = the caller's PSTATE / CPSR. */
	assert_int_equal(post->gpr[2], hvc + a->hvc_size);
	assert_int_equal(r.o.entry_elr, hvc + a->hvc_size);
	assert_int_equal(post->gpr[3], pre->pstate);
	assert_int_equal(post->gpr[4], a->syndrome);
	/* The vector base is the stub's. */
	assert_int_equal(post->gpr[8], STUB_BASE_ADDR);
	/* The caller's x0/r0 and x1/r1 reached the stub unchanged (arm's trampoline borrows r0). */
	assert_int_equal(post->gpr[0], pre->gpr[0]);
	assert_int_equal(post->gpr[1], pre->gpr[1]);
	/* The trampoline's use of EL1 registers (ELR_EL1) does not leak to the caller. */
	for (unsigned int i = 0; i < a->desc->nsysregs; i++)
		if (a->desc->sysregs[i].group == SYSREG_EL1)
			assert_int_equal(pre->sysreg[i], post->sysreg[i]);
	/* The EL2 MMU precondition is visible to the stub. */
	assert_int_equal(!!(pre->sysreg[a->desc->el2_sctlr] & a->mmu_bit), c->mmu_on);
	a->check(pre, post, c);
	close_probe(&r);
}

static void test_entry_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		print_message("  %s\n", entries[i].what);
		entry_values(&entries[i]);
	}
}

/* Calls are independent: the second starts from the same state as the first. */
static void test_entry_repeatable(void **state)
{
	struct probe_run r;
	struct observation second;

	(void)state;
	run_probe(&r, &aarch64_desc, PSTATE_A_BIT, false, false);
	assert_int_equal(machine_call(&r.m, &r.in, &second), 0);
	assert_memory_equal(&r.o.post, &second.post, sizeof(second.post));
	assert_memory_equal(&r.o.pre, &second.pre, sizeof(second.pre));
	close_probe(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_values),
		cmocka_unit_test(test_entry_repeatable),
	};
	return cmocka_run_group_tests_name("exception-entry", tests, NULL, NULL);
}

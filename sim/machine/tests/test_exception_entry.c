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

static void entry_values(uint32_t masks, bool mmu_on)
{
	struct probe_run r;
	const struct cpu_state *pre, *post;
	uint64_t esr = ((uint64_t)ESR_EC_HVC64 << ESR_EC_SHIFT) | ESR_IL_BIT | 0;

	run_probe(&r, &aarch64_desc, masks, mmu_on, false);
	pre = &r.o.pre;
	post = &r.o.post;

	/* The call reached the landing pad, at EL2, through the probe. */
	assert_int_equal(r.o.end, END_LANDED);
	assert_int_equal(post->pc, LANDING_PAD + 0x40);
	/* The caller was at EL1h with its masks and flags. */
	assert_int_equal(pre->pstate & PSTATE_M_MASK, PSTATE_M_EL1H);
	assert_int_equal(pre->pstate & PSTATE_DAIF_MASK, masks);
	assert_int_equal(pre->pc, CALLER_CODE);
	/* PC = VBAR_EL2 + 0x400: the probe's entry that ran. */
	assert_int_equal(post->gpr[9], STUB_BASE_ADDR + VECTOR_LOWER_A64_SYNC);
	/* ELR_EL2 = the instruction after the hvc. */
	assert_int_equal(post->gpr[2], CALLER_CODE + A64_INSN_SIZE);
	assert_int_equal(r.o.entry_elr, CALLER_CODE + A64_INSN_SIZE);
	/* SPSR_EL2 = the caller's PSTATE. */
	assert_int_equal(post->gpr[3], pre->pstate);
	/* ESR_EL2 = EC 0x16 (HVC64), IL, imm16 0. */
	assert_int_equal(post->gpr[4], esr);
	/* PSTATE = EL2h, D, A, I, F masked; really at EL2 (CurrentEL reads 2). */
	assert_int_equal(post->gpr[5], 2u << PSTATE_EL_SHIFT);
	assert_int_equal(post->gpr[6], PSTATE_DAIF_MASK);
	assert_int_equal(post->gpr[7], 1);
	assert_int_equal(post->pstate & PSTATE_M_MASK, PSTATE_M_EL2H);
	/* VBAR_EL2 is the stub's; SP_EL1 is the caller's SP, banked; SP_EL2 is its own. */
	assert_int_equal(post->gpr[8], STUB_BASE_ADDR);
	assert_int_equal(post->gpr[10], pre->gpr[31]);
	assert_int_equal(post->gpr[11], 0);
	/* The caller's x0 and x1 reached the stub unchanged. */
	assert_int_equal(post->gpr[0], pre->gpr[0]);
	assert_int_equal(post->gpr[1], pre->gpr[1]);
	/* The trampoline's use of ELR_EL1 does not leak to the caller. */
	for (unsigned int i = 0; i < aarch64_desc.nsysregs; i++)
		if (aarch64_desc.sysregs[i].group == SYSREG_EL1)
			assert_int_equal(pre->sysreg[i], post->sysreg[i]);
	/* The EL2 MMU precondition is visible to the stub. */
	assert_int_equal(!!(pre->sysreg[aarch64_desc.el2_sctlr] & SCTLR_M_BIT), mmu_on);
	close_probe(&r);
}

static void test_entry_masked_caller(void **state)
{
	(void)state;
	entry_values(PSTATE_DAIF_MASK, false);
}

static void test_entry_unmasked_caller(void **state)
{
	(void)state;
	entry_values(0, false);
}

static void test_entry_partly_masked_caller_mmu_on(void **state)
{
	(void)state;
	entry_values(PSTATE_I_BIT | PSTATE_F_BIT, true);
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

/* arm: ELR_hyp, SPSR_hyp, HSR, CPSR = Hyp with A, I, F masked, PC = HVBAR + 0x14. */
static void arm_entry_values(uint32_t masks, bool mmu_on, bool thumb)
{
	struct probe_run r;
	const struct cpu_state *pre, *post;
	uint32_t hvc = thumb ? CALLER_CODE_THUMB : CALLER_CODE;
	uint64_t hsr = ((uint64_t)HSR_EC_HVC << HSR_EC_SHIFT) | HSR_IL_BIT | 0;

	run_probe(&r, &aarch32_desc, masks, mmu_on, thumb);
	pre = &r.o.pre;
	post = &r.o.post;

	assert_int_equal(r.o.end, END_LANDED);
	assert_int_equal(post->pc, LANDING_PAD + 0x40);
	/* The caller: SVC mode, in the instruction set asked for, with its masks. */
	assert_int_equal(pre->pstate & CPSR_M_MASK, CPSR_M_SVC);
	assert_int_equal(!!(pre->pstate & CPSR_T_BIT), thumb);
	assert_int_equal(pre->pstate & CPSR_AIF_MASK, masks);
	assert_int_equal(pre->pc, hvc);
	/* PC = HVBAR + 0x14, the Hyp trap entry. */
	assert_int_equal(post->gpr[9], STUB_BASE_ADDR + HYP_VECTOR_TRAP);
	/* ELR_hyp = the instruction after the hvc; SPSR_hyp = the caller's CPSR. */
	assert_int_equal(post->gpr[2], hvc + 4);
	assert_int_equal(r.o.entry_elr, hvc + 4);
	assert_int_equal(post->gpr[3], pre->pstate);
	/* HSR = EC 0x12 (HVC), IL (both encodings are 32-bit), imm16 0. */
	assert_int_equal(post->gpr[4], hsr);
	/* CPSR = Hyp, A32 (HSCTLR.TE clear), A, I, F masked. */
	assert_int_equal(post->gpr[5] & CPSR_M_MASK, CPSR_M_HYP);
	assert_int_equal(post->gpr[5] & CPSR_AIF_MASK, CPSR_AIF_MASK);
	assert_int_equal(post->gpr[5] & CPSR_T_BIT, 0);
	/* The condition flags, Q and GE carry over (B1.8.3); found by crosscheck. */
	assert_int_equal(post->gpr[5] & CPSR_FLAGS_MASK, pre->pstate & CPSR_FLAGS_MASK);
	assert_int_equal(post->pstate & CPSR_M_MASK, CPSR_M_HYP);
	/* HVBAR is the stub's; the caller's banked SP and LR are visible from Hyp. */
	assert_int_equal(post->gpr[8], STUB_BASE_ADDR);
	assert_int_equal(post->gpr[10], pre->gpr[13]);
	assert_int_equal(post->gpr[11], pre->gpr[14]);
	assert_int_equal(post->gpr[12], 0);	/* SP_hyp: no stack promised */
	/* r0 and r1 reached the stub unchanged (r0 was borrowed by the trampoline). */
	assert_int_equal(post->gpr[0], pre->gpr[0]);
	assert_int_equal(post->gpr[1], pre->gpr[1]);
	for (unsigned int i = 0; i < aarch32_desc.nsysregs; i++)
		if (aarch32_desc.sysregs[i].group == SYSREG_EL1)
			assert_int_equal(pre->sysreg[i], post->sysreg[i]);
	assert_int_equal(!!(pre->sysreg[aarch32_desc.el2_sctlr] & HSCTLR_M_BIT), mmu_on);
	close_probe(&r);
}

static void test_arm_entry_a32_caller(void **state)
{
	(void)state;
	arm_entry_values(CPSR_AIF_MASK, false, false);
	arm_entry_values(0, false, false);
}

static void test_arm_entry_t32_caller(void **state)
{
	(void)state;
	arm_entry_values(CPSR_I_BIT, false, true);
}

static void test_arm_entry_mmu_on(void **state)
{
	(void)state;
	arm_entry_values(CPSR_A_BIT | CPSR_F_BIT, true, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_masked_caller),
		cmocka_unit_test(test_entry_unmasked_caller),
		cmocka_unit_test(test_entry_partly_masked_caller_mmu_on),
		cmocka_unit_test(test_entry_repeatable),
		cmocka_unit_test(test_arm_entry_a32_caller),
		cmocka_unit_test(test_arm_entry_t32_caller),
		cmocka_unit_test(test_arm_entry_mmu_on),
	};
	return cmocka_run_group_tests_name("exception-entry", tests, NULL, NULL);
}

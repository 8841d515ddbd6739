/*
 * How calls end where no stub should go. To address 0, with and without
 * a virtual FIQ pending that the core cannot take: each must end as a
 * fetch fault at 0. Address 0 was once uc_emu_start's `until`, where
 * Unicorn runs a WFI of its own: the first read as a WFI halt, the second
 * never ended (CTest's timeout for this test stands guard). And in T32,
 * whose instructions are 2 or 4 bytes: a spin must end on the instruction
 * budget, not the wall clock (a 2-byte block once counted 0), and an SVC
 * or a WFI must be reported at its own address. And a read of
 * ICH_VTR_EL2, which the emulated core lacks: at EL2 it must not end the
 * call but give the configured value, counted as one instruction; any
 * other UNDEFINED instruction, a write of it, or a read at EL1 must still
 * end the call as an UNDEFINED fault at its own address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aarch64/regs.h"
#include "handler.h"
#include "layout.h"
#include "machine.h"

#define HCR_VF			(1u << 6)	/* HCR / HCR_EL2.VF: a virtual FIQ is pending */
#define A32_MCR_HCR(rt)		A32_MCR(4, 1, rt, 1, 0)
#define A64_ELR_EL2		A64_SYSREG(3, 4, 4, 0, 1)
#define A64_HCR_EL2		A64_SYSREG(3, 4, 1, 1, 0)

#define BUDGET			1000
/*
 * An A32 prologue that enters T32 at the handler's fourth word:
 * add r3, pc, #4 (pc reads 8 ahead); orr r3, r3, #1; bx r3.
 */
#define A32_ADD_R3_PC_4		0xe28f3004u
#define A32_ORR_R3_1		0xe3833001u
#define T32_WORD		3		/* the word the prologue enters */
#define T16_B_SELF		0xe7feu		/* b . */
#define T16_SVC_0		0xdf00u
#define T16_WFI			0xbf30u
#define T16_NOP			0xbf00u
/* Two T16 instructions in one word: the first at the lower address. */
#define T16_PAIR(first, second)	((uint32_t)(first) | (uint32_t)(second) << 16)

/*
 * Call the handler (n words) at arch's hvc entry on core cpu, with an
 * EL2 stack if el2_stack, ICH_VTR_EL2 reading as ich_vtr.
 */
static void call_on(const struct arch_desc *arch, const struct cpu_model *cpu,
		    const uint32_t *handler, size_t n, bool el2_stack, uint64_t ich_vtr,
		    struct observation *o)
{
	struct stub_image img;
	struct call_input in = { .el2_stack = el2_stack };
	struct machine m;
	char err[256];

	if (handler_image(arch, handler, n, &img, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(machine_open_on(&m, arch, cpu, &img, STUB_BASE_ADDR, BUDGET), 0);
	machine_set_ich_vtr(&m, ich_vtr);
	in.caller.gpr[arch->sp_gpr] = CALLER_STACK + CALLER_STACK_SIZE / 2;
	if (machine_call(&m, &in, o))
		fail_msg("%s: %s", arch->name, m.core.errmsg);
	machine_close(&m);
	image_free(&img);
}

static void call_with(const struct arch_desc *arch, const uint32_t *handler, size_t n,
		      bool el2_stack, uint64_t ich_vtr, struct observation *o)
{
	call_on(arch, &arch->cpus[0], handler, n, el2_stack, ich_vtr, o);
}

static void call(const struct arch_desc *arch, const uint32_t *handler, size_t n, bool el2_stack,
		 struct observation *o)
{
	call_with(arch, handler, n, el2_stack, DEFAULT_ICH_VTR, o);
}

/* A handler that enters T32 and runs the two T16 instructions of word t. */
static void call_t32(uint32_t t, struct observation *o)
{
	const uint32_t h[] = { A32_ADD_R3_PC_4, A32_ORR_R3_1, A32_BX(3), t };

	call(&aarch32_desc, h, 4, false, o);
}

/* Where the handler's T32 word sits. */
static uint64_t t32_addr(void)
{
	return STUB_BASE_ADDR + aarch32_desc.hvc_vector + T32_WORD * A32_INSN_SIZE;
}

/* KVM's host vectors push on the EL2 stack first: stp x0, x1, [sp, #-16]!, then pop and return. */
#define A64_PUSH_X0_X1		0xa9bf07e0u
#define A64_POP_X0_X1		0xa8c107e0u
#define A64_ERET_WORD		0xd69f03e0u

/* The EL2 stack is given only where asked for, and then its writes are the stub's own. */
static void test_el2_stack(void **state)
{
	const uint32_t h[] = { A64_PUSH_X0_X1, A64_POP_X0_X1, A64_ERET_WORD };
	struct observation o;

	(void)state;
	call(&aarch64_desc, h, sizeof(h) / sizeof(h[0]), true, &o);
	assert_int_equal(o.end, END_RETURNED);
	assert_int_equal(o.nwrites, 2);
	assert_int_equal(o.nwrites_outside, 0);
	call(&aarch64_desc, h, sizeof(h) / sizeof(h[0]), false, &o);
	assert_int_equal(o.end, END_FAULT);
	assert_int_equal(o.fault, FAULT_WRITE);
}

static void test_t32_spin_ends_on_budget(void **state)
{
	struct observation o;

	(void)state;
	call_t32(T16_PAIR(T16_B_SELF, T16_NOP), &o);
	assert_int_equal(o.end, END_BUDGET);
	assert_false(o.out_of_time);
	assert_true(o.insns > BUDGET);
}

static void test_t16_svc_at_its_address(void **state)
{
	struct observation o;

	(void)state;
	call_t32(T16_PAIR(T16_SVC_0, T16_NOP), &o);
	assert_int_equal(o.end, END_FAULT);
	assert_int_equal(o.fault, FAULT_EXCEPTION);
	assert_int_equal(o.exception, EXC_SVC);
	assert_int_equal(o.fault_pc, t32_addr());
}

static void test_t16_wfi_at_its_address(void **state)
{
	struct observation o;

	(void)state;
	call_t32(T16_PAIR(T16_NOP, T16_WFI), &o);
	assert_int_equal(o.end, END_HALTED);
	assert_int_equal(o.fault_pc, t32_addr() + T32_HALFWORD);
}

/* Handlers that send the call to address 0: each must end as a fetch fault there. */
static const struct to_zero {
	const char *what;
	const struct arch_desc *arch;
	uint32_t h[5];
	size_t n;
} to_zero[] = {
	{ "arm: jump to 0", &aarch32_desc, { A32_MOV_IMM(3, 0), A32_BX(3) }, 2 },
	{ "arm: eret to 0, a virtual FIQ pending", &aarch32_desc,
	  { A32_MOV_IMM(3, 0), A32_MSR_ELR_HYP(3), A32_MOV_IMM(A32_IP, HCR_VF), A32_MCR_HCR(A32_IP),
	    A32_ERET }, 5 },
	{ "arm64: jump to 0", &aarch64_desc, { A64_MOVZ(3, 0), A64_BR(3) }, 2 },
	{ "arm64: eret to 0, a virtual FIQ pending", &aarch64_desc,
	  { A64_MOVZ(3, 0), A64_MSR(A64_ELR_EL2, 3), A64_MOVZ(9, HCR_VF), A64_MSR(A64_HCR_EL2, 9),
	    A64_ERET }, 5 },
};

static void test_calls_to_0_fault(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(to_zero) / sizeof(to_zero[0]); i++) {
		struct observation o;

		print_message("  %s\n", to_zero[i].what);
		call(to_zero[i].arch, to_zero[i].h, to_zero[i].n, false, &o);
		assert_int_equal(o.end, END_FAULT);
		assert_int_equal(o.fault, FAULT_FETCH);
		assert_int_equal(o.fault_addr, 0);
	}
}

#define A64_ID_AA64PFR0_EL1	A64_SYSREG(ID_AA64PFR0_EL1_OP0, ID_AA64PFR0_EL1_OP1, \
					   ID_AA64PFR0_EL1_CRN, ID_AA64PFR0_EL1_CRM, \
					   ID_AA64PFR0_EL1_OP2)
#define A64_ICH_VTR_EL2		A64_SYSREG(ICH_VTR_EL2_OP0, ICH_VTR_EL2_OP1, ICH_VTR_EL2_CRN, \
					   ICH_VTR_EL2_CRM, ICH_VTR_EL2_OP2)
#define A64_ICH_HCR_EL2		A64_SYSREG(3, 4, 12, 11, 0)	/* GICv3 too, not modelled */
#define A64_SPSR_EL2		A64_SYSREG(3, 4, 4, 0, 0)
#define A64_UDF_0_WORD		0x00000000u
/* adr xd, pc + 4 * words */
#define A64_ADR_WORDS(rd, words) \
	(0x10000000u | (((words) * 4u) & 3u) << 29 | ((words) * 4u) >> 2 << 5 | (rd))

/* Where word i of an arm64 handler sits. */
static uint64_t a64_word(unsigned int i)
{
	return STUB_BASE_ADDR + aarch64_desc.hvc_vector + i * A64_INSN_SIZE;
}

/* The default is what the Cortex-A76 TRM documents; the encoding the one Linux 7.2's stub holds. */
static void test_ich_vtr_names(void **state)
{
	(void)state;
	assert_int_equal(DEFAULT_ICH_VTR, 0x90280003u);
	assert_int_equal(A64_MRS_ICH_VTR_EL2 | 1u, 0xd53ccb21u);	/* mrs x1, ich_vtr_el2 */
	assert_int_equal(A64_MRS(A64_ICH_VTR_EL2, 1), 0xd53ccb21u);
}

/*
 * mrs x1, ICH_VTR_EL2; movz x0, #0; eret, as Linux's boot stub answers
 * HVC_GET_ICH_VTR_EL2: the call returns with x1 the configured value,
 * every instruction counted once (as many as a handler of three plain
 * ones); into x30 and xzr as well, whose Unicorn ids are not x0's + n.
 */
static void test_ich_vtr_read(void **state)
{
	static const uint64_t values[] = { DEFAULT_ICH_VTR, 0x5a5a0001u };
	const uint32_t plain[] = { A64_MOVZ(1, 7), A64_MOVZ(0, 0), A64_ERET };
	const uint32_t x1[] = { A64_MRS(A64_ICH_VTR_EL2, 1), A64_MOVZ(0, 0), A64_ERET };
	const uint32_t x30[] = {
		A64_MRS(A64_ICH_VTR_EL2, 30), A64_MRS(A64_ICH_VTR_EL2, A64_XZR), A64_ERET,
	};
	struct observation o, p;

	(void)state;
	call(&aarch64_desc, plain, 3, false, &p);
	assert_int_equal(p.end, END_RETURNED);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		call_with(&aarch64_desc, x1, 3, false, values[i], &o);
		assert_int_equal(o.end, END_RETURNED);
		assert_int_equal(o.fault, FAULT_NONE);
		assert_int_equal(o.post.gpr[1], values[i]);
		assert_int_equal(o.post.gpr[0], 0);
		assert_int_equal(o.post.pc, p.post.pc);
		assert_int_equal(o.insns, p.insns);
		call_with(&aarch64_desc, x30, 3, false, values[i], &o);
		assert_int_equal(o.end, END_RETURNED);
		assert_int_equal(o.post.gpr[30], values[i]);
		assert_int_equal(o.insns, p.insns);
	}
}

/*
 * ID_AA64PFR0_EL1 as the core hypabi models: the GICv3 system registers
 * there (GIC 1, as ICH_VTR_EL2 is), SVE absent, on every arm64 core; read
 * into x1 and into xzr, each counted as one instruction.
 */
static void test_id_aa64pfr0_read(void **state)
{
	const uint32_t plain[] = { A64_MOVZ(1, 7), A64_MOVZ(0, 0), A64_ERET };
	const uint32_t read[] = {
		A64_MRS(A64_ID_AA64PFR0_EL1, 1), A64_MRS(A64_ID_AA64PFR0_EL1, A64_XZR), A64_ERET,
	};
	struct observation o, p;

	(void)state;
	call(&aarch64_desc, plain, 3, false, &p);
	for (unsigned int i = 0; i < aarch64_desc.ncpus; i++) {
		call_on(&aarch64_desc, &aarch64_desc.cpus[i], read, 3, false, DEFAULT_ICH_VTR, &o);
		assert_int_equal(o.end, END_RETURNED);
		assert_int_equal((o.post.gpr[1] & ID_AA64PFR0_GIC_MASK) >> ID_AA64PFR0_GIC_SHIFT,
				 ID_AA64PFR0_GIC_V3);
		assert_int_equal(o.post.gpr[1] & ID_AA64PFR0_SVE_MASK, 0);
		assert_int_equal(o.insns, p.insns);
	}
}

/* Word 1 of each handler is UNDEFINED however ICH_VTR_EL2 is modelled. */
static const struct undefined {
	const char *what;
	uint32_t h[6];
	size_t n;
	unsigned int at;	/* the word that faults */
} undefined[] = {
	{ "mrs x1, ICH_HCR_EL2: a register the core lacks, not modelled",
	  { A64_MOVZ(0, 0), A64_MRS(A64_ICH_HCR_EL2, 1), A64_ERET }, 3, 1 },
	{ "msr ICH_VTR_EL2, x1: it is read-only",
	  { A64_MOVZ(0, 0), A64_MSR(A64_ICH_VTR_EL2, 1), A64_ERET }, 3, 1 },
	{ "udf #0", { A64_MOVZ(0, 0), A64_UDF_0_WORD, A64_ERET }, 3, 1 },
	{ "mrs x1, ICH_VTR_EL2 at EL1, after an eret to it",
	  { A64_ADR_WORDS(3, 5), A64_MSR(A64_ELR_EL2, 3),
	    A64_MOVZ(4, PSTATE_M_EL1H | PSTATE_DAIF_MASK), A64_MSR(A64_SPSR_EL2, 4), A64_ERET,
	    A64_MRS(A64_ICH_VTR_EL2, 1) }, 6, 5 },
};

static void test_other_undefined_faults(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(undefined) / sizeof(undefined[0]); i++) {
		const struct undefined *u = &undefined[i];
		struct observation o;

		print_message("  %s\n", u->what);
		call(&aarch64_desc, u->h, u->n, false, &o);
		assert_int_equal(o.end, END_FAULT);
		assert_int_equal(o.fault, FAULT_UNDEFINED);
		assert_int_equal(o.fault_pc, a64_word(u->at));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ich_vtr_names),
		cmocka_unit_test(test_ich_vtr_read),
		cmocka_unit_test(test_id_aa64pfr0_read),
		cmocka_unit_test(test_other_undefined_faults),
		cmocka_unit_test(test_calls_to_0_fault),
		cmocka_unit_test(test_el2_stack),
		cmocka_unit_test(test_t32_spin_ends_on_budget),
		cmocka_unit_test(test_t16_svc_at_its_address),
		cmocka_unit_test(test_t16_wfi_at_its_address),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

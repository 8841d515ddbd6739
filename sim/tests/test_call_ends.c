/*
 * Calls that go where no stub should: to address 0, with and without a
 * virtual FIQ pending that the core cannot take. Each must end as a fetch
 * fault at 0. Address 0 was once uc_emu_start's `until`, where Unicorn
 * runs a WFI of its own: the first read as a WFI halt, the second never
 * ended (CTest's timeout for this test stands guard).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aarch32_defs.h"
#include "aarch64_defs.h"
#include "layout.h"
#include "machine.h"
#include "stub_catalog.h"

#define IMAGE_WORDS	0x400
#define HCR_VF_BIT	6	/* HCR / HCR_EL2.VF: a virtual FIQ is pending */

/* A32 */
#define A32_MOV_R3_0		0xe3a03000u	/* mov r3, #0 */
#define A32_MOV_IP_VF		(0xe3a0c000u | 1u << HCR_VF_BIT)	/* mov ip, #VF */
#define A32_MCR_HCR_IP		0xee81cf11u	/* mcr p15, 4, ip, c1, c1, 0 */
#define A32_MSR_ELR_HYP_R3	0xe12ef303u	/* msr ELR_hyp, r3 */
#define A32_BX_R3		0xe12fff13u	/* bx r3 */
/* A64 */
#define A64_MOV_X3_0		0xd2800003u	/* mov x3, #0 */
#define A64_MOV_X9_VF		(0xd2800009u | (1u << HCR_VF_BIT) << 5)	/* mov x9, #VF */
#define A64_MSR_HCR_EL2_X9	0xd51c1109u	/* msr hcr_el2, x9 */
#define A64_MSR_ELR_EL2_X3	0xd51c4023u	/* msr elr_el2, x3 */
#define A64_BR_X3		0xd61f0060u	/* br x3 */

static void run(const struct arch_ops *arch, const uint32_t *handler, size_t n)
{
	static uint32_t code[IMAGE_WORDS];
	struct load_options lo = { .load_addr = STUB_BASE_ADDR, .max_size = 1 << 20 };
	struct stub_image img = { 0 };
	struct call_input in = { 0 };
	struct observation o;
	struct machine m;
	char err[256];

	for (size_t i = 0; i < IMAGE_WORDS; i++)
		code[i] = arch->fill_insn;
	memcpy(&code[arch->hvc_vector / 4], handler, n * sizeof(*handler));
	if (image_load_raw("handler", (const uint8_t *)code, sizeof(code), &lo, &img, err,
			   sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(machine_open(&m, arch, &img, STUB_BASE_ADDR, 1000), 0);
	in.caller.gpr[arch->sp_gpr] = CALLER_STACK + CALLER_STACK_SIZE / 2;
	if (machine_call(&m, &in, &o))
		fail_msg("%s: %s", arch->name, m.errmsg);
	assert_int_equal(o.end, END_FAULT);
	assert_int_equal(o.fault, FAULT_FETCH);
	assert_int_equal(o.fault_addr, 0);
	machine_close(&m);
	image_free(&img);
}

static void test_arm_jump_to_0(void **state)
{
	const uint32_t h[] = { A32_MOV_R3_0, A32_BX_R3 };

	(void)state;
	run(&arm_ops, h, 2);
}

static void test_arm_eret_to_0_fiq_pending(void **state)
{
	const uint32_t h[] = {
		A32_MOV_R3_0, A32_MSR_ELR_HYP_R3, A32_MOV_IP_VF, A32_MCR_HCR_IP, A32_ERET,
	};

	(void)state;
	run(&arm_ops, h, 5);
}

static void test_arm64_jump_to_0(void **state)
{
	const uint32_t h[] = { A64_MOV_X3_0, A64_BR_X3 };

	(void)state;
	run(&aarch64_ops, h, 2);
}

static void test_arm64_eret_to_0_fiq_pending(void **state)
{
	const uint32_t h[] = {
		A64_MOV_X3_0, A64_MSR_ELR_EL2_X3, A64_MOV_X9_VF, A64_MSR_HCR_EL2_X9, A64_ERET,
	};

	(void)state;
	run(&aarch64_ops, h, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm_jump_to_0),
		cmocka_unit_test(test_arm_eret_to_0_fiq_pending),
		cmocka_unit_test(test_arm64_jump_to_0),
		cmocka_unit_test(test_arm64_eret_to_0_fiq_pending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

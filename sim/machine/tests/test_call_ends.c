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

#include "aarch64/regs.h"
#include "handler.h"
#include "layout.h"
#include "machine.h"

#define HCR_VF			(1u << 6)	/* HCR / HCR_EL2.VF: a virtual FIQ is pending */
#define A32_MCR_HCR(rt)		A32_MCR(4, 1, rt, 1, 0)
#define A64_ELR_EL2		A64_SYSREG(3, 4, 4, 0, 1)
#define A64_HCR_EL2		A64_SYSREG(3, 4, 1, 1, 0)

static void run(const struct arch_desc *arch, const uint32_t *handler, size_t n)
{
	struct stub_image img;
	struct call_input in = { 0 };
	struct observation o;
	struct machine m;
	char err[256];

	if (handler_image(arch, handler, n, &img, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(machine_open(&m, arch, &img, STUB_BASE_ADDR, 1000), 0);
	in.caller.gpr[arch->sp_gpr] = CALLER_STACK + CALLER_STACK_SIZE / 2;
	if (machine_call(&m, &in, &o))
		fail_msg("%s: %s", arch->name, m.core.errmsg);
	assert_int_equal(o.end, END_FAULT);
	assert_int_equal(o.fault, FAULT_FETCH);
	assert_int_equal(o.fault_addr, 0);
	machine_close(&m);
	image_free(&img);
}

static void test_arm_jump_to_0(void **state)
{
	const uint32_t h[] = { A32_MOV_IMM(3, 0), A32_BX(3) };

	(void)state;
	run(&aarch32_desc, h, 2);
}

static void test_arm_eret_to_0_fiq_pending(void **state)
{
	const uint32_t h[] = {
		A32_MOV_IMM(3, 0), A32_MSR_ELR_HYP(3), A32_MOV_IMM(A32_IP, HCR_VF),
		A32_MCR_HCR(A32_IP), A32_ERET,
	};

	(void)state;
	run(&aarch32_desc, h, 5);
}

static void test_arm64_jump_to_0(void **state)
{
	const uint32_t h[] = { A64_MOVZ(3, 0), A64_BR(3) };

	(void)state;
	run(&aarch64_desc, h, 2);
}

static void test_arm64_eret_to_0_fiq_pending(void **state)
{
	const uint32_t h[] = {
		A64_MOVZ(3, 0), A64_MSR(A64_ELR_EL2, 3), A64_MOVZ(9, HCR_VF),
		A64_MSR(A64_HCR_EL2, 9), A64_ERET,
	};

	(void)state;
	run(&aarch64_desc, h, 5);
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

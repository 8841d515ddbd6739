/*
 * aarch64's id_gate: a block that ends mrs of an ID register, extracts of
 * it, and a test of it is a gate, with the field it tests; anything else
 * between, or a register that is no ID register, is not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch.h"

#define MRS_X1_PFR0	0xd5380401u	/* mrs x1, id_aa64pfr0_el1 */
#define MRS_X1_SCTLR2	0xd53c1001u	/* mrs x1, sctlr_el2 */
#define UBFX_X1_32_4	0xd3608c21u	/* ubfx x1, x1, #32, #4 */
#define ADD_X1_1	0x91000421u	/* add x1, x1, #1 */
#define CBZ_X1		0xb4000041u	/* cbz x1, .+8 */
#define TBNZ_W1_3	0x37180041u	/* tbnz w1, #3, .+8 */

static bool gate(const uint32_t *w, size_t n, struct id_gate *g)
{
	uint8_t code[32];

	for (size_t i = 0; i < n; i++)
		for (unsigned int b = 0; b < 4; b++)
			code[4 * i + b] = (uint8_t)(w[i] >> (8 * b));
	return aarch64_desc.id_gate(code, 4 * n, 0x1000, g);
}

static void test_gate_found(void **state)
{
	static const uint32_t sve[] = { MRS_X1_PFR0, UBFX_X1_32_4, CBZ_X1 };
	static const uint32_t bit[] = { MRS_X1_PFR0, TBNZ_W1_3 };
	struct id_gate g;
	char name[64];

	(void)state;
	assert_true(gate(sve, 3, &g));
	assert_int_equal(g.shift, 32);
	assert_int_equal(g.mask, 0xf);
	assert_true(g.taken_if_zero);
	assert_int_equal(g.branch, 0x1008);
	aarch64_desc.id_gate_name(&g, name, sizeof(name));
	assert_string_equal(name, "ID_AA64PFR0_EL1.SVE");
	assert_true(gate(bit, 2, &g));
	assert_int_equal(g.shift, 3);
	assert_int_equal(g.mask, 1);
	assert_false(g.taken_if_zero);
	aarch64_desc.id_gate_name(&g, name, sizeof(name));
	assert_string_equal(name, "ID_AA64PFR0_EL1[3:3]");
}

static void test_not_a_gate(void **state)
{
	static const uint32_t between[] = { MRS_X1_PFR0, ADD_X1_1, CBZ_X1 };
	static const uint32_t not_id[] = { MRS_X1_SCTLR2, UBFX_X1_32_4, CBZ_X1 };
	static const uint32_t no_mrs[] = { UBFX_X1_32_4, CBZ_X1 };
	struct id_gate g;

	(void)state;
	assert_false(gate(between, 3, &g));
	assert_false(gate(not_id, 3, &g));
	assert_false(gate(no_mrs, 2, &g));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gate_found),
		cmocka_unit_test(test_not_a_gate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * A sequence's calls keep the EL2 state the last one left: a handler that
 * moves VBAR_EL2 sends the next call to the new table, whose pre-state
 * says so; the caller's registers are fresh every call. Outside a
 * sequence (and after machine_sequence_end) every call starts from the
 * base state again.
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

#define A64_VBAR_EL2		A64_SYSREG(3, 4, 12, 0, 0)
#define BUDGET			1000
/* The second table, and the answer its hvc entry gives. */
#define SECOND_TABLE		0x800u
#define SECOND_ANSWER		7u

/* Table 1 sets VBAR_EL2 = x1; table 2 (at +0x800) answers SECOND_ANSWER. */
static void open_two_tables(struct machine *m, struct stub_image *img)
{
	static const uint32_t first[] = { A64_MSR(A64_VBAR_EL2, 1), A64_ERET };
	static const uint32_t second[] = { A64_MOVZ(0, SECOND_ANSWER), A64_ERET };
	const struct arch_desc *arch = &aarch64_desc;
	uint32_t code[HANDLER_IMAGE_WORDS];
	struct load_options lo = { .load_addr = STUB_BASE_ADDR, .max_size = 1 << 20 };
	char err[256];

	for (size_t i = 0; i < HANDLER_IMAGE_WORDS; i++)
		code[i] = arch->fill_insn;
	memcpy(&code[arch->hvc_vector / 4], first, sizeof(first));
	memcpy(&code[(SECOND_TABLE + arch->hvc_vector) / 4], second, sizeof(second));
	memset(img, 0, sizeof(*img));
	if (image_load_raw("two-tables", (const uint8_t *)code, sizeof(code), &lo, img, err,
			   sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(machine_open(m, arch, img, STUB_BASE_ADDR, BUDGET), 0);
}

static void call(struct machine *m, uint64_t x0, uint64_t x1, struct observation *o)
{
	struct call_input in = { 0 };

	in.caller.gpr[0] = x0;
	in.caller.gpr[1] = x1;
	in.caller.gpr[aarch64_desc.sp_gpr] = CALLER_STACK + CALLER_STACK_SIZE / 2;
	if (machine_call(m, &in, o))
		fail_msg("%s", m->core.errmsg);
	assert_int_equal(o->end, END_RETURNED);
}

static void test_vbar_carries_over_in_a_sequence(void **state)
{
	const unsigned int vbar = aarch64_desc.vbar;
	struct stub_image img;
	struct machine m;
	struct observation o;

	(void)state;
	open_two_tables(&m, &img);
	assert_int_equal(machine_sequence_begin(&m), 0);
	call(&m, 0, STUB_BASE_ADDR + SECOND_TABLE, &o);
	assert_int_equal(o.post.sysreg[vbar], STUB_BASE_ADDR + SECOND_TABLE);
	/* The next call is taken to the second table, and its pre-state says where. */
	call(&m, 0, 0x10000, &o);
	assert_int_equal(o.pre.sysreg[vbar], STUB_BASE_ADDR + SECOND_TABLE);
	assert_int_equal(o.post.gpr[0], SECOND_ANSWER);
	/* The caller's x1 is fresh: the first call's is not left behind. */
	assert_int_equal(o.pre.gpr[1], 0x10000);
	assert_int_equal(machine_sequence_end(&m), 0);
	call(&m, 0, 0x10000, &o);
	assert_int_equal(o.pre.sysreg[vbar], STUB_BASE_ADDR);
	machine_close(&m);
	image_free(&img);
}

static void test_single_calls_start_fresh(void **state)
{
	const unsigned int vbar = aarch64_desc.vbar;
	struct stub_image img;
	struct machine m;
	struct observation o;

	(void)state;
	open_two_tables(&m, &img);
	call(&m, 0, STUB_BASE_ADDR + SECOND_TABLE, &o);
	call(&m, 0, 0x10000, &o);
	assert_int_equal(o.pre.sysreg[vbar], STUB_BASE_ADDR);
	assert_int_equal(o.post.sysreg[vbar], 0x10000);
	assert_int_not_equal(o.post.gpr[0], SECOND_ANSWER);
	machine_close(&m);
	image_free(&img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vbar_carries_over_in_a_sequence),
		cmocka_unit_test(test_single_calls_start_fresh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

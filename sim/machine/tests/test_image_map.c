/*
 * The image is mapped a chunk at a time, as the core touches it: a stub
 * that reads and writes a word megabytes past its vectors sees the
 * image's bytes there on every call, its write put back after each; the
 * harness reads an untouched part of the image as the image holds it; and
 * a sequence keeps what the stub wrote, until it ends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "aarch64/regs.h"
#include "handler.h"
#include "layout.h"
#include "machine.h"

#define IMAGE_SIZE	(4u << 20)
#define FAR_OFFSET	(3u << 20)	/* past the first chunks, in none the vectors are in */
#define FAR_ADDR	(STUB_BASE_ADDR + FAR_OFFSET)
#define FAR_WORD	UINT64_C(0x1122334455667788)
#define UNTOUCHED	(IMAGE_SIZE - 64)
#define BUDGET		1000

/* x0 = the far word; the far word = x1; eret. */
static const uint32_t handler[] = {
	A64_MOVZ_X(2, FAR_ADDR & 0xffff), A64_MOVK_X_LSL16(2, FAR_ADDR >> 16),
	A64_LDR_X(0, 2), A64_STR_X(1, 2), A64_ERET,
};

static void open_big(struct stub_image *img, struct machine *m)
{
	const struct arch_desc *arch = &aarch64_desc;
	uint8_t *code = calloc(1, IMAGE_SIZE);
	struct load_options lo = { .load_addr = STUB_BASE_ADDR, .max_size = IMAGE_SIZE };
	uint64_t far = FAR_WORD, untouched = ~FAR_WORD;
	char err[256];

	assert_non_null(code);
	for (size_t i = 0; i < PAGE_SIZE / 4; i++)
		memcpy(code + 4 * i, &arch->fill_insn, 4);
	memcpy(code + arch->hvc_vector, handler, sizeof(handler));
	memcpy(code + FAR_OFFSET, &far, sizeof(far));
	memcpy(code + UNTOUCHED, &untouched, sizeof(untouched));
	memset(img, 0, sizeof(*img));
	if (image_load_raw("big", code, IMAGE_SIZE, &lo, img, err, sizeof(err)))
		fail_msg("%s", err);
	free(code);
	assert_int_equal(machine_open(m, arch, img, STUB_BASE_ADDR, BUDGET), 0);
}

/* One call with x1 = value: what x0 came back with. */
static uint64_t call(struct machine *m, uint64_t value)
{
	struct call_input in = { 0 };
	struct observation o;

	in.caller.gpr[1] = value;
	in.caller.gpr[aarch64_desc.sp_gpr] = CALLER_STACK + CALLER_STACK_SIZE / 2;
	if (machine_call(m, &in, &o))
		fail_msg("%s", m->core.errmsg);
	assert_int_equal(o.end, END_RETURNED);
	return o.post.gpr[0];
}

static void test_far_word_read_and_put_back(void **state)
{
	struct stub_image img;
	struct machine m;

	(void)state;
	open_big(&img, &m);
	assert_true(call(&m, 0xdead) == FAR_WORD);
	assert_true(call(&m, 0xbeef) == FAR_WORD);
	machine_close(&m);
	image_free(&img);
}

static void test_harness_reads_untouched_chunk(void **state)
{
	struct stub_image img;
	struct machine m;
	uint64_t w = 0;

	(void)state;
	open_big(&img, &m);
	assert_int_equal(machine_mem_read(&m, STUB_BASE_ADDR + UNTOUCHED, &w, sizeof(w)), 0);
	assert_true(w == ~FAR_WORD);
	machine_close(&m);
	image_free(&img);
}

static void test_sequence_keeps_the_write(void **state)
{
	struct stub_image img;
	struct machine m;

	(void)state;
	open_big(&img, &m);
	assert_int_equal(machine_sequence_begin(&m), 0);
	assert_true(call(&m, 0xdead) == FAR_WORD);
	assert_true(call(&m, 0xbeef) == 0xdead);
	assert_int_equal(machine_sequence_end(&m), 0);
	assert_true(call(&m, 0xf00d) == FAR_WORD);
	machine_close(&m);
	image_free(&img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_far_word_read_and_put_back),
		cmocka_unit_test(test_harness_reads_untouched_chunk),
		cmocka_unit_test(test_sequence_keeps_the_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

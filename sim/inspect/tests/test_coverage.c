/*
 * The code map and the coverage recorder, without an emulator: the
 * reference stubs' maps (blocks, edges, where each starts), and runs fed
 * to the recorder as Unicorn's block hook reports them: a run spanning
 * two blocks, a run cut short by a fault, the edge into a run, and the
 * OR of two coverages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch.h"
#include "coverage.h"
#include "image.h"
#include "testutil.h"

#define BASE	0x40000000u

/* The reference stub's raw bytes, placed at BASE. */
static uint8_t *reference(const struct arch_desc *a, struct stub_image *img)
{
	size_t len;
	uint8_t *data = test_read_file(test_stub(a->name, "hyp_stub", false), &len);

	memset(img, 0, sizeof(*img));
	img->seg[0] = (struct segment){ .addr = BASE, .size = len, .data = data };
	img->nseg = 1;
	return data;
}

/*
 * Both reference stubs: the vector entry, three compares, the error
 * answer, and the three functions and their shared success: 9 blocks,
 * 9 edges (entry -> dispatch, 3 compares x 2, and 2 into success).
 */
static void test_reference_maps(void **state)
{
	(void)state;
	for (unsigned int i = 0; arch_at(i); i++) {
		const struct arch_desc *a = arch_at(i);
		struct stub_image img;
		uint8_t *data = reference(a, &img);
		struct code_map map;
		uint64_t entry = BASE + a->hvc_vector;

		assert_int_equal(codemap_build(a, &img, entry, false, &map), 0);
		assert_int_equal(map.nblocks, 9);
		assert_int_equal(map.nedges, 9);
		assert_false(map.truncated);
		assert_int_equal(map.undecodable, 0);
		assert_int_equal(codemap_block_at(&map, entry), 0);
		assert_int_equal(map.blocks[0].n, 1);		/* b stub_hvc */
		assert_int_equal(map.blocks[0].nsucc, 1);
		assert_int_equal(map.blocks[1].nsucc, 2);	/* cmp, b.eq */
		assert_int_equal(codemap_block_at(&map, BASE), -1);	/* other vectors: not walked */
		codemap_free(&map);
		free(data);
	}
}

/* Coverage of the arm64 reference stub's map, as the tests below use it. */
struct fixture {
	struct stub_image img;
	uint8_t *data;
	struct code_map map;
	struct coverage a, b;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->data = reference(&aarch64_desc, &f->img);
	assert_int_equal(codemap_build(&aarch64_desc, &f->img, BASE + aarch64_desc.hvc_vector, false,
				       &f->map), 0);
	assert_int_equal(coverage_init(&f->a, &f->map, 2), 0);
	assert_int_equal(coverage_init(&f->b, &f->map, 2), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	coverage_free(&f->a);
	coverage_free(&f->b);
	codemap_free(&f->map);
	free(f->data);
	free(f);
	return 0;
}

static const struct code_block *blk(const struct fixture *f, unsigned int i)
{
	return &f->map.blocks[i];
}

/* One run over blocks 1 and 2 (the first compare falls through to the second). */
static void test_run_spans_blocks(void **state)
{
	struct fixture *f = *state;
	struct coverage_count n;

	coverage_select(&f->a, 1);
	coverage_block(&f->a, blk(f, 0)->start, (uint32_t)(blk(f, 0)->end - blk(f, 0)->start));
	coverage_block(&f->a, blk(f, 1)->start, (uint32_t)(blk(f, 2)->end - blk(f, 1)->start));
	coverage_end_call(&f->a, false, 0);
	n = coverage_count(&f->a, 1);
	assert_int_equal(n.blocks_covered, 3);
	assert_int_equal(n.edges_covered, 2);	/* 0 -> 1 into the run, 1 -> 2 within it */
	assert_true(coverage_block_run(&f->a, 1, 2));
	assert_false(coverage_block_run(&f->a, 0, 2));	/* another set */
	assert_int_equal(coverage_count(&f->a, 0).blocks_covered, 0);
	assert_int_equal(coverage_count(&f->a, -1).blocks_covered, 3);
}

/* A fault in block 1's last instruction: block 2, later in the same run, never ran. */
static void test_fault_cuts_run(void **state)
{
	struct fixture *f = *state;

	coverage_select(&f->a, 0);
	coverage_block(&f->a, blk(f, 1)->start, (uint32_t)(blk(f, 2)->end - blk(f, 1)->start));
	coverage_end_call(&f->a, true, blk(f, 1)->end - 4);
	assert_true(coverage_block_run(&f->a, 0, 1));
	assert_false(coverage_block_run(&f->a, 0, 2));
	assert_int_equal(coverage_count(&f->a, 0).edges_covered, 0);
}

/* A run that starts mid-block (after an isb ended the last one) is no edge. */
static void test_run_resumes_block(void **state)
{
	struct fixture *f = *state;
	const struct code_block *b = blk(f, 1);

	coverage_select(&f->a, 0);
	coverage_block(&f->a, b->start, 4);
	coverage_block(&f->a, b->start + 4, (uint32_t)(b->end - b->start - 4));
	coverage_end_call(&f->a, false, 0);
	assert_int_equal(coverage_count(&f->a, 0).blocks_covered, 1);
	assert_int_equal(coverage_count(&f->a, 0).edges_covered, 0);
	/* Code the map does not hold (a register branch's target) is counted apart. */
	coverage_block(&f->a, BASE, 4);
	coverage_end_call(&f->a, false, 0);
	assert_int_equal(coverage_count(&f->a, 0).outside, 1);
}

/* Two machines' coverages: the OR of both. */
static void test_merge(void **state)
{
	struct fixture *f = *state;
	unsigned int last = f->map.nblocks - 1;

	coverage_select(&f->a, 0);
	coverage_block(&f->a, blk(f, 0)->start, 4);
	coverage_end_call(&f->a, false, 0);
	coverage_select(&f->b, 0);
	coverage_block(&f->b, blk(f, last)->start, 4);
	coverage_end_call(&f->b, false, 0);
	coverage_merge(&f->a, &f->b);
	assert_true(coverage_block_run(&f->a, 0, 0));
	assert_true(coverage_block_run(&f->a, 0, last));
	assert_int_equal(coverage_count(&f->a, 0).blocks_covered, 2);
	assert_int_equal(coverage_percent(&f->a), 2 * 100 / f->map.nblocks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_maps),
		cmocka_unit_test_setup_teardown(test_run_spans_blocks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_cuts_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_resumes_block, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
	};
	return cmocka_run_group_tests_name("coverage", tests, test_make_tmpdir, test_remove_tmpdir);
}

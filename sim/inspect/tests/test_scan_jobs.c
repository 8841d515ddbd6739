/*
 * A scan on several threads finds what one finds, in the same order, and
 * cuts the list where one would: a blob of copies of the reference stub
 * (each copy a candidate), scanned with 1 to 4 jobs, fewer copies than
 * the list holds and more.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch.h"
#include "scan.h"
#include "testutil.h"

#define BLOB_SIZE	(16u << 20)	/* big enough for four jobs */

static const struct arch_desc *const arches[] = { &aarch64_desc, &aarch32_desc };

/* copies of the stub spread evenly over a blob, at its arch's alignment. */
static uint8_t *blob_of(const struct arch_desc *a, unsigned int copies)
{
	size_t len;
	uint8_t *stub = test_read_file(test_stub(a->name, "hyp_stub", false), &len);
	uint8_t *blob = calloc(1, BLOB_SIZE);
	size_t step = (BLOB_SIZE / copies) & ~(size_t)(a->vector_align - 1);

	assert_non_null(blob);
	assert_true(len <= step);
	for (unsigned int i = 0; i < copies; i++)
		memcpy(blob + i * step, stub, len);
	free(stub);
	return blob;
}

static void same_for_any_jobs(unsigned int copies, unsigned int want, bool truncated)
{
	static struct scan_result one, many;

	for (size_t a = 0; a < sizeof(arches) / sizeof(arches[0]); a++) {
		uint8_t *blob = blob_of(arches[a], copies);

		memset(&one, 0, sizeof(one));
		assert_int_equal(scan_blob(arches[a], blob, BLOB_SIZE, 1, &one), 0);
		assert_int_equal(one.n, want);
		assert_int_equal(one.truncated, truncated);
		for (unsigned int jobs = 2; jobs <= 4; jobs++) {
			memset(&many, 0, sizeof(many));
			assert_int_equal(scan_blob(arches[a], blob, BLOB_SIZE, jobs, &many), 0);
			assert_int_equal(many.n, one.n);
			assert_int_equal(many.truncated, one.truncated);
			assert_memory_equal(many.c, one.c, one.n * sizeof(one.c[0]));
		}
		free(blob);
	}
}

static void test_few_copies(void **state)
{
	(void)state;
	same_for_any_jobs(7, 7, false);
}

static void test_more_copies_than_the_list_holds(void **state)
{
	(void)state;
	same_for_any_jobs(SCAN_MAX_CANDIDATES + 9, SCAN_MAX_CANDIDATES, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_few_copies),
		cmocka_unit_test(test_more_copies_than_the_list_holds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

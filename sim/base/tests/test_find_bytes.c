/* find_bytes finds what memmem finds: at the ends, across near misses, and nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "find_bytes.h"
#include "rng.h"

static void same_as_memmem(const uint8_t *hay, size_t len, const char *needle, size_t nlen)
{
	assert_ptr_equal(find_bytes(hay, len, needle, nlen), memmem(hay, len, needle, nlen));
}

static void test_cases(void **state)
{
	static const uint8_t hay[] = "LLinux versioLinux version 7.2Linux";
	size_t len = sizeof(hay) - 1;

	(void)state;
	same_as_memmem(hay, len, "Linux version ", 14);	/* after two near misses */
	same_as_memmem(hay, len, "LLinux", 6);			/* at the start */
	same_as_memmem(hay, len, "2Linux", 6);			/* at the end */
	same_as_memmem(hay, len, "Linux version 8", 15);	/* nowhere */
	same_as_memmem(hay, 3, "LLinux", 6);			/* longer than the haystack */
	same_as_memmem(hay, len, "x", 1);
	assert_ptr_equal(find_bytes(hay, len, "", 0), hay);
	assert_null(find_bytes(hay, 0, "L", 1));
}

/* Random haystacks of a small alphabet, so that first bytes and near misses abound. */
static void test_random(void **state)
{
	struct rng r = { 7 };
	uint8_t hay[512];
	char needle[8];

	(void)state;
	for (int k = 0; k < 20000; k++) {
		size_t len = (size_t)rng_below(&r, sizeof(hay)), nlen = 1 + (size_t)rng_below(&r, 6);

		for (size_t i = 0; i < len; i++)
			hay[i] = (uint8_t)('a' + rng_below(&r, 3));
		for (size_t i = 0; i < nlen; i++)
			needle[i] = (char)('a' + rng_below(&r, 3));
		same_as_memmem(hay, len, needle, nlen);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

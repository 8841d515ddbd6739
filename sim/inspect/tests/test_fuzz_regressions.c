/*
 * Every input a fuzz target crashed on, replayed through the same code
 * (tools/fuzz/regressions/<target>-<what>.bin). Run under the asan-ubsan
 * preset too, so the undefined behaviour they once caused would fail here.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "image.h"
#include "scan.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(*len ? *len : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, *len, f), *len);
	fclose(f);
	return buf;
}

static void replay(const char *name, const uint8_t *data, size_t len)
{
	static struct scan_result r;

	if (strncmp(name, "scan-", 5) == 0) {
		r.n = 0;
		assert_int_equal(scan_blob(&aarch64_desc, data, len, &r), 0);
		r.n = 0;
		assert_int_equal(scan_blob(&aarch32_desc, data, len, &r), 0);
	} else if (strncmp(name, "loader-", 7) == 0) {
		struct load_options lo = { .load_addr = 0x40000000, .max_size = 16u << 20 };
		struct stub_image img;
		char err[512];

		if (image_load_buffer(name, data, len, &lo, &img, err, sizeof(err)) == 0)
			image_free(&img);
	} else {
		fail_msg("%s: no replay for this target", name);
	}
}

static void test_regressions(void **state)
{
	DIR *d = opendir(REGRESSIONS_DIR);
	struct dirent *e;
	int n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		uint8_t *data;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", REGRESSIONS_DIR, e->d_name);
		print_message("  %s\n", e->d_name);
		data = slurp(path, &len);
		replay(e->d_name, data, len);
		free(data);
		n++;
	}
	closedir(d);
	assert_true(n > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressions),
	};
	return cmocka_run_group_tests_name("fuzz-regressions", tests, NULL, NULL);
}

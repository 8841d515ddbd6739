/*
 * Every input a fuzz target crashed on, replayed through the same code
 * (tools/fuzz/regressions/<target>-<what>.bin), with its outcome asserted:
 * the scan returns, with the candidates recorded below and a result that
 * stays inside the blob; the loader refuses with a one-line error or loads
 * an image inside its limits.
 *
 * So that the bug itself fails here in a plain build too (not only under
 * the asan-ubsan preset), each input is replayed twice, once flush
 * against an inaccessible page after it and once flush against one
 * before it: a read past either end of the input is a crash, not a read
 * of whatever the heap held there.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "arch.h"
#include "image.h"
#include "layout.h"
#include "scan.h"
#include "testutil.h"

/* What replaying an input must give. Every file needs an entry. */
struct expected {
	const char *file;
	/* scan-*: the candidates found per arch (offset -1: none). */
	long long arm64_offset, arm_offset;
	/* loader-*: 0 loaded, or -1 refused with an error containing `error`. */
	int load;
	const char *error;
};

static const struct expected expected[] = {
	/*
	 * A literal-pool address near 2^64: the bounds check addr + 4 > len
	 * wrapped, and the scan read outside the blob (found by fuzz_scan).
	 * Nothing in it is a stub's vector table.
	 */
	{ "scan-literal-offset-wraps.bin", -1, -1, 0, NULL },
};

static const struct expected *expected_for(const char *file)
{
	for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		if (strcmp(expected[i].file, file) == 0)
			return &expected[i];
	fail_msg("%s: no expected outcome in test_fuzz_regressions.c's table", file);
	return NULL;
}

/* len bytes between two inaccessible pages: a copy of data at its start or its end. */
struct fenced {
	uint8_t *map;
	size_t maplen;
	uint8_t *data;
};

static void fence(struct fenced *f, const uint8_t *data, size_t len, bool at_end)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t inner = (len + page - 1) / page * page;

	if (inner == 0)
		inner = page;
	f->maplen = inner + 2 * page;
	f->map = mmap(NULL, f->maplen, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(f->map != MAP_FAILED);
	assert_int_equal(mprotect(f->map + page, inner, PROT_READ | PROT_WRITE), 0);
	f->data = f->map + page + (at_end ? inner - len : 0);
	memcpy(f->data, data, len);
	assert_int_equal(mprotect(f->map + page, inner, PROT_READ), 0);
}

static void unfence(struct fenced *f)
{
	assert_int_equal(munmap(f->map, f->maplen), 0);
}

/* A scan's result: inside the blob, consistent, and the candidate expected. */
static void check_scan(const char *file, const struct arch_desc *a, const uint8_t *data,
		       size_t len, long long want_offset)
{
	static struct scan_result r;

	memset(&r, 0, sizeof(r));
	assert_int_equal(scan_blob(a, data, len, 1, &r), 0);
	assert_true(r.n <= SCAN_MAX_CANDIDATES);
	assert_true(!r.truncated || r.n == SCAN_MAX_CANDIDATES);
	for (unsigned int i = 0; i < r.n; i++) {
		const struct scan_candidate *c = &r.c[i];

		assert_false(c->payload);
		assert_int_equal(c->offset % a->vector_align, 0);
		assert_true(c->offset + a->hvc_vector + 4 <= len);
		assert_int_equal(c->numbers >> SCAN_MAX_NUMBER, 0);
		assert_true(c->numbers != 0);	/* a candidate dispatches on x0/r0 */
		assert_true(c->why[0] != '\0');
	}
	if (want_offset < 0) {
		if (r.n != 0)
			fail_msg("%s (%s): %u candidates, expected none; the first at +%#llx",
				 file, a->name, r.n, (unsigned long long)r.c[0].offset);
	} else {
		if (r.n != 1 || r.c[0].offset != (uint64_t)want_offset)
			fail_msg("%s (%s): %u candidates, expected one at +%#llx", file, a->name,
				 r.n, (unsigned long long)want_offset);
	}
}

static void check_load(const char *file, const uint8_t *data, size_t len,
		       const struct expected *want)
{
	/* fuzz_loader's options */
	const struct load_options lo = { .load_addr = DEFAULT_LOAD_ADDR, .max_size = 16u << 20 };
	struct stub_image img;
	char err[512] = "";
	int rc = image_load_buffer(file, data, len, &lo, &img, err, sizeof(err));

	if (rc != want->load)
		fail_msg("%s: the loader returned %d (%s), expected %d", file, rc, err, want->load);
	if (rc == 0) {
		uint64_t total = 0;

		assert_true(img.nseg >= 1 && img.nseg <= IMAGE_MAX_SEGMENTS);
		for (unsigned int i = 0; i < img.nseg; i++)
			total += img.seg[i].size;
		if (img.has_payload)
			total += img.payload.seg.size;
		assert_true(total <= lo.max_size);
		image_free(&img);
		return;
	}
	/* Refused: one line, naming the file, saying why. */
	assert_non_null(strstr(err, file));
	assert_null(strchr(err, '\n'));
	if (want->error && !strstr(err, want->error))
		fail_msg("%s: the loader said '%s', expected '%s'", file, err, want->error);
}

static void replay(const char *file, const uint8_t *data, size_t len)
{
	const struct expected *want = expected_for(file);

	if (strncmp(file, "scan-", 5) == 0) {
		check_scan(file, &aarch64_desc, data, len, want->arm64_offset);
		check_scan(file, &aarch32_desc, data, len, want->arm_offset);
	} else if (strncmp(file, "loader-", 7) == 0) {
		check_load(file, data, len, want);
	} else {
		fail_msg("%s: no replay for this target", file);
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
		struct fenced f;
		uint8_t *data;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", REGRESSIONS_DIR, e->d_name);
		print_message("  %s\n", e->d_name);
		data = test_read_file(path, &len);
		for (int at_end = 0; at_end <= 1; at_end++) {
			fence(&f, data, len, at_end);
			replay(e->d_name, f.data, len);
			unfence(&f);
		}
		free(data);
		n++;
	}
	closedir(d);
	/* Every expectation names a file that is there. */
	assert_int_equal(n, (int)(sizeof(expected) / sizeof(expected[0])));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regressions),
	};
	return cmocka_run_group_tests_name("fuzz-regressions", tests, NULL, NULL);
}

/* What the CMocka programs that run hypabi's binaries share. */
#ifndef HYPABI_TESTUTIL_H
#define HYPABI_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct CMUnitTest;

/*
 * Run a CMocka group: all its tests, or, given "SHARD/SHARDS" as argv[1],
 * every SHARDS-th from the SHARD-th (0-based), so CTest can run the
 * shards of one long program at once (hypabi_test_shards in CMake). A new
 * test lands in a shard by its index: none is ever left out.
 */
int test_run_group(const char *name, const struct CMUnitTest *tests, size_t n, int argc,
		   char **argv, int (*setup)(void **), int (*teardown)(void **));

/* A private directory for the test program's files: setup and teardown. */
extern char test_tmpdir[];
int test_make_tmpdir(void **state);
int test_remove_tmpdir(void **state);

/* test_tmpdir/name, in a static buffer (eight in turn). */
const char *test_path(const char *name);
/* A file test_tmpdir/name holding len bytes of data; its path, as test_path's. */
const char *test_write_file(const char *name, const void *data, size_t len);

/* Run argv (PATH searched); stdout and stderr to files, or /dev/null. Exit status, or -1. */
int test_run(char *const argv[], const char *out_path, const char *err_path);
/* test_run with stdout into out and stderr into err (either may be NULL), NUL-terminated. */
int test_capture(char *const argv[], char *out, size_t outlen, char *err, size_t errlen);
/* The file's bytes into buf, NUL-terminated; "" if it cannot be read. */
size_t test_slurp(const char *path, char *buf, size_t len);
/* The whole file in a malloc'd buffer (fails the test if it cannot be read). */
uint8_t *test_read_file(const char *path, size_t *len);
/* A built stub from the catalogue (fails the test if there is none). */
const char *test_stub(const char *arch, const char *name, bool elf);

/* A stub of the catalogue (its ELF) and the exit status `hypabi check` gives it. */
struct test_verdict_stub {
	const char *arch, *name;
	int status;		/* 0: it passes; 1: a required rule fails */
};
/*
 * Each arch's reference stub and controls that fail, for the tests that
 * need a report of each verdict (the report formats, the HTML page).
 */
extern const struct test_verdict_stub test_verdict_stubs[];
extern const size_t test_nverdict_stubs;

#endif

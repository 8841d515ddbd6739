/* What the CMocka programs that run hypabi's binaries share. */
#ifndef HYPABI_TESTUTIL_H
#define HYPABI_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A private directory for the test program's files: setup and teardown. */
extern char test_tmpdir[];
int test_make_tmpdir(void **state);
int test_remove_tmpdir(void **state);

/* Run argv (PATH searched); stdout and stderr to files, or /dev/null. Exit status, or -1. */
int test_run(char *const argv[], const char *out_path, const char *err_path);
/* The file's bytes into buf, NUL-terminated; "" if it cannot be read. */
size_t test_slurp(const char *path, char *buf, size_t len);
/* The whole file in a malloc'd buffer (fails the test if it cannot be read). */
uint8_t *test_read_file(const char *path, size_t *len);
/* A built stub from the catalogue (fails the test if there is none). */
const char *test_stub(const char *arch, const char *name, bool elf);

#endif

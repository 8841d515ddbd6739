/*
 * hypabi check -j N: the same seed gives the same reports, byte for byte
 * and in every format, and the same exit status, on any number of
 * threads; for one stub and for the stubs of a scan, passing and failing.
 * And -j's own usage errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "check.h"
#include "cli.h"
#include "testutil.h"

/* The thread counts compared with -j1: more threads than this machine's cores among them. */
static const char *const jobs[] = { "-j2", "-j3", "--jobs=5" };
#define NJOBS	(sizeof(jobs) / sizeof(jobs[0]))

/* hypabi check ARGS... with -j (jobs) into test_tmpdir/out: its exit status. */
static int check_into(const char *out, const char *j, const char *const *args)
{
	char *argv[24];
	int n = 0;

	argv[n++] = (char *)HYPABI_BIN;
	argv[n++] = "check";
	argv[n++] = (char *)j;
	for (; *args; args++) {
		assert_true(n < 23);
		argv[n++] = (char *)*args;
	}
	argv[n] = NULL;
	return test_run(argv, test_path(out), test_path("err"));
}

/* Whether two files hold the same bytes. */
static bool same_file(const char *a, const char *b)
{
	size_t la, lb;
	uint8_t *x = test_read_file(a, &la), *y = test_read_file(b, &lb);
	bool same = la == lb && memcmp(x, y, la) == 0;

	free(x);
	free(y);
	return same;
}

/*
 * hypabi check ARGS at -j1 exits with status, and at every other -j
 * writes the same bytes and exits the same way.
 */
static void same_for_any_j(int status, const char *const *args)
{
	size_t len;
	uint8_t *one;
	int st = check_into("j1.out", "-j1", args);
	const char *last = args[0];

	for (const char *const *a = args; *a; a++)
		last = *a;

	if (st != status)
		fail_msg("check -j1 %s ... %s: exit %d, wanted %d", args[0], last, st, status);
	one = test_read_file(test_path("j1.out"), &len);
	assert_true(len > 0);
	free(one);
	for (size_t k = 0; k < NJOBS; k++) {
		st = check_into("jn.out", jobs[k], args);
		if (st != status)
			fail_msg("check %s %s ... %s: exit %d, -j1's %d", jobs[k], args[0], last, st,
				 status);
		if (!same_file(test_path("j1.out"), test_path("jn.out")))
			fail_msg("check %s %s ... %s: its report differs from -j1's", jobs[k],
				 args[0], last);
	}
}

/* Each arch's reference stub and failing controls, JSON; four shares a function and more. */
static void test_one_stub_json(void **state)
{
	(void)state;
	for (size_t i = 0; i < test_nverdict_stubs; i++) {
		const struct test_verdict_stub *v = &test_verdict_stubs[i];
		const char *args[] = { "--format", "json", "--random", "500",
				       test_stub(v->arch, v->name, true), NULL };

		same_for_any_j(v->status, args);
	}
}

/* A failing control in every report format, its traces included; and a seed of its own. */
static void test_every_format(void **state)
{
	static const char *const formats[] = { "text", "json", "junit", "md", "html" };
	const char *ctl = test_stub("arm64", "soft_restart_args", true);

	(void)state;
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		const char *args[] = { "-v", "--format", formats[f], "--random", "300", ctl, NULL };

		same_for_any_j(EXIT_FAIL, args);
	}
	{
		const char *args[] = { "--format", "json", "--seed", "77", "--random", "700",
				       test_stub("arm", "return_thumb", true), NULL };

		same_for_any_j(EXIT_FAIL, args);
	}
	{
		/* Fewer shares than threads: the fixed cases alone. */
		const char *args[] = { "--format", "json", "--random", "0", ctl, NULL };

		same_for_any_j(EXIT_FAIL, args);
	}
}

/* A raw blob holding the reference stub and three controls, 32 KiB apart: four stubs. */
static const char *four_stub_blob(void)
{
	static char path[4096];	/* test_path's buffers are reused */
	static const char *const names[] = { "hyp_stub", "soft_restart_args", "set_vectors_vbar",
					     "soft_restart_target" };
	static uint8_t blob[4 * 0x8000];

	for (size_t i = 0; i < 4; i++) {
		size_t len;
		uint8_t *b = test_read_file(test_stub("arm64", names[i], false), &len);

		assert_true(len <= 0x8000);
		memcpy(blob + i * 0x8000, b, len);
		free(b);
	}
	snprintf(path, sizeof(path), "%s", test_write_file("four.bin", blob, sizeof(blob)));
	return path;
}

/* check --scan: the stubs of an image shared out among threads, reported in the image's order. */
static void test_scan(void **state)
{
	const char *blob = four_stub_blob();
	const char *json[] = { "--scan", "--format", "json", blob, NULL };
	const char *text[] = { "--scan", "-v", "--random", "250", blob, NULL };
	const char *pass[] = { "--scan", "--format", "junit",
			       test_stub("arm64", "hyp_stub", true), NULL };
	const char *arm[] = { "--scan", "--format", "json", test_stub("arm", "vmlinux", true),
			      NULL };

	(void)state;
	same_for_any_j(EXIT_FAIL, json);
	same_for_any_j(EXIT_FAIL, text);
	same_for_any_j(EXIT_PASS, pass);
	same_for_any_j(EXIT_PASS, arm);
}

/*
 * hypabi scan -j N: the listing of an image big enough to share out (its
 * stubs apart, in stripes on different threads) is the same for any N;
 * and -j0 is refused as check refuses it.
 */
static void test_scan_command(void **state)
{
	enum { BIG = 12u << 20 };
	uint8_t *blob = calloc(1, BIG);
	size_t len;
	uint8_t *stub = test_read_file(test_stub("arm64", "hyp_stub", false), &len);
	const char *ref = NULL;
	const char *const js[] = { "-j1", "-j2", "-j3", "--jobs=5" };
	char path[512], out[256], err[512];

	(void)state;
	assert_non_null(blob);
	for (size_t at = 0; at + len <= BIG; at += 3u << 20)
		memcpy(blob + at, stub, len);
	/* test_path's buffers are reused: keep the name. */
	snprintf(path, sizeof(path), "%s", test_write_file("twelve.bin", blob, BIG));
	for (size_t k = 0; k < sizeof(js) / sizeof(js[0]); k++) {
		char *argv[] = { (char *)HYPABI_BIN, "scan", "--arch", "arm64", "--format", "json",
				 (char *)js[k], path, NULL };

		assert_int_equal(test_run(argv, test_path("scan.out"), test_path("err")),
				 EXIT_PASS);
		if (!ref) {
			char from[512];

			ref = "scan.j1";
			snprintf(from, sizeof(from), "%s", test_path("scan.out"));
			assert_int_equal(rename(from, test_path(ref)), 0);
			continue;
		}
		if (!same_file(test_path(ref), test_path("scan.out")))
			fail_msg("scan %s: its listing differs from -j1's", js[k]);
	}
	{
		size_t n;
		uint8_t *bytes = test_read_file(test_path(ref), &n);
		/* A string for strstr: test_read_file's bytes have no terminator. */
		char *listing = realloc(bytes, n + 1);
		size_t found = 0;

		assert_non_null(listing);
		listing[n] = '\0';
		for (const char *p = listing; (p = strstr(p, "\"offset\"")) != NULL; p++)
			found++;
		assert_int_equal(found, 4);	/* the four copies, at 0, 3, 6 and 9 MiB */
		free(listing);
	}
	{
		char *argv[] = { (char *)HYPABI_BIN, "scan", "-j0", path, NULL };

		assert_int_equal(test_capture(argv, out, sizeof(out), err, sizeof(err)), EXIT_USAGE);
		assert_non_null(strstr(err, "--jobs: must be at least 1"));
		assert_string_equal(out, "");
	}
	free(stub);
	free(blob);
}

/* -j's mistakes: one line on stderr naming the option, exit 2, nothing on stdout. */
static void test_bad_jobs(void **state)
{
	static const struct {
		const char *arg, *needle;
	} bad[] = {
		{ "-j0", "--jobs: must be at least 1" },
		{ "--jobs=0", "--jobs: must be at least 1" },
		{ "-j-1", "--jobs: '-1' is not a number" },
		{ "-jtwo", "--jobs: 'two' is not a number" },
		{ "--jobs=1.5", "--jobs: '1.5' is not a number" },
		{ "--jobs=" CHECK_MAX_THREADS_TEXT "0", "is larger than " CHECK_MAX_THREADS_TEXT },
		{ "-j99999999999999999999", "is not a number" },
		{ "--jobs", "option '--jobs' needs a value" },
	};
	const char *ref = test_stub("arm64", "hyp_stub", true);

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char out[256], err[512];
		char *argv[] = { (char *)HYPABI_BIN, "check", (char *)ref, (char *)bad[i].arg,
				 NULL };
		int st;

		/* A missing value is the last word, so that getopt does not take the STUB. */
		st = test_capture(argv, out, sizeof(out), err, sizeof(err));
		if (st != EXIT_USAGE || !strstr(err, bad[i].needle) || out[0] ||
		    strchr(err, '\n') != err + strlen(err) - 1)
			fail_msg("check %s: exit %d, stdout '%s', stderr '%s'; wanted exit %d and "
				 "one line with '%s'", bad[i].arg, st, out, err, EXIT_USAGE,
				 bad[i].needle);
	}
	{
		/* The help says the default and the cap. */
		char out[16384];
		char *argv[] = { (char *)HYPABI_BIN, "check", "--help", NULL };

		assert_int_equal(test_capture(argv, out, sizeof(out), NULL, 0), EXIT_PASS);
		assert_non_null(strstr(out, "-j, --jobs N"));
		assert_non_null(strstr(out, "at most " CHECK_MAX_THREADS_TEXT));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_stub_json),
		cmocka_unit_test(test_every_format),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_scan_command),
		cmocka_unit_test(test_bad_jobs),
	};

	return cmocka_run_group_tests(tests, test_make_tmpdir, test_remove_tmpdir);
}

/*
 * Every report format, for a passing and a failing stub of each arch and
 * for a multi-stub run, validated by an independent reader: xmllint
 * against reports/junit.xsd, Python's jsonschema against
 * reports/report.schema.json; the JSON summary equals its results.
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

#include "testutil.h"

static char report[1 << 20];

static void slurp(const char *path)
{
	test_slurp(path, report, sizeof(report));
}

static const char *stub(const char *arch, const char *name)
{
	return test_stub(arch, name, true);
}

/* hypabi check --format FMT [--scan] STUB into path; returns its exit status. */
static int check(const char *fmt, const char *path, const char *file, bool scan)
{
	char *argv[] = { HYPABI_BIN, "check", "--random", "20", "--format", (char *)fmt,
			 "-o", (char *)path, (char *)file, NULL, NULL };

	if (scan) {
		argv[9] = argv[8];
		argv[8] = "--scan";
	}
	return test_run(argv, NULL, NULL);
}

static bool valid_json(const char *path)
{
	char *argv[] = { "/usr/bin/python3", "-m", "jsonschema", "-i", (char *)path,
			 REPORTS_DIR "/report.schema.json", NULL };

	return test_run(argv, NULL, NULL) == 0;
}

static bool valid_junit(const char *path)
{
	char *argv[] = { "xmllint", "--noout", "--schema", REPORTS_DIR "/junit.xsd", (char *)path,
			 NULL };

	return test_run(argv, NULL, NULL) == 0;
}

static int count(const char *needle)
{
	int n = 0;

	for (const char *p = strstr(report, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static int summary(const char *key)
{
	char k[64];
	const char *p;

	snprintf(k, sizeof(k), "\"%s\": ", key);
	p = strstr(strstr(report, "\"summary\""), k);
	assert_non_null(p);
	return atoi(p + strlen(k));
}

static void formats_for(const char *arch, const char *name, int want_status)
{
	char path[300];

	snprintf(path, sizeof(path), "%s/r.json", test_tmpdir);
	assert_int_equal(check("json", path, stub(arch, name), false), want_status);
	if (!valid_json(path))
		fail_msg("%s/%s: JSON does not match the schema", arch, name);
	slurp(path);
	/* summary counts always equal the results */
	assert_int_equal(summary("pass"), count("\"status\": \"pass\""));
	assert_int_equal(summary("fail"), count("\"status\": \"fail\""));
	assert_int_equal(summary("not-reached"), count("\"status\": \"not-reached\""));
	assert_int_equal(summary("waived"), count("\"status\": \"waived\""));

	snprintf(path, sizeof(path), "%s/r.xml", test_tmpdir);
	assert_int_equal(check("junit", path, stub(arch, name), false), want_status);
	if (!valid_junit(path))
		fail_msg("%s/%s: JUnit does not match the XSD", arch, name);
	slurp(path);
	if (want_status)
		assert_true(count("<failure ") > 0);
	else
		assert_int_equal(count("<failure "), 0);

	snprintf(path, sizeof(path), "%s/r.md", test_tmpdir);
	assert_int_equal(check("md", path, stub(arch, name), false), want_status);
	slurp(path);
	assert_non_null(strstr(report, "| function | verdict | failing rules |"));
	assert_non_null(strstr(report, want_status ? "### hypabi FAIL" : "### hypabi PASS"));
}

static void test_arm64(void **state)
{
	(void)state;
	formats_for("arm64", "hyp_stub", 0);
	formats_for("arm64", "soft_restart_args", 1);
}

static void test_arm(void **state)
{
	(void)state;
	formats_for("arm", "hyp_stub", 0);
	formats_for("arm", "return_thumb", 1);
}

static void test_multi(void **state)
{
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s/m.json", test_tmpdir);
	assert_int_equal(check("json", path, stub("arm64", "return_code"), true), 1);
	assert_true(valid_json(path));
	slurp(path);
	assert_non_null(strstr(report, "\"matrix\": ["));
	snprintf(path, sizeof(path), "%s/m.xml", test_tmpdir);
	assert_int_equal(check("junit", path, stub("arm", "hyp_stub"), true), 0);
	assert_true(valid_junit(path));
	snprintf(path, sizeof(path), "%s/m.md", test_tmpdir);
	assert_int_equal(check("md", path, stub("arm", "hyp_stub"), true), 0);
	slurp(path);
	assert_non_null(strstr(report, "| stub | role |"));
}

/* The validators are live: a report that breaks the contract is rejected. */
static void test_validators_reject(void **state)
{
	char path[300];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/bad.json", test_tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{ \"tool\": \"hypabi\", \"verdict\": \"maybe\" }\n", f);
	fclose(f);
	assert_false(valid_json(path));
	snprintf(path, sizeof(path), "%s/bad.xml", test_tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("<testsuites tests=\"1\"><testcase name=\"x\"/></testsuites>\n", f);
	fclose(f);
	assert_false(valid_junit(path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm64),
		cmocka_unit_test(test_arm),
		cmocka_unit_test(test_multi),
		cmocka_unit_test(test_validators_reject),
	};
	return cmocka_run_group_tests_name("reports", tests, test_make_tmpdir, test_remove_tmpdir);
}

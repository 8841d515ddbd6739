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

#include "layout.h"
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

#define SCAN_PAD	0x1800	/* where the scan tests' image holds its one stub */

/* The arm64 reference stub behind SCAN_PAD zero bytes: one candidate, at +SCAN_PAD. */
static const char *padded_image(void)
{
	static char path[300];
	static const char zeros[SCAN_PAD];
	char buf[4096];
	FILE *in = fopen(test_stub("arm64", "hyp_stub", false), "rb"), *out;
	size_t n;

	snprintf(path, sizeof(path), "%s/padded.bin", test_tmpdir);
	out = fopen(path, "wb");
	assert_non_null(in);
	assert_non_null(out);
	assert_int_equal(fwrite(zeros, 1, sizeof(zeros), out), sizeof(zeros));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	return path;
}

/* hypabi scan --format FMT IMAGE, its output into report; returns its exit status. */
static int scan(const char *fmt, const char *image, const char *path)
{
	char *argv[] = { HYPABI_BIN, "scan", "--format", (char *)fmt, (char *)image, NULL };
	int status = test_run(argv, path, NULL);

	slurp(path);
	return status;
}

static bool well_formed_json(const char *path)
{
	char *argv[] = { "/usr/bin/python3", "-m", "json.tool", (char *)path, NULL };

	return test_run(argv, NULL, NULL) == 0;
}

/* One page, nothing fetched: no scripts, no links, no external assets. */
static void self_contained_html(void)
{
	static const char *const outside[] = { "<script", "src=", "href=", "url(", "@import",
					       "http:", "https:" };

	assert_int_equal(strncmp(report, "<!DOCTYPE html>", 15), 0);
	assert_non_null(strstr(report, "</html>\n"));
	for (size_t i = 0; i < sizeof(outside) / sizeof(outside[0]); i++)
		if (strstr(report, outside[i]))
			fail_msg("the page has '%s'", outside[i]);
}

/* hypabi scan writes every format it takes: the candidate, at its offset. */
static void test_scan_formats(void **state)
{
	const char *image = padded_image();
	char path[300], want[80];

	(void)state;
	snprintf(path, sizeof(path), "%s/scan.out", test_tmpdir);
	assert_int_equal(scan("text", image, path), 0);
	snprintf(want, sizeof(want), "no Linux version banner\n1 candidate\n  +0x%x ", SCAN_PAD);
	assert_non_null(strstr(report, want));

	assert_int_equal(scan("json", image, path), 0);
	assert_true(well_formed_json(path));
	assert_non_null(strstr(report, "\n  \"linux\": null,\n"));
	snprintf(want, sizeof(want), "\"candidates\": [\n    { \"offset\": \"0x%x\", \"part\": "
		 "\"file\"", SCAN_PAD);
	assert_non_null(strstr(report, want));

	assert_int_equal(scan("junit", image, path), 0);
	if (!valid_junit(path))
		fail_msg("scan's JUnit does not match the XSD");
	snprintf(want, sizeof(want), "<testcase classname=\"hypabi.scan.arm64\" name=\"+0x%x\"/>",
		 SCAN_PAD);
	assert_non_null(strstr(report, want));
	assert_int_equal(count("<testcase "), 1);

	assert_int_equal(scan("md", image, path), 0);
	snprintf(want, sizeof(want), "\n| `+0x%x` | 0x%llx | SET_VECTORS SOFT_RESTART RESET_VECTORS |",
		 SCAN_PAD, (unsigned long long)(DEFAULT_LOAD_ADDR + SCAN_PAD));
	assert_non_null(strstr(report, want));

	assert_int_equal(scan("html", image, path), 0);
	self_contained_html();
	snprintf(want, sizeof(want), "<td class=\"where\">+0x%x</td>", SCAN_PAD);
	assert_non_null(strstr(report, want));
}

#define BANNER_AT	0x100	/* where test_scan_banner's image holds a version banner */
#define BANNER		"Linux version 6.1.0-50-arm64 (a \"b\" <c>) #1 SMP Debian 6.1.176-1 (x)"

/* The kernel's version banner, in every format (escaped where the format needs it). */
static void test_scan_banner(void **state)
{
	const char *image = padded_image();
	char path[300], want[256];
	FILE *f = fopen(image, "r+b");

	(void)state;
	assert_non_null(f);
	assert_int_equal(fseek(f, BANNER_AT, SEEK_SET), 0);
	assert_int_equal(fwrite(BANNER "\n", 1, sizeof(BANNER), f), sizeof(BANNER));
	assert_int_equal(fclose(f), 0);
	snprintf(path, sizeof(path), "%s/banner.out", test_tmpdir);

	assert_int_equal(scan("text", image, path), 0);
	snprintf(want, sizeof(want), ": raw, arm64\nLinux 6.1.176 banner at +0x%x (release "
		 "6.1.0-50-arm64)\n1 candidate\n", BANNER_AT);
	assert_non_null(strstr(report, want));

	assert_int_equal(scan("json", image, path), 0);
	assert_true(well_formed_json(path));
	snprintf(want, sizeof(want), "\n  \"linux\": { \"version\": \"6.1.176\", \"release\": "
		 "\"6.1.0-50-arm64\", \"at\": \"+0x%x\", \"banner\": \"Linux version "
		 "6.1.0-50-arm64 (a \\\"b\\\" <c>) #1 SMP Debian 6.1.176-1 (x)\" },\n", BANNER_AT);
	assert_non_null(strstr(report, want));

	assert_int_equal(scan("junit", image, path), 0);
	assert_true(valid_junit(path));
	snprintf(want, sizeof(want), "<system-out>Linux 6.1.176 banner at +0x%x (release "
		 "6.1.0-50-arm64)\n+0x%x vectors ", BANNER_AT, SCAN_PAD);
	assert_non_null(strstr(report, want));
	assert_int_equal(count("<testcase "), 1);

	assert_int_equal(scan("md", image, path), 0);
	assert_non_null(strstr(report, ": 1 candidate\n\nLinux 6.1.176 banner at "));
	assert_int_equal(scan("html", image, path), 0);
	self_contained_html();
	snprintf(want, sizeof(want), "<p class=\"banner\">Linux 6.1.176 banner at +0x%x (release "
		 "6.1.0-50-arm64)</p>", BANNER_AT);
	assert_non_null(strstr(report, want));
}

/* An image with no stub: every format says so, and JUnit stays valid. */
static void test_scan_formats_empty(void **state)
{
	const char *image = test_stub("arm64", "probe", false);
	char path[300];

	(void)state;
	snprintf(path, sizeof(path), "%s/empty.out", test_tmpdir);
	assert_int_equal(scan("text", image, path), 0);
	assert_non_null(strstr(report, "0 candidates"));
	assert_int_equal(scan("json", image, path), 0);
	assert_true(well_formed_json(path));
	assert_non_null(strstr(report, "\"candidates\": [\n  ]"));
	assert_int_equal(scan("junit", image, path), 0);
	assert_true(valid_junit(path));
	assert_non_null(strstr(report, "tests=\"0\""));
	assert_int_equal(scan("md", image, path), 0);
	assert_non_null(strstr(report, ": 0 candidates\n"));
	assert_int_equal(scan("html", image, path), 0);
	self_contained_html();
	assert_non_null(strstr(report, "0 candidates"));
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
		cmocka_unit_test(test_scan_formats),
		cmocka_unit_test(test_scan_banner),
		cmocka_unit_test(test_scan_formats_empty),
		cmocka_unit_test(test_validators_reject),
	};
	return cmocka_run_group_tests_name("reports", tests, test_make_tmpdir, test_remove_tmpdir);
}

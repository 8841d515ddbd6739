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

/* hypabi check --format FMT of v's stub into test_path(name), with v's exit status; into report. */
static const char *checked(const struct test_verdict_stub *v, const char *fmt, const char *name)
{
	const char *path = test_path(name), *file = stub(v->arch, v->name);
	int status = check(fmt, path, file, false);

	if (status != v->status)
		fail_msg("%s --format %s: exit %d, wanted %d", file, fmt, status, v->status);
	slurp(path);
	return path;
}

static void formats_for(const struct test_verdict_stub *v)
{
	if (!valid_json(checked(v, "json", "r.json")))
		fail_msg("%s/%s: JSON does not match the schema", v->arch, v->name);
	/* summary counts always equal the results */
	assert_int_equal(summary("pass"), count("\"status\": \"pass\""));
	assert_int_equal(summary("fail"), count("\"status\": \"fail\""));
	assert_int_equal(summary("not-reached"), count("\"status\": \"not-reached\""));
	assert_int_equal(summary("waived"), count("\"status\": \"waived\""));

	if (!valid_junit(checked(v, "junit", "r.xml")))
		fail_msg("%s/%s: JUnit does not match the XSD", v->arch, v->name);
	if (v->status)
		assert_true(count("<failure ") > 0);
	else
		assert_int_equal(count("<failure "), 0);

	checked(v, "md", "r.md");
	assert_non_null(strstr(report, "| function | verdict | failing rules |"));
	assert_non_null(strstr(report, v->status ? "### hypabi FAIL" : "### hypabi PASS"));
}

/* Each arch's reference stub and its failing controls, in every format. */
static void test_formats(void **state)
{
	(void)state;
	for (size_t i = 0; i < test_nverdict_stubs; i++)
		formats_for(&test_verdict_stubs[i]);
}

static void test_multi(void **state)
{
	const char *path;

	(void)state;
	path = test_path("m.json");
	assert_int_equal(check("json", path, stub("arm64", "return_code"), true), 1);
	assert_true(valid_json(path));
	slurp(path);
	assert_non_null(strstr(report, "\"matrix\": ["));
	path = test_path("m.xml");
	assert_int_equal(check("junit", path, stub("arm", "hyp_stub"), true), 0);
	assert_true(valid_junit(path));
	path = test_path("m.md");
	assert_int_equal(check("md", path, stub("arm", "hyp_stub"), true), 0);
	slurp(path);
	assert_non_null(strstr(report, "| stub | role |"));
}

#define SCAN_PAD	0x1800	/* where the scan tests' image holds its one stub */

/* The arm64 reference stub behind SCAN_PAD zero bytes: one candidate, at +SCAN_PAD. */
static const char *padded_image(void)
{
	size_t len;
	uint8_t *ref = test_read_file(test_stub("arm64", "hyp_stub", false), &len);
	uint8_t *image = calloc(1, SCAN_PAD + len);
	const char *path;

	assert_non_null(image);
	memcpy(image + SCAN_PAD, ref, len);
	path = test_write_file("padded.bin", image, SCAN_PAD + len);
	free(image);
	free(ref);
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
	const char *image = padded_image(), *path = test_path("scan.out");
	char want[80];

	(void)state;
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
	const char *image = padded_image(), *path = test_path("banner.out");
	char want[256];
	FILE *f = fopen(image, "r+b");

	(void)state;
	assert_non_null(f);
	assert_int_equal(fseek(f, BANNER_AT, SEEK_SET), 0);
	assert_int_equal(fwrite(BANNER "\n", 1, sizeof(BANNER), f), sizeof(BANNER));
	assert_int_equal(fclose(f), 0);

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
	const char *image = test_stub("arm64", "probe", false), *path = test_path("empty.out");

	(void)state;
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

/*
 * A legacy era's report: GET_VECTORS named in every format, the JSON valid
 * and its failing rule the new one (arm64 v4.7's control that reads the
 * wrong vector base), and a passing arm-legacy stub's.
 */
static void test_legacy_formats(void **state)
{
	static const struct {
		const char *arch, *name, *profile;
		int status;
	} eras[] = {
		{ "arm64", "legacy_get_vectors_value", "arm64-v4.7", 1 },
		{ "arm", "legacy", "arm-legacy", 0 },
	};
	static const char *const formats[] = { "json", "junit", "md", "html", "text" };

	(void)state;
	for (size_t i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
			const char *path = test_path("legacy.out");
			char *argv[] = { HYPABI_BIN, "check", "--random", "20", "-v", "--profile",
					 (char *)eras[i].profile, "--format", (char *)formats[f],
					 "-o", (char *)path, (char *)stub(eras[i].arch, eras[i].name),
					 NULL };

			if (strcmp(formats[f], "text") != 0)	/* -v is text's only */
				memmove(&argv[4], &argv[5], sizeof(argv) - 5 * sizeof(argv[0]));
			assert_int_equal(test_run(argv, NULL, NULL), eras[i].status);
			slurp(path);
			if (!strstr(report, "GET_VECTORS"))
				fail_msg("%s --format %s: no GET_VECTORS", eras[i].name, formats[f]);
			if (eras[i].status && !strstr(report, "get-vectors.value"))
				fail_msg("%s --format %s: no get-vectors.value", eras[i].name,
					 formats[f]);
			if (strcmp(formats[f], "json") == 0 && !valid_json(path))
				fail_msg("%s: JSON does not match the schema", eras[i].name);
			if (strcmp(formats[f], "junit") == 0 && !valid_junit(path))
				fail_msg("%s: JUnit does not match the XSD", eras[i].name);
		}
	}
}

/* coverage_gap --min-coverage 100 [--explore N] --format FMT into path: its exit status; into report. */
static int covered(const char *fmt, const char *path, const char *explore)
{
	char *argv[] = { HYPABI_BIN, "check", "--min-coverage", "100", "--format", (char *)fmt,
			 "-o", (char *)path, (char *)stub("arm64", "coverage_gap"), NULL, NULL, NULL };
	int status;

	if (explore) {
		argv[9] = argv[8];
		argv[8] = "--explore";
		argv[10] = argv[9];
		argv[9] = (char *)explore;
	}
	status = test_run(argv, NULL, NULL);
	slurp(path);
	return status;
}

/*
 * Coverage in every format: the block no default case runs, named with its
 * disassembly and failing --min-coverage 100; after --explore, none, and
 * how coverage grew. JSON against the schema, JUnit against the XSD.
 */
static void test_coverage_formats(void **state)
{
	const char *path = test_path("cov.out");

	(void)state;
	assert_int_equal(covered("json", path, NULL), 1);
	assert_true(valid_json(path));
	assert_non_null(strstr(report, "\"unrun\": [\n      { \"address\": \"0x"));
	assert_non_null(strstr(report, "\"instructions\": [\"0x"));
	assert_non_null(strstr(report, "\"below_min_coverage\": true"));
	assert_non_null(strstr(report, "\"verdict\": \"fail\""));
	assert_int_equal(covered("json", path, "20000"), 0);
	assert_true(valid_json(path));
	assert_non_null(strstr(report, "\"unrun\": [\n    ]"));
	assert_non_null(strstr(report, "\"explore\": [\n      { \"calls\": "));
	assert_non_null(strstr(report, "\"below_min_coverage\": false"));

	assert_int_equal(covered("junit", path, NULL), 1);
	assert_true(valid_junit(path));
	assert_non_null(strstr(report, "<property name=\"coverage.unrun.0x"));
	assert_non_null(strstr(report, "<property name=\"coverage.SET_VECTORS\" value=\""));
	assert_non_null(strstr(report, "name=\"min-coverage\">\n      <failure type=\"min-coverage\""));
	assert_int_equal(covered("junit", path, "20000"), 0);
	assert_true(valid_junit(path));
	assert_non_null(strstr(report, "<property name=\"coverage.explore.1\""));
	assert_non_null(strstr(report, "name=\"min-coverage\"></testcase>"));
	assert_null(strstr(report, "<failure"));

	assert_int_equal(covered("md", path, NULL), 1);
	assert_non_null(strstr(report, "| function | blocks run | edges taken |"));
	assert_non_null(strstr(report, "\nNever run:\n- `0x"));
	assert_non_null(strstr(report, "below --min-coverage 100%"));

	assert_int_equal(covered("html", path, NULL), 1);
	self_contained_html();
	assert_non_null(strstr(report, "<table class=\"disasm\">"));
	assert_non_null(strstr(report, "<tr class=\"unrun block\">"));
	assert_non_null(strstr(report, "<tr class=\"run block\">"));
	assert_int_equal(covered("html", path, "20000"), 0);
	assert_null(strstr(report, "<tr class=\"unrun"));
	assert_non_null(strstr(report, "<table class=\"explore\">"));

	assert_int_equal(covered("text", path, NULL), 1);
	assert_non_null(strstr(report, "\n  never run:\n    block 0x"));
	assert_int_equal(covered("text", path, "20000"), 0);
	assert_null(strstr(report, "never run"));
	assert_non_null(strstr(report, "  explore: "));
}

/*
 * Unreachable by design in every format: coverage_by_design's SVE-gated
 * block carries its reason, its plain unrun block none; the count beside
 * the percentage. JSON against the schema, JUnit against the XSD.
 */
static void test_coverage_by_design(void **state)
{
	static const char *const formats[] = { "json", "junit", "md", "html", "text" };
	static const char *const reason[] = {
		"\"unreachable_by_design\": \"ID_AA64PFR0_EL1.SVE = 0 on a57: the cbz at 0x",
		"(unreachable by design: ID_AA64PFR0_EL1.SVE = 0 on a57: the cbz at 0x",
		" — unreachable by design: ID_AA64PFR0_EL1.SVE = 0 on a57: the cbz at 0x",
		"<tr class=\"unrun by-design block\">",
		": unreachable by design, ID_AA64PFR0_EL1.SVE = 0 on a57: the cbz at 0x",
	};
	static const char *const total[] = {
		"\"unreachable_by_design\": 1, \"unreachable_why\": \"ID_AA64PFR0_EL1.SVE = 0 on a57\"",
		"<property name=\"coverage.by_design\" value=\"1: ID_AA64PFR0_EL1.SVE = 0 on a57\"/>",
		"\nUnreachable by design: 1 (ID_AA64PFR0_EL1.SVE = 0 on a57)\n",
		"<p class=\"by-design\">unreachable by design: 1 (ID_AA64PFR0_EL1.SVE = 0 on a57)</p>",
		"; unreachable by design: 1 (ID_AA64PFR0_EL1.SVE = 0 on a57)\n",
	};
	const char *path = test_path("by_design.out");

	(void)state;
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		char *argv[] = { HYPABI_BIN, "check", "--format", (char *)formats[f], "-o",
				 (char *)path, (char *)stub("arm64", "coverage_by_design"), NULL };

		assert_int_equal(test_run(argv, NULL, NULL), 0);
		slurp(path);
		if (count(reason[f]) != 1)
			fail_msg("--format %s: the reason is not given once:\n%s", formats[f], report);
		if (!strstr(report, total[f]))
			fail_msg("--format %s: no total \"%s\"", formats[f], total[f]);
	}
	/* The plain block: named never run (text, the last run above), and the JSON holds two, one with a reason. */
	assert_non_null(strstr(report, "\n    block 0x"));
	{
		char *argv[] = { HYPABI_BIN, "check", "--format", "json", "-o", (char *)path,
				 (char *)stub("arm64", "coverage_by_design"), NULL };

		assert_int_equal(test_run(argv, NULL, NULL), 0);
		slurp(path);
		assert_true(valid_json(path));
		assert_int_equal(count("{ \"address\": \"0x"), 2);
	}
}

/* The validators are live: a report that breaks the contract is rejected. */
static void test_validators_reject(void **state)
{
	static const char json[] = "{ \"tool\": \"hypabi\", \"verdict\": \"maybe\" }\n";
	static const char xml[] = "<testsuites tests=\"1\"><testcase name=\"x\"/></testsuites>\n";

	(void)state;
	assert_false(valid_json(test_write_file("bad.json", json, strlen(json))));
	assert_false(valid_junit(test_write_file("bad.xml", xml, strlen(xml))));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_multi),
		cmocka_unit_test(test_legacy_formats),
		cmocka_unit_test(test_scan_formats),
		cmocka_unit_test(test_scan_banner),
		cmocka_unit_test(test_scan_formats_empty),
		cmocka_unit_test(test_coverage_formats),
		cmocka_unit_test(test_coverage_by_design),
		cmocka_unit_test(test_validators_reject),
	};
	return cmocka_run_group_tests_name("reports", tests, test_make_tmpdir, test_remove_tmpdir);
}

/*
 * --format html, opened in headless Chromium (Debian's chromium): the page
 * renders, with the conformance matrix coloured by verdict and a failure's
 * details and trace. The screenshots are left in the build tree to look at.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#define CHROMIUM	"/usr/bin/chromium"
#define SKIP_CODE	77

static char dom[1 << 20];

/*
 * Chromium, headless, opens the page html: its DOM into dom and, given shot,
 * a screenshot there, from the one start of Chromium (most of the test's
 * time; the DOM is its standard output, the screenshot's line its error).
 */
static void chromium(const char *html, const char *shot)
{
	char url[600], profile[600], action[600];
	char *argv[16] = { CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
			   "--disable-quic", "--no-first-run", "--disable-background-networking",
			   "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
			   profile, "--dump-dom" };
	size_t n = 12;

	snprintf(url, sizeof(url), "file://%s", html);
	snprintf(profile, sizeof(profile), "--user-data-dir=%s", test_path("profile"));
	if (shot) {
		snprintf(action, sizeof(action), "--screenshot=%s", shot);
		argv[n++] = action;
		/* No screenshot of an earlier run may stand in for this one's. */
		assert_true(unlink(shot) == 0 || errno == ENOENT);
	}
	argv[n++] = url;
	argv[n] = NULL;
	assert_int_equal(test_capture(argv, dom, sizeof(dom), NULL, 0), 0);
	assert_true(dom[0] != '\0');
	if (shot)
		assert_int_equal(access(shot, R_OK), 0);
}

/* v's check report as a page, as Chromium parsed it, and a screenshot of it. */
static void render(const struct test_verdict_stub *v)
{
	char name[128], html[600], shot[600];
	char *check[] = { HYPABI_BIN, "check", "--random", "20", "--format", "html", "-o", html,
			  (char *)test_stub(v->arch, v->name, true), NULL };

	snprintf(name, sizeof(name), "%s-%s.html", v->arch, v->name);
	snprintf(html, sizeof(html), "%s", test_path(name));
	snprintf(shot, sizeof(shot), "%s/html-%s-%s.png", SHOT_DIR, v->arch, v->name);
	assert_int_equal(test_run(check, NULL, NULL), v->status);
	chromium(html, shot);

	assert_non_null(strstr(dom, "<table class=\"matrix\">"));
	assert_non_null(strstr(dom, "<th>SET_VECTORS</th>"));
	if (v->status == 0) {
		assert_non_null(strstr(dom, "<td class=\"cell pass\">pass</td>"));
		assert_null(strstr(dom, "class=\"cell fail\""));
	} else {
		assert_non_null(strstr(dom, "<td class=\"cell fail\">fail"));
		assert_non_null(strstr(dom, "<details class=\"failure fail\" open=\"\">"));
		assert_non_null(strstr(dom, "<pre class=\"trace\">exception entry:"));
		assert_non_null(strstr(dom, "hypabi trace --arch"));
	}
}

/* Each arch's reference stub and its failing controls, as pages. */
static void test_pages(void **state)
{
	(void)state;
	for (size_t i = 0; i < test_nverdict_stubs; i++)
		render(&test_verdict_stubs[i]);
}

/*
 * The coverage of a stub with a block no default case runs: its table, and
 * its code line by line, each line run or never run, as Chromium parsed it.
 */
static void test_coverage(void **state)
{
	const char *html = test_path("coverage.html");
	char shot[600];
	char *check[] = { HYPABI_BIN, "check", "--min-coverage", "100", "--format", "html", "-o",
			  (char *)html, (char *)test_stub("arm64", "coverage_gap", true), NULL };
	const char *disasm, *unrun;

	(void)state;
	snprintf(shot, sizeof(shot), "%s/html-arm64-coverage_gap.png", SHOT_DIR);
	assert_int_equal(test_run(check, NULL, NULL), 1);
	chromium(html, shot);
	assert_non_null(strstr(dom, "<table class=\"coverage\">"));
	assert_non_null(strstr(dom, "<p class=\"fail\">below --min-coverage 100%</p>"));
	disasm = strstr(dom, "<table class=\"disasm\">");
	assert_non_null(disasm);
	/* Both kinds of line, in the table; the never-run block says so. */
	assert_non_null(strstr(disasm, "<tr class=\"run block\"><td class=\"addr\">0x"));
	unrun = strstr(disasm, "<tr class=\"unrun block\"><td class=\"addr\">0x");
	assert_non_null(unrun);
	assert_non_null(strstr(unrun, "<td class=\"by\">never run</td><td><code>mov"));
	assert_true(unrun < strstr(disasm, "</table>"));
}

/* hypabi scan's page renders too: the table of candidates. */
static void test_scan(void **state)
{
	const char *html = test_path("scan.html");
	char *scan[] = { HYPABI_BIN, "scan", "--format", "html",
			 (char *)test_stub("arm", "hyp_stub", true), NULL };

	(void)state;
	assert_int_equal(test_run(scan, html, NULL), 0);
	chromium(html, NULL);
	assert_non_null(strstr(dom, "<table class=\"scan\">"));
	assert_non_null(strstr(dom, "<td class=\"where\">+0x0 (__hyp_stub_vectors)</td>"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_coverage),
	};
	if (access(CHROMIUM, X_OK) != 0) {
		printf("SKIP: %s is not installed (tools/setup installs it)\n", CHROMIUM);
		return SKIP_CODE;
	}
	return cmocka_run_group_tests_name("html", tests, test_make_tmpdir, test_remove_tmpdir);
}

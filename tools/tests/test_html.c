/*
 * --format html, opened in headless Chromium (Debian's chromium): the page
 * renders, with the conformance matrix coloured by verdict and a failure's
 * details and trace. The screenshots are left in the build tree to look at.
 */
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

/* The page as Chromium parsed it, and a screenshot of it. */
static void render(const char *arch, const char *name, int want)
{
	char html[300], url[320], out[300], shot[400], profile[300];
	char *check[] = { HYPABI_BIN, "check", "--random", "20", "--format", "html", "-o", html,
			  (char *)test_stub(arch, name, true), NULL };
	char *chrome[] = { CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
			   "--disable-quic", "--no-first-run", "--disable-background-networking",
			   "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
			   profile, NULL, url, NULL };

	snprintf(html, sizeof(html), "%s/%s-%s.html", test_tmpdir, arch, name);
	snprintf(url, sizeof(url), "file://%s", html);
	snprintf(out, sizeof(out), "%s/dom.html", test_tmpdir);
	snprintf(profile, sizeof(profile), "--user-data-dir=%s/profile", test_tmpdir);
	snprintf(shot, sizeof(shot), "--screenshot=%s/html-%s-%s.png", SHOT_DIR, arch, name);
	assert_int_equal(test_run(check, NULL, NULL), want);

	chrome[11] = "--dump-dom";
	assert_int_equal(test_run(chrome, out, NULL), 0);
	assert_true(test_slurp(out, dom, sizeof(dom)) > 0);
	chrome[11] = shot;
	assert_int_equal(test_run(chrome, NULL, NULL), 0);

	assert_non_null(strstr(dom, "<table class=\"matrix\">"));
	assert_non_null(strstr(dom, "<th>SET_VECTORS</th>"));
	if (want == 0) {
		assert_non_null(strstr(dom, "<td class=\"cell pass\">pass</td>"));
		assert_null(strstr(dom, "class=\"cell fail\""));
	} else {
		assert_non_null(strstr(dom, "<td class=\"cell fail\">fail"));
		assert_non_null(strstr(dom, "<details class=\"failure fail\" open=\"\">"));
		assert_non_null(strstr(dom, "<pre class=\"trace\">exception entry:"));
		assert_non_null(strstr(dom, "hypabi trace --arch"));
	}
}

/* hypabi scan's page renders too: the table of candidates. */
static void test_scan(void **state)
{
	char html[300], url[320], out[300], profile[300];
	char *scan[] = { HYPABI_BIN, "scan", "--format", "html",
			 (char *)test_stub("arm", "hyp_stub", true), NULL };
	char *chrome[] = { CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
			   "--disable-quic", "--no-first-run", "--disable-background-networking",
			   "--disable-component-update", "--disable-sync", profile, "--dump-dom",
			   url, NULL };

	(void)state;
	snprintf(html, sizeof(html), "%s/scan.html", test_tmpdir);
	snprintf(url, sizeof(url), "file://%s", html);
	snprintf(out, sizeof(out), "%s/scan-dom.html", test_tmpdir);
	snprintf(profile, sizeof(profile), "--user-data-dir=%s/profile", test_tmpdir);
	assert_int_equal(test_run(scan, html, NULL), 0);
	assert_int_equal(test_run(chrome, out, NULL), 0);
	assert_true(test_slurp(out, dom, sizeof(dom)) > 0);
	assert_non_null(strstr(dom, "<table class=\"scan\">"));
	assert_non_null(strstr(dom, "<td class=\"where\">+0x0</td>"));
}

static void test_arm64(void **state)
{
	(void)state;
	render("arm64", "hyp_stub", 0);
	render("arm64", "soft_restart_target", 1);
}

static void test_arm(void **state)
{
	(void)state;
	render("arm", "hyp_stub", 0);
	render("arm", "return_mode", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm64),
		cmocka_unit_test(test_arm),
		cmocka_unit_test(test_scan),
	};
	if (access(CHROMIUM, X_OK) != 0) {
		printf("SKIP: %s is not installed (tools/setup installs it)\n", CHROMIUM);
		return SKIP_CODE;
	}
	return cmocka_run_group_tests_name("html", tests, test_make_tmpdir, test_remove_tmpdir);
}

/*
 * --format html, opened in headless Chromium (Debian's chromium): the page
 * renders, with the conformance matrix coloured by verdict and a failure's
 * details and trace. The screenshots are left in the build tree to look at.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "stub_catalog.h"

#define CHROMIUM	"/usr/bin/chromium"
#define SKIP_CODE	77

extern char **environ;

static char tmpdir[] = "/tmp/hypabi-html-XXXXXX";
static char dom[1 << 20];

static int run(char *const argv[], const char *out_path)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) != 0)
		return -1;
	posix_spawn_file_actions_destroy(&fa);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static const char *stub(const char *arch, const char *name)
{
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (strcmp(stub_catalog[i].arch, arch) == 0 && strcmp(stub_catalog[i].name, name) == 0)
			return stub_catalog[i].elf;
	fail_msg("no stub %s/%s", arch, name);
	return NULL;
}

/* The page as Chromium parsed it, and a screenshot of it. */
static void render(const char *arch, const char *name, int want)
{
	char html[300], url[320], out[300], shot[400], profile[300];
	char *check[] = { HYPABI_BIN, "check", "--random", "20", "--format", "html", "-o", html,
			  (char *)stub(arch, name), NULL };
	char *chrome[] = { CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
			   "--disable-quic", "--no-first-run", "--disable-background-networking",
			   "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
			   profile, NULL, url, NULL };
	FILE *f;
	size_t n;

	snprintf(html, sizeof(html), "%s/%s-%s.html", tmpdir, arch, name);
	snprintf(url, sizeof(url), "file://%s", html);
	snprintf(out, sizeof(out), "%s/dom.html", tmpdir);
	snprintf(profile, sizeof(profile), "--user-data-dir=%s/profile", tmpdir);
	snprintf(shot, sizeof(shot), "--screenshot=%s/html-%s-%s.png", SHOT_DIR, arch, name);
	assert_int_equal(run(check, NULL), want);

	chrome[11] = "--dump-dom";
	assert_int_equal(run(chrome, out), 0);
	f = fopen(out, "r");
	assert_non_null(f);
	n = fread(dom, 1, sizeof(dom) - 1, f);
	dom[n] = '\0';
	fclose(f);
	chrome[11] = shot;
	assert_int_equal(run(chrome, NULL), 0);

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
	};
	char cmd[300];
	int rc;

	if (access(CHROMIUM, X_OK) != 0) {
		printf("SKIP: %s is not installed (tools/setup installs it)\n", CHROMIUM);
		return SKIP_CODE;
	}
	if (!mkdtemp(tmpdir))
		return 1;
	rc = cmocka_run_group_tests_name("html", tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 1;
	return rc;
}

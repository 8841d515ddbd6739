#include "testutil.h"

#include <fcntl.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "stub_catalog.h"

extern char **environ;

char test_tmpdir[] = "/tmp/hypabi-test-XXXXXX";

int test_make_tmpdir(void **state)
{
	(void)state;
	return mkdtemp(test_tmpdir) ? 0 : -1;
}

int test_remove_tmpdir(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", test_tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

const char *test_path(const char *name)
{
	static char path[8][512];
	static unsigned int next;
	char *p = path[next++ % 8];

	snprintf(p, sizeof(path[0]), "%s/%s", test_tmpdir, name);
	return p;
}

const char *test_write_file(const char *name, const void *data, size_t len)
{
	const char *path = test_path(name);
	FILE *f = fopen(path, "wb");

	if (!f)
		fail_msg("cannot write '%s'", path);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

int test_run(char *const argv[], const char *out_path, const char *err_path)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, err_path ? err_path : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	/* A crash is never an exit status. */
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

int test_capture(char *const argv[], char *out, size_t outlen, char *err, size_t errlen)
{
	char out_path[512], err_path[512];
	int status;

	snprintf(out_path, sizeof(out_path), "%s/capture.out", test_tmpdir);
	snprintf(err_path, sizeof(err_path), "%s/capture.err", test_tmpdir);
	status = test_run(argv, out ? out_path : NULL, err ? err_path : NULL);

	if (out)
		test_slurp(out_path, out, outlen);
	if (err)
		test_slurp(err_path, err, errlen);
	return status;
}

size_t test_slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, len - 1, f) : 0;

	buf[n] = '\0';
	if (f)
		fclose(f);
	return n;
}

const char *test_stub(const char *arch, const char *name, bool elf)
{
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (strcmp(stub_catalog[i].arch, arch) == 0 && strcmp(stub_catalog[i].name, name) == 0)
			return elf ? stub_catalog[i].elf : stub_catalog[i].bin;
	fail_msg("no stub %s/%s in the catalogue", arch, name);
	return NULL;
}

const struct test_verdict_stub test_verdict_stubs[] = {
	{ "arm64", "hyp_stub", 0 },
	{ "arm64", "soft_restart_args", 1 },
	{ "arm64", "soft_restart_target", 1 },
	{ "arm", "hyp_stub", 0 },
	{ "arm", "return_thumb", 1 },
	{ "arm", "return_mode", 1 },
};
const size_t test_nverdict_stubs = sizeof(test_verdict_stubs) / sizeof(test_verdict_stubs[0]);

uint8_t *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;

	if (!f)
		fail_msg("cannot read '%s'", path);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(*len ? *len : 1);	/* a 1-byte buffer for an empty file */
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, *len, f), *len);
	fclose(f);
	return buf;
}

int test_run_group(const char *name, const struct CMUnitTest *tests, size_t n, int argc,
		   char **argv, int (*setup)(void **), int (*teardown)(void **))
{
	unsigned int shard = 0, shards = 1;
	struct CMUnitTest *mine;
	size_t k = 0;
	char end;
	int rc;

	if (argc > 2 || (argc == 2 && (sscanf(argv[1], "%u/%u%c", &shard, &shards, &end) != 2 ||
				       shards == 0 || shard >= shards))) {
		fprintf(stderr, "%s: usage: %s [SHARD/SHARDS], 0 <= SHARD < SHARDS\n", name,
			argv[0]);
		return 2;
	}
	mine = calloc(n ? n : 1, sizeof(*mine));
	if (!mine)
		return 1;
	for (size_t i = shard; i < n; i += shards)
		mine[k++] = tests[i];
	rc = _cmocka_run_group_tests(name, mine, k, setup, teardown);
	free(mine);
	return rc;
}

/*
 * A kernel Image is mapped, not copied: cut short while hypabi reads it,
 * its pages past the new end raise SIGBUS. The command line then exits 2
 * with one line naming the file, as for any other bad input; a SIGBUS
 * that is not a mapped file's still kills.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "image.h"
#include "testutil.h"

#define IMAGE_LEN	(64u << 10)

/* An arm64 Image of IMAGE_LEN bytes (the header and zeros), written to a file; its path. */
static const char *write_image(char *path, size_t len)
{
	static uint8_t img[IMAGE_LEN];

	memset(img, 0, sizeof(img));
	memcpy(img + 56, "ARM\x64", 4);
	img[16 + 2] = 0x02;	/* image_size 0x20000: the file, then bss */
	img[24] = 0xa;		/* little-endian, 4K pages */
	snprintf(path, len, "%s", test_write_file("cut.Image", img, sizeof(img)));
	return path;
}

/* In a child: load path, cut the file to nothing, read its mapping. Its status and stderr. */
static int load_cut_read(const char *path, bool catch, char *err, size_t errlen)
{
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct load_options lo = { .load_addr = 0x40000000, .max_size = UINT64_C(1) << 26 };
		struct stub_image img;
		char why[256];
		volatile uint8_t byte;

		dup2(fds[1], STDERR_FILENO);
		signal(SIGBUS, SIG_DFL);	/* not the test framework's handler */
		if (catch)
			cli_catch_bus_errors();
		if (image_load(path, &lo, &img, why, sizeof(why)) || !img.seg[0].mapped ||
		    truncate(path, 0) != 0)
			_exit(100);
		byte = img.seg[0].data[IMAGE_LEN / 2];
		(void)byte;
		_exit(101);	/* no bus error */
	}
	close(fds[1]);
	/* The child writes its line in pieces: read to the end. */
	for (size_t got = 0;; got += (size_t)n) {
		n = read(fds[0], err + got, errlen - 1 - got);
		if (n <= 0) {
			err[got] = 0;
			break;
		}
	}
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void test_caught(void **state)
{
	char path[512], err[1024];
	int status;

	(void)state;
	status = load_cut_read(write_image(path, sizeof(path)), true, err, sizeof(err));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EXIT_USAGE);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "changed size while hypabi read it"));
	assert_ptr_equal(strchr(err, '\n'), err + strlen(err) - 1);	/* one line */
}

/* Without the handler the same read is a bus error: the test above is not vacuous. */
static void test_uncaught(void **state)
{
	char path[512], err[1024];
	int status;

	(void)state;
	status = load_cut_read(write_image(path, sizeof(path)), false, err, sizeof(err));
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGBUS);
}

/* A SIGBUS from anywhere else is not blamed on a file: it still kills. */
static void test_other_bus_error(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		signal(SIGBUS, SIG_DFL);
		cli_catch_bus_errors();
		raise(SIGBUS);
		_exit(101);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGBUS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caught),
		cmocka_unit_test(test_uncaught),
		cmocka_unit_test(test_other_bus_error),
	};

	return cmocka_run_group_tests(tests, test_make_tmpdir, test_remove_tmpdir);
}

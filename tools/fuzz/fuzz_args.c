/*
 * libFuzzer: any bytes as a command line (NUL-separated words) for
 * hypabi check, scan and trace. Every input must end in a verdict or one
 * usage error, never a crash; cli_exit is caught here with longjmp.
 */
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static jmp_buf back;

static void caught(int status)
{
	longjmp(back, status + 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	/* Reports and messages are not what is tested: run with -close_fd_mask=3. */
	cli_exit = caught;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[4096];
	char *argv[64];
	int argc = 0;
	volatile int which;

	if (size == 0 || size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	/* The first byte picks the command; the rest are words. */
	which = data[0] % 3;
	argv[argc++] = which == 0 ? "check" : which == 1 ? "scan" : "trace";
	for (char *p = buf + 1; p < buf + size && argc < 62; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	if (setjmp(back) == 0) {
		if (which == 0)
			cmd_check(argc, argv);
		else if (which == 1)
			cmd_scan(argc, argv);
		else
			cmd_trace(argc, argv);
	}
	return 0;
}

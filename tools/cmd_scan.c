/* hypabi scan: the candidate HYP stub vector tables in a kernel image or blob. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "report_scan.h"
#include "scan.h"

static const struct option scan_opts[] = {
	{ "arch", required_argument, NULL, 'a' },
	{ "load", required_argument, NULL, 'l' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cmd_scan(int argc, char **argv)
{
	struct stub_args sa = { .role = ROLE_INITIAL, .max_size = MAX_IMAGE_SIZE, .scanning = true };
	enum report_format fmt = FORMAT_TEXT;
	static struct scan_result sr;
	struct scan_report report;
	struct placed_stub st;
	int c;

	opterr = 0;
	optind = 0;	/* 0, not 1: GNU getopt then forgets any earlier parse entirely */
	while ((c = getopt_long(argc, argv, ":h", scan_opts, NULL)) != -1) {
		switch (c) {
		case 'a': sa.arch = optarg; break;
		case 'l': sa.load = optarg; break;
		case 'f':
			if (report_format_by_name(optarg, &fmt))
				cli_error("--format: '%s' is not one of text, json, junit, md, html",
					  optarg);
			break;
		case 'h':
			printf("usage: hypabi scan [--arch arm64|arm] [--load ADDR]\n"
			       "                   [--format text|json|junit|md|html] IMAGE\n"
			       "Lists the candidate HYP stub vector tables in IMAGE (an arm64 Image,\n"
			       "an arm zImage and the kernel inside it, an ELF file or a raw blob),\n"
			       "with their offsets from the start of the file (or of the zImage's\n"
			       "decompressed kernel, as payload+OFFSET), for 'hypabi check --vectors'.\n");
			return EXIT_PASS;
		case ':': cli_error("option '%s' needs a value", argv[optind - 1]);
		default:  cli_error("unknown option '%s' (see 'hypabi scan --help')", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		cli_error("scan: give exactly one IMAGE (see 'hypabi scan --help')");
	sa.path = argv[optind];
	stub_open(&sa, &st);
	if (scan_image(st.arch, &st.img, &sr))
		cli_error("'%s': cannot scan it as %s code", sa.path, st.arch->name);
	report = (struct scan_report){ sa.path, &st.img, st.arch->name, &profiles[0], &sr };
	if (report_scan(stdout, fmt, &report))
		cli_error("cannot write 'standard output': %s", strerror(errno));
	placed_stub_free(&st);
	return EXIT_PASS;
}

/* hypabi scan: the candidate HYP stub vector tables in a kernel image or blob. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "report.h"
#include "scan.h"

static const struct option scan_opts[] = {
	{ "arch", required_argument, NULL, 'a' },
	{ "load", required_argument, NULL, 'l' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* "SET_VECTORS SOFT_RESTART 3": the numbers a candidate compares with, named by profile p. */
static void function_list(const struct profile *p, uint32_t numbers, char *buf, size_t len,
			  bool json)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int n = 0; n < 32 && used < len; n++) {
		enum hyp_function fn = profile_function(p, n);
		char num[16];

		if (!(numbers & (1u << n)))
			continue;
		snprintf(num, sizeof(num), "%u", n);
		used += (size_t)snprintf(buf + used, len - used, json ? "%s\"%s\"" : "%s%s",
					 used ? (json ? ", " : " ") : "",
					 fn == FN_UNKNOWN ? num : function_name(fn));
	}
}

int cmd_scan(int argc, char **argv)
{
	struct stub_args sa = { .role = ROLE_INITIAL, .max_size = MAX_IMAGE_SIZE, .scanning = true };
	const struct profile *p = profile_by_name("hyp-abi");
	enum report_format fmt = FORMAT_TEXT;
	static struct scan_result sr;
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
				cli_error("--format: '%s' is not one of text, json", optarg);
			break;
		case 'h':
			printf("usage: hypabi scan [--arch arm64|arm] [--load ADDR] [--format text|json] IMAGE\n"
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

	if (fmt == FORMAT_JSON) {
		printf("{\n  \"tool\": \"hypabi\", \"version\": \"%s\",\n  \"image\": ", HYPABI_VERSION);
		report_json_string(stdout, sa.path);
		printf(", \"format\": \"%s\", \"arch\": \"%s\",\n", image_format_name(st.img.format),
		       st.arch->name);
		if (st.img.has_payload)
			printf("  \"payload\": { \"format\": \"%s\", \"offset\": \"0x%" PRIx64 "\", "
			       "\"size\": %" PRIu64 " },\n", st.img.payload.format,
			       st.img.payload.file_offset, st.img.payload.seg.size);
		printf("  \"truncated\": %s,\n  \"candidates\": [", sr.truncated ? "true" : "false");
		for (unsigned int i = 0; i < sr.n; i++) {
			char fns[256];

			function_list(p, sr.c[i].numbers, fns, sizeof(fns), true);
			printf("%s    { \"offset\": \"0x%" PRIx64 "\", \"part\": \"%s\", \"arch\": "
			       "\"%s\", \"vectors\": \"0x%" PRIx64 "\", \"functions\": [%s], "
			       "\"why\": ", i ? ",\n" : "\n", sr.c[i].offset,
			       sr.c[i].payload ? "payload" : "file", st.arch->name,
			       scan_vectors(&st.img, &sr.c[i]), fns);
			report_json_string(stdout, sr.c[i].why);
			printf(" }");
		}
		printf("\n  ]\n}\n");
	} else {
		printf("%s: %s, %s", sa.path, image_format_name(st.img.format), st.arch->name);
		if (st.img.has_payload)
			printf(", with a %s kernel of %" PRIu64 " bytes at file offset 0x%" PRIx64,
			       st.img.payload.format, st.img.payload.seg.size,
			       st.img.payload.file_offset);
		printf("\n%u candidate%s%s\n", sr.n, sr.n == 1 ? "" : "s",
		       sr.truncated ? " (more were left out)" : "");
		for (unsigned int i = 0; i < sr.n; i++) {
			char fns[256], where[48];

			function_list(p, sr.c[i].numbers, fns, sizeof(fns), false);
			snprintf(where, sizeof(where), "%s+0x%" PRIx64, sr.c[i].payload ? "payload" : "",
				 sr.c[i].offset);
			printf("  %-18s functions: %s\n  %-18s %s\n", where,
			       fns[0] ? fns : "-", "", sr.c[i].why);
		}
	}
	placed_stub_free(&st);
	return EXIT_PASS;
}

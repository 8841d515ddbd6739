/* hypabi scan: the candidate HYP stub vector tables in a kernel image or blob. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "commands.h"
#include "options.h"
#include "report_scan.h"
#include "scan.h"

int cmd_scan(int argc, char **argv)
{
	static struct scan_result sr;
	struct linux_banner banner;
	struct opt_values o;
	const char *path = options_operand(CMD_SCAN, argc, argv,
					   options_parse(CMD_SCAN, argc, argv, &o));
	struct stub_args sa = stub_args_of(&o, path, true);
	const char *output = o.str[OPT_OUTPUT];
	struct placed_stub st;
	struct scan_report report;
	FILE *out = stdout;

	stub_open(&sa, &st);
	if (scan_image(st.arch, &st.img, cli_jobs(&o), &sr))
		cli_error("'%s': cannot scan it as %s code", path, st.arch->name);
	if (output && !(out = fopen(output, "w")))
		cli_error("cannot write '%s': %s", output, strerror(errno));
	image_find_banner(&st.img, &banner);
	report = (struct scan_report){ path, &st.img, st.arch->name, &profiles[0], &sr, &banner };
	if (report_scan(out, (enum report_format)o.num[OPT_FORMAT], &report) ||
	    (out != stdout && fclose(out) != 0))
		cli_error("cannot write '%s': %s", output ? output : "standard output",
			  strerror(errno));
	placed_stub_free(&st);
	return EXIT_PASS;
}

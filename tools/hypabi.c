/*
 * hypabi: the command line. Each subcommand lives in its own cmd_*.c; one
 * option table (options.c) parses and documents their options; one helper
 * (cli.c) words every usage error; exit codes are those of DESIGN.md.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "options.h"
#include "profile.h"
#include "rules.h"
#include "version.h"

/* The commands, then check's options (the ones most runs need). */
static void hypabi_help(FILE *out)
{
	fputs("usage: hypabi check [options] STUB   run the conformance cases, print verdicts\n"
	      "       hypabi trace [options] --case FUNCTION/INDEX STUB\n"
	      "       hypabi trace [options] --call 'x0=1,x1=0xf0010000' STUB\n"
	      "                                     one call, instruction by instruction\n"
	      "       hypabi scan [options] IMAGE   list candidate stub vector tables in an image\n"
	      "       hypabi rules                  the rule catalogue with sources\n"
	      "       hypabi profiles               the ABI eras: function numbers, what each kind must do\n"
	      "       hypabi sequences              the kernel's multi-call paths check --sequence runs\n"
	      "       hypabi --version              the version and the git commit it was built from\n"
	      "       hypabi --help                 this help\n"
	      "\n"
	      "STUB is a raw binary, an ELF executable, a relocatable object (hyp-stub.o,\n"
	      "linked by hypabi at --load), a kernel's vmlinux (placed as its Image), a\n"
	      "Linux arm64 Image or an arm zImage holding a HYP stub (for an Image, zImage\n"
	      "or vmlinux, name it with --vectors +OFFSET, payload+OFFSET or a symbol, from\n"
	      "'hypabi scan', or use --scan). Each\n"
	      "hypercall is made as the Linux kernel makes it (hvc #0 from EL1 on arm64,\n"
	      "from SVC mode in A32 or T32 on arm) on an emulated core, and what the\n"
	      "stub leaves behind is judged.\n"
	      "\n"
	      "check options:\n", out);
	options_list(out, CMD_CHECK);
	fputs("\n"
	      "'hypabi trace --help' and 'hypabi scan --help' list their own options.\n"
	      "Numbers may be decimal or 0x-prefixed hex.\n"
	      "\n"
	      "exit status: 0 every required rule holds; 1 a required rule fails;\n"
	      "2 the input or command line is wrong; 3 hypabi itself failed (a bug).\n", out);
}

static int cmd_rules(void)
{
	for (int i = 0; i < RULE_COUNT; i++) {
		printf("%-24s %s\n", rules[i].id,
		       rules[i].severity == SEV_REQUIRED ? "required" : "advisory");
		printf("    %s\n    source: %s\n", rules[i].what, rules[i].source);
	}
	return EXIT_PASS;
}

/* The names of the functions in mask, space-separated. */
static void print_functions(const char *label, uint32_t mask)
{
	printf("    %-18s", label);
	for (int fn = 0; fn < FN_COUNT; fn++)
		if (mask & FN_BIT(fn))
			printf(" %s", function_name((enum hyp_function)fn));
	if (!mask)
		printf(" nothing");
	putchar('\n');
}

static void print_profile(const struct profile *p, bool is_default)
{
	printf("%s%s  (%s; Linux %u.%u and later)\n    %s\n", p->name,
	       is_default ? " (default)" : "", p->arches, p->since.major, p->since.minor,
	       p->summary);
	for (int fn = 0; fn < FN_UNKNOWN; fn++) {
		const char *name = function_name((enum hyp_function)fn);

		if (p->number[fn] == FN_ANY)
			printf("    %-18s any other number\n", name);
		else if (p->number[fn] > 0xff)
			printf("    %-18s 0x%" PRIx64 "\n", name, (uint64_t)p->number[fn]);
		else if (p->number[fn] != FN_NONE)
			printf("    %-18s %" PRId64 "\n", name, p->number[fn]);
	}
	printf("    %-18s %s\n", "vectors in", p->vectors_in_x0 ? "x0/r0" : "x1/r1");
	if (p->error_name && p->stub_err_alt)
		printf("    %-18s 0x%" PRIx64 " or 0x%" PRIx64 " (%s)\n", "error", p->stub_err,
		       p->stub_err_alt, p->error_name);
	else if (p->error_name)
		printf("    %-18s 0x%" PRIx64 " (%s)\n", "error", p->stub_err, p->error_name);
	else
		printf("    %-18s none\n", "error");
	printf("    %-18s %s\n", "success", p->success_any_x0 ? "no value: x0/r0 as the stub "
	       "leaves it (callers ignore it)" : "x0/r0 = 0");
	if (p->extra_clobber_text)
		printf("    %-18s %s\n", "also clobbered", p->extra_clobber_text);
	if (profile_has_unknown(p))
		printf("    %-18s %" PRIu64 "\n", "HVC_STUB_HCALL_NR", p->hcall_nr);
	else
		printf("    %-18s none (every number is a function)\n", "unknown numbers");
	printf("    %-18s %s\n", "hvc from EL2", p->el2_calls ? "handled as from EL1"
							  : "not handled (may spin)");
	for (int r = 0; r < ROLE_COUNT; r++) {
		char label[40];

		snprintf(label, sizeof(label), "%s must", role_name((enum role)r));
		print_functions(label, p->requires[r]);
		snprintf(label, sizeof(label), "%s judged", role_name((enum role)r));
		print_functions(label, p->judges[r]);
	}
	printf("    source: %s\n", p->source);
}

static int cmd_profiles(void)
{
	for (unsigned int i = 0; i < nprofiles; i++)
		print_profile(&profiles[i], i == 0);
	return EXIT_PASS;
}

static void no_arguments(int argc, char **argv)
{
	if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
		hypabi_help(stdout);
		exit(EXIT_PASS);
	}
	if (argc > 2)
		cli_error("%s takes no arguments; '%s' is extra", argv[1], argv[2]);
}

int main(int argc, char **argv)
{
	cli_catch_bus_errors();
	if (argc < 2) {
		hypabi_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		hypabi_help(stdout);
		return EXIT_PASS;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("hypabi %s (commit %s)\n", hypabi_version, hypabi_commit);
		return EXIT_PASS;
	}
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "scan") == 0)
		return cmd_scan(argc - 1, argv + 1);
	if (strcmp(argv[1], "trace") == 0)
		return cmd_trace(argc - 1, argv + 1);
	if (strcmp(argv[1], "rules") == 0) {
		no_arguments(argc, argv);
		return cmd_rules();
	}
	if (strcmp(argv[1], "sequences") == 0) {
		no_arguments(argc, argv);
		return cmd_sequences();
	}
	if (strcmp(argv[1], "profiles") == 0) {
		no_arguments(argc, argv);
		return cmd_profiles();
	}
	cli_error("unknown command '%s' (see 'hypabi --help')", argv[1]);
	return EXIT_USAGE;
}

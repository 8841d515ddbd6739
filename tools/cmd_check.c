/*
 * hypabi check: the options, one stub or every stub of an image (--scan),
 * the runs, and the reports. Also the top-level --help, which is mostly
 * check's options.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "commands.h"
#include "report.h"
#include "results.h"
#include "scan.h"
#include "trace.h"
#include "waiver.h"

#define MAX_RANDOM	10000000u
#define MAX_BUDGET	1000000000u

enum opt_id {
	OPT_ARCH = 256, OPT_LOAD, OPT_VECTORS, OPT_INITIAL_VECTORS, OPT_PROFILE,
	OPT_ROLE, OPT_FORMAT, OPT_SEED, OPT_RANDOM, OPT_BUDGET, OPT_WAIVE, OPT_SCAN,
	OPT_TIMEOUT, OPT_MAX_IMAGE, OPT_TRACE_LIMIT,
};

struct opt_doc {
	struct option opt;
	const char *arg;
	const char *help;
};

static const struct opt_doc check_opts[] = {
	{ { "arch", required_argument, NULL, OPT_ARCH }, "ARCH",
	  "arm64 (default for raw blobs) or arm; an ELF file names its own" },
	{ { "load", required_argument, NULL, OPT_LOAD }, "ADDR",
	  "where a raw blob, an Image (2 MiB aligned) or a zImage is placed\n"
	  "(default 0x40000000)" },
	{ { "vectors", required_argument, NULL, OPT_VECTORS }, "ADDR|SYMBOL",
	  "the stub's vector base, 2 KiB (arm64) or 32-byte (arm) aligned\n"
	  "(default: the load address for raw blobs, __hyp_stub_vectors\n"
	  "or hyp_stub_vectors for ELF)" },
	{ { "initial-vectors", required_argument, NULL, OPT_INITIAL_VECTORS }, "ADDR|SYMBOL",
	  "what RESET_VECTORS must restore (default: --vectors for role\n"
	  "initial, the ELF symbol __hyp_stub_vectors for role hypervisor)" },
	{ { "profile", required_argument, NULL, OPT_PROFILE }, "NAME",
	  "ABI profile (default hyp-abi; see 'hypabi profiles')" },
	{ { "role", required_argument, NULL, OPT_ROLE }, "ROLE",
	  "initial (default) or hypervisor" },
	{ { "format", required_argument, NULL, OPT_FORMAT }, "FMT",
	  "text (default), json, junit, md or html" },
	{ { "output", required_argument, NULL, 'o' }, "FILE", "write the report to FILE (-o)" },
	{ { "seed", required_argument, NULL, OPT_SEED }, "N",
	  "seed of the random cases (default 1)" },
	{ { "random", required_argument, NULL, OPT_RANDOM }, "N",
	  "random cases per function (default 1000)" },
	{ { "timeout", required_argument, NULL, OPT_TIMEOUT }, "MS",
	  "wall-clock time one call may take (default 2000)" },
	{ { "max-image-size", required_argument, NULL, OPT_MAX_IMAGE }, "BYTES",
	  "refuse images that ask for more memory (default 64 MiB)" },
	{ { "trace-limit", required_argument, NULL, OPT_TRACE_LIMIT }, "N",
	  "instructions of a failing call's trace kept in reports (default 48)" },
	{ { "budget", required_argument, NULL, OPT_BUDGET }, "N",
	  "instructions a call may run before it counts as a hang (default 100000)" },
	{ { "scan", no_argument, NULL, OPT_SCAN }, NULL,
	  "check every stub 'hypabi scan' finds in STUB (a kernel Image or zImage),\n"
	  "each in role hypervisor if it implements RESET_VECTORS but not\n"
	  "SET_VECTORS or forwards every function, else initial (unless --role\n"
	  "says), and print the conformance matrix" },
	{ { "waive", required_argument, NULL, OPT_WAIVE }, "FILE",
	  "waivers: lines of 'RULE FUNCTION[@STUB] REASON' (STUB: +0x3f000,\n"
	  "payload+0x110200; FUNCTION: a name or *)" },
	{ { "quiet", no_argument, NULL, 'q' }, NULL, "print the verdict line only (-q)" },
	{ { "verbose", no_argument, NULL, 'v' }, NULL,
	  "text: list the rules that passed too (-v); colour on a terminal\n"
	  "unless NO_COLOR is set" },
	{ { "help", no_argument, NULL, 'h' }, NULL, "this help (-h)" },
	{ { NULL, 0, NULL, 0 }, NULL, NULL },
};

/* How long a call may run, and how much of a failing one reports keep. */
struct limits {
	uint64_t budget;	/* instructions */
	uint64_t wall_ms;
	uint64_t trace;		/* instructions of trace */
};

struct check_args {
	const char *arch, *load, *vectors, *initial_vectors, *profile, *role;
	const char *format, *output, *seed, *random, *budget, *waive;
	const char *timeout, *max_image, *trace_limit;
	bool quiet, verbose, scan;
	const char *stub;
};

#define HELP_COLUMN	26

/* One option per entry; help lines after the first are indented to the column. */
static void print_options(FILE *out, const struct opt_doc *o)
{
	for (; o->opt.name; o++) {
		char left[48];
		const char *h = o->help;
		int n = snprintf(left, sizeof(left), "  --%s%s%s", o->opt.name,
				 o->arg ? " " : "", o->arg ? o->arg : "");

		fputs(left, out);
		if (n >= HELP_COLUMN - 1)
			fprintf(out, "\n%*s", HELP_COLUMN, "");
		else
			fprintf(out, "%*s", HELP_COLUMN - n, "");
		while (*h) {
			size_t len = strcspn(h, "\n");

			fprintf(out, "%.*s\n", (int)len, h);
			h += len;
			if (*h == '\n' && *++h)
				fprintf(out, "%*s", HELP_COLUMN, "");
		}
	}
}

void hypabi_help(FILE *out)
{
	fputs("usage: hypabi check [options] STUB   run the conformance cases, print verdicts\n"
	      "       hypabi trace [options] --case FUNCTION/INDEX STUB\n"
	      "       hypabi trace [options] --call 'x0=1,x1=0xf0010000' STUB\n"
	      "                                     one call, instruction by instruction\n"
	      "       hypabi scan [--arch A] IMAGE  list candidate stub vector tables in an image\n"
	      "       hypabi rules                  the rule catalogue with sources\n"
	      "       hypabi profiles               the ABI profiles and their function numbers\n"
	      "       hypabi --version | --help\n"
	      "\n"
	      "STUB is a raw binary, an ELF executable, a Linux arm64 Image or an arm\n"
	      "zImage holding a HYP stub (for an Image or zImage, name it with --vectors\n"
	      "+OFFSET or payload+OFFSET from 'hypabi scan', or use --scan). Each\n"
	      "hypercall is made as the Linux kernel makes it (hvc #0 from EL1 on arm64,\n"
	      "from SVC mode in A32 or T32 on arm) on an emulated core, and what the\n"
	      "stub leaves behind is judged.\n"
	      "\n"
	      "check options:\n", out);
	print_options(out, check_opts);
	fputs("\n"
	      "'hypabi trace --help' and 'hypabi scan --help' list their own options.\n"
	      "Numbers may be decimal or 0x-prefixed hex.\n"
	      "\n"
	      "exit status: 0 every required rule holds; 1 a required rule fails;\n"
	      "2 the input or command line is wrong; 3 hypabi itself failed (a bug).\n", out);
}

static void parse_check_args(int argc, char **argv, struct check_args *a)
{
	struct option longopts[sizeof(check_opts) / sizeof(check_opts[0])];
	int c;

	for (size_t i = 0; i < sizeof(check_opts) / sizeof(check_opts[0]); i++)
		longopts[i] = check_opts[i].opt;
	opterr = 0;
	optind = 0;	/* 0, not 1: GNU getopt then forgets any earlier parse entirely */
	while ((c = getopt_long(argc, argv, ":o:qvh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ARCH:		  a->arch = optarg; break;
		case OPT_LOAD:		  a->load = optarg; break;
		case OPT_VECTORS:	  a->vectors = optarg; break;
		case OPT_INITIAL_VECTORS: a->initial_vectors = optarg; break;
		case OPT_PROFILE:	  a->profile = optarg; break;
		case OPT_ROLE:		  a->role = optarg; break;
		case OPT_FORMAT:	  a->format = optarg; break;
		case 'o':		  a->output = optarg; break;
		case OPT_SEED:		  a->seed = optarg; break;
		case OPT_RANDOM:	  a->random = optarg; break;
		case OPT_BUDGET:	  a->budget = optarg; break;
		case OPT_TIMEOUT:	  a->timeout = optarg; break;
		case OPT_MAX_IMAGE:	  a->max_image = optarg; break;
		case OPT_TRACE_LIMIT:	  a->trace_limit = optarg; break;
		case OPT_WAIVE:		  a->waive = optarg; break;
		case 'q':		  a->quiet = true; break;
		case 'v':		  a->verbose = true; break;
		case OPT_SCAN:		  a->scan = true; break;
		case 'h':		  hypabi_help(stdout); cli_end(EXIT_PASS);
		case ':':
			if (optopt > 0 && optopt < OPT_ARCH)
				cli_error("option '-%c' needs a value", optopt);
			cli_error("option '%s' needs a value", argv[optind - 1]);
			break;
		default:
			if (optopt > 0 && optopt < OPT_ARCH)
				cli_error("unknown option '-%c' (see 'hypabi --help')", optopt);
			cli_error("unknown option '%s' (see 'hypabi --help')", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		cli_error("check: no STUB file given (see 'hypabi --help')");
	if (optind + 1 < argc)
		cli_error("check: one STUB at a time; '%s' is extra", argv[optind + 1]);
	a->stub = argv[optind];
	if (a->quiet && a->verbose)
		cli_error("-q and -v cannot be used together");
}

/* A word for sh: single-quoted unless it is plainly safe. */
static void shell_word(const char *s, char *buf, size_t len)
{
	size_t o = 0;

	if (s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+-")] ==
	    '\0') {
		snprintf(buf, len, "%s", s);
		return;
	}
	buf[o++] = '\'';
	for (; *s && o + 5 < len; s++) {
		if (*s == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = *s;
		}
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

/* What "hypabi trace ... --case F/I STUB" needs to remake exactly this stub's calls. */
static void repro_for(struct results *res, const struct placed_stub *st, const struct stub_args *sa,
		      const struct check_config *cfg, const struct limits *lim, const char *vectors)
{
	struct run_info *in = &res->info;
	size_t o = 0;

	o += (size_t)snprintf(in->repro_options + o, sizeof(in->repro_options) - o, "--arch %s",
			      st->arch->name);
	if (sa->load)
		o += (size_t)snprintf(in->repro_options + o, sizeof(in->repro_options) - o,
				      " --load %s", sa->load);
	o += (size_t)snprintf(in->repro_options + o, sizeof(in->repro_options) - o,
			      " --vectors %s --role %s", vectors, role_name(cfg->cases.role));
	if (cfg->cases.role == ROLE_HYPERVISOR && cfg->initial_vectors_known)
		o += (size_t)snprintf(in->repro_options + o, sizeof(in->repro_options) - o,
				      " --initial-vectors 0x%" PRIx64, cfg->initial_vectors);
	if (strcmp(cfg->cases.profile->name, "hyp-abi") != 0)
		o += (size_t)snprintf(in->repro_options + o, sizeof(in->repro_options) - o,
				      " --profile %s", cfg->cases.profile->name);
	if (lim->budget != DEFAULT_INSN_BUDGET)
		o += (size_t)snprintf(in->repro_options + o, sizeof(in->repro_options) - o,
				      " --budget %" PRIu64, lim->budget);
	snprintf(in->repro_options + o, sizeof(in->repro_options) - o, " --seed %" PRIu64,
		 cfg->cases.seed);
	shell_word(sa->path, in->repro_stub, sizeof(in->repro_stub));
}

/* Run every case of one stub into res. */
static void run_stub(const struct placed_stub *st, const struct check_config *cfg,
		     const struct limits *lim, struct results *res)
{
	struct machine m;
	int rc = machine_open(&m, st->arch, &st->img, cfg->cases.vectors, lim->budget);

	res->info.arch = st->arch->name;
	res->info.profile = cfg->cases.profile->name;
	res->info.role = role_name(cfg->cases.role);
	res->info.load = image_low(&st->img);
	res->info.vectors = cfg->cases.vectors;
	res->info.seed = cfg->cases.seed;
	res->info.random = cfg->cases.random;
	machine_set_wall_budget(&m, lim->wall_ms);
	if (!rc)
		rc = check_run(&m, cfg, res);
	if (!rc)
		rc = check_trace_failures(&m, cfg, res, lim->trace);
	if (rc) {
		fprintf(stderr, "hypabi: internal error: %s (please report this with the stub)\n",
			m.core.errmsg);
		machine_close(&m);
		cli_end(EXIT_INTERNAL);
	}
	machine_close(&m);
}

static void config_from_stub(struct check_config *cfg, const struct placed_stub *st)
{
	cfg->cases.arch = st->arch;
	cfg->cases.vectors = st->vectors;
	cfg->initial_vectors = st->initial_vectors;
	cfg->initial_vectors_known = st->initial_vectors_known;
	cfg->initial_vectors_why = st->initial_vectors_why;
}

/* A stub that compares with every function of the profile: an image's initial stub. */
static bool handles_all(const struct profile *p, const struct scan_candidate *c)
{
	for (int fn = 0; fn < FN_UNKNOWN; fn++)
		if (p->number[fn] != FN_NONE && !(c->numbers & (1u << p->number[fn])))
			return false;
	return true;
}

/*
 * check --scan: every candidate of the image. Unless --role says, a stub
 * that implements RESET_VECTORS without SET_VECTORS (a hypervisor's: KVM's
 * hyp-init) or none of the functions itself (it forwards them: KVM's host
 * vectors) is judged as `hypervisor`; any other as `initial`. A
 * hypervisor's RESET_VECTORS must restore the image's initial stub: the
 * one candidate in the same part that handles every function.
 */
static enum role guess_role(const struct profile *p, const struct scan_candidate *c)
{
	bool handles[FN_COUNT] = { false }, any = false;

	for (int fn = 0; fn < FN_UNKNOWN; fn++) {
		handles[fn] = p->number[fn] != FN_NONE && (c->numbers & (1u << p->number[fn]));
		any |= handles[fn];
	}
	if (!any || (handles[FN_RESET_VECTORS] && !handles[FN_SET_VECTORS]))
		return ROLE_HYPERVISOR;
	return ROLE_INITIAL;
}

static unsigned int run_scan(struct placed_stub *st, const struct stub_args *sa, bool role_given,
			     struct check_config *cfg, const struct limits *lim, struct waivers *wv,
			     struct results ***out)
{
	static struct scan_result sr;
	struct results **res;
	unsigned int n = 0;

	if (scan_image(st->arch, &st->img, &sr))
		cli_error("'%s': cannot scan it as %s code", sa->path, st->arch->name);
	if (sr.n == 0) {
		printf("no HYP stub vector table found in '%s' (see 'hypabi scan')\n", sa->path);
		cli_end(EXIT_FAIL);
	}
	res = calloc(sr.n, sizeof(*res));
	if (!res)
		cli_error("out of memory");
	for (unsigned int i = 0; i < sr.n; i++) {
		const struct scan_candidate *c = &sr.c[i];
		struct placed_stub one = *st;
		struct stub_args a = *sa;
		char initial[64] = "", sel[64];

		if (c->payload) {
			one.img.nseg = 1;
			one.img.seg[0] = st->img.payload.seg;
			one.img.has_payload = false;
		}
		if (!role_given)
			a.role = guess_role(cfg->cases.profile, c);
		if (a.role == ROLE_HYPERVISOR && !a.initial_vectors) {
			unsigned int found = 0, which = 0;

			for (unsigned int k = 0; k < sr.n; k++)
				if (sr.c[k].payload == c->payload &&
				    handles_all(cfg->cases.profile, &sr.c[k]))
					found++, which = k;
			if (found == 1) {
				snprintf(initial, sizeof(initial), "0x%" PRIx64,
					 scan_vectors(&st->img, &sr.c[which]));
				a.initial_vectors = initial;
			}
		}
		one.in_payload = c->payload;
		stub_take_vectors(&one, &a, scan_vectors(&st->img, c));
		cfg->cases.role = a.role;
		config_from_stub(cfg, &one);
		res[n] = calloc(1, sizeof(**res));
		if (!res[n])
			cli_error("out of memory");
		stub_selector(&one, sel, sizeof(sel));
		snprintf(res[n]->info.name, sizeof(res[n]->info.name), "%s %s", sa->path, sel);
		snprintf(res[n]->info.selector, sizeof(res[n]->info.selector), "%s", sel);
		repro_for(res[n], &one, &a, cfg, lim, sel);
		run_stub(&one, cfg, lim, res[n]);
		waivers_apply(wv, res[n], sel);
		n++;
	}
	*out = res;
	return n;
}

int cmd_check(int argc, char **argv)
{
	struct check_args a = { 0 };
	struct placed_stub st;
	struct check_config cfg = { 0 };
	struct waivers wv = { 0 };
	enum report_format fmt = FORMAT_TEXT;
	struct results **res, *one;
	struct stub_args sa;
	struct report_style style = { 0 };
	char err[512];
	FILE *out = stdout;
	struct limits lim = { DEFAULT_INSN_BUDGET, DEFAULT_WALL_BUDGET_MS, REPORT_TRACE_LIMIT };
	uint64_t max_image = MAX_IMAGE_SIZE;
	unsigned int n = 1;
	bool pass = true;

	parse_check_args(argc, argv, &a);
	cfg.cases.profile = profile_by_name(a.profile ? a.profile : "hyp-abi");
	if (!cfg.cases.profile)
		cli_error("--profile: unknown profile '%s' (see 'hypabi profiles')", a.profile);
	if (a.role && role_by_name(a.role, &cfg.cases.role))
		cli_error("--role: '%s' is neither 'initial' nor 'hypervisor'", a.role);
	if (a.format && report_format_by_name(a.format, &fmt))
		cli_error("--format: '%s' is not one of text, json, junit, md, html", a.format);
	if (a.scan && a.vectors)
		cli_error("--scan and --vectors cannot be used together: --scan finds the vectors");
	cfg.cases.seed = a.seed ? cli_u64("--seed", a.seed, UINT64_MAX) : DEFAULT_SEED;
	cfg.cases.random = a.random ? (unsigned int)cli_u64("--random", a.random, MAX_RANDOM)
				    : DEFAULT_RANDOM_CASES;
	if (a.budget)
		lim.budget = cli_u64("--budget", a.budget, MAX_BUDGET);
	if (lim.budget == 0)
		cli_error("--budget: must be at least 1");
	if (a.timeout)
		lim.wall_ms = cli_u64("--timeout", a.timeout, 86400000);
	if (lim.wall_ms == 0)
		cli_error("--timeout: must be at least 1 ms");
	if (a.trace_limit)
		lim.trace = cli_u64("--trace-limit", a.trace_limit, 1000000);
	if (a.max_image)
		max_image = cli_u64("--max-image-size", a.max_image, UINT64_C(1) << 32);
	if (max_image < 4096)
		cli_error("--max-image-size: must be at least 4096");
	if (a.waive && waivers_load(a.waive, &wv, err, sizeof(err)))
		cli_error("%s", err);

	sa = (struct stub_args){
		.path = a.stub, .arch = a.arch, .load = a.load, .vectors = a.vectors,
		.initial_vectors = a.initial_vectors, .role = cfg.cases.role,
		.max_size = max_image, .scanning = a.scan,
	};
	stub_open(&sa, &st);
	if (!profile_has_arch(cfg.cases.profile, st.arch->name))
		cli_error("--profile %s does not apply to %s", cfg.cases.profile->name,
			  st.arch->name);
	if (a.output) {
		out = fopen(a.output, "w");
		if (!out)
			cli_error("cannot write '%s': %s", a.output, strerror(errno));
	}

	if (a.scan) {
		n = run_scan(&st, &sa, a.role != NULL, &cfg, &lim, &wv, &res);
	} else {
		char sel[64];

		config_from_stub(&cfg, &st);
		one = calloc(1, sizeof(*one));
		res = &one;
		if (!one)
			cli_error("out of memory");
		snprintf(one->info.name, sizeof(one->info.name), "%s", a.stub);
		stub_selector(&st, sel, sizeof(sel));
		if (st.img.format == IMAGE_RAW || st.img.format == IMAGE_ELF) {
			char abs[32];

			snprintf(abs, sizeof(abs), "0x%" PRIx64, st.vectors);
			repro_for(one, &st, &sa, &cfg, &lim, abs);
		} else {
			repro_for(one, &st, &sa, &cfg, &lim, sel);
		}
		run_stub(&st, &cfg, &lim, one);
		waivers_apply(&wv, one, sel);
	}
	if (a.waive && waivers_all_matched(&wv, err, sizeof(err)))
		cli_error("%s", err);

	for (unsigned int k = 0; k < n; k++)
		pass &= results_pass(res[k]);
	style.verbose = a.verbose;
	style.colour = out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (a.quiet) {
		struct summary s = { 0 };

		for (unsigned int k = 0; k < n; k++) {
			struct summary t = results_summary(res[k]);

			s.pass += t.pass, s.fail += t.fail;
			s.not_reached += t.not_reached, s.waived += t.waived;
		}
		fprintf(out, "verdict: %s (%u pass, %u fail, %u not-reached, %u waived; seed %"
			PRIu64 ")\n", pass ? "PASS" : "FAIL", s.pass, s.fail, s.not_reached,
			s.waived, cfg.cases.seed);
	} else if (a.scan ? report_write_multi(out, fmt, a.stub,
					       (const struct results *const *)res, n, &style)
			  : report_write(out, fmt, res[0], &style)) {
		cli_error("cannot write '%s': %s", a.output ? a.output : "standard output",
			  strerror(errno));
	}
	if (out != stdout && fclose(out) != 0)
		cli_error("cannot write '%s': %s", a.output, strerror(errno));
	for (unsigned int k = 0; k < n; k++) {
		results_release(res[k]);
		free(res[k]);
	}
	if (a.scan)
		free(res);
	waivers_free(&wv);
	placed_stub_free(&st);
	return pass ? EXIT_PASS : EXIT_FAIL;
}

/*
 * hypabi: the command line. One option table drives parsing and --help;
 * one helper words every usage error; exit codes are those of DESIGN.md.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "check.h"
#include "image.h"
#include "layout.h"
#include "machine.h"
#include "profile.h"
#include "report.h"
#include "results.h"
#include "rules.h"
#include "waiver.h"

#define EXIT_PASS	0
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_INTERNAL	3

#define MAX_IMAGE_SIZE	(UINT64_C(64) << 20)
#define MAX_RANDOM	10000000u
#define MAX_BUDGET	1000000000u

/* Well-known vector symbols, tried in order when --vectors is absent. */
static const char *const vector_symbols[] = {
	"__hyp_stub_vectors", "hyp_stub_vectors", "__stub_vectors", "vectors",
};

enum opt_id {
	OPT_ARCH = 256, OPT_LOAD, OPT_VECTORS, OPT_INITIAL_VECTORS, OPT_PROFILE,
	OPT_ROLE, OPT_FORMAT, OPT_SEED, OPT_RANDOM, OPT_BUDGET, OPT_WAIVE,
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
	  "where a raw blob is placed (default 0x40000000)" },
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
	{ { "format", required_argument, NULL, OPT_FORMAT }, "FMT", "text (default) or json" },
	{ { "output", required_argument, NULL, 'o' }, "FILE", "write the report to FILE (-o)" },
	{ { "seed", required_argument, NULL, OPT_SEED }, "N",
	  "seed of the random cases (default 1)" },
	{ { "random", required_argument, NULL, OPT_RANDOM }, "N",
	  "random cases per function (default 1000)" },
	{ { "budget", required_argument, NULL, OPT_BUDGET }, "N",
	  "instructions a call may run before it counts as a hang (default 100000)" },
	{ { "waive", required_argument, NULL, OPT_WAIVE }, "FILE",
	  "waivers: lines of 'RULE FUNCTION REASON'" },
	{ { "quiet", no_argument, NULL, 'q' }, NULL, "print the verdict line only (-q)" },
	{ { "help", no_argument, NULL, 'h' }, NULL, "this help (-h)" },
	{ { NULL, 0, NULL, 0 }, NULL, NULL },
};

struct check_args {
	const char *arch, *load, *vectors, *initial_vectors, *profile, *role;
	const char *format, *output, *seed, *random, *budget, *waive;
	bool quiet;
	const char *stub;
};

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("hypabi: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

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

static void print_help(FILE *out)
{
	fputs("usage: hypabi check [options] STUB   run the conformance cases, print verdicts\n"
	      "       hypabi rules                  the rule catalogue with sources\n"
	      "       hypabi profiles               the ABI profiles and their function numbers\n"
	      "       hypabi --version | --help\n"
	      "\n"
	      "STUB is a raw binary or an ELF executable holding a HYP stub. Each\n"
	      "hypercall is made as the Linux kernel makes it (hvc #0 from EL1 on arm64,\n"
	      "from SVC mode in A32 or T32 on arm) on an emulated core, and what the\n"
	      "stub leaves behind is judged.\n"
	      "\n"
	      "check options:\n", out);
	print_options(out, check_opts);
	fputs("\n"
	      "Numbers may be decimal or 0x-prefixed hex.\n"
	      "\n"
	      "exit status: 0 every required rule holds; 1 a required rule fails;\n"
	      "2 the input or command line is wrong; 3 hypabi itself failed (a bug).\n", out);
}

static uint64_t parse_u64(const char *opt, const char *s, uint64_t max)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		usage_error("%s: '%s' is not a number", opt, s ? s : "");
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		usage_error("%s: '%s' is not a number", opt, s);
	if (v > max)
		usage_error("%s: %s is larger than %" PRIu64, opt, s, max);
	return v;
}

static bool looks_numeric(const char *s)
{
	return s[0] >= '0' && s[0] <= '9';
}

static uint64_t resolve_addr(const char *opt, const char *s, const struct stub_image *img)
{
	uint64_t v;

	if (looks_numeric(s))
		return parse_u64(opt, s, UINT64_MAX);
	if (img->format != IMAGE_ELF)
		usage_error("%s: symbol '%s' needs an ELF stub; '%s' is a raw blob, give an "
			    "address", opt, s, img->path);
	if (!image_lookup(img, s, &v))
		usage_error("%s: no symbol '%s' in '%s'", opt, s, img->path);
	return v;
}

static uint64_t default_vectors(const struct stub_image *img)
{
	uint64_t v;

	if (img->format == IMAGE_RAW)
		return img->entry;
	for (size_t i = 0; i < sizeof(vector_symbols) / sizeof(vector_symbols[0]); i++)
		if (image_lookup(img, vector_symbols[i], &v))
			return v;
	usage_error("'%s' has no well-known vector symbol (__hyp_stub_vectors, "
		    "hyp_stub_vectors, ...); name one with --vectors", img->path);
	return 0;
}

static void check_placement(const struct stub_image *img, const struct arch_ops *arch,
			    const char *load_opt)
{
	uint64_t lo = image_low(img), hi = image_high(img);
	const char *what = load_opt ? "--load" : "its segments";

	if (hi > arch->addr_limit)
		usage_error("'%s' at 0x%" PRIx64 "-0x%" PRIx64 " (%s) reaches past 0x%" PRIx64
			    ", the end of what hypabi maps on %s", img->path, lo, hi, what,
			    arch->addr_limit, arch->name);
	if (lo < HARNESS_BASE + HARNESS_SIZE && hi > HARNESS_BASE)
		usage_error("'%s' at 0x%" PRIx64 "-0x%" PRIx64 " (%s) overlaps hypabi's own "
			    "region 0x%x-0x%x", img->path, lo, hi, what, HARNESS_BASE,
			    HARNESS_BASE + HARNESS_SIZE);
	if (lo % arch->insn_align)
		usage_error("%s 0x%" PRIx64 " is not %u-byte aligned", what, lo,
			    arch->insn_align);
}

static void check_vectors(const char *opt, uint64_t v, const struct stub_image *img,
			  const struct arch_ops *arch)
{
	if (v % arch->vector_align)
		usage_error("%s 0x%" PRIx64 " is not %u-byte aligned, as %s requires of a "
			    "vector base", opt, v, arch->vector_align, arch->name);
	if (!image_contains(img, v, 1))
		usage_error("%s 0x%" PRIx64 " is outside '%s' (0x%" PRIx64 "-0x%" PRIx64 ")",
			    opt, v, img->path, image_low(img), image_high(img));
	if (!image_contains(img, v + arch->hvc_vector, arch->insn_align))
		usage_error("%s 0x%" PRIx64 ": the entry a lower-EL hvc takes, at +0x%x, is "
			    "past the end of '%s' (0x%" PRIx64 ")", opt, v, arch->hvc_vector,
			    img->path, image_high(img));
}

static void parse_check_args(int argc, char **argv, struct check_args *a)
{
	struct option longopts[sizeof(check_opts) / sizeof(check_opts[0])];
	int c;

	for (size_t i = 0; i < sizeof(check_opts) / sizeof(check_opts[0]); i++)
		longopts[i] = check_opts[i].opt;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:qh", longopts, NULL)) != -1) {
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
		case OPT_WAIVE:		  a->waive = optarg; break;
		case 'q':		  a->quiet = true; break;
		case 'h':		  print_help(stdout); exit(EXIT_PASS);
		case ':':
			if (optopt > 0 && optopt < OPT_ARCH)
				usage_error("option '-%c' needs a value", optopt);
			usage_error("option '%s' needs a value", argv[optind - 1]);
			break;
		default:
			if (optopt > 0 && optopt < OPT_ARCH)
				usage_error("unknown option '-%c' (see 'hypabi --help')", optopt);
			usage_error("unknown option '%s' (see 'hypabi --help')", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		usage_error("check: no STUB file given (see 'hypabi --help')");
	if (optind + 1 < argc)
		usage_error("check: one STUB at a time; '%s' is extra", argv[optind + 1]);
	a->stub = argv[optind];
}

static int cmd_check(int argc, char **argv)
{
	struct check_args a = { 0 };
	struct load_options lo = { .load_addr = DEFAULT_LOAD_ADDR, .max_size = MAX_IMAGE_SIZE };
	const struct arch_ops *arch;
	struct stub_image img;
	struct check_config cfg = { 0 };
	struct waivers wv = { 0 };
	struct machine m;
	enum report_format fmt = FORMAT_TEXT;
	static struct results res;
	char err[512];
	FILE *out = stdout;
	uint64_t budget = DEFAULT_INSN_BUDGET;
	int rc;

	parse_check_args(argc, argv, &a);
	cfg.cases.profile = profile_by_name(a.profile ? a.profile : "hyp-abi");
	if (!cfg.cases.profile)
		usage_error("--profile: unknown profile '%s' (see 'hypabi profiles')", a.profile);
	if (a.role && role_by_name(a.role, &cfg.cases.role))
		usage_error("--role: '%s' is neither 'initial' nor 'hypervisor'", a.role);
	if (a.format && report_format_by_name(a.format, &fmt))
		usage_error("--format: '%s' is not one of text, json", a.format);
	if (a.arch && !arch_by_name(a.arch))
		usage_error("--arch: unknown architecture '%s' (arm64 or arm)", a.arch);
	cfg.cases.seed = a.seed ? parse_u64("--seed", a.seed, UINT64_MAX) : DEFAULT_SEED;
	cfg.cases.random = a.random ? (unsigned int)parse_u64("--random", a.random, MAX_RANDOM)
				    : DEFAULT_RANDOM_CASES;
	if (a.budget)
		budget = parse_u64("--budget", a.budget, MAX_BUDGET);
	if (budget == 0)
		usage_error("--budget: must be at least 1");
	if (a.load)
		lo.load_addr = parse_u64("--load", a.load, UINT64_MAX);
	if (a.waive && waivers_load(a.waive, &wv, err, sizeof(err)))
		usage_error("%s", err);

	if (image_load(a.stub, &lo, &img, err, sizeof(err)))
		usage_error("%s", err);
	if (img.format == IMAGE_ELF && a.load)
		usage_error("--load applies to raw blobs; '%s' is an ELF executable placed by "
			    "its own program headers", a.stub);
	if (img.arch && a.arch && strcmp(img.arch, a.arch) != 0)
		usage_error("--arch %s contradicts '%s', an ELF file for %s", a.arch, a.stub,
			    img.arch);
	arch = arch_by_name(img.arch ? img.arch : a.arch ? a.arch : "arm64");
	if (!arch)
		usage_error("'%s' is for %s, which this version of hypabi cannot emulate yet",
			    a.stub, img.arch);
	if (!profile_has_arch(cfg.cases.profile, arch->name))
		usage_error("--profile %s does not apply to %s", cfg.cases.profile->name,
			    arch->name);
	check_placement(&img, arch, a.load);

	cfg.cases.arch = arch;
	cfg.cases.vectors = a.vectors ? resolve_addr("--vectors", a.vectors, &img)
				      : default_vectors(&img);
	check_vectors("--vectors", cfg.cases.vectors, &img, arch);
	if (a.initial_vectors) {
		cfg.initial_vectors = resolve_addr("--initial-vectors", a.initial_vectors, &img);
		cfg.initial_vectors_known = true;
	} else if (cfg.cases.role == ROLE_INITIAL) {
		cfg.initial_vectors = cfg.cases.vectors;
		cfg.initial_vectors_known = true;
	} else if (img.format == IMAGE_ELF &&
		   image_lookup(&img, "__hyp_stub_vectors", &cfg.initial_vectors) &&
		   cfg.initial_vectors != cfg.cases.vectors) {
		cfg.initial_vectors_known = true;
	} else {
		cfg.initial_vectors_why = "the initial stub's vectors are unknown: "
					  "give --initial-vectors";
	}

	if (a.output) {
		out = fopen(a.output, "w");
		if (!out)
			usage_error("cannot write '%s': %s", a.output, strerror(errno));
	}

	results_init(&res);
	res.info = (struct run_info){
		.stub = a.stub, .arch = arch->name, .profile = cfg.cases.profile->name,
		.role = role_name(cfg.cases.role), .load = image_low(&img),
		.vectors = cfg.cases.vectors, .seed = cfg.cases.seed,
		.random = cfg.cases.random,
	};
	rc = machine_open(&m, arch, &img, cfg.cases.vectors, budget);
	if (!rc)
		rc = check_run(&m, &cfg, &res);
	if (rc) {
		fprintf(stderr, "hypabi: internal error: %s (please report this with the stub)\n",
			m.errmsg);
		machine_close(&m);
		return EXIT_INTERNAL;
	}
	machine_close(&m);
	if (a.waive && waivers_apply(&wv, &res, err, sizeof(err)))
		usage_error("%s", err);

	if (a.quiet) {
		struct summary s = results_summary(&res);

		fprintf(out, "verdict: %s (%u pass, %u fail, %u not-reached, %u waived; seed %"
			PRIu64 ")\n", results_pass(&res) ? "PASS" : "FAIL", s.pass, s.fail,
			s.not_reached, s.waived, cfg.cases.seed);
	} else if (report_write(out, fmt, &res)) {
		usage_error("cannot write '%s': %s", a.output ? a.output : "standard output",
			    strerror(errno));
	}
	if (out != stdout && fclose(out) != 0)
		usage_error("cannot write '%s': %s", a.output, strerror(errno));
	waivers_free(&wv);
	image_free(&img);
	return results_pass(&res) ? EXIT_PASS : EXIT_FAIL;
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

static int cmd_profiles(void)
{
	for (unsigned int i = 0; i < nprofiles; i++) {
		const struct profile *p = &profiles[i];

		printf("%s%s  (%s)\n    %s\n", p->name, i == 0 ? " (default)" : "", p->arches,
		       p->summary);
		for (int fn = 0; fn < FN_UNKNOWN; fn++)
			if (p->number[fn] != FN_NONE)
				printf("    %-16s %" PRId64 "\n", function_name((enum hyp_function)fn),
				       p->number[fn]);
		printf("    %-16s 0x%" PRIx64 "\n    source: %s\n", "HVC_STUB_ERR", p->stub_err,
		       p->source);
	}
	return EXIT_PASS;
}

static void no_arguments(int argc, char **argv)
{
	if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
		print_help(stdout);
		exit(EXIT_PASS);
	}
	if (argc > 2)
		usage_error("%s takes no arguments; '%s' is extra", argv[1], argv[2]);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		print_help(stdout);
		return EXIT_PASS;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("hypabi %s\n", HYPABI_VERSION);
		return EXIT_PASS;
	}
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "rules") == 0) {
		no_arguments(argc, argv);
		return cmd_rules();
	}
	if (strcmp(argv[1], "profiles") == 0) {
		no_arguments(argc, argv);
		return cmd_profiles();
	}
	usage_error("unknown command '%s' (see 'hypabi --help')", argv[1]);
	return EXIT_USAGE;
}

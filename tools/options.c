#include "options.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "caselist.h"
#include "check.h"
#include "explore.h"
#include "cli.h"
#include "layout.h"
#include "machine.h"
#include "number.h"
#include "profile.h"
#include "report.h"
#include "trace.h"

#define CMD_HYPABI	(CMD_CHECK | CMD_TRACE | CMD_SCAN)
#define CMD_RUNS	(CMD_CHECK | CMD_TRACE | CMD_CROSSCHECK)	/* make calls */
#define CMD_ALL		(CMD_HYPABI | CMD_CROSSCHECK)

#define MAX_RANDOM		10000000u
#define MAX_BUDGET		1000000000u
#define MAX_TIMEOUT_MS		86400000u
#define MAX_TRACE_LIMIT		1000000u
#define MAX_LIMIT		100000000u
#define MIN_IMAGE_SIZE		4096u
#define MAX_MAX_IMAGE_SIZE	(UINT64_C(1) << 32)
#define DEFAULT_QEMU_TIMEOUT	120
#define MAX_QEMU_TIMEOUT	86400u

/* The kinds of stub, by name and alias (profile.c's role_descs). */
static const struct opt_word roles[] = {
	{ "initial", ROLE_INITIAL }, { "boot", ROLE_INITIAL },
	{ "hypervisor", ROLE_HYPERVISOR }, { "kvm-hyp-init", ROLE_HYPERVISOR },
	{ "kvm-host", ROLE_KVM_HOST }, { "trans-pgd", ROLE_TRANS_PGD },
	{ "zimage", ROLE_ZIMAGE }, { "arm-kernel", ROLE_ARM_KERNEL }, { NULL, 0 },
};

static const struct opt_word report_formats[] = {
	{ "text", FORMAT_TEXT }, { "json", FORMAT_JSON }, { "junit", FORMAT_JUNIT },
	{ "md", FORMAT_MD }, { "html", FORMAT_HTML }, { NULL, 0 },
};

static const struct opt_word trace_formats[] = {
	{ "text", TRACE_TEXT }, { "tarmac", TRACE_TARMAC }, { NULL, 0 },
};

const struct opt_def opt_table[OPT_COUNT] = {
#define OPTION(id, ...) [OPT_##id] = __VA_ARGS__,
#include "options.def"
#undef OPTION
};

static const struct command_doc docs[] = {
	{ CMD_CHECK, "hypabi check", "hypabi check [options] STUB", "STUB",
	  "Runs the conformance cases on STUB and prints the verdicts. STUB is a raw binary, an "
	  "ELF executable, a relocatable object (hyp-stub.o, linked by hypabi at --load), a "
	  "kernel's vmlinux (placed as its Image), a Linux arm64 Image or an arm zImage holding a "
	  "HYP stub (for an Image, zImage or vmlinux, name it with --vectors +OFFSET, "
	  "payload+OFFSET or a symbol, from 'hypabi scan', or use --scan). Each hypercall is made as the Linux kernel makes it (hvc #0 from EL1 on "
	  "arm64, from SVC mode in A32 or T32 on arm) on an emulated core, and what the stub "
	  "leaves behind is judged.",
	  "0 every required rule holds; 1 a required rule fails; 2 the input or command line is "
	  "wrong; 3 hypabi itself failed (a bug)." },
	{ CMD_TRACE, "hypabi trace",
	  "hypabi trace [options] (--case FUNCTION/INDEX | --call REGS) STUB", "STUB",
	  "Runs one hypercall and prints every instruction the stub runs, with the registers, "
	  "system registers and memory each one changed, then the state diff against the "
	  "caller's and the rules' verdicts for the call. Every failure in a report of 'hypabi "
	  "check' names the trace command that replays it.",
	  "0 the call passes every rule that applies; 1 it fails one; 2 bad input; 3 hypabi "
	  "failed." },
	{ CMD_SCAN, "hypabi scan", "hypabi scan [options] IMAGE", "IMAGE",
	  "Lists the candidate HYP stub vector tables in IMAGE (an arm64 Image, an arm zImage "
	  "and the kernel inside it, a vmlinux, an ELF file or object, or a raw blob), with "
	  "their offsets from the start of the file (or of the zImage's decompressed kernel, "
	  "as payload+OFFSET; of _text in a vmlinux) and the ELF symbol there, for 'hypabi "
	  "check --vectors'.",
	  "0 IMAGE was scanned (whatever it holds); 2 bad input." },
	{ CMD_CROSSCHECK, "crosscheck", "crosscheck [options] STUB", "STUB",
	  "Runs the calls of 'hypabi check' on STUB through hypabi and through QEMU "
	  "(qemu-system-aarch64 / qemu-system-arm, -M virt,virtualization=on,secure=on, the "
	  "CPU --cpu names: cortex-a57, max with SVE and SME off, cortex-a15) and "
	  "compares every register and system register where each call ended. Calls that "
	  "hypabi saw fault or hang are not run under QEMU.",
	  "0 the states agree; 1 they differ; 2 bad input; 3 QEMU could not be run or failed." },
};

#define HELP_COLUMN	26
#define HELP_WIDTH	79
#define NBSP		'\x1f'	/* a space help lines are not broken at */
#define NBSP_STR	"\x1f"

static const struct command_doc *doc_of(enum cli_command cmd)
{
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		if (docs[i].cmd == cmd)
			return &docs[i];
	abort();	/* a command without a doc: a bug */
}

const struct command_doc *options_doc(enum cli_command cmd)
{
	return doc_of(cmd);
}

/* "-q" for an option with a letter, else "--name": how messages name it. */
static const char *opt_name(enum opt_id id, char *buf, size_t len)
{
	const struct opt_def *e = &opt_table[id];

	if (e->letter)
		snprintf(buf, len, "-%c", e->letter);
	else
		snprintf(buf, len, "--%s", e->name);
	return buf;
}

/* ----------------------------------------------------------------- values */

/* The option's name as the command line spelled it (its alias, say), while it is parsed. */
static const char *spelled;

/* s is none of e's words: "is neither 'a' nor 'b'", "is not one of a, b, c". */
static _Noreturn void word_error(const struct opt_def *e, const char *s)
{
	const char *name = spelled ? spelled : e->name;
	char list[160] = "";
	size_t n = 0, count = 0;

	while (e->words[count].name)
		count++;
	if (count == 2)
		cli_error("--%s: '%s' is neither '%s' nor '%s'", name, s, e->words[0].name,
			  e->words[1].name);
	for (size_t i = 0; i < count && n < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
				      e->words[i].name);
	cli_error("--%s: '%s' is not one of %s", name, s, list);
}

static uint64_t word_value(const struct opt_def *e, const char *s)
{
	for (const struct opt_word *w = e->words; w->name; w++)
		if (strcmp(w->name, s) == 0)
			return (uint64_t)w->value;
	word_error(e, s);
}

static uint64_t number_of(const struct opt_def *e, const char *s)
{
	char opt[48];
	uint64_t n;

	snprintf(opt, sizeof(opt), "--%s", e->name);
	n = cli_u64(opt, s, e->max);
	if (n < e->min)
		cli_error("--%s: must be at least %" PRIu64 "%s%s", e->name, e->min,
			  e->unit ? " " : "", e->unit ? e->unit : "");
	return n;
}

static uint64_t profile_index(const char *s)
{
	const struct profile *p = profile_by_name(s);

	if (strcmp(s, "auto") == 0)
		return PROFILE_AUTO;
	if (!p)
		cli_error("--profile: unknown profile '%s' (see 'hypabi profiles')", s);
	return (uint64_t)(p - profiles);
}

void options_set(struct opt_values *v, enum opt_id id, const char *s)
{
	const struct opt_def *e = &opt_table[id];

	v->given[id] = true;
	v->str[id] = s;
	switch (e->kind) {
	case OPT_FLAG:
		v->num[id] = 1;
		break;
	case OPT_STRING:
		break;
	case OPT_NUMBER:
		v->num[id] = number_of(e, s);
		break;
	case OPT_WORD:
		v->num[id] = word_value(e, s);
		break;
	case OPT_PROFILE_NAME:
		v->num[id] = profile_index(s);
		break;
	}
}

static void defaults(struct opt_values *v)
{
	memset(v, 0, sizeof(*v));
	for (int id = 0; id < OPT_COUNT; id++)
		v->num[id] = opt_table[id].def;
}

void options_unset(struct opt_values *v, enum opt_id id)
{
	v->given[id] = false;
	v->str[id] = NULL;
	v->num[id] = opt_table[id].def;
}

uint64_t options_at_most(enum opt_id id, uint64_t value, uint64_t max)
{
	char opt[48], s[24], msg[256];

	if (value <= max)
		return value;
	snprintf(opt, sizeof(opt), "--%s", opt_table[id].name);
	snprintf(s, sizeof(s), "%" PRIu64, value);
	number_error(msg, sizeof(msg), opt, s, max, NUMBER_TOO_LARGE);
	cli_error("%s", msg);
}

void options_conflict(enum opt_id a, enum opt_id b, const char *why)
{
	char na[48], nb[48];

	cli_error("%s and %s cannot be used together%s%s", opt_name(a, na, sizeof(na)),
		  opt_name(b, nb, sizeof(nb)), why ? ": " : "", why ? why : "");
}

/* ---------------------------------------------------------------- parsing */

#define LONG_BASE	256	/* getopt_long's value for option id: LONG_BASE + id */

/* getopt_long's tables for cmd: the long options and the short letters. */
static void getopt_tables(enum cli_command cmd, struct option *longopts, char *shortopts)
{
	int n = 0, s = 0;

	shortopts[s++] = ':';	/* a missing value is ':', not '?' */
	for (int id = 0; id < OPT_COUNT; id++) {
		const struct opt_def *e = &opt_table[id];
		int has_arg = e->arg ? required_argument : no_argument;

		if (!(e->commands & cmd))
			continue;
		longopts[n++] = (struct option){ e->name, has_arg, NULL, LONG_BASE + id };
		if (e->alias)
			longopts[n++] = (struct option){ e->alias, has_arg, NULL, LONG_BASE + id };
		if (e->letter) {
			shortopts[s++] = e->letter;
			if (e->arg)
				shortopts[s++] = ':';
		}
	}
	longopts[n] = (struct option){ NULL, 0, NULL, 0 };
	shortopts[s] = '\0';
}

static enum opt_id id_of_letter(enum cli_command cmd, int c)
{
	for (int id = 0; id < OPT_COUNT; id++)
		if (opt_table[id].letter == c && (opt_table[id].commands & cmd))
			return (enum opt_id)id;
	return OPT_COUNT;
}

/*
 * How the user wrote the option getopt stopped at: "--name" (without any
 * "=value") for a long one, "-x" for a letter (alone or in a cluster).
 */
static const char *as_written(char **argv, char *buf, size_t len)
{
	const char *w = argv[optind - 1];

	if (strncmp(w, "--", 2) == 0)
		snprintf(buf, len, "%.*s", (int)strcspn(w, "="), w);
	else
		snprintf(buf, len, "-%c", optopt);
	return buf;
}

int options_parse(enum cli_command cmd, int argc, char **argv, struct opt_values *v)
{
	struct option longopts[2 * OPT_COUNT + 1];	/* a name and an alias each */
	char shortopts[2 * OPT_COUNT + 2], written[64];
	const char *name = doc_of(cmd)->name;
	int c, at = -1;

	defaults(v);
	getopt_tables(cmd, longopts, shortopts);
	opterr = 0;
	optind = 0;	/* 0, not 1: GNU getopt then forgets any earlier parse entirely */

	while ((c = getopt_long(argc, argv, shortopts, longopts, &at)) != -1) {
		enum opt_id id = c >= LONG_BASE ? (enum opt_id)(c - LONG_BASE) : id_of_letter(cmd, c);

		if (c == ':')
			cli_error("option '%s' needs a value", as_written(argv, written,
									   sizeof(written)));
		if (c == '?' || id == OPT_COUNT)
			cli_error("unknown option '%s' (see '%s --help')",
				  as_written(argv, written, sizeof(written)), name);
		if (id == OPT_HELP) {
			options_help(stdout, cmd);
			cli_end(EXIT_PASS);
		}
		spelled = c >= LONG_BASE && at >= 0 ? longopts[at].name : NULL;
		options_set(v, id, optarg);
		spelled = NULL;
		at = -1;
	}
	return optind;
}

const char *options_operand(enum cli_command cmd, int argc, char **argv, int first)
{
	const struct command_doc *d = doc_of(cmd);
	const char *sub = strchr(d->name, ' ');
	char prefix[32] = "";

	if (sub)	/* "check: " for hypabi's commands; crosscheck has none */
		snprintf(prefix, sizeof(prefix), "%s: ", sub + 1);
	if (first >= argc)
		cli_error("%sgive exactly one %s: no %s given (see '%s --help')", prefix,
			  d->operand, d->operand, d->name);
	if (first + 1 < argc)
		cli_error("%sone %s at a time; '%s' is extra (see '%s --help')", prefix, d->operand,
			  argv[first + 1], d->name);
	return argv[first];
}

/* ------------------------------------------------------------------- help */

/* Words of text, wrapped to HELP_WIDTH, every line after the first indented by indent. */
static void wrap(FILE *out, const char *text, int col, int indent)
{
	const char *p = text;

	while (*p) {
		size_t len = strcspn(p, " ");

		if (col > indent && col + 1 + (int)len > HELP_WIDTH) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		for (size_t i = 0; i < len; i++)
			fputc(p[i] == NBSP ? ' ' : p[i], out);
		col += (int)len;
		p += len;
		p += strspn(p, " ");
	}
	fputc('\n', out);
}

/* "initial (default) or hypervisor", "text (default), json, junit, md or html" */
/* The first word naming the default value (others are its aliases). */
static const struct opt_word *default_word(const struct opt_def *e)
{
	for (const struct opt_word *w = e->words; w->name; w++)
		if ((uint64_t)w->value == e->def)
			return w;
	return NULL;
}

static void words_text(const struct opt_def *e, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (const struct opt_word *w = e->words; w->name && n < len; w++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s%s",
				      w == e->words ? "" : w[1].name ? ", " : " or ", w->name,
				      (uint64_t)w->value == e->def && w == default_word(e) ?
				      " (default)" : "");
}

/* What the table says of a value beyond the help text: its words, its default. */
static void default_text(const struct opt_def *e, char *buf, size_t len)
{
	buf[0] = '\0';
	if (e->flags & OPT_DEFAULT_AT_RUN)
		return;
	if (e->kind == OPT_WORD) {
		words_text(e, buf, len);
	} else if (e->kind == OPT_PROFILE_NAME) {
		snprintf(buf, len, "(default auto: the era of the kernel's version banner, else "
			 "%s; see 'hypabi profiles')", profiles[0].name);
	} else if (e->kind == OPT_NUMBER && e->unit && strcmp(e->unit, "bytes") == 0 &&
		   e->def % (UINT64_C(1) << 20) == 0) {
		snprintf(buf, len, "(default %" PRIu64 "%cMiB)", e->def >> 20, NBSP);
	} else if (e->kind == OPT_NUMBER) {
		snprintf(buf, len, e->flags & OPT_HEX ? "(default 0x%" PRIx64 "%s%s)"
						       : "(default %" PRIu64 "%s%s)",
			 e->def, e->unit ? NBSP_STR : "", e->unit ? e->unit : "");
	}
}

/* The paragraph --help prints for e: its help, then its words or default. */
static void option_text(const struct opt_def *e, char *text, size_t len)
{
	char extra[160];

	default_text(e, extra, sizeof(extra));
	snprintf(text, len, "%s%s%s", e->help, extra[0] ? " " : "", extra);
}

void options_text(enum opt_id id, char *buf, size_t len)
{
	option_text(&opt_table[id], buf, len);
	for (char *p = buf; *p; p++)
		if (*p == NBSP)
			*p = ' ';
}

static void print_option(FILE *out, const struct opt_def *e)
{
	char left[64], text[1024];
	int n;

	if (e->letter)
		n = snprintf(left, sizeof(left), "  -%c, --%s%s%s", e->letter, e->name,
			     e->arg ? " " : "", e->arg ? e->arg : "");
	else
		n = snprintf(left, sizeof(left), "  --%s%s%s", e->name, e->arg ? " " : "",
			     e->arg ? e->arg : "");
	if (e->alias)
		n += snprintf(left + n, sizeof(left) - (size_t)n, ", --%s", e->alias);
	fputs(left, out);
	if (n >= HELP_COLUMN - 1) {
		fprintf(out, "\n%*s", HELP_COLUMN, "");
	} else {
		fprintf(out, "%*s", HELP_COLUMN - n, "");
	}
	option_text(e, text, sizeof(text));
	wrap(out, text, HELP_COLUMN, HELP_COLUMN);
}

void options_list(FILE *out, enum cli_command cmd)
{
	for (int id = 0; id < OPT_COUNT; id++)
		if (opt_table[id].commands & cmd)
			print_option(out, &opt_table[id]);
}

void options_help(FILE *out, enum cli_command cmd)
{
	const struct command_doc *d = doc_of(cmd);

	fprintf(out, "usage: %s\n\n", d->usage);
	wrap(out, d->about, 0, 0);
	fputs("\noptions:\n", out);
	options_list(out, cmd);
	fputs("\nNumbers may be decimal or 0x-prefixed hex.\n\n", out);
	fputs("exit status:", out);
	wrap(out, d->status, (int)strlen("exit status:"), 0);
}

/* ------------------------------------------------------------- repro line */

int options_shell_word(const char *s, char *buf, size_t len)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789/._+-=,:@%";
	size_t o = 0;

	if (*s && s[strspn(s, safe)] == '\0')
		return (size_t)snprintf(buf, len, "%s", s) < len ? 0 : -1;
	if (len < 3)
		return -1;
	buf[o++] = '\'';
	for (; *s; s++) {
		if (o + 5 > len)
			return -1;
		if (*s == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else {
			buf[o++] = *s;
		}
	}
	if (o + 2 > len)
		return -1;
	buf[o++] = '\'';
	buf[o] = '\0';
	return 0;
}

/* Whether the repro line names option id: it changes a call and is not at its default. */
static bool in_repro(const struct opt_values *v, enum opt_id id)
{
	const struct opt_def *e = &opt_table[id];

	if (!(e->flags & OPT_REPRO))
		return false;
	if (e->flags & OPT_REPRO_ALWAYS)
		return true;
	if (e->kind == OPT_STRING)
		return v->given[id];
	return v->num[id] != e->def;
}

/* The value of option id as trace's command line takes it back. */
static int value_word(const struct opt_values *v, enum opt_id id, char *buf, size_t len)
{
	const struct opt_def *e = &opt_table[id];

	switch (e->kind) {
	case OPT_NUMBER:
		snprintf(buf, len, e->flags & OPT_HEX ? "0x%" PRIx64 : "%" PRIu64, v->num[id]);
		return 0;
	case OPT_WORD:
		for (const struct opt_word *w = e->words; w->name; w++)
			if ((uint64_t)w->value == v->num[id])
				return options_shell_word(w->name, buf, len);
		return -1;
	case OPT_PROFILE_NAME:
		return options_shell_word(v->num[id] == PROFILE_AUTO ? "auto"
							     : profiles[v->num[id]].name, buf, len);
	default:
		return options_shell_word(v->str[id], buf, len);
	}
}

int options_repro(const struct opt_values *v, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int id = 0; id < OPT_COUNT; id++) {
		char word[512];
		int n;

		if (!in_repro(v, (enum opt_id)id))
			continue;
		if (value_word(v, (enum opt_id)id, word, sizeof(word)))
			return -1;
		n = snprintf(buf + o, len - o, "%s--%s %s", o ? " " : "", opt_table[id].name, word);
		if (n < 0 || (size_t)n >= len - o)
			return -1;
		o += (size_t)n;
	}
	return 0;
}

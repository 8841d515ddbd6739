/*
 * The one option table of every command line (hypabi check, trace, scan;
 * crosscheck): each option's names, argument, help, the commands that take
 * it and how its value is checked. It drives getopt_long, every --help,
 * and the `hypabi trace` line that replays one call of a check run, so
 * that none of them can say something the parser does not do.
 */
#ifndef HYPABI_OPTIONS_H
#define HYPABI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The command lines that share the table. */
enum cli_command {
	CMD_CHECK = 1u << 0,
	CMD_TRACE = 1u << 1,
	CMD_SCAN = 1u << 2,
	CMD_CROSSCHECK = 1u << 3,
};

/* --profile auto: the era of the kernel's version banner, else hyp-abi. */
#define PROFILE_AUTO	UINT64_MAX

enum opt_id {
#define OPTION(id, ...) OPT_##id,
#include "options.def"
#undef OPTION
	OPT_COUNT
};

enum opt_kind {
	OPT_FLAG,	/* no value */
	OPT_STRING,	/* a file, an address or a symbol: checked where it is used */
	OPT_NUMBER,	/* decimal or 0x-hex, min..max */
	OPT_WORD,	/* one of words[] */
	OPT_PROFILE_NAME, /* a profile of 'hypabi profiles', or auto (PROFILE_AUTO) */
};

/* opt_def.flags */
#define OPT_REPRO	(1u << 0)	/* changes one call: on the repro line when not default */
#define OPT_REPRO_ALWAYS (1u << 1)	/* on the repro line even when default */
#define OPT_HEX		(1u << 2)	/* a number written back in hex (an address) */
#define OPT_DEFAULT_AT_RUN (1u << 3)	/* the default is worked out when run: help says what */

struct opt_word {
	const char *name;
	int value;
};

struct opt_def {
	const char *name;		/* the long name, without "--" */
	char letter;			/* the short option, or 0 */
	const char *arg;		/* the value's name in help ("N"), NULL for a flag */
	unsigned int commands;		/* CMD_* that take it */
	enum opt_kind kind;
	uint64_t min, max;		/* OPT_NUMBER */
	uint64_t def;			/* OPT_NUMBER and OPT_WORD: the default */
	const char *unit;		/* OPT_NUMBER: "ms" in "(default 2000 ms)"; may be NULL */
	const struct opt_word *words;	/* OPT_WORD: ends with a NULL name */
	unsigned int flags;
	const char *help;		/* one paragraph; defaults and words are added to it */
	const char *alias;		/* another long name for it, or NULL */
};

extern const struct opt_def opt_table[OPT_COUNT];

/* What a command line said: every option, given or default. */
struct opt_values {
	bool given[OPT_COUNT];
	const char *str[OPT_COUNT];	/* the text given, else NULL */
	uint64_t num[OPT_COUNT];	/* numbers, words' values, flags (0/1): given or default */
};

/*
 * Parse argv (argv[0] is the command's name) for cmd into v: every value
 * checked as the table says, every mistake a usage error. --help prints
 * cmd's help and ends with status 0. Returns the index of the first operand.
 */
int options_parse(enum cli_command cmd, int argc, char **argv, struct opt_values *v);
/* The one operand at argv[first] (a STUB or IMAGE); none or more is a usage error. */
const char *options_operand(enum cli_command cmd, int argc, char **argv, int first);
/* Two options that cannot be used together. */
_Noreturn void options_conflict(enum opt_id a, enum opt_id b, const char *why);
/* A number beyond what this use of an option can take: the wording of the parser's. */
uint64_t options_at_most(enum opt_id id, uint64_t value, uint64_t max);

/* What --help says around a command's options; the man page says it too. */
struct command_doc {
	enum cli_command cmd;
	const char *name;	/* in messages: "check: ...", "(see 'hypabi check --help')" */
	const char *usage;
	const char *operand;	/* STUB or IMAGE */
	const char *about;
	const char *status;	/* what the exit statuses mean */
};
const struct command_doc *options_doc(enum cli_command cmd);

/* cmd's --help. */
void options_help(FILE *out, enum cli_command cmd);
/*
 * The paragraph --help gives option id (its help, then its words or its
 * default), unwrapped: the man page's text for it.
 */
void options_text(enum opt_id id, char *buf, size_t len);
/* The options of cmd, as in its --help (the top-level help lists check's). */
void options_list(FILE *out, enum cli_command cmd);

/* Set an option as if the command line had given it (checked as parse checks it). */
void options_set(struct opt_values *v, enum opt_id id, const char *s);
void options_unset(struct opt_values *v, enum opt_id id);
/*
 * The options of `hypabi trace` that replay a call made with v: every
 * option that changes a call (OPT_REPRO) whose value is not the default,
 * as " --name value" words quoted for sh. 0, or -1 if buf is too small.
 */
int options_repro(const struct opt_values *v, char *buf, size_t len);
/* s as one word for sh (single-quoted unless plainly safe); -1 if buf is too small. */
int options_shell_word(const char *s, char *buf, size_t len);

#endif

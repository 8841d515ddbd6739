/*
 * The man page and the bash completion are the option table: every option
 * hypabi's commands take is in them, with the words --help gives it, and
 * nothing else is (crosscheck's own options are not hypabi's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"
#include "profile.h"
#include "testutil.h"

#define HYPABI_COMMANDS	(CMD_CHECK | CMD_TRACE | CMD_SCAN)

static const struct {
	enum cli_command cmd;
	const char *sub;
} commands[] = { { CMD_CHECK, "check" }, { CMD_TRACE, "trace" }, { CMD_SCAN, "scan" } };
#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

/* The whole file, NUL-terminated (malloc'd). */
static char *slurp(const char *path)
{
	size_t len;
	uint8_t *data = test_read_file(path, &len);
	char *s = realloc(data, len + 1);

	assert_non_null(s);
	s[len] = '\0';
	return s;
}

/* roff text as a reader sees it: \- \e \& \fX undone. In place. */
static void unroff(char *s)
{
	char *o = s;

	for (const char *p = s; *p;) {
		if (p[0] == '\\' && p[1] == '-') {
			*o++ = '-';
			p += 2;
		} else if (p[0] == '\\' && p[1] == 'e') {
			*o++ = '\\';
			p += 2;
		} else if (p[0] == '\\' && p[1] == '&') {
			p += 2;
		} else if (p[0] == '\\' && p[1] == 'f' && p[2]) {
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
}

/* Whether a hypabi command takes an option of this long name (or alias) or letter. */
static bool hypabi_takes(const char *name)
{
	for (int id = 0; id < OPT_COUNT; id++) {
		const struct opt_def *e = &opt_table[id];

		if (!(e->commands & HYPABI_COMMANDS))
			continue;
		if (name[1] == '-' && (strcmp(name + 2, e->name) == 0 ||
				       (e->alias && strcmp(name + 2, e->alias) == 0)))
			return true;
		if (name[1] != '-' && e->letter == name[1] && name[2] == '\0')
			return true;
	}
	return false;
}

/* Every "-x" and "--name" word of line (a .TP head), into seen; each must be hypabi's. */
static unsigned int heads_in(const char *line, char seen[][48], unsigned int n)
{
	for (const char *p = line; (p = strchr(p, '-')) != NULL;) {
		size_t len = strspn(p, "-abcdefghijklmnopqrstuvwxyz");

		if (len >= 2 && (p == line || p[-1] == '"' || p[-1] == ' ')) {
			assert_true(n < 64);
			snprintf(seen[n], sizeof(seen[0]), "%.*s", (int)len, p);
			if (!hypabi_takes(seen[n]))
				fail_msg("the man page lists %s, which no hypabi command takes", seen[n]);
			n++;
		}
		p += len ? len : 1;
	}
	return n;
}

static bool listed(char seen[][48], unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (strcmp(seen[i], name) == 0)
			return true;
	return false;
}

/* Every option of a hypabi command heads an entry of OPTIONS, by each of its names. */
static void test_man_lists_every_option(void **state)
{
	char *man = slurp(HYPABI_MAN), *options, seen[64][48];
	unsigned int n = 0;

	(void)state;
	options = strstr(man, "\n.SH OPTIONS\n");
	assert_non_null(options);
	*strstr(options + 1, "\n.SH ") = '\0';	/* the OPTIONS section alone */
	for (const char *tp = options; (tp = strstr(tp, "\n.TP\n")) != NULL; tp += 4) {
		char line[256];

		snprintf(line, sizeof(line), "%.*s", (int)strcspn(tp + 5, "\n"), tp + 5);
		if (strncmp(line, ".B ", 3) != 0 && strncmp(line, ".BI ", 4) != 0)
			fail_msg("an option entry of the man page is not .B or .BI: %s", line);
		unroff(line);
		n = heads_in(line, seen, n);
	}
	for (int id = 0; id < OPT_COUNT; id++) {
		const struct opt_def *e = &opt_table[id];
		char name[48];

		if (!(e->commands & HYPABI_COMMANDS))
			continue;
		snprintf(name, sizeof(name), "--%s", e->name);
		if (!listed(seen, n, name))
			fail_msg("the man page does not list %s", name);
		snprintf(name, sizeof(name), "--%s", e->alias ? e->alias : e->name);
		if (!listed(seen, n, name))
			fail_msg("the man page does not list %s", name);
		snprintf(name, sizeof(name), "-%c", e->letter);
		if (e->letter && !listed(seen, n, name))
			fail_msg("the man page does not list %s", name);
	}
	free(man);
}

/*
 * Each option's paragraph of each command's --help (its lines joined) is
 * word for word in the man page: the two say the same of every option.
 */
static void test_man_says_what_help_says(void **state)
{
	char *man = slurp(HYPABI_MAN);
	static char help[65536];
	unsigned int paragraphs = 0;

	(void)state;
	unroff(man);
	for (size_t k = 0; k < NCOMMANDS; k++) {
		char *const argv[] = { HYPABI_BIN, (char *)commands[k].sub, "--help", NULL };
		const char *p;

		assert_int_equal(test_capture(argv, help, sizeof(help), NULL, 0), 0);
		p = strstr(help, "\noptions:\n");
		assert_non_null(p);
		p += strlen("\noptions:\n");
		while (strncmp(p, "  -", 3) == 0) {
			char text[2048] = "";
			size_t t = 0;
			const char *nl = strchr(p, '\n');

			/* the head, then its text from column 26, on this line or the next ones */
			if (nl - p > 26 && p[24] == ' ' && p[25] == ' ')	/* else a long head */
				t += (size_t)snprintf(text, sizeof(text), "%.*s", (int)(nl - p - 26),
						      p + 26);
			for (p = nl + 1; strncmp(p, "                          ", 26) == 0;
			     p = strchr(p, '\n') + 1)
				t += (size_t)snprintf(text + t, sizeof(text) - t, "%s%.*s",
						      t ? " " : "", (int)strcspn(p + 26, "\n"), p + 26);
			if (strcmp(text, "this help") == 0)
				continue;	/* --help: the man page says what it is itself */
			if (!strstr(man, text))
				fail_msg("hypabi %s --help says, and the man page does not: %s",
					 commands[k].sub, text);
			paragraphs++;
		}
	}
	assert_true(paragraphs >= 20);	/* the parse above found them */
	free(man);
}

/* What the completion offers for the words of a command line, the last being completed. */
static void complete(char *out, size_t len, const char *words)
{
	char script[1024];
	char *const argv[] = { "bash", "--norc", "--noprofile", "-c", script, NULL };

	snprintf(script, sizeof(script),
		 "source '%s' || exit 9; COMP_WORDS=(%s); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
		 "_hypabi; if ((${#COMPREPLY[@]})); then printf '%%s\\n' \"${COMPREPLY[@]}\" | sort; fi", HYPABI_COMPLETION, words);
	if (test_capture(argv, out, len, NULL, 0) != 0)
		fail_msg("bash could not complete: %s", words);
}

/* The sorted lines of a list of words, as complete() prints them. */
static void sorted(char *out, size_t len, const char *const *words, size_t n)
{
	size_t o = 0;
	const char *order[64];

	assert_true(n < 64);
	memcpy(order, words, n * sizeof(*order));
	for (size_t i = 1; i < n; i++)	/* insertion sort, bytewise as sort(1) in LC_ALL=C */
		for (size_t j = i; j > 0 && strcmp(order[j - 1], order[j]) > 0; j--) {
			const char *t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, len - o, "%s\n", order[i]);
}

/* For each command, "--" completes to exactly its options, by long name and alias. */
static void test_completion_offers_each_commands_options(void **state)
{
	(void)state;
	setenv("LC_ALL", "C", 1);
	for (size_t k = 0; k < NCOMMANDS; k++) {
		static char names[2 * OPT_COUNT][48];
		const char *want[2 * OPT_COUNT];
		char got[4096], expected[4096], line[64];
		size_t n = 0;

		for (int id = 0; id < OPT_COUNT; id++) {
			const struct opt_def *e = &opt_table[id];

			if (!(e->commands & commands[k].cmd))
				continue;
			snprintf(names[n], sizeof(names[0]), "--%s", e->name);
			want[n] = names[n], n++;
			if (e->alias) {
				snprintf(names[n], sizeof(names[0]), "--%s", e->alias);
				want[n] = names[n], n++;
			}
		}
		sorted(expected, sizeof(expected), want, n);
		snprintf(line, sizeof(line), "hypabi %s --", commands[k].sub);
		complete(got, sizeof(got), line);
		if (strcmp(got, expected) != 0)
			fail_msg("'%s' completes to:\n%swanted:\n%s", line, got, expected);
	}
}

/* An option's value: its words, the profiles, the arches; the commands at first. */
static void test_completion_offers_values(void **state)
{
	static const char *const formats[] = { "html", "json", "junit", "md", "text" };
	static const char *const trace_formats[] = { "tarmac", "text" };
	static const char *const top[] = { "--help", "--version", "check", "profiles", "rules",
					   "scan", "trace" };
	const char *profile_names[32];
	char got[4096], want[4096];

	(void)state;
	setenv("LC_ALL", "C", 1);
	complete(got, sizeof(got), "hypabi check --format ''");
	sorted(want, sizeof(want), formats, 5);
	assert_string_equal(got, want);
	complete(got, sizeof(got), "hypabi trace --format ''");
	sorted(want, sizeof(want), trace_formats, 2);
	assert_string_equal(got, want);
	complete(got, sizeof(got), "hypabi ''");
	sorted(want, sizeof(want), top, 7);
	assert_string_equal(got, want);
	complete(got, sizeof(got), "hypabi check --arch ''");
	assert_string_equal(got, "arm\narm64\n");
	complete(got, sizeof(got), "hypabi check --role hyp");
	assert_string_equal(got, "hypervisor\n");
	assert_true(nprofiles < 31);
	profile_names[0] = "auto";
	for (unsigned int i = 0; i < nprofiles; i++)
		profile_names[i + 1] = profiles[i].name;
	complete(got, sizeof(got), "hypabi trace --profile ''");
	sorted(want, sizeof(want), profile_names, nprofiles + 1);
	assert_string_equal(got, want);
	/* a number: nothing to offer; an option scan does not take is not offered */
	complete(got, sizeof(got), "hypabi check --seed ''");
	assert_string_equal(got, "");
	complete(got, sizeof(got), "hypabi scan --se");
	assert_string_equal(got, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_man_lists_every_option),
		cmocka_unit_test(test_man_says_what_help_says),
		cmocka_unit_test(test_completion_offers_each_commands_options),
		cmocka_unit_test(test_completion_offers_values),
	};
	return cmocka_run_group_tests_name("docs", tests, test_make_tmpdir, test_remove_tmpdir);
}

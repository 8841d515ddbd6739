#include "waiver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WAIVER_LINE_MAX	1024
#define WAIVERS_MAX	1024

static int parse_function(const char *s)
{
	if (strcmp(s, "*") == 0)
		return -1;
	for (int fn = 0; fn < FN_COUNT; fn++)
		if (strcmp(s, function_name((enum hyp_function)fn)) == 0)
			return fn;
	return -2;
}

static int parse_line(struct waivers *wv, char *line, unsigned int lineno,
		      char *err, size_t errlen)
{
	char *rule, *fn, *reason, *save = NULL;
	struct waiver *w;

	line[strcspn(line, "#\r\n")] = '\0';
	rule = strtok_r(line, " \t", &save);
	if (!rule)
		return 0;
	fn = strtok_r(NULL, " \t", &save);
	reason = fn ? save + strspn(save, " \t") : NULL;
	if (!fn || !reason || !*reason) {
		snprintf(err, errlen, "'%s':%u: expected 'RULE FUNCTION REASON'", wv->path,
			 lineno);
		return -1;
	}
	if (wv->n == WAIVERS_MAX) {
		snprintf(err, errlen, "'%s': more than %d waivers", wv->path, WAIVERS_MAX);
		return -1;
	}
	w = &wv->w[wv->n];
	if (strchr(fn, '@')) {
		if (!strchr(fn, '@')[1]) {
			snprintf(err, errlen, "'%s':%u: nothing after '@' (a stub such as +0x3f000)",
				 wv->path, lineno);
			return -1;
		}
		w->stub = strdup(strchr(fn, '@') + 1);
		*strchr(fn, '@') = '\0';
	}
	w->rule = rule_by_id(rule);
	w->fn = parse_function(fn);
	if (w->rule < 0 || w->fn == -2) {
		if (w->rule < 0)
			snprintf(err, errlen, "'%s':%u: unknown rule '%s' (see 'hypabi rules')",
				 wv->path, lineno, rule);
		else
			snprintf(err, errlen, "'%s':%u: unknown function '%s' (SET_VECTORS, "
				 "SOFT_RESTART, RESET_VECTORS, unknown or *)", wv->path, lineno, fn);
		free(w->stub);
		w->stub = NULL;
		return -1;
	}
	w->line = lineno;
	w->reason = strdup(reason);
	wv->n++;
	return 0;
}

int waivers_load(const char *path, struct waivers *wv, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	int rc;

	memset(wv, 0, sizeof(*wv));
	if (!f) {
		snprintf(err, errlen, "--waive: cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	rc = waivers_read(f, path, wv, err, errlen);
	fclose(f);
	return rc;
}

int waivers_read(FILE *f, const char *path, struct waivers *wv, char *err, size_t errlen)
{
	char line[WAIVER_LINE_MAX];
	unsigned int lineno = 0;

	memset(wv, 0, sizeof(*wv));
	wv->path = strdup(path);
	wv->w = calloc(WAIVERS_MAX, sizeof(*wv->w));
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errlen, "'%s':%u: line longer than %d bytes", path, lineno,
				 WAIVER_LINE_MAX - 1);
			return -1;
		}
		if (parse_line(wv, line, lineno, err, errlen))
			return -1;
	}
	return 0;
}

void waivers_apply(struct waivers *wv, struct results *res, const char *stub)
{
	for (unsigned int i = 0; i < wv->n; i++) {
		struct waiver *w = &wv->w[i];

		if (w->stub && (!stub || strcmp(w->stub, stub) != 0))
			continue;
		for (int fn = 0; fn < FN_COUNT; fn++) {
			struct rule_result *rr = &res->r[fn][w->rule];

			if ((w->fn >= 0 && w->fn != fn) ||
			    (rr->status != V_FAIL && rr->status != V_WAIVED))
				continue;
			rr->status = V_WAIVED;
			rr->waiver = w->reason;
			w->matched = true;
		}
	}
}

int waivers_all_matched(const struct waivers *wv, char *err, size_t errlen)
{
	for (unsigned int i = 0; i < wv->n; i++) {
		const struct waiver *w = &wv->w[i];

		if (w->matched)
			continue;
		snprintf(err, errlen, "'%s':%u: waiver for %s%s%s matches no failure; remove it",
			 wv->path, w->line, rules[w->rule].id, w->stub ? " @" : "",
			 w->stub ? w->stub : "");
		return -1;
	}
	return 0;
}

void waivers_free(struct waivers *wv)
{
	for (unsigned int i = 0; i < wv->n; i++) {
		free(wv->w[i].reason);
		free(wv->w[i].stub);
	}
	free(wv->w);
	free(wv->path);
	memset(wv, 0, sizeof(*wv));
}

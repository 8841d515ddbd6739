/*
 * Waivers: a file of lines 'RULE FUNCTION REASON...' ('*' for any
 * function, '#' starts a comment). A waived failure is reported as
 * waived with its reason, never as a pass; a waiver that matches no
 * failure is an error, so stale waivers do not pile up.
 */
#ifndef HYPABI_WAIVER_H
#define HYPABI_WAIVER_H

#include <stddef.h>

#include "results.h"

struct waiver {
	int rule;		/* enum rule_id */
	int fn;			/* enum hyp_function, or -1 for any */
	unsigned int line;
	char *reason;
};

struct waivers {
	char *path;
	struct waiver *w;
	unsigned int n;
};

int waivers_load(const char *path, struct waivers *wv, char *err, size_t errlen);
int waivers_apply(const struct waivers *wv, struct results *res, char *err, size_t errlen);
void waivers_free(struct waivers *wv);

#endif

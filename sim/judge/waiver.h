/*
 * Waivers: a file of lines 'RULE FUNCTION[@STUB] REASON...' ('*' for any
 * function, '#' starts a comment). STUB names one stub of an image:
 * "+0x3f000" (offset in the file) or "payload+0x110200" (in a zImage's
 * kernel). A waived failure is reported as waived with its reason, never
 * as a pass; a waiver that matches no failure is an error, so stale
 * waivers do not pile up.
 */
#ifndef HYPABI_WAIVER_H
#define HYPABI_WAIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "results.h"

struct waiver {
	int rule;		/* enum rule_id */
	int fn;			/* enum hyp_function, or -1 for any */
	char *stub;		/* "+0x..." / "payload+0x...", or NULL for any */
	unsigned int line;
	bool matched;
	char *reason;
};

struct waivers {
	char *path;
	struct waiver *w;
	unsigned int n;
};

int waivers_load(const char *path, struct waivers *wv, char *err, size_t errlen);
/* The same from an open stream; path names it in messages. Free wv on error too. */
int waivers_read(FILE *f, const char *path, struct waivers *wv, char *err, size_t errlen);
/* Waive res's failures that a waiver names; stub is the run's "+0x..." name. */
void waivers_apply(struct waivers *wv, struct results *res, const char *stub);
/* After every run: -1 with a message if a waiver matched no failure. */
int waivers_all_matched(const struct waivers *wv, char *err, size_t errlen);
void waivers_free(struct waivers *wv);

#endif

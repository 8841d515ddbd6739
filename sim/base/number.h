/*
 * Numbers as users write them (decimal or 0x-prefixed hex), parsed and
 * worded in one place, for every option and every address a user names.
 */
#ifndef HYPABI_NUMBER_H
#define HYPABI_NUMBER_H

#include <stddef.h>
#include <stdint.h>

enum number_status { NUMBER_OK, NUMBER_BAD, NUMBER_TOO_LARGE };

/* s as a number no larger than max. */
enum number_status number_parse(const char *s, uint64_t max, uint64_t *v);
/* "OPT: 'S' is not a number" / "OPT: S is larger than MAX", into buf. */
void number_error(char *buf, size_t len, const char *opt, const char *s, uint64_t max,
		  enum number_status status);

#endif

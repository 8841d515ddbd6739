#include "cli.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

const char *cli_prog = "hypabi";
void (*cli_exit)(int status) = exit;

void cli_end(int status)
{
	cli_exit(status);
	abort();	/* cli_exit returned: a broken hook */
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_end(EXIT_USAGE);
}

uint64_t cli_u64(const char *opt, const char *s, uint64_t max)
{
	enum number_status status;
	char msg[256];
	uint64_t v = 0;

	status = number_parse(s, max, &v);
	if (status != NUMBER_OK) {
		number_error(msg, sizeof(msg), opt, s, max, status);
		cli_error("%s", msg);
	}
	return v;
}

static struct placement placement_of(const struct stub_args *a)
{
	struct placement p = {
		.path = a->path, .arch = a->arch, .vectors = a->vectors,
		.initial_vectors = a->initial_vectors, .initial_is_own = a->role == ROLE_INITIAL,
		.max_size = a->max_size,
	};

	if (a->load) {
		p.has_load = true;
		p.load = cli_u64("--load", a->load, UINT64_MAX);
	}
	return p;
}

void stub_open(const struct stub_args *a, struct placed_stub *st)
{
	struct placement p = placement_of(a);
	char err[512];

	if (stub_place(&p, a->scanning, st, err, sizeof(err)))
		cli_error("%s", err);
}

void stub_take_vectors(struct placed_stub *st, const struct stub_args *a, uint64_t vectors)
{
	struct placement p = placement_of(a);
	char err[512];

	if (stub_set_vectors(st, &p, vectors, err, sizeof(err)))
		cli_error("%s", err);
}

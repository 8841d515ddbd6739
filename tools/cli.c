#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

const char *cli_prog = "hypabi";
void (*cli_exit)(int status) = exit;

void cli_end(int status)
{
	cli_exit(status);
	abort();	/* cli_exit returned: a broken hook */
}

/* Well-known vector symbols, tried in order when --vectors is absent. */
static const char *const vector_symbols[] = {
	"__hyp_stub_vectors", "hyp_stub_vectors", "__stub_vectors", "vectors",
};

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
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		cli_error("%s: '%s' is not a number", opt, s ? s : "");
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		cli_error("%s: '%s' is not a number", opt, s);
	if (v > max)
		cli_error("%s: %s is larger than %" PRIu64, opt, s, max);
	return v;
}

static bool looks_numeric(const char *s)
{
	return s[0] >= '0' && s[0] <= '9';
}

static uint64_t resolve_addr(const char *opt, const char *s, const struct stub_image *img)
{
	uint64_t v;

	if (s[0] == '+') {
		v = cli_u64(opt, s + 1, UINT64_MAX);
		if (v >= image_high(img) - image_low(img))
			cli_error("%s %s: past the end of '%s' (0x%" PRIx64 " bytes)", opt, s,
				  img->path, image_high(img) - image_low(img));
		return image_low(img) + v;
	}
	if (looks_numeric(s))
		return cli_u64(opt, s, UINT64_MAX);
	if (img->format != IMAGE_ELF)
		cli_error("%s: symbol '%s' needs an ELF stub; '%s' is a raw blob, give an "
			  "address", opt, s, img->path);
	if (!image_lookup(img, s, &v))
		cli_error("%s: no symbol '%s' in '%s'", opt, s, img->path);
	return v;
}

static uint64_t default_vectors(const struct stub_image *img)
{
	uint64_t v;

	if (img->format == IMAGE_RAW)
		return img->entry;
	if (img->format != IMAGE_ELF)
		cli_error("'%s' (%s) may hold several stubs: name one with --vectors +OFFSET "
			  "(see 'hypabi scan'), or check them all with --scan", img->path,
			  image_format_name(img->format));
	for (size_t i = 0; i < sizeof(vector_symbols) / sizeof(vector_symbols[0]); i++)
		if (image_lookup(img, vector_symbols[i], &v))
			return v;
	cli_error("'%s' has no well-known vector symbol (__hyp_stub_vectors, "
		  "hyp_stub_vectors, ...); name one with --vectors", img->path);
}

static void check_placement(const struct stub_image *img, const struct arch_ops *arch,
			    const char *load_opt)
{
	uint64_t lo = image_low(img), hi = image_high(img);
	const char *what = load_opt ? "--load" : "its segments";

	if (hi > arch->addr_limit)
		cli_error("'%s' at 0x%" PRIx64 "-0x%" PRIx64 " (%s) reaches past 0x%" PRIx64
			  ", the end of what hypabi maps on %s", img->path, lo, hi, what,
			  arch->addr_limit, arch->name);
	if (lo < HARNESS_BASE + HARNESS_SIZE && hi > HARNESS_BASE)
		cli_error("'%s' at 0x%" PRIx64 "-0x%" PRIx64 " (%s) overlaps hypabi's own "
			  "region 0x%x-0x%x", img->path, lo, hi, what, HARNESS_BASE,
			  HARNESS_BASE + HARNESS_SIZE);
	if (lo % arch->insn_align)
		cli_error("%s 0x%" PRIx64 " is not %u-byte aligned", what, lo, arch->insn_align);
}

static void check_vectors(const char *opt, uint64_t v, const struct stub_image *img,
			  const struct arch_ops *arch)
{
	if (v % arch->vector_align)
		cli_error("%s 0x%" PRIx64 " is not %u-byte aligned, as %s requires of a "
			  "vector base", opt, v, arch->vector_align, arch->name);
	if (!image_contains(img, v, 1))
		cli_error("%s 0x%" PRIx64 " is outside '%s' (0x%" PRIx64 "-0x%" PRIx64 ")",
			  opt, v, img->path, image_low(img), image_high(img));
	if (!image_contains(img, v + arch->hvc_vector, arch->insn_align))
		cli_error("%s 0x%" PRIx64 ": the entry a lower-EL hvc takes, at +0x%x, is "
			  "past the end of '%s' (0x%" PRIx64 ")", opt, v, arch->hvc_vector,
			  img->path, image_high(img));
}

void stub_open(const struct stub_args *a, struct stub *st)
{
	struct load_options lo = { .load_addr = DEFAULT_LOAD_ADDR, .max_size = a->max_size };
	struct stub_image *img = &st->img;
	const char *vectors = a->vectors;
	char err[512];

	memset(st, 0, sizeof(*st));
	if (a->arch && !arch_by_name(a->arch))
		cli_error("--arch: unknown architecture '%s' (arm64 or arm)", a->arch);
	if (a->load)
		lo.load_addr = cli_u64("--load", a->load, UINT64_MAX);
	if (image_load(a->path, &lo, img, err, sizeof(err)))
		cli_error("%s", err);
	if (img->format == IMAGE_ELF && a->load)
		cli_error("--load applies to raw blobs; '%s' is an ELF executable placed by "
			  "its own program headers", a->path);
	if (img->arch && a->arch && strcmp(img->arch, a->arch) != 0)
		cli_error("--arch %s contradicts '%s', an ELF file for %s", a->arch, a->path,
			  img->arch);
	st->arch = arch_by_name(img->arch ? img->arch : a->arch ? a->arch : "arm64");
	if (vectors && strncmp(vectors, PAYLOAD_PREFIX, strlen(PAYLOAD_PREFIX)) == 0) {
		if (!img->has_payload)
			cli_error("--vectors %s: '%s' has no compressed kernel behind it", vectors,
				  a->path);
		image_select_payload(img);
		vectors += strlen(PAYLOAD_PREFIX) - 1;	/* "+OFFSET" in the payload */
	}
	check_placement(img, st->arch, a->load);

	if (a->scanning)
		return;
	stub_set_vectors(st, a, vectors ? resolve_addr("--vectors", vectors, img)
					: default_vectors(img));
}

void stub_set_vectors(struct stub *st, const struct stub_args *a, uint64_t vectors)
{
	struct stub_image *img = &st->img;

	st->vectors = vectors;
	check_vectors("--vectors", st->vectors, img, st->arch);
	st->initial_vectors_known = false;
	st->initial_vectors_why = NULL;
	if (a->initial_vectors) {
		st->initial_vectors = resolve_addr("--initial-vectors", a->initial_vectors, img);
		st->initial_vectors_known = true;
	} else if (a->role == ROLE_INITIAL) {
		st->initial_vectors = st->vectors;
		st->initial_vectors_known = true;
	} else if (img->format == IMAGE_ELF &&
		   image_lookup(img, "__hyp_stub_vectors", &st->initial_vectors) &&
		   st->initial_vectors != st->vectors) {
		st->initial_vectors_known = true;
	} else {
		st->initial_vectors_why = "the initial stub's vectors are unknown: "
					  "give --initial-vectors";
	}
}

void stub_close(struct stub *st)
{
	image_free(&st->img);
}

#include "placement.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "number.h"

/* Well-known vector symbols, tried in order when --vectors is absent. */
static const char *const vector_symbols[] = {
	"__hyp_stub_vectors", "hyp_stub_vectors", "__stub_vectors", "vectors",
};

static bool looks_numeric(const char *s)
{
	return s[0] >= '0' && s[0] <= '9';
}

static int number(const char *opt, const char *s, uint64_t *v, char *err, size_t errlen)
{
	enum number_status status = number_parse(s, UINT64_MAX, v);

	if (status == NUMBER_OK)
		return 0;
	number_error(err, errlen, opt, s, UINT64_MAX, status);
	return -1;
}

/* ADDR, +OFFSET (from the start of the image) or an ELF symbol. */
static int resolve_addr(const char *opt, const char *s, const struct stub_image *img,
			uint64_t *v, char *err, size_t errlen)
{
	uint64_t size = image_high(img) - image_low(img);

	if (s[0] == '+') {
		if (number(opt, s + 1, v, err, errlen))
			return -1;
		if (*v >= size)
			return image_fail(err, errlen, "%s %s: past the end of '%s' (0x%" PRIx64
					  " bytes)", opt, s, img->path, size);
		*v += image_low(img);
		return 0;
	}
	if (looks_numeric(s))
		return number(opt, s, v, err, errlen);
	if (!image_has_symbols(img))
		return image_fail(err, errlen, "%s: symbol '%s' needs an ELF stub; '%s' is a "
				  "raw blob, give an address", opt, s, img->path);
	if (!image_lookup(img, s, v))
		return image_fail(err, errlen, "%s: no symbol '%s' in '%s'", opt, s, img->path);
	return 0;
}

static int default_vectors(const struct stub_image *img, uint64_t *v, char *err, size_t errlen)
{
	if (img->format == IMAGE_RAW) {
		*v = img->entry;
		return 0;
	}
	if (!image_has_symbols(img))
		return image_fail(err, errlen, "'%s' (%s) may hold several stubs: name one with "
				  "--vectors +OFFSET (see 'hypabi scan'), or check them all with "
				  "--scan", img->path, image_format_name(img->format));
	for (size_t i = 0; i < sizeof(vector_symbols) / sizeof(vector_symbols[0]); i++)
		if (image_lookup(img, vector_symbols[i], v))
			return 0;
	return image_fail(err, errlen, "'%s' has no well-known vector symbol "
			  "(__hyp_stub_vectors, hyp_stub_vectors, ...); name one with --vectors",
			  img->path);
}

static int check_placement(const struct placed_stub *st, bool has_load, char *err,
			   size_t errlen)
{
	uint64_t lo = image_low(&st->img), hi = image_high(&st->img);
	const char *what = has_load ? "--load" : "its segments";

	if (hi > st->arch->addr_limit)
		return image_fail(err, errlen, "'%s' at 0x%" PRIx64 "-0x%" PRIx64 " (%s) reaches "
				  "past 0x%" PRIx64 ", the end of what hypabi maps on %s",
				  st->img.path, lo, hi, what, st->arch->addr_limit, st->arch->name);
	if (lo < HARNESS_BASE + HARNESS_SIZE && hi > HARNESS_BASE)
		return image_fail(err, errlen, "'%s' at 0x%" PRIx64 "-0x%" PRIx64 " (%s) overlaps "
				  "hypabi's own region 0x%x-0x%x", st->img.path, lo, hi, what,
				  HARNESS_BASE, HARNESS_BASE + HARNESS_SIZE);
	if (lo % st->arch->insn_align)
		return image_fail(err, errlen, "%s 0x%" PRIx64 " is not %u-byte aligned", what, lo,
				  st->arch->insn_align);
	return 0;
}

static int check_vectors(const char *opt, uint64_t v, const struct placed_stub *st, char *err,
			 size_t errlen)
{
	const struct stub_image *img = &st->img;
	const struct arch_desc *arch = st->arch;

	if (v % arch->vector_align)
		return image_fail(err, errlen, "%s 0x%" PRIx64 " is not %u-byte aligned, as %s "
				  "requires of a vector base", opt, v, arch->vector_align,
				  arch->name);
	if (!image_contains(img, v, 1))
		return image_fail(err, errlen, "%s 0x%" PRIx64 " is outside '%s' (0x%" PRIx64
				  "-0x%" PRIx64 ")", opt, v, img->path, image_low(img),
				  image_high(img));
	if (!image_contains(img, v + arch->hvc_vector, arch->insn_align))
		return image_fail(err, errlen, "%s 0x%" PRIx64 ": the entry a lower-EL hvc takes, "
				  "at +0x%x, is past the end of '%s' (0x%" PRIx64 ")", opt, v,
				  arch->hvc_vector, img->path, image_high(img));
	return 0;
}

/* The architecture: the file's own, else --arch, else the default; a contradiction is an error. */
static int choose_arch(const struct placement *p, struct placed_stub *st, char *err,
		       size_t errlen)
{
	const struct arch_desc *named = NULL;

	if (p->arch && !(named = arch_by_name(p->arch)))
		return image_fail(err, errlen, "--arch: unknown architecture '%s' (%s)", p->arch,
				  arch_names());
	if (st->img.arch && named && named != st->img.arch)
		return image_fail(err, errlen, "--arch %s contradicts '%s', an ELF file for %s",
				  p->arch, p->path, st->img.arch->name);
	st->arch = st->img.arch ? st->img.arch : named ? named : arch_default();
	return 0;
}

int stub_place(const struct placement *p, bool vectors_later, struct placed_stub *st,
	       char *err, size_t errlen)
{
	struct load_options lo = {
		.load_addr = p->has_load ? p->load : DEFAULT_LOAD_ADDR,
		.max_size = p->max_size,
	};
	const char *vectors = p->vectors;
	uint64_t v;

	memset(st, 0, sizeof(*st));
	if (p->arch && !arch_by_name(p->arch))
		return image_fail(err, errlen, "--arch: unknown architecture '%s' (%s)", p->arch,
				  arch_names());
	if (image_load(p->path, &lo, &st->img, err, errlen))
		return -1;
	if (st->img.format == IMAGE_ELF && p->has_load)
		return image_fail(err, errlen, "--load applies to raw blobs; '%s' is an ELF "
				  "executable placed by its own program headers", p->path);
	if (choose_arch(p, st, err, errlen))
		return -1;
	if (vectors && strncmp(vectors, PAYLOAD_PREFIX, strlen(PAYLOAD_PREFIX)) == 0) {
		if (!st->img.has_payload)
			return image_fail(err, errlen, "--vectors %s: '%s' has no compressed kernel "
					  "behind it", vectors, p->path);
		image_select_payload(&st->img);
		st->in_payload = true;
		vectors += strlen(PAYLOAD_PREFIX) - 1;	/* "+OFFSET" in the payload */
	}
	if (check_placement(st, p->has_load, err, errlen))
		return -1;
	if (vectors_later)
		return 0;
	if (vectors ? resolve_addr("--vectors", vectors, &st->img, &v, err, errlen)
		    : default_vectors(&st->img, &v, err, errlen))
		return -1;
	return stub_set_vectors(st, p, v, err, errlen);
}

int stub_set_vectors(struct placed_stub *st, const struct placement *p, uint64_t vectors,
		     char *err, size_t errlen)
{
	struct stub_image *img = &st->img;

	st->vectors = vectors;
	if (check_vectors("--vectors", vectors, st, err, errlen))
		return -1;
	st->initial_vectors_known = false;
	st->initial_vectors_why = NULL;
	if (p->initial_vectors) {
		if (resolve_addr("--initial-vectors", p->initial_vectors, img, &st->initial_vectors,
				 err, errlen))
			return -1;
		st->initial_vectors_known = true;
	} else if (p->initial_is_own) {
		st->initial_vectors = vectors;
		st->initial_vectors_known = true;
	} else if (image_has_symbols(img) &&
		   image_lookup(img, "__hyp_stub_vectors", &st->initial_vectors) &&
		   st->initial_vectors != vectors) {
		st->initial_vectors_known = true;
	} else {
		st->initial_vectors_why = "the initial stub's vectors are unknown: "
					  "give --initial-vectors";
	}
	return 0;
}

void placed_stub_free(struct placed_stub *st)
{
	image_free(&st->img);
}

void stub_selector(const struct placed_stub *st, char *buf, size_t len)
{
	snprintf(buf, len, "%s+0x%" PRIx64, st->in_payload ? "payload" : "",
		 st->vectors - image_low(&st->img));
}

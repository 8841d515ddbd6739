/*
 * A Linux vmlinux: the kernel as linked, an ELF whose segments sit at the
 * kernel's virtual addresses (with or without physical ones). hypabi
 * places it where a boot loader puts the kernel built from it, so that
 * +OFFSET names the same stub as in the Image: _text at the RAM base
 * (--load) + text_offset, as the arch says (arch.h, struct
 * kernel_placement), and every segment and symbol moved with it.
 */
#include <inttypes.h>
#include <stdio.h>

#include "image.h"

/* The segment holding addr, or NULL. */
static const struct segment *segment_at(const struct stub_image *img, uint64_t addr)
{
	for (unsigned int i = 0; i < img->nseg; i++)
		if (addr >= img->seg[i].addr && addr - img->seg[i].addr < img->seg[i].size)
			return &img->seg[i];
	return NULL;
}

/* Where _text goes: the RAM base from --load, + text_offset. */
static int text_address(const char *path, const struct load_options *opt,
			const struct stub_image *img, uint64_t text, uint64_t *to,
			char *err, size_t errlen)
{
	const struct kernel_placement *k = &img->arch->kernel;
	const struct segment *s = segment_at(img, text);
	uint64_t base = opt->load_addr, offset = k->text_offset;

	if (!s)
		return image_fail(err, errlen, "'%s': _text (0x%" PRIx64 ") is in no loadable "
				  "segment", path, text);
	if (base % k->base_align) {
		if (k->base_must_align)
			return image_fail(err, errlen, "--load 0x%" PRIx64 " is not aligned to 0x%"
					  PRIx64 ", as the base of a %s kernel must be", base,
					  k->base_align, img->arch->name);
		base -= base % k->base_align;
	}
	if (k->image_header &&
	    !image_arm64_text_offset(path, s->data + (text - s->addr), s->size - (text - s->addr),
				     &offset, err, errlen))
		return -1;
	*to = base + offset;
	return 0;
}

int image_place_vmlinux(const char *path, const struct load_options *opt,
			struct stub_image *img, uint64_t text, char *err, size_t errlen)
{
	uint64_t to = 0, delta, low = image_low(img), high = image_high(img);

	if (text_address(path, opt, img, text, &to, err, errlen))
		return -1;
	delta = to - text;	/* modulo 2^64: the kernel's addresses sit high */
	for (unsigned int i = 0; i < img->nseg; i++) {
		struct segment *s = &img->seg[i];

		s->addr += delta;
		if (s->addr + s->size < s->addr || s->addr + s->size > img->arch->addr_limit)
			return image_fail(err, errlen, "'%s': placed with _text at 0x%" PRIx64 ", its "
					  "segment %u would end past 0x%" PRIx64, path, to, i,
					  img->arch->addr_limit);
	}
	/* Symbols of the kernel's image move with it; absolute ones stay. */
	for (unsigned int i = 0; i < img->nsym; i++)
		if (!img->sym[i].absolute)
			img->sym[i].value += delta;
	if (img->entry >= low && img->entry < high)
		img->entry += delta;
	img->format = IMAGE_VMLINUX;
	return 0;
}

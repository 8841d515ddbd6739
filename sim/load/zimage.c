/*
 * Linux arm zImage files: a position-independent decompressor with the
 * compressed kernel proper inside it. The header (arch/arm/boot/compressed/
 * head.S) has the magic at 0x24 and the start and end addresses after it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decompress.h"
#include "image.h"
#include "le.h"

#define ZIMAGE_MAGIC		0x016f2818u
#define ZIMAGE_HDR_MAGIC	0x24
#define ZIMAGE_HDR_START	0x28
#define ZIMAGE_HDR_END		0x2c
#define ZIMAGE_HDR_SIZE		0x30
/* The decompressor writes the kernel at the RAM base (128 MiB aligned) + TEXT_OFFSET. */
#define ZIMAGE_RAM_ALIGN	(UINT64_C(128) << 20)
#define ZIMAGE_TEXT_OFFSET	0x8000

bool image_is_zimage(const uint8_t *buf, size_t len)
{
	return len >= ZIMAGE_HDR_SIZE && le32_get(buf + ZIMAGE_HDR_MAGIC) == ZIMAGE_MAGIC;
}

int image_load_zimage(const char *path, const uint8_t *buf, size_t len,
		      const struct load_options *opt, struct stub_image *img,
		      char *err, size_t errlen)
{
	uint32_t start = le32_get(buf + ZIMAGE_HDR_START), end = le32_get(buf + ZIMAGE_HDR_END);
	uint64_t size = (uint64_t)end - start;
	enum payload_format format;
	char why[256];
	uint8_t *kernel;
	size_t klen, off;

	if (start >= end)
		return image_fail(err, errlen, "'%s': zImage header has start 0x%x at or past end 0x%x",
			    path, start, end);
	if (size > len)
		return image_fail(err, errlen, "'%s': zImage header says %" PRIu64 " bytes, the file has "
			    "%zu (truncated?)", path, size, len);
	if (opt->load_addr % 4)
		return image_fail(err, errlen, "--load 0x%" PRIx64 " is not 4-byte aligned",
			    opt->load_addr);
	if (decompress_first(buf, (size_t)size, opt->max_size, &kernel, &klen, &format, &off,
			     why, sizeof(why)))
		return image_fail(err, errlen, "'%s': %s", path, why);

	img->format = IMAGE_ZIMAGE;
	img->arch = &aarch32_desc;	/* the format is arm's own */
	img->seg[0].addr = opt->load_addr;
	img->seg[0].size = size;
	img->seg[0].data = malloc((size_t)size);
	if (!img->seg[0].data) {
		free(kernel);
		return image_fail(err, errlen, "'%s': out of memory", path);
	}
	memcpy(img->seg[0].data, buf, (size_t)size);
	img->nseg = 1;
	img->entry = opt->load_addr;
	img->has_payload = true;
	img->payload.seg.addr = (opt->load_addr & ~(ZIMAGE_RAM_ALIGN - 1)) + ZIMAGE_TEXT_OFFSET;
	img->payload.seg.size = klen;
	img->payload.seg.data = kernel;
	img->payload.format = payload_format_name(format);
	img->payload.file_offset = off;
	return 0;
}

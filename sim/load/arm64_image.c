/*
 * Linux arm64 Image files (Documentation/arm64/booting.rst): a 64-byte
 * header, then the kernel, placed at a 2 MiB-aligned base + text_offset.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "le.h"

#define ARM64_IMAGE_MAGIC	0x644d5241u	/* "ARM\x64" */
#define ARM64_HDR_TEXT_OFFSET	8
#define ARM64_HDR_IMAGE_SIZE	16
#define ARM64_HDR_FLAGS		24
#define ARM64_HDR_MAGIC		56
#define ARM64_HDR_SIZE		64
#define ARM64_FLAG_BE		(1u << 0)
#define ARM64_BASE_ALIGN	(UINT64_C(2) << 20)
/* Images before v3.17 leave image_size 0 and mean text_offset 0x80000. */
#define ARM64_LEGACY_TEXT_OFFSET 0x80000
#define ARM64_MAX_TEXT_OFFSET	(UINT64_C(1) << 30)

bool image_is_arm64(const uint8_t *buf, size_t len)
{
	uint32_t magic;

	if (len < ARM64_HDR_SIZE)
		return false;
	memcpy(&magic, buf + ARM64_HDR_MAGIC, sizeof(magic));
	return magic == ARM64_IMAGE_MAGIC;
}

/* The header's text_offset, and its checks common to an Image and a vmlinux. */
bool image_arm64_text_offset(const char *path, const uint8_t *buf, size_t len,
			     uint64_t *text_offset, char *err, size_t errlen)
{
	if (!image_is_arm64(buf, len)) {
		image_fail(err, errlen, "'%s': no arm64 Image header at _text", path);
		return false;
	}
	*text_offset = le64_get(buf + ARM64_HDR_TEXT_OFFSET);
	if (le64_get(buf + ARM64_HDR_IMAGE_SIZE) == 0)
		*text_offset = ARM64_LEGACY_TEXT_OFFSET;
	if (le64_get(buf + ARM64_HDR_FLAGS) & ARM64_FLAG_BE) {
		image_fail(err, errlen, "'%s' is a big-endian arm64 kernel; hypabi emulates "
			   "little-endian cores", path);
		return false;
	}
	if (*text_offset % 4096 || *text_offset > ARM64_MAX_TEXT_OFFSET) {
		image_fail(err, errlen, "'%s': Image header has an absurd text_offset 0x%" PRIx64,
			   path, *text_offset);
		return false;
	}
	return true;
}

int image_load_arm64(const char *path, const uint8_t *buf, size_t len,
		     const struct load_options *opt, struct stub_image *img,
		     char *err, size_t errlen)
{
	uint64_t text_offset;
	uint64_t size = le64_get(buf + ARM64_HDR_IMAGE_SIZE);

	if (!image_arm64_text_offset(path, buf, len, &text_offset, err, errlen))
		return -1;
	if (size == 0)
		size = len;
	if (size < len)
		return image_fail(err, errlen, "'%s': Image header says image_size 0x%" PRIx64
			    ", less than the file's %zu bytes", path, size, len);
	if (size > opt->max_size)
		return image_fail(err, errlen, "'%s': Image header asks for 0x%" PRIx64 " bytes, more "
			    "than the %" PRIu64 "-byte limit on an image", path, size,
			    opt->max_size);
	if (opt->load_addr % ARM64_BASE_ALIGN)
		return image_fail(err, errlen, "--load 0x%" PRIx64 " is not 2 MiB aligned, as an arm64 "
			    "Image's base must be (booting.rst)", opt->load_addr);
	if (opt->load_addr + text_offset + size < opt->load_addr)
		return image_fail(err, errlen, "'%s' does not fit at --load 0x%" PRIx64, path,
			    opt->load_addr);
	img->format = IMAGE_ARM64;
	img->arch = &aarch64_desc;	/* the format is arm64's own */
	img->seg[0].addr = opt->load_addr + text_offset;
	if (image_segment_fill(img, &img->seg[0], buf, len, size))
		return image_fail(err, errlen, "'%s': out of memory", path);
	img->nseg = 1;
	img->entry = img->seg[0].addr;
	return 0;
}

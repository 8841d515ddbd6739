/* The kernel's version banner in a loaded image (banner.h says what counts as one). */
#include "banner.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "find_bytes.h"

/* How far the line is read to find the distribution's version in it. */
#define BANNER_SCAN_MAX		1024

static bool is_digit(uint8_t c)
{
	return c >= '0' && c <= '9';
}

static bool is_print(uint8_t c)
{
	return c >= 0x20 && c < 0x7f;
}

/*
 * A decimal number of 1 to BANNER_DIGITS_MAX digits at p[*i], p[0, len):
 * true with *i past it. More digits than that are not a version number.
 */
static bool number(const uint8_t *p, size_t len, size_t *i, unsigned int *val)
{
	size_t n = 0;
	unsigned int v = 0;

	while (*i + n < len && is_digit(p[*i + n])) {
		if (++n > BANNER_DIGITS_MAX)
			return false;
		v = v * 10 + (unsigned int)(p[*i + n - 1] - '0');
	}
	if (n == 0)
		return false;
	*i += n;
	*val = v;
	return true;
}

/* "X.Y" or "X.Y.Z" at p[*i]: true with the numbers and *i past them. */
static bool version_numbers(const uint8_t *p, size_t len, size_t *i, unsigned int v[3],
			    bool *has_patch)
{
	size_t j = *i;

	if (!number(p, len, &j, &v[0]) || j >= len || p[j] != '.')
		return false;
	j++;
	if (!number(p, len, &j, &v[1]))
		return false;
	*has_patch = false;
	v[2] = 0;
	if (j + 1 < len && p[j] == '.' && is_digit(p[j + 1])) {
		size_t k = j + 1;

		if (!number(p, len, &k, &v[2]))
			return false;
		j = k;
		*has_patch = true;
	}
	*i = j;
	return true;
}

/*
 * Debian's release names the ABI ("6.1.0-50-arm64"), and its version
 * string, after the build number, the upstream version: "#1 SMP Debian
 * 6.1.176-1 (2026-07-02)". Z of "Debian X.Y.Z" there, for the same X.Y.
 */
static bool distro_patch(const uint8_t *line, size_t len, unsigned int major,
			 unsigned int minor, unsigned int *patch)
{
	static const char tag[] = " Debian ";
	const size_t tlen = sizeof(tag) - 1;
	size_t from = 0;

	/* UTS_VERSION starts with '#'; the compiler's "(Debian 12.2.0-14)" comes before it. */
	for (size_t i = 0; i + 1 < len; i++)
		if (line[i] == ' ' && line[i + 1] == '#')
			from = i + 1;
	if (from == 0)
		return false;
	for (size_t i = from; i + tlen <= len; i++) {
		unsigned int v[3];
		bool has_patch;
		size_t j = i + tlen;

		if (memcmp(line + i, tag, tlen) != 0)
			continue;
		if (version_numbers(line, len, &j, v, &has_patch) && has_patch &&
		    v[0] == major && v[1] == minor) {
			*patch = v[2];
			return true;
		}
	}
	return false;
}

/* Is data[pos, len) a banner ("Linux version " already matched)? Fill b if so. */
static bool banner_at(const uint8_t *data, size_t len, size_t pos, struct linux_banner *b)
{
	const size_t plen = strlen(BANNER_PREFIX);
	size_t end = pos, i = pos + plen, rel = 0;
	unsigned int v[3], patch;
	bool has_patch;

	if (!version_numbers(data, len, &i, v, &has_patch))
		return false;
	/* The line: printable bytes up to the newline (or NUL, or the end of the data). */
	while (end < len && end - pos < BANNER_SCAN_MAX && is_print(data[end]))
		end++;

	memset(b, 0, sizeof(*b));
	b->found = true;
	b->major = v[0];
	b->minor = v[1];
	b->patch = v[2];
	b->has_patch = has_patch;
	for (i = pos + plen; i < end && data[i] != ' ' && rel < BANNER_RELEASE_MAX - 1; i++)
		b->release[rel++] = (char)data[i];
	b->release[rel] = '\0';
	if ((!has_patch || v[2] == 0) &&
	    distro_patch(data + pos, end - pos, v[0], v[1], &patch) &&
	    (!has_patch || patch != v[2])) {
		b->patch = patch;
		b->has_patch = true;
		b->patch_from_distro = true;
	}
	snprintf(b->line, sizeof(b->line), "%.*s",
		 (int)(end - pos < BANNER_LINE_MAX - 1 ? end - pos : BANNER_LINE_MAX - 1),
		 (const char *)data + pos);
	if (b->has_patch)
		snprintf(b->version, sizeof(b->version), "%u.%u.%u", b->major, b->minor, b->patch);
	else
		snprintf(b->version, sizeof(b->version), "%u.%u", b->major, b->minor);
	return true;
}

bool banner_find(const uint8_t *data, size_t len, struct linux_banner *b, size_t *offset)
{
	const size_t plen = strlen(BANNER_PREFIX);
	size_t from = 0;

	memset(b, 0, sizeof(*b));
	if (!data)
		return false;
	while (from < len) {
		const uint8_t *p = find_bytes(data + from, len - from, BANNER_PREFIX, plen);
		size_t pos;

		if (!p)
			break;
		pos = (size_t)(p - data);
		if (banner_at(data, len, pos, b)) {
			*offset = pos;
			return true;
		}
		from = pos + 1;
	}
	memset(b, 0, sizeof(*b));
	return false;
}

/* Look in one segment; where: "PREFIX0x..." of base + the offset found. */
static bool find_in(const struct segment *s, uint64_t base, const char *prefix,
		    bool in_payload, struct linux_banner *b)
{
	size_t off;

	if (!banner_find(s->data, (size_t)s->size, b, &off))
		return false;
	b->in_payload = in_payload;
	b->at = base + off;
	snprintf(b->where, sizeof(b->where), "%s0x%" PRIx64, prefix, b->at);
	return true;
}

bool image_find_banner(const struct stub_image *img, struct linux_banner *b)
{
	memset(b, 0, sizeof(*b));
	switch (img->format) {
	case IMAGE_ZIMAGE:
		/* The kernel proper; after image_select_payload it is the image itself. */
		if (img->has_payload)
			return find_in(&img->payload.seg, 0, "payload+", true, b);
		return img->nseg && find_in(&img->seg[0], 0, "payload+", true, b);
	case IMAGE_ELF:
		for (unsigned int i = 0; i < img->nseg; i++)
			if (find_in(&img->seg[i], img->seg[i].addr, "", false, b))
				return true;
		return false;
	case IMAGE_VMLINUX:	/* +OFFSET from _text's segment on, as in the Image */
		for (unsigned int i = 0; i < img->nseg; i++)
			if (find_in(&img->seg[i], img->seg[i].addr - image_low(img), "+", false, b))
				return true;
		return false;
	default:	/* raw, arm64 Image: segment 0 starts with the file's bytes */
		return img->nseg && find_in(&img->seg[0], 0, "+", false, b);
	}
}

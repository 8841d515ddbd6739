#include "decompress.h"

#include <inttypes.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define CHUNK	(1u << 20)

const char *payload_format_name(enum payload_format f)
{
	switch (f) {
	case PAYLOAD_GZIP: return "gzip";
	case PAYLOAD_XZ:   return "xz";
	case PAYLOAD_LZMA: return "lzma";
	case PAYLOAD_LZO:  return "lzo";
	case PAYLOAD_LZ4:  return "lz4";
	case PAYLOAD_ZSTD: return "zstd";
	default:	   return "none";
	}
}

/* Grow *out to hold at least need bytes, never past max. */
static int grow(uint8_t **out, size_t *cap, size_t need, uint64_t max)
{
	size_t n = *cap ? *cap : CHUNK;
	uint8_t *p;

	if (need > max)
		return -1;
	while (n < need)
		n *= 2;
	if (n > max)
		n = (size_t)max;
	p = realloc(*out, n);
	if (!p)
		return -1;
	*out = p;
	*cap = n;
	return 0;
}

static int gunzip(const uint8_t *in, size_t len, uint64_t max, uint8_t **out, size_t *outlen)
{
	z_stream z = { 0 };
	size_t cap = 0;
	int rc;

	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return -1;
	z.next_in = (Bytef *)in;
	z.avail_in = len > UINT32_MAX ? UINT32_MAX : (uInt)len;
	do {
		if (z.total_out == cap && grow(out, &cap, cap + CHUNK, max)) {
			inflateEnd(&z);
			return -2;
		}
		z.next_out = *out + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		rc = inflate(&z, Z_NO_FLUSH);
	} while (rc == Z_OK);
	*outlen = z.total_out;
	inflateEnd(&z);
	return rc == Z_STREAM_END ? 0 : -1;
}

static int unxz(const uint8_t *in, size_t len, uint64_t max, uint8_t **out, size_t *outlen)
{
	lzma_stream s = LZMA_STREAM_INIT;
	size_t cap = 0;
	lzma_ret rc;

	/* The kernel's xz uses CRC32 and BCJ filters; the stream decoder handles both. */
	if (lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK)
		return -1;
	s.next_in = in;
	s.avail_in = len;
	do {
		if (s.total_out == cap && grow(out, &cap, cap + CHUNK, max)) {
			lzma_end(&s);
			return -2;
		}
		s.next_out = *out + s.total_out;
		s.avail_out = cap - s.total_out;
		rc = lzma_code(&s, LZMA_RUN);
	} while (rc == LZMA_OK);
	*outlen = s.total_out;
	lzma_end(&s);
	return rc == LZMA_STREAM_END ? 0 : -1;
}

struct magic {
	enum payload_format format;
	const uint8_t *bytes;
	size_t len;
};

static const struct magic magics[] = {
	{ PAYLOAD_GZIP, (const uint8_t *)"\x1f\x8b\x08", 3 },
	{ PAYLOAD_XZ, (const uint8_t *)"\xfd" "7zXZ\x00", 6 },
	{ PAYLOAD_ZSTD, (const uint8_t *)"\x28\xb5\x2f\xfd", 4 },
	{ PAYLOAD_LZ4, (const uint8_t *)"\x02\x21\x4c\x18", 4 },
	{ PAYLOAD_LZO, (const uint8_t *)"\x89LZO\x00", 5 },
};

int decompress_first(const uint8_t *buf, size_t len, uint64_t max, uint8_t **out,
		     size_t *outlen, enum payload_format *format, size_t *offset,
		     char *err, size_t errlen)
{
	enum payload_format unreadable = PAYLOAD_NONE;
	const char *why = NULL;

	*out = NULL;
	for (size_t off = 0; off + 6 <= len; off++) {
		for (size_t k = 0; k < sizeof(magics) / sizeof(magics[0]); k++) {
			const struct magic *m = &magics[k];
			int rc;

			if (memcmp(buf + off, m->bytes, m->len) != 0)
				continue;
			if (m->format != PAYLOAD_GZIP && m->format != PAYLOAD_XZ) {
				if (unreadable == PAYLOAD_NONE)
					unreadable = m->format;
				continue;
			}
			rc = m->format == PAYLOAD_GZIP
				     ? gunzip(buf + off, len - off, max, out, outlen)
				     : unxz(buf + off, len - off, max, out, outlen);
			if (rc == 0) {
				*format = m->format;
				*offset = off;
				return 0;
			}
			free(*out);
			*out = NULL;
			if (rc == -2) {
				snprintf(err, errlen, "its %s payload at offset 0x%zx decompresses to "
					 "more than %" PRIu64 " bytes", payload_format_name(m->format),
					 off, max);
				return -1;
			}
			/* A magic by chance inside other data: keep looking, remember it. */
			why = payload_format_name(m->format);
		}
	}
	if (unreadable != PAYLOAD_NONE)
		snprintf(err, errlen, "its payload looks %s-compressed; hypabi reads gzip and xz "
			 "only", payload_format_name(unreadable));
	else if (why)
		snprintf(err, errlen, "its %s payload does not decompress (corrupt or truncated)",
			 why);
	else
		snprintf(err, errlen, "no gzip or xz payload found");
	return -1;
}

/* The compressed payloads of Linux kernel images: gzip through zlib, xz through liblzma. */
#ifndef HYPABI_DECOMPRESS_H
#define HYPABI_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>

enum payload_format { PAYLOAD_NONE, PAYLOAD_GZIP, PAYLOAD_XZ, PAYLOAD_LZMA, PAYLOAD_LZO,
		      PAYLOAD_LZ4, PAYLOAD_ZSTD };

const char *payload_format_name(enum payload_format f);

/*
 * The first compressed stream in buf[0, len) that hypabi can read (gzip
 * or xz), decompressed to at most max bytes. Returns 0 with a malloc'd
 * buffer, or -1 with a reason in err: no stream found, a stream in a
 * format hypabi does not read (named), corrupt data, or more than max.
 */
int decompress_first(const uint8_t *buf, size_t len, uint64_t max, uint8_t **out,
		     size_t *outlen, enum payload_format *format, size_t *offset,
		     char *err, size_t errlen);

#endif

/*
 * The first place needle is in a buffer. glibc's memmem takes a kernel
 * Image's tens of megabytes at about 1.5 GB/s for a needle like "Linux
 * version "; memchr for its first byte, then a compare, about ten times
 * that (measured on Linux 7.2's arm64 Image). A needle whose first byte
 * is common in the haystack (a zero) would lose that: start it elsewhere.
 */
#ifndef HYPABI_FIND_BYTES_H
#define HYPABI_FIND_BYTES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline const uint8_t *find_bytes(const uint8_t *hay, size_t len, const void *needle,
					size_t nlen)
{
	const uint8_t *end = hay + len, *first = needle;

	if (nlen == 0)
		return hay;
	for (const uint8_t *p = hay; (size_t)(end - p) >= nlen; p++) {
		p = memchr(p, first[0], (size_t)(end - p) - nlen + 1);
		if (!p)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
	}
	return NULL;
}

#endif

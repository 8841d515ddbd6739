/*
 * Little-endian words in byte buffers (images, instructions): hypabi's
 * cores and the files it reads are little-endian, as is its host.
 */
#ifndef HYPABI_LE_H
#define HYPABI_LE_H

#include <stdint.h>
#include <string.h>

static inline uint32_t le32_get(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t le64_get(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline void le32_put(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

#endif

/*
 * The stub's image in the emulator's memory, a chunk at a time: a chunk is
 * mapped and filled the first time the core touches it (the machine's
 * unmapped-access hook), so a kernel Image of tens of megabytes costs a
 * machine only the chunks its stub runs, reads and writes; after a call
 * that wrote the image, only the chunks written are put back.
 */
#ifndef HYPABI_IMAGE_MAP_H
#define HYPABI_IMAGE_MAP_H

#include <stdbool.h>
#include <stdint.h>

#include "emu.h"
#include "image.h"

struct image_map {
	const struct stub_image *img;
	unsigned int nregions;
	struct image_region {
		uint64_t lo, hi;	/* pages the image's segments cover, merged */
		uint8_t *chunk;		/* each chunk's IMAGE_CHUNK_* flags */
	} region[IMAGE_MAX_SEGMENTS];
};

/* The image's regions, none of it mapped yet. 0, or CORE_EINTERNAL (core->errmsg says why). */
int image_map_init(struct image_map *im, struct core *core, const struct stub_image *img);
void image_map_free(struct image_map *im);

/*
 * The core touched addr: if it is the image's and not mapped yet, map its
 * chunk and fill it. 1 if it did, 0 if addr is no unmapped part of the
 * image, CORE_EINTERNAL if Unicorn failed (core->errmsg says how).
 */
int image_map_touch(struct image_map *im, struct core *core, uint64_t addr);
/* Map every chunk [addr, addr + len) meets. 0, or CORE_EINTERNAL. */
int image_map_range(struct image_map *im, struct core *core, uint64_t addr, uint64_t len);
/* The core wrote [addr, addr + len), in the image. */
void image_map_note_write(struct image_map *im, uint64_t addr, uint64_t len);
/*
 * Put the image's bytes back: in the chunks written since the last time,
 * or with all, in every chunk mapped. 0, or CORE_EINTERNAL.
 */
int image_map_restore(struct image_map *im, struct core *core, bool all);

#endif

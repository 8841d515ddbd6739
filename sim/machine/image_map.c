#include "image_map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

/*
 * Big enough that a stub's code, data and stack-sized reads take a chunk
 * or two, small enough that filling one costs little next to a call.
 */
#define IMAGE_CHUNK_SIZE	(256u * 1024u)
_Static_assert(IMAGE_CHUNK_SIZE % PAGE_SIZE == 0, "chunks are whole pages");

enum {
	IMAGE_CHUNK_MAPPED = 1,
	IMAGE_CHUNK_WRITTEN = 2,	/* since the last restore */
};

static uint64_t page_down(uint64_t a)
{
	return a & ~(uint64_t)(PAGE_SIZE - 1);
}

static uint64_t page_up(uint64_t a)
{
	return page_down(a + PAGE_SIZE - 1);
}

static uint64_t nchunks(const struct image_region *r)
{
	return (r->hi - r->lo + IMAGE_CHUNK_SIZE - 1) / IMAGE_CHUNK_SIZE;
}

int image_map_init(struct image_map *im, struct core *core, const struct stub_image *img)
{
	uint64_t lo[IMAGE_MAX_SEGMENTS], hi[IMAGE_MAX_SEGMENTS];
	unsigned int n = 0;

	memset(im, 0, sizeof(*im));
	im->img = img;
	for (unsigned int i = 0; i < img->nseg; i++) {
		uint64_t a = page_down(img->seg[i].addr);
		uint64_t b = page_up(img->seg[i].addr + img->seg[i].size);
		unsigned int j = n;

		/* insertion sort by start; segments are few */
		while (j > 0 && lo[j - 1] > a) {
			lo[j] = lo[j - 1];
			hi[j] = hi[j - 1];
			j--;
		}
		lo[j] = a;
		hi[j] = b;
		n++;
	}
	for (unsigned int i = 0; i < n;) {
		struct image_region *r = &im->region[im->nregions++];

		r->lo = lo[i];
		r->hi = hi[i];
		for (i++; i < n && lo[i] <= r->hi; i++)
			if (hi[i] > r->hi)
				r->hi = hi[i];
		r->chunk = calloc(nchunks(r), 1);
		if (!r->chunk) {
			image_map_free(im);
			snprintf(core->errmsg, sizeof(core->errmsg),
				 "out of memory for the image's map (%u regions)", n);
			return core->error = CORE_EINTERNAL;
		}
	}
	return 0;
}

void image_map_free(struct image_map *im)
{
	for (unsigned int i = 0; i < im->nregions; i++)
		free(im->region[i].chunk);
	im->nregions = 0;
}

/* The region and chunk addr is in; false if it is not the image's. */
static bool find_chunk(struct image_map *im, uint64_t addr, struct image_region **r, uint64_t *k)
{
	for (unsigned int i = 0; i < im->nregions; i++)
		if (addr >= im->region[i].lo && addr < im->region[i].hi) {
			*r = &im->region[i];
			*k = (addr - im->region[i].lo) / IMAGE_CHUNK_SIZE;
			return true;
		}
	return false;
}

static void chunk_bounds(const struct image_region *r, uint64_t k, uint64_t *a, uint64_t *b)
{
	*a = r->lo + k * IMAGE_CHUNK_SIZE;
	*b = *a + IMAGE_CHUNK_SIZE < r->hi ? *a + IMAGE_CHUNK_SIZE : r->hi;
}

/* The image's bytes in [a, b), and data-only segments made unexecutable there. */
static int fill(struct image_map *im, struct core *core, uint64_t a, uint64_t b)
{
	const struct stub_image *img = im->img;

	for (unsigned int i = 0; i < img->nseg; i++) {
		const struct segment *s = &img->seg[i];
		uint64_t from = s->addr > a ? s->addr : a;
		uint64_t to = s->addr + s->size < b ? s->addr + s->size : b;

		if (from >= to)
			continue;
		if (UC_CHECK(core, uc_mem_write(core->uc, from, s->data + (from - s->addr), to - from)))
			return CORE_EINTERNAL;
		/* An object's undefined symbols are data: a branch there ends the call. */
		if (s->noexec && UC_CHECK(core, uc_mem_protect(core->uc, from, to - from,
							      UC_PROT_READ | UC_PROT_WRITE)))
			return CORE_EINTERNAL;
	}
	return 0;
}

int image_map_touch(struct image_map *im, struct core *core, uint64_t addr)
{
	struct image_region *r;
	uint64_t k, a, b;

	if (!find_chunk(im, addr, &r, &k) || (r->chunk[k] & IMAGE_CHUNK_MAPPED))
		return 0;
	chunk_bounds(r, k, &a, &b);
	if (UC_CHECK(core, uc_mem_map(core->uc, a, b - a, UC_PROT_ALL)) || fill(im, core, a, b))
		return CORE_EINTERNAL;
	r->chunk[k] = IMAGE_CHUNK_MAPPED;
	return 1;
}

int image_map_range(struct image_map *im, struct core *core, uint64_t addr, uint64_t len)
{
	for (uint64_t a = page_down(addr); a < addr + len; a += PAGE_SIZE)
		if (image_map_touch(im, core, a) < 0)
			return CORE_EINTERNAL;
	return 0;
}

void image_map_note_write(struct image_map *im, uint64_t addr, uint64_t len)
{
	struct image_region *r;
	uint64_t k;

	/* A store is at most a few bytes: it meets one chunk, or two. */
	if (find_chunk(im, addr, &r, &k))
		r->chunk[k] |= IMAGE_CHUNK_WRITTEN;
	if (len && find_chunk(im, addr + len - 1, &r, &k))
		r->chunk[k] |= IMAGE_CHUNK_WRITTEN;
}

int image_map_restore(struct image_map *im, struct core *core, bool all)
{
	for (unsigned int i = 0; i < im->nregions; i++) {
		struct image_region *r = &im->region[i];

		for (uint64_t k = 0; k < nchunks(r); k++) {
			uint64_t a, b;

			if (!(r->chunk[k] & IMAGE_CHUNK_MAPPED) ||
			    (!all && !(r->chunk[k] & IMAGE_CHUNK_WRITTEN)))
				continue;
			chunk_bounds(r, k, &a, &b);
			if (fill(im, core, a, b))
				return CORE_EINTERNAL;
			r->chunk[k] = IMAGE_CHUNK_MAPPED;
		}
	}
	return 0;
}

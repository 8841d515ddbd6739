/*
 * A segment's bytes. A kernel Image is tens of megabytes of which a call
 * touches a few pages: mapping its file copy-on-write costs nothing per
 * byte, where a copy costs a write and a page fault per page (the most of
 * `check --scan`'s time on Linux 7.2 before this).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "image.h"

/*
 * The segments that map a file now, for a bus error's handler: the file
 * cut short under its mapping (image_mapped_file). Written at load and
 * release, on one thread; only read in the handler.
 */
#define MAPPINGS_KEPT	16
static struct mapping {
	const uint8_t *lo, *hi;
	const char *path;
} mappings[MAPPINGS_KEPT];

static void note_mapping(const uint8_t *data, uint64_t size, const char *path)
{
	for (unsigned int i = 0; i < MAPPINGS_KEPT; i++)
		if (!mappings[i].lo) {
			mappings[i] = (struct mapping){ data, data + size, path };
			return;
		}
}

static void forget_mapping(const uint8_t *data)
{
	for (unsigned int i = 0; i < MAPPINGS_KEPT; i++)
		if (mappings[i].lo == data)
			mappings[i] = (struct mapping){ 0 };
}

const char *image_mapped_file(const void *addr)
{
	const uint8_t *a = addr;

	for (unsigned int i = 0; i < MAPPINGS_KEPT; i++)
		if (mappings[i].lo && a >= mappings[i].lo && a < mappings[i].hi)
			return mappings[i].path;
	return NULL;
}

static uint64_t host_pages(uint64_t n)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	return (n + page - 1) / page * page;
}

/*
 * len bytes of fd from its start, then zeros to size, copy-on-write,
 * with protection prot; NULL if the system will not.
 */
static uint8_t *map_file(int fd, uint64_t len, uint64_t size, int prot)
{
	uint8_t *p = mmap(NULL, host_pages(size), prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
			  -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	/*
	 * The file's last page reads zeros past its end, as the segment does.
	 * A read-only one is populated at once (a scan reads all of it); a
	 * writable one is not: populating it would copy every page.
	 */
	if (len && mmap(p, host_pages(len), prot,
			MAP_PRIVATE | MAP_FIXED | (prot & PROT_WRITE ? 0 : MAP_POPULATE), fd, 0) == MAP_FAILED) {
		munmap(p, host_pages(size));
		return NULL;
	}
	return p;
}

static int heap_copy(struct segment *s, const uint8_t *buf, uint64_t len, uint64_t size)
{
	s->mapped = false;
	s->data = calloc(1, size ? size : 1);
	if (!s->data)
		return -1;
	memcpy(s->data, buf, len);
	return 0;
}

int image_segment_fill(struct stub_image *img, struct segment *s, const uint8_t *buf,
		       uint64_t len, uint64_t size)
{
	s->size = size;
	s->file_len = len;
	/* Read-only: what writes to an image's bytes (a booted kernel's) writes to a copy. */
	if (img->file_open && (s->data = map_file(img->file_fd, len, size, PROT_READ))) {
		s->mapped = true;
		note_mapping(s->data, size, img->path);
		return 0;
	}
	return heap_copy(s, buf, len, size);
}

int image_segment_copy(const struct stub_image *img, unsigned int i, struct segment *out)
{
	const struct segment *s = &img->seg[i];

	*out = *s;
	if (s->mapped && img->file_open &&
	    (out->data = map_file(img->file_fd, s->file_len, s->size, PROT_READ | PROT_WRITE))) {
		note_mapping(out->data, s->size, img->path);
		return 0;
	}
	return heap_copy(out, s->data, s->size, s->size);
}

void image_segment_release(struct segment *s)
{
	if (s->mapped) {
		forget_mapping(s->data);
		munmap(s->data, host_pages(s->size));
	}
	else
		free(s->data);
	s->data = NULL;
	s->mapped = false;
}

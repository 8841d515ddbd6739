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
	/* The file's last page reads zeros past its end, as the segment does. */
	if (len && mmap(p, host_pages(len), prot, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
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
		return 0;
	}
	return heap_copy(s, buf, len, size);
}

int image_segment_copy(const struct stub_image *img, unsigned int i, struct segment *out)
{
	const struct segment *s = &img->seg[i];

	*out = *s;
	if (s->mapped && img->file_open &&
	    (out->data = map_file(img->file_fd, s->file_len, s->size, PROT_READ | PROT_WRITE)))
		return 0;
	return heap_copy(out, s->data, s->size, s->size);
}

void image_segment_release(struct segment *s)
{
	if (s->mapped)
		munmap(s->data, host_pages(s->size));
	else
		free(s->data);
	s->data = NULL;
	s->mapped = false;
}

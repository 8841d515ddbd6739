/* A stub as loaded: its bytes at their addresses, and where its vectors are. */
#ifndef HYPABI_IMAGE_H
#define HYPABI_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMAGE_MAX_SEGMENTS	16
#define IMAGE_MAX_SYMBOLS	256

struct segment {
	uint64_t addr;
	uint64_t size;		/* bytes in memory (file bytes, then zeros) */
	uint8_t *data;		/* size bytes */
};

struct symbol {
	char *name;
	uint64_t value;
};

enum image_format { IMAGE_RAW, IMAGE_ELF };

struct stub_image {
	char *path;
	enum image_format format;
	const char *arch;	/* "arm64" / "arm" when the file says so, else NULL */
	struct segment seg[IMAGE_MAX_SEGMENTS];
	unsigned int nseg;
	struct symbol *sym;
	unsigned int nsym;
	uint64_t entry;		/* ELF entry point, or the load address */
};

struct load_options {
	uint64_t load_addr;	/* raw blobs */
	uint64_t max_size;	/* refuse images that ask for more memory than this */
};

/*
 * Load PATH. On failure returns -1 with a one-line reason in err
 * (which names the file).
 */
int image_load(const char *path, const struct load_options *opt,
	       struct stub_image *img, char *err, size_t errlen);
int image_load_raw(const char *path, const uint8_t *buf, size_t len,
		   const struct load_options *opt, struct stub_image *img,
		   char *err, size_t errlen);
int image_load_elf(const char *path, const uint8_t *buf, size_t len,
		   const struct load_options *opt, struct stub_image *img,
		   char *err, size_t errlen);
void image_free(struct stub_image *img);

bool image_contains(const struct stub_image *img, uint64_t addr, uint64_t len);
bool image_lookup(const struct stub_image *img, const char *name, uint64_t *value);
uint64_t image_low(const struct stub_image *img);
uint64_t image_high(const struct stub_image *img);

#endif

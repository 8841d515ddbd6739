/* A stub as loaded: its bytes at their addresses, and where its vectors are. */
#ifndef HYPABI_IMAGE_H
#define HYPABI_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"

#define IMAGE_MAX_SEGMENTS	16

struct segment {
	uint64_t addr;
	uint64_t size;		/* bytes in memory (file bytes, then zeros) */
	uint8_t *data;		/* size bytes */
	bool noexec;		/* data only: a relocatable object's undefined symbols */
	/*
	 * data maps the first file_len bytes of the image's file privately
	 * (copy-on-write; zeros after them): released with munmap, not free.
	 */
	bool mapped;
	uint64_t file_len;
};

struct symbol {
	const char *name;	/* in stub_image.strtab */
	uint64_t value;
	bool absolute;		/* SHN_ABS: a number (a --defsym), not a place in the image */
	bool undefined;		/* a relocatable object's: value is its stand-in */
};

enum image_format {
	IMAGE_RAW,
	IMAGE_ELF,
	IMAGE_ARM64,	/* a Linux arm64 Image (Documentation/arm64/booting.rst) */
	IMAGE_ZIMAGE,	/* a Linux arm zImage: the decompressor, with the kernel behind it */
	IMAGE_VMLINUX,	/* a Linux vmlinux: an ELF at kernel virtual addresses, placed as its Image */
	IMAGE_OBJECT,	/* a relocatable object (hyp-stub.o), linked by hypabi at --load */
};

/* Bytes of stand-in hypabi gives each undefined symbol of an object. */
#define IMAGE_UNDEF_SLOT	64u

/* The kernel proper inside a zImage, decompressed. */
struct payload {
	struct segment seg;	/* where the decompressor would put it */
	const char *format;	/* "gzip", "xz" */
	uint64_t file_offset;	/* where the compressed stream starts in the file */
};

struct stub_image {
	char *path;
	enum image_format format;
	const struct arch_desc *arch;	/* when the file says so, else NULL */
	struct segment seg[IMAGE_MAX_SEGMENTS];
	unsigned int nseg;
	struct symbol *sym;	/* every defined, named ELF symbol */
	unsigned int nsym;
	char *strtab;		/* their names: a copy of the ELF string table */
	uint64_t entry;		/* ELF entry point, or the load address */
	bool has_payload;
	struct payload payload;	/* zImage only */
	/* The file, open while a segment maps it (image_segment_copy maps it again). */
	int file_fd;
	bool file_open;
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
/*
 * The same, from bytes already read (path only names them in messages).
 * The per-format loaders below expect img zeroed; image_load* do that.
 */
int image_load_buffer(const char *path, const uint8_t *buf, size_t len,
		      const struct load_options *opt, struct stub_image *img,
		      char *err, size_t errlen);

/* A loader of one format: buf holds the whole file; path names it in messages. */
typedef int image_loader(const char *path, const uint8_t *buf, size_t len,
			 const struct load_options *opt, struct stub_image *img,
			 char *err, size_t errlen);
image_loader image_load_raw, image_load_elf;
/* buf starts with an arm64 Image header / a zImage header (magic checked). */
bool image_is_arm64(const uint8_t *buf, size_t len);
bool image_is_zimage(const uint8_t *buf, size_t len);
image_loader image_load_arm64, image_load_zimage;
/*
 * An arm64 Image header at buf: true with its text_offset (legacy
 * headers: 0x80000), or false with why in err.
 */
bool image_arm64_text_offset(const char *path, const uint8_t *buf, size_t len,
			     uint64_t *text_offset, char *err, size_t errlen);
/*
 * A vmlinux loaded at its virtual addresses, with symbols: move it, and its
 * symbols, to where a boot loader puts the kernel: _text at --load (for
 * arm, its RAM base + 0x8000), + the Image header's text_offset on arm64.
 */
int image_place_vmlinux(const char *path, const struct load_options *opt,
			struct stub_image *img, uint64_t text, char *err, size_t errlen);
/* The undefined symbol whose stand-in holds addr (an object's), or NULL. */
const char *image_undefined_at(const struct stub_image *img, uint64_t addr);
/* The image has ELF symbols to name vectors by. */
bool image_has_symbols(const struct stub_image *img);
/* Make a zImage's decompressed kernel the image (the decompressor is dropped). */
void image_select_payload(struct stub_image *img);
const char *image_format_name(enum image_format f);
void image_free(struct stub_image *img);

/*
 * A segment of len file bytes then zeros to size (len <= size), in s->data:
 * a read-only private mapping of img's file when it was loaded from one (no
 * bytes copied), else a zeroed heap copy of buf. -1 out of memory.
 */
int image_segment_fill(struct stub_image *img, struct segment *s, const uint8_t *buf,
		       uint64_t len, uint64_t size);
/*
 * A private, writable copy of img's segment i in out: the file mapped again
 * (pages copied only where written) when the segment maps it.
 */
int image_segment_copy(const struct stub_image *img, unsigned int i, struct segment *out);
void image_segment_release(struct segment *s);
/*
 * The file whose mapping holds addr, or NULL: where a bus error came from
 * when a mapped file was cut short while hypabi read it. Safe in a signal
 * handler (it only reads).
 */
const char *image_mapped_file(const void *addr);

/* For the loaders: format a one-line reason into err and return -1. */
int image_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

bool image_contains(const struct stub_image *img, uint64_t addr, uint64_t len);
/* img's bytes at addr and how many follow in its segment; NULL outside its code. */
const uint8_t *image_code_at(const struct stub_image *img, uint64_t addr, size_t *left);
bool image_lookup(const struct stub_image *img, const char *name, uint64_t *value);
/*
 * The name of a symbol of the image's at addr (not an absolute one; the
 * last in the table: globals follow locals), or NULL.
 */
const char *image_symbol_at(const struct stub_image *img, uint64_t addr);
uint64_t image_low(const struct stub_image *img);
uint64_t image_high(const struct stub_image *img);

#endif

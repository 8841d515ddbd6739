/*
 * The kernel's own version banner in a loaded image: init/version.c's
 * linux_banner, "Linux version RELEASE (BUILDER) (COMPILER) VERSION\n",
 * where RELEASE (UTS_RELEASE) begins with X.Y or X.Y.Z. The load stage
 * only reports what the image says; choosing an ABI profile from it is
 * the judge's business.
 */
#ifndef HYPABI_BANNER_H
#define HYPABI_BANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image.h"

#define BANNER_PREFIX		"Linux version "
#define BANNER_LINE_MAX		256	/* the line kept, its NUL included */
#define BANNER_RELEASE_MAX	65	/* UTS_RELEASE is at most 64 characters */
#define BANNER_DIGITS_MAX	5	/* more digits in one number: not a banner */

struct linux_banner {
	bool found;
	unsigned int major, minor, patch;	/* patch 0 when !has_patch */
	bool has_patch;
	/*
	 * The release names X.Y.0 or X.Y only, and the banner's version
	 * string names the distribution's upstream X.Y.Z ("... #1 SMP Debian
	 * 6.1.176-1 (...)", for release "6.1.0-50-arm64"): patch is Z.
	 */
	bool patch_from_distro;
	char version[24];	/* "6.1.176", "5.4": the numbers above */
	char release[BANNER_RELEASE_MAX];	/* "6.1.0-50-arm64", as the banner has it */
	char line[BANNER_LINE_MAX];	/* the banner to its end of line, printable ASCII */
	bool in_payload;	/* in a zImage's decompressed kernel */
	uint64_t at;		/* offset in the file / payload; for ELF, an address */
	char where[48];		/* "+0xd000e8", "payload+0xbf80c4", "0xffff800009000000" (ELF) */
};

/*
 * The first banner in data[0, len): true with b filled in and *offset its
 * offset in data. A "Linux version " not followed by X.Y (decimal, at
 * most BANNER_DIGITS_MAX digits each) is not a banner and is passed over.
 * Never reads outside data; b->in_payload, b->at and b->where are left
 * for the caller.
 */
bool banner_find(const uint8_t *data, size_t len, struct linux_banner *b, size_t *offset);

/*
 * The first banner of a loaded image: in an arm64 Image or a raw blob,
 * in the file's bytes (where "+OFFSET"); in a zImage, in the decompressed
 * kernel only ("payload+OFFSET"; its decompressor has none); in an ELF
 * file, in its loadable segments in program header order (where: the
 * address). b->found false when there is none.
 */
bool image_find_banner(const struct stub_image *img, struct linux_banner *b);

#endif

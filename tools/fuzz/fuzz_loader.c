/*
 * libFuzzer: any bytes as a stub file (raw, ELF, Image, zImage with its
 * payload), and the kernel's version banner looked for in them as they are
 * (libFuzzer's buffer is exactly their size) and in the image loaded.
 */
#include <stddef.h>
#include <stdint.h>

#include "banner.h"
#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_options lo = { .load_addr = 0x40000000, .max_size = 16u << 20 };
	struct stub_image img;
	struct linux_banner b;
	size_t off;
	char err[512];

	banner_find(data, size, &b, &off);
	if (image_load_buffer("fuzz", data, size, &lo, &img, err, sizeof(err)) == 0) {
		image_find_banner(&img, &b);
		image_free(&img);
	}
	return 0;
}

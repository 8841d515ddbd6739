/* libFuzzer: any bytes as a stub file (raw, ELF, Image, zImage with its payload). */
#include <stddef.h>
#include <stdint.h>

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_options lo = { .load_addr = 0x40000000, .max_size = 16u << 20 };
	struct stub_image img;
	char err[512];

	if (image_load_buffer("fuzz", data, size, &lo, &img, err, sizeof(err)) == 0)
		image_free(&img);
	return 0;
}

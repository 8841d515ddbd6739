/* libFuzzer: any bytes as a waiver file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "waiver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct waivers wv;
	char err[512];
	FILE *f;

	if (size == 0)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	waivers_read(f, "fuzz", &wv, err, sizeof(err));
	waivers_free(&wv);
	fclose(f);
	return 0;
}

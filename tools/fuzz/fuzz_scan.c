/* libFuzzer: any bytes scanned as arm64 and as arm code. */
#include <stddef.h>
#include <stdint.h>

#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scan_result r;

	r.n = 0;
	scan_blob(&aarch64_desc, data, size, &r);
	r.n = 0;
	scan_blob(&aarch32_desc, data, size, &r);
	return 0;
}

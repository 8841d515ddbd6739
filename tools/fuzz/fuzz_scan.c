/* libFuzzer: any bytes scanned as the code of every architecture. */
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scan_result r;

	for (unsigned int i = 0; arch_at(i); i++) {
		r.n = 0;
		scan_blob(arch_at(i), data, size, 1, &r);
	}
	return 0;
}

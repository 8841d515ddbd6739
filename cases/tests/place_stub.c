#include "place_stub.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "image.h"
#include "stub_catalog.h"

void test_place_stub(const char *arch, const char *path, struct placed_stub *st)
{
	struct load_options lo = { .load_addr = STUB_BASE_ADDR, .max_size = 1 << 20 };
	char err[256];

	*st = (struct placed_stub){
		.arch = arch_by_name(arch), .vectors = STUB_BASE_ADDR,
		.initial_vectors = STUB_BASE_ADDR, .initial_vectors_known = true,
	};
	assert_non_null(st->arch);
	if (image_load(path, &lo, &st->img, err, sizeof(err)))
		fail_msg("%s", err);
	if (image_lookup(&st->img, "__hyp_stub_vectors", &st->vectors))
		st->initial_vectors = st->vectors;
}

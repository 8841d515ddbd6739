/*
 * libFuzzer: the whole check path with any bytes as a raw stub, both
 * arches (the first byte picks): load, place, emulate every fixed case,
 * judge. Whatever the bytes do, hypabi must come back with a verdict,
 * and every post-state shortcut must agree with a full read.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct load_options lo = { .load_addr = 0x40000000, .max_size = 1u << 20 };
	static struct results res;
	struct check_config cfg = { 0 };
	struct placed_stub st = { .vectors = 0x40000000, .initial_vectors_known = true };
	struct stub_image *img = &st.img;	/* the per-format loaders fill a zeroed image */
	struct machine m;
	char err[512];

	if (size < 2 || size > (64u << 10))
		return 0;
	st.arch = arch_at(data[0] & 1);
	st.initial_vectors = st.vectors;
	if (image_load_raw("fuzz", data + 1, size - 1, &lo, img, err, sizeof(err)))
		return 0;
	cfg.cases.profile = profile_by_name("hyp-abi");
	cfg.cases.role = (data[0] & 2) ? ROLE_HYPERVISOR : ROLE_INITIAL;
	cfg.cases.seed = data[0];
	cfg.cases.random = 0;
	check_config_use_stub(&cfg, &st);
	results_init(&res);
	/* A small budget: a spinning stub is a verdict, quickly. */
	if (machine_open(&m, st.arch, img, st.vectors, 2000) == 0) {
		/* And the post-state shortcuts must see what a full read sees. */
		m.verify_post = true;
		if (check_run(&m, &cfg, &res))
			abort();	/* the emulator failed: a hypabi bug to find */
	}
	machine_close(&m);
	image_free(img);
	return 0;
}

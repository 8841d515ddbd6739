/*
 * The booted kernel's writes into its image (kernel_boot.h), on a made-up
 * Image: a relocation table, an export table naming kimage_voffset and
 * kimage_vaddr. Each relocation lands; kimage_voffset is VA - PA; an image
 * missing a piece is left untouched, with the reason naming the piece.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel_boot.h"

#define SIZE		0x10000u
#define LINK		UINT64_C(0xffff800010000000)
#define LOAD		UINT64_C(0x40000000)
#define RELA_AT		0x8000u
#define NRELA		100u
#define STRINGS_AT	0xc000u
#define KSYMTAB_AT	0xd000u
#define VOFFSET_AT	0x3000u
#define VADDR_AT	0x3008u
#define LITERAL_AT	0x2008u

static void put64(uint8_t *d, size_t at, uint64_t v)
{
	memcpy(d + at, &v, sizeof(v));
}

static uint64_t get64(const uint8_t *d, size_t at)
{
	uint64_t v;

	memcpy(&v, d + at, sizeof(v));
	return v;
}

static void put32(uint8_t *d, size_t at, int32_t v)
{
	memcpy(d + at, &v, sizeof(v));
}

/* A PREL32 __ksymtab entry at `at` for the variable at value, named by the string at name. */
static void export(uint8_t *d, size_t at, size_t value, size_t name)
{
	put32(d, at, (int32_t)value - (int32_t)at);
	put32(d, at + 4, (int32_t)name - (int32_t)(at + 4));
	put32(d, at + 8, 0);
}

/*
 * The made-up Image: relocation k places LINK + 0x1000 + 8k at LINK +
 * 0x2000 + 8k (the last one kimage_vaddr, = LINK); two exports.
 */
static uint8_t *image(bool relocs, bool voffset_export)
{
	uint8_t *d = calloc(1, SIZE);
	static const char strings[] = "\0kimage_vaddr\0kimage_voffset\0";

	assert_non_null(d);
	for (unsigned int k = 0; relocs && k < NRELA; k++) {
		size_t r = RELA_AT + 24 * k;
		bool vaddr = k == NRELA - 1;

		put64(d, r, LINK + (vaddr ? VADDR_AT : 0x2000 + 8 * k));
		put64(d, r + 8, 0x403);
		put64(d, r + 16, vaddr ? LINK : LINK + 0x1000 + 8 * k);
	}
	memcpy(d + STRINGS_AT, strings, sizeof(strings));
	export(d, KSYMTAB_AT, VADDR_AT, STRINGS_AT + 1);
	if (voffset_export)
		export(d, KSYMTAB_AT + 12, VOFFSET_AT, STRINGS_AT + 14);
	return d;
}

static void test_applied(void **state)
{
	uint8_t *d = image(true, true);
	struct segment seg = { .addr = LOAD, .size = SIZE, .data = d };
	struct kernel_boot kb;
	char why[160] = "";

	(void)state;
	assert_int_equal(kernel_boot_arm64(&seg, &kb, why, sizeof(why)), 0);
	assert_int_equal(kb.relocs, NRELA);
	assert_int_equal(kb.rela_at, RELA_AT);
	assert_true(kb.link_base == LINK);
	assert_int_equal(kb.voffset_at, VOFFSET_AT);
	assert_true(kb.voffset == LINK - LOAD);
	assert_true(get64(d, VOFFSET_AT) == LINK - LOAD);
	assert_true(get64(d, LITERAL_AT) == LINK + 0x1008);
	assert_true(get64(d, VADDR_AT) == LINK);
	/* What the v5.10 host vector computes: the literal minus kimage_voffset is the PA. */
	assert_true(get64(d, LITERAL_AT) - get64(d, VOFFSET_AT) == LOAD + 0x1008);
	free(d);
}

/* A piece missing: -1, the reason names it, and not a byte changed. */
static void missing(bool relocs, bool voffset_export, const char *reason)
{
	uint8_t *d = image(relocs, voffset_export), *orig = malloc(SIZE);
	struct segment seg = { .addr = LOAD, .size = SIZE, .data = d };
	struct kernel_boot kb;
	char why[160] = "";

	assert_non_null(orig);
	memcpy(orig, d, SIZE);
	assert_int_equal(kernel_boot_arm64(&seg, &kb, why, sizeof(why)), -1);
	assert_non_null(strstr(why, reason));
	assert_memory_equal(d, orig, SIZE);
	free(orig);
	free(d);
}

/* Planning only reads; what it found, applied to a copy, is what one step writes. */
static void test_plan_then_apply(void **state)
{
	uint8_t *d = image(true, true), *once = image(true, true), *copy = malloc(SIZE);
	struct segment seg = { .addr = LOAD, .size = SIZE, .data = d };
	struct segment one = { .addr = LOAD, .size = SIZE, .data = once };
	struct segment cp = { .addr = LOAD, .size = SIZE, .data = copy };
	struct kernel_boot kb, kb1;
	char why[160] = "";

	(void)state;
	assert_non_null(copy);
	assert_int_equal(kernel_boot_plan(&seg, &kb, why, sizeof(why)), 0);
	assert_memory_equal(d, once, SIZE);		/* untouched */
	memcpy(copy, d, SIZE);
	kernel_boot_apply(&kb, &cp);
	assert_int_equal(kernel_boot_arm64(&one, &kb1, why, sizeof(why)), 0);
	assert_memory_equal(&kb, &kb1, sizeof(kb));
	assert_memory_equal(copy, once, SIZE);
	assert_true(get64(copy, VOFFSET_AT) == LINK - LOAD);
	free(d);
	free(once);
	free(copy);
}

static void test_no_relocations(void **state)
{
	(void)state;
	missing(false, true, "no relocation table");
}

static void test_no_export(void **state)
{
	(void)state;
	missing(true, false, "kimage_voffset not found");
}

/* kimage_vaddr relocated to something else than the base found: refused. */
static void test_vaddr_disagrees(void **state)
{
	uint8_t *d = image(true, true), *orig = malloc(SIZE);
	struct segment seg = { .addr = LOAD, .size = SIZE, .data = d };
	struct kernel_boot kb;
	char why[160] = "";

	(void)state;
	assert_non_null(orig);
	put64(d, RELA_AT + 24 * (NRELA - 1) + 16, LINK + 0x40);
	memcpy(orig, d, SIZE);
	assert_int_equal(kernel_boot_arm64(&seg, &kb, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "kimage_vaddr"));
	assert_memory_equal(d, orig, SIZE);
	free(orig);
	free(d);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_applied),
	cmocka_unit_test(test_plan_then_apply),
	cmocka_unit_test(test_no_relocations),
	cmocka_unit_test(test_no_export),
	cmocka_unit_test(test_vaddr_disagrees),
};

int main(void)
{
	return cmocka_run_group_tests_name("kernel_boot", tests, NULL, NULL);
}

/*
 * The kernel's version banner: found where each format keeps its kernel,
 * the first of several, never a "Linux version " without X.Y after it,
 * and never a byte read past the data (each data set is an exact-size
 * copy, so AddressSanitizer sees any over-read).
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "banner.h"
#include "image.h"
#include "stub_catalog.h"

#define MAX_SIZE	(64u << 20)
#define DEBIAN_6_1	"Linux version 6.1.0-50-arm64 (debian-kernel@lists.debian.org) " \
			"(gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils " \
			"for Debian) 2.40) #1 SMP Debian 6.1.176-1 (2026-07-02)"

/* banner_find on an exact-size heap copy of data[0, len). */
static bool find(const void *data, size_t len, struct linux_banner *b, size_t *off)
{
	uint8_t *copy = malloc(len ? len : 1);
	bool found;

	assert_non_null(copy);
	if (len)
		memcpy(copy, data, len);
	found = banner_find(copy, len, b, off);
	free(copy);
	return found;
}

/* A buffer of len filler bytes (no 'L') with s written at off. */
static uint8_t *with_at(size_t len, size_t off, const char *s)
{
	uint8_t *buf = malloc(len);

	assert_non_null(buf);
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 7 % 61 + 0x80);
	assert_true(off + strlen(s) <= len);
	memcpy(buf + off, s, strlen(s));
	return buf;
}

static void expect_version(const struct linux_banner *b, unsigned int major,
			   unsigned int minor, unsigned int patch, bool has_patch,
			   const char *version, const char *release)
{
	assert_true(b->found);
	assert_int_equal(b->major, major);
	assert_int_equal(b->minor, minor);
	assert_int_equal(b->patch, patch);
	assert_int_equal(b->has_patch, has_patch);
	assert_string_equal(b->version, version);
	assert_string_equal(b->release, release);
}

/* At the start, in the middle and at the very end of the data. */
static void test_positions(void **state)
{
	static const char s[] = "Linux version 6.12.117+deb13-arm64 (someone@host) (gcc) #1 SMP";
	struct linux_banner b;
	size_t off, len = 0x4000;
	uint8_t *buf;

	(void)state;
	buf = with_at(len, 0, s);
	buf[strlen(s)] = '\n';
	assert_true(find(buf, len, &b, &off));
	assert_int_equal(off, 0);
	expect_version(&b, 6, 12, 117, true, "6.12.117", "6.12.117+deb13-arm64");
	assert_string_equal(b.line, s);
	assert_false(b.patch_from_distro);
	free(buf);

	buf = with_at(len, 0x1235, s);
	buf[0x1235 + strlen(s)] = '\0';
	assert_true(find(buf, len, &b, &off));
	assert_int_equal(off, 0x1235);
	assert_string_equal(b.line, s);
	free(buf);

	/* The last bytes of the data, no newline after them. */
	buf = with_at(len, len - strlen(s), s);
	assert_true(find(buf, len, &b, &off));
	assert_int_equal(off, len - strlen(s));
	assert_string_equal(b.line, s);
	free(buf);

	buf = with_at(len, len - 18, "Linux version 5.10");
	assert_true(find(buf, len, &b, &off));
	expect_version(&b, 5, 10, 0, false, "5.10", "5.10");
	assert_string_equal(b.line, "Linux version 5.10");
	free(buf);
}

/* Cut short at the end of the data: every prefix of a banner that lacks X.Y is none. */
static void test_truncated(void **state)
{
	static const char s[] = "Linux version 6.1.176 (x)";
	struct linux_banner b;
	size_t off, need = strlen("Linux version 6.1");

	(void)state;
	for (size_t n = 0; n <= strlen(s); n++) {
		uint8_t *buf = with_at(64 + n, 64, "");

		memcpy(buf + 64, s, n);
		if (n < need) {
			if (find(buf, 64 + n, &b, &off))
				fail_msg("'%.*s' taken for a banner", (int)n, s);
			assert_false(b.found);
		} else {
			assert_true(find(buf, 64 + n, &b, &off));
			assert_int_equal(off, 64);
			assert_int_equal(b.minor, 1);
			/* "6.1." at the very end: no patch yet. */
			assert_int_equal(b.has_patch, n >= need + 2);
		}
		free(buf);
	}
	assert_false(find("", 0, &b, &off));
	assert_false(banner_find(NULL, 0, &b, &off));
}

/* Two banners (Debian's arm64 Images have two): the first is taken. */
static void test_two(void **state)
{
	struct linux_banner b;
	size_t off, len = 0x3000;
	uint8_t *buf = with_at(len, 0x2000, "Linux version 6.1.0 (second)\n");

	(void)state;
	memcpy(buf + 0x800, "Linux version 5.4.0 (first)\n", 28);
	assert_true(find(buf, len, &b, &off));
	assert_int_equal(off, 0x800);
	assert_string_equal(b.version, "5.4.0");
	assert_string_equal(b.line, "Linux version 5.4.0 (first)");
	free(buf);
}

/* "Linux version " followed by anything but X.Y is not a banner; a later one is still found. */
static void test_malformed(void **state)
{
	static const char *const bad[] = {
		"Linux version abc", "Linux version  6.1.0", "Linux version 6", "Linux version 6 .1",
		"Linux version 6.x", "Linux version .1.2", "Linux version -6.1", "Linux version 6..1",
		"Linux version 123456.1", "Linux version 6.123456", "Linux version 6.1.1234567",
		"Linux version\n6.1.0", "Linux Version 6.1.0", "linux version 6.1.0",
	};
	struct linux_banner b;
	size_t off, len = 0x1000;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t *buf = with_at(len, 0x100, bad[i]);

		if (find(buf, len, &b, &off))
			fail_msg("'%s' taken for a banner (%s)", bad[i], b.version);
		memcpy(buf + 0x800, "Linux version 4.19.0 (good)", 27);
		assert_true(find(buf, len, &b, &off));
		assert_int_equal(off, 0x800);
		assert_string_equal(b.version, "4.19.0");
		free(buf);
	}
	/* Overlapping prefixes: the banner starts at the second. */
	{
		static const char s[] = "Linux version Linux version 3.18.140 (x)";

		assert_true(find(s, sizeof(s) - 1, &b, &off));
		assert_int_equal(off, 14);
		assert_string_equal(b.version, "3.18.140");
	}
	/* Five digits are still a number (kept bounded, not overflowed). */
	{
		static const char s[] = "Linux version 99999.99999.99999";

		assert_true(find(s, sizeof(s) - 1, &b, &off));
		expect_version(&b, 99999, 99999, 99999, true, "99999.99999.99999",
			       "99999.99999.99999");
	}
}

/* Two and three numbers, and the suffixes releases carry. */
static void test_forms(void **state)
{
	static const struct {
		const char *banner;
		unsigned int v[3];
		bool has_patch;
		const char *version, *release;
	} forms[] = {
		{ "Linux version 5.4 (x)", { 5, 4, 0 }, false, "5.4", "5.4" },
		{ "Linux version 5.4.0 (x)", { 5, 4, 0 }, true, "5.4.0", "5.4.0" },
		{ "Linux version 6.19.0-rc3 (x)", { 6, 19, 0 }, true, "6.19.0", "6.19.0-rc3" },
		{ "Linux version 7.0-rc1 (x)", { 7, 0, 0 }, false, "7.0", "7.0-rc1" },
		{ "Linux version 6.6.30+ (x)", { 6, 6, 30 }, true, "6.6.30", "6.6.30+" },
		{ "Linux version 4.9.337-perf-g1234abc (x)", { 4, 9, 337 }, true, "4.9.337",
		  "4.9.337-perf-g1234abc" },
		{ "Linux version 6.1.x (x)", { 6, 1, 0 }, false, "6.1", "6.1.x" },
		{ "Linux version 2.6.32.71 (x)", { 2, 6, 32 }, true, "2.6.32", "2.6.32.71" },
		{ "Linux version 6.8.0-45-generic (buildd@lcy02) (gcc (Ubuntu 13.2.0-23ubuntu4) "
		  "13.2.0) #45-Ubuntu SMP PREEMPT_DYNAMIC", { 6, 8, 0 }, true, "6.8.0",
		  "6.8.0-45-generic" },
	};
	struct linux_banner b;
	size_t off;

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		if (!find(forms[i].banner, strlen(forms[i].banner), &b, &off))
			fail_msg("'%s' not found", forms[i].banner);
		expect_version(&b, forms[i].v[0], forms[i].v[1], forms[i].v[2], forms[i].has_patch,
			       forms[i].version, forms[i].release);
		assert_false(b.patch_from_distro);
		assert_string_equal(b.line, forms[i].banner);
	}
}

/*
 * Debian's release names the ABI (6.1.0-50), its version string the
 * upstream 6.1.176; the compiler's "(Debian 12.2.0-14)" is not taken.
 */
static void test_distro_patch(void **state)
{
	static const char compiler_only[] =
		"Linux version 12.2.0-1-arm64 (d@l) (cc for Debian 12.2.5-14, ld for Debian "
		"2.40) #1 SMP PREEMPT (2031-01-01)";
	static const char other_xy[] = "Linux version 6.1.0-50-arm64 (d@l) (gcc) #1 SMP Debian "
				       "6.2.5-1 (2026-07-02)";
	static const char no_hash[] = "Linux version 6.1.0-50-arm64 (d@l) (Debian 6.1.9) SMP";
	static const char two_numbers[] = "Linux version 6.1-arm64 (d@l) (gcc) #1 SMP Debian "
					  "6.1.3-1";
	struct linux_banner b;
	size_t off;

	(void)state;
	assert_true(find(DEBIAN_6_1 "\n", strlen(DEBIAN_6_1) + 1, &b, &off));
	expect_version(&b, 6, 1, 176, true, "6.1.176", "6.1.0-50-arm64");
	assert_true(b.patch_from_distro);
	assert_string_equal(b.line, DEBIAN_6_1);

	assert_true(find(compiler_only, strlen(compiler_only), &b, &off));
	expect_version(&b, 12, 2, 0, true, "12.2.0", "12.2.0-1-arm64");
	assert_false(b.patch_from_distro);
	assert_true(find(other_xy, strlen(other_xy), &b, &off));
	expect_version(&b, 6, 1, 0, true, "6.1.0", "6.1.0-50-arm64");
	assert_false(b.patch_from_distro);
	assert_true(find(no_hash, strlen(no_hash), &b, &off));
	assert_string_equal(b.version, "6.1.0");
	assert_true(find(two_numbers, strlen(two_numbers), &b, &off));
	expect_version(&b, 6, 1, 3, true, "6.1.3", "6.1-arm64");
	assert_true(b.patch_from_distro);
	/* Cut short anywhere inside "Debian 6.1.176": never past the data, never a wrong patch. */
	for (size_t n = strlen(DEBIAN_6_1) - 30; n <= strlen(DEBIAN_6_1); n++) {
		assert_true(find(DEBIAN_6_1, n, &b, &off));
		assert_true(b.patch == 0 || b.patch == 1 || b.patch == 17 || b.patch == 176);
	}
}

/* The line ends at the first byte that is not printable, and is bounded. */
static void test_line_bounds(void **state)
{
	static uint8_t buf[4096];
	struct linux_banner b;
	size_t off;

	(void)state;
	memset(buf, 'a', sizeof(buf));
	memcpy(buf, "Linux version 6.1.0-", 20);
	assert_true(find(buf, sizeof(buf), &b, &off));
	assert_int_equal(strlen(b.line), BANNER_LINE_MAX - 1);
	assert_int_equal(strlen(b.release), BANNER_RELEASE_MAX - 1);
	assert_int_equal(strncmp(b.release, "6.1.0-aaa", 9), 0);
	assert_string_equal(b.version, "6.1.0");

	memcpy(buf + 20, "rc1 (x)\x01\x02 more", 14);
	assert_true(find(buf, sizeof(buf), &b, &off));
	assert_string_equal(b.line, "Linux version 6.1.0-rc1 (x)");
	buf[27] = 0xc3;		/* not ASCII */
	assert_true(find(buf, sizeof(buf), &b, &off));
	assert_string_equal(b.line, "Linux version 6.1.0-rc1 (x)");
	buf[22] = '\t';
	assert_true(find(buf, sizeof(buf), &b, &off));
	assert_string_equal(b.line, "Linux version 6.1.0-rc");
	assert_string_equal(b.release, "6.1.0-rc");
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void load(const char *name, const uint8_t *buf, size_t len, struct stub_image *img)
{
	struct load_options lo = { .load_addr = 0x40000000, .max_size = MAX_SIZE };
	char err[512];

	if (image_load_buffer(name, buf, len, &lo, img, err, sizeof(err)))
		fail_msg("%s refused: %s", name, err);
}

/* A raw blob and an arm64 Image: the offset in the file, "+0x...". */
static void test_image_raw_arm64(void **state)
{
	static const char s[] = "Linux version 6.1.0-50-arm64 (x) #1 SMP\n";
	struct stub_image img;
	struct linux_banner b;
	size_t len = 0x8000;
	uint8_t *buf = with_at(len, 0x2345, s);

	(void)state;
	load("banner.bin", buf, len, &img);
	assert_int_equal(img.format, IMAGE_RAW);
	assert_true(image_find_banner(&img, &b));
	assert_string_equal(b.where, "+0x2345");
	assert_int_equal(b.at, 0x2345);
	assert_false(b.in_payload);
	assert_string_equal(b.version, "6.1.0");
	image_free(&img);

	memset(buf, 0, 64);
	put64(buf + 16, 0x100000);	/* image_size, with bss */
	put64(buf + 24, 0xa);
	memcpy(buf + 56, "ARM\x64", 4);
	load("banner.Image", buf, len, &img);
	assert_int_equal(img.format, IMAGE_ARM64);
	assert_true(image_find_banner(&img, &b));
	assert_string_equal(b.where, "+0x2345");
	image_free(&img);

	memset(buf + 0x2345, 0, strlen(s));
	load("none.Image", buf, len, &img);
	assert_false(image_find_banner(&img, &b));
	assert_false(b.found);
	assert_string_equal(b.where, "");
	image_free(&img);
	free(buf);
}

/* A zImage whose gzip payload holds kernel, with "Linux version" in its decompressor too. */
static void zimage_with(const char *kernel, size_t klen, struct stub_image *img)
{
	static uint8_t z[65536];
	z_stream zs = { 0 };

	memset(z, 0, sizeof(z));
	put32(z + 0x24, 0x016f2818);
	put32(z + 0x2c, sizeof(z));
	memcpy(z + 0x200, "Linux version 9.9.9 (the decompressor's)", 40);
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	zs.next_in = (Bytef *)kernel;
	zs.avail_in = (uInt)klen;
	zs.next_out = z + 0x1000;
	zs.avail_out = sizeof(z) - 0x1000;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	deflateEnd(&zs);
	load("banner.zImage", z, sizeof(z), img);
	assert_int_equal(img->format, IMAGE_ZIMAGE);
	assert_true(img->has_payload);
}

/* A zImage: the banner of the kernel it carries, "payload+0x..."; never the decompressor's. */
static void test_image_zimage(void **state)
{
	static char kernel[0x3000];
	struct stub_image img;
	struct linux_banner b;

	(void)state;
	memset(kernel, 0x5a, sizeof(kernel));
	memcpy(kernel + 0x20c4, DEBIAN_6_1, strlen(DEBIAN_6_1));
	kernel[0x20c4 + strlen(DEBIAN_6_1)] = '\n';
	zimage_with(kernel, sizeof(kernel), &img);
	assert_true(image_find_banner(&img, &b));
	assert_string_equal(b.where, "payload+0x20c4");
	assert_true(b.in_payload);
	assert_string_equal(b.version, "6.1.176");
	/* The same once the kernel is made the image (--vectors payload+...). */
	image_select_payload(&img);
	assert_true(image_find_banner(&img, &b));
	assert_string_equal(b.where, "payload+0x20c4");
	image_free(&img);

	memset(kernel + 0x20c4, 0x5a, strlen(DEBIAN_6_1));
	zimage_with(kernel, sizeof(kernel), &img);
	assert_false(image_find_banner(&img, &b));
	image_free(&img);
}

/* An ELF file (a vmlinux): in its segments, named by address. */
static void test_image_elf(void **state)
{
	static const char s[] = "Linux version 5.10.0-32-arm64 (x) #1 SMP Debian 5.10.223-1\n";
	const char *path = NULL;
	struct stub_image img;
	struct linux_banner b;
	uint8_t *elf;
	Elf64_Phdr *ph;
	char want[48];
	long len;
	FILE *f;

	(void)state;
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (stub_catalog[i].kind == STUB_reference &&
		    strcmp(stub_catalog[i].arch, "arm64") == 0)
			path = stub_catalog[i].elf;
	assert_non_null(path);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	elf = malloc((size_t)len);
	assert_non_null(elf);
	assert_int_equal(fread(elf, 1, (size_t)len, f), (size_t)len);
	fclose(f);

	load("plain.elf", elf, (size_t)len, &img);
	assert_false(image_find_banner(&img, &b));
	image_free(&img);

	ph = (Elf64_Phdr *)(elf + ((Elf64_Ehdr *)elf)->e_phoff);
	assert_int_equal(ph->p_type, PT_LOAD);
	assert_true(ph->p_filesz >= 0x780 + sizeof(s));
	memcpy(elf + ph->p_offset + 0x780, s, sizeof(s));
	load("banner.elf", elf, (size_t)len, &img);
	assert_true(image_find_banner(&img, &b));
	snprintf(want, sizeof(want), "0x%llx", (unsigned long long)ph->p_paddr + 0x780);
	assert_string_equal(b.where, want);
	assert_int_equal(b.at, ph->p_paddr + 0x780);
	assert_string_equal(b.version, "5.10.223");
	assert_string_equal(b.release, "5.10.0-32-arm64");
	image_free(&img);
	free(elf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_two),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_distro_patch),
		cmocka_unit_test(test_line_bounds),
		cmocka_unit_test(test_image_raw_arm64),
		cmocka_unit_test(test_image_zimage),
		cmocka_unit_test(test_image_elf),
	};

	return cmocka_run_group_tests_name("banner", tests, NULL, NULL);
}

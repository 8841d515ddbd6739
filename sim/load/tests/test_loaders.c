/*
 * The loaders on good and on hostile input: every bad file is refused
 * with one line that names it, never a crash and never unbounded memory.
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

#include "image.h"
#include "stub_catalog.h"
#include "testutil.h"

#define MAX_SIZE	(64u << 20)


/* A refusal: one line, naming the file (or --load), containing `why`. */
static void expect_refusal(const char *name, int rc, const char *err, const char *why)
{
	if (rc == 0)
		fail_msg("%s was accepted", name);
	if (!strstr(err, why) || strchr(err, '\n'))
		fail_msg("%s: message '%s' lacks '%s'", name, err, why);
	if (!strstr(err, name) && !strstr(err, "--load"))
		fail_msg("%s: message '%s' does not name the file", name, err);
}

/* Loading the file at path must be refused. */
static void refused_file(const char *name, const char *path, const char *why)
{
	struct load_options lo = { .load_addr = 0x40000000, .max_size = MAX_SIZE };
	struct stub_image img;
	char err[512];

	expect_refusal(name, image_load(path, &lo, &img, err, sizeof(err)), err, why);
}

/* Loading the file `name` holding `data` must be refused. */
static void refused(const char *name, const void *data, size_t len, const char *why)
{
	struct load_options lo = { .load_addr = 0x40000000, .max_size = MAX_SIZE };
	struct stub_image img;
	char err[512];
	const char *path = test_write_file(name, data, len);

	expect_refusal(name, image_load(path, &lo, &img, err, sizeof(err)), err, why);
}

static const struct stub_entry *reference(const char *arch)
{
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (stub_catalog[i].kind == STUB_reference && strcmp(stub_catalog[i].arch, arch) == 0)
			return &stub_catalog[i];
	return NULL;
}

static const struct stub_entry *catalogued(const char *arch, const char *name)
{
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (strcmp(stub_catalog[i].arch, arch) == 0 && strcmp(stub_catalog[i].name, name) == 0)
			return &stub_catalog[i];
	fail_msg("no stub %s/%s in the catalogue", arch, name);
	return NULL;
}

/* The file's bytes, with the 32-bit word at off replaced by v. */
static const char *edited(const char *from, const char *name, size_t off, uint32_t v)
{
	size_t len;
	uint8_t *bytes = test_read_file(from, &len);
	const char *path;

	assert_true(off + sizeof(v) <= len);
	memcpy(bytes + off, &v, sizeof(v));
	path = test_write_file(name, bytes, len);
	free(bytes);
	return path;
}

/*
 * A vmlinux (an ELF with _text at kernel virtual addresses, with or
 * without physical ones) is placed as its Image: _text at --load +
 * text_offset (arm64) or at the RAM base + 0x8000 (arm), its symbols with
 * it; the same bytes as the raw stub, at the same offset from _text.
 */
static void test_vmlinux(void **state)
{
	static const struct {
		const char *arch, *name;
		uint64_t load, text;
	} cases[] = {
		{ "arm64", "vmlinux", 0x40000000, 0x40000000 },
		{ "arm64", "vmlinux_phys", 0x40000000, 0x40000000 },
		{ "arm64", "vmlinux", 0x80200000, 0x80200000 },
		{ "arm", "vmlinux", 0x40000000, 0x40008000 },
		{ "arm", "vmlinux", 0x40100000, 0x40008000 },	/* RAM base: 128 MiB aligned */
	};
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct load_options lo = { .load_addr = cases[i].load, .max_size = MAX_SIZE };
		struct stub_image img, raw;
		uint64_t text, vectors;

		if (image_load(catalogued(cases[i].arch, cases[i].name)->elf, &lo, &img, err,
			       sizeof(err)))
			fail_msg("%s", err);
		assert_int_equal(img.format, IMAGE_VMLINUX);
		assert_string_equal(image_format_name(img.format), "vmlinux");
		assert_true(image_lookup(&img, "_text", &text));
		assert_true(image_lookup(&img, "__hyp_stub_vectors", &vectors));
		assert_int_equal(text, cases[i].text);
		assert_int_equal(image_low(&img), cases[i].text);
		assert_string_equal(image_symbol_at(&img, vectors), "__hyp_stub_vectors");
		/* The stub's bytes are the reference stub's. */
		lo.load_addr = 0;
		if (image_load(reference(cases[i].arch)->bin, &lo, &raw, err, sizeof(err)))
			fail_msg("%s", err);
		assert_true(image_contains(&img, vectors, raw.seg[0].size));
		assert_memory_equal(img.seg[0].data + (vectors - img.seg[0].addr), raw.seg[0].data,
				    raw.seg[0].size);
		image_free(&raw);
		image_free(&img);
	}
}

/* A vmlinux a boot loader could not place is refused, naming why. */
static void test_vmlinux_refused(void **state)
{
	const char *arm64 = catalogued("arm64", "vmlinux")->elf;
	struct load_options lo = { .load_addr = 0x40100000, .max_size = MAX_SIZE };
	struct stub_image img;
	char err[256];

	(void)state;
	expect_refusal("--load", image_load(arm64, &lo, &img, err, sizeof(err)), err,
		       "is not aligned to 0x200000");
	/* No Image header at _text (its magic, 56 bytes into the segment, gone). */
	refused_file("vmlinux-no-header", edited(arm64, "vmlinux-no-header", 0x10000 + 56, 0),
		     "no arm64 Image header at _text");
	/* Placed past the address limit (arm64: the harness's 39-bit map). */
	lo.load_addr = UINT64_C(1) << 39;
	expect_refusal("vmlinux", image_load(arm64, &lo, &img, err, sizeof(err)), err,
		       "would end past");
}

static void test_elf_good(void **state)
{
	struct load_options lo = { .load_addr = 0, .max_size = MAX_SIZE };
	struct stub_image img;
	uint64_t v;
	char err[256];

	(void)state;
	assert_int_equal(image_load(reference("arm64")->elf, &lo, &img, err, sizeof(err)), 0);
	assert_int_equal(img.format, IMAGE_ELF);
	assert_string_equal(img.arch->name, "arm64");
	assert_true(image_lookup(&img, "__hyp_stub_vectors", &v));
	assert_int_equal(v, STUB_BASE_ADDR);
	assert_int_equal(image_low(&img), STUB_BASE_ADDR);
	image_free(&img);
	assert_int_equal(image_load(reference("arm")->elf, &lo, &img, err, sizeof(err)), 0);
	assert_string_equal(img.arch->name, "arm");
	image_free(&img);
}

/* A symbol table is read whole: __hyp_stub_vectors follows 3000 symbols. */
static void test_elf_many_symbols(void **state)
{
	static const char *const arches[] = { "arm64", "arm" };
	struct load_options lo = { .load_addr = 0, .max_size = MAX_SIZE };
	struct stub_image img;
	uint64_t v;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++) {
		const char *path = test_stub(arches[i], "many_symbols", true);

		if (image_load(path, &lo, &img, err, sizeof(err)))
			fail_msg("%s", err);
		assert_string_equal(img.arch->name, arches[i]);
		if (!image_lookup(&img, "__hyp_stub_vectors", &v))
			fail_msg("%s: no __hyp_stub_vectors in %u symbols read", path, img.nsym);
		assert_int_equal(v, STUB_BASE_ADDR);
		if (img.nsym < 3000)
			fail_msg("%s: %u symbols read, wanted 3000 or more", path, img.nsym);
		assert_true(image_lookup(&img, "STUB_BASE", &v));	/* the last one */
		assert_int_equal(v, STUB_BASE_ADDR);
		image_free(&img);
	}
}

static void test_elf_hostile(void **state)
{
	size_t len;
	uint8_t *elf = test_read_file(reference("arm64")->elf, &len), *bad;
	Elf64_Ehdr *eh;
	Elf64_Phdr *ph;

	(void)state;
	bad = malloc(len);
	assert_non_null(bad);

	refused("header-only.elf", elf, 20, "ELF");
	refused("no-phdrs.elf", elf, sizeof(Elf64_Ehdr), "");

	memcpy(bad, elf, len);
	eh = (Elf64_Ehdr *)bad;
	eh->e_phoff = len + 4096;
	refused("phdrs-past-end.elf", bad, len, "program header");

	memcpy(bad, elf, len);
	eh = (Elf64_Ehdr *)bad;
	eh->e_phnum = 65535;	/* PN_XNUM: the real count is in section 0, here 0 */
	refused("phnum-65535.elf", bad, len, "no loadable segment");

	memcpy(bad, elf, len);
	eh = (Elf64_Ehdr *)bad;
	ph = (Elf64_Phdr *)(bad + eh->e_phoff);
	ph->p_filesz = len * 16;
	ph->p_memsz = len * 16;
	refused("filesz-past-end.elf", bad, len, "past the end of the file");

	memcpy(bad, elf, len);
	ph = (Elf64_Phdr *)(bad + ((Elf64_Ehdr *)bad)->e_phoff);
	ph->p_memsz = UINT64_C(1) << 60;
	refused("absurd-memsz.elf", bad, len, "limit");

	memcpy(bad, elf, len);
	ph = (Elf64_Phdr *)(bad + ((Elf64_Ehdr *)bad)->e_phoff);
	ph->p_memsz = ph->p_filesz - 1;
	refused("filesz-over-memsz.elf", bad, len, "larger than p_memsz");

	memcpy(bad, elf, len);
	((Elf64_Ehdr *)bad)->e_machine = EM_RISCV;
	refused("riscv.elf", bad, len, "RISC-V");

	memcpy(bad, elf, len);
	((Elf64_Ehdr *)bad)->e_type = ET_DYN;
	refused("shared.elf", bad, len, "neither an ELF executable nor a relocatable object");
	free(bad);
	free(elf);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

/* len bytes at off set to value's bytes, little-endian (repeated: a fill, when len > 8). */
struct edit {
	uint32_t off, len;
	uint64_t value;
};

/* A hostile file: a good one with edits, and why loading it must be refused. */
struct hostile {
	const char *name;
	struct edit edit[2];
	const char *why;
};

/* Each of t[]: good (len bytes) with its edits must be refused. */
static void refused_edits(const uint8_t *good, size_t len, const struct hostile *t, size_t n)
{
	uint8_t *bad = malloc(len);

	assert_non_null(bad);
	for (size_t i = 0; i < n; i++) {
		memcpy(bad, good, len);
		for (size_t k = 0; k < sizeof(t[i].edit) / sizeof(t[i].edit[0]); k++) {
			const struct edit *e = &t[i].edit[k];

			assert_true(e->off + e->len <= len);
			for (uint32_t b = 0; b < e->len; b++)
				bad[e->off + b] = (uint8_t)(e->value >> (8 * (b % 8)));
		}
		refused(t[i].name, bad, len, t[i].why);
	}
	free(bad);
}

static void test_arm64_image(void **state)
{
	/* The header's image_size (+16), text_offset (+8) and flags (+24). */
	static const struct hostile hostile[] = {
		{ "small-size.Image", { { 16, 8, 0x1000 } }, "less than the file" },
		{ "huge-size.Image", { { 16, 8, UINT64_C(1) << 62 } }, "limit" },
		{ "odd-offset.Image", { { 8, 8, 0x123 } }, "text_offset" },
		{ "big-endian.Image", { { 24, 8, 0xb } }, "big-endian" },
	};
	static uint8_t img[8192];
	struct load_options lo = { .load_addr = 0x40000000, .max_size = MAX_SIZE };
	struct stub_image out;
	char err[256];

	(void)state;
	put64(img + 8, 0);			/* text_offset */
	put64(img + 16, 0x10000);		/* image_size, with bss */
	put64(img + 24, 0xa);			/* LE, 4K pages, anywhere */
	memcpy(img + 56, "ARM\x64", 4);
	assert_int_equal(image_load(test_write_file("good.Image", img, sizeof(img)), &lo, &out, err,
				    sizeof(err)), 0);
	assert_int_equal(out.format, IMAGE_ARM64);
	assert_string_equal(out.arch->name, "arm64");
	assert_int_equal(out.seg[0].addr, 0x40000000);
	assert_int_equal(out.seg[0].size, 0x10000);
	image_free(&out);

	refused_edits(img, sizeof(img), hostile, sizeof(hostile) / sizeof(hostile[0]));
	lo.load_addr = 0x40001000;
	{
		struct stub_image o2;
		const char *p = test_write_file("unaligned.Image", img, sizeof(img));

		assert_int_equal(image_load(p, &lo, &o2, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "2 MiB"));
	}
}

/* The bytes of a segment of an Image of file bytes f (len), then zeros to size. */
static void expect_image_bytes(const struct segment *s, const uint8_t *f, size_t len, size_t size)
{
	assert_int_equal(s->size, size);
	assert_memory_equal(s->data, f, len);
	for (size_t i = len; i < size; i++)
		assert_int_equal(s->data[i], 0);
}

/*
 * A file's Image is its file mapped, not copied; a copy of it is writable
 * and its own; from a buffer, the same bytes on the heap.
 */
static void test_arm64_image_mapped(void **state)
{
	enum { LEN = 8192 + 100, SIZE = 0x10000 };	/* a part page, and bss */
	static uint8_t f[LEN];
	struct load_options lo = { .load_addr = 0x40000000, .max_size = MAX_SIZE };
	struct stub_image img, buf;
	struct segment copy;
	char err[256];

	(void)state;
	for (size_t i = 64; i < LEN; i++)
		f[i] = (uint8_t)(i * 7 + 1);
	put64(f + 8, 0);
	put64(f + 16, SIZE);
	put64(f + 24, 0xa);
	memcpy(f + 56, "ARM\x64", 4);
	assert_int_equal(image_load(test_write_file("mapped.Image", f, LEN), &lo, &img, err,
				    sizeof(err)), 0);
	assert_true(img.seg[0].mapped);
	assert_true(img.file_open);
	expect_image_bytes(&img.seg[0], f, LEN, SIZE);

	assert_int_equal(image_segment_copy(&img, 0, &copy), 0);
	assert_true(copy.mapped);
	assert_ptr_not_equal(copy.data, img.seg[0].data);
	expect_image_bytes(&copy, f, LEN, SIZE);
	copy.data[100] ^= 0xff;
	copy.data[SIZE - 1] = 0x5a;
	expect_image_bytes(&img.seg[0], f, LEN, SIZE);
	image_segment_release(&copy);
	image_free(&img);

	assert_int_equal(image_load_buffer("buffer.Image", f, LEN, &lo, &buf, err, sizeof(err)), 0);
	assert_false(buf.seg[0].mapped);
	assert_false(buf.file_open);
	expect_image_bytes(&buf.seg[0], f, LEN, SIZE);
	assert_int_equal(image_segment_copy(&buf, 0, &copy), 0);
	assert_false(copy.mapped);
	copy.data[100] ^= 0xff;
	expect_image_bytes(&buf.seg[0], f, LEN, SIZE);
	image_segment_release(&copy);
	image_free(&buf);
}

static void test_zimage(void **state)
{
	/* The payload at 0x1000; the header's start (+0x28) and end (+0x2c). */
	static const struct hostile hostile[] = {
		/* Corrupt deflate data, the gzip magic kept. */
		{ "corrupt.zImage", { { 0x100a, 16, UINT64_MAX } }, "does not decompress" },
		{ "no-payload.zImage", { { 0x1000, 64, 0 } }, "no gzip or xz payload" },
		{ "zstd.zImage", { { 0x1000, 64, 0 }, { 0x1000, 4, 0xfd2fb528 } }, "zstd" },
		{ "start-past-end.zImage", { { 0x28, 4, 0x2000 }, { 0x2c, 4, 0x1000 } },
		  "start 0x2000 at or past end 0x1000" },
		{ "end-past-file.zImage", { { 0x2c, 4, 0x7fffffff } }, "truncated" },
	};
	static uint8_t z[65536];
	static const char kernel[] = "the kernel proper, compressed, as a zImage carries it";
	struct load_options lo = { .load_addr = 0x40000000, .max_size = MAX_SIZE };
	struct stub_image out;
	char err[256];
	uLongf glen = sizeof(z) - 0x1000;
	z_stream zs = { 0 };

	(void)state;
	put32(z + 0x24, 0x016f2818);
	put32(z + 0x28, 0);
	put32(z + 0x2c, sizeof(z));
	/* A gzip stream at 0x1000, as the decompressor would carry it. */
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	zs.next_in = (Bytef *)kernel;
	zs.avail_in = sizeof(kernel);
	zs.next_out = z + 0x1000;
	zs.avail_out = (uInt)glen;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	deflateEnd(&zs);
	assert_int_equal(image_load(test_write_file("good.zImage", z, sizeof(z)), &lo, &out, err,
				    sizeof(err)), 0);
	assert_int_equal(out.format, IMAGE_ZIMAGE);
	assert_true(out.has_payload);
	assert_string_equal(out.payload.format, "gzip");
	assert_int_equal(out.payload.file_offset, 0x1000);
	assert_int_equal(out.payload.seg.size, sizeof(kernel));
	assert_memory_equal(out.payload.seg.data, kernel, sizeof(kernel));
	assert_int_equal(out.payload.seg.addr, 0x40008000);
	image_free(&out);

	refused_edits(z, sizeof(z), hostile, sizeof(hostile) / sizeof(hostile[0]));
}

/* Loading `data` as `name` with these options must be refused. */
static void refused_with(const char *name, const void *data, size_t len,
			 const struct load_options *lo, const char *why)
{
	struct stub_image img;
	char err[512];

	expect_refusal(name, image_load_buffer(name, data, len, lo, &img, err, sizeof(err)), err,
		       why);
}

/* The refusals the hostile files above do not reach: placement, decompression, layout. */
static void test_other_refusals(void **state)
{
	static uint8_t buf[16384], zeros[1 << 20];
	struct load_options lo = { .load_addr = 0x40000000, .max_size = MAX_SIZE };
	size_t len;
	uint8_t *elf = test_read_file(reference("arm64")->elf, &len);
	Elf64_Phdr *ph = (Elf64_Phdr *)(elf + ((Elf64_Ehdr *)elf)->e_phoff);

	(void)state;
	refused_with("empty.bin", buf, 0, &lo, "'empty.bin' is empty");

	lo.load_addr = UINT64_MAX - 8;
	refused_with("top.bin", buf, 16, &lo, "'top.bin' does not fit at --load 0xfffffffffffffff7");

	put64(buf + 16, 0x400000);		/* a good arm64 Image header, 4 MiB with bss */
	put64(buf + 24, 0xa);
	memcpy(buf + 56, "ARM\x64", 4);
	lo.load_addr = UINT64_MAX & ~UINT64_C(0x1fffff);
	refused_with("top.Image", buf, 8192, &lo, "'top.Image' does not fit at --load");

	memset(buf, 0, sizeof(buf));	/* a zImage whose payload inflates past the limit */
	put32(buf + 0x24, 0x016f2818);
	put32(buf + 0x2c, sizeof(buf));
	{
		z_stream zs = { 0 };

		assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
					      Z_DEFAULT_STRATEGY), Z_OK);
		zs.next_in = zeros;
		zs.avail_in = sizeof(zeros);
		zs.next_out = buf + 0x1000;
		zs.avail_out = sizeof(buf) - 0x1000;
		assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
		deflateEnd(&zs);
	}
	lo.load_addr = 0x40000000;
	lo.max_size = 65536;
	refused_with("bomb.zImage", buf, sizeof(buf), &lo, "decompresses to more than");
	lo.max_size = MAX_SIZE;
	lo.load_addr = 0x40000002;
	refused_with("odd.zImage", buf, sizeof(buf), &lo, "--load 0x40000002 is not 4-byte aligned");

	lo.load_addr = 0x40000000;
	ph->p_vaddr = ph->p_paddr = UINT64_MAX - 0x100;
	refused_with("wraps.elf", elf, len, &lo, "segment 0 wraps the address space");
	ph->p_vaddr = ph->p_paddr = 0x40000000;

	/* The same PT_LOAD n times, in a program header table appended to the file. */
	{
		Elf64_Phdr one = *ph;
		size_t n = IMAGE_MAX_SEGMENTS + 1, big = len + n * sizeof(one);
		uint8_t *many = malloc(big);

		assert_non_null(many);
		memcpy(many, elf, len);
		for (size_t i = 0; i < n; i++)
			memcpy(many + len + i * sizeof(one), &one, sizeof(one));
		((Elf64_Ehdr *)many)->e_phoff = len;
		((Elf64_Ehdr *)many)->e_phnum = 2;
		refused_with("overlap.elf", many, big, &lo, "'overlap.elf': loadable segments overlap");
		((Elf64_Ehdr *)many)->e_phnum = (Elf64_Half)n;
		refused_with("many.elf", many, big, &lo, "more than 16 loadable segments");
		free(many);
	}
	free(elf);
}

/* Section i's header in an ELF64 file. */
static Elf64_Shdr *shdr(uint8_t *elf, size_t i)
{
	return (Elf64_Shdr *)(elf + ((Elf64_Ehdr *)elf)->e_shoff) + i;
}

/* A fresh copy of `elf` in `bad`, and its symbol table's header there. */
static Elf64_Shdr *symtab_of(uint8_t *bad, const uint8_t *elf, size_t len)
{
	memcpy(bad, elf, len);
	for (size_t i = 0; i < ((Elf64_Ehdr *)bad)->e_shnum; i++)
		if (shdr(bad, i)->sh_type == SHT_SYMTAB)
			return shdr(bad, i);
	fail_msg("the reference stub has no symbol table");
	return NULL;
}

/* Loading `data` as `name` must succeed and find __hyp_stub_vectors. */
static void accepted(const char *name, const void *data, size_t len)
{
	struct load_options lo = { .load_addr = 0x40000000, .max_size = MAX_SIZE };
	struct stub_image img;
	uint64_t v;
	char err[512];

	if (image_load_buffer(name, data, len, &lo, &img, err, sizeof(err)))
		fail_msg("%s was refused: %s", name, err);
	if (!image_lookup(&img, "__hyp_stub_vectors", &v))
		fail_msg("%s: no __hyp_stub_vectors in %u symbols", name, img.nsym);
	assert_int_equal(v, STUB_BASE_ADDR);
	image_free(&img);
}

/*
 * A symbol table or string table that lies about its size or place is
 * refused with the file's name (libelf checks each section against the
 * file); sh_entsize is not believed, the class's entry size is used.
 */
static void test_elf_hostile_symbols(void **state)
{
	struct load_options lo = { .load_addr = 0x40000000, .max_size = MAX_SIZE };
	size_t len;
	uint8_t *elf = test_read_file(reference("arm64")->elf, &len), *bad = malloc(len);
	Elf64_Shdr *sym;

	(void)state;
	assert_non_null(bad);
	symtab_of(bad, elf, len);
	accepted("copy.elf", bad, len);

	symtab_of(bad, elf, len)->sh_size = sizeof(Elf64_Sym) << 36;	/* 2^36 symbols */
	refused_with("huge-symtab.elf", bad, len, &lo, "unreadable symbol table");
	symtab_of(bad, elf, len)->sh_size = UINT64_MAX;
	refused_with("max-symtab.elf", bad, len, &lo, "unreadable symbol table");
	symtab_of(bad, elf, len)->sh_offset = len + 4096;
	refused_with("symtab-past-end.elf", bad, len, &lo, "unreadable symbol table");
	symtab_of(bad, elf, len)->sh_size -= 1;
	refused_with("symtab-odd-size.elf", bad, len, &lo, "unreadable symbol table");

	symtab_of(bad, elf, len)->sh_entsize = 0;
	accepted("entsize-0.elf", bad, len);
	symtab_of(bad, elf, len)->sh_entsize = 1;
	accepted("entsize-1.elf", bad, len);
	symtab_of(bad, elf, len)->sh_entsize = UINT64_C(1) << 40;
	accepted("entsize-huge.elf", bad, len);

	symtab_of(bad, elf, len)->sh_link = 999;
	refused_with("link-none.elf", bad, len, &lo, "sh_link 999 is not a string table");
	symtab_of(bad, elf, len)->sh_link = 1;
	refused_with("link-text.elf", bad, len, &lo, "sh_link 1 is not a string table");

	sym = symtab_of(bad, elf, len);
	shdr(bad, sym->sh_link)->sh_size = UINT64_C(1) << 40;
	refused_with("huge-strtab.elf", bad, len, &lo, "unreadable symbol string table");
	sym = symtab_of(bad, elf, len);
	shdr(bad, sym->sh_link)->sh_offset = len + 4096;
	refused_with("strtab-past-end.elf", bad, len, &lo, "unreadable symbol string table");

	/* The last name runs to the end of its table, unterminated: read safely. */
	sym = symtab_of(bad, elf, len);
	bad[shdr(bad, sym->sh_link)->sh_offset + shdr(bad, sym->sh_link)->sh_size - 1] = 'X';
	{
		struct stub_image img;
		char err[512];

		if (image_load_buffer("unterminated.elf", bad, len, &lo, &img, err, sizeof(err)))
			fail_msg("unterminated.elf was refused: %s", err);
		image_free(&img);
	}

	sym = symtab_of(bad, elf, len);
	((Elf64_Sym *)(bad + sym->sh_offset))[sym->sh_size / sizeof(Elf64_Sym) - 1].st_name =
		0x7fffffff;
	refused_with("name-past-strtab.elf", bad, len, &lo,
		     "name (st_name 0x7fffffff) lies past its string table");
	free(bad);
	free(elf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf_good),
		cmocka_unit_test(test_vmlinux),
		cmocka_unit_test(test_vmlinux_refused),
		cmocka_unit_test(test_elf_many_symbols),
		cmocka_unit_test(test_elf_hostile),
		cmocka_unit_test(test_arm64_image),
		cmocka_unit_test(test_arm64_image_mapped),
		cmocka_unit_test(test_zimage),
		cmocka_unit_test(test_other_refusals),
		cmocka_unit_test(test_elf_hostile_symbols),
	};
	return cmocka_run_group_tests_name("loaders", tests, test_make_tmpdir, test_remove_tmpdir);
}

/* The booted kernel's own writes into its image (kernel_boot.h says which and why). */
#include "kernel_boot.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "find_bytes.h"
#include "le.h"

#define R_AARCH64_RELATIVE	UINT64_C(0x403)
#define RELA_SIZE		24	/* Elf64_Rela: r_offset, r_info, r_addend */
/* Fewer entries than this in a row are not a kernel's relocation table. */
#define RELA_MIN_RUN		64

/* The longest run of R_AARCH64_RELATIVE entries: its start and length, or 0. */
static size_t find_rela(const uint8_t *d, size_t size, size_t *start)
{
	size_t best = 0;

	for (size_t off = 8; off + 16 <= size; off += 8) {
		size_t n = 0;

		if (le64_get(d + off) != R_AARCH64_RELATIVE)
			continue;
		if (off >= 8 + RELA_SIZE && le64_get(d + off - RELA_SIZE) == R_AARCH64_RELATIVE)
			continue;	/* not the first of its run */
		while (off + n * RELA_SIZE + 16 <= size &&
		       le64_get(d + off + n * RELA_SIZE) == R_AARCH64_RELATIVE)
			n++;
		if (n > best) {
			best = n;
			*start = off - 8;
		}
	}
	return best;
}

/*
 * Where the export table says the kernel's variable `name` is, from the
 * start of d: the one PREL32 __ksymtab entry whose name offset (at +4,
 * relative to itself) reaches "name\0" in __ksymtab_strings. false unless
 * exactly one entry does, for exactly one such string.
 */
static bool find_export(const uint8_t *d, size_t size, const char *name, uint64_t *at)
{
	size_t found = 0;
	const uint8_t *s = NULL;

	/* "name\0" after a NUL: find_bytes is quick on a needle that does not start with a zero. */
	for (const uint8_t *p = d + 1; size > 1 &&
	     (p = find_bytes(p, size - (size_t)(p - d), name, strlen(name) + 1)) != NULL; p++) {
		if (p[-1] != 0)
			continue;
		if (s)
			return false;	/* two such strings: ambiguous */
		s = p;
	}
	if (!s)
		return false;
	for (size_t off = 0; off + 8 <= size; off += 4) {
		int64_t target = (int64_t)off + 4 + (int32_t)le32_get(d + off + 4);
		int64_t value = (int64_t)off + (int32_t)le32_get(d + off);

		if (target != s - d)
			continue;
		if (value < 0 || (uint64_t)value + 8 > size || value % 8)
			continue;
		if (found++)
			return false;
		*at = (uint64_t)value;
	}
	return found == 1;
}

int kernel_boot_plan(const struct segment *seg, struct kernel_boot *kb, char *why, size_t len)
{
	const uint8_t *d = seg->data;
	size_t size = (size_t)seg->size, rela = 0, n;
	uint64_t vaddr_at = 0, base = UINT64_MAX;

	memset(kb, 0, sizeof(*kb));
	n = find_rela(d, size, &rela);
	if (n < RELA_MIN_RUN) {
		snprintf(why, len, "no relocation table (R_AARCH64_RELATIVE entries) in the image");
		return -1;
	}
	if (!find_export(d, size, "kimage_voffset", &kb->voffset_at)) {
		snprintf(why, len, "kimage_voffset not found in the image's export table");
		return -1;
	}
	/* _text's virtual address (KIMAGE_VADDR, 2 MiB aligned at least): below every target. */
	for (size_t k = 0; k < n; k++) {
		uint64_t addend = le64_get(d + rela + k * RELA_SIZE + 16);

		if (addend < base)
			base = addend;
	}
	base &= ~(uint64_t)0x1fffff;
	for (size_t k = 0; k < n; k++) {
		uint64_t where = le64_get(d + rela + k * RELA_SIZE) - base;

		if (where > size - 8 || where % 8) {
			snprintf(why, len,
				 "relocation %zu of the table at +0x%zx is at 0x%" PRIx64
				 ", outside the image linked at 0x%" PRIx64,
				 k, rela, where + base, base);
			return -1;
		}
	}
	/* Where exported, kimage_vaddr is relocated to _text: it must agree. */
	if (find_export(d, size, "kimage_vaddr", &vaddr_at))
		for (size_t k = 0; k < n; k++) {
			const uint8_t *r = d + rela + k * RELA_SIZE;

			if (le64_get(r) - base == vaddr_at && le64_get(r + 16) != base) {
				snprintf(why, len,
					 "kimage_vaddr (+0x%" PRIx64 ") is 0x%" PRIx64
					 ", not the base 0x%" PRIx64 " of the relocations",
					 vaddr_at, le64_get(r + 16), base);
				return -1;
			}
		}
	kb->relocs = (unsigned int)n;
	kb->rela_at = rela;
	kb->link_base = base;
	kb->voffset = base - seg->addr;
	kb->voffset_set = true;
	return 0;
}

void kernel_boot_apply(const struct kernel_boot *kb, struct segment *seg)
{
	uint8_t *d = seg->data;

	for (size_t k = 0; k < kb->relocs; k++) {
		const uint8_t *r = d + kb->rela_at + k * RELA_SIZE;
		uint64_t addend = le64_get(r + 16);

		memcpy(d + (le64_get(r) - kb->link_base), &addend, sizeof(addend));
	}
	memcpy(d + kb->voffset_at, &kb->voffset, sizeof(kb->voffset));
}

int kernel_boot_arm64(struct segment *seg, struct kernel_boot *kb, char *why, size_t len)
{
	if (kernel_boot_plan(seg, kb, why, len))
		return -1;
	kernel_boot_apply(kb, seg);
	return 0;
}

void kernel_boot_describe(const struct kernel_boot *kb, char *buf, size_t len)
{
	snprintf(buf, len,
		 "as the booted kernel has it: %u relocations applied (table at +0x%" PRIx64
		 ", linked at 0x%" PRIx64 "), kimage_voffset at +0x%" PRIx64 " = 0x%" PRIx64,
		 kb->relocs, kb->rela_at, kb->link_base, kb->voffset_at, kb->voffset);
}

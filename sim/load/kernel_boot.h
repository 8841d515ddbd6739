/*
 * What a booted arm64 kernel has written into its own image by the time
 * KVM's code runs, for the stubs that run inside a running kernel (KVM's
 * nVHE host vectors): the code there loads pointers the file holds as
 * zeros.
 *
 * - Its relocations applied. An arm64 Image is linked relocatable with
 *   --no-apply-dynamic-relocs: every absolute address in it (a literal
 *   such as `ldr x5, =__kvm_handle_stub_hvc`) is 0 in the file, and the
 *   kernel writes it early in boot from its own R_AARCH64_RELATIVE table
 *   (arch/arm64/kernel/head.S, __relocate_kernel; pi/relocate.c since
 *   v6.9). With no KASLR offset each place gets its addend: the link-time
 *   virtual address.
 * - kimage_voffset = the kernel's virtual address minus its physical one
 *   (head.S __primary_switched: kimage_vaddr - __PHYS_OFFSET), which
 *   __pa() of a kernel address subtracts. v5.10's host vectors use it to
 *   branch to the physical address of __kvm_handle_stub_hvc.
 *
 * Both are found by the kernel's own data, not by offsets: the relocation
 * table is the longest run of Elf64_Rela entries of type
 * R_AARCH64_RELATIVE; kimage_vaddr and kimage_voffset are found by name
 * through the kernel's export table (__ksymtab, PREL32 entries since
 * v4.19: a value offset, then a name offset into __ksymtab_strings).
 */
#ifndef HYPABI_KERNEL_BOOT_H
#define HYPABI_KERNEL_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image.h"

struct kernel_boot {
	unsigned int relocs;		/* relocations applied */
	uint64_t rela_at;		/* where the table starts, from the segment's start */
	uint64_t link_base;		/* the virtual address of _text (kimage_vaddr) */
	bool voffset_set;
	uint64_t voffset_at;		/* where kimage_voffset is, from the segment's start */
	uint64_t voffset;		/* what was written there */
};

/*
 * Write into seg (an arm64 kernel Image, _text at its start, placed at
 * seg->addr) what the booted kernel has there. 0 with kb filled; -1 with
 * why set (seg untouched) when the image does not hold what that takes.
 */
int kernel_boot_arm64(struct segment *seg, struct kernel_boot *kb, char *why, size_t len);
/*
 * The same in two steps: what the kernel would write, found in seg (only
 * read), then written into seg's bytes, or those of a copy of it (so that
 * an image that holds nothing to write is never copied).
 */
int kernel_boot_plan(const struct segment *seg, struct kernel_boot *kb, char *why, size_t len);
void kernel_boot_apply(const struct kernel_boot *kb, struct segment *seg);

/* One line saying what kernel_boot_arm64 provided. */
void kernel_boot_describe(const struct kernel_boot *kb, char *buf, size_t len);

#endif

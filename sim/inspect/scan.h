/* Candidate HYP stub vector tables in a blob of code (scan.c says how they are found). */
#ifndef HYPABI_SCAN_H
#define HYPABI_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCAN_MAX_CANDIDATES	64
#define SCAN_MAX_NUMBER		16	/* compares with numbers below this count as dispatch */

struct scan_candidate {
	bool payload;		/* in a zImage's decompressed kernel, not in the file */
	uint64_t offset;	/* of the vector table, from the start of the file / payload */
	uint32_t numbers;	/* bit n: the code compares x0/r0 with n */
	bool stub_err;		/* the code builds HVC_STUB_ERR */
	const char *symbol;	/* the ELF symbol at its vectors (a vmlinux's), or NULL */
	char why[160];
};

struct scan_result {
	struct scan_candidate c[SCAN_MAX_CANDIDATES];
	unsigned int n;
	bool truncated;		/* more candidates than SCAN_MAX_CANDIDATES */
};

struct stub_image;
struct arch_desc;

/*
 * Scan data as code of arch, its candidates appended to res in offset
 * order, on up to jobs threads (a blob of a few megabytes takes one): the
 * same result for any number. -1 if Capstone cannot be opened.
 */
int scan_blob(const struct arch_desc *arch, const uint8_t *data, size_t len, unsigned int jobs,
	      struct scan_result *res);
/*
 * Scan a loaded image: its first segment (the file's bytes, for raw
 * blobs, Images and zImages) and a zImage's decompressed kernel.
 */
int scan_image(const struct arch_desc *arch, const struct stub_image *img, unsigned int jobs,
	       struct scan_result *res);
/* The candidate's vector base once img is placed (and its payload, if it is in one). */
uint64_t scan_vectors(const struct stub_image *img, const struct scan_candidate *c);

#endif

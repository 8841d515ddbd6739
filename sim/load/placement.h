/*
 * Where a stub goes and where its vectors are: a STUB file and the
 * user's options become a loaded, placed image with a checked vector
 * base, or a one-line error that names the file or the option.
 */
#ifndef HYPABI_PLACEMENT_H
#define HYPABI_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "image.h"

/* "--vectors payload+OFFSET": a stub in the kernel a zImage decompresses. */
#define PAYLOAD_PREFIX	"payload+"

/* What the user asked for; NULL strings and false flags: the defaults. */
struct placement {
	const char *path;
	const char *arch;		/* --arch */
	bool has_load;
	uint64_t load;			/* --load */
	const char *vectors;		/* --vectors: ADDR, SYMBOL, +OFFSET, payload+OFFSET */
	const char *initial_vectors;	/* --initial-vectors */
	/* Without --initial-vectors, RESET_VECTORS restores the stub's own vectors. */
	bool initial_is_own;
	uint64_t max_size;		/* --max-image-size */
};

struct placed_stub {
	struct stub_image img;
	const struct arch_desc *arch;
	uint64_t vectors;
	bool in_payload;		/* the vectors are in a zImage's kernel */
	uint64_t initial_vectors;	/* what RESET_VECTORS must restore */
	bool initial_vectors_known;
	const char *initial_vectors_why;	/* when not known */
};

/*
 * Load and place p->path and, unless vectors_later, resolve its vectors.
 * 0, or -1 with the reason in err (st needs placed_stub_free either way).
 */
int stub_place(const struct placement *p, bool vectors_later, struct placed_stub *st,
	       char *err, size_t errlen);
/* Take vectors as the stub's vector base (checked) and work out the initial vectors. */
int stub_set_vectors(struct placed_stub *st, const struct placement *p, uint64_t vectors,
		     char *err, size_t errlen);
void placed_stub_free(struct placed_stub *st);
/* "+0x..." / "payload+0x...": the stub's name among the stubs of its file. */
void stub_selector(const struct placed_stub *st, char *buf, size_t len);

#endif

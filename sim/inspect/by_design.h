/*
 * Blocks of the stub's code that no call ran and that cannot run on the
 * emulated core, with the reason: an honest, small classifier. A block
 * gets a reason only when every way into it from the vector entry passes
 * a branch whose way an ID register field decides (arch_desc.id_gate), and
 * that field's value on this core sends the branch the other way. Every
 * other block no call ran stays "not covered", with no excuse.
 */
#ifndef HYPABI_BY_DESIGN_H
#define HYPABI_BY_DESIGN_H

#include <stddef.h>

#include "arch.h"
#include "coverage.h"
#include "image.h"

/* What the core's MRS of g's ID register reads: 0, or -1 if it cannot say. */
typedef int by_design_read(void *ctx, const struct id_gate *g, uint64_t *val);

/*
 * Classify c's blocks no call ran (c->why, reasons, by_design), from img's
 * code as arch's, with read for the ID register values of core cpu. Reads
 * nothing when every block ran or no block ends in an ID gate. 0, or -1:
 * memory (then nothing is classified).
 */
int by_design_classify(struct coverage *c, const struct arch_desc *arch,
		       const struct stub_image *img, by_design_read *read, void *ctx,
		       const char *cpu);
/* Block b's reason, "ID_AA64PFR0_EL1.SVE = 0 on a57: the cbz at 0x... always branches away"; NULL if none. */
const char *by_design_text(const struct coverage *c, unsigned int b, char *buf, size_t len);
/* The fields behind every reason, "ID_AA64PFR0_EL1.SVE = 0, ID_AA64MMFR1_EL1.VH = 0 on a57"; "" if none. */
const char *by_design_summary(const struct coverage *c, char *buf, size_t len);

#endif

/*
 * FEAT_VHE's system register accesses, which hypabi supplies on a core
 * that has VHE (core->vhe) because Unicorn 2.0.1 leaves them out
 * (vhe.c says what and why).
 */
#ifndef HYPABI_AARCH64_VHE_H
#define HYPABI_AARCH64_VHE_H

#include <stdbool.h>

#include "emu.h"

/* Unicorn's id of xn, n < 31 (emu.c). */
int aarch64_xreg_id(unsigned int n);

/*
 * TLBI ALLE2 and ALLE1 through Unicorn's register interface: every
 * cached translation of the EL2&0 and EL1&0 regimes goes (a raw write of
 * a translation register does not drop them, as QEMU's own write does).
 */
int aarch64_flush_translations(struct core *core);

/*
 * An MRS (write false) or MSR (write true) of the register cp names is
 * about to run; reg is Xt's Unicorn id for an MRS. True if it is an EL1
 * register name that HCR_EL2.E2H redirects to its EL2 register at EL2:
 * done here (Xt written, or the EL2 register), and the instruction must
 * be skipped.
 */
bool vhe_redirect(struct core *core, int reg, const uc_arm64_cp_reg *cp, bool write);

/*
 * The instruction insn at pc is UNDEFINED to the emulated core. True if
 * it is an MRS/MSR of an *_EL12 name at EL2 with HCR_EL2.E2H set, which
 * reaches the EL1 register: done here, pc not moved.
 */
bool vhe_emulate_el12(struct core *core, uint32_t insn);

#endif

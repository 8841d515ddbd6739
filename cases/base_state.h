/*
 * The state a case starts from besides the caller's general registers:
 * the EL2 and EL1 system registers the ABI leaves free (the fields the
 * arch's description lists as varied), and the FP/SIMD registers. Drawn
 * per case from its own seed, so a case is remade the same.
 */
#ifndef HYPABI_BASE_STATE_H
#define HYPABI_BASE_STATE_H

#include "caselist.h"

/*
 * Give c (its preconditions, el2_mmu_on and el1_mmu_on, already set) its
 * base state: every varied field drawn, unless its regime is on; every
 * other bit the arch's fixed value. FPCR/FPSR (FPSCR) drawn in the bits
 * the arch varies; every FP/SIMD register the call may change, random.
 */
void base_state_fill(const struct case_config *cfg, struct hyp_case *c);

/* The field's value v put in place in its mask. */
uint64_t sysreg_field_place(const struct sysreg_field *f, uint64_t v);

#endif

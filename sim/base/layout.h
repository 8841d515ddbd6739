/*
 * Where the harness puts its own things in the emulated address space.
 * Everything lives in one window below 4 GiB so both arches share it;
 * a stub image may be placed anywhere else.
 */
#ifndef HYPABI_LAYOUT_H
#define HYPABI_LAYOUT_H

#include "bits.h"

#define PAGE_SIZE		U(0x1000)

#define HARNESS_BASE		U(0xf0000000)
#define HARNESS_SIZE		U(0x01000000)

#define CALLER_CODE		(HARNESS_BASE + U(0x000000))	/* the caller's hvc */
#define CALLER_CODE_SIZE	PAGE_SIZE
#define CALLER_CODE_THUMB	(CALLER_CODE + U(0x100))	/* a T32 caller (arm) */
#define TRAMPOLINE		(HARNESS_BASE + U(0x001000))	/* exception-entry helper */
#define TRAMPOLINE_SIZE		PAGE_SIZE
#define HARNESS_PGTABLE		(HARNESS_BASE + U(0x002000))	/* EL2 identity map */
#define HARNESS_PGTABLE_SIZE	PAGE_SIZE
/*
 * The caller's own identity map at EL1 (FINALISE_EL2 cases, which the
 * kernel makes with its MMU on): the same level 1 blocks of 1 GiB as the
 * EL2 one, with the attribute index of Normal write-back memory in the
 * caller's MAIR_EL1. A stub that moves the caller's translation to EL2
 * translates through it there.
 */
#define HARNESS_EL1_PGTABLE	(HARNESS_BASE + U(0x004000))
#define HARNESS_EL1_ATTRINDX	U(1)
#define LANDING_PAD		(HARNESS_BASE + U(0x010000))	/* SOFT_RESTART targets */
#define LANDING_PAD_SIZE	U(0x10000)
#define CALLER_STACK		(HARNESS_BASE + U(0x100000))	/* the caller's stack */
#define CALLER_STACK_SIZE	U(0x10000)
/*
 * The stack KVM's own EL2 code runs on, given to the kinds of stub that
 * need one (KVM's host vectors push on it first); none is promised at boot.
 */
#define EL2_STACK		(HARNESS_BASE + U(0x120000))
#define EL2_STACK_SIZE		U(0x4000)

/* Default place for a raw blob: the RAM base of QEMU's "virt" board. */
#define DEFAULT_LOAD_ADDR	U(0x40000000)

#endif

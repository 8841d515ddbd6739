/* ABI profiles (function numbers as data) and roles (what a stub must implement). */
#ifndef HYPABI_PROFILE_H
#define HYPABI_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum hyp_function {
	FN_SET_VECTORS,
	FN_SOFT_RESTART,
	FN_RESET_VECTORS,
	FN_FINALISE_EL2,	/* HVC_VHE_RESTART in v5.12-v5.19 */
	FN_GET_ICH_VTR_EL2,
	FN_GET_VECTORS,		/* v4.7-v4.11 (arm64), before v4.12 (arm): x0/r0 = VBAR */
	FN_UNKNOWN,		/* any number the profile does not define */
	FN_COUNT
};

#define FN_BIT(fn)	(1u << (fn))

#define FN_NONE	(-1)
/*
 * A function with no number of its own: every value no other function
 * takes calls it (arm before v4.12: any r0 but -1 is SET_VECTORS, with
 * the vectors in r0). An era with one has no unknown numbers.
 */
#define FN_ANY	(-2)

/*
 * The kinds of stub real kernels contain, each judged by what its kind
 * must do in its era. The first two are the roles hyp-abi.txt names:
 * the initial (boot) stub and a Linux hypervisor (KVM's hyp-init).
 */
enum role {
	ROLE_INITIAL,		/* the boot stub, __hyp_stub_vectors ("boot") */
	ROLE_HYPERVISOR,	/* KVM's hyp-init vectors ("kvm-hyp-init") */
	ROLE_KVM_HOST,		/* KVM's nVHE host vectors (arm64) */
	ROLE_TRANS_PGD,		/* trans_pgd's relocator, for kexec and hibernate (arm64) */
	ROLE_ZIMAGE,		/* the arm zImage decompressor's stub */
	ROLE_ARM_KERNEL,	/* the arm kernel proper's stub */
	ROLE_COUNT
};

/* A kind of stub: its names, what it is, where it exists and how a scan knows it. */
struct role_desc {
	const char *name;		/* as --kind and reports name it */
	const char *alias;		/* another name --kind and --role take, or NULL */
	const char *what;
	const char *arches;		/* comma-separated arch names it exists on */
	bool hypervisor;		/* replaces the boot stub: EL2 MMU may be on, others' numbers free */
	/* A scanned stub is of this kind if it compares with all of has and none of lacks. */
	uint32_t has, lacks;
	bool el2_stack;			/* runs on KVM's EL2 stack: the harness gives it one */
	/* runs in a booted kernel: finds the kernel's boot-time writes in its image (kernel_boot.h) */
	bool booted_kernel;
	/* switches the kernel to VHE at FINALISE_EL2 (the boot stub; others answer HVC_STUB_ERR) */
	bool switches_vhe;
	/*
	 * An hvc from EL2 itself reaches it: the boot stub's +0x200 entry,
	 * handled from v5.13 (profile.el2_calls). KVM's and trans_pgd's EL2h
	 * entries spin or panic in every era (ABI-HISTORY.md s2): not judged.
	 */
	bool el2_caller;
};

extern const struct role_desc role_descs[ROLE_COUNT];

/* A kernel version, major.minor, as eras are counted. */
struct kernel_version {
	unsigned int major, minor;
};

/*
 * One era of the ABI as data: the function numbers, the conventions, the
 * kernels that speak it, and what each role must implement in it.
 */
struct profile {
	const char *name;
	const char *summary;
	const char *source;		/* where the numbers and conventions come from */
	const char *arches;		/* comma-separated arch names it applies to */
	struct kernel_version since;	/* the first kernel of the era, on its arches */
	const int64_t *number;		/* [FN_COUNT]; FN_NONE: not in this era; FN_UNKNOWN unused */
	/*
	 * The error answer: HVC_STUB_ERR (v4.12+), ARM_EXCEPTION_HYP_GONE
	 * (arm64 v4.7-v4.11), or none (arm before v4.12: error_name NULL).
	 * stub_err_alt, when not 0, is taken as the error too: an era whose
	 * value is not pinned down (eras.def says why).
	 */
	const char *error_name;
	uint64_t stub_err;
	uint64_t stub_err_alt;
	/*
	 * Success has no value (before v4.12): the stub leaves x0 as it
	 * likes (SET_VECTORS left the number there) and the era's callers
	 * ignore it, so return-code does not apply. Otherwise x0 = 0.
	 */
	bool success_any_x0;
	/* SET_VECTORS takes its vectors in x0/r0 (arm before v4.12), not x1/r1. */
	bool vectors_in_x0;
	/*
	 * General registers the era lets the stub clobber beyond the ABI's
	 * clobber set (arm64 v4.7-v4.11: x30, the stub's scratch), as bits
	 * of gpr[] and as a name for reports; 0 and NULL if none.
	 */
	uint64_t extra_clobber_gprs;
	const char *extra_clobber_text;
	uint64_t hcall_nr;		/* HVC_STUB_HCALL_NR: first number past the stub's */
	uint64_t reserved_limit;	/* numbers below this are reserved for the stub ABI */
	/*
	 * An hvc taken from EL2 itself (vector +0x200) is handled by the
	 * stub (v5.13+); before that the stub spins there, which is allowed.
	 */
	bool el2_calls;
	const uint32_t *requires;	/* [ROLE_COUNT]: FN_BITs a stub of the kind must implement */
	const uint32_t *judges;		/* [ROLE_COUNT]: FN_BITs whose calls are judged */
};

extern const struct profile profiles[];
extern const unsigned int nprofiles;

const struct profile *profile_by_name(const char *name);
/*
 * The era a kernel of version v on arch speaks: the newest profile of the
 * arch that v has reached. NULL for a kernel older than every profile.
 */
const struct profile *profile_for_version(const char *arch, struct kernel_version v);
bool profile_has_arch(const struct profile *p, const char *arch);
const char *function_name(enum hyp_function fn);
/* The function a number calls under the profile (FN_UNKNOWN if none). */
enum hyp_function profile_function(const struct profile *p, uint64_t number);
/* Whether x0/r0 after a call is the era's error answer. */
bool profile_is_error(const struct profile *p, uint64_t x0);
/* Whether some number calls no function in the era (not so if one function takes any). */
bool profile_has_unknown(const struct profile *p);
/* The general register SET_VECTORS takes its vectors in: 1, or 0 (vectors_in_x0). */
unsigned int profile_vectors_gpr(const struct profile *p);

const char *role_name(enum role r);
int role_by_name(const char *name, enum role *r);
bool role_is_hypervisor(enum role r);
bool role_has_arch(enum role r, const char *arch);
/*
 * The kind of a stub that compares the function register with the
 * functions in fns (FN_BITs), on arch; why says so in one line.
 */
enum role role_guess(uint32_t fns, const char *arch, char *why, size_t len);
/*
 * The kind of stub whose vector table a kernel names symbol on arch (a
 * vmlinux's symbols), with why; false if the name is none of theirs.
 */
bool role_by_symbol(const char *symbol, const char *arch, enum role *r, char *why, size_t len);
/* Whether a stub in the role must implement fn (not answer HVC_STUB_ERR) in p's era. */
bool profile_requires(const struct profile *p, enum role r, enum hyp_function fn);
/* Whether calls of fn are judged at all under the role in p's era. */
bool profile_judges(const struct profile *p, enum role r, enum hyp_function fn);
/* Whether a stub of the role must handle an hvc from EL2 itself in p's era (else it may spin). */
bool profile_handles_el2_calls(const struct profile *p, enum role r);

#endif

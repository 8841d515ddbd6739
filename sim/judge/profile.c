#include "profile.h"

#include <stdio.h>
#include <string.h>

#include "hyp_abi_defs.h"

#define STUB3	(FN_BIT(FN_SET_VECTORS) | FN_BIT(FN_SOFT_RESTART) | FN_BIT(FN_RESET_VECTORS))
#define KVM2	(FN_BIT(FN_SOFT_RESTART) | FN_BIT(FN_RESET_VECTORS))
#define FIN	FN_BIT(FN_FINALISE_EL2)
#define ICH	FN_BIT(FN_GET_ICH_VTR_EL2)
#define UNK	FN_BIT(FN_UNKNOWN)
#define SET_SOFT	(FN_BIT(FN_SET_VECTORS) | FN_BIT(FN_SOFT_RESTART))
#define GET_SET		(FN_BIT(FN_GET_VECTORS) | FN_BIT(FN_SET_VECTORS))

/* ABI-HISTORY.md s6 (arm64 implementers) and s5 (arm), read from Debian's kernels. */
const struct role_desc role_descs[ROLE_COUNT] = {
	[ROLE_INITIAL] = { .name = "initial", .alias = "boot",
			   .what = "the boot stub (__hyp_stub_vectors)", .arches = "arm64,arm",
			   .has = STUB3, .switches_vhe = true, .el2_caller = true },
	[ROLE_HYPERVISOR] = { .name = "hypervisor", .alias = "kvm-hyp-init",
			      .what = "KVM's hyp-init vectors: a hypervisor that replaced the boot stub",
			      .arches = "arm64,arm", .hypervisor = true,
			      .has = FN_BIT(FN_RESET_VECTORS), .lacks = FN_BIT(FN_SET_VECTORS) },
	[ROLE_TRANS_PGD] = { .name = "trans-pgd",
			     .what = "trans_pgd's stub, which moves a kernel for kexec and hibernate",
			     .arches = "arm64", .has = SET_SOFT, .lacks = FN_BIT(FN_RESET_VECTORS) },
	[ROLE_ZIMAGE] = { .name = "zimage", .what = "the arm zImage decompressor's stub",
			  .arches = "arm", .has = SET_SOFT, .lacks = FN_BIT(FN_RESET_VECTORS) },
	[ROLE_ARM_KERNEL] = { .name = "arm-kernel", .what = "the arm kernel proper's stub",
			      .arches = "arm", .has = FN_BIT(FN_SOFT_RESTART),
			      .lacks = FN_BIT(FN_SET_VECTORS) | FN_BIT(FN_RESET_VECTORS) },
	/* Last: it compares with none of them (it forwards them to KVM's handler). */
	[ROLE_KVM_HOST] = { .name = "kvm-host",
			    .what = "KVM's nVHE host vectors, which run on KVM's own EL2 stack",
			    .arches = "arm64", .hypervisor = true, .lacks = STUB3,
			    .el2_stack = true, .booted_kernel = true },
};

/* What each kind must implement and what of it is judged, by era. */
#define HYPERVISOR_RULES(fns)	[ROLE_HYPERVISOR] = (fns), [ROLE_KVM_HOST] = (fns)
#define STUB_REQUIRES(boot, relocator, zimage, arm_kernel)				\
	[ROLE_INITIAL] = (boot), HYPERVISOR_RULES(KVM2), [ROLE_TRANS_PGD] = (relocator),	\
	[ROLE_ZIMAGE] = (zimage), [ROLE_ARM_KERNEL] = (arm_kernel)
#define STUB_JUDGES(own, hypervisor)							\
	[ROLE_INITIAL] = (own), HYPERVISOR_RULES(hypervisor), [ROLE_TRANS_PGD] = (own),	\
	[ROLE_ZIMAGE] = (own), [ROLE_ARM_KERNEL] = (own)

/*
 * hyp-abi.txt: SET_VECTORS is "only implemented by the initial stubs,
 * not by Linux hypervisors"; RESET_VECTORS and SOFT_RESTART are for all.
 * Other numbers are "hypervisor-specific" for a hypervisor: not judged;
 * the initial stub answers them HVC_STUB_ERR (the kernel's own stubs).
 * FINALISE_EL2 is judged but not required: on a core without VHE the
 * boot stub answers it HVC_STUB_ERR (ABI-HISTORY.md s3).
 */
/* The function numbers of each era (virt.h); FN_NONE: the era has no such function. */
#define NUMBERS(...)	NUMBERS_OF(__VA_ARGS__)	/* expands V4_12_NUMBERS first */
#define NUMBERS_OF(set, soft_restart, reset, finalise, get_ich_vtr, get_vectors)	\
	{ [FN_SET_VECTORS] = (set), [FN_SOFT_RESTART] = (soft_restart),			\
	  [FN_RESET_VECTORS] = (reset), [FN_FINALISE_EL2] = (finalise),			\
	  [FN_GET_ICH_VTR_EL2] = (get_ich_vtr), [FN_GET_VECTORS] = (get_vectors),	\
	  [FN_UNKNOWN] = FN_NONE }
#define V4_12_NUMBERS	HVC_SET_VECTORS, HVC_SOFT_RESTART, HVC_RESET_VECTORS
static const int64_t numbers_v4_12[FN_COUNT] = NUMBERS(V4_12_NUMBERS, FN_NONE, FN_NONE, FN_NONE);
static const int64_t numbers_v5_12[FN_COUNT] =
	NUMBERS(V4_12_NUMBERS, HVC_FINALISE_EL2, FN_NONE, FN_NONE);
static const int64_t numbers_v6_19[FN_COUNT] =
	NUMBERS(V4_12_NUMBERS, HVC_FINALISE_EL2, HVC_GET_ICH_VTR_EL2, FN_NONE);
/* Before v4.12 (ABI-HISTORY.md s1, s5): GET_VECTORS, and no RESET_VECTORS. */
static const int64_t numbers_v4_7[FN_COUNT] =
	NUMBERS(HVC_SET_VECTORS_V4_7, FN_NONE, FN_NONE, FN_NONE, FN_NONE, HVC_GET_VECTORS_V4_7);
static const int64_t numbers_v4_8[FN_COUNT] = NUMBERS(HVC_SET_VECTORS_V4_7, HVC_SOFT_RESTART_V4_8,
	FN_NONE, FN_NONE, FN_NONE, HVC_GET_VECTORS_V4_7);
/* arm before v4.12: r0 == -1 reads HVBAR; every other r0 is the vectors to set. */
static const int64_t numbers_arm_legacy[FN_COUNT] =
	NUMBERS(FN_ANY, FN_NONE, FN_NONE, FN_NONE, FN_NONE, HVC_GET_VECTORS_ARM_LEGACY);

/* What each kind must implement, and what is judged, by era. */
static const uint32_t requires_v4_12[ROLE_COUNT] = { STUB_REQUIRES(STUB3, SET_SOFT, STUB3, STUB3) };
static const uint32_t requires_v6_19[ROLE_COUNT] = {
	STUB_REQUIRES(STUB3 | ICH, SET_SOFT, STUB3, STUB3)
};
static const uint32_t requires_arm_v5_7[ROLE_COUNT] = {
	STUB_REQUIRES(SET_SOFT, SET_SOFT, SET_SOFT, FN_BIT(FN_SOFT_RESTART))
};
/*
 * Before v4.12 no kind but the boot stub existed as such: the arm zImage
 * and kernel ran the boot stub's code (ABI-HISTORY.md s5), trans_pgd came
 * in v5.16. KVM's code of the era (hyp-init: every hvc the init call;
 * its main vector: GET_VECTORS, then function pointers; s6, believed) is
 * judged on the stub's functions it answers and required to have none.
 */
#define LEGACY_REQUIRES(boot)								\
	[ROLE_INITIAL] = (boot), HYPERVISOR_RULES(0), [ROLE_TRANS_PGD] = (boot),	\
	[ROLE_ZIMAGE] = (boot), [ROLE_ARM_KERNEL] = (boot)
static const uint32_t requires_v4_7[ROLE_COUNT] = { LEGACY_REQUIRES(GET_SET) };
static const uint32_t requires_v4_8[ROLE_COUNT] = {
	LEGACY_REQUIRES(GET_SET | FN_BIT(FN_SOFT_RESTART))
};
static const uint32_t judges_v4_7[ROLE_COUNT] = { STUB_JUDGES(GET_SET | UNK, GET_SET) };
static const uint32_t judges_v4_8[ROLE_COUNT] = {
	STUB_JUDGES(GET_SET | FN_BIT(FN_SOFT_RESTART) | UNK, GET_SET | FN_BIT(FN_SOFT_RESTART))
};
/* No unknown numbers: every r0 is a function. */
static const uint32_t judges_arm_legacy[ROLE_COUNT] = { STUB_JUDGES(GET_SET, GET_SET) };
static const uint32_t judges_v4_12[ROLE_COUNT] = { STUB_JUDGES(STUB3 | UNK, STUB3) };
static const uint32_t judges_v5_12[ROLE_COUNT] = { STUB_JUDGES(STUB3 | FIN | UNK, STUB3 | FIN) };
static const uint32_t judges_v6_19[ROLE_COUNT] = {
	STUB_JUDGES(STUB3 | FIN | ICH | UNK, STUB3 | FIN | ICH)
};

/* "values below 0xfff reserved" since v4.7 (virt.h): the unknown numbers tried most. */
#define RESERVED_LIMIT	0x1000
/* HVC_STUB_ERR and success x0 = 0 since v4.12 (af42f20480bf1). */
#define STUB_ERR_CONVENTION	.error_name = "HVC_STUB_ERR", .stub_err = HVC_STUB_ERR,	\
				.reserved_limit = RESERVED_LIMIT
/*
 * arm64 v4.7-v4.11: other numbers answer ARM_EXCEPTION_HYP_GONE, success
 * leaves x0 as it is (SET_VECTORS: still 1), and the stub uses x30 (lr)
 * as scratch, so its callers save lr around the hvc.
 */
#define HYP_GONE_CONVENTION	.error_name = "ARM_EXCEPTION_HYP_GONE",			\
				.stub_err = ARM_EXCEPTION_HYP_GONE, .success_any_x0 = true,	\
				.reserved_limit = RESERVED_LIMIT,				\
				.extra_clobber_gprs = UINT64_C(1) << 30,			\
				.extra_clobber_text = "x30 (lr), the stub's scratch"

const struct profile profiles[] = {
#define ERA(...) { __VA_ARGS__ },
#include "eras.def"
#undef ERA
};

const unsigned int nprofiles = sizeof(profiles) / sizeof(profiles[0]);

static bool version_reached(struct kernel_version v, struct kernel_version since)
{
	return v.major > since.major || (v.major == since.major && v.minor >= since.minor);
}

const struct profile *profile_for_version(const char *arch, struct kernel_version v)
{
	const struct profile *best = NULL;

	for (unsigned int i = 0; i < nprofiles; i++) {
		const struct profile *p = &profiles[i];

		if (profile_has_arch(p, arch) && version_reached(v, p->since) &&
		    (!best || version_reached(p->since, best->since)))
			best = p;
	}
	return best;
}

const struct profile *profile_by_name(const char *name)
{
	for (unsigned int i = 0; i < nprofiles; i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

static bool in_list(const char *list, const char *word);

bool profile_has_arch(const struct profile *p, const char *arch)
{
	return in_list(p->arches, arch);
}

const char *function_name(enum hyp_function fn)
{
	static const char *const names[FN_COUNT] = {
		[FN_SET_VECTORS] = "SET_VECTORS",
		[FN_SOFT_RESTART] = "SOFT_RESTART",
		[FN_RESET_VECTORS] = "RESET_VECTORS",
		[FN_FINALISE_EL2] = "FINALISE_EL2",
		[FN_GET_ICH_VTR_EL2] = "GET_ICH_VTR_EL2",
		[FN_GET_VECTORS] = "GET_VECTORS",
		[FN_UNKNOWN] = "unknown",
	};
	return names[fn];
}

static bool numbered(const struct profile *p, int fn)
{
	return p->number[fn] != FN_NONE && p->number[fn] != FN_ANY;
}

enum hyp_function profile_function(const struct profile *p, uint64_t number)
{
	for (int fn = 0; fn < FN_UNKNOWN; fn++)
		if (numbered(p, fn) && (uint64_t)p->number[fn] == number)
			return (enum hyp_function)fn;
	for (int fn = 0; fn < FN_UNKNOWN; fn++)
		if (p->number[fn] == FN_ANY)
			return (enum hyp_function)fn;
	return FN_UNKNOWN;
}

bool profile_has_unknown(const struct profile *p)
{
	for (int fn = 0; fn < FN_UNKNOWN; fn++)
		if (p->number[fn] == FN_ANY)
			return false;
	return true;
}

bool profile_is_error(const struct profile *p, uint64_t x0)
{
	return p->error_name && (x0 == p->stub_err || (p->stub_err_alt && x0 == p->stub_err_alt));
}

unsigned int profile_vectors_gpr(const struct profile *p)
{
	return p->vectors_in_x0 ? 0 : 1;
}

const char *role_name(enum role r)
{
	return role_descs[r].name;
}

int role_by_name(const char *name, enum role *r)
{
	for (int k = 0; k < ROLE_COUNT; k++) {
		const struct role_desc *d = &role_descs[k];

		if (strcmp(name, d->name) == 0 || (d->alias && strcmp(name, d->alias) == 0)) {
			*r = (enum role)k;
			return 0;
		}
	}
	return -1;
}

bool role_is_hypervisor(enum role r)
{
	return role_descs[r].hypervisor;
}

static bool in_list(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *s = list; *s;) {
		size_t len = strcspn(s, ",");

		if (len == n && strncmp(s, word, n) == 0)
			return true;
		s += len + (s[len] == ',');
	}
	return false;
}

bool role_has_arch(enum role r, const char *arch)
{
	return in_list(role_descs[r].arches, arch);
}

/* "SET_VECTORS SOFT_RESTART": the functions of mask. */
static void function_list(uint32_t mask, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int fn = 0; fn < FN_UNKNOWN && used < len; fn++)
		if (mask & FN_BIT(fn))
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? " " : "",
						 function_name((enum hyp_function)fn));
}

enum role role_guess(uint32_t fns, const char *arch, char *why, size_t len)
{
	static const enum role order[] = {
		ROLE_INITIAL, ROLE_HYPERVISOR, ROLE_TRANS_PGD, ROLE_ZIMAGE, ROLE_ARM_KERNEL,
		ROLE_KVM_HOST,
	};
	char has[96];

	function_list(fns & STUB3, has, sizeof(has));
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const struct role_desc *d = &role_descs[order[i]];

		if (role_has_arch(order[i], arch) && (fns & d->has) == d->has && !(fns & d->lacks)) {
			snprintf(why, len, "%s: its code compares the function number with %s", d->name,
				 has[0] ? has : "none of SET_VECTORS, SOFT_RESTART, RESET_VECTORS");
			return order[i];
		}
	}
	snprintf(why, len, "hypervisor: no kind fits the functions its code compares with (%s)",
		 has[0] ? has : "none of the functions");
	return ROLE_HYPERVISOR;
}

bool role_by_symbol(const char *symbol, const char *arch, enum role *r, char *why, size_t len)
{
	/* The vector tables' names in the kernel's sources (ABI-HISTORY.md s6). */
	static const struct {
		const char *symbol, *arch, *source;
		enum role role;
	} names[] = {
		{ "__hyp_stub_vectors", "arm64", "arch/arm64/kernel/hyp-stub.S", ROLE_INITIAL },
		{ "__kvm_hyp_init", "arm64", "arch/arm64/kvm/hyp/nvhe/hyp-init.S", ROLE_HYPERVISOR },
		{ "__kvm_hyp_host_vector", "arm64", "arch/arm64/kvm/hyp/nvhe/host.S", ROLE_KVM_HOST },
		{ "trans_pgd_stub_vectors", "arm64", "arch/arm64/mm/trans_pgd-asm.S",
		  ROLE_TRANS_PGD },
		/* A vmlinux is the kernel proper; the zImage's stub is the decompressor's. */
		{ "__hyp_stub_vectors", "arm", "arch/arm/kernel/hyp-stub.S", ROLE_ARM_KERNEL },
		{ "__kvm_hyp_init", "arm", "arch/arm/kvm/init.S", ROLE_HYPERVISOR },
	};

	for (size_t i = 0; symbol && i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i].symbol, symbol) != 0 || strcmp(names[i].arch, arch) != 0)
			continue;
		*r = names[i].role;
		snprintf(why, len, "%s: its vectors are %s (%s)", role_descs[*r].name, symbol,
			 names[i].source);
		return true;
	}
	return false;
}

bool profile_requires(const struct profile *p, enum role r, enum hyp_function fn)
{
	return p->requires[r] & FN_BIT(fn);
}

bool profile_judges(const struct profile *p, enum role r, enum hyp_function fn)
{
	return p->judges[r] & FN_BIT(fn);
}

bool profile_handles_el2_calls(const struct profile *p, enum role r)
{
	return p->el2_calls && role_descs[r].el2_caller;
}

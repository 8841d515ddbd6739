#include "profile.h"

#include <string.h>

#include "hyp_abi_defs.h"

const struct profile profiles[] = {
	{
		.name = "hyp-abi",
		.summary = "hyp-abi.txt as written: SET_VECTORS, SOFT_RESTART, RESET_VECTORS",
		.source = "Documentation/virt/kvm/arm/hyp-abi.txt; arch/arm{,64}/include/asm/virt.h "
			  "v4.12-v5.11 (HVC_SET_VECTORS 0, HVC_SOFT_RESTART 1, HVC_RESET_VECTORS 2, "
			  "HVC_STUB_HCALL_NR 3, HVC_STUB_ERR 0xbadca11)",
		.arches = "arm64,arm",
		.number = {
			[FN_SET_VECTORS] = HVC_SET_VECTORS,
			[FN_SOFT_RESTART] = HVC_SOFT_RESTART,
			[FN_RESET_VECTORS] = HVC_RESET_VECTORS,
			[FN_UNKNOWN] = FN_NONE,
		},
		.stub_err = HVC_STUB_ERR,
		.hcall_nr = HVC_STUB_HCALL_NR,
		/* "values below 0xfff reserved" since v4.7 (virt.h) */
		.reserved_limit = 0x1000,
	},
};

const unsigned int nprofiles = sizeof(profiles) / sizeof(profiles[0]);

const struct profile *profile_by_name(const char *name)
{
	for (unsigned int i = 0; i < nprofiles; i++)
		if (strcmp(profiles[i].name, name) == 0)
			return &profiles[i];
	return NULL;
}

bool profile_has_arch(const struct profile *p, const char *arch)
{
	size_t n = strlen(arch);

	for (const char *s = p->arches; *s;) {
		size_t len = strcspn(s, ",");

		if (len == n && strncmp(s, arch, n) == 0)
			return true;
		s += len;
		if (*s == ',')
			s++;
	}
	return false;
}

const char *function_name(enum hyp_function fn)
{
	static const char *const names[FN_COUNT] = {
		[FN_SET_VECTORS] = "SET_VECTORS",
		[FN_SOFT_RESTART] = "SOFT_RESTART",
		[FN_RESET_VECTORS] = "RESET_VECTORS",
		[FN_UNKNOWN] = "unknown",
	};
	return names[fn];
}

enum hyp_function profile_function(const struct profile *p, uint64_t number)
{
	for (int fn = 0; fn < FN_UNKNOWN; fn++)
		if (p->number[fn] != FN_NONE && (uint64_t)p->number[fn] == number)
			return (enum hyp_function)fn;
	return FN_UNKNOWN;
}

const char *role_name(enum role r)
{
	return r == ROLE_INITIAL ? "initial" : "hypervisor";
}

int role_by_name(const char *name, enum role *r)
{
	if (strcmp(name, "initial") == 0)
		*r = ROLE_INITIAL;
	else if (strcmp(name, "hypervisor") == 0)
		*r = ROLE_HYPERVISOR;
	else
		return -1;
	return 0;
}

/*
 * hyp-abi.txt: SET_VECTORS is "only implemented by the initial stubs,
 * not by Linux hypervisors"; RESET_VECTORS and SOFT_RESTART are for all.
 */
bool role_requires(enum role r, enum hyp_function fn)
{
	switch (fn) {
	case FN_SET_VECTORS:
		return r == ROLE_INITIAL;
	case FN_SOFT_RESTART:
	case FN_RESET_VECTORS:
		return true;
	default:
		return false;
	}
}

/* Other numbers are "hypervisor-specific" for a hypervisor: not judged. */
bool role_judges(enum role r, enum hyp_function fn)
{
	return fn != FN_UNKNOWN || r == ROLE_INITIAL;
}

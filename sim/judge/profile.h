/* ABI profiles (function numbers as data) and roles (what a stub must implement). */
#ifndef HYPABI_PROFILE_H
#define HYPABI_PROFILE_H

#include <stdbool.h>
#include <stdint.h>

enum hyp_function {
	FN_SET_VECTORS,
	FN_SOFT_RESTART,
	FN_RESET_VECTORS,
	FN_UNKNOWN,		/* any number the profile does not define */
	FN_COUNT
};

#define FN_NONE	(-1)

struct profile {
	const char *name;
	const char *summary;
	const char *source;		/* where the numbers come from */
	const char *arches;		/* comma-separated arch names it applies to */
	int64_t number[FN_COUNT];	/* FN_NONE: not in this profile; FN_UNKNOWN unused */
	uint64_t stub_err;		/* HVC_STUB_ERR */
	uint64_t hcall_nr;		/* HVC_STUB_HCALL_NR: first number past the stub's */
	uint64_t reserved_limit;	/* numbers below this are reserved for the stub ABI */
};

enum role { ROLE_INITIAL, ROLE_HYPERVISOR };

extern const struct profile profiles[];
extern const unsigned int nprofiles;

const struct profile *profile_by_name(const char *name);
bool profile_has_arch(const struct profile *p, const char *arch);
const char *function_name(enum hyp_function fn);
/* The function a number calls under the profile (FN_UNKNOWN if none). */
enum hyp_function profile_function(const struct profile *p, uint64_t number);

const char *role_name(enum role r);
int role_by_name(const char *name, enum role *r);
bool role_requires(enum role r, enum hyp_function fn);
/* Whether calls of fn are judged at all under the role. */
bool role_judges(enum role r, enum hyp_function fn);

#endif

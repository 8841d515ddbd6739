/*
 * The conformance cases: for each function a few fixed cases, then
 * seeded random register files. A case is a pure function of
 * (configuration, function, index), so any one of them can be re-made.
 */
#ifndef HYPABI_CASELIST_H
#define HYPABI_CASELIST_H

#include <stdint.h>

#include "arch.h"
#include "constants.h"
#include "machine.h"
#include "profile.h"

#define DEFAULT_RANDOM_CASES	1000
#define DEFAULT_SEED		1
/*
 * Random cases come in runs of this many consecutive ones that share
 * their EL2 MMU state and translation controls (arch_desc.varied's): a
 * change of either costs the emulator every translation it has cached.
 */
#define CASE_RUN		16u

struct case_config {
	const struct arch_desc *arch;
	const struct profile *profile;
	enum role role;
	uint64_t seed;
	unsigned int random;		/* random cases per function */
	uint64_t vectors;		/* the stub's vector base */
	/*
	 * Numbers derived from the stub's own code (constants.h; filled in by
	 * check_config_use_stub): each the profile does not define is an
	 * unknown-number case, "derived-0x...", the same on every seed.
	 */
	uint64_t derived[CONSTANTS_MAX_NUMBERS];
	unsigned int nderived;
	/*
	 * The core has VHE (cpu_model.vhe): a kind of stub an hvc from EL2
	 * itself reaches also gets one case a function from a caller at EL2
	 * with HCR_EL2.E2H (el2_caller_case), after its fixed cases.
	 */
	bool vhe;
};

struct hyp_case {
	char name[48];
	enum hyp_function fn;
	unsigned int index;
	struct call_input in;
};

unsigned int cases_count(const struct case_config *cfg, enum hyp_function fn);
/*
 * Bring a call of fn that was changed (--explore's mutations) back into
 * what the ABI lets a caller pass, as the cases draw it: SET_VECTORS'
 * vectors aligned and inside the address space, SOFT_RESTART's target one
 * of the landing pad's (its instruction-set bit kept where the arch has T32).
 * Every other register stays as it is: the ABI leaves it free.
 */
void case_conform(const struct case_config *cfg, enum hyp_function fn, struct call_input *in);
/* Case index of function fn under cfg: its inputs (case_fill), then its name. */
void case_make(const struct case_config *cfg, enum hyp_function fn,
	       unsigned int index, struct hyp_case *c);
void case_fill(const struct case_config *cfg, enum hyp_function fn,
	       unsigned int index, struct hyp_case *c);
/*
 * "own-vectors", "random-17-t32", "fixed-0x3", "derived-0x100000002" ...:
 * what reports and --case call it.
 */
void case_name(const struct case_config *cfg, struct hyp_case *c);

#endif

/* The rule catalogue of DESIGN.md and the judge that applies it to one call. */
#ifndef HYPABI_RULES_H
#define HYPABI_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "observation.h"
#include "profile.h"

enum rule_id {
#define RULE(name, ...) RULE_##name,
#include "rule_catalogue.def"
#undef RULE
	RULE_COUNT
};

enum severity { SEV_REQUIRED, SEV_ADVISORY };

enum verdict {
	V_NOT_APPLICABLE,	/* the rule says nothing about this call */
	V_PASS,
	V_FAIL,
	V_NOT_REACHED,		/* applies, but the call never got where it could be judged */
	V_WAIVED,
};

struct rule {
	const char *id;
	enum severity severity;
	const char *what;	/* what must hold */
	const char *source;	/* the sentence or convention it comes from */
};

extern const struct rule rules[RULE_COUNT];

#define JUDGE_TEXT	192

struct judgement {
	enum verdict status;
	char expected[JUDGE_TEXT];
	char actual[JUDGE_TEXT];
};

struct judge_ctx {
	const struct arch_desc *arch;
	const struct profile *profile;
	enum role role;
	enum hyp_function fn;
	uint64_t initial_vectors;	/* what RESET_VECTORS must restore */
	bool initial_vectors_known;
	const char *initial_vectors_why;	/* when not known */
	uint64_t ich_vtr;		/* what ICH_VTR_EL2 reads as: GET_ICH_VTR_EL2's answer */
	bool vhe;			/* the core has VHE (cpu_model.vhe): FINALISE_EL2 can switch */
};

const char *verdict_name(enum verdict v);
int rule_by_id(const char *id);
bool rule_applies_to_arch(enum rule_id r, const struct arch_desc *arch);

/* Judge one observed call against every rule. */
void rules_judge(const struct judge_ctx *ctx, const struct observation *o,
		 struct judgement out[RULE_COUNT]);
/* True when no required rule fails in j (one call's verdicts). */
bool rules_hold(const struct judgement j[RULE_COUNT]);

#endif

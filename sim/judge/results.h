/*
 * The one in-memory model of a run's verdicts: per function and rule, how
 * many calls passed, failed or were not reached, and the first failure.
 * Every report writer formats this and nothing else.
 */
#ifndef HYPABI_RESULTS_H
#define HYPABI_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"
#include "rules.h"

struct rule_result {
	enum verdict status;		/* V_NOT_APPLICABLE: not reported */
	unsigned int pass, fail, not_reached;
	char first_case[48];		/* the first failing (else first) case */
	unsigned int first_index;	/* its index, for hypabi trace --case */
	char expected[JUDGE_TEXT];
	char actual[JUDGE_TEXT];
	const char *waiver;		/* the reason, when waived */
	char *trace;			/* instruction trace of the first failure, or NULL */
};

struct run_info {
	char name[320];		/* the stub: its file, and "+0x..." for one of several */
	char selector[64];	/* "+0x..." / "payload+0x...", for one of several */
	/*
	 * "hypabi trace OPTIONS --case F/I STUB" reproduces one call: OPTIONS
	 * and STUB (quoted for sh). With "--case F/I", the whole line fits the
	 * RESULTS_REPRO_LEN bytes a report gives it.
	 */
	char repro_options[512];
	char repro_stub[400];
	const char *arch;
	const char *cpu;	/* the emulated core (--cpu) */
	const char *profile;
	const char *role;	/* the kind of stub, as role_name names it */
	char kind_why[160];	/* check --scan: why that kind */
	char profile_why[200];	/* why that profile: named, or the kernel's banner */
	char provided[240];	/* what the harness gave the stub of a booted kernel's state, or "" */
	uint64_t load;
	uint64_t vectors;
	uint64_t seed;
	unsigned int random;
	/* --min-coverage: the percent of the stub's blocks its calls must run, and if they fell short. */
	unsigned int min_coverage;
	bool below_min_coverage;
};

#define RESULTS_REPRO_LEN	1024

struct coverage;

struct results {
	struct run_info info;
	struct rule_result r[FN_COUNT][RULE_COUNT];
	uint64_t calls;
	/* The stub's code and which of it each function's calls ran (sim/inspect), or NULL. */
	struct coverage *coverage;
};

struct summary {
	unsigned int pass, fail, not_reached, waived;
};

void results_init(struct results *res);
/* Free what results_* allocated (the traces); res itself is the caller's. */
void results_release(struct results *res);
void results_add(struct results *res, enum hyp_function fn, const char *case_name,
		 unsigned int index, const struct judgement j[RULE_COUNT]);
/*
 * Whether results_add would keep this call's case name (a rule's first
 * call, or its first failure): naming a case costs a snprintf, so a
 * caller names it only then.
 */
bool results_keeps_name(const struct results *res, enum hyp_function fn,
			const struct judgement j[RULE_COUNT]);
/*
 * A call of --explore, not a case: results_add's index is its number K
 * with this bit set, and the repro replays the run to it (hypabi trace
 * --replay-explore K).
 */
#define RESULTS_EXPLORED	0x80000000u

/* The command that reproduces rr's first failure, into buf (RESULTS_REPRO_LEN is enough). */
void results_repro(const struct results *res, enum hyp_function fn,
		   const struct rule_result *rr, char *buf, size_t len);
/*
 * Fold into res the calls later holds (results_add'ed, not finished), all
 * made after those res holds: res becomes what results_add would have
 * made of both in turn. How a parallel run joins its shares.
 */
void results_merge(struct results *res, const struct results *later);
/* Fold the per-call counts into one status per (function, rule). */
void results_finish(struct results *res);
struct summary results_summary(const struct results *res);
/* True when every required rule holds (and the calls ran --min-coverage of the stub). */
bool results_pass(const struct results *res);

#endif

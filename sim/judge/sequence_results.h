/*
 * The verdicts of a sequence: calls made one after another on one machine
 * whose memory and EL2 state persist (cases/sequence.h). Each step is one
 * call, judged by the usual rules and by sequence.model; every report
 * writer formats this and nothing else for a sequence.
 */
#ifndef HYPABI_SEQUENCE_RESULTS_H
#define HYPABI_SEQUENCE_RESULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "profile.h"
#include "rules.h"

#define SEQ_MAX_STEPS		16
#define SEQ_TEXT_LEN		640	/* a sequence as step words (sequence_format) */

/* Whose vectors a vector base is: the run's two stubs, or neither. */
enum seq_stub { SEQ_FIRST, SEQ_SECOND, SEQ_FOREIGN };

struct seq_step_result {
	enum hyp_function fn;
	enum seq_stub by;		/* who handled it: whose vectors VBAR held */
	const char *by_kind;		/* its kind (role_name), or "hypabi" */
	char call[64];			/* the step as sequence_format writes it */
	const char *holds;		/* what must hold after it (named sequences), or NULL */
	/*
	 * Before it, VBAR held vectors no stub of the run has: hypabi stood in
	 * for that hypervisor's RESET_VECTORS, as the ABI has it.
	 */
	bool handed_back;
	bool ran;			/* false: an earlier call ended the sequence */
	struct judgement j[RULE_COUNT];
	bool pass;			/* every required rule that applies holds */
};

struct seq_result {
	char name[48];			/* kvm-teardown, random, the steps of a replay */
	const char *what;		/* named: what the sequence is */
	char stubs[2][400];		/* the first and the second stub, as named */
	const char *kinds[2];		/* their kinds */
	const char *profile;
	const char *arch;
	const char *cpu;
	uint64_t load, vectors;		/* the first stub's */
	uint64_t seed;
	unsigned int n;
	struct seq_step_result step[SEQ_MAX_STEPS];
	bool pass;
	/* random: how many were tried, and the failing one before shrinking */
	unsigned int tried;
	unsigned int failed_steps;	/* its length (0: none failed) */
	char steps[SEQ_TEXT_LEN];	/* the sequence run, as step words */
	char repro[1536];		/* the command that replays it ("" when it passed) */
	char trace_repro[1536];		/* hypabi trace of its last call */
};

#endif

/*
 * Sequences: hypercalls made one after another on one machine whose
 * memory and EL2 state persist (machine_sequence_begin), each handled by
 * whichever stub's vectors VBAR holds, as the kernel drives its stubs:
 * the boot stub installs KVM's vectors, KVM resets them, kexec restarts
 * through the boot stub or trans_pgd's. Named sequences are data
 * (sequences.def); random ones are drawn from a model of the EL2 state
 * the ABI prescribes after each call (sequence_random.c), which also
 * judges every step (rule sequence.model).
 */
#ifndef HYPABI_SEQUENCE_H
#define HYPABI_SEQUENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "caselist.h"
#include "machine.h"
#include "sequence_results.h"

/* Steps of a random sequence, at most. */
#define SEQ_RANDOM_MAX_STEPS	6
#define DEFAULT_RANDOM_SEQUENCES	100

/* Whose vectors SET_VECTORS installs. */
enum seq_target { TARGET_NONE, TARGET_FIRST, TARGET_SECOND, TARGET_FOREIGN };

/* One call of a sequence. */
struct seq_step {
	enum hyp_function fn;
	enum seq_target target;		/* SET_VECTORS' vectors */
	/* The EL2 MMU on before the call, as a hypervisor's own init left it. */
	bool el2_mmu_on;
	unsigned int key;		/* the caller's registers are made from (seed, key) */
	int by;				/* SEQ_FIRST/SEQ_SECOND: who must handle it; -1: the model says */
	const char *holds;		/* named sequences: what must hold after it */
};

/* A named sequence: the kernel's path it follows, and the kinds of its two stubs. */
struct sequence_def {
	const char *name;
	const char *what;
	const char *arches;
	enum role kind[2];		/* [SEQ_FIRST], [SEQ_SECOND] */
	const char *second_is;		/* what --hypervisor names in it */
};

extern const struct sequence_def sequence_defs[];
extern const unsigned int nsequence_defs;

const struct sequence_def *sequence_by_name(const char *name);
/* The steps of d, in order; their number. */
unsigned int sequence_steps(const struct sequence_def *d, struct seq_step *steps);
/* Whether every function of d's steps has a number in profile p. */
bool sequence_applies(const struct sequence_def *d, const struct profile *p, const char *arch);

/* How a sequence is run: the stubs, their kinds, the era, the seed. */
struct seq_config {
	struct case_config cases;	/* arch, profile, seed (its role and vectors are per step) */
	enum role kind[2];
	uint64_t vectors[2];
	bool has_second;
	uint64_t foreign;		/* vectors neither stub has: a hypervisor hypabi stands in for */
	/* Optional: called before step i's call (hypabi trace watches the last). */
	void (*before_step)(struct machine *m, unsigned int i, void *ctx);
	void *before_ctx;
};

/*
 * Run steps[0..n) on m as one sequence into res (its steps and pass; the
 * caller names it). A call that does not come back (SOFT_RESTART, a
 * fault) ends the sequence. 0, or MACHINE_EINTERNAL with m's errmsg.
 */
int sequence_run(struct machine *m, const struct seq_config *cfg, const struct seq_step *steps,
		 unsigned int n, struct seq_result *res);

/*
 * Steps as text, the form --sequence takes back: FUNCTION[(first|second|
 * foreign)][+mmu]#KEY, comma-separated. -1 if buf is too small.
 */
int sequence_format(const struct seq_step *steps, unsigned int n, char *buf, size_t len);
/* One step's words. */
void sequence_step_text(const struct seq_step *s, char *buf, size_t len);
/* Parse text (sequence_format's) under profile p; -1 with why in err. */
int sequence_parse(const char *text, const struct profile *p, struct seq_step *steps,
		   unsigned int *n, char *err, size_t errlen);

/* A random sequence the model allows, drawn from seed. */
unsigned int sequence_random(const struct seq_config *cfg, uint64_t seed, struct seq_step *steps);
/*
 * steps[0..*n) fail: drop steps while the rest still fails, down to the
 * shortest such sequence; res holds its run. 0, or MACHINE_EINTERNAL.
 */
int sequence_shrink(struct machine *m, const struct seq_config *cfg, struct seq_step *steps,
		    unsigned int *n, struct seq_result *res);

/*
 * Up to count random sequences, the t-th drawn from and with its callers
 * made from seed cfg->cases.seed + t, until one fails; that one is shrunk.
 * res holds the failing (shrunk) run, or the last that passed; steps, n
 * and *seed what it ran. 0, or MACHINE_EINTERNAL.
 */
int sequence_random_run(struct machine *m, const struct seq_config *cfg, unsigned int count,
			struct seq_step *steps, unsigned int *n, uint64_t *seed,
			struct seq_result *res);

/*
 * One image of two stubs' (a first, b after it), for one machine: their
 * segments side by side, a's symbols. -1 with why in err if they overlap
 * or are too many. out shares their bytes: free a and b, not out.
 */
int sequence_join_images(const struct stub_image *a, const struct stub_image *b,
			 struct stub_image *out, char *err, size_t errlen);

#endif

/*
 * An instruction trace of one call: every instruction the stub runs at
 * EL2 / in Hyp mode, disassembled with Capstone, the registers and system
 * registers it changed and the memory it wrote, as text or in Arm's
 * Tarmac text format.
 */
#ifndef HYPABI_TRACE_H
#define HYPABI_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "disasm.h"
#include "machine.h"

enum trace_format { TRACE_TEXT, TRACE_TARMAC };

#define DEFAULT_TRACE_LIMIT	2000	/* instructions printed per call */
#define REPORT_TRACE_LIMIT	48	/* instructions of a failing call kept in reports */

struct tracer {
	struct machine *m;
	FILE *out;
	enum trace_format format;
	struct disasm d;
	struct cpu_state prev;
	bool have_prev;
	uint64_t count, limit;
};

/* Start tracing m's next call into out; 0, or -1 if Capstone would not open. */
int tracer_open(struct tracer *t, struct machine *m, FILE *out, enum trace_format format,
		uint64_t limit);
/* After the call: the last instruction's effects, and a note of what the limit left out. */
void tracer_finish(struct tracer *t);
void tracer_close(struct tracer *t);

#endif

/*
 * hypabi trace's verdict on the one call it ran: how the call ended, what
 * it changed against the caller's state, and each rule's verdict.
 */
#include <inttypes.h>

#include "report.h"

static void state_diff(FILE *out, const struct arch_desc *a, const struct observation *o)
{
	fprintf(out, "state diff (after the call vs before it):\n");
	for (unsigned int i = 0; i < a->ngprs; i++)
		if (o->pre.gpr[i] != o->post.gpr[i])
			fprintf(out, "  %-14s 0x%" PRIx64 " -> 0x%" PRIx64 "\n", a->gpr_names[i],
				o->pre.gpr[i], o->post.gpr[i]);
	for (unsigned int i = 0; i < a->nfprs; i++)
		if (o->pre.fpr[i] != o->post.fpr[i])
			fprintf(out, "  %-14s 0x%" PRIx64 " -> 0x%" PRIx64 "\n", a->fpr_names[i],
				o->pre.fpr[i], o->post.fpr[i]);
	if (o->pre.pstate != o->post.pstate)
		fprintf(out, "  %-14s 0x%x -> 0x%x (%s -> %s)\n", a->pstate_name,
			o->pre.pstate, o->post.pstate, a->mode_name(o->pre.pstate),
			a->mode_name(o->post.pstate));
	for (unsigned int i = 0; i < a->nsysregs; i++)
		if (o->pre.sysreg[i] != o->post.sysreg[i])
			fprintf(out, "  %-14s 0x%" PRIx64 " -> 0x%" PRIx64 "\n", a->sysregs[i].name,
				o->pre.sysreg[i], o->post.sysreg[i]);
}

/* Only writes outside the image are kept; the trace's instruction lines show each. */
static void writes(FILE *out, const struct observation *o)
{
	for (unsigned int i = 0; i < obs_outside_kept(o); i++)
		fprintf(out, "  %u-byte write at 0x%" PRIx64 " (outside the stub image)\n",
			o->outside[i].size, o->outside[i].addr);
	if (o->nwrites)
		fprintf(out, "  memory writes: %" PRIu64 " in all, %" PRIu64
			" outside the stub image%s\n", o->nwrites, o->nwrites_outside,
			o->nwrites_outside > OBS_MAX_WRITES ? " (the first ones listed)" : "");
}

static void verdicts(FILE *out, const struct judgement j[RULE_COUNT])
{
	fprintf(out, "rules:\n");
	for (int i = 0; i < RULE_COUNT; i++) {
		if (j[i].status == V_NOT_APPLICABLE)
			continue;
		fprintf(out, "  %-24s %s", rules[i].id, verdict_name(j[i].status));
		if (j[i].status == V_FAIL)
			fprintf(out, ": expected %s; actual %s", j[i].expected, j[i].actual);
		fputc('\n', out);
	}
}

void report_call(FILE *out, const struct arch_desc *a, const struct observation *o,
		 const struct judgement j[RULE_COUNT])
{
	fprintf(out, "end: %s at 0x%" PRIx64 " in %s after %" PRIu64 " instructions\n",
		call_end_name(o->end), o->end == END_FAULT ? o->fault_pc : o->post.pc,
		a->mode_name(o->post.pstate), o->insns);
	state_diff(out, a, o);
	writes(out, o);
	verdicts(out, j);
}

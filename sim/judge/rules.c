/*
 * The rules, written once against struct cpu_state and the arch ops.
 * Each judge fills a verdict with what was expected and what was seen.
 */
#include "rules.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hyp_abi_defs.h"

#define ABI "hyp-abi.txt: "

const struct rule rules[RULE_COUNT] = {
#define RULE(name, id, severity, what, source) [RULE_##name] = { id, severity, what, source },
#include "rule_catalogue.def"
#undef RULE
};

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case V_PASS:		return "pass";
	case V_FAIL:		return "fail";
	case V_NOT_REACHED:	return "not-reached";
	case V_WAIVED:		return "waived";
	default:		return "n/a";
	}
}

int rule_by_id(const char *id)
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (strcmp(rules[i].id, id) == 0)
			return i;
	return -1;
}

bool rule_applies_to_arch(enum rule_id r, const struct arch_desc *arch)
{
	if (r == RULE_SOFT_RESTART_ARGS)
		return arch->nrestart_moves > 0;
	if (r == RULE_EL2_CALL_HANDLED)
		return arch->el2_hvc_vector != 0;
	return true;
}

static void set(struct judgement *j, enum verdict v)
{
	j->status = v;
}

/* Record a failure: its expected text (NULL keeps the one set by expectf) and what was seen. */
static void failf(struct judgement *j, const char *expected, const char *fmt, ...)
{
	va_list ap;

	j->status = V_FAIL;
	if (expected)
		snprintf(j->expected, sizeof(j->expected), "%s", expected);
	va_start(ap, fmt);
	vsnprintf(j->actual, sizeof(j->actual), fmt, ap);
	va_end(ap);
}

static void expectf(struct judgement *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->expected, sizeof(j->expected), fmt, ap);
	va_end(ap);
}

static const char *end_text(const struct observation *o)
{
	static _Thread_local char buf[96];

	switch (o->end) {
	case END_RETURNED:
		snprintf(buf, sizeof(buf), "returned to 0x%" PRIx64, o->post.pc);
		break;
	case END_LANDED:
		snprintf(buf, sizeof(buf), "jumped to 0x%" PRIx64 " (landing pad)", o->post.pc);
		break;
	case END_FAULT:
		if (o->fault == FAULT_EXCEPTION)
			snprintf(buf, sizeof(buf), "%s taken at EL2 at 0x%" PRIx64,
				 exception_name(o->exception), o->fault_pc);
		else
			snprintf(buf, sizeof(buf), "%s fault at 0x%" PRIx64,
				 fault_kind_name(o->fault), o->fault_pc);
		break;
	case END_BUDGET:
		snprintf(buf, sizeof(buf), "still running after %" PRIu64 " instructions%s",
			 o->insns, o->out_of_time ? " (out of wall-clock time)" : "");
		break;
	case END_HALTED:
		snprintf(buf, sizeof(buf), "halted in WFI at 0x%" PRIx64 ", with nothing to wake it",
			 o->fault_pc);
		break;
	default:
		snprintf(buf, sizeof(buf), "did not run");
		break;
	}
	return buf;
}

/* The instruction after the caller's hvc. */
static uint64_t return_addr(const struct judge_ctx *c, const struct observation *o)
{
	return o->pre.pc + c->arch->hvc_size;
}

static void judge_no_fault(const struct observation *o, struct judgement *j)
{
	if (o->end == END_FAULT) {
		if (o->fault_symbol)
			failf(j, "no exception at EL2", "called undefined symbol '%s' (a fetch at "
			      "0x%" PRIx64 ", where hypabi stands in for it)", o->fault_symbol,
			      o->fault_addr);
		else if (o->fault_addr)
			failf(j, "no exception at EL2", "%s fault at pc 0x%" PRIx64
			      ", address 0x%" PRIx64, fault_kind_name(o->fault), o->fault_pc,
			      o->fault_addr);
		else
			failf(j, "no exception at EL2", "%s", end_text(o));
	} else if (o->end == END_BUDGET || o->end == END_HALTED) {
		failf(j, "the call ends within the instruction budget", "%s", end_text(o));
	} else {
		set(j, V_PASS);
	}
}

static void judge_memory(const struct observation *o, struct judgement *j)
{
	/* Writes inside the image were only counted: they are the stub's own. */
	const struct mem_write *w = &o->outside[0];

	if (o->nwrites_outside == 0)
		set(j, V_PASS);
	else if (o->nwrites_outside == 1)
		failf(j, "writes only inside the stub image", "%u-byte write at 0x%" PRIx64,
		      w->size, w->addr);
	else
		failf(j, "writes only inside the stub image",
		      "%u-byte write at 0x%" PRIx64 ", the first of %" PRIu64 " outside it",
		      w->size, w->addr, o->nwrites_outside);
}

/* Compare sysregs of one group; describe the first difference. */
static bool sysregs_same(const struct arch_desc *a, const struct cpu_state *pre,
			 const struct cpu_state *post, enum sysreg_group g,
			 struct judgement *j, const char *expected)
{
	for (unsigned int i = 0; i < a->nsysregs; i++) {
		if (a->sysregs[i].group != g || pre->sysreg[i] == post->sysreg[i])
			continue;
		failf(j, expected, "%s changed from 0x%" PRIx64 " to 0x%" PRIx64,
		      a->sysregs[i].name, pre->sysreg[i], post->sysreg[i]);
		return false;
	}
	return true;
}

/* Compare EL1's sysregs, leaving out index skip (none: a->nsysregs). */
static bool el1_same_but(const struct arch_desc *a, const struct cpu_state *pre,
			 const struct cpu_state *post, unsigned int skip, struct judgement *j)
{
	struct cpu_state p = *post;

	if (skip < a->nsysregs)
		p.sysreg[skip] = pre->sysreg[skip];
	return sysregs_same(a, pre, &p, SYSREG_EL1, j, "EL1 system registers unchanged");
}

/*
 * FINALISE_EL2 switches to VHE where it can (ABI-HISTORY.md s3): on a core
 * with VHE, with the EL2 MMU off. hypabi's cases never disable VHE "by
 * other means" (the kernel's overrides are the image's own data).
 */
static bool vhe_expected(const struct judge_ctx *c, const struct observation *o)
{
	return c->fn == FN_FINALISE_EL2 && c->vhe && c->arch->vhe &&
	       !(o->pre.sysreg[c->arch->el2_sctlr] & c->arch->el2_mmu_bit);
}

/*
 * The stub says it switched: the caller's EL and EL1's SCTLR are judged by
 * the switch's rules, or, where no switch may be made (no VHE, the EL2 MMU
 * on), by finalise-el2.error alone.
 */
static bool claims_switch(const struct judge_ctx *c, const struct observation *o)
{
	return c->fn == FN_FINALISE_EL2 && c->arch->vhe && o->post.gpr[c->arch->ret_gpr] == 0;
}

/* The caller made its hvc at EL2 itself (a VHE kernel), not from EL1. */
static bool from_el2(const struct judge_ctx *c, const struct observation *o)
{
	return c->arch->el_of(o->pre.pstate) == 2;
}

static void judge_return(const struct judge_ctx *c, const struct observation *o,
			 struct judgement *out)
{
	const struct arch_desc *a = c->arch;
	const struct profile *p = c->profile;
	/* The ABI's clobber set, and what the era adds to it (x30 in v4.7-v4.11). */
	uint64_t clobber = a->clobber_gprs | p->extra_clobber_gprs;
	uint32_t mask = a->return_mode_mask;
	struct judgement *j;

	j = &out[RULE_RETURN_ADDRESS];
	if (o->post.pc == return_addr(c, o)) {
		set(j, V_PASS);
	} else {
		expectf(j, "0x%" PRIx64, return_addr(c, o));
		failf(j, NULL, "%s", end_text(o));
	}

	j = &out[RULE_RETURN_MODE];
	if (claims_switch(c, o))
		set(j, V_NOT_APPLICABLE);	/* finalise-el2.return says where */
	else if ((o->post.pstate & mask) == (o->pre.pstate & mask))
		set(j, V_PASS);
	else {
		expectf(j, "%s, masks 0x%x (%s 0x%x)", a->mode_name(o->pre.pstate),
			o->pre.pstate & a->exception_masks, a->pstate_name, o->pre.pstate & mask);
		failf(j, NULL, "%s with masks 0x%x (%s 0x%x)", a->mode_name(o->post.pstate),
		      o->post.pstate & a->exception_masks, a->pstate_name, o->post.pstate & mask);
	}

	j = &out[RULE_CALLEE_SAVED];
	set(j, V_PASS);
	for (unsigned int i = 0; i < a->ngprs; i++) {
		if ((clobber >> i) & 1 || o->pre.gpr[i] == o->post.gpr[i])
			continue;
		failf(j, "", "%s changed from 0x%" PRIx64 " to 0x%" PRIx64, a->gpr_names[i],
		      o->pre.gpr[i], o->post.gpr[i]);
		expectf(j, "%s preserved (only %s may change%s%s)", a->gpr_names[i],
			a->clobber_text, p->extra_clobber_text ? "; in this era also " : "",
			p->extra_clobber_text ? p->extra_clobber_text : "");
		break;
	}
	for (unsigned int i = 0; j->status == V_PASS && i < a->nfprs; i++) {
		if (o->pre.fpr[i] == o->post.fpr[i])
			continue;
		failf(j, "", "%s changed from 0x%" PRIx64 " to 0x%" PRIx64, a->fpr_names[i],
		      o->pre.fpr[i], o->post.fpr[i]);
		expectf(j, "%s preserved", a->fpr_names[i]);
	}
	/*
	 * A caller at EL2 runs on EL2's own SP, which the stub runs on too; a
	 * switch to VHE replaces it by SP_EL1 (finalise-el2.sp judges that).
	 */
	if (j->status == V_PASS && from_el2(c, o) && !claims_switch(c, o) &&
	    o->hyp_sp_post != o->hyp_sp_pre) {
		failf(j, "", "%s (the caller's own, at EL2) changed from 0x%" PRIx64 " to 0x%" PRIx64,
		      a->live_gpr_names[a->sp_gpr], o->hyp_sp_pre, o->hyp_sp_post);
		expectf(j, "%s preserved (the caller's own, at EL2)", a->live_gpr_names[a->sp_gpr]);
	}
	/* FPCR (FPSCR's control bits) is callee-saved too (AAPCS64 6.1.2, AAPCS 5.1.2.2). */
	for (unsigned int i = 0; j->status == V_PASS && i < a->nfpctl; i++) {
		uint64_t saved = a->fpctl_saved[i];

		if (!((o->pre.fpctl[i] ^ o->post.fpctl[i]) & saved))
			continue;
		failf(j, "", "%s changed from 0x%" PRIx64 " to 0x%" PRIx64, a->fpctl_names[i],
		      o->pre.fpctl[i], o->post.fpctl[i]);
		expectf(j, "%s bits 0x%" PRIx64 " preserved", a->fpctl_names[i], saved);
	}
	j = &out[RULE_EL1_STATE];
	/* A switch to VHE turns EL1's MMU off: finalise-el2.el1-mmu-off judges SCTLR_EL1. */
	if (el1_same_but(a, &o->pre, &o->post,
			 claims_switch(c, o) ? a->vhe->el1_sctlr : a->nsysregs, j))
		set(j, V_PASS);
}

/* FINALISE_EL2 / VHE_RESTART: HVC_STUB_ERR where it cannot switch, else the switch. */
static void judge_finalise(const struct judge_ctx *c, const struct observation *o,
			   struct judgement *out)
{
	static const enum rule_id switch_rules[] = {
		RULE_FINALISE_VHE, RULE_FINALISE_RETURN, RULE_FINALISE_SP,
		RULE_FINALISE_EL2_REGS, RULE_FINALISE_EL1_MMU_OFF,
	};
	const struct arch_desc *a = c->arch;
	const struct vhe_switch *v = a->vhe;
	uint64_t x0 = o->post.gpr[a->ret_gpr];
	struct judgement *j = &out[RULE_FINALISE_ERROR];

	if (!vhe_expected(c, o)) {
		if (x0 == c->profile->stub_err && a->el_of(o->post.pstate) == a->el_of(o->pre.pstate)) {
			set(j, V_PASS);
		} else {
			expectf(j, "0x%" PRIx64 " (HVC_STUB_ERR) in %s (%s)", c->profile->stub_err,
				a->mode_name(o->pre.pstate),
				c->vhe ? "the EL2 MMU is on" : "the core has no VHE");
			failf(j, NULL, "0x%" PRIx64 " in %s", x0, a->mode_name(o->post.pstate));
		}
		for (size_t i = 0; i < sizeof(switch_rules) / sizeof(switch_rules[0]); i++)
			set(&out[switch_rules[i]], V_NOT_APPLICABLE);
		return;
	}
	set(j, V_NOT_APPLICABLE);
	/*
	 * Only the boot stub switches the kernel; KVM's vectors and trans_pgd's
	 * answer HVC_STUB_ERR to it (ABI-HISTORY.md s3, s6). One that claims
	 * the switch is judged by it all the same.
	 */
	if (!role_descs[c->role].switches_vhe && x0 == c->profile->stub_err) {
		for (size_t i = 0; i < sizeof(switch_rules) / sizeof(switch_rules[0]); i++)
			set(&out[switch_rules[i]], V_NOT_APPLICABLE);
		return;
	}
	j = &out[RULE_FINALISE_VHE];
	if (x0 == 0 && (o->post.sysreg[v->hcr] & v->hcr_bits) == v->hcr_bits) {
		set(j, V_PASS);
	} else {
		expectf(j, "%s 0, %s with E2H and TGE (0x%" PRIx64 ")", a->gpr_names[a->ret_gpr],
			a->sysregs[v->hcr].name, v->hcr_bits);
		failf(j, NULL, "%s 0x%" PRIx64 ", %s 0x%" PRIx64, a->gpr_names[a->ret_gpr], x0,
		      a->sysregs[v->hcr].name, o->post.sysreg[v->hcr]);
	}
	if (x0 != 0)
		return;		/* no switch claimed: the rest stays not reached */

	j = &out[RULE_FINALISE_RETURN];
	if ((o->post.pstate & v->mode_mask) == v->el2h &&
	    (o->post.pstate & v->flags_mask) == (o->pre.pstate & v->flags_mask)) {
		set(j, V_PASS);
	} else {
		expectf(j, "EL2h, masks and flags 0x%x", o->pre.pstate & v->flags_mask);
		failf(j, NULL, "%s, masks and flags 0x%x", a->mode_name(o->post.pstate),
		      o->post.pstate & v->flags_mask);
	}
	j = &out[RULE_FINALISE_SP];
	if (o->end_sp == o->pre.gpr[a->sp_gpr]) {
		set(j, V_PASS);
	} else {
		expectf(j, "SP 0x%" PRIx64 " (the caller's %s)", o->pre.gpr[a->sp_gpr],
			a->gpr_names[a->sp_gpr]);
		failf(j, NULL, "SP 0x%" PRIx64, o->end_sp);
	}
	j = &out[RULE_FINALISE_EL2_REGS];
	set(j, V_PASS);
	for (unsigned int i = 0; i < v->nmoves; i++) {
		const struct reg_move *mv = &v->moves[i];

		if (o->post.sysreg[mv->to] == o->pre.sysreg[mv->from])
			continue;
		expectf(j, "%s = the caller's %s = 0x%" PRIx64, a->sysregs[mv->to].name,
			a->sysregs[mv->from].name, o->pre.sysreg[mv->from]);
		failf(j, NULL, "%s 0x%" PRIx64, a->sysregs[mv->to].name, o->post.sysreg[mv->to]);
		break;
	}
	/* The register outside the table (TTBR1_EL2): judged where the core let it be read. */
	if (j->status == V_PASS && !o->vhe_only_read) {
		set(j, V_NOT_REACHED);
		expectf(j, "%s = the caller's %s", v->el2_only_name, a->sysregs[v->el2_only_from].name);
		snprintf(j->actual, sizeof(j->actual), "%s could not be read", v->el2_only_name);
	} else if (j->status == V_PASS && o->vhe_only_reg != o->pre.sysreg[v->el2_only_from]) {
		expectf(j, "%s = the caller's %s = 0x%" PRIx64, v->el2_only_name,
			a->sysregs[v->el2_only_from].name, o->pre.sysreg[v->el2_only_from]);
		failf(j, NULL, "%s 0x%" PRIx64, v->el2_only_name, o->vhe_only_reg);
	}
	j = &out[RULE_FINALISE_EL1_MMU_OFF];
	if (!(o->post.sysreg[v->el1_sctlr] & v->el1_mmu_bit)) {
		set(j, V_PASS);
	} else {
		expectf(j, "%s.M 0", a->sysregs[v->el1_sctlr].name);
		failf(j, NULL, "%s 0x%" PRIx64, a->sysregs[v->el1_sctlr].name,
		      o->post.sysreg[v->el1_sctlr]);
	}
}

static bool answered_error(const struct judge_ctx *c, const struct observation *o)
{
	return profile_is_error(c->profile, o->post.gpr[c->arch->ret_gpr]);
}

/* "0xbadca11 (HVC_STUB_ERR)", "2 or 3 (ARM_EXCEPTION_HYP_GONE)": the era's error answer. */
static const char *error_text(const struct profile *p)
{
	static _Thread_local char buf[80];

	if (p->stub_err_alt)
		snprintf(buf, sizeof(buf), "0x%" PRIx64 " or 0x%" PRIx64 " (%s)", p->stub_err,
			 p->stub_err_alt, p->error_name);
	else
		snprintf(buf, sizeof(buf), "0x%" PRIx64 " (%s)", p->stub_err, p->error_name);
	return buf;
}

/* VBAR_EL2/HVBAR after the call is want. */
static void judge_vbar(struct judgement *j, const struct observation *o,
		       const struct arch_desc *a, uint64_t want)
{
	uint64_t vbar = o->post.sysreg[a->vbar];

	if (vbar == want) {
		set(j, V_PASS);
	} else {
		expectf(j, "VBAR 0x%" PRIx64, want);
		failf(j, NULL, "VBAR 0x%" PRIx64, vbar);
	}
}

/* SCTLR_EL2.M / HSCTLR.M is clear after the call (RESET_VECTORS, SOFT_RESTART). */
static void judge_mmu_off(struct judgement *j, const struct observation *o,
			  const struct arch_desc *a)
{
	uint64_t sctlr = o->post.sysreg[a->el2_sctlr];

	if (!(sctlr & a->el2_mmu_bit))
		set(j, V_PASS);
	else
		failf(j, "EL2 MMU off", "%s 0x%" PRIx64 " (M set)", a->sysregs[a->el2_sctlr].name,
		      sctlr);
}

static void judge_set_vectors(const struct judge_ctx *c, const struct observation *o,
			      struct judgement *out)
{
	struct judgement *j = &out[RULE_SET_VECTORS_ONLY_VBAR];

	judge_vbar(&out[RULE_SET_VECTORS_VBAR], o, c->arch,
		   o->pre.gpr[profile_vectors_gpr(c->profile)]);
	if (sysregs_same(c->arch, &o->pre, &o->post, SYSREG_EL2_CTRL, j,
			 "EL2 control registers unchanged"))
		set(j, V_PASS);
}

static void judge_reset_vectors(const struct judge_ctx *c, const struct observation *o,
				struct judgement *out)
{
	struct judgement *j = &out[RULE_RESET_VECTORS_VBAR];

	if (c->initial_vectors_known) {
		judge_vbar(j, o, c->arch, c->initial_vectors);
	} else {
		set(j, V_NOT_REACHED);
		expectf(j, "the initial stub's vectors");
		snprintf(j->actual, sizeof(j->actual), "%s", c->initial_vectors_why);
	}
	judge_mmu_off(&out[RULE_RESET_VECTORS_MMU_OFF], o, c->arch);
}

/* GET_ICH_VTR_EL2: x1 is the register as the core reads it; only a read. */
static void judge_get_ich_vtr(const struct judge_ctx *c, const struct observation *o,
			      struct judgement *out)
{
	const struct arch_desc *a = c->arch;
	uint64_t x0 = o->post.gpr[a->ret_gpr], x1 = o->post.gpr[ICH_VTR_RESULT_GPR];
	struct judgement *j = &out[RULE_GET_ICH_VTR_VALUE];

	if (x0 == 0 && x1 == c->ich_vtr) {
		set(j, V_PASS);
	} else {
		expectf(j, "%s 0, %s 0x%" PRIx64 " (ICH_VTR_EL2)", a->gpr_names[a->ret_gpr],
			a->gpr_names[ICH_VTR_RESULT_GPR], c->ich_vtr);
		failf(j, NULL, "%s 0x%" PRIx64 ", %s 0x%" PRIx64, a->gpr_names[a->ret_gpr], x0,
		      a->gpr_names[ICH_VTR_RESULT_GPR], x1);
	}
	j = &out[RULE_GET_ICH_VTR_EL2_STATE];
	if (sysregs_same(a, &o->pre, &o->post, SYSREG_EL2_CTRL, j, "EL2 state unchanged") &&
	    sysregs_same(a, &o->pre, &o->post, SYSREG_EL2_VBAR, j, "EL2 state unchanged"))
		set(j, V_PASS);
}

/* GET_VECTORS: x0/r0 is the vector base as the call found it; only a read. */
static void judge_get_vectors(const struct judge_ctx *c, const struct observation *o,
			      struct judgement *out)
{
	const struct arch_desc *a = c->arch;
	uint64_t x0 = o->post.gpr[a->ret_gpr], vbar = o->pre.sysreg[a->vbar];
	struct judgement *j = &out[RULE_GET_VECTORS_VALUE];

	if (x0 == vbar) {
		set(j, V_PASS);
	} else {
		expectf(j, "%s 0x%" PRIx64 " (%s)", a->gpr_names[a->ret_gpr], vbar,
			a->sysregs[a->vbar].name);
		failf(j, NULL, "%s 0x%" PRIx64, a->gpr_names[a->ret_gpr], x0);
	}
	j = &out[RULE_GET_VECTORS_EL2_STATE];
	if (sysregs_same(a, &o->pre, &o->post, SYSREG_EL2_CTRL, j, "EL2 state unchanged") &&
	    sysregs_same(a, &o->pre, &o->post, SYSREG_EL2_VBAR, j, "EL2 state unchanged"))
		set(j, V_PASS);
}

/*
 * return-code applies where success has a value (v4.12+: 0), and not to
 * GET_VECTORS, whose x0 is its answer (get-vectors.value).
 */
static bool judges_return_code(const struct judge_ctx *c)
{
	return !c->profile->success_any_x0 && c->fn != FN_GET_VECTORS;
}

/* A function that returned: its code, whether it was implemented, and its own rules. */
static void judge_function(const struct judge_ctx *c, const struct observation *o,
			   struct judgement *out)
{
	uint64_t x0 = o->post.gpr[c->arch->ret_gpr];
	struct judgement *j = &out[RULE_RETURN_CODE];

	if (judges_return_code(c)) {
		if (x0 == 0 || answered_error(c, o)) {
			set(j, V_PASS);
		} else {
			expectf(j, "0 or %s", error_text(c->profile));
			failf(j, NULL, "0x%" PRIx64, x0);
		}
	}
	if (profile_requires(c->profile, c->role, c->fn)) {
		j = &out[RULE_IMPLEMENTED];
		if (answered_error(c, o))
			failf(j, "implemented", "answered %s", c->profile->error_name);
		else
			set(j, V_PASS);
	}
	/* FINALISE_EL2 answers HVC_STUB_ERR by rule where it cannot switch. */
	if (c->fn == FN_FINALISE_EL2) {
		judge_finalise(c, o, out);
		return;
	}
	/* A function that answered the error (HVC_STUB_ERR) leaves its own rules not reached. */
	if (answered_error(c, o))
		return;
	if (c->fn == FN_SET_VECTORS)
		judge_set_vectors(c, o, out);
	else if (c->fn == FN_RESET_VECTORS)
		judge_reset_vectors(c, o, out);
	else if (c->fn == FN_GET_ICH_VTR_EL2)
		judge_get_ich_vtr(c, o, out);
	else if (c->fn == FN_GET_VECTORS)
		judge_get_vectors(c, o, out);
}

static void judge_unknown(const struct judge_ctx *c, const struct observation *o,
			  struct judgement *out)
{
	const struct arch_desc *a = c->arch;
	struct judgement *j = &out[RULE_UNKNOWN_ERROR];
	uint64_t x0 = o->post.gpr[a->ret_gpr];
	char want[112];

	snprintf(want, sizeof(want), "%s, EL2 state unchanged", error_text(c->profile));
	if (!answered_error(c, o)) {
		failf(j, want, "0x%" PRIx64 " for function 0x%" PRIx64, x0,
		      o->pre.gpr[a->ret_gpr]);
		return;
	}
	if (sysregs_same(a, &o->pre, &o->post, SYSREG_EL2_CTRL, j, want) &&
	    sysregs_same(a, &o->pre, &o->post, SYSREG_EL2_VBAR, j, want))
		set(j, V_PASS);
}

/* The x0..x2 the payload is entered with: the caller's x2..x4 (arm64). */
static void judge_restart_args(const struct arch_desc *a, const struct observation *o,
			       struct judgement *j)
{
	set(j, V_PASS);
	for (unsigned int i = 0; i < a->nrestart_moves; i++) {
		const struct reg_move *mv = &a->restart_moves[i];

		if (o->post.gpr[mv->to] == o->pre.gpr[mv->from])
			continue;
		failf(j, "", "%s = 0x%" PRIx64, a->gpr_names[mv->to], o->post.gpr[mv->to]);
		expectf(j, "%s = caller's %s = 0x%" PRIx64, a->gpr_names[mv->to],
			a->gpr_names[mv->from], o->pre.gpr[mv->from]);
		return;
	}
}

/* SOFT_RESTART's arrival at the restart address: where, masks, MMU, arguments. */
static void judge_arrival(const struct judge_ctx *c, const struct observation *o,
			  struct judgement *out)
{
	const struct arch_desc *a = c->arch;
	/* arm: bit 0 of r1 asks for T32 at r1 & ~1, as `bx` reads it. */
	bool t32 = a->thumb_bit && (o->pre.gpr[1] & 1);
	uint64_t target = t32 ? o->pre.gpr[1] & ~UINT64_C(1) : o->pre.gpr[1];
	uint32_t want_t = t32 ? a->thumb_bit : 0;
	struct judgement *j = &out[RULE_SOFT_RESTART_TARGET];

	if (o->post.pc == target && a->el_of(o->post.pstate) == 2 &&
	    (o->post.pstate & a->thumb_bit) == want_t) {
		set(j, V_PASS);
	} else {
		expectf(j, "0x%" PRIx64 " at EL2%s", target,
			!a->thumb_bit ? "" : t32 ? ", in T32" : ", in A32");
		failf(j, NULL, "0x%" PRIx64 " in %s%s", o->post.pc, a->mode_name(o->post.pstate),
		      !a->thumb_bit ? "" : o->post.pstate & a->thumb_bit ? ", T32" : ", A32");
	}
	j = &out[RULE_SOFT_RESTART_MASKED];
	if ((o->post.pstate & a->exception_masks) == a->exception_masks) {
		set(j, V_PASS);
	} else {
		expectf(j, "masks 0x%x (all)", a->exception_masks);
		failf(j, NULL, "masks 0x%x", o->post.pstate & a->exception_masks);
	}
	judge_mmu_off(&out[RULE_SOFT_RESTART_MMU_OFF], o, a);
	if (rule_applies_to_arch(RULE_SOFT_RESTART_ARGS, a))
		judge_restart_args(a, o, &out[RULE_SOFT_RESTART_ARGS]);
}

static void judge_soft_restart(const struct judge_ctx *c, const struct observation *o,
			       struct judgement *out)
{
	const struct arch_desc *a = c->arch;
	struct judgement *j;
	static const enum rule_id arrival[] = {
		RULE_SOFT_RESTART_TARGET, RULE_SOFT_RESTART_MASKED,
		RULE_SOFT_RESTART_MMU_OFF, RULE_SOFT_RESTART_ARGS,
	};

	for (size_t i = 0; i < sizeof(arrival) / sizeof(arrival[0]); i++)
		set(&out[arrival[i]], V_NOT_REACHED);
	if (!rule_applies_to_arch(RULE_SOFT_RESTART_ARGS, a))
		set(&out[RULE_SOFT_RESTART_ARGS], V_NOT_APPLICABLE);

	j = &out[RULE_SOFT_RESTART_NO_RETURN];
	if (o->end == END_RETURNED) {
		if (answered_error(c, o)) {
			set(j, V_NOT_REACHED);
			failf(&out[RULE_IMPLEMENTED], "implemented", "answered %s",
			      c->profile->error_name);
		} else {
			failf(j, "no return", "%s with x0 0x%" PRIx64, end_text(o),
			      o->post.gpr[a->ret_gpr]);
			set(&out[RULE_IMPLEMENTED], V_PASS);
		}
		return;
	}
	/* Landed somewhere in the pad: the function ran. */
	set(j, V_PASS);
	set(&out[RULE_IMPLEMENTED], V_PASS);
	judge_arrival(c, o, out);
}

#define RULE_BIT(r)	(UINT32_C(1) << (r))

/* The rules of a call that comes back, and each function's own. */
static const uint32_t returning_rules = RULE_BIT(RULE_RETURN_ADDRESS) |
	RULE_BIT(RULE_RETURN_MODE) | RULE_BIT(RULE_CALLEE_SAVED) | RULE_BIT(RULE_EL1_STATE);
static const uint32_t function_rules[FN_COUNT] = {
	[FN_SET_VECTORS] = RULE_BIT(RULE_SET_VECTORS_VBAR) | RULE_BIT(RULE_SET_VECTORS_ONLY_VBAR),
	[FN_RESET_VECTORS] = RULE_BIT(RULE_RESET_VECTORS_VBAR) |
			     RULE_BIT(RULE_RESET_VECTORS_MMU_OFF),
	[FN_SOFT_RESTART] = RULE_BIT(RULE_SOFT_RESTART_NO_RETURN),
	[FN_GET_ICH_VTR_EL2] = RULE_BIT(RULE_GET_ICH_VTR_VALUE) |
			       RULE_BIT(RULE_GET_ICH_VTR_EL2_STATE),
	[FN_GET_VECTORS] = RULE_BIT(RULE_GET_VECTORS_VALUE) | RULE_BIT(RULE_GET_VECTORS_EL2_STATE),
	[FN_FINALISE_EL2] = RULE_BIT(RULE_FINALISE_ERROR) | RULE_BIT(RULE_FINALISE_VHE) |
			    RULE_BIT(RULE_FINALISE_RETURN) | RULE_BIT(RULE_FINALISE_SP) |
			    RULE_BIT(RULE_FINALISE_EL2_REGS) | RULE_BIT(RULE_FINALISE_EL1_MMU_OFF),
	[FN_UNKNOWN] = RULE_BIT(RULE_UNKNOWN_ERROR),
};

/* Which rules this call is subject to, before knowing how it went: not reached yet. */
static void mark_subject(const struct judge_ctx *c, struct judgement out[RULE_COUNT])
{
	bool returns = c->fn != FN_SOFT_RESTART;
	uint32_t subject = function_rules[c->fn] | (returns ? returning_rules : 0);

	_Static_assert(RULE_COUNT <= 32, "a rule's bit fits in a uint32_t");
	for (int r = 0; r < RULE_COUNT; r++)
		if (subject & RULE_BIT(r))
			out[r].status = V_NOT_REACHED;
	if (c->fn == FN_UNKNOWN)
		return;
	if (returns && judges_return_code(c))
		out[RULE_RETURN_CODE].status = V_NOT_REACHED;
	if (profile_requires(c->profile, c->role, c->fn))
		out[RULE_IMPLEMENTED].status = V_NOT_REACHED;
}

/*
 * A call from EL2 itself: whether it came back. Where the era does not
 * make the stub handle it, one that does not come back is allowed (not
 * reached, no-fault too: what it ran is no call of the ABI). Where the
 * era does, a spin, a halt or a fault in the +0x200 entry itself is the
 * call not handled, and this rule's alone; a fault further on is
 * no-fault's.
 */
static void judge_el2_call(const struct judge_ctx *c, const struct observation *o,
			   struct judgement *out)
{
	const struct arch_desc *a = c->arch;
	struct judgement *j = &out[RULE_EL2_CALL_HANDLED], *nf = &out[RULE_NO_FAULT];
	uint64_t entry = o->pre.sysreg[a->vbar] + a->el2_hvc_vector;
	bool in_entry = o->end == END_FAULT && o->fault_pc >= entry &&
			o->fault_pc < entry + a->scan.entry_size;

	if (o->end == END_RETURNED || o->end == END_LANDED) {
		set(j, V_PASS);
		return;
	}
	expectf(j, "the call comes back (the VBAR + 0x%x entry handles it)", a->el2_hvc_vector);
	if (!profile_handles_el2_calls(c->profile, c->role)) {
		set(j, V_NOT_REACHED);
		snprintf(j->actual, sizeof(j->actual), "%s: allowed in %s (handled from v5.13)",
			 end_text(o), c->profile->name);
		set(nf, V_NOT_REACHED);
		snprintf(nf->actual, sizeof(nf->actual), "a call from EL2, which %s lets the stub "
			 "leave unhandled (el2-call.handled)", c->profile->name);
		return;
	}
	if (o->end == END_BUDGET || o->end == END_HALTED || in_entry) {
		failf(j, NULL, "%s", end_text(o));
		set(nf, V_NOT_REACHED);
		snprintf(nf->actual, sizeof(nf->actual),
			 "a call from EL2 not handled (el2-call.handled)");
		return;
	}
	set(j, V_NOT_REACHED);
	snprintf(j->actual, sizeof(j->actual), "the handler faulted (no-fault)");
}

void rules_judge(const struct judge_ctx *c, const struct observation *o,
		 struct judgement out[RULE_COUNT])
{
	/*
	 * Each judgement's status and two empty strings: clearing the whole
	 * texts (11 KB) was a fifth of a checked call. The bytes after a
	 * text's NUL are never read.
	 */
	for (int r = 0; r < RULE_COUNT; r++) {
		out[r].status = V_NOT_APPLICABLE;
		out[r].expected[0] = '\0';
		out[r].actual[0] = '\0';
	}
	if (!profile_judges(c->profile, c->role, c->fn))
		return;
	judge_no_fault(o, &out[RULE_NO_FAULT]);
	judge_memory(o, &out[RULE_MEMORY]);
	mark_subject(c, out);
	if (from_el2(c, o))
		judge_el2_call(c, o, out);
	if (o->end == END_FAULT || o->end == END_BUDGET || o->end == END_HALTED)
		return;		/* everything but no-fault and memory stays not-reached */

	if (c->fn == FN_SOFT_RESTART) {
		judge_soft_restart(c, o, out);
		return;
	}
	if (o->end != END_RETURNED) {
		/* It went to the landing pad instead of coming back. */
		failf(&out[RULE_RETURN_ADDRESS], "", "%s", end_text(o));
		expectf(&out[RULE_RETURN_ADDRESS], "0x%" PRIx64, return_addr(c, o));
		return;
	}
	judge_return(c, o, out);
	if (c->fn == FN_UNKNOWN)
		judge_unknown(c, o, out);
	else
		judge_function(c, o, out);
}

bool rules_hold(const struct judgement j[RULE_COUNT])
{
	for (int i = 0; i < RULE_COUNT; i++)
		if (j[i].status == V_FAIL && rules[i].severity == SEV_REQUIRED)
			return false;
	return true;
}

/*
 * hypabi trace: one call, every instruction the stub runs with the
 * registers, system registers and memory it changed, then the state
 * diff and the rules' verdicts for that call. The call is either a case
 * of `hypabi check` (--case FUNCTION/INDEX with its --seed: what every
 * failure's repro line names) or registers given with --call.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caselist.h"
#include "check.h"
#include "cli.h"
#include "commands.h"
#include "coverage.h"
#include "explore.h"
#include "layout.h"
#include "options.h"
#include "report.h"
#include "trace.h"

/* One traced call: the command line, the stub, the call. */
struct trace_cmd {
	struct opt_values opt;
	struct stub_args sa;
	struct placed_stub st;
	struct check_config cfg;
	char profile_why[200];	/* which profile, and from what */
	const struct cpu_model *cpu;	/* --cpu */
	char provided[240];	/* what of a booted kernel's state the stub was given */
	struct hyp_case c;
	FILE *out;
};

/* FUNCTION/INDEX */
static void parse_case(const char *s, enum hyp_function *fn, unsigned int *index)
{
	const char *slash = strchr(s, '/');
	char name[32];

	if (!slash || (size_t)(slash - s) >= sizeof(name))
		cli_error("--case: '%s' is not FUNCTION/INDEX (e.g. SET_VECTORS/3)", s);
	snprintf(name, sizeof(name), "%.*s", (int)(slash - s), s);
	for (int f = 0; f < FN_COUNT; f++) {
		if (strcmp(name, function_name((enum hyp_function)f)) == 0) {
			*fn = (enum hyp_function)f;
			*index = (unsigned int)cli_u64("--case", slash + 1, 100000000);
			return;
		}
	}
	cli_error("--case: unknown function '%s' (SET_VECTORS, SOFT_RESTART, RESET_VECTORS, "
		  "FINALISE_EL2, GET_ICH_VTR_EL2, "
		  "unknown)", name);
}

/* A quiet caller: registers 0, SP in the middle of its stack, every mask set. */
static void parse_call(const char *s, const struct arch_desc *a, struct hyp_case *c)
{
	char *copy = strdup(s), *save = NULL;

	memset(c, 0, sizeof(*c));
	c->fn = FN_UNKNOWN;
	c->in.caller.gpr[a->sp_gpr] = CALLER_STACK + CALLER_STACK_SIZE / 2;
	c->in.caller.pstate = a->exception_masks;
	snprintf(c->name, sizeof(c->name), "--call");
	for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		bool found = false;
		uint64_t v;

		if (!eq)
			cli_error("--call: '%s' is not NAME=VALUE", kv);
		*eq = '\0';
		v = cli_u64("--call", eq + 1, a->gpr_mask);
		for (unsigned int i = 0; i < a->ngprs; i++) {
			if (strcmp(kv, a->gpr_names[i]) == 0) {
				c->in.caller.gpr[i] = v;
				found = true;
			}
		}
		if (strcmp(kv, "pstate") == 0 || strcmp(kv, "cpsr") == 0) {
			c->in.caller.pstate = (uint32_t)v & (a->exception_masks | a->flags_mask);
			found = true;
		} else if (strcmp(kv, "mmu") == 0) {
			c->in.el2_mmu_on = v != 0;
			found = true;
		} else if (strcmp(kv, "thumb") == 0 && a->thumb_bit) {
			c->in.thumb = v != 0;
			found = true;
		}
		if (!found)
			cli_error("--call: no register '%s' on %s", kv, a->name);
	}
	free(copy);
}

static void parse_trace(int argc, char **argv, struct trace_cmd *t)
{
	struct opt_values *o = &t->opt;
	const char *path = options_operand(CMD_TRACE, argc, argv,
					   options_parse(CMD_TRACE, argc, argv, o));

	if (o->given[OPT_CASE] && o->given[OPT_CALL])
		options_conflict(OPT_CASE, OPT_CALL, NULL);
	if (o->given[OPT_REPLAY_EXPLORE] && (o->given[OPT_CASE] || o->given[OPT_CALL]))
		options_conflict(OPT_REPLAY_EXPLORE, o->given[OPT_CASE] ? OPT_CASE : OPT_CALL,
				 NULL);
	if (o->given[OPT_SEQUENCE] && (o->given[OPT_CASE] || o->given[OPT_CALL] ||
					o->given[OPT_REPLAY_EXPLORE]))
		options_conflict(OPT_SEQUENCE, o->given[OPT_CASE] ? OPT_CASE :
				 o->given[OPT_CALL] ? OPT_CALL : OPT_REPLAY_EXPLORE,
				 "a sequence makes its own calls");
	if (!o->given[OPT_CASE] && !o->given[OPT_CALL] && !o->given[OPT_SEQUENCE] &&
	    !o->given[OPT_REPLAY_EXPLORE])
		cli_error("trace: give one of --case FUNCTION/INDEX and --call REGS (or "
			  "--replay-explore K)");
	t->sa = stub_args_of(o, path, false);
	t->cfg.cases.role = (enum role)o->num[OPT_ROLE];
	t->cfg.cases.seed = o->num[OPT_SEED];
	t->cfg.cases.random = (unsigned int)o->num[OPT_RANDOM];
}

/* Load and place the stub; the configuration its cases are made under. */
static void open_stub(struct trace_cmd *t)
{
	struct check_config *cfg = &t->cfg;
	struct segment loaded;

	stub_open(&t->sa, &t->st);
	cfg->cases.profile = cli_choose_profile(t->opt.num[OPT_PROFILE], &t->st, t->profile_why,
						sizeof(t->profile_why));
	cli_check_applies(cfg->cases.profile, cfg->cases.role, t->st.arch,
			  t->opt.given[OPT_ICH_VTR]);
	t->cpu = cli_choose_cpu(&t->opt, t->st.arch);
	cfg->cases.vhe = t->cpu->vhe;	/* as check_run makes the cases on this core */
	check_config_use_stub(cfg, &t->st);
	loaded = t->st.img.seg[0];
	if (stub_boot_kernel(&t->st.img, cfg->cases.role, t->provided, sizeof(t->provided)))
		image_segment_release(&loaded);
}

/* --replay-explore K: the replay stops before call K, and keeps it. */
struct replay {
	uint64_t k;
	bool found;
	enum hyp_function fn;
	struct call_input in;
};

static bool stop_at(void *ctx, uint64_t k, enum hyp_function fn, const struct call_input *in)
{
	struct replay *r = ctx;

	if (k != r->k)
		return true;
	r->found = true;
	r->fn = fn;
	r->in = *in;
	return false;
}

/*
 * Call K of check --explore: made again as check made it, by running the
 * check's cases into a coverage of the stub (what the exploration starts
 * from), then exploring from the same seed up to call K.
 */
static void replay_explore(struct trace_cmd *t)
{
	const struct placed_stub *st = &t->st;
	struct replay r = { .k = t->opt.num[OPT_REPLAY_EXPLORE] };
	struct explore_hooks hooks = { .before = stop_at, .ctx = &r };
	struct results *res = calloc(1, sizeof(*res));
	struct machine m;
	int rc;

	if (!res || !(t->cfg.coverage = coverage_new(st->arch, &st->img,
						     st->vectors + st->arch->hvc_vector, false,
						     FN_COUNT)))
		cli_error("out of memory");
	rc = machine_open_on(&m, st->arch, t->cpu, &st->img, st->vectors, t->opt.num[OPT_BUDGET]);
	if (!rc) {
		machine_set_wall_budget(&m, t->opt.num[OPT_TIMEOUT]);
		machine_set_ich_vtr(&m, t->opt.num[OPT_ICH_VTR]);
		rc = check_run(&m, &t->cfg, res);
	}
	if (!rc)
		rc = explore_run(&m, &t->cfg, EXPLORE_MAX_CALLS, res->calls, &hooks);
	if (rc)
		cli_internal("%s", m.core.errmsg);
	machine_close(&m);
	coverage_delete(t->cfg.coverage);
	t->cfg.coverage = NULL;
	free(res);
	if (!r.found)
		cli_error("--replay-explore %" PRIu64 ": check --explore makes fewer calls on this "
			  "stub with --seed %" PRIu64 " and --random %u", r.k, t->cfg.cases.seed,
			  t->cfg.cases.random);
	t->c.fn = r.fn;
	t->c.in = r.in;
	t->c.index = (unsigned int)r.k;
	snprintf(t->c.name, sizeof(t->c.name), "explore.%" PRIu64, r.k);
}

/* The call: a case of check (--case), call K of its --explore, or the registers of --call. */
static void make_call(struct trace_cmd *t)
{
	const char *case_spec = t->opt.str[OPT_CASE];
	enum role role = t->cfg.cases.role;

	if (t->opt.given[OPT_REPLAY_EXPLORE]) {
		replay_explore(t);
	} else if (case_spec) {
		enum hyp_function fn;
		unsigned int index;

		parse_case(case_spec, &fn, &index);
		if (!cases_count(&t->cfg.cases, fn))
			cli_error("--case %s: role %s of profile %s has no such case", case_spec,
				  role_name(role), t->cfg.cases.profile->name);
		case_make(&t->cfg.cases, fn, index, &t->c);
	} else {
		parse_call(t->opt.str[OPT_CALL], t->st.arch, &t->c);
		t->c.fn = profile_function(t->cfg.cases.profile,
					   t->c.in.caller.gpr[t->st.arch->ret_gpr]);
	}
}

static void open_output(struct trace_cmd *t)
{
	const char *output = t->opt.str[OPT_OUTPUT];

	t->out = stdout;
	if (output && !(t->out = fopen(output, "w")))
		cli_error("cannot write '%s': %s", output, strerror(errno));
}

/* Make the call on m, its instructions traced to t->out, into o. */
static void traced_call(struct trace_cmd *t, struct machine *m, struct tracer *tr,
			struct observation *o)
{
	const struct placed_stub *st = &t->st;
	enum trace_format format = (enum trace_format)t->opt.num[OPT_TRACE_FORMAT];
	FILE *out = t->out;
	const char *case_spec = t->opt.str[OPT_CASE], *call = t->opt.str[OPT_CALL];
	bool named = case_spec || t->opt.given[OPT_REPLAY_EXPLORE];
	const struct hyp_case *c = &t->c;

	if (machine_open_on(m, st->arch, t->cpu, &st->img, st->vectors, t->opt.num[OPT_BUDGET]))
		cli_internal("%s", m->core.errmsg);
	machine_set_wall_budget(m, t->opt.num[OPT_TIMEOUT]);
	machine_set_ich_vtr(m, t->opt.num[OPT_ICH_VTR]);
	if (tracer_open(tr, m, out, format, t->opt.num[OPT_LIMIT]))
		cli_internal("capstone would not open");
	/* Tarmac has no comment lines: the heading goes to the text format only. */
	if (format == TRACE_TEXT)
		fprintf(out, "hypabi trace: %s (%s on %s), vectors 0x%" PRIx64 ", role %s, %s %s "
			"(seed %" PRIu64 ")\n", t->sa.path, st->arch->name, t->cpu->name, st->vectors,
			role_name(t->sa.role), function_name(c->fn), named ? c->name : call,
			t->cfg.cases.seed);
	if (format == TRACE_TEXT && t->provided[0])
		fprintf(out, "kernel state: %s\n", t->provided);
	if (machine_call(m, &c->in, o))
		cli_internal("%s", m->core.errmsg);
	tracer_finish(tr);
}

/* Judge the call and print how it ended and the rules' verdicts; true if it passes. */
static bool judge_call(struct trace_cmd *t, const struct machine *m, const struct observation *o)
{
	enum trace_format format = (enum trace_format)t->opt.num[OPT_TRACE_FORMAT];
	struct judgement j[RULE_COUNT];
	struct judge_ctx ctx;

	check_judge_ctx(m, &t->cfg, t->c.fn, &ctx);
	rules_judge(&ctx, o, j);
	if (format == TRACE_TEXT)
		report_call(t->out, t->st.arch, o, j);
	return rules_hold(j);
}

int cmd_trace(int argc, char **argv)
{
	struct trace_cmd t = { 0 };
	struct observation o;
	struct machine m;
	struct tracer tr;
	bool pass;

	parse_trace(argc, argv, &t);
	if (t.opt.given[OPT_SEQUENCE])
		return cmd_trace_sequence(argc, argv);
	open_stub(&t);
	make_call(&t);
	open_output(&t);
	traced_call(&t, &m, &tr, &o);
	pass = judge_call(&t, &m, &o);
	tracer_close(&tr);
	machine_close(&m);
	placed_stub_free(&t.st);
	if (t.out != stdout && fclose(t.out) != 0)
		cli_error("cannot write '%s': %s", t.opt.str[OPT_OUTPUT], strerror(errno));
	return pass ? EXIT_PASS : EXIT_FAIL;
}

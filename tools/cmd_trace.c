/*
 * hypabi trace: one call, every instruction the stub runs with the
 * registers, system registers and memory it changed, then the state
 * diff and the rules' verdicts for that call. The call is either a case
 * of `hypabi check` (--case FUNCTION/INDEX with its --seed: what every
 * failure's repro line names) or registers given with --call.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "caselist.h"
#include "check.h"
#include "cli.h"
#include "commands.h"
#include "layout.h"
#include "trace.h"

enum { T_ARCH = 256, T_LOAD, T_VECTORS, T_INITIAL, T_PROFILE, T_ROLE, T_SEED, T_CASE, T_CALL,
       T_FORMAT, T_BUDGET, T_LIMIT };

static const struct option trace_opts[] = {
	{ "arch", required_argument, NULL, T_ARCH },
	{ "load", required_argument, NULL, T_LOAD },
	{ "vectors", required_argument, NULL, T_VECTORS },
	{ "initial-vectors", required_argument, NULL, T_INITIAL },
	{ "profile", required_argument, NULL, T_PROFILE },
	{ "role", required_argument, NULL, T_ROLE },
	{ "seed", required_argument, NULL, T_SEED },
	{ "case", required_argument, NULL, T_CASE },
	{ "call", required_argument, NULL, T_CALL },
	{ "format", required_argument, NULL, T_FORMAT },
	{ "budget", required_argument, NULL, T_BUDGET },
	{ "limit", required_argument, NULL, T_LIMIT },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("usage: hypabi trace [options] (--case FUNCTION/INDEX | --call REGS) STUB\n"
	       "\n"
	       "Runs one hypercall and prints every instruction the stub runs, with the\n"
	       "registers, system registers and memory each one changed, then the state\n"
	       "diff against the caller's and the rules' verdicts for the call.\n"
	       "\n"
	       "  --case FUNCTION/INDEX  a case of 'hypabi check' (e.g. RESET_VECTORS/17), made\n"
	       "                         from --seed exactly as check made it\n"
	       "  --call REGS            e.g. 'x0=1,x1=0xf0010000' (arm: r0.., sp_svc, lr_svc);\n"
	       "                         also pstate=, thumb=1 (arm), mmu=1 (EL2 MMU on).\n"
	       "                         Other registers are 0, SP mid-stack, D/A/I/F masked\n"
	       "  --seed N               (default 1)\n"
	       "  --format text|tarmac   text (default) or Arm's Tarmac trace format\n"
	       "  --limit N              instructions printed (default %d)\n"
	       "  -o, --output FILE      write the trace to FILE\n"
	       "  --arch, --load, --vectors, --initial-vectors, --profile, --role, --budget\n"
	       "                         as for 'hypabi check'\n"
	       "\n"
	       "exit status: 0 the call passes every rule that applies; 1 it fails one;\n"
	       "2 bad input; 3 hypabi failed.\n", DEFAULT_TRACE_LIMIT);
}

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

static void print_state_diff(FILE *out, const struct arch_desc *a, const struct observation *o)
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
	/* Only writes outside the image are kept; the instruction lines above show each. */
	for (unsigned int i = 0; i < obs_outside_kept(o); i++)
		fprintf(out, "  %u-byte write at 0x%" PRIx64 " (outside the stub image)\n",
			o->outside[i].size, o->outside[i].addr);
	if (o->nwrites)
		fprintf(out, "  memory writes: %" PRIu64 " in all, %" PRIu64
			" outside the stub image%s\n", o->nwrites, o->nwrites_outside,
			o->nwrites_outside > OBS_MAX_WRITES ? " (the first ones listed)" : "");
}

int cmd_trace(int argc, char **argv)
{
	struct stub_args sa = { .max_size = MAX_IMAGE_SIZE, .role = ROLE_INITIAL };
	struct check_config cfg = { .cases.seed = DEFAULT_SEED };
	const char *case_spec = NULL, *call = NULL, *output = NULL;
	enum trace_format format = TRACE_TEXT;
	uint64_t budget = DEFAULT_INSN_BUDGET, limit = DEFAULT_TRACE_LIMIT;
	struct judgement j[RULE_COUNT];
	struct judge_ctx ctx;
	struct tracer t;
	struct hyp_case c;
	struct observation o;
	struct machine m;
	struct placed_stub st;
	FILE *out = stdout;
	bool pass = true;
	int opt;

	cfg.cases.profile = profile_by_name("hyp-abi");
	opterr = 0;
	optind = 0;	/* 0, not 1: GNU getopt then forgets any earlier parse entirely */
	while ((opt = getopt_long(argc, argv, ":o:h", trace_opts, NULL)) != -1) {
		switch (opt) {
		case T_ARCH:	sa.arch = optarg; break;
		case T_LOAD:	sa.load = optarg; break;
		case T_VECTORS: sa.vectors = optarg; break;
		case T_INITIAL: sa.initial_vectors = optarg; break;
		case T_PROFILE:
			cfg.cases.profile = profile_by_name(optarg);
			if (!cfg.cases.profile)
				cli_error("--profile: unknown profile '%s' (see 'hypabi profiles')", optarg);
			break;
		case T_ROLE:
			if (role_by_name(optarg, &sa.role))
				cli_error("--role: '%s' is neither 'initial' nor 'hypervisor'", optarg);
			break;
		case T_SEED:	cfg.cases.seed = cli_u64("--seed", optarg, UINT64_MAX); break;
		case T_CASE:	case_spec = optarg; break;
		case T_CALL:	call = optarg; break;
		case T_FORMAT:
			if (strcmp(optarg, "text") == 0)
				format = TRACE_TEXT;
			else if (strcmp(optarg, "tarmac") == 0)
				format = TRACE_TARMAC;
			else
				cli_error("--format: '%s' is not one of text, tarmac", optarg);
			break;
		case T_BUDGET:	budget = cli_u64("--budget", optarg, 1000000000); break;
		case T_LIMIT:	limit = cli_u64("--limit", optarg, 100000000); break;
		case 'o':	output = optarg; break;
		case 'h':	help(); return EXIT_PASS;
		case ':':	cli_error("option '%s' needs a value", argv[optind - 1]);
		default:	cli_error("unknown option '%s' (see 'hypabi trace --help')",
					  argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		cli_error("trace: give exactly one STUB (see 'hypabi trace --help')");
	if (!case_spec == !call)
		cli_error("trace: give one of --case FUNCTION/INDEX and --call REGS");
	if (budget == 0)
		cli_error("--budget: must be at least 1");
	sa.path = argv[optind];
	stub_open(&sa, &st);
	if (!profile_has_arch(cfg.cases.profile, st.arch->name))
		cli_error("--profile %s does not apply to %s", cfg.cases.profile->name, st.arch->name);
	cfg.cases.arch = st.arch;
	cfg.cases.role = sa.role;
	cfg.cases.vectors = st.vectors;
	cfg.initial_vectors = st.initial_vectors;
	cfg.initial_vectors_known = st.initial_vectors_known;
	cfg.initial_vectors_why = st.initial_vectors_why;

	if (case_spec) {
		enum hyp_function fn;
		unsigned int index;

		parse_case(case_spec, &fn, &index);
		if (!role_judges(sa.role, fn) ||
		    (fn != FN_UNKNOWN && cfg.cases.profile->number[fn] == FN_NONE))
			cli_error("--case %s: role %s has no such case", case_spec, role_name(sa.role));
		case_make(&cfg.cases, fn, index, &c);
	} else {
		parse_call(call, st.arch, &c);
		c.fn = profile_function(cfg.cases.profile, c.in.caller.gpr[st.arch->ret_gpr]);
	}
	if (output) {
		out = fopen(output, "w");
		if (!out)
			cli_error("cannot write '%s': %s", output, strerror(errno));
	}

	if (machine_open(&m, st.arch, &st.img, st.vectors, budget) ||
	    tracer_open(&t, &m, out, format, limit)) {
		fprintf(stderr, "hypabi: internal error: %s\n", m.core.errmsg[0] ? m.core.errmsg : "capstone");
		return EXIT_INTERNAL;
	}
	/* Tarmac has no comment lines: the heading goes to the text format only. */
	if (format == TRACE_TEXT)
		fprintf(out, "hypabi trace: %s (%s), vectors 0x%" PRIx64 ", role %s, %s %s (seed %"
			PRIu64 ")\n", sa.path, st.arch->name, st.vectors, role_name(sa.role),
			function_name(c.fn), case_spec ? c.name : call, cfg.cases.seed);
	if (machine_call(&m, &c.in, &o)) {
		fprintf(stderr, "hypabi: internal error: %s\n", m.core.errmsg);
		return EXIT_INTERNAL;
	}
	tracer_finish(&t);
	check_judge_ctx(&cfg, c.fn, &ctx);
	rules_judge(&ctx, &o, j);
	if (format == TRACE_TEXT) {
		fprintf(out, "end: %s at 0x%" PRIx64 " in %s after %" PRIu64 " instructions\n",
			call_end_name(o.end), o.end == END_FAULT ? o.fault_pc : o.post.pc,
			st.arch->mode_name(o.post.pstate), o.insns);
		print_state_diff(out, st.arch, &o);
		fprintf(out, "rules:\n");
	}
	for (int i = 0; i < RULE_COUNT; i++) {
		if (j[i].status == V_NOT_APPLICABLE)
			continue;
		pass &= j[i].status != V_FAIL || rules[i].severity != SEV_REQUIRED;
		if (format == TRACE_TEXT) {
			fprintf(out, "  %-24s %s", rules[i].id, verdict_name(j[i].status));
			if (j[i].status == V_FAIL)
				fprintf(out, ": expected %s; actual %s", j[i].expected, j[i].actual);
			fputc('\n', out);
		}
	}
	tracer_close(&t);
	machine_close(&m);
	placed_stub_free(&st);
	if (out != stdout && fclose(out) != 0)
		cli_error("cannot write '%s': %s", output, strerror(errno));
	return pass ? EXIT_PASS : EXIT_FAIL;
}

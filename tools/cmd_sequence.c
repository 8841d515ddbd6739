/*
 * hypabi check --sequence, hypabi trace --sequence and hypabi sequences:
 * a stub (and a second one: --hypervisor FILE, or --hypervisor-vectors in
 * the same image) on one machine in sequence mode (cases/sequence.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "commands.h"
#include "layout.h"
#include "report.h"
#include "scan.h"
#include "sequence.h"
#include "trace.h"

struct seq_cmd {
	struct opt_values opt;
	const char *path;
	struct placed_stub st[2];
	bool second_file;		/* st[1] is its own file (else: st[0]'s image again) */
	struct stub_image img;		/* what the machine runs: both stubs */
	const struct cpu_model *cpu;
	char profile_why[200];
	struct seq_config cfg;
	const struct sequence_def *def;	/* a named sequence, or NULL */
	bool random;
	struct seq_step steps[SEQ_MAX_STEPS];
	unsigned int n;
	struct machine m;
	struct seq_result res;
};

int cmd_sequences(void)
{
	for (unsigned int i = 0; i < nsequence_defs; i++) {
		const struct sequence_def *d = &sequence_defs[i];
		struct seq_step s[SEQ_MAX_STEPS];
		unsigned int n = sequence_steps(d, s);

		printf("%s  (%s; %s, then %s: %s)\n    %s\n", d->name, d->arches,
		       role_name(d->kind[SEQ_FIRST]), role_name(d->kind[SEQ_SECOND]), d->second_is,
		       d->what);
		for (unsigned int k = 0; k < n; k++) {
			char text[64];

			sequence_step_text(&s[k], text, sizeof(text));
			printf("    %u. %-32s by the %s stub: %s\n", k + 1, text,
			       s[k].by == SEQ_FIRST ? "first" : "second", s[k].holds);
		}
	}
	printf("random  (every arch; STUB, then --hypervisor as KVM's hyp-init if given)\n"
	       "    --random sequences drawn from the model of the EL2 state the ABI leaves, "
	       "each step judged\n    by the rules and sequence.model; a failing one is shrunk "
	       "and printed with its replay\n");
	return EXIT_PASS;
}

/* Vectors no stub of the run holds: where a hypervisor hypabi stands in for would be. */
static uint64_t foreign_vectors(const struct seq_cmd *c)
{
	const struct arch_desc *a = c->st[0].arch;
	uint64_t v = (HARNESS_BASE - 0x10000000u) & ~(uint64_t)(a->vector_align - 1);

	while (image_contains(&c->img, v, a->vector_align) && v > 0x10000000u)
		v -= 0x10000000u;
	return v;
}

/* The second stub: its own file, or another table of STUB's image. */
static void open_second(struct seq_cmd *c)
{
	const char *file = c->opt.str[OPT_HYPERVISOR], *vectors = c->opt.str[OPT_HYPERVISOR_VECTORS];
	struct opt_values o = c->opt;
	struct stub_args a;
	char err[512];

	options_unset(&o, OPT_VECTORS);
	options_unset(&o, OPT_INITIAL_VECTORS);
	if (vectors)
		options_set(&o, OPT_VECTORS, vectors);
	if (file)
		options_unset(&o, OPT_LOAD);
	a = stub_args_of(&o, file ? file : c->path, file && !vectors);
	a.role = c->cfg.kind[SEQ_SECOND];
	stub_open(&a, &c->st[1]);
	if (file && !vectors)
		stub_take_vectors(&c->st[1], &a, c->st[1].img.entry);
	if (c->st[1].arch != c->st[0].arch)
		cli_error("'%s' is %s code, '%s' %s: a sequence runs on one core", a.path,
			  c->st[1].arch->name, c->path, c->st[0].arch->name);
	c->second_file = file != NULL;
	/* Two stubs of one part of an image run on its bytes; else the two parts side by side. */
	if (!file && c->st[1].in_payload == c->st[0].in_payload) {
		c->img = c->st[0].img;
	} else if (sequence_join_images(&c->st[0].img, &c->st[1].img, &c->img, err, sizeof(err))) {
		if (file)
			cli_error("%s", err);
		/* A boot loader puts a zImage past the kernel it decompresses. */
		cli_error("'%s': the zImage at --load 0x%" PRIx64 " overlaps the kernel it "
			  "decompresses (0x%" PRIx64 "-0x%" PRIx64 "): give a --load past it",
			  c->path, image_low(&c->st[0].img), image_low(&c->st[1].img),
			  image_high(&c->st[1].img));
	}
	c->cfg.vectors[SEQ_SECOND] = c->st[1].vectors;
	c->cfg.has_second = true;
}

/* What --sequence names: a sequence, random, or steps. */
static void choose_steps(struct seq_cmd *c)
{
	const char *name = c->opt.str[OPT_SEQUENCE];
	const struct profile *p = c->cfg.cases.profile;
	char err[256];

	c->cfg.kind[SEQ_FIRST] = (enum role)c->opt.num[OPT_ROLE];
	c->cfg.kind[SEQ_SECOND] = ROLE_HYPERVISOR;
	if ((c->def = sequence_by_name(name))) {
		if (!sequence_applies(c->def, p, c->st[0].arch->name))
			cli_error("--sequence %s does not apply to %s stubs of profile %s (see "
				  "'hypabi sequences')", name, c->st[0].arch->name, p->name);
		if (!c->opt.given[OPT_HYPERVISOR] && !c->opt.given[OPT_HYPERVISOR_VECTORS])
			cli_error("--sequence %s needs its second stub, %s: give --hypervisor FILE "
				  "or --hypervisor-vectors", name, c->def->second_is);
		c->cfg.kind[SEQ_FIRST] = c->def->kind[SEQ_FIRST];
		c->cfg.kind[SEQ_SECOND] = c->def->kind[SEQ_SECOND];
		c->n = sequence_steps(c->def, c->steps);
	} else if (strcmp(name, "random") == 0) {
		c->random = true;
	} else if (sequence_parse(name, p, c->steps, &c->n, err, sizeof(err))) {
		cli_error("--sequence: %s (or a name of 'hypabi sequences', or random)", err);
	}
}

/* Load both stubs (c->opt and c->path given), choose the era and the steps, open the machine. */
static void open_parsed(struct seq_cmd *c)
{
	struct stub_args a;

	if (c->opt.given[OPT_INITIAL_VECTORS])
		options_conflict(OPT_INITIAL_VECTORS, OPT_SEQUENCE, "RESET_VECTORS restores the "
				 "first stub's vectors");
	if (c->opt.given[OPT_WAIVE])
		options_conflict(OPT_WAIVE, OPT_SEQUENCE, "a sequence's verdicts are not waived");
	if (c->opt.given[OPT_QUIET])
		options_conflict(OPT_QUIET, OPT_SEQUENCE, "a sequence's report is its table");
	a = stub_args_of(&c->opt, c->path, false);
	stub_open(&a, &c->st[0]);
	c->img = c->st[0].img;
	c->cfg.cases.profile = cli_choose_profile(c->opt.num[OPT_PROFILE], &c->st[0],
						  c->profile_why, sizeof(c->profile_why));
	c->cfg.cases.arch = c->st[0].arch;
	c->cfg.cases.seed = c->opt.num[OPT_SEED];
	c->cfg.vectors[SEQ_FIRST] = c->st[0].vectors;
	choose_steps(c);
	cli_check_applies(c->cfg.cases.profile, c->cfg.kind[SEQ_FIRST], c->st[0].arch,
			  c->opt.given[OPT_ICH_VTR]);
	c->cpu = cli_choose_cpu(&c->opt, c->st[0].arch);
	if (c->opt.given[OPT_HYPERVISOR] || c->opt.given[OPT_HYPERVISOR_VECTORS])
		open_second(c);
	c->cfg.foreign = foreign_vectors(c);
	if (machine_open_on(&c->m, c->st[0].arch, c->cpu, &c->img, c->st[0].vectors,
			    c->opt.num[OPT_BUDGET]))
		cli_internal("%s", c->m.core.errmsg);
	machine_set_wall_budget(&c->m, c->opt.num[OPT_TIMEOUT]);
	machine_set_ich_vtr(&c->m, c->opt.num[OPT_ICH_VTR]);
}

static void open_run(struct seq_cmd *c, enum cli_command cmd, int argc, char **argv)
{
	c->path = options_operand(cmd, argc, argv, options_parse(cmd, argc, argv, &c->opt));
	open_parsed(c);
}

static void close_run(struct seq_cmd *c)
{
	machine_close(&c->m);
	placed_stub_free(&c->st[0]);
	if (c->cfg.has_second)
		placed_stub_free(&c->st[1]);
}

/* "hypabi CMD OPTIONS STUB" that runs exactly the steps that ran, with their seed. */
static void replay_line(const struct seq_cmd *c, const char *cmd, uint64_t seed, char *buf,
			size_t len)
{
	struct opt_values o = c->opt;
	char opts[1024], stub[400], num[32];

	options_set(&o, OPT_ARCH, c->st[0].arch->name);
	options_set(&o, OPT_PROFILE, c->cfg.cases.profile->name);
	options_set(&o, OPT_SEQUENCE, c->res.steps);
	snprintf(num, sizeof(num), "%" PRIu64, seed);
	options_set(&o, OPT_SEED, num);
	if (c->def)
		options_unset(&o, OPT_ROLE);
	if (options_repro(&o, opts, sizeof(opts)) || options_shell_word(c->path, stub, sizeof(stub)))
		snprintf(buf, len, "(too long for one line)");
	else
		snprintf(buf, len, "hypabi %s %s %s", cmd, opts, stub);
}

static void describe(struct seq_cmd *c, uint64_t seed)
{
	struct seq_result *r = &c->res;

	snprintf(r->name, sizeof(r->name), "%s", c->def ? c->def->name :
		 c->random ? "random" : "steps");
	r->what = c->def ? c->def->what : NULL;
	snprintf(r->stubs[0], sizeof(r->stubs[0]), "%s 0x%" PRIx64, c->path, c->st[0].vectors);
	if (c->cfg.has_second)
		snprintf(r->stubs[1], sizeof(r->stubs[1]), "%s 0x%" PRIx64,
			 c->second_file ? c->opt.str[OPT_HYPERVISOR] : c->path, c->st[1].vectors);
	r->kinds[0] = role_name(c->cfg.kind[0]);
	r->kinds[1] = c->cfg.has_second ? role_name(c->cfg.kind[1]) : NULL;
	r->profile = c->cfg.cases.profile->name;
	r->arch = c->st[0].arch->name;
	r->cpu = c->cpu->name;
	r->load = image_low(&c->st[0].img);
	r->vectors = c->st[0].vectors;
	r->seed = seed;
	if (sequence_format(c->steps, c->n, r->steps, sizeof(r->steps)))
		cli_internal("a sequence of %u steps does not fit %zu bytes", c->n, sizeof(r->steps));
	r->repro[0] = r->trace_repro[0] = '\0';
	if (!r->pass) {
		replay_line(c, "check", seed, r->repro, sizeof(r->repro));
		replay_line(c, "trace", seed, r->trace_repro, sizeof(r->trace_repro));
	}
}

/* Run c's sequence (c opened) into c->res, described; true if it passes. */
static bool run_one(struct seq_cmd *c)
{
	uint64_t seed = c->cfg.cases.seed;

	if (c->random) {
		if (sequence_random_run(&c->m, &c->cfg, (unsigned int)c->opt.num[OPT_RANDOM],
					c->steps, &c->n, &seed, &c->res))
			cli_internal("%s", c->m.core.errmsg);
	} else if (sequence_run(&c->m, &c->cfg, c->steps, c->n, &c->res)) {
		cli_internal("%s", c->m.core.errmsg);
	}
	describe(c, seed);
	return c->res.pass;
}

static struct report_style style_of(const struct opt_values *opt, FILE *out)
{
	return (struct report_style){
		.verbose = opt->given[OPT_VERBOSE],
		.colour = out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR"),
	};
}

static void report_failed(const struct opt_values *opt)
{
	const char *output = opt->str[OPT_OUTPUT];

	cli_error("cannot write '%s': %s", output ? output : "standard output", strerror(errno));
}

/* The first candidate of kind r: its --vectors word; false if none. */
static bool find_kind(const struct scan_result *sr, const enum role *kinds, enum role r,
		      char *buf, size_t len)
{
	for (unsigned int i = 0; i < sr->n; i++)
		if (kinds[i] == r) {
			snprintf(buf, len, "%s+0x%" PRIx64, sr->c[i].payload ? "payload" : "",
				 sr->c[i].offset);
			return true;
		}
	return false;
}

/*
 * check --scan --sequence all|NAME: the image's stubs by kind, and every
 * named sequence (or the one named) whose two kinds the image holds, each
 * run once; their reports as one document in --format. True if every one
 * passes.
 */
static bool run_scan(const struct opt_values *opt, const char *path, FILE *out)
{
	static struct scan_result sr;
	enum role kinds[SCAN_MAX_CANDIDATES];
	const char *want = opt->str[OPT_SEQUENCE];
	enum report_format format = (enum report_format)opt->num[OPT_FORMAT];
	struct report_style style = style_of(opt, out);
	struct seq_result **res = calloc(nsequence_defs, sizeof(*res));
	struct placed_stub st;
	struct stub_args a = stub_args_of(opt, path, true);
	char why[200];
	const struct profile *p;
	unsigned int ran = 0;
	bool pass = true;

	if (!res)
		cli_error("out of memory");
	if (strcmp(want, "all") != 0 && !sequence_by_name(want))
		cli_error("check --scan --sequence takes all or a name of 'hypabi sequences', "
			  "not '%s'", want);
	stub_open(&a, &st);
	p = cli_choose_profile(opt->num[OPT_PROFILE], &st, why, sizeof(why));
	if (scan_image(st.arch, &st.img, cli_jobs(opt), &sr))
		cli_error("'%s': cannot scan it as %s code", path, st.arch->name);
	for (unsigned int i = 0; i < sr.n; i++)
		kinds[i] = cli_scanned_kind(p, &sr.c[i], st.arch->name, why, sizeof(why));
	for (unsigned int d = 0; d < nsequence_defs; d++) {
		const struct sequence_def *def = &sequence_defs[d];
		struct seq_cmd *c;
		char v1[48], v2[48];

		if ((strcmp(want, "all") != 0 && strcmp(want, def->name) != 0) ||
		    !sequence_applies(def, p, st.arch->name) ||
		    !find_kind(&sr, kinds, def->kind[SEQ_FIRST], v1, sizeof(v1)) ||
		    !find_kind(&sr, kinds, def->kind[SEQ_SECOND], v2, sizeof(v2)))
			continue;
		if (!(c = calloc(1, sizeof(*c))))
			cli_error("out of memory");
		c->opt = *opt;
		c->path = path;
		options_unset(&c->opt, OPT_SCAN);
		options_set(&c->opt, OPT_SEQUENCE, def->name);
		options_set(&c->opt, OPT_VECTORS, v1);
		options_set(&c->opt, OPT_HYPERVISOR_VECTORS, v2);
		open_parsed(c);
		pass &= run_one(c);
		close_run(c);
		/* The result keeps only static strings and its own text: it outlives c. */
		if (!(res[ran] = malloc(sizeof(*res[ran]))))
			cli_error("out of memory");
		*res[ran++] = c->res;
		free(c);
	}
	placed_stub_free(&st);
	if (!ran && format != FORMAT_TEXT && format != FORMAT_MD)
		fprintf(stderr, "hypabi: %s: no sequence of 'hypabi sequences' has both its "
			"stubs in it\n", path);
	if (report_sequences(out, format, path, (const struct seq_result *const *)res, ran,
			     &style))
		report_failed(opt);
	for (unsigned int i = 0; i < ran; i++)
		free(res[i]);
	free(res);
	return pass && ran;
}

int cmd_check_sequence(int argc, char **argv)
{
	struct seq_cmd *c = calloc(1, sizeof(*c));
	const char *output;
	FILE *out = stdout;
	bool pass;

	if (!c)
		cli_error("out of memory");
	c->path = options_operand(CMD_CHECK, argc, argv, options_parse(CMD_CHECK, argc, argv,
								       &c->opt));
	output = c->opt.str[OPT_OUTPUT];
	if (output && !(out = fopen(output, "w")))
		cli_error("cannot write '%s': %s", output, strerror(errno));
	if (c->opt.given[OPT_SCAN]) {
		pass = run_scan(&c->opt, c->path, out);
	} else {
		struct report_style style = style_of(&c->opt, out);

		open_parsed(c);
		pass = run_one(c);
		if (report_sequence(out, (enum report_format)c->opt.num[OPT_FORMAT], &c->res,
				    &style))
			report_failed(&c->opt);
		close_run(c);
	}
	if (out != stdout && fclose(out) != 0)
		cli_error("cannot write '%s': %s", output, strerror(errno));
	free(c);
	return pass ? EXIT_PASS : EXIT_FAIL;
}

/* trace --sequence: the tracer watches the last step only. */
struct last_step {
	struct tracer *tr;
	FILE *out;
	enum trace_format format;
	uint64_t limit;
	unsigned int last;
	bool opened;
};

static void before_step(struct machine *m, unsigned int i, void *ctx)
{
	struct last_step *l = ctx;

	if (i != l->last)
		return;
	if (tracer_open(l->tr, m, l->out, l->format, l->limit))
		cli_internal("capstone would not open");
	l->opened = true;
}

int cmd_trace_sequence(int argc, char **argv)
{
	struct seq_cmd *c = calloc(1, sizeof(*c));
	struct report_style style = { 0 };
	struct tracer tr;
	struct last_step l = { .tr = &tr };
	const char *output;
	bool pass;

	if (!c)
		cli_error("out of memory");
	open_run(c, CMD_TRACE, argc, argv);
	if (c->random)
		cli_error("trace --sequence takes a sequence's name or its steps, not random");
	output = c->opt.str[OPT_OUTPUT];
	l.out = stdout;
	if (output && !(l.out = fopen(output, "w")))
		cli_error("cannot write '%s': %s", output, strerror(errno));
	l.format = (enum trace_format)c->opt.num[OPT_TRACE_FORMAT];
	l.limit = c->opt.num[OPT_LIMIT];
	l.last = c->n - 1;
	c->cfg.before_step = before_step;
	c->cfg.before_ctx = &l;
	if (l.format == TRACE_TEXT)
		fprintf(l.out, "hypabi trace: the last call of %s (seed %" PRIu64 ")\n",
			c->opt.str[OPT_SEQUENCE], c->cfg.cases.seed);
	if (sequence_run(&c->m, &c->cfg, c->steps, c->n, &c->res))
		cli_internal("%s", c->m.core.errmsg);
	if (l.opened) {
		tracer_finish(&tr);
		tracer_close(&tr);
	}
	describe(c, c->cfg.cases.seed);
	if (l.format == TRACE_TEXT && report_sequence(l.out, FORMAT_TEXT, &c->res, &style))
		cli_error("cannot write '%s': %s", output ? output : "standard output",
			  strerror(errno));
	if (l.out != stdout && fclose(l.out) != 0)
		cli_error("cannot write '%s': %s", output, strerror(errno));
	pass = c->res.pass;
	close_run(c);
	free(c);
	return pass ? EXIT_PASS : EXIT_FAIL;
}

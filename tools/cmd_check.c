/*
 * hypabi check: one stub or every stub of an image (--scan), the runs,
 * and the reports. Its options are those of options.c.
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
#include "by_design.h"
#include "coverage.h"
#include "emu.h"
#include "explore.h"
#include "options.h"
#include "report.h"
#include "results.h"
#include "scan.h"
#include "trace.h"
#include "waiver.h"

/*
 * How the calls are made: how long one may run and what the emulated core
 * reports of itself; and how much of a failing one reports keep.
 */
struct run_setup {
	uint64_t budget;	/* instructions */
	uint64_t wall_ms;
	uint64_t ich_vtr;	/* what ICH_VTR_EL2 reads as */
	const struct cpu_model *cpu;	/* the core (--cpu), once the arch is known */
	uint64_t trace;		/* instructions of trace */
	uint64_t explore;	/* --explore: calls, or 0 */
	bool min_coverage_given;
	unsigned int min_coverage;	/* --min-coverage: percent */
};

/* One stub to check: where it is, what it is checked as, and the image its machines load. */
struct stub_run {
	struct placed_stub st;		/* shares the image of check_cmd's */
	struct check_config cfg;
	struct stub_image img;		/* st's, or a copy with a booted kernel's writes */
	bool booted;			/* img's segment 0 is that copy */
	char sel[64];			/* its selector, for the waivers */
};

/* One check run, from the command line to the reports. */
struct check_cmd {
	struct opt_values opt;
	const char *stub;
	struct stub_args sa;
	struct placed_stub st;
	struct check_config cfg;
	char profile_why[200];	/* which profile, and from what */
	struct run_setup setup;
	struct waivers wv;
	FILE *out;
	unsigned int threads;	/* -j */
	struct results **res;	/* one per stub checked */
	struct stub_run *runs;	/* ... and how it is checked */
	unsigned int n;
};

static void parse_check(int argc, char **argv, struct check_cmd *run)
{
	struct opt_values *o = &run->opt;
	char err[512];

	run->stub = options_operand(CMD_CHECK, argc, argv, options_parse(CMD_CHECK, argc, argv, o));
	if (o->given[OPT_QUIET] && o->given[OPT_VERBOSE])
		options_conflict(OPT_QUIET, OPT_VERBOSE, NULL);
	if (o->given[OPT_SCAN] && o->given[OPT_VECTORS])
		options_conflict(OPT_SCAN, OPT_VECTORS, "--scan finds the vectors");
	run->cfg.cases.role = (enum role)o->num[OPT_ROLE];
	run->cfg.cases.seed = o->num[OPT_SEED];
	run->cfg.cases.random = (unsigned int)o->num[OPT_RANDOM];
	run->setup = (struct run_setup){
		.budget = o->num[OPT_BUDGET], .wall_ms = o->num[OPT_TIMEOUT],
		.ich_vtr = o->num[OPT_ICH_VTR], .trace = o->num[OPT_TRACE_LIMIT],
		.explore = o->num[OPT_EXPLORE], .min_coverage_given = o->given[OPT_MIN_COVERAGE],
		.min_coverage = (unsigned int)o->num[OPT_MIN_COVERAGE],
	};
	run->threads = cli_jobs(o);
	if (o->str[OPT_WAIVE] && waivers_load(o->str[OPT_WAIVE], &run->wv, err, sizeof(err)))
		cli_error("%s", err);
}

/* Load and place the stub; open the report's file. */
static void open_stub(struct check_cmd *run)
{
	const char *output = run->opt.str[OPT_OUTPUT];

	run->sa = stub_args_of(&run->opt, run->stub, run->opt.given[OPT_SCAN]);
	stub_open(&run->sa, &run->st);
	run->cfg.cases.profile = cli_choose_profile(run->opt.num[OPT_PROFILE], &run->st,
						    run->profile_why, sizeof(run->profile_why));
	cli_check_applies(run->cfg.cases.profile, run->cfg.cases.role, run->st.arch,
			  run->opt.given[OPT_ICH_VTR]);
	run->setup.cpu = cli_choose_cpu(&run->opt, run->st.arch);
	run->out = stdout;
	if (output && !(run->out = fopen(output, "w")))
		cli_error("cannot write '%s': %s", output, strerror(errno));
}

/*
 * What "hypabi trace OPTIONS --case F/I STUB" needs to remake exactly this
 * stub's calls: the run's options, with the arch, vectors, role and
 * initial vectors this stub was checked with.
 */
static void repro_for(struct results *res, const struct check_cmd *run,
		      const struct check_config *cfg, const struct placed_stub *st,
		      const struct stub_args *sa, const char *vectors)
{
	struct run_info *in = &res->info;
	struct opt_values o = run->opt;
	char initial[32];

	options_set(&o, OPT_ARCH, st->arch->name);
	options_set(&o, OPT_PROFILE, cfg->cases.profile->name);	/* what auto chose */
	snprintf(in->profile_why, sizeof(in->profile_why), "%s", run->profile_why);
	options_set(&o, OPT_VECTORS, vectors);
	options_set(&o, OPT_ROLE, role_name(cfg->cases.role));
	options_unset(&o, OPT_INITIAL_VECTORS);
	if (st->initial_vectors_known &&
	    (sa->initial_vectors || role_is_hypervisor(cfg->cases.role))) {
		snprintf(initial, sizeof(initial), "0x%" PRIx64, st->initial_vectors);
		options_set(&o, OPT_INITIAL_VECTORS, initial);
	}
	if (options_repro(&o, in->repro_options, sizeof(in->repro_options)))
		cli_internal("the options of a repro line take more than %zu bytes",
			     sizeof(in->repro_options));
	if (options_shell_word(sa->path, in->repro_stub, sizeof(in->repro_stub))) {
		cli_warning("the path '%s' is too long for a repro line: they name it STUB",
			    sa->path);
		snprintf(in->repro_stub, sizeof(in->repro_stub), "STUB");
	}
}

/*
 * The stub's code from its vector entry (in the arch's own instruction
 * set: the harness's HSCTLR.TE is clear), and a coverage set per function.
 */
static struct coverage *new_coverage(const struct placed_stub *st, const struct stub_image *img,
				     uint64_t vectors)
{
	struct coverage *cov = coverage_new(st->arch, img, vectors + st->arch->hvc_vector, false,
					    FN_COUNT);

	if (!cov)
		cli_internal("cannot walk the stub's code from 0x%" PRIx64 " (Capstone, or memory)",
			     vectors + st->arch->hvc_vector);
	return cov;
}

/* by_design_read: an ID register as the stub's core reads it, on a machine opened at the first. */
struct id_reader {
	const struct check_stub *cs;
	struct machine m;
	bool open, failed;
};

static int read_id(void *ctx, const struct id_gate *g, uint64_t *val)
{
	struct id_reader *r = ctx;
	const struct arch_emu *emu = arch_emu_of(r->cs->how.arch);

	if (!r->open && !r->failed) {
		r->failed = check_machine_open(&r->m, &r->cs->how, r->cs->cfg) != 0;
		r->open = !r->failed;
	}
	if (!r->open || !emu->read_id)
		return -1;
	return emu->read_id(&r->m.core, g, val);
}

/* Which of the blocks no call ran cannot run on this core, and why (by_design.c). */
static void classify_unrun(const struct check_stub *cs, const struct run_setup *setup)
{
	struct id_reader r = { .cs = cs };
	int rc = by_design_classify(cs->cfg->coverage, cs->how.arch, cs->how.img, read_id, &r,
				    setup->cpu->name);

	if (r.open || r.failed)
		machine_close(&r.m);
	if (rc)
		cli_error("out of memory");
}

_Static_assert(EXPLORE_MAX_CALLS < RESULTS_EXPLORED, "an explored call's number fits beside its mark");

/* --explore's calls are judged as the cases are, into the same results. */
struct judge_explored {
	const struct machine *m;
	const struct check_config *cfg;
	struct results *res;
};

static void judge_explored(void *ctx, uint64_t k, enum hyp_function fn,
			   const struct call_input *in, const struct observation *o)
{
	struct judge_explored *jx = ctx;
	struct judgement j[RULE_COUNT];
	struct judge_ctx jc;
	char name[48];

	(void)in;
	check_judge_ctx(jx->m, jx->cfg, fn, &jc);
	rules_judge(&jc, o, j);
	snprintf(name, sizeof(name), "explore.%" PRIu64, k);
	results_add(jx->res, fn, name, (unsigned int)k | RESULTS_EXPLORED, j);
}

/*
 * Once the cases have run: --explore (on one machine: its calls depend on
 * what the ones before them reached), then whether the calls ran
 * --min-coverage of the stub.
 */
static void cover_more(const struct check_stub *cs, const struct run_setup *setup)
{
	const struct check_config *cfg = cs->cfg;
	struct results *res = cs->res;

	if (setup->explore) {
		struct machine m;
		struct judge_explored jx = { .m = &m, .cfg = cfg, .res = res };
		struct explore_hooks hooks = { .after = judge_explored, .ctx = &jx };
		int rc = check_machine_open(&m, &cs->how, cfg);

		if (!rc)
			rc = explore_run(&m, cfg, setup->explore, res->calls, &hooks);
		results_finish(res);
		if (rc) {
			char msg[sizeof(m.core.errmsg)];

			snprintf(msg, sizeof(msg), "%s", m.core.errmsg);
			machine_close(&m);
			cli_internal("%s", msg);
		}
		machine_close(&m);
	}
	classify_unrun(cs, setup);
	res->info.min_coverage = setup->min_coverage;
	res->info.below_min_coverage = setup->min_coverage_given &&
				       coverage_percent(cfg->coverage) < setup->min_coverage;
}

/*
 * Get one stub ready to run into res: the image its machines load, its
 * coverage, and what the reports say of the run.
 */
static void prepare_run(struct stub_run *sr, const struct run_setup *setup, struct results *res)
{
	const struct check_config *cfg = &sr->cfg;

	sr->img = sr->st.img;
	/* The kernel's boot-time writes go into a copy: the image's other stubs run without. */
	sr->booted = stub_boot_kernel(&sr->img, cfg->cases.role, res->info.provided,
				      sizeof(res->info.provided));
	sr->cfg.coverage = new_coverage(&sr->st, &sr->img, cfg->cases.vectors);
	res->coverage = sr->cfg.coverage;
	res->info.arch = sr->st.arch->name;
	res->info.cpu = setup->cpu->name;
	res->info.profile = cfg->cases.profile->name;
	res->info.role = role_name(cfg->cases.role);
	res->info.load = image_low(&sr->st.img);
	res->info.vectors = cfg->cases.vectors;
	res->info.seed = cfg->cases.seed;
	res->info.random = cfg->cases.random;
}

/* Run every case of every stub prepared (on -j threads), then apply the waivers in order. */
static void run_stubs(struct check_cmd *run)
{
	const struct run_setup *setup = &run->setup;
	struct check_stub *cs = calloc(run->n, sizeof(*cs));
	int rc;

	if (!cs)
		cli_error("out of memory");
	for (unsigned int k = 0; k < run->n; k++) {
		struct stub_run *sr = &run->runs[k];

		cs[k] = (struct check_stub){
			.cfg = &sr->cfg,
			.how = { sr->st.arch, setup->cpu, &sr->img, setup->budget, setup->wall_ms,
				 setup->ich_vtr },
			.trace_limit = setup->trace,
			.res = run->res[k],
		};
	}
	rc = check_stubs(cs, run->n, run->threads);
	for (unsigned int k = 0; rc && k < run->n; k++) {
		if (cs[k].rc) {
			char msg[sizeof(cs[k].errmsg)];

			snprintf(msg, sizeof(msg), "%s", cs[k].errmsg);
			free(cs);
			cli_internal("%s", msg);
		}
	}
	for (unsigned int k = 0; k < run->n; k++)
		cover_more(&cs[k], setup);
	free(cs);
	for (unsigned int k = 0; k < run->n; k++) {
		if (run->runs[k].booted)
			image_segment_release(&run->runs[k].img.seg[0]);
		run->runs[k].booted = false;
		waivers_apply(&run->wv, run->res[k], run->runs[k].sel);
	}
}

/* A stub that compares with every function of the profile: an image's initial stub. */
static bool handles_all(const struct profile *p, const struct scan_candidate *c)
{
	for (int fn = 0; fn < FN_UNKNOWN; fn++)
		if (cli_scan_sees(p, fn) && !(c->numbers & (1u << p->number[fn])))
			return false;
	return true;
}

/* The initial stub of c's part of the image: the one candidate there handling every function. */
static bool image_initial(const struct check_cmd *run, const struct scan_result *sr,
			  const struct scan_candidate *c, char *buf, size_t len)
{
	unsigned int found = 0, which = 0;

	for (unsigned int k = 0; k < sr->n; k++)
		if (sr->c[k].payload == c->payload && handles_all(run->cfg.cases.profile, &sr->c[k]))
			found++, which = k;
	if (found == 1)
		snprintf(buf, len, "0x%" PRIx64, scan_vectors(&run->st.img, &sr->c[which]));
	return found == 1;
}

static struct results *new_results(void)
{
	struct results *res = calloc(1, sizeof(*res));

	if (!res)
		cli_error("out of memory");
	return res;
}

/* Get candidate c of the image's scan ready to check in its own role, into sr and new results. */
static struct results *prepare_candidate(struct check_cmd *run, const struct scan_result *scan,
					 const struct scan_candidate *c, struct stub_run *sr)
{
	struct placed_stub *one = &sr->st;
	struct stub_args a = run->sa;
	char initial[64];
	struct results *res = new_results();

	*one = run->st;
	if (c->payload) {
		one->img.nseg = 1;
		one->img.seg[0] = run->st.img.payload.seg;
		one->img.has_payload = false;
	}
	if (!run->opt.given[OPT_ROLE])
		a.role = cli_scanned_kind(run->cfg.cases.profile, c, run->st.arch->name,
					  res->info.kind_why, sizeof(res->info.kind_why));
	if (role_is_hypervisor(a.role) && !a.initial_vectors &&
	    image_initial(run, scan, c, initial, sizeof(initial)))
		a.initial_vectors = initial;
	one->in_payload = c->payload;
	stub_take_vectors(one, &a, scan_vectors(&run->st.img, c));
	sr->cfg = run->cfg;
	sr->cfg.cases.role = a.role;
	check_config_use_stub(&sr->cfg, one);
	stub_selector(one, sr->sel, sizeof(sr->sel));
	snprintf(res->info.name, sizeof(res->info.name), "%s %s%s%.100s%s", run->stub, sr->sel,
		 c->symbol ? " (" : "", c->symbol ? c->symbol : "", c->symbol ? ")" : "");
	snprintf(res->info.selector, sizeof(res->info.selector), "%s", sr->sel);
	repro_for(res, run, &sr->cfg, one, &a, sr->sel);
	prepare_run(sr, &run->setup, res);
	return res;
}

/*
 * check --scan: every candidate of the image, judged as the kind of stub
 * its code says it is (cli_scanned_kind), unless --kind says. A
 * hypervisor's RESET_VECTORS must restore the image's initial stub: the
 * one candidate in the same part that handles every function.
 */
static void run_scan(struct check_cmd *run)
{
	static struct scan_result sr;

	if (scan_image(run->st.arch, &run->st.img, run->threads, &sr))
		cli_error("'%s': cannot scan it as %s code", run->stub, run->st.arch->name);
	if (sr.n == 0) {
		report_no_stubs(stdout, run->stub);
		cli_end(EXIT_FAIL);
	}
	run->res = calloc(sr.n, sizeof(*run->res));
	run->runs = calloc(sr.n, sizeof(*run->runs));
	if (!run->res || !run->runs)
		cli_error("out of memory");
	for (unsigned int i = 0; i < sr.n; i++, run->n++)
		run->res[i] = prepare_candidate(run, &sr, &sr.c[i], &run->runs[i]);
	run_stubs(run);
}

/* check STUB: the one stub at its vectors. */
static void run_one(struct check_cmd *run)
{
	struct results *res = new_results();
	struct stub_run *sr;
	char abs[32];
	bool placed_by_address = run->st.img.format == IMAGE_RAW ||
				 run->st.img.format == IMAGE_ELF;

	run->res = calloc(1, sizeof(*run->res));
	run->runs = sr = calloc(1, sizeof(*run->runs));
	if (!run->res || !run->runs)
		cli_error("out of memory");
	sr->st = run->st;
	sr->cfg = run->cfg;
	check_config_use_stub(&sr->cfg, &sr->st);
	snprintf(res->info.name, sizeof(res->info.name), "%s", run->stub);
	stub_selector(&sr->st, sr->sel, sizeof(sr->sel));
	snprintf(abs, sizeof(abs), "0x%" PRIx64, sr->st.vectors);
	repro_for(res, run, &sr->cfg, &sr->st, &run->sa, placed_by_address ? abs : sr->sel);
	prepare_run(sr, &run->setup, res);
	run->res[run->n++] = res;
	run_stubs(run);
}

/* Print the reports (or, with -q, the verdict line); true when every stub passes. */
static bool write_reports(struct check_cmd *run)
{
	struct results **res = run->res;
	const struct results *const *all = (const struct results *const *)res;
	unsigned int n = run->n;
	FILE *out = run->out;
	const char *output = run->opt.str[OPT_OUTPUT];
	enum report_format fmt = (enum report_format)run->opt.num[OPT_FORMAT];
	struct report_style style = { 0 };
	bool pass = true;
	int rc;

	for (unsigned int k = 0; k < n; k++)
		pass &= results_pass(res[k]);
	style.verbose = run->opt.given[OPT_VERBOSE];
	style.colour = out == stdout && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (run->opt.given[OPT_QUIET])
		rc = report_verdict(out, all, n);
	else if (run->opt.given[OPT_SCAN])
		rc = report_write_multi(out, fmt, run->stub, all, n, &style);
	else
		rc = report_write(out, fmt, res[0], &style);
	if (rc)
		cli_error("cannot write '%s': %s", output ? output : "standard output",
			  strerror(errno));
	if (out != stdout && fclose(out) != 0)
		cli_error("cannot write '%s': %s", output, strerror(errno));
	return pass;
}

static void release(struct check_cmd *run)
{
	for (unsigned int k = 0; k < run->n; k++) {
		coverage_delete(run->res[k]->coverage);
		results_release(run->res[k]);
		free(run->res[k]);
	}
	free(run->res);
	free(run->runs);
	waivers_free(&run->wv);
	placed_stub_free(&run->st);
}

int cmd_check(int argc, char **argv)
{
	struct check_cmd run = { 0 };
	char err[512];
	bool pass;

	parse_check(argc, argv, &run);
	if (run.opt.given[OPT_SEQUENCE]) {
		waivers_free(&run.wv);
		return cmd_check_sequence(argc, argv);
	}
	open_stub(&run);
	if (run.opt.given[OPT_SCAN])
		run_scan(&run);
	else
		run_one(&run);
	if (run.opt.str[OPT_WAIVE] && waivers_all_matched(&run.wv, err, sizeof(err)))
		cli_error("%s", err);
	pass = write_reports(&run);
	release(&run);
	return pass ? EXIT_PASS : EXIT_FAIL;
}

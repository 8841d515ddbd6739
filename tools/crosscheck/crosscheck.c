/*
 * crosscheck: run the same stub and the same calls through hypabi's
 * machine and through QEMU (a full-system emulator with its own model of
 * exception entry and return), and compare the states they end in, field
 * by field. Any difference is printed with its case and field.
 *
 * usage: crosscheck [options] STUB     (crosscheck --help)
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caselist.h"
#include "cli.h"
#include "layout.h"
#include "machine.h"
#include "options.h"
#include "xc_format.h"

_Static_assert(XC_MAX_SYSREGS == STATE_MAX_SYSREGS, "the record holds every sysreg slot");
_Static_assert(XC_ST_FP_FREE - XC_ST_FPCTL == STATE_MAX_FPCTL * 8 &&
	       XC_ST_SIZE - XC_ST_FP_FREE == STATE_MAX_FP_FREE * 8,
	       "the record holds the FP control registers and the FP/SIMD file");

#define XC_MAX_RANDOM	100000	/* per function: every call is kept in memory */

struct xc_call {
	struct hyp_case c;
	struct observation o;
};

struct xc_run {
	const struct arch_desc *arch;
	const struct cpu_model *cpu;
	struct xc_call *calls;
	unsigned int ncalls, nskipped;
	unsigned int differences;
};

static _Noreturn void fatal(const char *fmt, const char *arg)
{
	fprintf(stderr, "crosscheck: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(EXIT_INTERNAL);
}

/*
 * QEMU can observe a call only where it ends on one of the harness's SMCs:
 * a return in the caller page, in the instruction set that part of the
 * page is filled for, or a landing in the pad, which the harness fills
 * for each case in the instruction set (and phase) hypabi landed in
 * (pad_fill). A call QEMU lands in the other set runs on past the pad
 * and fails the run (timeout): a difference, not a skip.
 */
static bool comparable(const struct arch_desc *arch, const struct observation *o)
{
	bool t32_end, t32_area;

	if (o->end != END_RETURNED && o->end != END_LANDED)
		return false;
	if (!arch->thumb_bit)
		return true;
	/*
	 * A landing in A32 at a halfword (a bx to an address whose bits [1:0]
	 * are 0b10: UNPREDICTABLE in ARMv7, a PC alignment fault in QEMU 7.2,
	 * taken into the stub's own Hyp vectors): no SMC can end it.
	 */
	if (o->end == END_LANDED)
		return (o->post.pstate & arch->thumb_bit) || !(o->post.pc & arch->thumb_align);
	t32_end = o->post.pstate & arch->thumb_bit;
	t32_area = o->post.pc >= CALLER_CODE_THUMB;
	return t32_end == t32_area;
}

/* The word the pad holds for call o: an SMC at the halfword it lands on, in its instruction set. */
static uint64_t pad_fill(const struct arch_desc *arch, const struct observation *o)
{
	if (o->end != END_LANDED || !arch->thumb_bit || !(o->post.pstate & arch->thumb_bit))
		return XC_A32_SMC_0;
	return o->post.pc & arch->thumb_align ? XC_T32_SMC_0_HALF : XC_T32_SMC_0;
}

static void put_state(uint8_t *p, const struct cpu_state *s)
{
	uint64_t pstate = s->pstate;

	memcpy(p + XC_ST_PC, &s->pc, 8);
	memcpy(p + XC_ST_PSTATE, &pstate, 8);
	memcpy(p + XC_ST_GPR, s->gpr, sizeof(s->gpr));
	memcpy(p + XC_ST_FPR, s->fpr, sizeof(s->fpr));
	memcpy(p + XC_ST_SYSREG, s->sysreg, sizeof(s->sysreg));
	memcpy(p + XC_ST_FPCTL, s->fpctl, sizeof(s->fpctl));
	memcpy(p + XC_ST_FP_FREE, s->fp_free, sizeof(s->fp_free));
}

static void get_state(const uint8_t *p, struct cpu_state *s)
{
	uint64_t pstate;

	memset(s, 0, sizeof(*s));
	memcpy(&s->pc, p + XC_ST_PC, 8);
	memcpy(&pstate, p + XC_ST_PSTATE, 8);
	s->pstate = (uint32_t)pstate;
	memcpy(s->gpr, p + XC_ST_GPR, sizeof(s->gpr));
	memcpy(s->fpr, p + XC_ST_FPR, sizeof(s->fpr));
	memcpy(s->sysreg, p + XC_ST_SYSREG, sizeof(s->sysreg));
	memcpy(s->fpctl, p + XC_ST_FPCTL, sizeof(s->fpctl));
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		fatal("cannot write '%s'", path);
}

/* Every hypabi call of the case list, and the blob of pre-states QEMU will start from. */
static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void run_hypabi(struct xc_run *run, struct machine *m, const struct case_config *cfg,
		       const char *blob_path)
{
	const struct stub_image *img = m->img;
	unsigned int total = 0, n = 0;
	uint64_t image_bytes = 0, off;
	uint8_t *blob;

	_Static_assert(IMAGE_MAX_SEGMENTS <= XC_MAX_SEGS, "every segment fits the header");
	for (int fn = 0; fn < FN_COUNT; fn++)
		total += cases_count(cfg, (enum hyp_function)fn);
	for (unsigned int i = 0; i < img->nseg; i++)
		image_bytes += img->seg[i].size;
	run->calls = calloc(total ? total : 1, sizeof(*run->calls));
	blob = calloc(1, XC_CASE(total) + image_bytes);
	if (!run->calls || !blob)
		fatal("%s", "out of memory");
	for (int fn = 0; fn < FN_COUNT; fn++) {
		for (unsigned int i = 0; i < cases_count(cfg, (enum hyp_function)fn); i++) {
			struct xc_call *x = &run->calls[n];

			case_make(cfg, (enum hyp_function)fn, i, &x->c);
			if (machine_call(m, &x->c.in, &x->o))
				fatal("hypabi: %s", m->core.errmsg);
			if (!comparable(run->arch, &x->o)) {
				run->nskipped++;
				continue;
			}
			put_state(blob + XC_CASE(n), &x->o.pre);
			put64(blob + XC_CASE(n) + XC_ST_HYP_SP, x->o.hyp_sp_pre);
			put64(blob + XC_CASE(n) + XC_ST_PAD_FILL, pad_fill(run->arch, &x->o));
			n++;
		}
	}
	run->ncalls = n;
	put64(blob + XC_HDR_MAGIC, XC_MAGIC);
	put64(blob + XC_HDR_NCASES, n);
	put64(blob + XC_HDR_NSEGS, img->nseg);
	off = XC_CASE(n);
	for (unsigned int i = 0; i < img->nseg; i++) {
		uint8_t *e = blob + XC_HDR_SEGS + i * XC_SEG_ENTRY;

		put64(e + XC_SEG_ADDR, img->seg[i].addr);
		put64(e + XC_SEG_SIZE, img->seg[i].size);
		put64(e + XC_SEG_OFFSET, off);
		memcpy(blob + off, img->seg[i].data, img->seg[i].size);
		off += img->seg[i].size;
	}
	write_file(blob_path, blob, off);
	free(blob);
}

/* Run QEMU in dir with a time limit; returns its exit status, or -1 on timeout. */
static int run_qemu(char **argv, const char *dir, unsigned int timeout)
{
	struct timespec t0, now, nap = { 0, 10 * 1000 * 1000 };
	pid_t pid = fork();
	int st;

	if (pid < 0)
		fatal("fork: %s", strerror(errno));
	if (pid == 0) {
		if (chdir(dir) != 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "crosscheck: cannot run '%s': %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);

		if (r == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - t0.tv_sec >= (time_t)timeout) {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return -1;
		}
		nanosleep(&nap, NULL);
	}
}

struct xc_difference {
	struct xc_run *run;
	const struct xc_call *x;
};

static void differ(const char *field, uint64_t ours, uint64_t qemu, void *ctx)
{
	struct xc_difference *d = ctx;

	d->run->differences++;
	printf("case %s/%s: %s: hypabi 0x%" PRIx64 ", qemu 0x%" PRIx64 "\n",
	       function_name(d->x->c.fn), d->x->c.name, field, ours, qemu);
}

/* q: QEMU's state; q_hyp_sp: its SP_EL2, which an arch with callers at EL2 compares too. */
static void compare(struct xc_run *run, const struct xc_call *x, const struct cpu_state *q,
		    uint64_t q_hyp_sp)
{
	struct xc_difference d = { run, x };

	cpu_state_diff(run->arch, &x->o.post, q, differ, &d);
	if (run->arch->el2_hvc_vector && x->o.hyp_sp_post != q_hyp_sp)
		differ("SP_EL2", x->o.hyp_sp_post, q_hyp_sp, &d);
}

static unsigned int read_records(struct xc_run *run, const char *path)
{
	uint8_t rec[XC_REC_SIZE];
	unsigned int n = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	while (fread(rec, 1, sizeof(rec), f) == sizeof(rec)) {
		struct cpu_state q;
		uint64_t index, hyp_sp;

		memcpy(&index, rec + XC_REC_INDEX, 8);
		memcpy(&hyp_sp, rec + XC_REC_STATE + XC_ST_HYP_SP, 8);
		if (index != n || n >= run->ncalls) {
			printf("record %u: the harness reports case index %" PRIu64 "\n", n, index);
			run->differences++;
			break;
		}
		get_state(rec + XC_REC_STATE, &q);
		compare(run, &run->calls[n], &q, hyp_sp);
		n++;
	}
	fclose(f);
	return n;
}

/* The command line; the harness and QEMU default to the stub's arch's. */
static void parse_xc(int argc, char **argv, struct opt_values *o, struct stub_args *sa,
		     struct case_config *cfg)
{
	const char *path = options_operand(CMD_CROSSCHECK, argc, argv,
					   options_parse(CMD_CROSSCHECK, argc, argv, o));

	*sa = stub_args_of(o, path, false);
	cfg->seed = o->num[OPT_SEED];
	cfg->random = (unsigned int)options_at_most(OPT_RANDOM, o->num[OPT_RANDOM], XC_MAX_RANDOM);
	cfg->role = sa->role;
	/* The QEMU harness enters the stub with no EL2 stack, as at boot. */
	if (role_descs[cfg->role].el2_stack)
		cli_error("--kind %s: the QEMU harness gives the stub no EL2 stack; compare it "
			  "with hypabi check alone", role_name(cfg->role));
}

/* Where the case blob and QEMU's records go: --keep DIR, else a temporary directory. */
static void work_dir(const char *keep, char *dir, size_t len)
{
	if (keep) {
		if (mkdir(keep, 0755) != 0 && errno != EEXIST)
			cli_error("--keep: cannot create '%s': %s", keep, strerror(errno));
		snprintf(dir, len, "%s", keep);
	} else {
		snprintf(dir, len, "/tmp/hypabi-xc-XXXXXX");
		if (!mkdtemp(dir))
			fatal("cannot create a temporary directory: %s", strerror(errno));
	}
}

/* QEMU's command line: the arch's board and CPU, the harness and the case blob. */
struct qemu_command {
	char *argv[32];
	char loaders[2][600];
};

static void qemu_command(struct qemu_command *q, const char *qemu, const struct arch_desc *arch,
			 const struct cpu_model *cpu, const char *harness)
{
	int n = 0;

	q->argv[n++] = (char *)qemu;
	q->argv[n++] = "-M";
	q->argv[n++] = (char *)arch->qemu.machine;
	q->argv[n++] = "-cpu";
	q->argv[n++] = (char *)cpu->qemu_cpu;
	q->argv[n++] = "-m";
	q->argv[n++] = "3G";
	q->argv[n++] = "-nographic";
	q->argv[n++] = "-nodefaults";
	q->argv[n++] = "-monitor";
	q->argv[n++] = "none";
	q->argv[n++] = "-semihosting-config";
	q->argv[n++] = "enable=on,target=native";
	snprintf(q->loaders[0], sizeof(q->loaders[0]), "loader,file=%s,cpu-num=0", harness);
	snprintf(q->loaders[1], sizeof(q->loaders[1]),
		 "loader,file=cases.bin,addr=0x%x,force-raw=on", XC_CASES_BASE);
	q->argv[n++] = "-device";
	q->argv[n++] = q->loaders[0];
	q->argv[n++] = "-device";
	q->argv[n++] = q->loaders[1];
	q->argv[n] = NULL;
}

/* What QEMU did with the got records it left; the exit status. */
static int outcome(struct xc_run *run, const char *path, unsigned int got, int status,
		   unsigned int timeout)
{
	printf("crosscheck %s (%s on %s, QEMU -cpu %s): %u calls compared with QEMU, %u not "
	       "comparable (faulted, hung, or ended outside the harness's traps)\n", path,
	       run->arch->name, run->cpu->name, run->cpu->qemu_cpu, got, run->nskipped);
	if (run->arch->thumb_bit) {
		unsigned int t32 = 0;

		for (unsigned int i = 0; i < got && i < run->ncalls; i++)
			t32 += run->calls[i].o.end == END_LANDED &&
			       (run->calls[i].o.post.pstate & run->arch->thumb_bit);
		printf("  of which %u SOFT_RESTARTs arrived in T32 (CPSR.T set, at r1 & ~1)\n", t32);
	}
	if (got < run->ncalls) {
		run->differences++;
		if (status == -1)
			printf("QEMU was still running after %u s, at case %s/%s\n", timeout,
			       function_name(run->calls[got].c.fn), run->calls[got].c.name);
		else if (status != 0)
			printf("QEMU stopped (status %d) at case %s/%s\n", status,
			       function_name(run->calls[got].c.fn), run->calls[got].c.name);
		else
			printf("QEMU finished after %u of %u calls\n", got, run->ncalls);
		if (status == 127)
			return EXIT_INTERNAL;
	}
	printf("%s: %u difference%s\n", run->differences ? "DIFFER" : "AGREE", run->differences,
	       run->differences == 1 ? "" : "s");
	return run->differences ? EXIT_FAIL : EXIT_PASS;
}

int main(int argc, char **argv)
{
	struct opt_values o;
	struct stub_args sa;
	const char *harness, *qemu, *keep;
	unsigned int timeout;
	struct case_config cfg = { 0 };
	struct xc_run run = { 0 };
	struct qemu_command q;
	struct placed_stub st;
	struct machine m;
	const struct cpu_model *cpu;
	char dir[256], blob[512], records[512], harness_path[512], profile_why[200];
	int status;

	cli_prog = "crosscheck";
	parse_xc(argc, argv, &o, &sa, &cfg);
	harness = o.str[OPT_HARNESS];
	qemu = o.str[OPT_QEMU];
	keep = o.str[OPT_KEEP];
	timeout = (unsigned int)o.num[OPT_QEMU_TIMEOUT];
	stub_open(&sa, &st);
	run.arch = st.arch;
	cfg.arch = st.arch;
	cfg.profile = cli_choose_profile(o.num[OPT_PROFILE], &st, profile_why, sizeof(profile_why));
	cli_check_applies(cfg.profile, cfg.role, st.arch, o.given[OPT_ICH_VTR]);
	printf("profile %s: %s\n", cfg.profile->name, profile_why);
	cfg.vectors = st.vectors;
	if (!harness) {
		snprintf(harness_path, sizeof(harness_path), "%s/harness_%s.elf", XC_HARNESS_DIR,
			 st.arch->name);
		harness = harness_path;
	}
	if (!qemu)
		qemu = st.arch->qemu.system;
	if (access(harness, R_OK) != 0)
		cli_error("--harness: cannot read '%s': %s", harness, strerror(errno));

	work_dir(keep, dir, sizeof(dir));
	snprintf(blob, sizeof(blob), "%s/cases.bin", dir);
	snprintf(records, sizeof(records), "%s/xc-records.bin", dir);
	unlink(records);

	cpu = run.cpu = cli_choose_cpu(&o, st.arch);
	if (st.arch->nsysregs >= XC_MAX_SYSREGS - 1)
		fatal("%s has no sysreg slots left for SP_EL2 and the pad's fill", st.arch->name);
	/* As check makes the cases on this core: calls from EL2 where it has VHE. */
	cfg.vhe = cpu->vhe;
	if (machine_open_on(&m, st.arch, cpu, &st.img, st.vectors, DEFAULT_INSN_BUDGET))
		fatal("hypabi: %s", m.core.errmsg);
	/* The register QEMU's board has, unless --ich-vtr says otherwise (then they differ). */
	machine_set_ich_vtr(&m, o.given[OPT_ICH_VTR] ? o.num[OPT_ICH_VTR] : st.arch->qemu.ich_vtr);
	run_hypabi(&run, &m, &cfg, blob);
	machine_close(&m);

	qemu_command(&q, qemu, st.arch, cpu, harness);
	status = run_qemu(q.argv, dir, timeout);
	/* Whatever the outcome (EXIT_INTERNAL too), clean up before returning it. */
	status = outcome(&run, sa.path, read_records(&run, records), status, timeout);
	if (!keep) {
		unlink(blob);
		unlink(records);
		rmdir(dir);
	}
	placed_stub_free(&st);
	free(run.calls);
	return status;
}

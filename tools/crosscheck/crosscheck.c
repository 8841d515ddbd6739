/*
 * crosscheck: run the same stub and the same calls through hypabi's
 * machine and through QEMU (a full-system emulator with its own model of
 * exception entry and return), and compare the states they end in, field
 * by field. Any difference is printed with its case and field.
 *
 * usage: crosscheck [options] STUB     (crosscheck --help)
 */
#include <errno.h>
#include <getopt.h>
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
#include "xc_format.h"

_Static_assert(XC_MAX_SYSREGS == STATE_MAX_SYSREGS, "the record holds every sysreg slot");

#define DEFAULT_XC_RANDOM	DEFAULT_RANDOM_CASES	/* the same calls as hypabi check */
#define DEFAULT_TIMEOUT		120

struct xc_call {
	struct hyp_case c;
	struct observation o;
};

struct xc_run {
	const struct arch_desc *arch;
	struct xc_call *calls;
	unsigned int ncalls, nskipped;
	unsigned int differences;
};

static const struct option longopts[] = {
	{ "arch", required_argument, NULL, 'a' },
	{ "load", required_argument, NULL, 'l' },
	{ "vectors", required_argument, NULL, 'V' },
	{ "seed", required_argument, NULL, 's' },
	{ "random", required_argument, NULL, 'r' },
	{ "harness", required_argument, NULL, 'H' },
	{ "qemu", required_argument, NULL, 'Q' },
	{ "timeout", required_argument, NULL, 't' },
	{ "keep", required_argument, NULL, 'k' },
	{ "role", required_argument, NULL, 'R' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void help(void)
{
	printf("usage: crosscheck [options] STUB\n"
	       "\n"
	       "Runs the calls of `hypabi check` on STUB through hypabi and through QEMU\n"
	       "(qemu-system-aarch64 / qemu-system-arm, -M virt,virtualization=on,secure=on)\n"
	       "and compares every register and system register where each call ended.\n"
	       "Calls that hypabi saw fault or hang are not run under QEMU.\n"
	       "\n"
	       "  --arch ARCH, --load ADDR, --vectors ADDR|SYMBOL   as for hypabi check\n"
	       "  --role ROLE       initial (default) or hypervisor (adds calls with the EL2 MMU on)\n"
	       "  --seed N          seed of the random cases (default 1)\n"
	       "  --random N        random cases per function (default %d)\n"
	       "  --harness FILE    the bare-metal harness ELF (default: the one built for the arch)\n"
	       "  --qemu FILE       the QEMU binary (default: qemu-system-aarch64 or qemu-system-arm)\n"
	       "  --timeout SEC     give QEMU at most SEC seconds (default %d)\n"
	       "  --keep DIR        leave the case blob and QEMU's records in DIR\n"
	       "\n"
	       "exit status: 0 the states agree; 1 they differ; 2 bad input; 3 QEMU could\n"
	       "not be run or failed.\n", DEFAULT_XC_RANDOM, DEFAULT_TIMEOUT);
}

static _Noreturn void fatal(const char *fmt, const char *arg)
{
	fprintf(stderr, "crosscheck: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(EXIT_INTERNAL);
}

/*
 * QEMU can observe a call only where it ends on one of the harness's SMCs:
 * a return or landing in the caller page or the pad, in the instruction
 * set that part of the page is filled for.
 */
static bool comparable(const struct arch_desc *arch, const struct observation *o)
{
	bool t32_end, t32_area;

	if (o->end != END_RETURNED && o->end != END_LANDED)
		return false;
	if (!arch->thumb_bit)
		return true;
	t32_end = o->post.pstate & arch->thumb_bit;
	t32_area = o->end == END_RETURNED && o->post.pc >= CALLER_CODE_THUMB;
	return t32_end == t32_area;
}

static void put_state(uint8_t *p, const struct cpu_state *s)
{
	uint64_t pstate = s->pstate;

	memcpy(p + XC_ST_PC, &s->pc, 8);
	memcpy(p + XC_ST_PSTATE, &pstate, 8);
	memcpy(p + XC_ST_GPR, s->gpr, sizeof(s->gpr));
	memcpy(p + XC_ST_FPR, s->fpr, sizeof(s->fpr));
	memcpy(p + XC_ST_SYSREG, s->sysreg, sizeof(s->sysreg));
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

static void compare(struct xc_run *run, const struct xc_call *x, const struct cpu_state *q)
{
	struct xc_difference d = { run, x };

	cpu_state_diff(run->arch, &x->o.post, q, differ, &d);
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
		uint64_t index;

		memcpy(&index, rec + XC_REC_INDEX, 8);
		if (index != n || n >= run->ncalls) {
			printf("record %u: the harness reports case index %" PRIu64 "\n", n, index);
			run->differences++;
			break;
		}
		get_state(rec + XC_REC_STATE, &q);
		compare(run, &run->calls[n], &q);
		n++;
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	struct stub_args sa = { .role = ROLE_INITIAL, .max_size = MAX_IMAGE_SIZE };
	const char *harness = NULL, *qemu = NULL, *keep = NULL;
	unsigned int timeout = DEFAULT_TIMEOUT, got;
	struct case_config cfg = { .seed = DEFAULT_SEED, .random = DEFAULT_XC_RANDOM };
	struct xc_run run = { 0 };
	struct placed_stub st;
	struct machine m;
	char dir[256], blob[512], records[512], harness_path[512];
	char *qargv[32];
	char loaders[2][600];
	int c, qn = 0, status;

	cli_prog = "crosscheck";
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': sa.arch = optarg; break;
		case 'l': sa.load = optarg; break;
		case 'V': sa.vectors = optarg; break;
		case 's': cfg.seed = cli_u64("--seed", optarg, UINT64_MAX); break;
		case 'r': cfg.random = (unsigned int)cli_u64("--random", optarg, 100000); break;
		case 'H': harness = optarg; break;
		case 'Q': qemu = optarg; break;
		case 't': timeout = (unsigned int)cli_u64("--timeout", optarg, 86400); break;
		case 'k': keep = optarg; break;
		case 'R':
			if (role_by_name(optarg, &sa.role))
				cli_error("--role: '%s' is neither 'initial' nor 'hypervisor'", optarg);
			break;
		case 'h': help(); return EXIT_PASS;
		case ':': cli_error("option '%s' needs a value", argv[optind - 1]);
		default:  cli_error("unknown option '%s' (see 'crosscheck --help')", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		cli_error("give exactly one STUB (see 'crosscheck --help')");
	if (timeout == 0)
		cli_error("--timeout: must be at least 1");
	sa.path = argv[optind];
	stub_open(&sa, &st);
	run.arch = st.arch;
	cfg.arch = st.arch;
	cfg.profile = profile_by_name("hyp-abi");
	cfg.role = sa.role;
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

	if (keep) {
		if (mkdir(keep, 0755) != 0 && errno != EEXIST)
			cli_error("--keep: cannot create '%s': %s", keep, strerror(errno));
		snprintf(dir, sizeof(dir), "%s", keep);
	} else {
		snprintf(dir, sizeof(dir), "/tmp/hypabi-xc-XXXXXX");
		if (!mkdtemp(dir))
			fatal("cannot create a temporary directory: %s", strerror(errno));
	}
	snprintf(blob, sizeof(blob), "%s/cases.bin", dir);
	snprintf(records, sizeof(records), "%s/xc-records.bin", dir);
	unlink(records);

	if (machine_open(&m, st.arch, &st.img, st.vectors, DEFAULT_INSN_BUDGET))
		fatal("hypabi: %s", m.core.errmsg);
	run_hypabi(&run, &m, &cfg, blob);
	machine_close(&m);

	qargv[qn++] = (char *)qemu;
	qargv[qn++] = "-M";
	qargv[qn++] = (char *)st.arch->qemu.machine;
	qargv[qn++] = "-cpu";
	qargv[qn++] = (char *)st.arch->qemu.cpu;
	qargv[qn++] = "-m";
	qargv[qn++] = "3G";
	qargv[qn++] = "-nographic";
	qargv[qn++] = "-nodefaults";
	qargv[qn++] = "-monitor";
	qargv[qn++] = "none";
	qargv[qn++] = "-semihosting-config";
	qargv[qn++] = "enable=on,target=native";
	snprintf(loaders[0], sizeof(loaders[0]), "loader,file=%s,cpu-num=0", harness);
	snprintf(loaders[1], sizeof(loaders[1]), "loader,file=cases.bin,addr=0x%x,force-raw=on",
		 XC_CASES_BASE);
	qargv[qn++] = "-device";
	qargv[qn++] = loaders[0];
	qargv[qn++] = "-device";
	qargv[qn++] = loaders[1];
	qargv[qn] = NULL;

	status = run_qemu(qargv, dir, timeout);
	got = read_records(&run, records);
	printf("crosscheck %s (%s): %u calls compared with QEMU, %u not comparable "
	       "(faulted, hung, or ended outside the harness's traps)\n", sa.path,
	       st.arch->name, got, run.nskipped);
	if (got < run.ncalls) {
		run.differences++;
		if (status == -1)
			printf("QEMU was still running after %u s, at case %s/%s\n", timeout,
			       function_name(run.calls[got].c.fn), run.calls[got].c.name);
		else if (status != 0)
			printf("QEMU stopped (status %d) at case %s/%s\n", status,
			       function_name(run.calls[got].c.fn), run.calls[got].c.name);
		else
			printf("QEMU finished after %u of %u calls\n", got, run.ncalls);
		if (status == 127)
			return EXIT_INTERNAL;
	}
	printf("%s: %u difference%s\n", run.differences ? "DIFFER" : "AGREE", run.differences,
	       run.differences == 1 ? "" : "s");
	if (!keep) {
		unlink(blob);
		unlink(records);
		rmdir(dir);
	}
	placed_stub_free(&st);
	free(run.calls);
	return run.differences ? EXIT_FAIL : EXIT_PASS;
}

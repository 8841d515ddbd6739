#include "cli.h"

#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "banner.h"
#include "check.h"
#include "kernel_boot.h"
#include "number.h"
#include "options.h"

const char *cli_prog = "hypabi";
void (*cli_exit)(int status) = exit;

void cli_end(int status)
{
	cli_exit(status);
	abort();	/* cli_exit returned: a broken hook */
}

/* The one place messages are worded: "PROG: KIND: MESSAGE[TAIL]" on stderr. */
static void message(const char *kind, const char *tail, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s: ", cli_prog, kind);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "%s\n", tail);
}

/* message() with the caller's own fmt and the arguments after it. */
#define SAY(kind, tail, fmt)			\
	do {					\
		va_list ap;			\
		va_start(ap, fmt);		\
		message(kind, tail, fmt, ap);	\
		va_end(ap);			\
	} while (0)

void cli_error(const char *fmt, ...)
{
	SAY("error", "", fmt);
	cli_end(EXIT_USAGE);
}

void cli_internal(const char *fmt, ...)
{
	SAY("internal error", " (please report this with the stub)", fmt);
	cli_end(EXIT_INTERNAL);
}

void cli_warning(const char *fmt, ...)
{
	SAY("warning", "", fmt);
}

uint64_t cli_u64(const char *opt, const char *s, uint64_t max)
{
	enum number_status status;
	char msg[256];
	uint64_t v = 0;

	status = number_parse(s, max, &v);
	if (status != NUMBER_OK) {
		number_error(msg, sizeof(msg), opt, s, max, status);
		cli_error("%s", msg);
	}
	return v;
}

static void on_bus_error(int sig, siginfo_t *si, void *context)
{
	static const char head[] = "hypabi: error: '", tail[] = "' changed size while hypabi read it\n";
	const char *path = image_mapped_file(si->si_addr);
	ssize_t n;

	(void)context;
	if (!path) {
		/* Not a mapped file's: delivered again, as it came, once this handler returns. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	/* Only async-signal-safe calls from here; a write that fails leaves nothing else to do. */
	n = write(STDERR_FILENO, head, sizeof(head) - 1);
	n += write(STDERR_FILENO, path, strlen(path));
	n += write(STDERR_FILENO, tail, sizeof(tail) - 1);
	(void)n;
	_exit(EXIT_USAGE);
}

void cli_catch_bus_errors(void)
{
	struct sigaction sa = { .sa_sigaction = on_bus_error, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

unsigned int cli_jobs(const struct opt_values *v)
{
	return v->given[OPT_JOBS] ? (unsigned int)v->num[OPT_JOBS] : check_default_threads();
}

struct stub_args stub_args_of(const struct opt_values *v, const char *path, bool scanning)
{
	return (struct stub_args){
		.path = path, .arch = v->str[OPT_ARCH], .vectors = v->str[OPT_VECTORS],
		.initial_vectors = v->str[OPT_INITIAL_VECTORS], .has_load = v->given[OPT_LOAD],
		.load = v->num[OPT_LOAD], .role = (enum role)v->num[OPT_ROLE],
		.max_size = v->num[OPT_MAX_IMAGE_SIZE], .scanning = scanning,
	};
}

static struct placement placement_of(const struct stub_args *a)
{
	return (struct placement){
		.path = a->path, .arch = a->arch, .has_load = a->has_load, .load = a->load,
		.vectors = a->vectors, .initial_vectors = a->initial_vectors,
		.initial_is_own = !role_is_hypervisor(a->role), .max_size = a->max_size,
	};
}

void stub_open(const struct stub_args *a, struct placed_stub *st)
{
	struct placement p = placement_of(a);
	char err[512];

	if (stub_place(&p, a->scanning, st, err, sizeof(err)))
		cli_error("%s", err);
}

void stub_take_vectors(struct placed_stub *st, const struct stub_args *a, uint64_t vectors)
{
	struct placement p = placement_of(a);
	char err[512];

	if (stub_set_vectors(st, &p, vectors, err, sizeof(err)))
		cli_error("%s", err);
}

void cli_check_applies(const struct profile *p, enum role r, const struct arch_desc *arch,
		       bool ich_vtr_given)
{
	if (ich_vtr_given && !arch->ich_vtr_name)
		cli_error("--ich-vtr does not apply to %s: no %s stub reads a GICv3 register",
			  arch->name, arch->name);
	if (!profile_has_arch(p, arch->name))
		cli_error("--profile %s does not apply to %s", p->name, arch->name);
	if (!role_has_arch(r, arch->name))
		cli_error("--kind %s does not apply to %s: %s exists on %s only", role_name(r),
			  arch->name, role_descs[r].what, role_descs[r].arches);
}

const struct cpu_model *cli_choose_cpu(const struct opt_values *o, const struct arch_desc *arch)
{
	const struct cpu_model *cpu;
	char names[64];

	if (!o->str[OPT_CPU])
		return &arch->cpus[0];
	cpu = arch_cpu_by_name(arch, o->str[OPT_CPU]);
	if (!cpu)
		cli_error("--cpu %s: not a core hypabi emulates for %s (%s)", o->str[OPT_CPU],
			  arch->name, arch_cpu_names(arch, names, sizeof(names)));
	return cpu;
}

const struct profile *cli_choose_profile(uint64_t index, const struct placed_stub *st,
					 char *why, size_t len)
{
	struct linux_banner b;
	const struct profile *p;

	if (index != PROFILE_AUTO) {
		snprintf(why, len, "named by --profile");
		return &profiles[index];
	}
	if (!image_find_banner(&st->img, &b)) {
		snprintf(why, len, "auto: no Linux version banner in the stub, so %s",
			 profiles[0].name);
		return &profiles[0];
	}
	p = profile_for_version(st->arch->name, (struct kernel_version){ b.major, b.minor });
	if (!p) {
		snprintf(why, len, "auto: Linux %s banner at %s predates every era hypabi knows, "
			 "so %s", b.version, b.where, profiles[0].name);
		return &profiles[0];
	}
	snprintf(why, len, "auto: Linux %s banner at %s", b.version, b.where);
	return p;
}

bool stub_boots_kernel(const struct stub_image *img, enum role role)
{
	return role_descs[role].booted_kernel && img->format == IMAGE_ARM64 && img->nseg == 1;
}

bool stub_boot_kernel(struct stub_image *img, enum role role, char *note, size_t len)
{
	struct kernel_boot kb;
	char why[160];

	note[0] = 0;
	if (!stub_boots_kernel(img, role))
		return false;
	if (kernel_boot_plan(&img->seg[0], &kb, why, sizeof(why))) {
		snprintf(note, len, "not provided: %s; a pointer the kernel sets at boot reads 0",
			 why);
		return false;
	}
	if (image_segment_copy(img, 0, &img->seg[0]))
		cli_error("'%s': out of memory for a copy of the image", img->path);
	kernel_boot_apply(&kb, &img->seg[0]);
	kernel_boot_describe(&kb, note, len);
	return true;
}

bool cli_scan_sees(const struct profile *p, int fn)
{
	return p->number[fn] >= 0 && p->number[fn] < 32;
}

enum role cli_scanned_kind(const struct profile *p, const struct scan_candidate *c,
			   const char *arch, char *why, size_t len)
{
	uint32_t fns = 0;
	enum role r;

	if (role_by_symbol(c->symbol, arch, &r, why, len))
		return r;
	for (int fn = 0; fn < FN_UNKNOWN; fn++)
		if (cli_scan_sees(p, fn) && (c->numbers & (1u << p->number[fn])))
			fns |= FN_BIT(fn);
	return role_guess(fns, arch, why, len);
}

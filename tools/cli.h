/*
 * What the command-line programs (hypabi, crosscheck) share: the one way
 * they word a usage error, a warning and a number, and how a STUB argument
 * and its options (options.h) become a loaded, placed image with its vectors.
 */
#ifndef HYPABI_CLI_H
#define HYPABI_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "options.h"
#include "placement.h"
#include "profile.h"
#include "scan.h"

#define EXIT_PASS	0
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define EXIT_INTERNAL	3

#define MAX_IMAGE_SIZE	(UINT64_C(64) << 20)

/* The program name in messages ("hypabi"); set once by main. */
extern const char *cli_prog;
/*
 * How the commands end the process early: cli_end calls cli_exit (exit,
 * normally; the argument fuzz target puts a longjmp there so that one input
 * does not end the run), which must not return.
 */
extern void (*cli_exit)(int status);
_Noreturn void cli_end(int status);

/* "PROG: error: MESSAGE" on stderr, then exit 2. */
_Noreturn void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: internal error: MESSAGE (please report ...)" on stderr, then exit 3. */
_Noreturn void cli_internal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "PROG: warning: MESSAGE" on stderr. */
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A decimal or 0x-hex number for option `opt`, at most max; else cli_error. */
uint64_t cli_u64(const char *opt, const char *s, uint64_t max);

struct stub_args {
	const char *path;
	const char *arch, *vectors, *initial_vectors;	/* option values or NULL */
	bool has_load;
	uint64_t load;
	enum role role;
	uint64_t max_size;
	bool scanning;		/* the vectors come from a scan: load and place only */
};

/* The stub_args of path under the options v. */
struct stub_args stub_args_of(const struct opt_values *v, const char *path, bool scanning);
/*
 * A stub file hypabi maps (a kernel Image) cut short while hypabi reads
 * it: the pages past its new end raise SIGBUS. Catch that and exit 2
 * with one line naming the file; any other SIGBUS is left to kill.
 */
void cli_catch_bus_errors(void);
/* The threads -j asks for, or by default check_default_threads(). */
unsigned int cli_jobs(const struct opt_values *v);

/*
 * The profile --profile asked for (index, or PROFILE_AUTO: the era of the
 * stub's kernel, from its version banner, else hyp-abi); why says which
 * and from what, for the reports.
 */
const struct profile *cli_choose_profile(uint64_t index, const struct placed_stub *st,
					 char *why, size_t len);

/* The core --cpu names for arch (default: arch's first); else a cli_error. */
const struct cpu_model *cli_choose_cpu(const struct opt_values *o, const struct arch_desc *arch);

/* A profile, a kind of stub and an --ich-vtr (if given) that exist on arch; else a cli_error. */
void cli_check_applies(const struct profile *p, enum role r, const struct arch_desc *arch,
		       bool ich_vtr_given);

/* Load and place the stub, resolve its vectors; any problem is a cli_error. */
/* Whether a scan can see fn's number compared with (numbers below 32; not FN_ANY). */
bool cli_scan_sees(const struct profile *p, int fn);
/*
 * The kind of stub a scanned table is: what its ELF symbol names, else
 * what the functions it compares the number with say (role_guess); why
 * into why.
 */
enum role cli_scanned_kind(const struct profile *p, const struct scan_candidate *c,
			   const char *arch, char *why, size_t len);

void stub_open(const struct stub_args *a, struct placed_stub *st);
/* Take vectors as the stub's vector base (checked) and work out the initial vectors. */
void stub_take_vectors(struct placed_stub *st, const struct stub_args *a, uint64_t vectors);

/*
 * A kind of stub that runs in a booted kernel (role_desc.booted_kernel:
 * KVM's host vectors) finds the kernel's boot-time writes in its image:
 * img's arm64 Image becomes a copy (image_segment_copy) with them written
 * (kernel_boot.h), and true is returned: the copy is the caller's to
 * release, the segment it replaced still the loaded image's. note says
 * what was provided, or why nothing could be (then img is left alone and
 * false returned); "" and false for other kinds and files.
 */
bool stub_boot_kernel(struct stub_image *img, enum role role, char *note, size_t len);
/* Whether stub_boot_kernel gives a stub of the role in img anything (arm64 Images' kvm-host). */
bool stub_boots_kernel(const struct stub_image *img, enum role role);

#endif

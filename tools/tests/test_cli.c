/*
 * The command line as a user meets it: exit codes, one-line errors that
 * name the file or option, and reports on stdout.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "arch.h"
#include "caselist.h"
#include "cli.h"
#include "hyp_abi_defs.h"
#include "layout.h"
#include "options.h"
#include "profile.h"
#include "rules.h"
#include "testutil.h"

extern char **environ;

struct run {
	int status;
	char out[65536];
	char err[4096];
};


static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (!f)
		return;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* Run argv (PATH searched) into r: exit status, stdout and stderr. */
static void spawn(struct run *r, char *const argv[])
{
	char out[256], err[256];
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;

	snprintf(out, sizeof(out), "%s/stdout", test_tmpdir);
	snprintf(err, sizeof(err), "%s/stderr", test_tmpdir);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_int_equal(posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ), 0);
	posix_spawn_file_actions_destroy(&fa);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));	/* never a crash */
	r->status = WEXITSTATUS(st);
	slurp(out, r->out, sizeof(r->out));
	slurp(err, r->err, sizeof(r->err));
}

/* Run hypabi with a NULL-terminated argument list. */
static void hypabi(struct run *r, ...)
{
	char *argv[32];
	va_list ap;
	int n = 0;
	bool script;

	argv[n++] = (char *)HYPABI_BIN;
	va_start(ap, r);
	while ((argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	/* "--script ARGS": run script(1) with ARGS instead, for a terminal. */
	script = n > 1 && strcmp(argv[1], "--script") == 0;
	if (script)
		argv[1] = "script";
	spawn(r, argv + script);
}

/* "0x..." of a value, in a static buffer (eight in turn). */
static const char *hex(uint64_t v)
{
	static char buf[8][24];
	static int next;
	char *b = buf[next++ % 8];

	snprintf(b, 24, "0x%" PRIx64, v);
	return b;
}

/* Formatted, in a static buffer (eight in turn). */
static const char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *format, ...)
{
	static char buf[8][512];
	static int next;
	char *b = buf[next++ % 8];
	va_list ap;

	va_start(ap, format);
	vsnprintf(b, 512, format, ap);
	va_end(ap);
	return b;
}

static const char *stub_of(const char *arch, const char *name, bool elf)
{
	return test_stub(arch, name, elf);
}

static const char *stub(const char *name, bool elf)
{
	return stub_of("arm64", name, elf);
}

static const char *tmpfile_with(const char *name, const void *data, size_t len)
{
	static char path[8][256];
	static int next;
	char *p = path[next++ % 8];
	FILE *f;

	snprintf(p, 256, "%s/%s", test_tmpdir, name);
	f = fopen(p, "wb");
	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return p;
}

/* Exit 2 with exactly one line on stderr that contains every `needle`. */
static void usage_error(const struct run *r, const char *needle1, const char *needle2)
{
	const char *nl = strchr(r->err, '\n');

	if (r->status != EXIT_USAGE)
		fail_msg("exit %d, wanted %d; stderr: %s", r->status, EXIT_USAGE, r->err);
	assert_non_null(nl);
	assert_null(strchr(nl + 1, '\n'));
	assert_int_equal(strncmp(r->err, "hypabi: error: ", 15), 0);
	if (!strstr(r->err, needle1) || (needle2 && !strstr(r->err, needle2)))
		fail_msg("stderr lacks '%s'/'%s': %s", needle1, needle2 ? needle2 : "", r->err);
	assert_string_equal(r->out, "");
}

static void test_reference_passes(void **state)
{
	struct run r;

	(void)state;
	/* The defaults: a raw blob at DEFAULT_LOAD_ADDR, its vectors there, seed and cases. */
	hypabi(&r, "check", stub("hyp_stub", false), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, "verdict: PASS"));
	assert_non_null(strstr(r.out, fmt("load %s, vectors %s, seed %d, %d random cases per "
					  "function", hex(DEFAULT_LOAD_ADDR), hex(DEFAULT_LOAD_ADDR),
					  DEFAULT_SEED, DEFAULT_RANDOM_CASES)));
	assert_non_null(strstr(r.out, fmt("seed %d)", DEFAULT_SEED)));
	assert_non_null(strstr(r.out, "SET_VECTORS"));
	hypabi(&r, "check", "--arch", "arm64", "--load", hex(DEFAULT_LOAD_ADDR), "--vectors",
	       hex(DEFAULT_LOAD_ADDR), "--random", "50", stub("hyp_stub", false), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	hypabi(&r, "check", "--vectors", "__hyp_stub_vectors", "--random", "50",
	       stub("hyp_stub", true), NULL);
	assert_int_equal(r.status, EXIT_PASS);
}

/*
 * Every era's profile is listed, applies to its arches only, and judges
 * the reference stubs (written from hyp-abi.txt: the three functions of
 * v4.12) as passing exactly where the era requires no more than those.
 */
static void test_profiles(void **state)
{
	const uint32_t reference = FN_BIT(FN_SET_VECTORS) | FN_BIT(FN_SOFT_RESTART) |
				   FN_BIT(FN_RESET_VECTORS);
	struct run r;

	(void)state;
	hypabi(&r, "profiles", NULL);
	assert_int_equal(r.status, EXIT_PASS);
	/* auto, the default: a stub with no kernel banner is judged by hyp-abi, and says so. */
	{
		struct run c;

		hypabi(&c, "check", "--random", "5", stub_of("arm64", "hyp_stub", true), NULL);
		assert_int_equal(c.status, EXIT_PASS);
		assert_non_null(strstr(c.out, fmt("profile %s: auto: no Linux version banner",
						  profiles[0].name)));
	}
	for (unsigned int k = 0; k < nprofiles; k++) {
		const struct profile *p = &profiles[k];

		assert_non_null(strstr(r.out, p->name));
		for (unsigned int i = 0; arch_at(i); i++) {
			const char *arch = arch_at(i)->name;
			struct run c;
			int want = !profile_has_arch(p, arch) ? EXIT_USAGE
				   : (p->requires[ROLE_INITIAL] & ~reference) ? EXIT_FAIL : EXIT_PASS;

			hypabi(&c, "check", "-q", "--random", "20", "--profile", p->name,
			       stub_of(arch, "hyp_stub", true), NULL);
			if (c.status != want)
				fail_msg("%s on %s: exit %d, wanted %d; %s%s", p->name, arch, c.status,
					 want, c.out, c.err);
		}
	}
}

/* __hyp_stub_vectors after 3000 other symbols is found, as in a vmlinux. */
static void test_many_symbols(void **state)
{
	struct run r;

	(void)state;
	hypabi(&r, "check", "--random", "30", stub("many_symbols", true), NULL);
	if (r.status != EXIT_PASS)
		fail_msg("exit %d, wanted %d; stderr: %s", r.status, EXIT_PASS, r.err);
	assert_non_null(strstr(r.out, "verdict: PASS"));
	hypabi(&r, "check", "--random", "30", stub_of("arm", "many_symbols", true), NULL);
	if (r.status != EXIT_PASS)
		fail_msg("exit %d, wanted %d; stderr: %s", r.status, EXIT_PASS, r.err);
	assert_non_null(strstr(r.out, "verdict: PASS"));
}

static void test_arm(void **state)
{
	char path[256], json[65536];
	struct run r;

	(void)state;
	snprintf(path, sizeof(path), "%s/arm.json", test_tmpdir);
	hypabi(&r, "check", "--arch", "arm", "--load", hex(DEFAULT_LOAD_ADDR), "--vectors",
	       hex(DEFAULT_LOAD_ADDR), "--format", "json", "-o", path, "--random", "30",
	       stub_of("arm", "hyp_stub", false), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	slurp(path, json, sizeof(json));
	assert_non_null(strstr(json, "\"arch\": \"arm\""));
	assert_non_null(strstr(json, "\"verdict\": \"pass\""));
	assert_null(strstr(json, "soft-restart.args"));
	hypabi(&r, "check", "--random", "30", stub_of("arm", "hyp_stub", true), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, "(arm, profile hyp-abi"));
	hypabi(&r, "check", "--random", "30", stub_of("arm", "return_thumb", true), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	assert_non_null(strstr(r.out, "svc (T32)"));
	hypabi(&r, "check", "--arch", "arm64", stub_of("arm", "hyp_stub", true), NULL);
	usage_error(&r, "--arch arm64 contradicts", "an ELF file for arm");
	hypabi(&r, "check", "--arch", "arm", "--vectors",
	       hex(DEFAULT_LOAD_ADDR + aarch32_desc.vector_align / 2),
	       stub_of("arm", "hyp_stub", false), NULL);
	usage_error(&r, fmt("%u-byte aligned", aarch32_desc.vector_align), NULL);
	hypabi(&r, "check", "--arch", "arm", "--load", hex(HARNESS_BASE + HARNESS_SIZE / 2),
	       stub_of("arm", "hyp_stub", false), NULL);
	usage_error(&r, "overlaps", fmt("hypabi's own region %s-%s", hex(HARNESS_BASE),
					hex(HARNESS_BASE + HARNESS_SIZE)));
	hypabi(&r, "check", "--arch", "arm", "--load", hex(aarch32_desc.addr_limit),
	       stub_of("arm", "hyp_stub", false), NULL);
	usage_error(&r, fmt("reaches past %s", hex(aarch32_desc.addr_limit)), NULL);
}

/* Raw blobs are position independent: any aligned load address works. */
static void test_raw_elsewhere(void **state)
{
	struct run r;

	const uint64_t load = 0x80000;

	(void)state;
	hypabi(&r, "check", "--load", hex(load), "--random", "50", stub("hyp_stub", false), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, fmt("load %s, vectors %s,", hex(load), hex(load))));
}

static void test_control_fails_with_its_rule(void **state)
{
	struct run r;

	(void)state;
	hypabi(&r, "check", "--random", "20", "--seed", "99", stub("callee_saved", false), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	assert_non_null(strstr(r.out, "callee-saved             FAIL"));
	assert_non_null(strstr(r.out, "x19 changed"));
	assert_non_null(strstr(r.out, "verdict: FAIL"));
	assert_non_null(strstr(r.out, "seed 99"));
}

static void test_json(void **state)
{
	char path[256], json[65536];
	struct run r;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.json", test_tmpdir);
	hypabi(&r, "check", "--format", "json", "-o", path, "--random", "10",
	       stub("return_address", false), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	assert_string_equal(r.out, "");
	slurp(path, json, sizeof(json));
	assert_non_null(strstr(json, "\"tool\": \"hypabi\""));
	assert_non_null(strstr(json, "\"arch\": \"arm64\""));
	assert_non_null(strstr(json, "\"profile\": \"hyp-abi\""));
	assert_non_null(strstr(json, "\"role\": \"initial\""));
	assert_non_null(strstr(json, "\"verdict\": \"fail\""));
	assert_non_null(strstr(json, "\"rule\": \"return-address\", \"severity\": \"required\", "
				     "\"status\": \"fail\""));
	assert_non_null(strstr(json, "\"summary\": { \"pass\": "));
	assert_non_null(strstr(json, "\"calls\": "));
}

/* The rows of the rule table under "FUNCTION (N calls)" in a -v report. */
static unsigned int rule_rows(const char *out, const char *function)
{
	const char *p = strstr(out, fmt("\n%s (", function));
	unsigned int n = 0;

	assert_non_null(p);
	p = strstr(p, "\n  rule ");	/* the table's heading */
	assert_non_null(p);
	for (p = strchr(p + 1, '\n'); p && strncmp(p, "\n  ", 3) == 0; p = strchr(p + 1, '\n'))
		n += p[3] != ' ';	/* indented deeper: a failure's details */
	return n;
}

static void test_quiet(void **state)
{
	unsigned int set_vectors, reset_vectors;
	struct run r;

	(void)state;
	/* -v: every rule judged for a function, one row each. */
	hypabi(&r, "check", "-v", "--random", "5", stub("hyp_stub", false), NULL);
	assert_non_null(strstr(r.out, "return-address           pass"));
	set_vectors = rule_rows(r.out, "SET_VECTORS");
	reset_vectors = rule_rows(r.out, "RESET_VECTORS");
	assert_true(set_vectors > 1 && reset_vectors > 1);
	/* Default: only what did not pass, and how many others did. No colour into a file. */
	hypabi(&r, "check", "--random", "5", stub("hyp_stub", false), NULL);
	assert_null(strstr(r.out, "return-address           pass"));
	assert_non_null(strstr(r.out, fmt("SET_VECTORS (10 calls)\n  all %u rules pass "
					  "(-v lists them)", set_vectors)));
	assert_null(strchr(r.out, '\033'));
	hypabi(&r, "check", "--random", "5", stub("return_code", false), NULL);
	assert_non_null(strstr(r.out, fmt("and the other %u rules pass", reset_vectors - 1)));

	hypabi(&r, "check", "-q", "--random", "5", stub("hyp_stub", false), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_int_equal(strncmp(r.out, "verdict: PASS", 13), 0);
	assert_non_null(strchr(r.out, '\n'));
	assert_string_equal(strchr(r.out, '\n'), "\n");	/* one line */
}

/* A stub that spins or jumps to nowhere gets a verdict, not a hang. */
static void test_hostile_stubs_get_verdicts(void **state)
{
	uint8_t junk[4096];
	struct run r;

	(void)state;
	hypabi(&r, "check", "--random", "10", stub("fault_spin", false), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	hypabi(&r, "check", "--random", "10", stub("fault_wild", false), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	srand(5);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)rand();
	hypabi(&r, "check", "--random", "10", tmpfile_with("junk.bin", junk, sizeof(junk)), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	assert_non_null(strstr(r.out, "no-fault"));
}

static void test_bad_files(void **state)
{
	static const uint8_t elf_header_only[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
	char elf[8192];
	struct run r;
	FILE *f;
	size_t n;

	(void)state;
	hypabi(&r, "check", "/nonexistent/stub.bin", NULL);
	usage_error(&r, "cannot open '/nonexistent/stub.bin'", "No such file");
	hypabi(&r, "check", tmpfile_with("empty.bin", NULL, 0), NULL);
	usage_error(&r, "empty.bin' is empty", NULL);
	hypabi(&r, "check", test_tmpdir, NULL);
	usage_error(&r, "is a directory", test_tmpdir);
	hypabi(&r, "check", "/dev/null", NULL);
	usage_error(&r, "'/dev/null' is not a regular file", NULL);
	hypabi(&r, "check", "/bin/sh", NULL);
	usage_error(&r, "'/bin/sh' is an ELF file for x86-64", NULL);
	hypabi(&r, "check", tmpfile_with("trunc.elf", elf_header_only, sizeof(elf_header_only)),
	       NULL);
	usage_error(&r, "trunc.elf", "ELF");

	/* An ELF whose program headers run past the end of the file. */
	f = fopen(stub("hyp_stub", true), "rb");
	assert_non_null(f);
	n = fread(elf, 1, 80, f);
	fclose(f);
	hypabi(&r, "check", tmpfile_with("cut.elf", elf, n), NULL);
	usage_error(&r, "cut.elf", NULL);

	if (geteuid() != 0) {
		const char *p = tmpfile_with("secret.bin", "x", 1);

		chmod(p, 0);
		hypabi(&r, "check", p, NULL);
		usage_error(&r, "cannot open", "Permission denied");
	}
}

static void test_bad_options(void **state)
{
	const char *bin = stub("hyp_stub", false);
	struct run r;

	(void)state;
	hypabi(&r, NULL);
	assert_int_equal(r.status, EXIT_USAGE);
	hypabi(&r, "frobnicate", NULL);
	usage_error(&r, "unknown command 'frobnicate'", NULL);
	hypabi(&r, "check", NULL);
	usage_error(&r, "no STUB", NULL);
	hypabi(&r, "check", bin, bin, NULL);
	usage_error(&r, "one STUB at a time", NULL);
	hypabi(&r, "check", "--frob", bin, NULL);
	usage_error(&r, "unknown option '--frob'", NULL);
	hypabi(&r, "check", bin, "--seed", NULL);
	usage_error(&r, "'--seed' needs a value", NULL);
	hypabi(&r, "check", "--seed", "12abc", bin, NULL);
	usage_error(&r, "--seed", "'12abc' is not a number");
	hypabi(&r, "check", "--random", "-1", bin, NULL);
	usage_error(&r, "--random", "not a number");
	hypabi(&r, "check", "--random", "99999999999", bin, NULL);
	usage_error(&r, "--random", "larger than");
	hypabi(&r, "check", "--load", "0xfoo", bin, NULL);
	usage_error(&r, "--load", "'0xfoo' is not a number");
	hypabi(&r, "check", "--budget", "0", bin, NULL);
	usage_error(&r, "--budget", NULL);
	hypabi(&r, "check", "--arch", "mips", bin, NULL);
	usage_error(&r, "--arch", "'mips'");
	hypabi(&r, "check", "--profile", "nope", bin, NULL);
	usage_error(&r, "--profile", "'nope'");
	hypabi(&r, "check", "--role", "guest", bin, NULL);
	usage_error(&r, "--role", "'guest'");
	hypabi(&r, "check", "--format", "yaml", bin, NULL);
	usage_error(&r, "--format", "'yaml'");
	hypabi(&r, "check", "-q", "-v", bin, NULL);
	usage_error(&r, "-q and -v cannot be used together", NULL);
	hypabi(&r, "check", "-o", "/nonexistent/dir/out.txt", bin, NULL);
	usage_error(&r, "cannot write '/nonexistent/dir/out.txt'", NULL);
}

static void test_bad_placement(void **state)
{
	static const uint8_t zeros[0x900];	/* vectors at +0x800 would need 0xc04 */
	const char *bin = stub("hyp_stub", false), *elf = stub("hyp_stub", true);
	const struct arch_desc *a = &aarch64_desc;
	const char *v;
	struct run r;

	(void)state;
	v = hex(DEFAULT_LOAD_ADDR + a->hvc_vector);
	hypabi(&r, "check", "--vectors", v, bin, NULL);
	usage_error(&r, fmt("--vectors %s is not %u-byte aligned", v, a->vector_align), NULL);
	v = hex(DEFAULT_LOAD_ADDR + 0x10000000);
	hypabi(&r, "check", "--vectors", v, bin, NULL);
	usage_error(&r, fmt("--vectors %s is outside", v), NULL);
	hypabi(&r, "check", "--vectors", "__hyp_stub_vectors", bin, NULL);
	usage_error(&r, "--vectors", "needs an ELF stub");
	hypabi(&r, "check", "--vectors", "no_such_symbol", elf, NULL);
	usage_error(&r, "no symbol 'no_such_symbol'", NULL);
	hypabi(&r, "check", "--load", hex(HARNESS_BASE), bin, NULL);
	usage_error(&r, fmt("overlaps hypabi's own region %s-%s", hex(HARNESS_BASE),
			    hex(HARNESS_BASE + HARNESS_SIZE)), "--load");
	hypabi(&r, "check", "--load", hex(HARNESS_BASE - 0x400), bin, NULL);	/* its tail */
	usage_error(&r, "overlaps", NULL);
	v = hex(DEFAULT_LOAD_ADDR + a->insn_align / 2);
	hypabi(&r, "check", "--load", v, bin, NULL);
	usage_error(&r, fmt("--load %s is not %u-byte aligned", v, a->insn_align), NULL);
	hypabi(&r, "check", "--load", "0xfffffffffffff000", bin, NULL);
	usage_error(&r, fmt("reaches past %s", hex(a->addr_limit)), NULL);
	hypabi(&r, "check", "--load", hex(DEFAULT_LOAD_ADDR), elf, NULL);
	usage_error(&r, "--load applies to raw blobs", NULL);
	assert_true(sizeof(zeros) < a->vector_align + a->hvc_vector + a->insn_align);
	hypabi(&r, "check", "--vectors", fmt("+%#x", a->vector_align),
	       tmpfile_with("short.bin", zeros, sizeof(zeros)), NULL);
	usage_error(&r, fmt("--vectors %s: the entry a lower-EL hvc takes, at +%#x, is past "
			    "the end", hex(DEFAULT_LOAD_ADDR + a->vector_align), a->hvc_vector),
		    NULL);
	{	/* the reference ELF with every symbol name that says "vectors" renamed */
		FILE *f = fopen(elf, "rb");
		static uint8_t buf[1 << 20];
		size_t len;

		assert_non_null(f);
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		for (uint8_t *p = buf; (p = memmem(p, len - (size_t)(p - buf), "vectors", 7)); p += 7)
			p[6] = 'z';
		hypabi(&r, "check", tmpfile_with("nosym.elf", buf, len), NULL);
		usage_error(&r, "nosym.elf' has no well-known vector symbol", "--vectors");
	}
}

static void test_waivers(void **state)
{
	static const char good[] = "# known deviation\ncallee-saved * uses x19 as scratch\n";
	static const char stale[] = "memory RESET_VECTORS never happens\n";
	static const char bad[] = "no-such-rule SET_VECTORS why\n";
	static const char badfn[] = "memory FROB why\n";
	const char *ctl = stub("callee_saved", false);
	struct run r;

	(void)state;
	hypabi(&r, "check", "--random", "5", "--waive", tmpfile_with("w1", good, strlen(good)),
	       ctl, NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, "waived: uses x19 as scratch"));
	assert_non_null(strstr(r.out, "callee-saved             waived"));
	hypabi(&r, "check", "--random", "5", "--waive", tmpfile_with("w2", stale, strlen(stale)),
	       ctl, NULL);
	usage_error(&r, "w2':1: waiver for memory matches no failure", NULL);
	hypabi(&r, "check", "--waive", tmpfile_with("w3", bad, strlen(bad)), ctl, NULL);
	usage_error(&r, "w3':1: unknown rule 'no-such-rule'", NULL);
	hypabi(&r, "check", "--waive", tmpfile_with("w4", badfn, strlen(badfn)), ctl, NULL);
	usage_error(&r, "w4':1: unknown function 'FROB'", NULL);
	hypabi(&r, "check", "--waive", "/nonexistent/waivers", ctl, NULL);
	usage_error(&r, "--waive: cannot open '/nonexistent/waivers'", NULL);
}

static void test_scan(void **state)
{
	struct run r;

	(void)state;
	hypabi(&r, "scan", stub("hyp_stub", false), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, "1 candidate\n"));
	assert_non_null(strstr(r.out, "+0x0"));
	assert_non_null(strstr(r.out, "functions: SET_VECTORS SOFT_RESTART RESET_VECTORS"));
	hypabi(&r, "scan", "--format", "json", stub_of("arm", "hyp_stub", true), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, "\"candidates\": [\n    { \"offset\": \"0x0\", \"part\": "
				      "\"file\", \"arch\": \"arm\""));
	hypabi(&r, "scan", stub("probe", false), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, "0 candidates"));
	hypabi(&r, "scan", NULL);
	usage_error(&r, "scan: give exactly one IMAGE", NULL);
	hypabi(&r, "scan", "--format", "xml", stub("hyp_stub", false), NULL);
	usage_error(&r, "--format", "'xml'");
	hypabi(&r, "scan", "/nonexistent.img", NULL);
	usage_error(&r, "cannot open '/nonexistent.img'", NULL);
}

static void test_check_scan(void **state)
{
	struct run r;

	(void)state;
	hypabi(&r, "check", "--scan", "--random", "20", stub("hyp_stub", true), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, "conformance matrix of"));
	assert_non_null(strstr(r.out, "+0x0               initial    pass"));
	assert_non_null(strstr(r.out, "verdict: PASS (1 stub)"));
	hypabi(&r, "check", "--scan", "--random", "20", "--format", "json",
	       stub("set_vectors_vbar", true), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	assert_non_null(strstr(r.out, "\"SET_VECTORS\": { \"verdict\": \"fail\", \"rules\": "
				      "[\"set-vectors.vbar\"] }"));
	hypabi(&r, "check", "--scan", "--vectors", hex(DEFAULT_LOAD_ADDR), stub("hyp_stub", true),
	       NULL);
	usage_error(&r, "--scan and --vectors", NULL);
	{
		static uint8_t image[4096];

		memcpy(image + 56, "ARM\x64", 4);
		hypabi(&r, "check", tmpfile_with("tiny.Image", image, sizeof(image)), NULL);
		usage_error(&r, "tiny.Image' (arm64 Image) may hold several stubs", "--scan");
		hypabi(&r, "check", "--vectors", "payload+0x0", tmpfile_with("tiny.Image", image,
									     sizeof(image)), NULL);
		usage_error(&r, "has no compressed kernel behind it", NULL);
		hypabi(&r, "check", "--vectors", "+0x100000", tmpfile_with("tiny.Image", image,
									   sizeof(image)), NULL);
		usage_error(&r, "--vectors +0x100000: past the end", NULL);
		hypabi(&r, "check", "--scan", tmpfile_with("tiny.Image", image, sizeof(image)), NULL);
		assert_int_equal(r.status, EXIT_FAIL);
		assert_non_null(strstr(r.out, "no HYP stub vector table found"));
	}
}

/*
 * Every failure names a command that reproduces exactly that call, as a
 * user pastes it into a shell (the stub's path has a space and a quote).
 */
static void test_repro_and_trace(void **state)
{
	static uint8_t copy[1 << 16];
	char line[1400], *p;
	char *sh[] = { "/bin/sh", "-c", line, NULL };
	const char *spaced, *first;
	struct run r;
	size_t len;
	FILE *f;

	(void)state;
	f = fopen(stub("soft_restart_args", false), "rb");
	assert_non_null(f);
	len = fread(copy, 1, sizeof(copy), f);
	assert_true(len > 0 && len < sizeof(copy));
	fclose(f);
	spaced = tmpfile_with("a stub's copy.bin", copy, len);
	hypabi(&r, "check", "--random", "30", "--seed", "7", spaced, NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	p = strstr(r.out, "reproduce: hypabi trace ");
	assert_non_null(p);
	p += strlen("reproduce: hypabi ");
	snprintf(line, sizeof(line), "exec '%s' %.*s", HYPABI_BIN, (int)strcspn(p, "\n"), p);
	assert_non_null(strstr(line, "--seed 7"));
	/* Run it as a shell splits it: the same call, the same failure. */
	spawn(&r, sh);
	if (r.status != EXIT_FAIL)
		fail_msg("'%s' exited %d: %s", line, r.status, r.err);
	assert_non_null(strstr(r.out, spaced));
	/* Entered from the caller's hvc: ELR_EL2 is the instruction after it. */
	assert_non_null(strstr(r.out, fmt("exception entry: ELR_EL2 %s",
					  hex(CALLER_CODE + aarch64_desc.hvc_size))));
	assert_non_null(strstr(r.out, "soft-restart.args        fail: expected x0 = caller's x2"));
	assert_non_null(strstr(r.out, "  br x5"));

	hypabi(&r, "trace", "--format", "tarmac", "--case", "RESET_VECTORS/0",
	       stub_of("arm", "hyp_stub", false), "--arch", "arm", NULL);
	assert_int_equal(r.status, EXIT_PASS);
	/* The first instruction: the entry a lower-EL hvc takes, at the default load address. */
	first = fmt("1 clk IT (1) %08" PRIx64 " ",
		    (uint64_t)DEFAULT_LOAD_ADDR + aarch32_desc.hvc_vector);
	assert_int_equal(strncmp(r.out, first, strlen(first)), 0);
	assert_non_null(strstr(r.out, " A hyp_n : b #0x"));
	assert_non_null(strstr(r.out, "clk R R12 30c51830\n"));
	assert_non_null(strstr(r.out, "clk R cpsr "));
	/* The control adds 1 to x19. */
	hypabi(&r, "trace", "--call", fmt("x0=%d,x19=0x1234", HVC_RESET_VECTORS),
	       stub("callee_saved", true), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	assert_non_null(strstr(r.out, "x19            0x1234 -> 0x1235"));
	hypabi(&r, "trace", "--call", fmt("r0=%d,thumb=1", HVC_SET_VECTORS),
	       stub_of("arm", "hyp_stub", true), NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, "svc (T32)"));

	hypabi(&r, "trace", stub("hyp_stub", true), NULL);
	usage_error(&r, "one of --case FUNCTION/INDEX and --call REGS", NULL);
	hypabi(&r, "trace", "--case", "FROB/1", stub("hyp_stub", true), NULL);
	usage_error(&r, "--case: unknown function 'FROB'", NULL);
	hypabi(&r, "trace", "--case", "RESET_VECTORS", stub("hyp_stub", true), NULL);
	usage_error(&r, "is not FUNCTION/INDEX", NULL);
	hypabi(&r, "trace", "--call", "x99=1", stub("hyp_stub", true), NULL);
	usage_error(&r, "--call: no register 'x99' on arm64", NULL);
	hypabi(&r, "trace", "--format", "vcd", "--call", "x0=1", stub("hyp_stub", true), NULL);
	usage_error(&r, "--format", "'vcd'");
}

/* The value of the first "KEY": "..." at or after p, unescaped into buf. */
static void json_value(const char *p, const char *key, char *buf, size_t len)
{
	char k[64];
	size_t o = 0;

	snprintf(k, sizeof(k), "\"%s\": \"", key);
	p = strstr(p, k);
	assert_non_null(p);
	for (p += strlen(k); *p && *p != '"' && o + 1 < len; p++) {
		if (*p == '\\' && p[1])
			p++;
		buf[o++] = *p;
	}
	buf[o] = '\0';
}

/*
 * A repro line replays its call exactly: every option of the check run
 * that changes a call is on it, whatever its length, and `hypabi trace`
 * takes them all and fails the same rule.
 */
static void test_repro_replays_every_option(void **state)
{
	static const uint64_t load = 0x80000, timeout = 1500, max_image = UINT64_C(1) << 20;
	static const uint64_t budget = 50000, seed = 99, random = 7;
	char path[300], json[65536], repro[1024], rule[64], want[128], cmd[1400];
	char n_load[32], n_timeout[32], n_max[32], n_budget[32], n_seed[32], n_random[32];
	char *sh[] = { "/bin/sh", "-c", cmd, NULL };
	const char *p, *q = NULL;
	struct run r;

	(void)state;
	snprintf(path, sizeof(path), "%s/repro.json", test_tmpdir);
	snprintf(n_load, sizeof(n_load), "0x%" PRIx64, load);
	snprintf(n_timeout, sizeof(n_timeout), "%" PRIu64, timeout);
	snprintf(n_max, sizeof(n_max), "%" PRIu64, max_image);
	snprintf(n_budget, sizeof(n_budget), "%" PRIu64, budget);
	snprintf(n_seed, sizeof(n_seed), "%" PRIu64, seed);
	snprintf(n_random, sizeof(n_random), "%" PRIu64, random);
	hypabi(&r, "check", "--arch", "arm64", "--load", n_load, "--timeout", n_timeout,
	       "--max-image-size", n_max, "--budget", n_budget, "--seed", n_seed, "--random",
	       n_random, "--format", "json", "-o", path, stub("callee_saved", false), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	slurp(path, json, sizeof(json));
	p = strstr(json, "\"repro\": ");
	assert_non_null(p);
	for (const char *t = strstr(json, "\"rule\": "); t && t < p; t = strstr(t + 1, "\"rule\": "))
		q = t;
	assert_non_null(q);
	json_value(q, "rule", rule, sizeof(rule));
	json_value(p, "repro", repro, sizeof(repro));
	assert_int_equal(strncmp(repro, "hypabi trace ", 13), 0);
	{
		const char *opts[][2] = {
			{ "--arch", "arm64" }, { "--load", n_load }, { "--vectors", n_load },
			{ "--seed", n_seed }, { "--budget", n_budget }, { "--timeout", n_timeout },
			{ "--max-image-size", n_max },
		};

		for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
			snprintf(want, sizeof(want), " %s %s ", opts[i][0], opts[i][1]);
			if (!strstr(repro, want))
				fail_msg("'%s' lacks '%s'", repro, want);
		}
	}
	assert_null(strstr(repro, "--random"));	/* it changes no call */

	/* Run it as a shell splits it: the same call, the same failure. */
	snprintf(cmd, sizeof(cmd), "exec '%s' %s", HYPABI_BIN, repro + strlen("hypabi "));
	spawn(&r, sh);
	if (r.status != EXIT_FAIL)
		fail_msg("'%s' exited %d: %s", cmd, r.status, r.err);
	snprintf(want, sizeof(want), "  %-24s fail", rule);
	assert_non_null(strstr(r.out, want));
	snprintf(want, sizeof(want), "vectors 0x%" PRIx64 ",", load);
	assert_non_null(strstr(r.out, want));

	/*
	 * Options left at their defaults stay off the line, but for what the
	 * run resolved: the arch, the vectors, the seed, and the profile auto
	 * chose (so the line means the same whatever a later default picks).
	 */
	hypabi(&r, "check", "--random", "1", stub("callee_saved", false), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	p = strstr(r.out, "reproduce: hypabi trace ");
	assert_non_null(p);
	snprintf(repro, sizeof(repro), "%.*s", (int)strcspn(p, "\n"), p);
	for (int id = 0; id < OPT_COUNT; id++) {
		if (!(opt_table[id].flags & OPT_REPRO) || id == OPT_ARCH || id == OPT_VECTORS ||
		    id == OPT_SEED || id == OPT_PROFILE)
			continue;
		snprintf(want, sizeof(want), "--%s ", opt_table[id].name);
		if (strstr(repro, want))
			fail_msg("'%s' names the default %s", repro, want);
	}
	snprintf(want, sizeof(want), "--profile %s ", profiles[0].name);
	assert_non_null(strstr(repro, want));
}

/* The bounds are configurable and each is reported as itself. */
static void test_bounds(void **state)
{
	static uint8_t big[8192];
	struct run r;

	(void)state;
	hypabi(&r, "check", "--budget", "1000000000", "--timeout", "50", "--random", "0",
	       stub("fault_spin", false), NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	assert_non_null(strstr(r.out, "(out of wall-clock time)"));
	hypabi(&r, "check", "--trace-limit", "3", "--random", "1", stub("return_code", false),
	       NULL);
	assert_int_equal(r.status, EXIT_FAIL);
	assert_non_null(strstr(r.out, "more instructions not shown (limit 3)"));
	hypabi(&r, "check", "--max-image-size", fmt("%zu", sizeof(big) / 2),
	       tmpfile_with("big.bin", big, sizeof(big)), NULL);
	usage_error(&r, fmt("big.bin' is %zu bytes, more than the %zu-byte limit", sizeof(big),
			    sizeof(big) / 2), NULL);
	hypabi(&r, "check", "--timeout", "0", stub("hyp_stub", false), NULL);
	usage_error(&r, "--timeout: must be at least 1 ms", NULL);
	hypabi(&r, "check", "--max-image-size", "10", stub("hyp_stub", false), NULL);
	usage_error(&r, "--max-image-size: must be at least 4096", NULL);
}

/* The rest of the command line's errors, each exit 2 with its one line. */
static void test_more_usage_errors(void **state)
{
	static char longline[2048], many[1100 * 32];
	const char *ctl = stub("callee_saved", false), *ref = stub("hyp_stub", true);
	struct run r;
	size_t n = 0;

	(void)state;
	hypabi(&r, "check", ref, "-o", NULL);
	usage_error(&r, "option '-o' needs a value", NULL);
	hypabi(&r, "check", "-Z", ref, NULL);
	usage_error(&r, "unknown option '-Z'", NULL);
	hypabi(&r, "check", "--random", "1", "-o", "/dev/full", ref, NULL);
	usage_error(&r, "cannot write '/dev/full'", NULL);

	hypabi(&r, "scan", ref, "--format", NULL);
	usage_error(&r, "option '--format' needs a value", NULL);
	hypabi(&r, "scan", "--frob", ref, NULL);
	usage_error(&r, "unknown option '--frob'", "hypabi scan --help");

	hypabi(&r, "trace", "--call", "x1", ref, NULL);
	usage_error(&r, "--call: 'x1' is not NAME=VALUE", NULL);
	hypabi(&r, "trace", "--profile", "nope", "--case", "SET_VECTORS/0", ref, NULL);
	usage_error(&r, "--profile: unknown profile 'nope'", NULL);
	hypabi(&r, "trace", "--role", "guest", "--case", "SET_VECTORS/0", ref, NULL);
	usage_error(&r, "--role: 'guest' is not one of initial, boot, hypervisor", NULL);
	hypabi(&r, "trace", "--kind", "guest", "--case", "SET_VECTORS/0", ref, NULL);
	usage_error(&r, "--kind: 'guest' is not one of", NULL);
	/* A kind exists on its arches only. */
	hypabi(&r, "trace", "--kind", "zimage", "--case", "SET_VECTORS/0", ref, NULL);
	usage_error(&r, "--kind zimage does not apply to arm64", NULL);
	hypabi(&r, "trace", ref, "--case", NULL);
	usage_error(&r, "option '--case' needs a value", NULL);
	hypabi(&r, "trace", "--frob", ref, NULL);
	usage_error(&r, "unknown option '--frob'", "hypabi trace --help");
	hypabi(&r, "trace", "--case", "SET_VECTORS/0", NULL);
	usage_error(&r, "trace: give exactly one STUB", NULL);
	hypabi(&r, "trace", "--budget", "0", "--case", "SET_VECTORS/0", ref, NULL);
	usage_error(&r, "--budget: must be at least 1", NULL);

	hypabi(&r, "check", "--waive", tmpfile_with("w5", "memory SET_VECTORS\n", 19), ctl, NULL);
	usage_error(&r, "w5':1: expected 'RULE FUNCTION REASON'", NULL);
	hypabi(&r, "check", "--waive", tmpfile_with("w6", "memory SET_VECTORS@ why\n", 24), ctl,
	       NULL);
	usage_error(&r, "w6':1: nothing after '@'", NULL);
	memset(longline, 'x', sizeof(longline) - 1);
	hypabi(&r, "check", "--waive", tmpfile_with("w7", longline, sizeof(longline) - 1), ctl,
	       NULL);
	usage_error(&r, "w7':1: line longer than 1023 bytes", NULL);
	for (int i = 0; i < 1100; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "memory SET_VECTORS why %d\n", i);
	hypabi(&r, "check", "--waive", tmpfile_with("w8", many, n), ctl, NULL);
	usage_error(&r, "w8': more than 1024 waivers", NULL);
}

/* On a terminal (script(1) gives it one) failures are red, unless NO_COLOR is set. */
static void test_colour(void **state)
{
	char cmd[1024];
	struct run r;

	(void)state;
	snprintf(cmd, sizeof(cmd), "%s check --random 3 %s", HYPABI_BIN, stub("return_code", false));
	unsetenv("NO_COLOR");
	hypabi(&r, "--script", "-qc", cmd, "/dev/null", NULL);
	assert_non_null(strstr(r.out, "\033[1;31mFAIL"));
	setenv("NO_COLOR", "1", 1);
	hypabi(&r, "--script", "-qc", cmd, "/dev/null", NULL);
	unsetenv("NO_COLOR");
	assert_non_null(strstr(r.out, "return-code              FAIL"));
	assert_null(strchr(r.out, '\033'));
}

static void test_info_commands(void **state)
{
	/* The ids users write in waivers and read in reports: a contract, spelt out. */
	static const char *const ids[] = {
		"return-address", "return-mode", "return-code", "callee-saved", "el1-state",
		"no-fault", "memory", "implemented", "set-vectors.vbar", "set-vectors.only-vbar",
		"reset-vectors.vbar", "reset-vectors.mmu-off", "soft-restart.no-return",
		"soft-restart.target", "soft-restart.masked", "soft-restart.mmu-off",
		"soft-restart.args", "unknown.error",
	};
	struct run r;

	(void)state;
	hypabi(&r, "rules", NULL);
	assert_int_equal(r.status, EXIT_PASS);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_non_null(strstr(r.out, ids[i]));
	/* and every rule of the catalogue is one of them, and listed */
	assert_int_equal(sizeof(ids) / sizeof(ids[0]), RULE_COUNT);
	for (int i = 0; i < RULE_COUNT; i++)
		if (!strstr(r.out, rules[i].id))
			fail_msg("'hypabi rules' does not list %s", rules[i].id);
	hypabi(&r, "profiles", NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_non_null(strstr(r.out, "hyp-abi"));
	assert_non_null(strstr(r.out, hex(HVC_STUB_ERR)));
	hypabi(&r, "rules", "extra", NULL);
	usage_error(&r, "rules takes no arguments", NULL);
	hypabi(&r, "--version", NULL);
	assert_int_equal(r.status, EXIT_PASS);
	assert_int_equal(strncmp(r.out, "hypabi ", 7), 0);
	hypabi(&r, "--help", NULL);
	assert_int_equal(r.status, EXIT_PASS);
	for (const char *o = "--arch\0--load\0--vectors\0--profile\0--role\0--format\0"
			     "--output\0--seed\0--random\0--waive\0--budget\0"; *o; o += strlen(o) + 1)
		assert_non_null(strstr(r.out, o));
	hypabi(&r, "check", "--help", NULL);
	assert_int_equal(r.status, EXIT_PASS);
}

/* The command lines that share the option table. */
struct command {
	enum cli_command cmd;
	const char *bin, *sub;	/* sub: hypabi's subcommand, NULL for crosscheck */
};

static const struct command commands[] = {
	{ CMD_CHECK, HYPABI_BIN, "check" },
	{ CMD_TRACE, HYPABI_BIN, "trace" },
	{ CMD_SCAN, HYPABI_BIN, "scan" },
	{ CMD_CROSSCHECK, CROSSCHECK_BIN, NULL },
};

/* A value option id takes (NULL for a flag): its default or first word, else a sample. */
static const char *value_for(enum opt_id id, char *buf, size_t len)
{
	const struct opt_def *e = &opt_table[id];

	switch (e->kind) {
	case OPT_FLAG:
		return NULL;
	case OPT_NUMBER:
		snprintf(buf, len, "%" PRIu64, e->def);
		return buf;
	case OPT_WORD:
		return e->words[0].name;
	case OPT_PROFILE_NAME:
		return profiles[0].name;
	default:
		break;
	}
	switch (id) {
	case OPT_ARCH:	return "arm64";
	case OPT_CASE:	return "SET_VECTORS/0";
	case OPT_CALL:	return "x0=0";
	case OPT_WAIVE: return tmpfile_with("empty.waive", NULL, 0);
	case OPT_VECTORS:
	case OPT_INITIAL_VECTORS:
		return hex(DEFAULT_LOAD_ADDR);
	default:
		snprintf(buf, len, "%s/sample", test_tmpdir);
		return buf;
	}
}

/*
 * c's command line with option `option` (and its value, if any), then
 * what else it needs to get as far as opening STUB: a nonexistent one.
 */
static void run_option(struct run *r, const struct command *c, const char *option,
		       const char *value)
{
	char *argv[12];
	int n = 0;

	argv[n++] = (char *)c->bin;
	if (c->sub)
		argv[n++] = (char *)c->sub;
	argv[n++] = (char *)option;
	if (value)
		argv[n++] = (char *)value;
	if (c->cmd == CMD_TRACE && strcmp(option, "--case") != 0 && strcmp(option, "--call") != 0) {
		argv[n++] = "--case";
		argv[n++] = "SET_VECTORS/0";
	}
	argv[n++] = "/nonexistent/stub";
	argv[n] = NULL;
	spawn(r, argv);
}

/* Whether cmd takes an option of this name (two entries may share one: --format). */
static bool taken_by_name(enum cli_command cmd, const char *name)
{
	for (int id = 0; id < OPT_COUNT; id++)
		if ((opt_table[id].commands & cmd) && strcmp(opt_table[id].name, name) == 0)
			return true;
	return false;
}

/* r ran c with option: taken (the run got as far as opening STUB), or refused as unknown. */
static void expect(const struct run *r, const struct command *c, const char *option, bool takes,
		   bool help)
{
	char want[80];

	if (takes && help) {
		assert_int_equal(r->status, 0);
		return;
	}
	if (takes)
		snprintf(want, sizeof(want), "cannot open '/nonexistent/stub'");
	else
		snprintf(want, sizeof(want), "unknown option '%s'", option);
	if (r->status != 2 || !strstr(r->err, want))
		fail_msg("%s %s %s: exit %d, wanted \"%s\": %s", c->bin, c->sub ? c->sub : "",
			 option, r->status, want, r->err);
}

/* Every option the table gives c is taken, by name and letter; every other is refused. */
static void test_every_option_parses(void **state)
{
	(void)state;
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		const struct command *c = &commands[k];

		for (int id = 0; id < OPT_COUNT; id++) {
			const struct opt_def *e = &opt_table[id];
			bool takes = e->commands & c->cmd;
			char option[48], value[300];
			const char *v = value_for((enum opt_id)id, value, sizeof(value));
			struct run r;

			if (!takes && taken_by_name(c->cmd, e->name))
				continue;	/* another entry of that name is c's */
			snprintf(option, sizeof(option), "--%s", e->name);
			run_option(&r, c, option, v);
			expect(&r, c, option, takes, id == OPT_HELP);
			if (!e->letter)
				continue;
			snprintf(option, sizeof(option), "-%c", e->letter);
			run_option(&r, c, option, v);
			expect(&r, c, option, takes, id == OPT_HELP);
		}
	}
}

/* The options one line of --help lists ("  -o, --output FILE  ..."), into name. */
static bool option_of_line(const char *line, char *name, size_t len)
{
	if (strncmp(line, "  -", 3) != 0)
		return false;
	line += 2;
	if (line[1] != '-')	/* "-o, --output" */
		line += 4;
	assert_int_equal(strncmp(line, "--", 2), 0);
	line += 2;
	snprintf(name, len, "%.*s", (int)strcspn(line, " \n"), line);
	return true;
}

/* --help lists exactly the options the command takes: its table's. */
static void help_is_the_table(const char *help, enum cli_command cmd, const char *what)
{
	unsigned int listed = 0, taken = 0;

	for (const char *line = help, *nl; *line; line = nl ? nl + 1 : line + strlen(line)) {
		char name[48];

		nl = strchr(line, '\n');
		if (!option_of_line(line, name, sizeof(name)))
			continue;
		listed++;
		if (!taken_by_name(cmd, name))
			fail_msg("%s --help lists --%s, which it does not take", what, name);
	}
	for (int id = 0; id < OPT_COUNT; id++) {
		const struct opt_def *e = &opt_table[id];
		char want[64];

		if (!(e->commands & cmd))
			continue;
		taken++;
		if (e->letter)
			snprintf(want, sizeof(want), "\n  -%c, --%s", e->letter, e->name);
		else
			snprintf(want, sizeof(want), "\n  --%s%s", e->name, e->arg ? " " : "");
		if (!strstr(help, want))
			fail_msg("%s --help does not list --%s", what, e->name);
	}
	assert_int_equal(listed, taken);
}

static void test_help_is_the_table(void **state)
{
	struct run r;

	(void)state;
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		char *argv[] = { (char *)commands[k].bin, (char *)commands[k].sub, "--help", NULL };

		if (!commands[k].sub)
			argv[1] = "--help", argv[2] = NULL;
		spawn(&r, argv);
		assert_int_equal(r.status, EXIT_PASS);
		help_is_the_table(r.out, commands[k].cmd, argv[0]);
	}
	/* The top-level help lists check's options. */
	hypabi(&r, "--help", NULL);
	assert_int_equal(r.status, EXIT_PASS);
	help_is_the_table(r.out, CMD_CHECK, "hypabi");
}

/* The repro line is written from the table: every option on it, trace and check take. */
static void test_repro_options_are_trace_options(void **state)
{
	(void)state;
	for (int id = 0; id < OPT_COUNT; id++)
		if (opt_table[id].flags & OPT_REPRO)
			assert_true((opt_table[id].commands & (CMD_CHECK | CMD_TRACE)) ==
				    (CMD_CHECK | CMD_TRACE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_passes),
		cmocka_unit_test(test_raw_elsewhere),
		cmocka_unit_test(test_many_symbols),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_arm),
		cmocka_unit_test(test_control_fails_with_its_rule),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_hostile_stubs_get_verdicts),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_bad_placement),
		cmocka_unit_test(test_waivers),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_check_scan),
		cmocka_unit_test(test_repro_and_trace),
		cmocka_unit_test(test_repro_replays_every_option),
		cmocka_unit_test(test_colour),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_more_usage_errors),
		cmocka_unit_test(test_info_commands),
		cmocka_unit_test(test_every_option_parses),
		cmocka_unit_test(test_help_is_the_table),
		cmocka_unit_test(test_repro_options_are_trace_options),
	};
	return cmocka_run_group_tests_name("cli", tests, test_make_tmpdir, test_remove_tmpdir);
}

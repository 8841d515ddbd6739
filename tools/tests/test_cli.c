/*
 * The command line as a user meets it: exit codes, one-line errors that
 * name the file or option, and reports on stdout.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <elf.h>

#include "aarch64/regs.h"
#include "arch.h"
#include "caselist.h"
#include "cli.h"
#include "handler.h"
#include "hyp_abi_defs.h"
#include "layout.h"
#include "options.h"
#include "profile.h"
#include "rules.h"
#include "testutil.h"

struct run {
	int status;
	char cmd[1024];		/* the command line, for messages */
	char out[65536];
	char err[4096];
};

/* Run argv (PATH searched) into r: exit status, stdout and stderr. */
static void spawn(struct run *r, char *const argv[])
{
	size_t n = 0;

	r->cmd[0] = '\0';
	for (int i = 0; argv[i] && n < sizeof(r->cmd); i++)
		n += (size_t)snprintf(r->cmd + n, sizeof(r->cmd) - n, "%s%s", i ? " " : "", argv[i]);
	r->status = test_capture(argv, r->out, sizeof(r->out), r->err, sizeof(r->err));
	if (r->status < 0)
		fail_msg("cannot run %s", r->cmd);
}

/* Run hypabi with the arguments args (NULL-terminated). */
static void hypabi_args(struct run *r, const char *const *args)
{
	char *argv[32];
	int n = 0;
	bool script;

	argv[n++] = (char *)HYPABI_BIN;
	for (; *args; args++) {
		assert_true(n < 31);
		argv[n++] = (char *)*args;
	}
	argv[n] = NULL;
	/* "--script ARGS": run script(1) with ARGS instead, for a terminal. */
	script = n > 1 && strcmp(argv[1], "--script") == 0;
	if (script)
		argv[1] = "script";
	spawn(r, argv + script);
}

/* Run hypabi with a NULL-terminated argument list. */
static void hypabi(struct run *r, ...)
{
	const char *args[32];
	va_list ap;
	int n = 0;

	va_start(ap, r);
	while ((args[n] = va_arg(ap, const char *)) != NULL) {
		assert_true(n < 31);
		n++;
	}
	va_end(ap);
	hypabi_args(r, args);
}

/* r exited with `status` and its stdout has every needle of the NULL-terminated list. */
static void expect_out(const struct run *r, int status, ...)
{
	const char *needle, *missing = NULL;
	va_list ap;

	if (r->status != status)
		fail_msg("%s: exit %d, wanted %d; stderr: %s", r->cmd, r->status, status, r->err);
	va_start(ap, status);
	while ((needle = va_arg(ap, const char *)) != NULL)
		if (!missing && !strstr(r->out, needle))
			missing = needle;
	va_end(ap);
	if (missing)
		fail_msg("%s: no '%s' on stdout:\n%s", r->cmd, missing, r->out);
}

/* "0x..." of a value, in a static buffer (32 in turn). */
static const char *hex(uint64_t v)
{
	static char buf[32][24];
	static unsigned int next;
	char *b = buf[next++ % 32];

	snprintf(b, sizeof(buf[0]), "0x%" PRIx64, v);
	return b;
}

/* Formatted, in a static buffer (32 in turn). */
static const char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *format, ...)
{
	static char buf[32][512];
	static unsigned int next;
	char *b = buf[next++ % 32];
	va_list ap;

	va_start(ap, format);
	vsnprintf(b, sizeof(buf[0]), format, ap);
	va_end(ap);
	return b;
}

/* An arm64 stub of the catalogue. */
static const char *stub(const char *name, bool elf)
{
	return test_stub("arm64", name, elf);
}

/* Exit 2 with exactly one line on stderr that contains every `needle`. */
static void usage_error(const struct run *r, const char *needle1, const char *needle2)
{
	const char *nl = strchr(r->err, '\n');

	if (r->status != EXIT_USAGE)
		fail_msg("%s: exit %d, wanted %d; stderr: %s", r->cmd, r->status, EXIT_USAGE, r->err);
	if (!nl || strchr(nl + 1, '\n'))
		fail_msg("%s: wanted one line on stderr: %s", r->cmd, r->err);
	if (strncmp(r->err, "hypabi: error: ", 15) != 0)
		fail_msg("%s: not 'hypabi: error: ...': %s", r->cmd, r->err);
	if (!strstr(r->err, needle1) || (needle2 && !strstr(r->err, needle2)))
		fail_msg("%s: stderr lacks '%s'/'%s': %s", r->cmd, needle1, needle2 ? needle2 : "",
			 r->err);
	if (r->out[0])
		fail_msg("%s: printed on stdout: %s", r->cmd, r->out);
}

/* A command line hypabi must refuse: usage_error with these needles. */
struct refusal {
	const char *needle1, *needle2;
	const char *args[14];	/* hypabi's arguments */
};

static void expect_refusals(const struct refusal *t, size_t n)
{
	struct run r;

	for (size_t i = 0; i < n; i++) {
		hypabi_args(&r, t[i].args);
		usage_error(&r, t[i].needle1, t[i].needle2);
	}
}

#define EXPECT_REFUSALS(t)	expect_refusals(t, sizeof(t) / sizeof(t[0]))

static void test_reference_passes(void **state)
{
	struct run r;

	(void)state;
	/* The defaults: a raw blob at DEFAULT_LOAD_ADDR, its vectors there, seed and cases. */
	hypabi(&r, "check", stub("hyp_stub", false), NULL);
	expect_out(&r, EXIT_PASS, "verdict: PASS",
		   fmt("load %s, vectors %s, seed %d, %d random cases per function",
		       hex(DEFAULT_LOAD_ADDR), hex(DEFAULT_LOAD_ADDR), DEFAULT_SEED,
		       DEFAULT_RANDOM_CASES),
		   fmt("seed %d)", DEFAULT_SEED), "SET_VECTORS", NULL);
	hypabi(&r, "check", "--arch", "arm64", "--load", hex(DEFAULT_LOAD_ADDR), "--vectors",
	       hex(DEFAULT_LOAD_ADDR), "--random", "50", stub("hyp_stub", false), NULL);
	expect_out(&r, EXIT_PASS, NULL);
	hypabi(&r, "check", "--vectors", "__hyp_stub_vectors", "--random", "50",
	       stub("hyp_stub", true), NULL);
	expect_out(&r, EXIT_PASS, NULL);
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
	struct run r, c;

	(void)state;
	hypabi(&r, "profiles", NULL);
	expect_out(&r, EXIT_PASS, NULL);
	/* auto, the default: a stub with no kernel banner is judged by hyp-abi, and says so. */
	hypabi(&c, "check", "--random", "5", stub("hyp_stub", true), NULL);
	expect_out(&c, EXIT_PASS, fmt("profile %s: auto: no Linux version banner",
				      profiles[0].name), NULL);
	for (unsigned int k = 0; k < nprofiles; k++) {
		const struct profile *p = &profiles[k];

		assert_non_null(strstr(r.out, p->name));
		for (unsigned int i = 0; arch_at(i); i++) {
			const char *arch = arch_at(i)->name;
			int want = !profile_has_arch(p, arch) ? EXIT_USAGE
				   : (p->requires[ROLE_INITIAL] & ~reference) ? EXIT_FAIL : EXIT_PASS;

			hypabi(&c, "check", "-q", "--random", "20", "--profile", p->name,
			       test_stub(arch, "hyp_stub", true), NULL);
			expect_out(&c, want, NULL);
		}
	}
}

/* __hyp_stub_vectors after 3000 other symbols is found, as in a vmlinux. */
static void test_many_symbols(void **state)
{
	struct run r;

	(void)state;
	for (unsigned int i = 0; arch_at(i); i++) {
		hypabi(&r, "check", "--random", "30", test_stub(arch_at(i)->name, "many_symbols", true),
		       NULL);
		expect_out(&r, EXIT_PASS, "verdict: PASS", NULL);
	}
}

static void test_arm(void **state)
{
	const char *path = test_path("arm.json"), *bin = test_stub("arm", "hyp_stub", false);
	const char *elf = test_stub("arm", "hyp_stub", true);
	const struct refusal refusals[] = {
		{ "--arch arm64 contradicts", "an ELF file for arm", { "check", "--arch", "arm64", elf } },
		{ fmt("%u-byte aligned", aarch32_desc.vector_align), NULL,
		  { "check", "--arch", "arm", "--vectors",
		    hex(DEFAULT_LOAD_ADDR + aarch32_desc.vector_align / 2), bin } },
		{ "overlaps", fmt("hypabi's own region %s-%s", hex(HARNESS_BASE),
				  hex(HARNESS_BASE + HARNESS_SIZE)),
		  { "check", "--arch", "arm", "--load", hex(HARNESS_BASE + HARNESS_SIZE / 2), bin } },
		{ fmt("reaches past %s", hex(aarch32_desc.addr_limit)), NULL,
		  { "check", "--arch", "arm", "--load", hex(aarch32_desc.addr_limit), bin } },
	};
	char json[65536];
	struct run r;

	(void)state;
	hypabi(&r, "check", "--arch", "arm", "--load", hex(DEFAULT_LOAD_ADDR), "--vectors",
	       hex(DEFAULT_LOAD_ADDR), "--format", "json", "-o", path, "--random", "30", bin, NULL);
	expect_out(&r, EXIT_PASS, NULL);
	test_slurp(path, json, sizeof(json));
	assert_non_null(strstr(json, "\"arch\": \"arm\", \"cpu\": \"a15\""));
	assert_non_null(strstr(json, "\"verdict\": \"pass\""));
	assert_null(strstr(json, "soft-restart.args"));
	hypabi(&r, "check", "--random", "30", elf, NULL);
	expect_out(&r, EXIT_PASS, "(arm on a15, profile hyp-abi", NULL);
	hypabi(&r, "check", "--random", "30", test_stub("arm", "return_thumb", true), NULL);
	expect_out(&r, EXIT_FAIL, "svc (T32)", NULL);
	EXPECT_REFUSALS(refusals);
}

/* Raw blobs are position independent: any aligned load address works. */
static void test_raw_elsewhere(void **state)
{
	const uint64_t load = 0x80000;
	struct run r;

	(void)state;
	hypabi(&r, "check", "--load", hex(load), "--random", "50", stub("hyp_stub", false), NULL);
	expect_out(&r, EXIT_PASS, fmt("load %s, vectors %s,", hex(load), hex(load)), NULL);
}

static void test_control_fails_with_its_rule(void **state)
{
	struct run r;

	(void)state;
	hypabi(&r, "check", "--random", "20", "--seed", "99", stub("callee_saved", false), NULL);
	expect_out(&r, EXIT_FAIL, "callee-saved             FAIL", "x19 changed", "verdict: FAIL",
		   "seed 99", NULL);
}

static void test_json(void **state)
{
	static const char *const fields[] = {
		"\"tool\": \"hypabi\"", "\"arch\": \"arm64\", \"cpu\": \"a57\"", "\"profile\": \"hyp-abi\"",
		"\"role\": \"initial\"", "\"verdict\": \"fail\"",
		"\"rule\": \"return-address\", \"severity\": \"required\", \"status\": \"fail\"",
		"\"summary\": { \"pass\": ", "\"calls\": ",
	};
	const char *path = test_path("out.json");
	char json[65536];
	struct run r;

	(void)state;
	hypabi(&r, "check", "--format", "json", "-o", path, "--random", "10",
	       stub("return_address", false), NULL);
	expect_out(&r, EXIT_FAIL, NULL);
	assert_string_equal(r.out, "");
	test_slurp(path, json, sizeof(json));
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strstr(json, fields[i]))
			fail_msg("no %s in %s", fields[i], json);
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
	expect_out(&r, EXIT_PASS, "return-address           pass", NULL);
	set_vectors = rule_rows(r.out, "SET_VECTORS");
	reset_vectors = rule_rows(r.out, "RESET_VECTORS");
	assert_true(set_vectors > 1 && reset_vectors > 1);
	/* Default: only what did not pass, and how many others did. No colour into a file. */
	hypabi(&r, "check", "--random", "5", stub("hyp_stub", false), NULL);
	expect_out(&r, EXIT_PASS, fmt("SET_VECTORS (10 calls)\n  all %u rules pass "
				      "(-v lists them)", set_vectors), NULL);
	assert_null(strstr(r.out, "return-address           pass"));
	assert_null(strchr(r.out, '\033'));
	hypabi(&r, "check", "--random", "5", stub("return_code", false), NULL);
	expect_out(&r, EXIT_FAIL, fmt("and the other %u rules pass", reset_vectors - 1), NULL);

	hypabi(&r, "check", "-q", "--random", "5", stub("hyp_stub", false), NULL);
	expect_out(&r, EXIT_PASS, NULL);
	assert_int_equal(strncmp(r.out, "verdict: PASS", 13), 0);
	assert_non_null(strchr(r.out, '\n'));
	assert_string_equal(strchr(r.out, '\n'), "\n");	/* one line */
}

/* A stub that spins or jumps to nowhere gets a verdict, not a hang. */
static void test_hostile_stubs_get_verdicts(void **state)
{
	static const char *const hostile[] = { "fault_spin", "fault_wild" };
	uint8_t junk[4096];
	struct run r;

	(void)state;
	for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		hypabi(&r, "check", "--random", "10", stub(hostile[i], false), NULL);
		expect_out(&r, EXIT_FAIL, NULL);
	}
	srand(5);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)rand();
	hypabi(&r, "check", "--random", "10", test_write_file("junk.bin", junk, sizeof(junk)),
	       NULL);
	expect_out(&r, EXIT_FAIL, "no-fault", NULL);
}

static void test_bad_files(void **state)
{
	static const uint8_t elf_header_only[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0 };
	size_t len;
	uint8_t *elf = test_read_file(stub("hyp_stub", true), &len);
	struct run r;

	(void)state;
	assert_true(len > 80);
	{
		const struct refusal refusals[] = {
			{ "cannot open '/nonexistent/stub.bin'", "No such file",
			  { "check", "/nonexistent/stub.bin" } },
			{ "empty.bin' is empty", NULL,
			  { "check", test_write_file("empty.bin", NULL, 0) } },
			{ "is a directory", test_tmpdir, { "check", test_tmpdir } },
			{ "'/dev/null' is not a regular file", NULL, { "check", "/dev/null" } },
			{ "'/bin/sh' is an ELF file for x86-64", NULL, { "check", "/bin/sh" } },
			{ "trunc.elf", "ELF", { "check", test_write_file("trunc.elf", elf_header_only,
									 sizeof(elf_header_only)) } },
			/* An ELF whose program headers run past the end of the file. */
			{ "cut.elf", NULL, { "check", test_write_file("cut.elf", elf, 80) } },
		};

		EXPECT_REFUSALS(refusals);
	}
	free(elf);

	if (geteuid() != 0) {
		const char *p = test_write_file("secret.bin", "x", 1);

		chmod(p, 0);
		hypabi(&r, "check", p, NULL);
		usage_error(&r, "cannot open", "Permission denied");
	}
}

static void test_bad_options(void **state)
{
	const char *bin = stub("hyp_stub", false);
	const struct refusal refusals[] = {
		{ "unknown command 'frobnicate'", NULL, { "frobnicate" } },
		{ "no STUB", NULL, { "check" } },
		{ "one STUB at a time", NULL, { "check", bin, bin } },
		{ "unknown option '--frob'", NULL, { "check", "--frob", bin } },
		{ "'--seed' needs a value", NULL, { "check", bin, "--seed" } },
		{ "--seed", "'12abc' is not a number", { "check", "--seed", "12abc", bin } },
		{ "--random", "not a number", { "check", "--random", "-1", bin } },
		{ "--random", "larger than", { "check", "--random", "99999999999", bin } },
		{ "--load", "'0xfoo' is not a number", { "check", "--load", "0xfoo", bin } },
		{ "--budget", NULL, { "check", "--budget", "0", bin } },
		{ "--arch", "'mips'", { "check", "--arch", "mips", bin } },
		{ "--profile", "'nope'", { "check", "--profile", "nope", bin } },
		{ "--role", "'guest'", { "check", "--role", "guest", bin } },
		{ "--format", "'yaml'", { "check", "--format", "yaml", bin } },
		{ "-q and -v cannot be used together", NULL, { "check", "-q", "-v", bin } },
		{ "cannot write '/nonexistent/dir/out.txt'", NULL,
		  { "check", "-o", "/nonexistent/dir/out.txt", bin } },
	};
	struct run r;

	(void)state;
	hypabi(&r, NULL);
	expect_out(&r, EXIT_USAGE, NULL);
	EXPECT_REFUSALS(refusals);
}

/* The reference ELF with every symbol name that says "vectors" renamed. */
static const char *without_vector_symbols(const char *elf)
{
	size_t len;
	uint8_t *buf = test_read_file(elf, &len);
	const char *path;

	for (uint8_t *p = buf; (p = memmem(p, len - (size_t)(p - buf), "vectors", 7)); p += 7)
		p[6] = 'z';
	path = test_write_file("nosym.elf", buf, len);
	free(buf);
	return path;
}

static void test_bad_placement(void **state)
{
	static const uint8_t zeros[0x900];	/* vectors at +0x800 would need 0xc04 */
	const char *bin = stub("hyp_stub", false), *elf = stub("hyp_stub", true);
	const struct arch_desc *a = &aarch64_desc;
	const uint64_t misaligned = DEFAULT_LOAD_ADDR + a->hvc_vector;
	const uint64_t outside = DEFAULT_LOAD_ADDR + 0x10000000;
	const uint64_t odd = DEFAULT_LOAD_ADDR + a->insn_align / 2;
	const struct refusal refusals[] = {
		{ fmt("--vectors %s is not %u-byte aligned", hex(misaligned), a->vector_align), NULL,
		  { "check", "--vectors", hex(misaligned), bin } },
		{ fmt("--vectors %s is outside", hex(outside)), NULL,
		  { "check", "--vectors", hex(outside), bin } },
		{ "--vectors", "needs an ELF stub", { "check", "--vectors", "__hyp_stub_vectors", bin } },
		{ "no symbol 'no_such_symbol'", NULL, { "check", "--vectors", "no_such_symbol", elf } },
		{ fmt("overlaps hypabi's own region %s-%s", hex(HARNESS_BASE),
		      hex(HARNESS_BASE + HARNESS_SIZE)), "--load",
		  { "check", "--load", hex(HARNESS_BASE), bin } },
		{ "overlaps", NULL, { "check", "--load", hex(HARNESS_BASE - 0x400), bin } },	/* its tail */
		{ fmt("--load %s is not %u-byte aligned", hex(odd), a->insn_align), NULL,
		  { "check", "--load", hex(odd), bin } },
		{ fmt("reaches past %s", hex(a->addr_limit)), NULL,
		  { "check", "--load", "0xfffffffffffff000", bin } },
		{ "--load applies to raw blobs", NULL, { "check", "--load", hex(DEFAULT_LOAD_ADDR), elf } },
		{ fmt("--vectors %s: the entry a lower-EL hvc takes, at +%#x, is past the end",
		      hex(DEFAULT_LOAD_ADDR + a->vector_align), a->hvc_vector), NULL,
		  { "check", "--vectors", fmt("+%#x", a->vector_align),
		    test_write_file("short.bin", zeros, sizeof(zeros)) } },
		{ "nosym.elf' has no well-known vector symbol", "--vectors",
		  { "check", without_vector_symbols(elf) } },
	};

	(void)state;
	assert_true(sizeof(zeros) < a->vector_align + a->hvc_vector + a->insn_align);
	EXPECT_REFUSALS(refusals);
}

static void test_waivers(void **state)
{
	static const char good[] = "# known deviation\ncallee-saved * uses x19 as scratch\n";
	static const char stale[] = "memory RESET_VECTORS never happens\n";
	static const char bad[] = "no-such-rule SET_VECTORS why\n";
	static const char badfn[] = "memory FROB why\n";
	const char *ctl = stub("callee_saved", false);
	const struct refusal refusals[] = {
		{ "w2':1: waiver for memory matches no failure", NULL,
		  { "check", "--random", "5", "--waive", test_write_file("w2", stale, strlen(stale)),
		    ctl } },
		{ "w3':1: unknown rule 'no-such-rule'", NULL,
		  { "check", "--waive", test_write_file("w3", bad, strlen(bad)), ctl } },
		{ "w4':1: unknown function 'FROB'", NULL,
		  { "check", "--waive", test_write_file("w4", badfn, strlen(badfn)), ctl } },
		{ "--waive: cannot open '/nonexistent/waivers'", NULL,
		  { "check", "--waive", "/nonexistent/waivers", ctl } },
	};
	struct run r;

	(void)state;
	hypabi(&r, "check", "--random", "5", "--waive", test_write_file("w1", good, strlen(good)),
	       ctl, NULL);
	expect_out(&r, EXIT_PASS, "waived: uses x19 as scratch", "callee-saved             waived",
		   NULL);
	EXPECT_REFUSALS(refusals);
}

static void test_scan(void **state)
{
	const struct refusal refusals[] = {
		{ "scan: give exactly one IMAGE", NULL, { "scan" } },
		{ "--format", "'xml'", { "scan", "--format", "xml", stub("hyp_stub", false) } },
		{ "cannot open '/nonexistent.img'", NULL, { "scan", "/nonexistent.img" } },
	};
	struct run r;

	(void)state;
	hypabi(&r, "scan", stub("hyp_stub", false), NULL);
	expect_out(&r, EXIT_PASS, "1 candidate\n", "+0x0",
		   "functions: SET_VECTORS SOFT_RESTART RESET_VECTORS", NULL);
	hypabi(&r, "scan", "--format", "json", test_stub("arm", "hyp_stub", true), NULL);
	expect_out(&r, EXIT_PASS, "\"candidates\": [\n    { \"offset\": \"0x0\", \"part\": "
				  "\"file\", \"arch\": \"arm\"", NULL);
	hypabi(&r, "scan", stub("probe", false), NULL);
	expect_out(&r, EXIT_PASS, "0 candidates", NULL);
	EXPECT_REFUSALS(refusals);
}

static void test_check_scan(void **state)
{
	static uint8_t image[4096];
	const char *tiny;
	struct run r;

	(void)state;
	hypabi(&r, "check", "--scan", "--random", "20", stub("hyp_stub", true), NULL);
	expect_out(&r, EXIT_PASS, "conformance matrix of", "+0x0               initial    pass",
		   "verdict: PASS (1 stub)", NULL);
	hypabi(&r, "check", "--scan", "--random", "20", "--format", "json",
	       stub("set_vectors_vbar", true), NULL);
	expect_out(&r, EXIT_FAIL, "\"SET_VECTORS\": { \"verdict\": \"fail\", \"rules\": "
				  "[\"set-vectors.vbar\"] }", NULL);
	memcpy(image + 56, "ARM\x64", 4);
	tiny = test_write_file("tiny.Image", image, sizeof(image));
	{
		const struct refusal refusals[] = {
			{ "--scan and --vectors", NULL,
			  { "check", "--scan", "--vectors", hex(DEFAULT_LOAD_ADDR),
			    stub("hyp_stub", true) } },
			{ "tiny.Image' (arm64 Image) may hold several stubs", "--scan",
			  { "check", tiny } },
			{ "has no compressed kernel behind it", NULL,
			  { "check", "--vectors", "payload+0x0", tiny } },
			{ "--vectors +0x100000: past the end", NULL,
			  { "check", "--vectors", "+0x100000", tiny } },
		};

		EXPECT_REFUSALS(refusals);
	}
	hypabi(&r, "check", "--scan", tiny, NULL);
	expect_out(&r, EXIT_FAIL, "no HYP stub vector table found", NULL);
}

/*
 * Every failure names a command that reproduces exactly that call, as a
 * user pastes it into a shell (the stub's path has a space and a quote).
 */
static void test_repro_and_trace(void **state)
{
	const char *ref = stub("hyp_stub", true);
	const struct refusal refusals[] = {
		{ "one of --case FUNCTION/INDEX and --call REGS", NULL, { "trace", ref } },
		{ "--case: unknown function 'FROB'", NULL, { "trace", "--case", "FROB/1", ref } },
		{ "is not FUNCTION/INDEX", NULL, { "trace", "--case", "RESET_VECTORS", ref } },
		{ "--call: no register 'x99' on arm64", NULL, { "trace", "--call", "x99=1", ref } },
		{ "--format", "'vcd'", { "trace", "--format", "vcd", "--call", "x0=1", ref } },
	};
	char line[1400], *p;
	char *sh[] = { "/bin/sh", "-c", line, NULL };
	const char *spaced, *first;
	struct run r;
	size_t len;
	uint8_t *copy = test_read_file(stub("soft_restart_args", false), &len);

	(void)state;
	assert_true(len > 0);
	spaced = test_write_file("a stub's copy.bin", copy, len);
	free(copy);
	hypabi(&r, "check", "--random", "30", "--seed", "7", spaced, NULL);
	expect_out(&r, EXIT_FAIL, NULL);
	p = strstr(r.out, "reproduce: hypabi trace ");
	assert_non_null(p);
	p += strlen("reproduce: hypabi ");
	snprintf(line, sizeof(line), "exec '%s' %.*s", HYPABI_BIN, (int)strcspn(p, "\n"), p);
	assert_non_null(strstr(line, "--seed 7"));
	/* Run it as a shell splits it: the same call, the same failure. */
	spawn(&r, sh);
	/* Entered from the caller's hvc: ELR_EL2 is the instruction after it. */
	expect_out(&r, EXIT_FAIL, spaced,
		   fmt("exception entry: ELR_EL2 %s", hex(CALLER_CODE + aarch64_desc.hvc_size)),
		   "soft-restart.args        fail: expected x0 = caller's x2", "  br x5", NULL);

	hypabi(&r, "trace", "--format", "tarmac", "--case", "RESET_VECTORS/0",
	       test_stub("arm", "hyp_stub", false), "--arch", "arm", NULL);
	{
		/* The stub reads HSCTLR into r12: the case's own (its varied base state). */
		struct case_config cc = {
			.arch = &aarch32_desc, .profile = profile_by_name("hyp-abi"),
			.role = ROLE_INITIAL, .seed = DEFAULT_SEED, .random = DEFAULT_RANDOM_CASES,
			.vectors = DEFAULT_LOAD_ADDR,
		};
		struct hyp_case c;

		case_make(&cc, FN_RESET_VECTORS, 0, &c);
		expect_out(&r, EXIT_PASS, " A hyp_n : b #0x",
			   fmt("clk R R12 %08" PRIx64 "\n", c.in.caller.sysreg[aarch32_desc.el2_sctlr]),
			   "clk R cpsr ", NULL);
	}
	/* The first instruction: the entry a lower-EL hvc takes, at the default load address. */
	first = fmt("1 clk IT (1) %08" PRIx64 " ",
		    (uint64_t)DEFAULT_LOAD_ADDR + aarch32_desc.hvc_vector);
	assert_int_equal(strncmp(r.out, first, strlen(first)), 0);
	/* The control adds 1 to x19. */
	hypabi(&r, "trace", "--call", fmt("x0=%d,x19=0x1234", HVC_RESET_VECTORS),
	       stub("callee_saved", true), NULL);
	expect_out(&r, EXIT_FAIL, "x19            0x1234 -> 0x1235", NULL);
	hypabi(&r, "trace", "--call", fmt("r0=%d,thumb=1", HVC_SET_VECTORS),
	       test_stub("arm", "hyp_stub", true), NULL);
	expect_out(&r, EXIT_PASS, "svc (T32)", NULL);
	EXPECT_REFUSALS(refusals);
}

/*
 * --explore's calls are judged: explored_defect's defect (x19 changed on
 * SET_VECTORS with x2 = 0) is out of every default case's reach, so a
 * default check passes; with --explore it fails callee-saved on every
 * seed tried, the case counts include the explored calls, and the repro
 * line (trace --replay-explore K) makes exactly that call again.
 */
static void test_explore_judged(void **state)
{
	const char *s = stub("explored_defect", true);
	char line[1400], *p;
	char *sh[] = { "/bin/sh", "-c", line, NULL };
	struct run r;

	(void)state;
	hypabi(&r, "check", s, NULL);
	expect_out(&r, EXIT_PASS, NULL);
	for (int seed = 1; seed <= 3; seed++) {
		hypabi(&r, "check", "--seed", fmt("%d", seed), "--explore", "20000", s, NULL);
		expect_out(&r, EXIT_FAIL, "callee-saved             FAIL", "--replay-explore ",
			   "first failure, case explore.", NULL);
		p = strstr(r.out, "reproduce: hypabi trace ");
		assert_non_null(p);
		p += strlen("reproduce: hypabi ");
		snprintf(line, sizeof(line), "exec '%s' %.*s", HYPABI_BIN, (int)strcspn(p, "\n"), p);
		assert_non_null(strstr(line, fmt("--seed %d", seed)));
		spawn(&r, sh);
		expect_out(&r, EXIT_FAIL, "SET_VECTORS explore.", "callee-saved             fail",
			   "add x19, x19, #1", NULL);
	}
	hypabi(&r, "trace", "--replay-explore", "100000000", s, NULL);
	usage_error(&r, "--replay-explore 100000000", "fewer calls");
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
	char json[65536], repro[1024], rule[64], want[128], cmd[1400];
	char n_load[32], n_timeout[32], n_max[32], n_budget[32], n_seed[32], n_random[32];
	char *sh[] = { "/bin/sh", "-c", cmd, NULL };
	const char *path = test_path("repro.json"), *ich_vtr = "0x5a5a0001", *p, *q = NULL;
	struct run r;

	(void)state;
	snprintf(n_load, sizeof(n_load), "0x%" PRIx64, load);
	snprintf(n_timeout, sizeof(n_timeout), "%" PRIu64, timeout);
	snprintf(n_max, sizeof(n_max), "%" PRIu64, max_image);
	snprintf(n_budget, sizeof(n_budget), "%" PRIu64, budget);
	snprintf(n_seed, sizeof(n_seed), "%" PRIu64, seed);
	snprintf(n_random, sizeof(n_random), "%" PRIu64, random);
	hypabi(&r, "check", "--arch", "arm64", "--load", n_load, "--timeout", n_timeout,
	       "--max-image-size", n_max, "--budget", n_budget, "--seed", n_seed, "--random",
	       n_random, "--ich-vtr", ich_vtr, "--format", "json", "-o", path,
	       stub("callee_saved", false), NULL);
	expect_out(&r, EXIT_FAIL, NULL);
	test_slurp(path, json, sizeof(json));
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
			{ "--max-image-size", n_max }, { "--ich-vtr", ich_vtr },
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
	expect_out(&r, EXIT_FAIL, fmt("  %-24s fail", rule), fmt("vectors 0x%" PRIx64 ",", load),
		   NULL);

	/*
	 * Options left at their defaults stay off the line, but for what the
	 * run resolved: the arch, the vectors, the seed, and the profile auto
	 * chose (so the line means the same whatever a later default picks).
	 */
	hypabi(&r, "check", "--random", "1", stub("callee_saved", false), NULL);
	expect_out(&r, EXIT_FAIL, NULL);
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

/*
 * --ich-vtr reaches the emulated core, in check and in trace: a raw stub
 * that answers GET_ICH_VTR_EL2 as Linux's does (mrs x1, ICH_VTR_EL2;
 * movz x0, #0; eret) returns the value given, else the default, and
 * passes either way; a non-default value rides on the repro line. One
 * that leaves x0 alone fails, and the trace of its failing call, made
 * on a second machine, reads the same value.
 */
static void test_ich_vtr(void **state)
{
	static uint32_t words[PAGE_SIZE / sizeof(uint32_t)];
	uint32_t handler[] = { A64_MRS_ICH_VTR_EL2 | 1, A64_MOVZ(0, 0), A64_ERET };
	uint32_t *entry = &words[aarch64_desc.hvc_vector / sizeof(uint32_t)];
	const char *blob, *p;
	struct run r;

	(void)state;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		words[i] = aarch64_desc.fill_insn;
	memcpy(entry, handler, sizeof(handler));
	blob = test_write_file("ich_vtr.bin", words, sizeof(words));
	hypabi(&r, "trace", "--profile", "arm64-v6.19", "--call", "x0=4", blob, NULL);
	expect_out(&r, EXIT_PASS, fmt("-> %s\n", hex(DEFAULT_ICH_VTR)), NULL);
	hypabi(&r, "trace", "--profile", "arm64-v6.19", "--call", "x0=4", "--ich-vtr", "0x5a5a0001",
	       blob, NULL);
	expect_out(&r, EXIT_PASS, "-> 0x5a5a0001\n", NULL);
	hypabi(&r, "check", "--profile", "arm64-v6.19", "--random", "2", "--ich-vtr",
	       "0x5a5a0001", blob, NULL);
	p = strstr(r.out, "GET_ICH_VTR_EL2 (");
	assert_non_null(p);
	assert_int_equal(strncmp(strchr(p, '\n') + 1, "  all ", 6), 0);
	/* The stub fails the other functions: their repro lines carry the value. */
	expect_out(&r, EXIT_FAIL, " --ich-vtr 0x5a5a0001 ", NULL);

	entry[1] = A64_ERET;	/* x0 left at 4 */
	blob = test_write_file("ich_vtr_no_x0.bin", words, sizeof(words));
	hypabi(&r, "check", "--profile", "arm64-v6.19", "--random", "2", "--ich-vtr",
	       "0x5a5a0001", blob, NULL);
	p = strstr(r.out, "GET_ICH_VTR_EL2 (");
	assert_non_null(p);
	assert_non_null(strstr(p, "reproduce: hypabi trace "));
	if (!strstr(p, "-> 0x5a5a0001\n"))
		fail_msg("no read of the value in the trace:\n%s", p);
	expect_out(&r, EXIT_FAIL, NULL);

	/* arm has no register to supply: the option is refused, not ignored. */
	const struct refusal refusals[] = {
		{ "--ich-vtr does not apply to arm", NULL,
		  { "check", "--arch", "arm", "--ich-vtr", "1", test_stub("arm", "hyp_stub", false) } },
		{ "--ich-vtr does not apply to arm", NULL,
		  { "trace", "--ich-vtr", "1", "--call", "r0=2", test_stub("arm", "hyp_stub", true) } },
	};
	EXPECT_REFUSALS(refusals);
}

/*
 * --cpu picks the emulated core: named in every report and in the trace,
 * carried by the repro line, and refused where the arch has no such core.
 */
static void test_cpu(void **state)
{
	const char *elf = stub("hyp_stub", true), *path = test_path("max.json");
	const struct refusal refusals[] = {
		{ "--cpu max: not a core hypabi emulates for arm (a15)", NULL,
		  { "check", "--cpu", "max", test_stub("arm", "hyp_stub", true) } },
		{ "--cpu a72: not a core hypabi emulates for arm64 (a57 or max)", NULL,
		  { "trace", "--cpu", "a72", "--call", "x0=2", elf } },
	};
	char json[65536];
	struct run r;

	(void)state;
	hypabi(&r, "check", "--cpu", "max", "--random", "5", "--format", "json", "-o", path, elf,
	       NULL);
	expect_out(&r, EXIT_PASS, NULL);
	test_slurp(path, json, sizeof(json));
	assert_non_null(strstr(json, "\"arch\": \"arm64\", \"cpu\": \"max\""));
	hypabi(&r, "check", "--cpu", "max", "--random", "1", stub("return_code", true), NULL);
	expect_out(&r, EXIT_FAIL, "(arm64 on max, profile hyp-abi", " --cpu max --case ", NULL);
	hypabi(&r, "trace", "--cpu", "max", "--call", "x0=2", elf, NULL);
	expect_out(&r, EXIT_PASS, "(arm64 on max)", NULL);
	hypabi(&r, "check", "--help", NULL);
	expect_out(&r, EXIT_PASS, "--cpu NAME", NULL);
	EXPECT_REFUSALS(refusals);
}

/* A copy of a built stub's raw bytes with a kernel's version banner after them. */
static const char *with_banner(const char *arch, const char *name, const char *version)
{
	static char banner[96];
	size_t len, blen;
	uint8_t *bytes = test_read_file(test_stub(arch, name, false), &len);
	const char *path;

	blen = (size_t)snprintf(banner, sizeof(banner), "Linux version %s (builder@host) #1 SMP",
				version);
	bytes = realloc(bytes, len + blen + 1);
	assert_non_null(bytes);
	memcpy(bytes + len, banner, blen + 1);
	path = test_write_file(fmt("%s-%s-%s.bin", arch, name, version), bytes, len + blen + 1);
	free(bytes);
	return path;
}

/*
 * The eras before v4.12 found by themselves: a v4.7, a v4.9 (v4.8-v4.11's
 * era) and a v3.18 arm banner each choose their era, in which the era's
 * own stub passes and v4.12's reference stub does not.
 */
static void test_legacy_eras_by_banner(void **state)
{
	static const struct {
		const char *arch, *stub, *version, *profile;
		int status;
	} eras[] = {
		{ "arm64", "legacy_v4_7", "4.7.10", "arm64-v4.7", EXIT_PASS },
		{ "arm64", "legacy_v4_8", "4.9.0", "arm64-v4.8", EXIT_PASS },
		{ "arm64", "legacy_v4_8_clobber", "4.11.12", "arm64-v4.8", EXIT_PASS },
		{ "arm", "legacy", "3.18.140", "arm-legacy", EXIT_PASS },
		{ "arm64", "hyp_stub", "4.9.0", "arm64-v4.8", EXIT_FAIL },
		{ "arm", "hyp_stub", "4.4.0", "arm-legacy", EXIT_FAIL },
		/* v4.12's stub in v4.12: the seed's era, as before. */
		{ "arm64", "hyp_stub", "4.12.0", "hyp-abi", EXIT_PASS },
	};
	struct run r;

	(void)state;
	for (size_t i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		hypabi(&r, "check", "--arch", eras[i].arch, "--random", "20",
		       with_banner(eras[i].arch, eras[i].stub, eras[i].version), NULL);
		expect_out(&r, eras[i].status, fmt("profile %s: auto: Linux %s banner at ",
						   eras[i].profile, eras[i].version), NULL);
	}
}

/*
 * A vmlinux as a kernel build leaves it: checked at __hyp_stub_vectors by
 * default; scanned and checked with --scan, each stub named by its
 * symbol, which also says its kind (arm: the kernel proper's stub).
 */
static void test_vmlinux(void **state)
{
	static const struct {
		const char *arch, *name, *kind;
	} cases[] = {
		{ "arm64", "vmlinux", "initial" }, { "arm64", "vmlinux_phys", "initial" },
		{ "arm", "vmlinux", "arm-kernel" },
	};
	struct run r;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *elf = test_stub(cases[i].arch, cases[i].name, true);

		hypabi(&r, "check", "-q", "--random", "5", elf, NULL);
		expect_out(&r, EXIT_PASS, NULL);
		hypabi(&r, "scan", elf, NULL);
		expect_out(&r, EXIT_PASS, ": vmlinux, ", "+0x800 (__hyp_stub_vectors) functions: ", NULL);
		hypabi(&r, "scan", "--format", "json", elf, NULL);
		expect_out(&r, EXIT_PASS, "\"symbol\": \"__hyp_stub_vectors\"", NULL);
		hypabi(&r, "check", "--scan", "--random", "5", elf, NULL);
		expect_out(&r, EXIT_PASS, fmt("%s +0x800 (__hyp_stub_vectors) (%s on ", elf,
					      cases[i].arch),
			   fmt("kind %s: its vectors are __hyp_stub_vectors (arch/%s/kernel/"
			       "hyp-stub.S)", cases[i].kind, cases[i].arch), NULL);
	}
}

/*
 * A relocatable object (hyp-stub.o as a kernel build leaves it), linked by
 * hypabi at --load: checked at its __hyp_stub_vectors; a variable it does
 * not define reads as zero; a function it does not define ends the call
 * with a verdict that names it. An object of another relocation type than
 * hypabi links is refused, naming it.
 */
static void test_object(void **state)
{
	struct run r;
	size_t len;
	uint8_t *bytes;
	const char *bad;

	(void)state;
	hypabi(&r, "check", "-q", "--random", "5", test_stub("arm64", "object", true), NULL);
	expect_out(&r, EXIT_PASS, NULL);
	hypabi(&r, "check", "-q", "--random", "5", test_stub("arm", "object", true), NULL);
	expect_out(&r, EXIT_PASS, NULL);
	hypabi(&r, "check", "--random", "5", test_stub("arm64", "object_extern", true), NULL);
	expect_out(&r, EXIT_PASS, "(arm64 on a57, profile hyp-abi", NULL);
	hypabi(&r, "check", "--random", "2", "--load", "0x48000000",
	       test_stub("arm64", "object_calls_undefined", true), NULL);
	expect_out(&r, EXIT_FAIL, "actual called undefined symbol 'hyp_stub_helper'", NULL);
	hypabi(&r, "scan", test_stub("arm64", "object", true), NULL);
	expect_out(&r, EXIT_PASS, ": relocatable object, arm64",
		   "+0x800 (__hyp_stub_vectors) functions: ", NULL);
	/* The first relocation of .rela.text made an R_AARCH64_NONE + 1000: unknown. */
	bytes = test_read_file(test_stub("arm64", "object", true), &len);
	for (size_t i = 0; i + 24 <= len; i += 8) {
		uint64_t info;

		memcpy(&info, bytes + i + 8, sizeof(info));
		if ((info & 0xffffffffu) == R_AARCH64_ADR_PREL_LO21) {
			info = (info & ~UINT64_C(0xffffffff)) | (R_AARCH64_ADR_PREL_LO21 + 1000);
			memcpy(bytes + i + 8, &info, sizeof(info));
			break;
		}
	}
	bad = test_write_file("bad-reloc.o", bytes, len);
	free(bytes);
	hypabi(&r, "check", bad, NULL);
	usage_error(&r, fmt("relocation type %d is not one hypabi links (AArch64)",
			    R_AARCH64_ADR_PREL_LO21 + 1000), "bad-reloc.o");
}

/* The bounds are configurable and each is reported as itself. */
static void test_bounds(void **state)
{
	static uint8_t big[8192];
	const char *bin = stub("hyp_stub", false);
	const struct refusal refusals[] = {
		{ fmt("big.bin' is %zu bytes, more than the %zu-byte limit", sizeof(big),
		      sizeof(big) / 2), NULL,
		  { "check", "--max-image-size", fmt("%zu", sizeof(big) / 2),
		    test_write_file("big.bin", big, sizeof(big)) } },
		{ "--timeout: must be at least 1 ms", NULL, { "check", "--timeout", "0", bin } },
		{ "--max-image-size: must be at least 4096", NULL,
		  { "check", "--max-image-size", "10", bin } },
	};
	struct run r;

	(void)state;
	hypabi(&r, "check", "--budget", "1000000000", "--timeout", "50", "--random", "0",
	       stub("fault_spin", false), NULL);
	expect_out(&r, EXIT_FAIL, "(out of wall-clock time)", NULL);
	hypabi(&r, "check", "--trace-limit", "3", "--random", "1", stub("return_code", false),
	       NULL);
	expect_out(&r, EXIT_FAIL, "more instructions not shown (limit 3)", NULL);
	EXPECT_REFUSALS(refusals);
}

/* A waiver file of n lines "memory SET_VECTORS why I", more than the parser keeps. */
static const char *many_waivers(int lines)
{
	static char many[1100 * 32];
	size_t n = 0;

	assert_true(lines <= 1100);
	for (int i = 0; i < lines; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "memory SET_VECTORS why %d\n", i);
	return test_write_file("w8", many, n);
}

/* The rest of the command line's errors, each exit 2 with its one line. */
static void test_more_usage_errors(void **state)
{
	static char longline[2048];
	const char *ctl = stub("callee_saved", false), *ref = stub("hyp_stub", true);
	const char *const trace_case[] = { "--case", "SET_VECTORS/0" };
	const struct refusal refusals[] = {
		{ "option '-o' needs a value", NULL, { "check", ref, "-o" } },
		{ "unknown option '-Z'", NULL, { "check", "-Z", ref } },
		{ "cannot write '/dev/full'", NULL, { "check", "--random", "1", "-o", "/dev/full", ref } },

		{ "option '--format' needs a value", NULL, { "scan", ref, "--format" } },
		{ "unknown option '--frob'", "hypabi scan --help", { "scan", "--frob", ref } },

		{ "--call: 'x1' is not NAME=VALUE", NULL, { "trace", "--call", "x1", ref } },
		{ "--profile: unknown profile 'nope'", NULL,
		  { "trace", "--profile", "nope", trace_case[0], trace_case[1], ref } },
		{ "--role: 'guest' is not one of initial, boot, hypervisor", NULL,
		  { "trace", "--role", "guest", trace_case[0], trace_case[1], ref } },
		{ "--kind: 'guest' is not one of", NULL,
		  { "trace", "--kind", "guest", trace_case[0], trace_case[1], ref } },
		/* A kind exists on its arches only. */
		{ "--kind zimage does not apply to arm64", NULL,
		  { "trace", "--kind", "zimage", trace_case[0], trace_case[1], ref } },
		{ "option '--case' needs a value", NULL, { "trace", ref, "--case" } },
		{ "unknown option '--frob'", "hypabi trace --help", { "trace", "--frob", ref } },
		{ "trace: give exactly one STUB", NULL, { "trace", trace_case[0], trace_case[1] } },
		{ "--budget: must be at least 1", NULL,
		  { "trace", "--budget", "0", trace_case[0], trace_case[1], ref } },

		{ "w5':1: expected 'RULE FUNCTION REASON'", NULL,
		  { "check", "--waive", test_write_file("w5", "memory SET_VECTORS\n", 19), ctl } },
		{ "w6':1: nothing after '@'", NULL,
		  { "check", "--waive", test_write_file("w6", "memory SET_VECTORS@ why\n", 24), ctl } },
		{ "w7':1: line longer than 1023 bytes", NULL,
		  { "check", "--waive", test_write_file("w7", memset(longline, 'x', sizeof(longline) - 1),
							 sizeof(longline) - 1), ctl } },
		{ "w8': more than 1024 waivers", NULL, { "check", "--waive", many_waivers(1100), ctl } },
	};

	(void)state;
	EXPECT_REFUSALS(refusals);
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
		"soft-restart.args", "unknown.error", "get-ich-vtr.value", "get-ich-vtr.el2-state",
		"get-vectors.value", "get-vectors.el2-state",
		"finalise-el2.error", "finalise-el2.vhe", "finalise-el2.return", "finalise-el2.sp",
		"finalise-el2.el2-regs", "finalise-el2.el1-mmu-off",
		"sequence.model", "el2-call.handled",
	};
	struct run r;

	(void)state;
	hypabi(&r, "rules", NULL);
	expect_out(&r, EXIT_PASS, NULL);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		assert_non_null(strstr(r.out, ids[i]));
	/* and every rule of the catalogue is one of them, and listed */
	assert_int_equal(sizeof(ids) / sizeof(ids[0]), RULE_COUNT);
	for (int i = 0; i < RULE_COUNT; i++)
		if (!strstr(r.out, rules[i].id))
			fail_msg("'hypabi rules' does not list %s", rules[i].id);
	hypabi(&r, "profiles", NULL);
	expect_out(&r, EXIT_PASS, "hyp-abi", hex(HVC_STUB_ERR), NULL);
	/* The eras before v4.12, their conventions and where they come from. */
	expect_out(&r, EXIT_PASS, "arm64-v4.7", "arm64-v4.8", "arm-legacy", "GET_VECTORS",
		   "ARM_EXCEPTION_HYP_GONE", "ad72e59ff2ba", "also clobbered", NULL);
	hypabi(&r, "rules", "extra", NULL);
	usage_error(&r, "rules takes no arguments", NULL);
	hypabi(&r, "--help", NULL);
	expect_out(&r, EXIT_PASS, "--arch", "--load", "--vectors", "--profile", "--role", "--format",
		   "--output", "--seed", "--random", "--waive", "--budget", NULL);
	hypabi(&r, "check", "--help", NULL);
	expect_out(&r, EXIT_PASS, NULL);
}

/*
 * --version: "hypabi VERSION (commit C)\n", C being what git describe says
 * of the source tree (with -dirty if it had edits at configure time), or
 * "unknown" where the source is not a git tree (the package test holds
 * that case, from a copy without .git).
 */
static void test_version(void **state)
{
	char head[128] = "", want[64], hash[64];
	char *const git_argv[] = { "git", "-C", HYPABI_SOURCE_DIR, "describe", "--always", NULL };
	char *const ancestor_argv[] = { "git", "-C", HYPABI_SOURCE_DIR, "merge-base",
					"--is-ancestor", hash, "HEAD", NULL };
	struct run r;
	const char *commit;
	size_t len;

	(void)state;
	hypabi(&r, "--version", NULL);
	expect_out(&r, EXIT_PASS, NULL);
	snprintf(want, sizeof(want), "hypabi %s (commit ", HYPABI_VERSION);
	if (strncmp(r.out, want, strlen(want)) != 0)
		fail_msg("--version: wanted '%s...', got: %s", want, r.out);
	commit = r.out + strlen(want);
	len = strcspn(commit, ")");
	if (strcmp(commit + len, ")\n") != 0)
		fail_msg("--version: wanted one line ending in ')': %s", r.out);
	if (test_capture(git_argv, head, sizeof(head), NULL, 0) != 0) {
		if (len != strlen("unknown") || strncmp(commit, "unknown", len) != 0)
			fail_msg("--version: the source is no git tree, wanted 'unknown': %s", r.out);
		return;
	}
	head[strcspn(head, "\n")] = '\0';
	/* The commit it was configured from is HEAD now: cmake reconfigures on a commit. */
	if ((len == strlen(head) && strncmp(commit, head, len) == 0) ||
	    (len == strlen(head) + 6 && strncmp(commit, head, strlen(head)) == 0 &&
	     strncmp(commit + strlen(head), "-dirty", 6) == 0))
		return;
	/* Unless a commit came after the build (as the suite ran): then one of HEAD's ancestors. */
	snprintf(hash, sizeof(hash), "%.*s", (int)strcspn(commit, "-)"), commit);
	if (test_capture(ancestor_argv, NULL, 0, NULL, 0) != 0)
		fail_msg("--version: wanted commit %s (or -dirty), or one before it: %s", head, r.out);
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
	case OPT_NUMBER:	/* a default worked out when run may be no value (-j's 0) */
		snprintf(buf, len, "%" PRIu64, e->def < e->min ? e->min : e->def);
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
	case OPT_WAIVE: return test_write_file("empty.waive", NULL, 0);
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
	/* trace needs one call: a case, a call or a sequence. */
	if (c->cmd == CMD_TRACE && strcmp(option, "--case") != 0 && strcmp(option, "--call") != 0 &&
	    strcmp(option, "--sequence") != 0 && strcmp(option, "--replay-explore") != 0) {
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
		expect_out(&r, EXIT_PASS, NULL);
		help_is_the_table(r.out, commands[k].cmd, argv[0]);
	}
	/* The top-level help lists check's options. */
	hypabi(&r, "--help", NULL);
	expect_out(&r, EXIT_PASS, NULL);
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

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reference_passes),
		cmocka_unit_test(test_raw_elsewhere),
		cmocka_unit_test(test_many_symbols),
		cmocka_unit_test(test_profiles),
		cmocka_unit_test(test_legacy_eras_by_banner),
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
		cmocka_unit_test(test_explore_judged),
		cmocka_unit_test(test_repro_replays_every_option),
		cmocka_unit_test(test_colour),
		cmocka_unit_test(test_ich_vtr),
		cmocka_unit_test(test_cpu),
		cmocka_unit_test(test_vmlinux),
		cmocka_unit_test(test_object),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_more_usage_errors),
		cmocka_unit_test(test_info_commands),
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_every_option_parses),
		cmocka_unit_test(test_help_is_the_table),
		cmocka_unit_test(test_repro_options_are_trace_options),
	};
	return test_run_group("cli", tests, sizeof(tests) / sizeof(tests[0]), argc, argv,
			      test_make_tmpdir, test_remove_tmpdir);
}

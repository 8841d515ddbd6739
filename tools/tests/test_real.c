/*
 * The `real` tier: Debian's current arm64 and armhf kernels of four
 * suites (bullseye 5.10, bookworm 6.1, trixie 6.12, sid 7.2), fetched by
 * tools/fetch-debian-kernels, scanned and checked. What it asserts was
 * established by reading the disassembly (README, "Findings"): which
 * stubs each image holds, what each implements, each verdict, and that
 * `check --scan` with no profile, kind or waiver passes every image, each
 * stub named by kind and era; that one instruction changed in a stub's
 * required path fails that stub and function; and the version banner of
 * each kernel.
 * Exit 77 (skipped, not passed) when the packages cannot be downloaded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#define SKIP_CODE	77
#define OUT_MAX		(1 << 20)

static char kernel_arm64[512], kernel_arm[512];

/* The eight images, as tools/fetch-debian-kernels lists them. */
enum { BULLSEYE, BOOKWORM, TRIXIE, SID, SUITES };
static const char *const suites[SUITES] = { "bullseye", "bookworm", "trixie", "sid" };
static char kernels[SUITES][2][512];	/* [suite][0: arm64, 1: arm] */

/* The offset of the candidate whose functions are exactly `functions` (a JSON list body). */
static bool find_candidate(const char *json, const char *part, const char *functions,
			   char *offset, size_t len)
{
	char want[256];
	const char *p;

	snprintf(want, sizeof(want), "\"functions\": [%s]", functions);
	for (p = strstr(json, want); p; p = strstr(p + 1, want)) {
		const char *line = p, *o, *pt;

		while (line > json && line[-1] != '\n')
			line--;
		o = strstr(line, "\"offset\": \"");
		pt = strstr(line, "\"part\": \"");
		if (!o || !pt || o > p || strncmp(pt + 9, part, strlen(part)) != 0)
			continue;
		snprintf(offset, len, "%.*s", (int)strcspn(o + 11, "\""), o + 11);
		return true;
	}
	return false;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* A stub an image must hold: where (the file or its payload) and the functions its code compares. */
struct wanted {
	const char *part, *functions;
};

/*
 * bookworm's arm64 Image: four implementations of the ABI (README,
 * Findings): trans_pgd's stub (kexec, hibernate), KVM's hyp-init
 * vectors, the kernel's __hyp_stub_vectors, and KVM's nVHE host vectors.
 */
enum { TRANS, INIT, STUB, HOST, ARM64_STUBS };
static const struct wanted arm64_stubs[ARM64_STUBS] = {
	[TRANS] = { "file", "\"SET_VECTORS\", \"SOFT_RESTART\"" },
	[INIT] = { "file", "\"SOFT_RESTART\", \"RESET_VECTORS\", \"4\"" },
	[STUB] = { "file", "\"SET_VECTORS\", \"SOFT_RESTART\", \"RESET_VECTORS\", \"3\"" },
	[HOST] = { "file", "\"4\"" },
};

/* bookworm's arm zImage: the decompressor's stub, and the kernel proper's in the xz payload. */
enum { ZSTUB, KSTUB, ARM_STUBS };
static const struct wanted arm_stubs[ARM_STUBS] = {
	[ZSTUB] = { "file", "\"SET_VECTORS\", \"SOFT_RESTART\"" },
	[KSTUB] = { "payload", "\"SOFT_RESTART\"" },
};

/*
 * hypabi scan of image finds exactly the n stubs of want[], and no other:
 * each one's vectors as --vectors takes them ("+0x..", "payload+0x..")
 * into where[]. Returns the scan's JSON.
 */
static const char *find_stubs(const char *image, const struct wanted *want, size_t n,
			      char where[][48])
{
	static char json[OUT_MAX];
	char *scan[] = { HYPABI_BIN, "scan", "--format", "json", (char *)image, NULL };

	assert_int_equal(test_capture(scan, json, sizeof(json), NULL, 0), 0);
	assert_int_equal(count(json, "\"part\": "), n);
	for (size_t i = 0; i < n; i++) {
		char offset[32];

		if (!find_candidate(json, want[i].part, want[i].functions, offset, sizeof(offset)))
			fail_msg("%s: no stub in the %s that compares [%s]", image, want[i].part,
				 want[i].functions);
		snprintf(where[i], sizeof(where[0]), "%s+%s",
			 strcmp(want[i].part, "payload") == 0 ? "payload" : "", offset);
	}
	return json;
}

/* Cells of check --scan's conformance matrix: a stub as its kind, and functions' verdict. */
struct cells {
	int stub;		/* an index of the image's wanted stubs */
	const char *role;
	const char *fns;	/* the functions (columns), space-separated */
	const char *verdict, *rules;
};

static void expect_cells(const char *json, char where[][48], const struct cells *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char row[128], cell[256];
		const char *r, *fn = c[i].fns;

		snprintf(row, sizeof(row), "{ \"stub\": \"%s\", \"role\": \"%s\"", where[c[i].stub],
			 c[i].role);
		r = strstr(json, row);
		if (!r)
			fail_msg("matrix has no row %s", row);
		while (*fn) {
			int len = (int)strcspn(fn, " ");

			snprintf(cell, sizeof(cell), "\"%.*s\": { \"verdict\": \"%s\", \"rules\": [%s] }",
				 len, fn, c[i].verdict, c[i].rules);
			if (!strstr(r, cell) || strchr(r, '\n') < strstr(r, cell))
				fail_msg("%s %.*s: expected %s", where[c[i].stub], len, fn, cell);
			fn += len;
			fn += strspn(fn, " ");
		}
	}
}

static void test_arm64_image(void **state)
{
	static const struct cells cells[] = {
		/* trans_pgd: its kind need not implement RESET_VECTORS (it answers HVC_STUB_ERR). */
		{ TRANS, "trans-pgd", "SET_VECTORS SOFT_RESTART RESET_VECTORS unknown", "pass", "" },
		/* KVM's hyp-init: a hypervisor; RESET_VECTORS restores __hyp_stub_vectors. */
		{ INIT, "hypervisor", "SOFT_RESTART RESET_VECTORS", "pass", "" },
		{ INIT, "hypervisor", "unknown", "not-judged", "" },
		/*
		 * The kernel's own stub conforms, every function. FINALISE_EL2: on
		 * the A57, without VHE, it answers HVC_STUB_ERR.
		 */
		{ STUB, "initial", "SET_VECTORS SOFT_RESTART RESET_VECTORS unknown FINALISE_EL2", "pass",
		  "" },
		/* KVM's host vectors, on the EL2 stack KVM gives them: the stub numbers forwarded. */
		{ HOST, "kvm-host", "SOFT_RESTART RESET_VECTORS", "pass", "" },
	};
	static char json[OUT_MAX];
	char where[ARM64_STUBS][48];
	/* Linux 6.1: auto finds the era (arm64-v6.0); each stub judged as the kind its code says. */
	char *check[] = { HYPABI_BIN, "check", "--scan", "--random", "200", "--format", "json",
			  kernel_arm64, NULL };

	(void)state;
	find_stubs(kernel_arm64, arm64_stubs, ARM64_STUBS, where);
	assert_int_equal(test_capture(check, json, sizeof(json), NULL, 0), 0);
	assert_non_null(strstr(json, "\"verdict\": \"pass\",\n  \"stubs\""));
	assert_non_null(strstr(json, "\"profile\": \"arm64-v6.0\""));
	assert_non_null(strstr(json, "\"profile_why\": \"auto: Linux 6.1."));
	expect_cells(json, where, cells, sizeof(cells) / sizeof(cells[0]));
}

static void test_arm_zimage(void **state)
{
	static const struct cells cells[] = {
		/* The decompressor's stub: SET_VECTORS and SOFT_RESTART; RESET_VECTORS answers an error. */
		{ ZSTUB, "zimage", "SET_VECTORS SOFT_RESTART RESET_VECTORS unknown", "pass", "" },
		/* The kernel proper's: SOFT_RESTART only, since v5.7. */
		{ KSTUB, "arm-kernel", "SET_VECTORS SOFT_RESTART RESET_VECTORS unknown", "pass", "" },
	};
	/* By hyp-abi.txt as written (v4.12), both fail to implement what a v4.12 stub must. */
	static const struct cells by_hyp_abi[] = {
		{ ZSTUB, "zimage", "RESET_VECTORS", "fail", "\"implemented\"" },
	};
	static char json[OUT_MAX];
	char where[ARM_STUBS][48];
	const char *scan;
	/* Linux 6.1: auto finds the era (arm-v5.7); each stub does what its kind must. */
	char *check[] = { HYPABI_BIN, "check", "--scan", "--random", "200", "--format", "json",
			  "--profile", "auto", kernel_arm, NULL };

	(void)state;
	scan = find_stubs(kernel_arm, arm_stubs, ARM_STUBS, where);
	assert_non_null(strstr(scan, "\"format\": \"zImage\""));
	assert_non_null(strstr(scan, "\"payload\": { \"format\": \"xz\""));

	assert_int_equal(test_capture(check, json, sizeof(json), NULL, 0), 0);
	assert_non_null(strstr(json, "\"profile\": \"arm-v5.7\""));
	expect_cells(json, where, cells, sizeof(cells) / sizeof(cells[0]));

	check[8] = "hyp-abi";
	assert_int_equal(test_capture(check, json, sizeof(json), NULL, 0), 1);
	expect_cells(json, where, by_hyp_abi, sizeof(by_hyp_abi) / sizeof(by_hyp_abi[0]));
}

/*
 * The kernel's version banner, as hypabi scan names it, in each of Debian's
 * kernels of four eras (offsets measured with Python's lzma and a byte
 * search; README, "Real binaries"). Debian's release names the ABI
 * (6.1.0-50), the patch level comes from "#1 SMP Debian 6.1.176-1". The
 * arm64 Images hold a second banner further on: the first is the one.
 */
static void test_banners(void **state)
{
	static const struct {
		const char *suite, *arch, *version, *release, *at;
	} want[] = {
		{ "bullseye", "arm64", "5.10.223", "5.10.0-32-arm64", "+0xb80130" },
		{ "bullseye", "arm", "5.10.223", "5.10.0-32-armmp", "payload+0xbf8118" },
		{ "bookworm", "arm64", "6.1.176", "6.1.0-50-arm64", "+0xd000e8" },
		{ "bookworm", "arm", "6.1.176", "6.1.0-50-armmp", "payload+0xbf80c4" },
		{ "trixie", "arm64", "6.12.117", "6.12.117+deb13-arm64", "+0xf700c8" },
		{ "trixie", "arm", "6.12.117", "6.12.117+deb13-armmp", "payload+0xcf80a8" },
		{ "sid", "arm64", "7.2.13", "7.2.13+deb14-arm64", "+0x12c00b0" },
		{ "sid", "arm", "7.2.13", "7.2.13+deb14-armmp", "payload+0xef80a8" },
	};
	static char json[OUT_MAX], list[4096];
	char *fetch[] = { HYPABI_FETCH, "--suite", "bullseye,bookworm,trixie,sid",
			  getenv("HYPABI_CACHE"), NULL };
	char missing[256] = "";
	int rc;

	(void)state;
	rc = test_capture(fetch, list, sizeof(list), NULL, 0);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char prefix[64], image[512], expect[512];
		char *scan[] = { HYPABI_BIN, "scan", "--format", "json", image, NULL };
		const char *line;

		snprintf(prefix, sizeof(prefix), "%s %s ", want[i].suite, want[i].arch);
		for (line = list; line && strncmp(line, prefix, strlen(prefix)) != 0;
		     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
			;
		if (!line || !*line) {
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), " %s/%s",
				 want[i].suite, want[i].arch);
			continue;
		}
		snprintf(image, sizeof(image), "%.*s", (int)strcspn(line + strlen(prefix), "\n"),
			 line + strlen(prefix));
		assert_int_equal(test_capture(scan, json, sizeof(json), NULL, 0), 0);
		snprintf(expect, sizeof(expect), "\n  \"linux\": { \"version\": \"%s\", \"release\": "
			 "\"%s\", \"at\": \"%s\", \"banner\": \"Linux version %s (debian-kernel@",
			 want[i].version, want[i].release, want[i].at, want[i].release);
		if (!strstr(json, expect))
			fail_msg("%s %s: no %s in\n%.600s", want[i].suite, want[i].arch, expect, json);
	}
	if (missing[0]) {
		printf("SKIP: not fetched (tools/fetch-debian-kernels exited %d):%s\n", rc, missing);
		skip();
	}
}

/*
 * Run crosscheck on one stub of an image, on core cpu; it must agree with
 * QEMU on every call compared.
 */
static void crosscheck_on(const char *image, const char *vectors, const char *role,
			  const char *cpu)
{
	static char out[OUT_MAX];
	/* No --cpu: the arch's default core. */
	char *argv[] = { CROSSCHECK_BIN, "--random", "25", "--role", (char *)role, "--vectors",
			 (char *)vectors, (char *)image, cpu ? "--cpu" : NULL, (char *)cpu, NULL };

	if (test_capture(argv, out, sizeof(out), NULL, 0) != 0 ||
	    !strstr(out, "AGREE: 0 differences"))
		fail_msg("crosscheck %s %s: %s", image, vectors, out);
	if (strstr(out, ": 0 calls compared"))
		fail_msg("crosscheck %s %s compared nothing: %s", image, vectors, out);
}

static void crosscheck(const char *image, const char *vectors, const char *role)
{
	crosscheck_on(image, vectors, role, NULL);
}

/* The offset of check --scan's initial stub, from its JSON matrix. */
static void initial_stub(const char *json, char *off, size_t len)
{
	const char *m = strstr(json, "\"matrix\": ["), *r, *line, *s;

	assert_non_null(m);
	r = strstr(m, "\"role\": \"initial\"");
	assert_non_null(r);
	for (line = r; line > m && line[-1] != '\n'; line--)
		;
	s = strstr(line, "\"stub\": \"");
	assert_true(s && s < r);
	snprintf(off, len, "%.*s", (int)strcspn(s + 9, "\""), s + 9);
}

/* The kernels' stubs behave the same under QEMU as under hypabi, state for state. */
static void test_crosscheck(void **state)
{
	char where64[ARM64_STUBS][48], where32[ARM_STUBS][48];

	(void)state;
	find_stubs(kernel_arm64, arm64_stubs, ARM64_STUBS, where64);
	crosscheck(kernel_arm64, where64[TRANS], "initial");
	crosscheck(kernel_arm64, where64[INIT], "hypervisor");	/* with the EL2 MMU on, too */
	crosscheck(kernel_arm64, where64[STUB], "initial");

	find_stubs(kernel_arm, arm_stubs, ARM_STUBS, where32);
	crosscheck(kernel_arm, where32[ZSTUB], "initial");
	crosscheck(kernel_arm, where32[KSTUB], "initial");
}

/* The line of text holding needle (from its start to its newline), into buf; false if none. */
static bool line_of(const char *text, const char *needle, char *buf, size_t len)
{
	const char *p = strstr(text, needle), *start;

	if (!p)
		return false;
	for (start = p; start > text && start[-1] != '\n'; start--)
		;
	snprintf(buf, len, "%.*s", (int)strcspn(start, "\n"), start);
	return true;
}

/*
 * What each image holds (README, "Findings"), in the order of their
 * offsets: the kind each stub is judged as, under the era its kernel's
 * banner names. Offsets are not named: a newer Debian kernel that moves a
 * stub does not break the tier, one that changes what a stub does does.
 */
static const struct {
	int suite;
	int arch;	/* 0: arm64, 1: arm */
	const char *profile;
	const char *kinds[5];
} holds[] = {
	/* 5.10: no trans_pgd yet (v5.16); KVM's host vectors need the booted kernel's state. */
	{ BULLSEYE, 0, "hyp-abi", { "hypervisor", "initial", "kvm-host" } },
	{ BULLSEYE, 1, "arm-v5.7", { "zimage", "arm-kernel" } },
	{ BOOKWORM, 0, "arm64-v6.0", { "trans-pgd", "hypervisor", "initial", "kvm-host" } },
	{ BOOKWORM, 1, "arm-v5.7", { "zimage", "arm-kernel" } },
	{ TRIXIE, 0, "arm64-v6.0", { "trans-pgd", "hypervisor", "initial", "kvm-host" } },
	{ TRIXIE, 1, "arm-v5.7", { "zimage", "arm-kernel" } },
	{ SID, 0, "arm64-v6.19", { "trans-pgd", "hypervisor", "initial", "kvm-host" } },
	{ SID, 1, "arm-v5.7", { "zimage", "arm-kernel" } },
};

/*
 * check --scan with no profile, kind or waiver: every image passes (exit
 * 0), and its report names each stub's kind and profile, in the matrix
 * and in each stub's own report. 100 random cases per function, not the
 * default 1000: eight images of up to four stubs each would take 20 s of
 * the suite's time at 1000; the fixed cases and the bookworm tests above
 * (at 200) cover the rest.
 */
static void test_every_image(void **state)
{
	static char json[OUT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(holds) / sizeof(holds[0]); i++) {
		const char *image = kernels[holds[i].suite][holds[i].arch];
		char *check[] = { HYPABI_BIN, "check", "--scan", "--random", "100", "--format",
				  "json", (char *)image, NULL };
		const char *row, *stub;
		size_t n = 0;

		while (n < 5 && holds[i].kinds[n])
			n++;
		if (test_capture(check, json, sizeof(json), NULL, 0) != 0)
			fail_msg("%s: check --scan did not pass:\n%.2000s", image, json);
		assert_non_null(strstr(json, "\"verdict\": \"pass\",\n  \"stubs\""));
		assert_int_equal(count(json, "\n    { \"stub\": \""), n);
		assert_int_equal(count(json, "\"waived\": 0,"), n);
		row = strstr(json, "\"matrix\": [");
		stub = json;
		assert_non_null(row);
		for (size_t k = 0; k < n; k++) {
			char want[128], line[1024];

			/* The matrix row: the stub's offset and its kind, in offset order. */
			row = strstr(row, "\n    { \"stub\": \"");
			assert_non_null(row);
			row++;
			snprintf(want, sizeof(want), "\", \"role\": \"%s\",", holds[i].kinds[k]);
			snprintf(line, sizeof(line), "%.*s", (int)strcspn(row, "\n"), row);
			if (!strstr(line, want) || strstr(line, "\"fail\""))
				fail_msg("%s: matrix row %zu is not a passing %s:\n%s", image, k,
					 holds[i].kinds[k], line);
			/* The stub's report: the same kind, and its era. */
			snprintf(want, sizeof(want), "\"profile\": \"%s\", \"role\": \"%s\"",
				 holds[i].profile, holds[i].kinds[k]);
			stub = strstr(stub, want);
			if (!stub)
				fail_msg("%s: no report %zu with %s", image, k, want);
			stub++;
		}
		/* 5.10's host vectors reach KVM's handler through the booted kernel's state. */
		if (holds[i].suite == BULLSEYE && holds[i].arch == 0)
			assert_non_null(strstr(json, "\"role\": \"kvm-host\",\n  \"profile_why\": "));
		if (holds[i].suite == BULLSEYE && holds[i].arch == 0) {
			char line[1024];

			assert_true(line_of(json, "\"provided\": \"as the booted kernel has it: ", line,
					    sizeof(line)));
			assert_non_null(strstr(line, "kimage_voffset at +0x"));
		}
	}
}

/*
 * The vector base of the image's stub of kind `role` (the matrix names
 * it), as an offset from the start of the file; -1 if none or not in it.
 */
static long stub_offset(const char *json, const char *role)
{
	char want[64], line[1024];
	const char *p;

	snprintf(want, sizeof(want), "\", \"role\": \"%s\",", role);
	p = strstr(json, "\"matrix\": [");
	if (!p || !line_of(p, want, line, sizeof(line)) ||
	    strncmp(line, "    { \"stub\": \"+0x", 18) != 0)
		return -1;
	return strtol(line + 18, NULL, 16);
}

/*
 * Find the one instruction `word` in image[from, to) (little-endian,
 * aligned): its offset. The range is the stub's own code, so a word that
 * is not there once, exactly, fails the test rather than mutating the
 * wrong place.
 */
static size_t find_insn(const uint8_t *image, size_t len, long from, long to, uint32_t word)
{
	size_t found = 0, at = 0;

	assert_true(from >= 0 && to > from && (size_t)to <= len);
	for (size_t off = (size_t)from; off + 4 <= (size_t)to; off += 4) {
		uint32_t w;

		memcpy(&w, image + off, sizeof(w));
		if (w == word)
			found++, at = off;
	}
	if (found != 1)
		fail_msg("0x%08x: %zu times in [+0x%lx, +0x%lx), not once", word, found, from, to);
	return at;
}

/*
 * Change one instruction of the stub of kind `role` in a copy of image:
 * `word`, found in [vectors + from, vectors + to), becomes `with`. Then
 * check --scan must fail (exit 1) in that stub, and its matrix row must
 * fail exactly function `fn` by rule `rule`, every other function as
 * before.
 */
static void mutate(const char *image, const char *role, long from, long to, uint32_t word,
		   uint32_t with, const char *fn, const char *rule, const char *still_pass)
{
	static char json[OUT_MAX];
	char *check[] = { HYPABI_BIN, "check", "--scan", "--random", "50", "--format", "json",
			  (char *)image, NULL };
	char want[128], line[1024], name[64], cell[160];
	size_t len, at;
	uint8_t *bytes;
	long vectors;

	check[4] = "0";	/* where the stub is: its kind's matrix row; the fixed cases suffice */
	assert_int_equal(test_capture(check, json, sizeof(json), NULL, 0), 0);
	check[4] = "50";
	vectors = stub_offset(json, role);
	assert_true(vectors > 0);
	bytes = test_read_file(image, &len);
	at = find_insn(bytes, len, vectors + from, vectors + to, word);
	memcpy(bytes + at, &with, sizeof(with));
	snprintf(name, sizeof(name), "mutated-%s-%lx", role, (long)at);
	check[7] = (char *)test_write_file(name, bytes, len);
	free(bytes);

	assert_int_equal(test_capture(check, json, sizeof(json), NULL, 0), 1);
	snprintf(want, sizeof(want), "{ \"stub\": \"+0x%lx\", \"role\": \"%s\",", vectors, role);
	if (!line_of(json, want, line, sizeof(line)))
		fail_msg("no matrix row %s after +0x%zx changed", want, at);
	snprintf(cell, sizeof(cell), "\"%s\": { \"verdict\": \"fail\", \"rules\": [", fn);
	if (!strstr(line, cell) || !strstr(strstr(line, cell), rule))
		fail_msg("+0x%zx changed: %s does not fail %s:\n%s", at, fn, rule, line);
	snprintf(cell, sizeof(cell), "\"%s\": { \"verdict\": \"pass\"", still_pass);
	if (!strstr(line, cell))
		fail_msg("+0x%zx changed: %s no longer passes:\n%s", at, still_pass, line);
	/* Only that stub fails. */
	assert_int_equal(count(strstr(json, "\"matrix\": ["), "\"verdict\": \"fail\""), 1);
}

#define EL2_CALL_PASS	"\"case\": \"from-el2\", \"rule\": \"el2-call.handled\", " \
			"\"severity\": \"required\", \"status\": \"pass\""

/*
 * 5.10's boot stub spins at +0x200 (ABI-HISTORY.md s1: `b .`), which its
 * era allows: on the core with VHE every call from EL2 is not reached,
 * none passes, and the image still passes.
 */
static void test_el2_calls_v5_10(void **state)
{
	static char json[OUT_MAX];
	const char *image = kernels[BULLSEYE][0];
	char *max[] = { HYPABI_BIN, "check", "--scan", "--cpu", "max", "--random", "20",
			"--format", "json", (char *)image, NULL };

	(void)state;
	if (test_capture(max, json, sizeof(json), NULL, 0) != 0)
		fail_msg("%s: check --scan --cpu max did not pass:\n%.2000s", image, json);
	/* SET_VECTORS, SOFT_RESTART, RESET_VECTORS and an unknown number. */
	assert_int_equal(count(json, "\"rule\": \"el2-call.handled\", \"severity\": "
			       "\"required\", \"status\": \"not-reached\""), 4);
	assert_int_equal(count(json, "allowed in hyp-abi (handled from v5.13)"), 4);
	assert_int_equal(count(json, EL2_CALL_PASS), 0);
}

/*
 * Where check --scan's matrix puts the image's stub of kind `role`: its
 * --vectors word ("+0x..", "payload+0x.."), into buf; false if none.
 */
static bool kind_at(const char *json, const char *role, char *buf, size_t len)
{
	char want[64], line[1024];
	const char *p = strstr(json, "\"matrix\": [");

	snprintf(want, sizeof(want), "\", \"role\": \"%s\",", role);
	if (!p || !line_of(p, want, line, sizeof(line)) || !strstr(line, "{ \"stub\": \""))
		return false;
	p = strstr(line, "{ \"stub\": \"") + 11;
	snprintf(buf, len, "%.*s", (int)strcspn(p, "\""), p);
	return true;
}

/* The image's stubs of kinds first and second run sequence `name`, which must pass. */
static void sequence_passes(const char *image, const char *json, const char *name,
			    const char *first, const char *second, const char *load)
{
	static char text[OUT_MAX];
	char v1[48], v2[48];
	char *check[16] = { HYPABI_BIN, "check", "--sequence", (char *)name, "--vectors", v1,
			    "--hypervisor-vectors", v2 };
	int n = 8;

	if (!kind_at(json, first, v1, sizeof(v1)) || !kind_at(json, second, v2, sizeof(v2)))
		fail_msg("%s: no %s and %s stubs for %s", image, first, second, name);
	if (load) {
		check[n++] = "--load";
		check[n++] = (char *)load;
	}
	if (strcmp(name, "random") == 0) {
		check[n++] = "--random";
		check[n++] = "200";
	}
	check[n++] = (char *)image;
	check[n] = NULL;
	if (test_capture(check, text, sizeof(text), NULL, 0) != 0)
		fail_msg("%s: --sequence %s (%s %s, %s %s) fails:\n%.3000s", image, name, first, v1,
			 second, v2, text);
	assert_non_null(strstr(text, "\nPASS: "));
	assert_null(strstr(text, " fail\n"));
}

/*
 * check --scan --sequence all on image (and extra, an option and its
 * value, or NULL) passes, having run exactly the sequences names[0..n).
 */
static void scan_sequences_pass(const char *image, const char *extra, const char *value,
				const char *const *names, int n)
{
	static char text[OUT_MAX];
	char *check[10] = { HYPABI_BIN, "check", "--scan", "--sequence", "all" };
	int k = 5;

	if (extra) {
		check[k++] = (char *)extra;
		check[k++] = (char *)value;
	}
	check[k++] = (char *)image;
	check[k] = NULL;
	if (test_capture(check, text, sizeof(text), NULL, 0) != 0)
		fail_msg("%s: check --scan --sequence all fails:\n%.4000s", image, text);
	assert_int_equal(count(text, "\nPASS: "), n);
	assert_int_equal(count(text, ": sequence "), n);
	for (int i = 0; i < n; i++) {
		char want[64];

		snprintf(want, sizeof(want), ": sequence %s\n", names[i]);
		if (!strstr(text, want))
			fail_msg("%s: sequence %s did not run:\n%.4000s", image, names[i], text);
	}
}

/*
 * The sequences that apply to each image pass, found by --scan: on arm64
 * KVM's teardown (with its EL2 MMU off and on) between the boot stub and
 * KVM's hyp-init, and kexec through trans_pgd (v5.16+); on arm the
 * decompressor installing the kernel's vectors, whose stub restarts (the
 * zImage placed past the kernel it decompresses, as a boot loader places
 * it). And 200 random sequences of each arm64 boot stub and hyp-init.
 */
static void test_sequences(void **state)
{
	static const char *const arm64_seqs[] = { "kvm-teardown", "kvm-teardown-mmu",
						  "kexec-trans-pgd" };
	static const char *const arm_seqs[] = { "arm-decompressor" };
	static char json[OUT_MAX];

	(void)state;
	for (int s = 0; s < SUITES; s++) {
		char *scan[] = { HYPABI_BIN, "check", "--scan", "--random", "0", "--format", "json",
				 kernels[s][0], NULL };

		/* trans_pgd's stub came in v5.16: not in bullseye's 5.10. */
		scan_sequences_pass(kernels[s][0], NULL, NULL, arm64_seqs, s == BULLSEYE ? 2 : 3);
		scan_sequences_pass(kernels[s][1], "--load", "0x42000000", arm_seqs, 1);
		assert_int_equal(test_capture(scan, json, sizeof(json), NULL, 0), 0);
		sequence_passes(kernels[s][0], json, "random", "initial", "hypervisor", NULL);
	}
}

/*
 * FINALISE_EL2 of the 6.1, 6.12 and 7.2 boot stubs on the core with VHE
 * (--cpu max): every rule of the switch judged and passed, in that stub
 * alone (KVM's and trans_pgd's answer HVC_STUB_ERR), on every call; the
 * EL2-MMU-on call answered HVC_STUB_ERR. On the A57 the boot stub answers
 * HVC_STUB_ERR and no switch rule is judged.
 */
static void test_finalise_el2(void **state)
{
	static const char *const switch_rules[] = {
		"finalise-el2.vhe", "finalise-el2.return", "finalise-el2.sp",
		"finalise-el2.el2-regs", "finalise-el2.el1-mmu-off",
	};
	static const int eras[] = { BOOKWORM, TRIXIE, SID };
	/* The boot stub's functions (unknown numbers too): 7.2 has GET_ICH_VTR_EL2 as well. */
	static const int boot_functions[] = { 5, 5, 6 };
	static char json[OUT_MAX];
	char off[48];

	(void)state;
	for (size_t i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		const char *image = kernels[eras[i]][0];
		char *max[] = { HYPABI_BIN, "check", "--scan", "--cpu", "max", "--random", "20",
				"--format", "json", (char *)image, NULL };
		char *a57[] = { HYPABI_BIN, "check", "--scan", "--random", "20", "--format", "json",
				(char *)image, NULL };

		if (test_capture(max, json, sizeof(json), NULL, 0) != 0)
			fail_msg("%s: check --scan --cpu max did not pass:\n%.2000s", image, json);
		for (size_t r = 0; r < sizeof(switch_rules) / sizeof(switch_rules[0]); r++) {
			char want[160];
			const char *at;

			snprintf(want, sizeof(want), "\"rule\": \"%s\", \"severity\": \"required\", "
				 "\"status\": \"pass\"", switch_rules[r]);
			if (count(json, want) != 1)
				fail_msg("%s on max: %s passed in %d stubs, wanted the boot stub's",
					 image, switch_rules[r], count(json, want));
			at = strstr(json, want);
			if (!strstr(at, "\"not-reached\": 0 }") ||
			    strstr(at, "\"not-reached\": 0 }") > strchr(at, '\n'))
				fail_msg("%s on max: %s not reached on some call", image,
					 switch_rules[r]);
		}
		assert_true(count(json, "\"rule\": \"finalise-el2.error\", \"severity\": "
				  "\"required\", \"status\": \"pass\"") >= 1);
		/*
		 * An hvc from EL2 itself (+0x200, HCR_EL2.E2H and TGE set): the boot
		 * stub handles it in every function, judged as from EL1 (v5.13+),
		 * and it is the only stub given such a call.
		 */
		assert_int_equal(count(json, EL2_CALL_PASS), boot_functions[i]);
		assert_int_equal(count(json, "\"rule\": \"el2-call.handled\""), boot_functions[i]);
		/* And QEMU's max (SVE and SME off, as hypabi's) ends every call the same. */
		initial_stub(json, off, sizeof(off));
		crosscheck_on(image, off, "initial", "max");
		if (test_capture(a57, json, sizeof(json), NULL, 0) != 0)
			fail_msg("%s: check --scan did not pass:\n%.2000s", image, json);
		assert_int_equal(count(json, "\"rule\": \"finalise-el2.vhe\""), 0);
		assert_true(count(json, "\"rule\": \"finalise-el2.error\", \"severity\": "
				  "\"required\", \"status\": \"pass\"") >= 1);
	}
}

/*
 * Coverage of the 6.1, 6.12 and 7.2 boot stubs by a default check on the
 * default core (the A57): every block no call runs is named unreachable by
 * design, each with its reason (the SVE, SME, MPAM, GCS and VHE set-up of
 * FINALISE_EL2, gated on ID register fields the A57 has at 0); none is
 * left "not covered". Checked in the JSON, then in the HTML's annotated
 * disassembly.
 */
static void test_boot_stub_coverage(void **state)
{
	static const int eras[] = { BOOKWORM, TRIXIE, SID };
	static const unsigned int by_design[] = { 16, 29, 38 };
	static char json[OUT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		const char *image = kernels[eras[i]][0];
		char *check[] = { HYPABI_BIN, "check", "--scan", "--format", "json", (char *)image,
				  NULL };
		char *html[] = { HYPABI_BIN, "check", "--scan", "--format", "html", "-o",
				 (char *)test_path("boot.html"), (char *)image, NULL };
		const char *at, *cov, *end;
		char want[64];
		unsigned int unrun = 0, named = 0;

		if (test_capture(check, json, sizeof(json), NULL, 0) != 0)
			fail_msg("%s: check --scan did not pass:\n%.2000s", image, json);
		at = strstr(json, "\"role\": \"initial\"");
		assert_non_null(at);
		cov = strstr(at, "\"coverage\": {");
		end = strstr(at, "\"summary\":");
		assert_true(cov && end && cov < end);
		snprintf(want, sizeof(want), "\"unreachable_by_design\": %u,", by_design[i]);
		if (!strstr(cov, want) || strstr(cov, want) > end)
			fail_msg("%s: the boot stub's coverage does not say %s", image, want);
		for (const char *p = cov; (p = strstr(p, "{ \"address\": ")) && p < end; p++) {
			const char *eol = strchr(p, '\n');

			unrun++;
			at = strstr(p, "\"unreachable_by_design\": \"ID_AA64");
			named += at && at < eol && strstr(at, " on a57: the cbz at 0x") < eol;
		}
		if (unrun != by_design[i] || named != unrun)
			fail_msg("%s: the boot stub left %u blocks unrun, %u named by design",
				 image, unrun, named);
		assert_int_equal(test_run(html, NULL, NULL), 0);
		{
			FILE *f = fopen(test_path("boot.html"), "r");
			size_t n;

			assert_non_null(f);
			n = fread(json, 1, sizeof(json) - 1, f);
			json[n] = '\0';
			fclose(f);
		}
		assert_true(count(json, "<tr class=\"unrun by-design block\">") >= (int)by_design[i]);
		assert_non_null(strstr(json, "<br>unreachable by design: ID_AA64PFR0_EL1.SVE = 0 on a57"));
	}
}

/* A changed instruction in a real stub's required path fails that stub and function. */
static void test_mutations(void **state)
{
	(void)state;
	/*
	 * 5.10's boot stub (its handler at vectors + 0x800): SET_VECTORS's
	 * `msr vbar_el2, x1` (0xd51cc001) becomes a nop (0xd503201f).
	 */
	mutate(kernels[BULLSEYE][0], "initial", 0x800, 0x1000, 0xd51cc001, 0xd503201f,
	       "SET_VECTORS", "\"set-vectors.vbar\"", "SOFT_RESTART");
	/*
	 * 7.2's boot stub: GET_ICH_VTR_EL2's `mrs x1, ich_vtr_el2` (0xd53ccb21)
	 * reads ICH_HCR_EL2 instead (0xd53ccb01), a register of the GICv3 CPU
	 * interface that hypabi does not supply: UNDEFINED, a fault at EL2.
	 */
	mutate(kernels[SID][0], "initial", 0x800, 0x1000, 0xd53ccb21, 0xd53ccb01,
	       "GET_ICH_VTR_EL2", "\"no-fault\"", "SET_VECTORS");
	/* ... or reads it into x2 (0xd53ccb22): the answer is not in x1. */
	mutate(kernels[SID][0], "initial", 0x800, 0x1000, 0xd53ccb21, 0xd53ccb22,
	       "GET_ICH_VTR_EL2", "\"get-ich-vtr.value\"", "SET_VECTORS");
	/*
	 * 6.1's zImage decompressor stub (its handler just before its 32-byte
	 * vectors): SET_VECTORS's `mcr p15, 4, r1, c12, c0, 0` (HVBAR = r1,
	 * 0xee8c1f10) becomes a nop (0xe320f000).
	 */
	mutate(kernels[BOOKWORM][1], "zimage", -0x100, 0x100, 0xee8c1f10, 0xe320f000,
	       "SET_VECTORS", "\"set-vectors.vbar\"", "SOFT_RESTART");
}

int main(int argc, char **argv)
{
	static char out[4096], err[4096];
	char *fetch[] = { HYPABI_FETCH, "--suite", "bullseye,bookworm,trixie,sid", NULL, NULL };
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arm64_image),
		cmocka_unit_test(test_arm_zimage),
		cmocka_unit_test(test_every_image),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_finalise_el2),
		cmocka_unit_test(test_boot_stub_coverage),
		cmocka_unit_test(test_sequences),
		cmocka_unit_test(test_el2_calls_v5_10),
		cmocka_unit_test(test_crosscheck),
		cmocka_unit_test(test_banners),
	};
	char missing[256] = "";
	char *line;
	int rc;

	if (test_make_tmpdir(NULL))
		return 1;
	if (getenv("HYPABI_CACHE"))
		fetch[3] = getenv("HYPABI_CACHE");
	rc = test_capture(fetch, out, sizeof(out), err, sizeof(err));
	/* One line per image: SUITE ARCH PATH. */
	for (line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
		for (int s = 0; s < SUITES; s++)
			for (int a = 0; a < 2; a++) {
				char prefix[32];

				snprintf(prefix, sizeof(prefix), "%s %s ", suites[s],
					 a ? "arm" : "arm64");
				if (strncmp(line, prefix, strlen(prefix)) == 0)
					snprintf(kernels[s][a], sizeof(kernels[s][a]), "%s",
						 line + strlen(prefix));
			}
	for (int s = 0; s < SUITES; s++)
		for (int a = 0; a < 2; a++)
			if (!kernels[s][a][0])
				snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
					 " %s/%s", suites[s], a ? "arm" : "arm64");
	snprintf(kernel_arm64, sizeof(kernel_arm64), "%s", kernels[BOOKWORM][0]);
	snprintf(kernel_arm, sizeof(kernel_arm), "%s", kernels[BOOKWORM][1]);
	if (rc != 0 || missing[0]) {
		printf("SKIP: Debian's kernel packages could not be downloaded "
		       "(tools/fetch-debian-kernels exited %d; missing:%s); the real tier did not "
		       "run\n%s", rc, missing[0] ? missing : " none", err);
		test_remove_tmpdir(NULL);
		return SKIP_CODE;
	}
	printf("kernels:\n%s", "");
	for (int s = 0; s < SUITES; s++)
		printf("  %s: %s, %s\n", suites[s], kernels[s][0], kernels[s][1]);
	rc = test_run_group("real", tests, sizeof(tests) / sizeof(tests[0]), argc, argv, NULL, NULL);
	return test_remove_tmpdir(NULL) ? 1 : rc;
}

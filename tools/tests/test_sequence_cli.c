/*
 * hypabi check --sequence / trace --sequence / sequences, end to end: a
 * named sequence on the reference boot stub and the conforming
 * hypervisor passes (exit 0) in every format, JSON valid against the
 * schema, JUnit one testcase per step; a control fails (exit 1) with a
 * shrunk sequence whose printed replay line, run as printed, fails again
 * and whose trace line traces the last call (arm64 and arm); --scan
 * --sequence in every format, passing and failing; arm's kvm-teardown and
 * arm-decompressor; a control that fails sequence.model alone; mistakes
 * are usage errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#define EXIT_PASS	0
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define HYP_OFFSET	0x100000u	/* stubs/CMakeLists.txt: SEQ_HYP_BASE - STUB_BASE */

static char out[1 << 16], err[4096];

/* hypabi with the arguments up to a NULL; its exit status, output in out and err. */
static int hypabi(const char *arg, ...)
{
	char *argv[16] = { HYPABI_BIN };
	unsigned int n = 1;
	va_list ap;

	va_start(ap, arg);
	for (const char *a = arg; a && n < 15; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	return test_capture(argv, out, sizeof(out), err, sizeof(err));
}

static const char *stub(const char *name)
{
	return test_stub("arm64", name, true);
}

static int count(const char *needle)
{
	int n = 0;

	for (const char *p = strstr(out, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void test_list(void **state)
{
	(void)state;
	assert_int_equal(hypabi("sequences", NULL), EXIT_PASS);
	assert_non_null(strstr(out, "kvm-teardown"));
	assert_non_null(strstr(out, "kvm-teardown-mmu"));
	assert_non_null(strstr(out, "kexec-trans-pgd"));
	assert_non_null(strstr(out, "arm-decompressor"));
	assert_non_null(strstr(out, "random"));
	assert_int_equal(hypabi("rules", NULL), EXIT_PASS);
	assert_non_null(strstr(out, "sequence.model"));
}

static void test_named_passes(void **state)
{
	const char *hyp = stub("seq_hypervisor");
	char boot[512];

	(void)state;
	snprintf(boot, sizeof(boot), "%s", stub("hyp_stub"));
	assert_int_equal(hypabi("check", "--sequence", "kvm-teardown-mmu", "--hypervisor", hyp, boot,
				NULL), EXIT_PASS);
	assert_non_null(strstr(out, "RESET_VECTORS+mmu#1"));
	assert_non_null(strstr(out, "PASS:"));
	assert_int_equal(count(" pass\n"), 4);
	/* JUnit: one testcase per step, valid against the schema. */
	assert_int_equal(hypabi("check", "--sequence", "kvm-teardown", "--hypervisor", hyp,
				"--format", "junit", boot, NULL), EXIT_PASS);
	assert_int_equal(count("<testcase "), 4);
	assert_non_null(strstr(out, "step 2: RESET_VECTORS#1 (second)"));
	test_write_file("s.xml", out, strlen(out));
	{
		char *argv[] = { "xmllint", "--noout", "--schema", REPORTS_DIR "/junit.xsd",
				 (char *)test_path("s.xml"), NULL };

		assert_int_equal(test_run(argv, NULL, NULL), 0);
	}
	assert_int_equal(hypabi("check", "--sequence", "kvm-teardown", "--hypervisor", hyp,
				"--format", "json", boot, NULL), EXIT_PASS);
	assert_non_null(strstr(out, "\"sequence\": {"));
	assert_int_equal(count("\"handed_back\""), 4);
	test_write_file("s.json", out, strlen(out));
	{
		char *argv[] = { "/usr/bin/python3", "-m", "jsonschema", "-i",
				 (char *)test_path("s.json"), REPORTS_DIR "/report.schema.json", NULL };

		assert_int_equal(test_run(argv, NULL, NULL), 0);
	}
	assert_int_equal(hypabi("check", "--sequence", "kvm-teardown", "--hypervisor", hyp,
				"--format", "md", boot, NULL), EXIT_PASS);
	assert_int_equal(count("\n| "), 5);
}

/* The line after `label` in out, up to its end, into buf. */
static void line_after(const char *label, char *buf, size_t len)
{
	const char *p = strstr(out, label);
	size_t n;

	assert_non_null(p);
	p += strlen(label);
	n = strcspn(p, "\n");
	assert_true(n < len);
	memcpy(buf, p, n);
	buf[n] = '\0';
}

/*
 * `hypabi check --sequence random` on arch's seq_save_vbar: it fails,
 * shrunk to at most 3 calls, by sequence.model; the replay line, run as
 * printed, fails again, and the trace line traces the last call, which
 * writes the vector base (`vbar_write` in the trace).
 */
static void control_fails_and_replays(const char *arch, const char *vbar_write)
{
	char replay[2048], trace[2048], cmd[4096], shrunk[128];
	char *sh[] = { "/bin/sh", "-c", cmd, NULL };
	unsigned int had, n;

	assert_int_equal(hypabi("check", "--sequence", "random", "--random", "200",
				test_stub(arch, "seq_save_vbar", true), NULL), EXIT_FAIL);
	line_after("shrunk:  ", shrunk, sizeof(shrunk));
	assert_int_equal(sscanf(shrunk, "the failing sequence had %u calls; the shortest that "
				"still fails has %u", &had, &n), 2);
	assert_true(n <= 3 && n <= had);
	assert_non_null(strstr(out, "sequence.model           fail"));
	line_after("replay:  ", replay, sizeof(replay));
	line_after("trace:   ", trace, sizeof(trace));
	assert_non_null(strstr(replay, "--arch "));
	assert_non_null(strstr(replay, arch));
	/* The replay line, run as printed (hypabi is the binary built here), fails again. */
	snprintf(cmd, sizeof(cmd), "%s%s >/dev/null", HYPABI_BIN, replay + strlen("hypabi"));
	assert_int_equal(test_run(sh, NULL, NULL), EXIT_FAIL);
	snprintf(cmd, sizeof(cmd), "%s%s > %s", HYPABI_BIN, trace + strlen("hypabi"),
		 test_path("trace.txt"));
	assert_int_equal(test_run(sh, NULL, NULL), EXIT_FAIL);
	test_slurp(test_path("trace.txt"), out, sizeof(out));
	assert_non_null(strstr(out, "hypabi trace: the last call of"));
	assert_non_null(strstr(out, vbar_write));
}

static void test_control_fails_and_replays(void **state)
{
	(void)state;
	control_fails_and_replays("arm64", "msr vbar_el2");
	control_fails_and_replays("arm", "HVBAR ");
}

/*
 * A raw blob of arch's stub `first` (the reference boot stub) and, 1 MiB
 * above it, `hyp` (linked there; a hypervisor restores the boot stub's
 * vectors at the default load address), written as `name`: its path.
 */
static const char *two_stub_blob(const char *arch, const char *first, const char *hyp,
				 const char *name)
{
	size_t lb, lh;
	uint8_t *boot = test_read_file(test_stub(arch, first, false), &lb);
	uint8_t *h = test_read_file(test_stub(arch, hyp, false), &lh);
	static uint8_t blob[HYP_OFFSET + 0x1000];
	const char *path;

	assert_true(lb <= HYP_OFFSET && lh <= sizeof(blob) - HYP_OFFSET);
	memset(blob, 0, sizeof(blob));
	memcpy(blob, boot, lb);
	memcpy(blob + HYP_OFFSET, h, lh);
	path = test_write_file(name, blob, HYP_OFFSET + lh);
	free(boot);
	free(h);
	return path;
}

/* out, written as file, valid against JUnit's schema (xml) or the JSON report's. */
static void valid(const char *file, bool xml)
{
	const char *path = test_write_file(file, out, strlen(out));
	char *xmllint[] = { "xmllint", "--noout", "--schema", REPORTS_DIR "/junit.xsd",
			    (char *)path, NULL };
	char *jsonschema[] = { "/usr/bin/python3", "-m", "jsonschema", "-i", (char *)path,
			       REPORTS_DIR "/report.schema.json", NULL };

	assert_int_equal(test_run(xml ? xmllint : jsonschema, NULL, NULL), 0);
}

/*
 * check --scan --sequence all on the blob of the boot stub and the
 * conforming hypervisor: the scan finds both, by kind, and runs the
 * sequences whose two kinds they are, once each, their reports one
 * document in every format.
 */
static void test_scan_runs_sequences(void **state)
{
	const char *path = two_stub_blob("arm64", "hyp_stub", "seq_hypervisor", "two.bin");

	(void)state;
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", path, NULL), EXIT_PASS);
	assert_non_null(strstr(out, "sequence kvm-teardown\n"));
	assert_non_null(strstr(out, "sequence kvm-teardown-mmu\n"));
	assert_null(strstr(out, "kexec-trans-pgd"));
	assert_int_equal(count("\nPASS: "), 2);
	assert_int_equal(hypabi("check", "--scan", "--sequence", "kexec-trans-pgd", path, NULL),
			 EXIT_FAIL);
	assert_non_null(strstr(out, "no sequence"));
	/* JSON: one object, each sequence's report (its table of 4 steps) in "sequences". */
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", "--format", "json", path,
				NULL), EXIT_PASS);
	valid("scan.json", false);
	assert_non_null(strstr(out, "\"image\": "));
	assert_non_null(strstr(out, "\"sequences\": ["));
	assert_int_equal(count("\"sequence\": {"), 2);
	assert_int_equal(count("\"name\": \"kvm-teardown\""), 1);
	assert_int_equal(count("\"name\": \"kvm-teardown-mmu\""), 1);
	assert_int_equal(count("\"handed_back\""), 8);
	assert_int_equal(count("\"call\": \"RESET_VECTORS+mmu#1\", \"function\": "
			       "\"RESET_VECTORS\", \"by\": \"second\""), 1);
	/* JUnit: a testsuite a sequence, a testcase a step. */
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", "--format", "junit", path,
				NULL), EXIT_PASS);
	valid("scan.xml", true);
	assert_int_equal(count("<testsuites "), 1);
	assert_int_equal(count("<testsuite "), 2);
	assert_int_equal(count("<testcase "), 8);
	assert_non_null(strstr(out, "tests=\"8\" failures=\"0\""));
	assert_non_null(strstr(out, "name=\"step 2: RESET_VECTORS+mmu#1 (second)\""));
	/* HTML: one page, a table a sequence, a row a step. */
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", "--format", "html", path,
				NULL), EXIT_PASS);
	assert_int_equal(strncmp(out, "<!DOCTYPE html>", 15), 0);
	assert_int_equal(count("<html>"), 1);
	assert_int_equal(count("</html>"), 1);
	assert_int_equal(count("<table>"), 2);
	assert_int_equal(count("<tr><td>"), 8);
	assert_non_null(strstr(out, "<td>RESET_VECTORS+mmu#1</td><td>second</td><td>hypervisor"
				    "</td><td>pass</td>"));
	/* Markdown: each table in turn. */
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", "--format", "md", path,
				NULL), EXIT_PASS);
	assert_int_equal(count("# Sequence kvm-teardown"), 2);
	assert_int_equal(count("\n| 2 | RESET_VECTORS"), 2);
	assert_int_equal(count("| pass |"), 8);
	/* No sequence applies: an empty document, and why on stderr. */
	assert_int_equal(hypabi("check", "--scan", "--sequence", "kexec-trans-pgd", "--format",
				"json", path, NULL), EXIT_FAIL);
	valid("none.json", false);
	assert_non_null(strstr(out, "\"sequences\": []"));
	assert_non_null(strstr(err, "no sequence"));
}

/*
 * The same with a hypervisor whose RESET_VECTORS restores its own vectors:
 * both sequences fail at step 2 and in the two steps after it, which its
 * vectors take, in every format, the failing rules named.
 */
static void test_scan_sequences_fail(void **state)
{
	const char *path = two_stub_blob("arm64", "hyp_stub", "seq_own_reset", "own.bin");

	(void)state;
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", path, NULL), EXIT_FAIL);
	assert_int_equal(count("\nFAIL: "), 2);
	assert_non_null(strstr(out, "reset-vectors.vbar"));
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", "--format", "json", path,
				NULL), EXIT_FAIL);
	valid("own.json", false);
	/* The document's, each report's, and steps 2-4 of each. */
	assert_int_equal(count("\"verdict\": \"fail\""), 1 + 2 + 2 * 3);
	assert_int_equal(count("\"rule\": \"sequence.model\", \"severity\": \"required\", "
			       "\"status\": \"fail\""), 2 * 3);
	assert_int_equal(count("\"rule\": \"reset-vectors.vbar\", \"severity\": \"required\", "
			       "\"status\": \"fail\""), 2);
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", "--format", "junit", path,
				NULL), EXIT_FAIL);
	valid("own.xml", true);
	assert_int_equal(count("<testcase "), 8);
	assert_non_null(strstr(out, "tests=\"8\" failures=\"6\""));
	assert_int_equal(count("<failure type=\"reset-vectors.vbar\""), 2);
	assert_int_equal(count("<failure type=\"sequence.model\""), 4);
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", "--format", "html", path,
				NULL), EXIT_FAIL);
	assert_int_equal(count("<b>FAIL</b>"), 2);
	assert_int_equal(count("reset-vectors.vbar: expected"), 2);
	assert_int_equal(hypabi("check", "--scan", "--sequence", "all", "--format", "md", path,
				NULL), EXIT_FAIL);
	assert_int_equal(count("**FAIL**"), 2);
	assert_int_equal(count("\n| 2 | RESET_VECTORS"), 2);
}

/*
 * arm: kvm-teardown of the reference boot stub with the conforming
 * hypervisor passes and with seq_own_reset fails at its RESET_VECTORS;
 * arm-decompressor (path d) of the zImage's and the kernel proper's
 * stubs passes, named and found by --scan in a blob of the two, in every
 * format.
 */
static void test_arm_sequences(void **state)
{
	char boot[512], zimage[512];
	const char *path;

	(void)state;
	snprintf(boot, sizeof(boot), "%s", test_stub("arm", "hyp_stub", true));
	assert_int_equal(hypabi("check", "--sequence", "kvm-teardown-mmu", "--hypervisor",
				test_stub("arm", "seq_hypervisor", true), "--hypervisor-vectors",
				"seq_stub_vectors", boot, NULL), EXIT_PASS);
	assert_non_null(strstr(out, "arch arm,"));
	assert_non_null(strstr(out, "2    RESET_VECTORS+mmu#1              second   hypervisor     "
				    "pass\n"));
	assert_int_equal(hypabi("check", "--sequence", "kvm-teardown", "--hypervisor",
				test_stub("arm", "seq_own_reset", true), "--hypervisor-vectors",
				"seq_stub_vectors", "--format", "junit", boot, NULL), EXIT_FAIL);
	valid("arm-own.xml", true);
	assert_non_null(strstr(out, "name=\"step 2: RESET_VECTORS#1 (second)\">\n      "
				    "<failure type=\"reset-vectors.vbar\""));
	snprintf(zimage, sizeof(zimage), "%s", test_stub("arm", "seq_zimage", true));
	assert_int_equal(hypabi("check", "--profile", "arm-v5.7", "--sequence", "arm-decompressor",
				"--hypervisor", test_stub("arm", "seq_arm_kernel", true),
				"--hypervisor-vectors", "seq_stub_vectors", zimage, NULL), EXIT_PASS);
	assert_non_null(strstr(out, "1    SET_VECTORS(second)#0            first    zimage         "
				    "pass\n2    SOFT_RESTART#1                   second   "
				    "arm-kernel     pass\n"));
	path = two_stub_blob("arm", "seq_zimage", "seq_arm_kernel", "zk.bin");
	assert_int_equal(hypabi("check", "--arch", "arm", "--profile", "arm-v5.7", "--scan",
				"--sequence", "all", path, NULL), EXIT_PASS);
	assert_int_equal(count(": sequence "), 1);
	assert_non_null(strstr(out, "sequence arm-decompressor\n"));
	assert_non_null(strstr(out, "(zimage)"));
	assert_non_null(strstr(out, "(arm-kernel)"));
	assert_int_equal(hypabi("check", "--arch", "arm", "--profile", "arm-v5.7", "--scan",
				"--sequence", "all", "--format", "json", path, NULL), EXIT_PASS);
	valid("zk.json", false);
	assert_int_equal(count("\"name\": \"arm-decompressor\""), 1);
	assert_int_equal(count("\"by\": \"second\", \"kind\": \"arm-kernel\""), 1);
	assert_int_equal(hypabi("check", "--arch", "arm", "--profile", "arm-v5.7", "--scan",
				"--sequence", "all", "--format", "junit", path, NULL), EXIT_PASS);
	valid("zk.xml", true);
	assert_int_equal(count("<testcase classname=\"hypabi.sequence.arm-decompressor\""), 2);
	assert_int_equal(hypabi("check", "--arch", "arm", "--profile", "arm-v5.7", "--scan",
				"--sequence", "all", "--format", "html", path, NULL), EXIT_PASS);
	assert_int_equal(count("<tr><td>"), 2);
	assert_int_equal(hypabi("check", "--arch", "arm", "--profile", "arm-v5.7", "--scan",
				"--sequence", "all", "--format", "md", path, NULL), EXIT_PASS);
	assert_non_null(strstr(out, "| 2 | SOFT_RESTART#1 | second | arm-kernel | pass |"));
}

/*
 * seq_refuse_installs (a hypervisor whose SET_VECTORS installs the vectors
 * and answers HVC_STUB_ERR) passes check alone and fails a sequence by
 * sequence.model only: one failed result in the JSON report, that rule's;
 * its counterpart, seq_hyp_set_vectors, passes the same steps.
 */
static void model_alone(const char *arch)
{
	char boot[512];
	const char *sum;

	snprintf(boot, sizeof(boot), "%s", test_stub(arch, "hyp_stub", true));
	assert_int_equal(hypabi("check", "--kind", "hypervisor", "--vectors", "seq_stub_vectors",
				test_stub(arch, "seq_refuse_installs", true), NULL), EXIT_PASS);
	assert_int_equal(hypabi("check", "--sequence", "SET_VECTORS(second),SET_VECTORS(foreign)",
				"--hypervisor", test_stub(arch, "seq_refuse_installs", true),
				"--hypervisor-vectors", "seq_stub_vectors", "--format", "json", boot,
				NULL), EXIT_FAIL);
	valid("alone.json", false);
	assert_int_equal(count("\"status\": \"fail\""), 1);
	assert_int_equal(count("\"case\": \"step 2: SET_VECTORS(foreign)#1\", \"rule\": "
			       "\"sequence.model\", \"severity\": \"required\", \"status\": "
			       "\"fail\""), 1);
	sum = strstr(out, "\"summary\": { \"pass\": ");
	assert_non_null(sum);
	assert_non_null(strstr(sum, "\"fail\": 1, "));
	assert_true(strstr(sum, "\"fail\": 1, ") < strchr(sum, '}'));
	assert_int_equal(hypabi("check", "--sequence", "SET_VECTORS(second),SET_VECTORS(foreign)",
				"--hypervisor", test_stub(arch, "seq_hyp_set_vectors", true),
				"--hypervisor-vectors", "seq_stub_vectors", boot, NULL), EXIT_PASS);
}

static void test_model_alone(void **state)
{
	(void)state;
	model_alone("arm64");
	model_alone("arm");
}

static void test_usage_errors(void **state)
{
	char boot[512];

	(void)state;
	snprintf(boot, sizeof(boot), "%s", stub("hyp_stub"));
	assert_int_equal(hypabi("check", "--sequence", "kvm-teardown", boot, NULL), EXIT_USAGE);
	assert_non_null(strstr(err, "needs its second stub"));
	assert_int_equal(hypabi("check", "--sequence", "BOGUS#1", boot, NULL),
			 EXIT_USAGE);
	assert_non_null(strstr(err, "'BOGUS'"));
	assert_int_equal(hypabi("check", "--sequence", "kvm-teardown", "--hypervisor", boot, boot,
				NULL), EXIT_USAGE);
	assert_non_null(strstr(err, "overlaps"));
	assert_int_equal(hypabi("trace", "--sequence", "random", boot, NULL),
			 EXIT_USAGE);
	assert_int_equal(hypabi("check", "--sequence", "arm-decompressor", boot, NULL), EXIT_USAGE);
	assert_non_null(strstr(err, "does not apply"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_named_passes),
		cmocka_unit_test(test_control_fails_and_replays),
		cmocka_unit_test(test_scan_runs_sequences),
		cmocka_unit_test(test_scan_sequences_fail),
		cmocka_unit_test(test_arm_sequences),
		cmocka_unit_test(test_model_alone),
		cmocka_unit_test(test_usage_errors),
	};

	return cmocka_run_group_tests(tests, test_make_tmpdir, test_remove_tmpdir);
}

/*
 * FEAT_VHE's register accesses on the 'max' core (sim/arch/aarch64/
 * vhe.c), seen from inside EL2 by the VHE probe (stubs/arm64/
 * vhe_probe.S): with HCR_EL2.E2H set, the *_EL12 names reach EL1's
 * registers and the EL1 names EL2's; on the A57 (no VHE) the probe
 * answers HVC_STUB_ERR. The expected values are the call's own
 * pre-state and what exception entry wrote.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "aarch64/regs.h"
#include "aarch64/sysregs.h"
#include "hyp_abi_defs.h"
#include "image.h"
#include "layout.h"
#include "machine.h"
#include "stub_catalog.h"
#include "vhe_probe.h"

struct vhe_run {
	struct stub_image img;
	struct machine m;
	struct observation o;
	struct call_input in;
};

static const struct arch_desc *arm64(void)
{
	for (unsigned int i = 0; arch_at(i); i++)
		if (strcmp(arch_at(i)->name, "arm64") == 0)
			return arch_at(i);
	return NULL;
}

static void run(struct vhe_run *r, const char *cpu)
{
	const struct arch_desc *arch = arm64();
	const struct stub_entry *e = NULL;
	struct load_options lo = { .load_addr = DEFAULT_LOAD_ADDR, .max_size = 1 << 20 };
	char err[256];

	assert_non_null(arch);
	for (size_t i = 0; i < STUB_CATALOG_COUNT; i++)
		if (strcmp(stub_catalog[i].name, "vhe_probe") == 0)
			e = &stub_catalog[i];
	assert_non_null(e);
	assert_int_equal(image_load(e->elf, &lo, &r->img, err, sizeof(err)), 0);
	assert_int_equal(machine_open_on(&r->m, arch, arch_cpu_by_name(arch, cpu), &r->img,
					 STUB_BASE_ADDR, 1000), 0);
	memset(&r->in, 0, sizeof(r->in));
	r->in.caller.gpr[arch->sp_gpr] = CALLER_STACK + 0x800;
	r->in.caller.pstate = PSTATE_DAIF_MASK;
	assert_int_equal(machine_call(&r->m, &r->in, &r->o), 0);
	assert_int_equal(r->o.end, END_RETURNED);
}

static void done(struct vhe_run *r)
{
	machine_close(&r->m);
	image_free(&r->img);
}

/* Through *_EL12 at EL2 with E2H: EL1's registers, read and written. */
static void check_el12_names(const struct cpu_state *pre, const struct cpu_state *post)
{
	assert_int_equal(post->gpr[0], 0);
	assert_int_equal(post->gpr[2], pre->sysreg[R_SCTLR_EL1]);
	assert_int_equal(post->gpr[3], pre->sysreg[R_VBAR_EL1]);
	assert_int_equal(post->gpr[4], pre->sysreg[R_TTBR1_EL1]);
	assert_int_equal(post->gpr[5], pre->sysreg[R_MAIR_EL1]);
	assert_int_equal(post->gpr[6], pre->sysreg[R_ELR_EL1]);
	assert_int_equal(post->gpr[7], pre->sysreg[R_SPSR_EL1]);
	assert_int_equal(post->gpr[8], pre->sysreg[R_FAR_EL1]);
	/* msr contextidr_el12 wrote EL1's, and an mrs of it reads it back. */
	assert_int_equal(post->gpr[15], PROBE_CONTEXTIDR);
	assert_int_equal(post->sysreg[R_CONTEXTIDR_EL1], PROBE_CONTEXTIDR);
}

/* Through the EL1 names at EL2 with E2H: EL2's registers; EL1's untouched. */
static void check_redirection(const struct observation *o)
{
	const struct cpu_state *pre = &o->pre, *post = &o->post;

	assert_int_equal(post->gpr[10], o->entry_elr);		/* ELR_EL2 */
	assert_int_equal(post->gpr[11], o->entry_syndrome);	/* ESR_EL2 */
	assert_int_equal(post->gpr[12], pre->sysreg[R_VBAR_EL2]);
	assert_int_equal(post->gpr[13], pre->sysreg[R_SCTLR_EL2]);
	assert_int_equal(post->gpr[14], pre->sysreg[R_TCR_EL2]);
	assert_int_equal(post->gpr[16], PROBE_FAR);		/* FAR_EL2 */
	assert_int_equal(post->gpr[18], PROBE_MAIR);		/* MAIR_EL2 */
	assert_int_equal(post->sysreg[R_MAIR_EL2], PROBE_MAIR);
	assert_int_equal(post->sysreg[R_MAIR_EL1], pre->sysreg[R_MAIR_EL1]);
	assert_int_equal(post->sysreg[R_FAR_EL1], pre->sysreg[R_FAR_EL1]);
	/* The probe put E2H back. */
	assert_int_equal(post->sysreg[R_HCR_EL2], pre->sysreg[R_HCR_EL2]);
}

/* The probe on the max core: both kinds of name, as the Arm ARM has them. */
static void test_max_names(void **state)
{
	struct vhe_run r;

	(void)state;
	run(&r, "max");
	check_el12_names(&r.o.pre, &r.o.post);
	check_redirection(&r.o);
	done(&r);
}

/* No VHE on the A57: HVC_STUB_ERR, nothing read or written. */
static void test_a57_has_no_vhe(void **state)
{
	struct vhe_run r;

	(void)state;
	run(&r, "a57");
	assert_int_equal(r.o.post.gpr[0], HVC_STUB_ERR);
	assert_int_equal(r.o.post.gpr[2], 0);
	assert_int_equal(r.o.post.sysreg[R_CONTEXTIDR_EL1], r.o.pre.sysreg[R_CONTEXTIDR_EL1]);
	done(&r);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_max_names),
	cmocka_unit_test(test_a57_has_no_vhe),
};

int main(void)
{
	return cmocka_run_group_tests_name("vhe", tests, NULL, NULL);
}

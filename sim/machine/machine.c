/*
 * The call driver. Unicorn reports the caller's `hvc` through its
 * interrupt hook and does not vector it, so the arch model performs the
 * exception entry (arch_emu.take_hvc / finish_entry); the narrow code
 * hooks below notice where the call ends.
 */
#include "machine.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "layout.h"
#include "qemu_excp.h"

void machine_end(struct machine *m, enum call_end end)
{
	if (m->core.obs->end == END_NONE)
		m->core.obs->end = end;
	uc_emu_stop(m->core.uc);
}

void machine_fault(struct machine *m, enum fault_kind kind, uint64_t pc,
		   uint64_t addr, enum exception_kind exception)
{
	struct observation *o = m->core.obs;

	if (o->end == END_NONE) {
		o->fault = kind;
		o->fault_pc = pc;
		o->fault_addr = addr;
		o->exception = exception;
	}
	machine_end(m, END_FAULT);
}

static uint64_t read_pc(struct machine *m)
{
	return m->core.emu->read_pc(&m->core);
}

/* QEMU's exception numbers, as the observation names them. */
static enum exception_kind exception_of(uint32_t intno)
{
	switch (intno) {
	case QEMU_EXCP_SWI:		return EXC_SVC;
	case QEMU_EXCP_HVC:		return EXC_HVC;
	case QEMU_EXCP_SMC:		return EXC_SMC;
	case QEMU_EXCP_BKPT:		return EXC_BREAKPOINT;
	case QEMU_EXCP_HYP_TRAP:	return EXC_HYP_TRAP;
	case QEMU_EXCP_IRQ:		return EXC_IRQ;
	case QEMU_EXCP_FIQ:		return EXC_FIQ;
	default:			return EXC_OTHER;
	}
}

static void on_interrupt(uc_engine *uc, uint32_t intno, void *user)
{
	struct machine *m = user;
	uint64_t pc = read_pc(m);
	enum exception_kind exception = exception_of(intno);
	enum fault_kind kind;

	(void)uc;
	/* The one exception the harness expects: the caller's own hvc. */
	if (intno == QEMU_EXCP_HVC && !m->entered &&
	    pc == m->caller_hvc + m->arch->hvc_size) {
		m->entered = true;
		m->entry_pending = true;
		if (m->core.emu->take_hvc(&m->core) != 0)
			uc_emu_stop(m->core.uc);
		return;
	}
	switch (intno) {
	case QEMU_EXCP_UDEF:
		/* Unless the arch models it (a system register the core lacks). */
		if (m->core.emu->emulate_undef && m->core.emu->emulate_undef(&m->core, pc)) {
			if (m->core.error)
				uc_emu_stop(m->core.uc);
			return;
		}
		kind = FAULT_UNDEFINED;
		break;
	case QEMU_EXCP_PREFETCH_ABORT:
		kind = FAULT_FETCH;
		break;
	case QEMU_EXCP_DATA_ABORT:
		kind = FAULT_ABORT;
		break;
	case QEMU_EXCP_SWI:
	case QEMU_EXCP_HVC:
	case QEMU_EXCP_SMC:
		/* Reported with PC past the instruction, like the caller's hvc. */
		kind = FAULT_EXCEPTION;
		pc -= m->core.emu->insn_size_before(&m->core, pc, exception);
		break;
	default:
		kind = FAULT_EXCEPTION;
		break;
	}
	machine_fault(m, kind, pc, 0, kind == FAULT_EXCEPTION ? exception : EXC_NONE);
}

static void on_trampoline_done(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct machine *m = user;

	(void)uc, (void)addr, (void)size;
	if (!m->entry_pending)
		return;		/* the stub jumped here itself: let it fault */
	m->entry_pending = false;
	if (m->core.emu->finish_entry(&m->core) != 0)
		uc_emu_stop(m->core.uc);
}

static void on_caller_code(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct machine *m = user;

	(void)uc, (void)size;
	if (!m->entered && addr == m->caller_hvc)
		return;		/* the caller's own hvc, about to run */
	machine_end(m, END_RETURNED);
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void machine_set_wall_budget(struct machine *m, uint64_t ms)
{
	m->wall_budget_ns = ms * 1000000u;
}

void machine_set_ich_vtr(struct machine *m, uint64_t value)
{
	m->core.ich_vtr = value;
}

static bool in_harness_code(uint64_t addr)
{
	return (addr >= CALLER_CODE && addr < CALLER_CODE + CALLER_CODE_SIZE) ||
	       (addr >= TRAMPOLINE && addr < TRAMPOLINE + TRAMPOLINE_SIZE);
}

static void on_block(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct machine *m = user;

	(void)uc;
	if (!m->entered)
		return;
	/*
	 * A SOFT_RESTART landing: seen here, not by a code hook, so the block
	 * Unicorn translates for each new target is as small as it gets. (An
	 * unexecutable pad costs less time, but Unicorn makes an uncached
	 * block for every faulting fetch and never reclaims its code space:
	 * memory grew with every call.)
	 */
	if (addr >= LANDING_PAD && addr < LANDING_PAD + LANDING_PAD_SIZE) {
		machine_end(m, END_LANDED);
		return;
	}
	/* Counted as the architecture counts: T32 instructions are 2 or 4 bytes. */
	if (in_harness_code(addr))
		m->core.obs->insns += size / m->arch->insn_align;
	else {
		m->core.obs->insns += m->core.emu->note_block(&m->core, addr, size);
		if (m->stub_block)
			m->stub_block(m->stub_block_ctx, addr, size);
	}
	if (m->core.obs->insns > m->budget) {
		machine_end(m, END_BUDGET);
	} else if ((++m->blocks & 0x3ff) == 0 && now_ns() - m->call_start_ns > m->wall_budget_ns) {
		/* Looked at every 1024 blocks: the clock is cheap, but not free. */
		m->core.obs->out_of_time = true;
		machine_end(m, END_BUDGET);
	}
}

static bool in_range(uint64_t addr, int size, uint64_t base, uint64_t len)
{
	return addr >= base && addr + (uint64_t)size <= base + len;
}

static void on_write(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
		     int64_t value, void *user)
{
	struct machine *m = user;
	bool in_image;

	(void)uc, (void)type, (void)value;
	if (in_range(addr, size, CALLER_STACK, CALLER_STACK_SIZE) && addr < m->caller_stack_low)
		m->caller_stack_low = addr;
	else if (in_range(addr, size, EL2_STACK, EL2_STACK_SIZE) && addr < m->el2_stack_low)
		m->el2_stack_low = addr;
	if (!m->entered)
		return;
	in_image = image_contains(m->img, addr, (uint64_t)size);
	/* A stack given to the stub is its own memory, as its image is. */
	obs_note_write(m->core.obs, addr, (uint32_t)size,
		       in_image || (m->el2_stack && in_range(addr, size, EL2_STACK, EL2_STACK_SIZE)));
	if (in_image) {
		m->image_dirty = true;
		image_map_note_write(&m->image, addr, (uint64_t)size);
	}
	/* The stacks are the regions the stub may write but not run. */
	if (!in_range(addr, size, CALLER_STACK, CALLER_STACK_SIZE) &&
	    !in_range(addr, size, EL2_STACK, EL2_STACK_SIZE))
		m->core.code_written = true;
	if (m->trace_write)
		m->trace_write(m, addr, (uint32_t)size, (uint64_t)value, m->trace_ctx);
}

/* Every instruction after the hvc, but the harness's own trampoline and pages. */
static void on_trace(uc_engine *uc, uint64_t addr, uint32_t size, void *user)
{
	struct machine *m = user;

	(void)uc;
	if (!m->trace_insn || !m->entered || m->core.obs->end != END_NONE ||
	    (addr >= TRAMPOLINE && addr < TRAMPOLINE + TRAMPOLINE_SIZE) ||
	    (addr >= CALLER_CODE && addr < CALLER_CODE + CALLER_CODE_SIZE) ||
	    (addr >= LANDING_PAD && addr < LANDING_PAD + LANDING_PAD_SIZE))
		return;
	m->trace_insn(m, addr, size, m->trace_ctx);
}

int machine_trace(struct machine *m,
		  void (*insn)(struct machine *m, uint64_t pc, uint32_t size, void *ctx),
		  void (*write)(struct machine *m, uint64_t addr, uint32_t size, uint64_t value,
				void *ctx),
		  void *ctx)
{
	uc_hook h;

	m->trace_insn = insn;
	m->trace_write = write;
	m->trace_ctx = ctx;
	/*
	 * Code already translated carries no call to a new hook: drop the
	 * translation cache (uc_ctl_flush_tlb is Unicorn 2.0's name for that).
	 */
	if (UC_CHECK(&m->core, uc_hook_add(m->core.uc, &h, UC_HOOK_CODE, (void *)on_trace, m, 1, 0)))
		return MACHINE_EINTERNAL;
	return m->calls ? UC_CHECK(&m->core, uc_ctl_flush_tlb(m->core.uc)) : 0;
}

static bool on_bad_access(uc_engine *uc, uc_mem_type type, uint64_t addr,
			  int size, int64_t value, void *user)
{
	struct machine *m = user;
	enum fault_kind kind;

	(void)uc, (void)size, (void)value;
	if (type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_READ_UNMAPPED ||
	    type == UC_MEM_WRITE_UNMAPPED) {
		int mapped = image_map_touch(&m->image, &m->core, addr);

		if (mapped > 0)
			return true;	/* the access is made again, now mapped */
		if (mapped < 0) {
			uc_emu_stop(m->core.uc);
			return false;
		}
	}
	switch (type) {
	case UC_MEM_FETCH_UNMAPPED:
	case UC_MEM_FETCH_PROT:
		kind = FAULT_FETCH;
		break;
	case UC_MEM_READ_UNMAPPED:
	case UC_MEM_READ_PROT:
		kind = FAULT_READ;
		break;
	default:
		kind = FAULT_WRITE;
		break;
	}
	machine_fault(m, kind, read_pc(m), addr, EXC_NONE);
	if (kind == FAULT_FETCH && m->core.obs->end == END_FAULT && !m->core.obs->fault_symbol)
		m->core.obs->fault_symbol = image_undefined_at(m->img, addr);
	return false;
}

static int map_region(struct machine *m, uint64_t addr, uint64_t size, uint32_t perms)
{
	return UC_CHECK(&m->core, uc_mem_map(m->core.uc, addr, size, perms));
}

/* Zero [*low, top) if anything was written there, and mark it clear. */
static int clear_stack(struct machine *m, uint64_t *low, uint64_t top)
{
	static const uint8_t zeros[PAGE_SIZE];

	for (uint64_t a = *low & ~(uint64_t)(PAGE_SIZE - 1); a < top; a += PAGE_SIZE)
		if (UC_CHECK(&m->core, uc_mem_write(m->core.uc, a, zeros, PAGE_SIZE)))
			return MACHINE_EINTERNAL;
	*low = top;
	return 0;
}

static int fill_words(struct machine *m, uint64_t addr, uint64_t size, uint32_t word)
{
	uint32_t page[PAGE_SIZE / 4];

	for (size_t i = 0; i < PAGE_SIZE / 4; i++)
		page[i] = word;
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		if (UC_CHECK(&m->core, uc_mem_write(m->core.uc, addr + off, page, PAGE_SIZE)))
			return MACHINE_EINTERNAL;
	return 0;
}

static int map_harness(struct machine *m)
{
	/* Harness code is read-only to the stub: a write to it is a fault. */
	if (map_region(m, CALLER_CODE, CALLER_CODE_SIZE, UC_PROT_READ | UC_PROT_EXEC) ||
	    map_region(m, TRAMPOLINE, TRAMPOLINE_SIZE, UC_PROT_READ | UC_PROT_EXEC) ||
	    map_region(m, HARNESS_PGTABLE, HARNESS_PGTABLE_SIZE, UC_PROT_READ) ||
	    map_region(m, HARNESS_EL1_PGTABLE, HARNESS_PGTABLE_SIZE, UC_PROT_READ) ||
	    map_region(m, LANDING_PAD, LANDING_PAD_SIZE, UC_PROT_READ | UC_PROT_EXEC) ||
	    map_region(m, CALLER_STACK, CALLER_STACK_SIZE, UC_PROT_READ | UC_PROT_WRITE) ||
	    map_region(m, EL2_STACK, EL2_STACK_SIZE, UC_PROT_READ | UC_PROT_WRITE))
		return MACHINE_EINTERNAL;
	/* The hooks stop a call before any of this runs. */
	return fill_words(m, CALLER_CODE, CALLER_CODE_SIZE, m->arch->fill_insn) ||
	       fill_words(m, LANDING_PAD, LANDING_PAD_SIZE, m->arch->landing_insn);
}

static int add_hooks(struct machine *m)
{
	uc_hook h;

	if (UC_CHECK(&m->core, uc_hook_add(m->core.uc, &h, UC_HOOK_INTR, (void *)on_interrupt, m, 1, 0)) ||
	    UC_CHECK(&m->core, uc_hook_add(m->core.uc, &h, UC_HOOK_CODE, (void *)on_trampoline_done, m,
				    TRAMPOLINE + m->arch->insn_align,
				    TRAMPOLINE + m->arch->insn_align)) ||
	    UC_CHECK(&m->core, uc_hook_add(m->core.uc, &h, UC_HOOK_CODE, (void *)on_caller_code, m,
				    CALLER_CODE, CALLER_CODE + CALLER_CODE_SIZE - 1)) ||
	    UC_CHECK(&m->core, uc_hook_add(m->core.uc, &h, UC_HOOK_BLOCK, (void *)on_block, m, 1, 0)) ||
	    UC_CHECK(&m->core, uc_hook_add(m->core.uc, &h, UC_HOOK_MEM_WRITE, (void *)on_write, m, 1, 0)) ||
	    UC_CHECK(&m->core, uc_hook_add(m->core.uc, &h, UC_HOOK_MEM_UNMAPPED | UC_HOOK_MEM_PROT,
				    (void *)on_bad_access, m, 1, 0)))
		return MACHINE_EINTERNAL;
	return 0;
}

int machine_open(struct machine *m, const struct arch_desc *arch,
		 const struct stub_image *img, uint64_t vectors, uint64_t budget)
{
	return machine_open_on(m, arch, &arch->cpus[0], img, vectors, budget);
}

int machine_open_on(struct machine *m, const struct arch_desc *arch, const struct cpu_model *cpu,
		    const struct stub_image *img, uint64_t vectors, uint64_t budget)
{
	const struct arch_emu *emu = arch_emu_of(arch);

	memset(m, 0, sizeof(*m));
	m->arch = arch;
	m->cpu = cpu;
	m->img = img;
	m->budget = budget;
	m->caller_stack_low = CALLER_STACK + CALLER_STACK_SIZE;
	m->el2_stack_low = EL2_STACK + EL2_STACK_SIZE;
	m->core.desc = arch;
	m->core.emu = emu;
	m->core.vectors = vectors;
	m->core.vhe = cpu->vhe;
	machine_set_wall_budget(m, DEFAULT_WALL_BUDGET_MS);
	machine_set_ich_vtr(m, DEFAULT_ICH_VTR);

	if (UC_CHECK(&m->core, uc_open(emu->engine.arch, emu->engine.mode, &m->core.uc)))
		return MACHINE_EINTERNAL;
	/*
	 * Only the hooks end a run: with exits on and none set, no address
	 * does. (uc_emu_start's `until` made Unicorn translate a WFI in place
	 * of the code there, and drop that translation after every run.)
	 */
	if (UC_CHECK(&m->core, uc_ctl_set_cpu_model(m->core.uc, emu->engine.cpus[cpu - arch->cpus])) ||
	    UC_CHECK(&m->core, uc_ctl_exits_enable(m->core.uc)) ||
	    map_harness(m) || image_map_init(&m->image, &m->core, img) ||
	    emu->setup(&m->core) || add_hooks(m) || emu->read_state(&m->core, &m->base_state) ||
	    UC_CHECK(&m->core, uc_context_alloc(m->core.uc, &m->base)) ||
	    UC_CHECK(&m->core, uc_context_save(m->core.uc, m->base))) {
		return MACHINE_EINTERNAL;
	}
	memcpy(m->ctx_sysreg, m->base_state.sysreg, sizeof(m->ctx_sysreg));
	for (unsigned int i = 0; i < arch->nvaried; i++)
		if (arch->varied[i].translation)
			m->xlat_mask[arch->varied[i].reg] |= arch->varied[i].mask;
	return 0;
}

void machine_close(struct machine *m)
{
	if (m->core.emu && m->core.emu->close)
		m->core.emu->close(&m->core);
	image_map_free(&m->image);
	if (m->base)
		uc_context_free(m->base);
	if (m->core.uc)
		uc_close(m->core.uc);
	m->base = NULL;
	m->core.uc = NULL;
}

static void first_difference(const char *field, uint64_t x, uint64_t y, void *ctx)
{
	const char **what = ctx;

	(void)x, (void)y;
	if (!*what)
		*what = field;
}

static int verify_post(struct machine *m, const struct cpu_state *post)
{
	struct cpu_state full;
	const char *what = NULL;

	if (m->core.emu->read_state(&m->core, &full))
		return MACHINE_EINTERNAL;
	cpu_state_diff(m->arch, &full, post, first_difference, &what);
	if (!what)
		return 0;
	snprintf(m->core.errmsg, sizeof(m->core.errmsg),
		 "call %" PRIu64 ": the post-state read missed a change of %s", m->calls, what);
	return m->core.error = MACHINE_EINTERNAL;
}

bool machine_keeps_sysreg(const struct machine *m, unsigned int i)
{
	enum sysreg_group g = m->arch->sysregs[i].group;

	return g == SYSREG_EL2_CTRL || g == SYSREG_EL2_VBAR;
}

/*
 * The system registers the call starts from: the case's own (its varied
 * base state) or the base state, and in a sequence the EL2 state the last
 * call left over them.
 */
static void wanted_sysregs(const struct machine *m, const struct call_input *in, uint64_t *want)
{
	memcpy(want, in->base_given ? in->caller.sysreg : m->base_state.sysreg,
	       sizeof(in->caller.sysreg));
	if (!m->persistent || !m->kept_valid)
		return;
	for (unsigned int i = 0; i < m->arch->nsysregs; i++)
		if (machine_keeps_sysreg(m, i))
			want[i] = m->kept[i];
}

/*
 * Where want's translation controls differ from the saved context's, write
 * them (the emulator flushes its cached translations) and save the context
 * again, so that the calls after this one, which share them, start from it.
 */
static int rebase(struct machine *m, const uint64_t *want)
{
	struct core *core = &m->core;
	bool differ = false;

	for (unsigned int i = 0; i < m->arch->nsysregs; i++)
		differ |= ((want[i] ^ m->ctx_sysreg[i]) & m->xlat_mask[i]) != 0;
	if (!differ)
		return 0;
	for (unsigned int i = 0; i < m->arch->nsysregs; i++)
		if (m->xlat_mask[i] && want[i] != m->ctx_sysreg[i]) {
			if (core->emu->write_sysreg(core, i, want[i]))
				return MACHINE_EINTERNAL;
			m->ctx_sysreg[i] = want[i];
		}
	return UC_CHECK(core, uc_context_save(core->uc, m->base));
}

/*
 * Translations cached by the last call stay (a context restore keeps
 * them), and are right for this one unless the last call wrote a
 * translation control or ran under another regime than this one will.
 */
static int flush_if_stale(struct machine *m, const struct call_input *in)
{
	bool stale = m->translations_stale || in->el2_mmu_on != m->last_el2_mmu_on ||
		     in->el1_mmu_on != m->last_el1_mmu_on || in->el2_caller != m->last_el2_caller;

	m->last_el2_mmu_on = in->el2_mmu_on;
	m->last_el1_mmu_on = in->el1_mmu_on;
	m->last_el2_caller = in->el2_caller;
	m->translations_stale = false;
	return stale ? m->core.emu->flush_translations(&m->core) : 0;
}

int machine_sequence_begin(struct machine *m)
{
	m->persistent = true;
	m->kept_valid = false;
	m->image_dirty = false;
	return image_map_restore(&m->image, &m->core, true);
}

int machine_sequence_end(struct machine *m)
{
	m->persistent = false;
	m->kept_valid = false;
	m->image_dirty = false;
	return image_map_restore(&m->image, &m->core, true);
}

/*
 * The state every call starts from, then the caller's registers: the
 * pre-state. *start: where the run begins (the caller's hvc, unless the
 * arch must take the caller to EL2 first).
 */
static int begin_call(struct machine *m, const struct call_input *in, struct observation *obs,
		      uint64_t *start)
{
	const struct arch_desc *arch = m->arch;
	struct core *core = &m->core;
	uint64_t want[STATE_MAX_SYSREGS];

	memset(obs, 0, sizeof(*obs));
	core->obs = obs;
	core->sysregs_written = 0;
	core->sysregs_unknown = false;
	core->code_written = false;
	m->entered = false;
	m->entry_pending = false;
	m->el2_stack = in->el2_stack;
	m->calls++;
	m->blocks = 0;
	m->call_start_ns = now_ns();

	wanted_sysregs(m, in, want);
	if (UC_CHECK(core, uc_context_restore(core->uc, m->base)) ||
	    rebase(m, want) || core->emu->set_base(core, want, m->ctx_sysreg) ||
	    core->emu->set_caller_state(core, &in->caller, in->thumb) ||
	    flush_if_stale(m, in) ||
	    (in->el2_mmu_on && core->emu->enable_el2_mmu(core)) ||
	    (in->el2_stack && core->emu->set_el2_sp(core, EL2_STACK + EL2_STACK_SIZE)) ||
	    core->emu->read_live(core, &obs->pre, false))
		return MACHINE_EINTERNAL;
	/*
	 * The caller is at EL1 / in SVC mode, so the live registers are its
	 * own; every system and banked register is want's, which the context
	 * restore and set_base have just put in place (the QEMU crosscheck
	 * starts from these values, and would see any difference). The rest
	 * of the FP/SIMD file is the caller's, as given.
	 */
	memcpy(obs->pre.sysreg, want, sizeof(obs->pre.sysreg));
	memcpy(obs->pre.fp_free, in->caller.fp_free, sizeof(obs->pre.fp_free));
	if (in->el2_mmu_on)
		obs->pre.sysreg[arch->el2_sctlr] |= arch->el2_mmu_bit;
	if (in->el1_mmu_on && core->emu->enable_el1_mmu &&
	    core->emu->enable_el1_mmu(core, &obs->pre))
		return MACHINE_EINTERNAL;
	m->caller_hvc = obs->pre.pc;
	*start = obs->pre.pc | (in->thumb ? 1 : 0);
	if (in->el2_caller) {
		if (!core->emu->enter_el2_caller) {
			snprintf(core->errmsg, sizeof(core->errmsg),
				 "%s has no caller at EL2", arch->name);
			return core->error = MACHINE_EINTERNAL;
		}
		if (core->emu->enter_el2_caller(core, &obs->pre, in->el2_sp, start))
			return MACHINE_EINTERNAL;
		obs->hyp_sp_pre = in->el2_sp;
	}
	return 0;
}

/* How the run ended when no hook said: an error Unicorn raised itself, or a halt. */
static int ended_without_hook(struct machine *m, uc_err err)
{
	struct core *core = &m->core;
	struct observation *obs = core->obs;

	if (err != UC_ERR_OK && obs->end == END_NONE) {
		switch (err) {
		case UC_ERR_INSN_INVALID:
			machine_fault(m, FAULT_UNDEFINED, read_pc(m), 0, EXC_NONE);
			break;
		case UC_ERR_EXCEPTION:
			machine_fault(m, FAULT_EXCEPTION, read_pc(m), 0, EXC_OTHER);
			break;
		default:
			return UC_CHECK(core, err);
		}
	}
	if (obs->end == END_NONE && err == UC_ERR_OK && m->entered) {
		/* Unicorn returns when the core halts in WFI: no interrupt will come. */
		obs->end = END_HALTED;
		obs->fault_pc = read_pc(m);
		obs->fault_pc -= core->emu->insn_size_before(core, obs->fault_pc, EXC_NONE);
	}
	if (obs->end == END_NONE) {
		snprintf(core->errmsg, sizeof(core->errmsg),
			 "emulation stopped at 0x%" PRIx64 " without an end", read_pc(m));
		return core->error = MACHINE_EINTERNAL;
	}
	return 0;
}

/*
 * Whether the translations the call left cached may not be the harness's
 * (flat with an MMU off, its identity map with one on), which are what
 * every call starts from. Before it wrote a translation register the stub
 * ran under those. A write of an SCTLR that changes it drops every cached
 * translation (QEMU's sctlr_write), so after one the cache holds the
 * post-state's, which are the harness's unless an MMU came on over tables
 * the harness may not have set up (a case with that MMU off varies them).
 */
static bool left_stale_translations(const struct machine *m)
{
	const struct core *core = &m->core;
	const struct observation *o = core->obs;
	uint64_t written = core->sysregs_written & m->arch->translation_regs;

	if (core->sysregs_unknown || (written & ~m->arch->mmu_enable_regs))
		return true;
	for (unsigned int i = 0; i < m->arch->nsysregs; i++)
		if (((written >> i) & 1) &&
		    (o->post.sysreg[i] & ~o->pre.sysreg[i] & m->arch->el2_mmu_bit))
			return true;
	return false;
}

/* The post-state, and the stub's image put back if it wrote it. */
static int finish_call(struct machine *m)
{
	struct core *core = &m->core;
	struct observation *obs = core->obs;

	if (core->emu->read_post(core, &obs->pre, &obs->post) ||
	    (m->verify_post && verify_post(m, &obs->post)))
		return MACHINE_EINTERNAL;
	m->translations_stale = left_stale_translations(m);
	if (m->persistent) {
		/* The stub's memory stays as it left it; its EL2 state is the next call's. */
		for (unsigned int i = 0; i < m->arch->nsysregs; i++)
			if (machine_keeps_sysreg(m, i))
				m->kept[i] = obs->post.sysreg[i];
		m->kept_valid = true;
	} else if (m->image_dirty) {
		m->image_dirty = false;
		if (image_map_restore(&m->image, core, false))
			return MACHINE_EINTERNAL;
	}
	if (clear_stack(m, &m->caller_stack_low, CALLER_STACK + CALLER_STACK_SIZE) ||
	    clear_stack(m, &m->el2_stack_low, EL2_STACK + EL2_STACK_SIZE))
		return MACHINE_EINTERNAL;
	return 0;
}

int machine_call(struct machine *m, const struct call_input *in,
		 struct observation *obs)
{
	uc_err err;
	uint64_t start;

	if (begin_call(m, in, obs, &start))
		return MACHINE_EINTERNAL;
	/* Unicorn starts an Arm core in T32 state when bit 0 of the address is set. */
	err = uc_emu_start(m->core.uc, start, 0, 0, 0);
	if (m->core.error)
		return m->core.error;
	if (ended_without_hook(m, err))
		return MACHINE_EINTERNAL;
	return finish_call(m);
}

int machine_read_live(struct machine *m, struct cpu_state *s, bool sysregs)
{
	return m->core.emu->read_live(&m->core, s, sysregs);
}

int machine_read_state(struct machine *m, struct cpu_state *s)
{
	return m->core.emu->read_state(&m->core, s);
}

int machine_mem_read(struct machine *m, uint64_t addr, void *buf, size_t len)
{
	if (image_map_range(&m->image, &m->core, addr, len))
		return MACHINE_EINTERNAL;
	return uc_mem_read(m->core.uc, addr, buf, len) == UC_ERR_OK ? 0 : MACHINE_EINTERNAL;
}

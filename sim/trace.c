#include "trace.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "aarch32_defs.h"

const char *trace_reg_name(const struct arch_ops *a, unsigned int i)
{
	if (i == a->sp_gpr)
		return "sp";
	if (a->sp_gpr == 13 && i == 14)
		return "lr";
	return a->gpr_names[i];
}

static void upper(const char *s, char *buf, size_t len)
{
	size_t i = 0;

	for (; s[i] && i + 1 < len; i++)
		buf[i] = (char)toupper((unsigned char)s[i]);
	buf[i] = '\0';
}

static void reg_line(struct tracer *t, const char *name, uint64_t old, uint64_t val)
{
	char up[48];

	if (t->format == TRACE_TARMAC) {
		/* Tarmac calls PSTATE cpsr too, and prints a register at its own width. */
		if (strcmp(name, "pstate") == 0)
			name = "cpsr";
		upper(name, up, sizeof(up));
		fprintf(t->out, "%" PRIu64 " clk R %s %0*" PRIx64 "\n", t->count,
			strcmp(name, "cpsr") == 0 ? "cpsr" : up,
			t->m->arch->reg_bits == 64 && strcmp(name, "cpsr") ? 16 : 8, val);
	} else {
		fprintf(t->out, "        %-12s 0x%" PRIx64 " -> 0x%" PRIx64 "\n", name, old, val);
	}
}

/* What changed between two states: the effects of the instruction in between. */
static void diff(struct tracer *t, const struct cpu_state *a, const struct cpu_state *b)
{
	const struct arch_ops *arch = t->m->arch;

	for (unsigned int i = 0; i < arch->ngprs; i++)
		if (a->gpr[i] != b->gpr[i])
			reg_line(t, trace_reg_name(arch, i), a->gpr[i], b->gpr[i]);
	for (unsigned int i = 0; i < arch->nfprs; i++)
		if (a->fpr[i] != b->fpr[i])
			reg_line(t, arch->fpr_names[i], a->fpr[i], b->fpr[i]);
	if (a->pstate != b->pstate)
		reg_line(t, arch->reg_bits == 64 ? "pstate" : "cpsr", a->pstate, b->pstate);
	for (unsigned int i = 0; i < arch->nsysregs; i++)
		if (a->sysreg[i] != b->sysreg[i])
			reg_line(t, arch->sysregs[i].name, a->sysreg[i], b->sysreg[i]);
}

static void on_insn(struct machine *m, uint64_t pc, uint32_t size, void *ctx)
{
	struct tracer *t = ctx;
	struct cpu_state cur;
	uint8_t bytes[4] = { 0 };
	const uint8_t *code = bytes;
	size_t left = size;
	uint64_t addr = pc;
	uint32_t opcode = 0;
	bool thumb;
	csh cs;

	if (t->count > t->limit) {
		t->count++;	/* past the limit: count, do not look (a spinning stub) */
		return;
	}
	if (m->arch->read_live(m, &cur, true))
		return;
	if (t->have_prev)
		diff(t, &t->prev, &cur);
	t->prev = cur;
	t->have_prev = true;
	if (++t->count > t->limit)
		return;
	if (size > sizeof(bytes) || uc_mem_read(m->uc, pc, bytes, size) != UC_ERR_OK)
		size = 0;
	for (uint32_t i = 0; i < size; i++)
		opcode |= (uint32_t)bytes[i] << (8 * i);
	thumb = m->arch->has_thumb && (cur.pstate & CPSR_T_BIT);
	cs = thumb ? t->cs_thumb : t->cs;
	/* Tarmac has no comment lines: the entry is a text-format line only. */
	if (t->count == 1 && t->format == TRACE_TEXT) {
		const struct observation *o = m->obs;

		fprintf(t->out, "exception entry: %s 0x%" PRIx64 ", %s 0x%" PRIx64
				", %s 0x%" PRIx64 "\n",
				m->arch->reg_bits == 64 ? "ELR_EL2" : "ELR_hyp", o->entry_elr,
				m->arch->reg_bits == 64 ? "SPSR_EL2" : "SPSR_hyp", o->entry_spsr,
				m->arch->reg_bits == 64 ? "ESR_EL2" : "HSR", o->entry_syndrome);
	}
	if (!size || !cs_disasm_iter(cs, &code, &left, &addr, t->insn)) {
		snprintf(t->insn->mnemonic, sizeof(t->insn->mnemonic), "(undecodable)");
		t->insn->op_str[0] = '\0';
	}
	if (t->format == TRACE_TARMAC)
		fprintf(t->out, "%" PRIu64 " clk IT (%" PRIu64 ") %0*" PRIx64 " %0*x %c %s_n : %s %s\n",
			t->count, t->count, m->arch->reg_bits == 64 ? 16 : 8, pc,
			(int)(2 * (size ? size : 4)), opcode,
			m->arch->reg_bits == 64 ? 'O' : thumb ? 'T' : 'A',
			m->arch->mode_name(cur.pstate), t->insn->mnemonic, t->insn->op_str);
	else
		fprintf(t->out, "%6" PRIu64 "  %-10s 0x%08" PRIx64 "  %0*x  %s %s\n", t->count,
			m->arch->mode_name(cur.pstate), pc, (int)(2 * (size ? size : 4)), opcode,
			t->insn->mnemonic, t->insn->op_str);
}

static void on_write(struct machine *m, uint64_t addr, uint32_t size, uint64_t value, void *ctx)
{
	struct tracer *t = ctx;

	(void)m;
	if (t->count > t->limit)
		return;
	if (t->format == TRACE_TARMAC)
		fprintf(t->out, "%" PRIu64 " clk MW%u %016" PRIx64 " %0*" PRIx64 "\n", t->count, size,
			addr, (int)(2 * size), value);
	else
		fprintf(t->out, "        mem[0x%" PRIx64 "] <- 0x%" PRIx64 " (%u bytes)\n", addr, value,
			size);
}

int tracer_open(struct tracer *t, struct machine *m, FILE *out, enum trace_format format,
		uint64_t limit)
{
	bool a64 = m->arch->reg_bits == 64;

	memset(t, 0, sizeof(*t));
	t->m = m;
	t->out = out;
	t->format = format;
	t->limit = limit;
	if (cs_open(a64 ? CS_ARCH_ARM64 : CS_ARCH_ARM, CS_MODE_ARM, &t->cs) != CS_ERR_OK)
		return -1;
	if (!a64 && cs_open(CS_ARCH_ARM, CS_MODE_THUMB, &t->cs_thumb) != CS_ERR_OK) {
		cs_close(&t->cs);
		return -1;
	}
	if (!a64) {
		/* r9-r12 as r9-r12, not sb/sl/fp/ip (EMULATION-NOTES.md). */
		cs_option(t->cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_NOREGNAME);
		cs_option(t->cs_thumb, CS_OPT_SYNTAX, CS_OPT_SYNTAX_NOREGNAME);
	}
	t->insn = cs_malloc(t->cs);
	if (!t->insn || machine_trace(m, on_insn, on_write, t)) {
		tracer_close(t);
		return -1;
	}
	return 0;
}

void tracer_finish(struct tracer *t)
{
	struct cpu_state cur;

	if (t->have_prev && t->count <= t->limit && !t->m->arch->read_live(t->m, &cur, true))
		diff(t, &t->prev, &cur);
	if (t->count > t->limit)
		fprintf(t->format == TRACE_TARMAC ? stderr : t->out,
			"... %" PRIu64 " more instructions not shown (limit %" PRIu64 ")\n",
			t->count - t->limit, t->limit);
	t->have_prev = false;
	t->count = 0;
}

void tracer_close(struct tracer *t)
{
	if (t->m) {
		t->m->trace_insn = NULL;
		t->m->trace_write = NULL;
	}
	if (t->insn)
		cs_free(t->insn, 1);
	if (t->cs)
		cs_close(&t->cs);
	if (t->cs_thumb)
		cs_close(&t->cs_thumb);
	t->insn = NULL;
}

#include "trace.h"

#include <ctype.h>
#include <inttypes.h>
#include <string.h>


static void upper(const char *s, char *buf, size_t len)
{
	size_t i = 0;

	for (; s[i] && i + 1 < len; i++)
		buf[i] = (char)toupper((unsigned char)s[i]);
	buf[i] = '\0';
}

/* Digits of a general register printed at its own width. */
static int hex_digits(const struct arch_desc *a)
{
	int n = 0;

	for (uint64_t m = a->gpr_mask; m; m >>= 4)
		n++;
	return n;
}

static void reg_line(const char *name, uint64_t old, uint64_t val, void *ctx)
{
	struct tracer *t = ctx;
	char up[48];

	if (t->format == TRACE_TARMAC) {
		/* Tarmac calls PSTATE cpsr too, and prints a register at its own width. */
		if (strcmp(name, "pstate") == 0)
			name = "cpsr";
		upper(name, up, sizeof(up));
		fprintf(t->out, "%" PRIu64 " clk R %s %0*" PRIx64 "\n", t->count,
			strcmp(name, "cpsr") == 0 ? "cpsr" : up,
			strcmp(name, "cpsr") ? hex_digits(t->m->arch) : 8, val);
	} else {
		fprintf(t->out, "        %-12s 0x%" PRIx64 " -> 0x%" PRIx64 "\n", name, old, val);
	}
}

/* What changed between two states: the effects of the instruction in between. */
static void diff(struct tracer *t, const struct cpu_state *a, const struct cpu_state *b)
{
	cpu_state_diff_view(t->m->arch, a, b, DIFF_NO_PC | DIFF_LIVE_NAMES, reg_line, t);
}

static void on_insn(struct machine *m, uint64_t pc, uint32_t size, void *ctx)
{
	struct tracer *t = ctx;
	struct cpu_state cur;
	uint8_t bytes[4] = { 0 };
	const uint8_t *code = bytes;
	size_t left = size;
	uint64_t addr = pc;
	const struct arch_desc *arch = m->arch;
	uint32_t opcode = 0;
	bool thumb;
	csh cs;

	if (t->count > t->limit) {
		t->count++;	/* past the limit: count, do not look (a spinning stub) */
		return;
	}
	if (machine_read_live(m, &cur, true))
		return;
	if (t->have_prev)
		diff(t, &t->prev, &cur);
	t->prev = cur;
	t->have_prev = true;
	if (++t->count > t->limit)
		return;
	if (size > sizeof(bytes) || machine_mem_read(m, pc, bytes, size))
		size = 0;
	for (uint32_t i = 0; i < size; i++)
		opcode |= (uint32_t)bytes[i] << (8 * i);
	thumb = cur.pstate & arch->thumb_bit;
	cs = disasm_for(&t->d, thumb);
	/* Tarmac has no comment lines: the entry is a text-format line only. */
	if (t->count == 1 && t->format == TRACE_TEXT) {
		const struct observation *o = m->core.obs;

		fprintf(t->out, "exception entry: %s 0x%" PRIx64 ", %s 0x%" PRIx64
				", %s 0x%" PRIx64 "\n", arch->entry.elr, o->entry_elr,
				arch->entry.spsr, o->entry_spsr, arch->entry.syndrome, o->entry_syndrome);
	}
	if (!size || !cs_disasm_iter(cs, &code, &left, &addr, t->d.insn)) {
		snprintf(t->d.insn->mnemonic, sizeof(t->d.insn->mnemonic), "(undecodable)");
		t->d.insn->op_str[0] = '\0';
	}
	if (t->format == TRACE_TARMAC)
		fprintf(t->out, "%" PRIu64 " clk IT (%" PRIu64 ") %0*" PRIx64 " %0*x %c %s_n : %s %s\n",
			t->count, t->count, hex_digits(arch), pc, (int)(2 * (size ? size : 4)),
			opcode, thumb ? arch->tarmac_isa_thumb : arch->tarmac_isa,
			arch->mode_name(cur.pstate), t->d.insn->mnemonic, t->d.insn->op_str);
	else
		fprintf(t->out, "%6" PRIu64 "  %-10s 0x%08" PRIx64 "  %0*x  %s %s\n", t->count,
			arch->mode_name(cur.pstate), pc, (int)(2 * (size ? size : 4)), opcode,
			t->d.insn->mnemonic, t->d.insn->op_str);
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
	memset(t, 0, sizeof(*t));
	t->m = m;
	t->out = out;
	t->format = format;
	t->limit = limit;
	if (disasm_open(&t->d, m->arch))
		return -1;
	if (machine_trace(m, on_insn, on_write, t)) {
		tracer_close(t);
		return -1;
	}
	return 0;
}

void tracer_finish(struct tracer *t)
{
	struct cpu_state cur;

	if (t->have_prev && t->count <= t->limit && !machine_read_live(t->m, &cur, true))
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
	disasm_close(&t->d);
}

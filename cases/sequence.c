/*
 * Sequences as data (sequences.def), their text form, and the driver that
 * runs one on a machine in sequence mode, judging each call by the usual
 * rules and by the model of the EL2 state the ABI leaves (sequence.model).
 */
#include "sequence.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"

enum seq_id {
#define SEQUENCE(id, ...) SEQ_##id,
#define STEP(...)
#include "sequences.def"
#undef SEQUENCE
#undef STEP
	SEQ_COUNT
};

const struct sequence_def sequence_defs[] = {
#define SEQUENCE(id, name, arches, first, second, second_is, what) \
	[SEQ_##id] = { name, what, arches, { first, second }, second_is },
#define STEP(...)
#include "sequences.def"
#undef SEQUENCE
#undef STEP
};
const unsigned int nsequence_defs = SEQ_COUNT;

static const struct {
	enum seq_id seq;
	struct seq_step step;
} all_steps[] = {
#define SEQUENCE(...)
#define STEP(id, by, fn, target, mmu, holds) \
	{ SEQ_##id, { fn, target, mmu, 0, SEQ_##by, holds } },
#include "sequences.def"
#undef SEQUENCE
#undef STEP
};

const struct sequence_def *sequence_by_name(const char *name)
{
	for (unsigned int i = 0; i < nsequence_defs; i++)
		if (strcmp(sequence_defs[i].name, name) == 0)
			return &sequence_defs[i];
	return NULL;
}

unsigned int sequence_steps(const struct sequence_def *d, struct seq_step *steps)
{
	unsigned int n = 0;

	for (size_t i = 0; i < sizeof(all_steps) / sizeof(all_steps[0]); i++)
		if (&sequence_defs[all_steps[i].seq] == d && n < SEQ_MAX_STEPS) {
			steps[n] = all_steps[i].step;
			steps[n].key = n;
			n++;
		}
	return n;
}

bool sequence_applies(const struct sequence_def *d, const struct profile *p, const char *arch)
{
	struct seq_step s[SEQ_MAX_STEPS];
	unsigned int n = sequence_steps(d, s);
	size_t len = strlen(arch);

	for (const char *a = d->arches; (a = strstr(a, arch)); a += len)
		if ((a == d->arches || a[-1] == ',') && (a[len] == ',' || !a[len])) {
			for (unsigned int i = 0; i < n; i++)
				if (p->number[s[i].fn] < 0)
					return false;
			return true;
		}
	return false;
}

static const char *const target_names[] = {
	[TARGET_NONE] = "", [TARGET_FIRST] = "first", [TARGET_SECOND] = "second",
	[TARGET_FOREIGN] = "foreign",
};

void sequence_step_text(const struct seq_step *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s%s%s#%u", function_name(s->fn),
		 s->target ? "(" : "", target_names[s->target], s->target ? ")" : "",
		 s->el2_mmu_on ? "+mmu" : "", s->key);
}

int sequence_format(const struct seq_step *steps, unsigned int n, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < n; i++) {
		char one[64];
		int w;

		sequence_step_text(&steps[i], one, sizeof(one));
		w = snprintf(buf + used, len - used, "%s%s", i ? "," : "", one);
		if (w < 0 || (size_t)w >= len - used)
			return -1;
		used += (size_t)w;
	}
	return 0;
}

static int fail_why(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail_why(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

/* One step's words, [s, end). */
static int parse_step(const char *s, const char *end, const struct profile *p,
		      struct seq_step *st, char *err, size_t errlen)
{
	size_t fl = strcspn(s, "(+#,");
	int fn = -1;

	memset(st, 0, sizeof(*st));
	st->by = -1;
	for (int f = 0; f < FN_COUNT; f++)
		if (strlen(function_name((enum hyp_function)f)) == fl &&
		    strncmp(s, function_name((enum hyp_function)f), fl) == 0)
			fn = f;
	if (fn < 0 || fn == FN_FINALISE_EL2 || (fn != FN_UNKNOWN && p->number[fn] < 0))
		return fail_why(err, errlen, "'%.*s' is no function a sequence can call under "
				  "profile %s", (int)fl, s, p->name);
	st->fn = (enum hyp_function)fn;
	s += fl;
	if (*s == '(') {
		size_t tl = strcspn(++s, ")");

		for (int t = TARGET_FIRST; t <= TARGET_FOREIGN; t++)
			if (strlen(target_names[t]) == tl && strncmp(s, target_names[t], tl) == 0)
				st->target = (enum seq_target)t;
		if (!st->target || s[tl] != ')' || fn != FN_SET_VECTORS)
			return fail_why(err, errlen, "'%.*s': only SET_VECTORS takes vectors, "
					  "(first), (second) or (foreign)", (int)(end - s), s);
		s += tl + 1;
	} else if (fn == FN_SET_VECTORS) {
		st->target = TARGET_FIRST;
	}
	if (strncmp(s, "+mmu", 4) == 0) {
		st->el2_mmu_on = true;
		s += 4;
	}
	if (*s == '#') {
		char *e;
		unsigned long k = strtoul(s + 1, &e, 10);

		if (e == s + 1 || k > 0xffff)
			return fail_why(err, errlen, "'%.*s': #KEY is a number up to 65535",
					  (int)(end - s), s);
		st->key = (unsigned int)k;
		s = e;
	}
	if (s != end)
		return fail_why(err, errlen, "'%.*s' is not FUNCTION[(first|second|foreign)]"
				  "[+mmu][#KEY]", (int)(end - s), s);
	return 0;
}

int sequence_parse(const char *text, const struct profile *p, struct seq_step *steps,
		   unsigned int *n, char *err, size_t errlen)
{
	*n = 0;
	while (*text) {
		const char *end = text + strcspn(text, ",");

		if (*n == SEQ_MAX_STEPS)
			return fail_why(err, errlen, "a sequence has at most %d steps",
					  SEQ_MAX_STEPS);
		if (parse_step(text, end, p, &steps[*n], err, errlen))
			return -1;
		if (!steps[*n].key)
			steps[*n].key = *n;
		(*n)++;
		text = *end ? end + 1 : end;
	}
	if (!*n)
		return fail_why(err, errlen, "no steps");
	return 0;
}

/* The ABI's view of the EL2 state between calls. */
struct seq_model {
	uint64_t vbar;
	bool mmu;
};

static enum seq_stub owner(const struct seq_config *cfg, uint64_t vbar)
{
	if (vbar == cfg->vectors[SEQ_FIRST])
		return SEQ_FIRST;
	if (cfg->has_second && vbar == cfg->vectors[SEQ_SECOND])
		return SEQ_SECOND;
	return SEQ_FOREIGN;
}

static const char *const stub_names[] = { "first", "second", "foreign" };

static uint64_t target_vectors(const struct seq_config *cfg, enum seq_target t)
{
	return t == TARGET_SECOND ? cfg->vectors[SEQ_SECOND] :
	       t == TARGET_FOREIGN ? cfg->foreign : cfg->vectors[SEQ_FIRST];
}

/* The call of step s, as the kernel makes it to the stub `by` (its kind's case 0, made from the key). */
static void make_input(const struct seq_config *cfg, const struct seq_step *s, enum seq_stub by,
		       struct hyp_case *c)
{
	struct case_config cc = cfg->cases;
	unsigned int index = 0;

	cc.role = cfg->kind[by];
	cc.vectors = cfg->vectors[by];
	cc.seed = cfg->cases.seed ^ ((uint64_t)s->key * UINT64_C(0x9e3779b97f4a7c15));
	/* Unknown numbers: one of the fixed ones past the stub's range, by key. */
	if (s->fn == FN_UNKNOWN)
		index = s->key % 8;
	case_fill(&cc, s->fn, index, c);
	c->in.el2_mmu_on = s->el2_mmu_on;
	/*
	 * A sequence's EL2 state is what its steps leave (machine sequence
	 * mode): it starts from the machine's fixed base, not a case's draw.
	 */
	c->in.base_given = false;
	if (s->fn == FN_SET_VECTORS)
		c->in.caller.gpr[profile_vectors_gpr(cc.profile)] = target_vectors(cfg, s->target);
	if (s->fn == FN_SOFT_RESTART)
		c->in.caller.gpr[1] = LANDING_PAD + (s->key * 0x100u) % LANDING_PAD_SIZE;
}

static void model_fail(struct judgement *j, const char *expected, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void model_fail(struct judgement *j, const char *expected, const char *fmt, ...)
{
	va_list ap;

	j->status = V_FAIL;
	snprintf(j->expected, sizeof(j->expected), "%s", expected);
	va_start(ap, fmt);
	vsnprintf(j->actual, sizeof(j->actual), fmt, ap);
	va_end(ap);
}

/* After a call that came back: the model moved by the call, then compared with the machine. */
static void judge_model(const struct seq_config *cfg, const struct seq_step *s,
			const struct observation *o, struct seq_model *md, struct judgement *j)
{
	const struct arch_desc *a = cfg->cases.arch;
	const char *vbar = a->sysregs[a->vbar].name;
	uint64_t post_vbar = o->post.sysreg[a->vbar];
	bool post_mmu = (o->post.sysreg[a->el2_sctlr] & a->el2_mmu_bit) != 0;
	bool error = profile_is_error(cfg->cases.profile, o->post.gpr[a->ret_gpr]);
	char want[JUDGE_TEXT];

	if (s->fn == FN_SET_VECTORS && !error)
		md->vbar = target_vectors(cfg, s->target);
	if (s->fn == FN_RESET_VECTORS && !error) {
		md->vbar = cfg->vectors[SEQ_FIRST];
		md->mmu = false;
	}
	snprintf(want, sizeof(want), "%s 0x%" PRIx64 " (%s), EL2 MMU %s", vbar, md->vbar,
		 stub_names[owner(cfg, md->vbar)], md->mmu ? "on" : "off");
	if (post_vbar != md->vbar || post_mmu != md->mmu) {
		model_fail(j, want, "%s 0x%" PRIx64 " (%s), EL2 MMU %s", vbar, post_vbar,
			   stub_names[owner(cfg, post_vbar)], post_mmu ? "on" : "off");
		/* The machine's state is what the next call meets. */
		md->vbar = post_vbar;
		md->mmu = post_mmu;
		return;
	}
	j->status = V_PASS;
	snprintf(j->expected, sizeof(j->expected), "%s", want);
	snprintf(j->actual, sizeof(j->actual), "%s", want);
}

/* Before a call: VBAR holds a foreign hypervisor's vectors, whose RESET_VECTORS hypabi makes. */
static void hand_back(struct machine *m, const struct seq_config *cfg, struct seq_model *md)
{
	const struct arch_desc *a = cfg->cases.arch;

	md->vbar = cfg->vectors[SEQ_FIRST];
	md->mmu = false;
	m->kept[a->vbar] = md->vbar;
	m->kept[a->el2_sctlr] &= ~a->el2_mmu_bit;
}

static void judge_step(struct machine *m, const struct seq_config *cfg, const struct seq_step *s,
		       enum seq_stub by, const struct observation *o, struct seq_model *md,
		       struct seq_step_result *r)
{
	struct judgement *jm = &r->j[RULE_SEQUENCE_MODEL];
	struct judge_ctx ctx = {
		.arch = cfg->cases.arch, .profile = cfg->cases.profile, .role = cfg->kind[by],
		.fn = s->fn, .initial_vectors = cfg->vectors[SEQ_FIRST],
		.initial_vectors_known = true, .ich_vtr = m->core.ich_vtr, .vhe = m->cpu->vhe,
	};

	rules_judge(&ctx, o, r->j);
	if (s->by >= 0 && (enum seq_stub)s->by != by) {
		char want[64];

		snprintf(want, sizeof(want), "handled by the %s stub", stub_names[s->by]);
		model_fail(jm, want, "VBAR held the %s stub's vectors (0x%" PRIx64 ")",
			   stub_names[by], o->pre.sysreg[cfg->cases.arch->vbar]);
		return;
	}
	if (o->end == END_RETURNED && s->fn != FN_SOFT_RESTART) {
		judge_model(cfg, s, o, md, jm);
	} else if (s->fn == FN_SOFT_RESTART && o->end == END_LANDED) {
		jm->status = V_PASS;
		snprintf(jm->expected, sizeof(jm->expected), "the payload runs: the sequence ends");
		snprintf(jm->actual, sizeof(jm->actual), "reached the restart address");
	} else if (s->fn == FN_SOFT_RESTART && o->end == END_RETURNED) {
		model_fail(jm, "the payload runs: the sequence ends", "returned to the caller");
	} else {
		jm->status = V_NOT_REACHED;
	}
}

int sequence_run(struct machine *m, const struct seq_config *cfg, const struct seq_step *steps,
		 unsigned int n, struct seq_result *res)
{
	struct seq_model md = { cfg->vectors[SEQ_FIRST], false };
	bool ended = false;

	res->n = n;
	res->pass = true;
	if (machine_sequence_begin(m))
		return MACHINE_EINTERNAL;
	for (unsigned int i = 0; i < n; i++) {
		struct seq_step_result *r = &res->step[i];
		const struct seq_step *s = &steps[i];
		enum seq_stub by;
		struct hyp_case c;
		struct observation o;

		memset(r, 0, sizeof(*r));
		r->fn = s->fn;
		r->holds = s->holds;
		sequence_step_text(s, r->call, sizeof(r->call));
		if (ended)
			continue;
		if (owner(cfg, md.vbar) == SEQ_FOREIGN) {
			hand_back(m, cfg, &md);
			r->handed_back = true;
		}
		by = owner(cfg, md.vbar);
		r->by = by;
		r->by_kind = role_name(cfg->kind[by]);
		if (s->el2_mmu_on)
			md.mmu = true;
		make_input(cfg, s, by, &c);
		if (cfg->before_step)
			cfg->before_step(m, i, cfg->before_ctx);
		if (machine_call(m, &c.in, &o))
			return MACHINE_EINTERNAL;
		r->ran = true;
		judge_step(m, cfg, s, by, &o, &md, r);
		r->pass = rules_hold(r->j);
		res->pass &= r->pass;
		ended = o.end != END_RETURNED;
	}
	return machine_sequence_end(m);
}

int sequence_join_images(const struct stub_image *a, const struct stub_image *b,
			 struct stub_image *out, char *err, size_t errlen)
{
	*out = *a;
	out->has_payload = false;
	if (a->nseg + b->nseg > IMAGE_MAX_SEGMENTS)
		return fail_why(err, errlen, "'%s' and '%s' have more than %d segments together",
				  a->path, b->path, IMAGE_MAX_SEGMENTS);
	for (unsigned int i = 0; i < b->nseg; i++) {
		const struct segment *s = &b->seg[i];

		for (unsigned int k = 0; k < a->nseg; k++) {
			uint64_t hi = a->seg[k].addr + a->seg[k].size;

			if (s->addr < hi && s->addr + s->size > a->seg[k].addr)
				return fail_why(err, errlen, "'%s' at 0x%" PRIx64 " overlaps '%s' "
						  "(0x%" PRIx64 "-0x%" PRIx64 "): place it elsewhere",
						  b->path, s->addr, a->path, a->seg[k].addr, hi);
		}
		out->seg[out->nseg++] = *s;
	}
	return 0;
}

#include "arch.h"

void cpu_state_diff_view(const struct arch_desc *arch, const struct cpu_state *x,
			 const struct cpu_state *y, unsigned int view,
			 void (*differs)(const char *field, uint64_t x, uint64_t y, void *ctx),
			 void *ctx)
{
	const char *const *gpr_names = view & DIFF_LIVE_NAMES ? arch->live_gpr_names
							      : arch->gpr_names;

	if (!(view & DIFF_NO_PC) && x->pc != y->pc)
		differs("pc", x->pc, y->pc, ctx);
	if (x->pstate != y->pstate)
		differs(arch->pstate_name, x->pstate, y->pstate, ctx);
	for (unsigned int i = 0; i < arch->ngprs; i++)
		if (x->gpr[i] != y->gpr[i])
			differs(gpr_names[i], x->gpr[i], y->gpr[i], ctx);
	for (unsigned int i = 0; i < arch->nfprs; i++)
		if (x->fpr[i] != y->fpr[i])
			differs(arch->fpr_names[i], x->fpr[i], y->fpr[i], ctx);
	for (unsigned int i = 0; i < arch->nfpctl; i++)
		if (x->fpctl[i] != y->fpctl[i])
			differs(arch->fpctl_names[i], x->fpctl[i], y->fpctl[i], ctx);
	for (unsigned int i = 0; i < arch->nsysregs; i++)
		if (x->sysreg[i] != y->sysreg[i])
			differs(arch->sysregs[i].name, x->sysreg[i], y->sysreg[i], ctx);
}

void cpu_state_diff(const struct arch_desc *arch, const struct cpu_state *x,
		    const struct cpu_state *y,
		    void (*differs)(const char *field, uint64_t x, uint64_t y, void *ctx),
		    void *ctx)
{
	cpu_state_diff_view(arch, x, y, 0, differs, ctx);
}

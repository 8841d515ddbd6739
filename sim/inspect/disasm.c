#include "disasm.h"

#include <string.h>

static int open_mode(csh *cs, const struct arch_desc *arch, int mode)
{
	if (cs_open((cs_arch)arch->cs_arch, (cs_mode)mode, cs) != CS_ERR_OK)
		return -1;
	if (arch->cs_noregname)
		cs_option(*cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_NOREGNAME);
	return 0;
}

int disasm_open(struct disasm *d, const struct arch_desc *arch)
{
	memset(d, 0, sizeof(*d));
	if (open_mode(&d->cs, arch, arch->cs_mode))
		return -1;
	if (arch->thumb_bit && open_mode(&d->cs_thumb, arch, arch->cs_mode_thumb)) {
		disasm_close(d);
		return -1;
	}
	d->insn = cs_malloc(d->cs);
	if (!d->insn) {
		disasm_close(d);
		return -1;
	}
	return 0;
}

void disasm_close(struct disasm *d)
{
	if (d->insn)
		cs_free(d->insn, 1);
	if (d->cs)
		cs_close(&d->cs);
	if (d->cs_thumb)
		cs_close(&d->cs_thumb);
	memset(d, 0, sizeof(*d));
}

csh disasm_for(const struct disasm *d, bool thumb)
{
	return thumb && d->cs_thumb ? d->cs_thumb : d->cs;
}

#include "disasm.h"

#include <string.h>

static int open_mode(csh *cs, const struct arch_desc *arch, int mode, bool detail)
{
	if (cs_open((cs_arch)arch->cs_arch, (cs_mode)mode, cs) != CS_ERR_OK)
		return -1;
	if (arch->cs_noregname)
		cs_option(*cs, CS_OPT_SYNTAX, CS_OPT_SYNTAX_NOREGNAME);
	if (detail)
		cs_option(*cs, CS_OPT_DETAIL, CS_OPT_ON);
	return 0;
}

static int open_with(struct disasm *d, const struct arch_desc *arch, bool detail)
{
	memset(d, 0, sizeof(*d));
	if (open_mode(&d->cs, arch, arch->cs_mode, detail))
		return -1;
	if (arch->thumb_bit && open_mode(&d->cs_thumb, arch, arch->cs_mode_thumb, detail)) {
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

int disasm_open(struct disasm *d, const struct arch_desc *arch)
{
	return open_with(d, arch, false);
}

int disasm_open_detail(struct disasm *d, const struct arch_desc *arch)
{
	return open_with(d, arch, true);
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

#include <stdio.h>

#include "emu.h"

static const struct arch_emu *const emus[] = { &aarch64_emu, &aarch32_emu };

const struct arch_emu *arch_emu_of(const struct arch_desc *desc)
{
	for (size_t i = 0; i < sizeof(emus) / sizeof(emus[0]); i++)
		if (emus[i]->desc == desc)
			return emus[i];
	return NULL;
}

int core_uc_check(struct core *core, uc_err err, const char *what, const char *file, int line)
{
	if (err == UC_ERR_OK)
		return 0;
	if (!core->error) {
		core->error = CORE_EINTERNAL;
		snprintf(core->errmsg, sizeof(core->errmsg), "%s:%d: %s: %s", file, line, what,
			 uc_strerror(err));
	}
	return CORE_EINTERNAL;
}

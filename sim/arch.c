#include "arch.h"

#include <string.h>

static const struct arch_ops *const arches[] = { &aarch64_ops, &arm_ops };

const struct arch_ops *arch_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (strcmp(arches[i]->name, name) == 0)
			return arches[i];
	return NULL;
}

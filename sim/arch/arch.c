#include "arch.h"

#include <stdio.h>
#include <string.h>

/* Every architecture, the default (a raw blob's when none is named) first. */
static const struct arch_desc *const arches[] = { &aarch64_desc, &aarch32_desc };

const struct arch_desc *arch_at(unsigned int i)
{
	return i < sizeof(arches) / sizeof(arches[0]) ? arches[i] : NULL;
}

const struct arch_desc *arch_default(void)
{
	return arches[0];
}

const char *arch_names(void)
{
	return "arm64 or arm";
}

const struct arch_desc *arch_by_name(const char *name)
{
	for (unsigned int i = 0; arch_at(i); i++)
		if (strcmp(arch_at(i)->name, name) == 0)
			return arch_at(i);
	return NULL;
}

const struct arch_desc *arch_by_elf_machine(unsigned int machine)
{
	for (unsigned int i = 0; arch_at(i); i++)
		if (arch_at(i)->elf_machine == machine)
			return arch_at(i);
	return NULL;
}

const struct cpu_model *arch_cpu_by_name(const struct arch_desc *arch, const char *name)
{
	for (unsigned int i = 0; i < arch->ncpus; i++)
		if (strcmp(arch->cpus[i].name, name) == 0)
			return &arch->cpus[i];
	return NULL;
}

const char *arch_cpu_names(const struct arch_desc *arch, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < arch->ncpus && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
				      i == 0 ? "" : i + 1 == arch->ncpus ? " or " : ", ",
				      arch->cpus[i].name);
	return buf;
}

/* The relocatable-object loader, for elf.c. */
#ifndef HYPABI_RELOCATABLE_H
#define HYPABI_RELOCATABLE_H

#include <libelf.h>

#include "image.h"

/* Link the ET_REL object elf at --load (relocatable.c). */
int image_load_relocatable(const char *path, Elf *elf, const struct load_options *opt,
			   struct stub_image *img, char *err, size_t errlen);

#endif

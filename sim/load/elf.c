/* ELF stubs through libelf: PT_LOAD segments at their physical addresses, symbols. */
#include <gelf.h>
#include <inttypes.h>
#include <limits.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "relocatable.h"

static const char *machine_name(unsigned int machine)
{
	switch (machine) {
	case EM_X86_64:	 return "x86-64";
	case EM_386:	 return "i386";
	case EM_RISCV:	 return "RISC-V";
	case EM_PPC64:	 return "PowerPC64";
	case EM_MIPS:	 return "MIPS";
	case EM_S390:	 return "s390";
	default:	 return "another machine";
	}
}

/* Every PT_LOAD segment, at its virtual address if virt, else its physical one. */
static int load_segments(const char *path, Elf *elf, const uint8_t *buf, size_t len,
			 const struct load_options *opt, bool virt, struct stub_image *img,
			 char *err, size_t errlen)
{
	size_t phnum;
	uint64_t total = 0;

	if (elf_getphdrnum(elf, &phnum) != 0)
		return image_fail(err, errlen, "'%s': bad ELF program headers: %s", path, elf_errmsg(-1));
	{
		GElf_Ehdr eh;
		size_t entsize = gelf_fsize(elf, ELF_T_PHDR, 1, EV_CURRENT);

		if (!gelf_getehdr(elf, &eh) ||
		    (phnum && (eh.e_phoff > len || phnum > (len - eh.e_phoff) / entsize)))
			return image_fail(err, errlen, "'%s': the program header table runs past the end "
				    "of the file", path);
	}
	for (size_t i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		struct segment *s;

		if (!gelf_getphdr(elf, (int)i, &ph))
			return image_fail(err, errlen, "'%s': program header %zu is unreadable: %s",
				    path, i, elf_errmsg(-1));
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (ph.p_filesz > ph.p_memsz)
			return image_fail(err, errlen, "'%s': segment %zu has p_filesz 0x%" PRIx64
				    " larger than p_memsz 0x%" PRIx64, path, i,
				    (uint64_t)ph.p_filesz, (uint64_t)ph.p_memsz);
		if (ph.p_offset > len || ph.p_filesz > len - ph.p_offset)
			return image_fail(err, errlen, "'%s': segment %zu lies past the end of the file",
				    path, i);
		if (ph.p_memsz > opt->max_size || total + ph.p_memsz > opt->max_size)
			return image_fail(err, errlen, "'%s': segments ask for more than the %" PRIu64
				    "-byte limit on a stub image", path, opt->max_size);
		if (virt)
			ph.p_paddr = ph.p_vaddr;
		if (ph.p_paddr + ph.p_memsz < ph.p_paddr)
			return image_fail(err, errlen, "'%s': segment %zu wraps the address space", path, i);
		if (img->nseg == IMAGE_MAX_SEGMENTS)
			return image_fail(err, errlen, "'%s': more than %d loadable segments", path,
				    IMAGE_MAX_SEGMENTS);
		total += ph.p_memsz;
		s = &img->seg[img->nseg];
		s->addr = ph.p_paddr;
		s->size = ph.p_memsz;
		s->data = calloc(1, ph.p_memsz);
		if (!s->data)
			return image_fail(err, errlen, "'%s': out of memory", path);
		memcpy(s->data, buf + ph.p_offset, ph.p_filesz);
		img->nseg++;
	}
	if (img->nseg == 0)
		return image_fail(err, errlen, "'%s': ELF file has no loadable segment", path);
	for (unsigned int i = 0; i < img->nseg; i++)
		for (unsigned int j = i + 1; j < img->nseg; j++)
			if (img->seg[i].addr < img->seg[j].addr + img->seg[j].size &&
			    img->seg[j].addr < img->seg[i].addr + img->seg[i].size)
				return image_fail(err, errlen, "'%s': loadable segments overlap", path);
	return 0;
}

/* The first symbol table and its header, or NULL. */
static Elf_Scn *symtab_section(Elf *elf, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn)) != NULL)
		if (gelf_getshdr(scn, sh) && sh->sh_type == SHT_SYMTAB)
			return scn;
	return NULL;
}

/*
 * Every defined, named symbol of the symbol table, however many. The names
 * point into one copy of its string table, so what is kept stays within
 * the file's size even when every symbol shares one long name. libelf
 * checks each section against the file: sh_size cannot lie, and sh_entsize
 * is not used (the entry size is the class's).
 */
static int load_symbols(const char *path, Elf *elf, struct stub_image *img,
			char *err, size_t errlen)
{
	Elf_Scn *scn, *strscn;
	Elf_Data *data, *strdata;
	GElf_Shdr sh, strsh;
	size_t n;

	scn = symtab_section(elf, &sh);
	if (!scn)
		return 0;
	data = elf_getdata(scn, NULL);
	if (!data)
		return image_fail(err, errlen, "'%s': unreadable symbol table: %s", path,
			    elf_errmsg(-1));
	strscn = elf_getscn(elf, sh.sh_link);
	if (!strscn || !gelf_getshdr(strscn, &strsh) || strsh.sh_type != SHT_STRTAB)
		return image_fail(err, errlen, "'%s': the symbol table's sh_link %u is not a string "
			    "table", path, (unsigned int)sh.sh_link);
	strdata = elf_getdata(strscn, NULL);
	if (!strdata)
		return image_fail(err, errlen, "'%s': unreadable symbol string table: %s", path,
			    elf_errmsg(-1));
	n = data->d_size / gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT);
	if (n > INT_MAX)	/* gelf_getsym's index is an int */
		return image_fail(err, errlen, "'%s': more than %d symbols", path, INT_MAX);
	/* A NUL after the copy: the last name ends even if the file's does not. */
	img->strtab = malloc(strdata->d_size + 1);
	img->sym = malloc((n ? n : 1) * sizeof(*img->sym));
	if (!img->strtab || !img->sym)
		return image_fail(err, errlen, "'%s': out of memory", path);
	if (strdata->d_size)
		memcpy(img->strtab, strdata->d_buf, strdata->d_size);
	img->strtab[strdata->d_size] = '\0';
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		unsigned int type;

		if (!gelf_getsym(data, (int)i, &sym))
			return image_fail(err, errlen, "'%s': symbol %zu is unreadable: %s", path, i,
				    elf_errmsg(-1));
		type = GELF_ST_TYPE(sym.st_info);
		if (sym.st_shndx == SHN_UNDEF || type == STT_SECTION || type == STT_FILE)
			continue;
		if (sym.st_name >= strdata->d_size)
			return image_fail(err, errlen, "'%s': symbol %zu's name (st_name 0x%x) lies "
				    "past its string table", path, i, (unsigned int)sym.st_name);
		if (img->strtab[sym.st_name] == '\0')
			continue;
		img->sym[img->nsym++] = (struct symbol){
			.name = img->strtab + sym.st_name, .value = sym.st_value,
			.absolute = sym.st_shndx == SHN_ABS,
		};
	}
	return 0;
}

int image_load_elf(const char *path, const uint8_t *buf, size_t len,
		   const struct load_options *opt, struct stub_image *img,
		   char *err, size_t errlen)
{
	GElf_Ehdr eh;
	Elf *elf;
	uint64_t text;
	bool vmlinux;
	int rc = -1;

	(void)elf_version(EV_CURRENT);
	elf = elf_memory((char *)buf, len);
	if (!elf)
		return image_fail(err, errlen, "'%s': not a readable ELF file: %s", path, elf_errmsg(-1));
	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		image_fail(err, errlen, "'%s': truncated or corrupt ELF header", path);
		goto out;
	}
	img->arch = arch_by_elf_machine(eh.e_machine);
	if (!img->arch || (unsigned int)gelf_getclass(elf) != img->arch->elf_class) {
		image_fail(err, errlen, "'%s' is an ELF file for %s (e_machine %u), not for %s",
			   path, machine_name(eh.e_machine), eh.e_machine, arch_names());
		goto out;
	}
	if (eh.e_type == ET_REL) {
		rc = image_load_relocatable(path, elf, opt, img, err, errlen);
		goto out;
	}
	if (eh.e_type != ET_EXEC) {
		image_fail(err, errlen, "'%s' is neither an ELF executable nor a relocatable object "
			   "(e_type %u)", path, eh.e_type);
		goto out;
	}
	img->format = IMAGE_ELF;
	img->entry = eh.e_entry;
	/* A vmlinux (it has _text): at its virtual addresses, then placed as its Image. */
	if (load_symbols(path, elf, img, err, errlen))
		goto out;
	vmlinux = image_lookup(img, "_text", &text);
	if (load_segments(path, elf, buf, len, opt, vmlinux, img, err, errlen) ||
	    (vmlinux && image_place_vmlinux(path, opt, img, text, err, errlen)))
		goto out;
	rc = 0;
out:
	elf_end(elf);
	return rc;
}

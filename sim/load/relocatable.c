/*
 * A relocatable object (hyp-stub.o, as a kernel build leaves it), linked
 * by hypabi: its allocated sections one after the other from --load, each
 * at its own alignment (the vectors' .align 11 lands them on 2 KiB), then
 * a page of stand-ins for its undefined symbols, 64 bytes each, which read
 * as zero (a kernel variable the stub consults, such as a command-line
 * override, reads as "none") and cannot be executed: a call or branch to
 * one ends the call, and the machine names the symbol (observation.h,
 * fault_symbol). The relocations are those the kernel's stub objects use
 * (ELF for the Arm 64-bit Architecture, AArch64 ELF ABI 5.7; ELF for the
 * Arm Architecture, 5.6); any other is refused by name.
 */
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "relocatable.h"

#define UNDEF_SLOT	64u	/* bytes of stand-in for each undefined symbol */

struct linked {
	const char *path;
	Elf *elf;
	struct stub_image *img;
	uint64_t *section_addr;	/* by section index; 0: not allocated */
	size_t nsections;
	uint64_t *sym_addr;	/* by symbol index: where each symbol is */
	size_t nsyms;
	Elf_Data *symdata;
	const char *strtab;
	size_t strsize;
	uint8_t *bytes;		/* the image's one segment of sections */
	uint64_t base, size;
	char *err;
	size_t errlen;
};

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return a > 1 ? (v + a - 1) / a * a : v;
}

/* Where each SHF_ALLOC section goes, and how much the sections take. */
static int lay_out(struct linked *l, const struct load_options *opt)
{
	Elf_Scn *scn = NULL;
	uint64_t at = opt->load_addr;

	l->base = opt->load_addr;
	while ((scn = elf_nextscn(l->elf, scn)) != NULL) {
		GElf_Shdr sh;
		size_t i = elf_ndxscn(scn);

		if (!gelf_getshdr(scn, &sh))
			return image_fail(l->err, l->errlen, "'%s': section %zu is unreadable: %s",
					  l->path, i, elf_errmsg(-1));
		if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_size == 0)
			continue;
		if (sh.sh_addralign > PAGE_SIZE * 16 || sh.sh_size > opt->max_size ||
		    at - l->base + sh.sh_addralign + sh.sh_size > opt->max_size)
			return image_fail(l->err, l->errlen, "'%s': its sections ask for more than "
					  "the %" PRIu64 "-byte limit on a stub image", l->path,
					  opt->max_size);
		at = align_up(at, sh.sh_addralign);
		l->section_addr[i] = at;
		at += sh.sh_size;
	}
	if (at == l->base)
		return image_fail(l->err, l->errlen, "'%s': relocatable object with no allocated "
				  "section", l->path);
	l->size = at - l->base;
	return 0;
}

/* Copy each allocated section's bytes (SHT_NOBITS: zeros) to its place. */
static int copy_sections(struct linked *l)
{
	Elf_Scn *scn = NULL;

	l->bytes = calloc(1, l->size);
	if (!l->bytes)
		return image_fail(l->err, l->errlen, "'%s': out of memory", l->path);
	while ((scn = elf_nextscn(l->elf, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t i = elf_ndxscn(scn);

		if (!l->section_addr[i] || !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
			continue;
		d = elf_rawdata(scn, NULL);
		if (!d || d->d_size != sh.sh_size)
			return image_fail(l->err, l->errlen, "'%s': section %zu's bytes are "
					  "unreadable", l->path, i);
		memcpy(l->bytes + (l->section_addr[i] - l->base), d->d_buf, d->d_size);
	}
	return 0;
}

/* The symbol table, its strings, and where each symbol is (undefined: a stand-in). */
static int place_symbols(struct linked *l, uint64_t undef_base, unsigned int *nundef)
{
	Elf_Scn *scn = NULL, *strscn;
	GElf_Shdr sh;
	Elf_Data *strdata;

	*nundef = 0;
	while ((scn = elf_nextscn(l->elf, scn)) != NULL)
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB)
			break;
	if (!scn)
		return 0;
	l->symdata = elf_getdata(scn, NULL);
	strscn = elf_getscn(l->elf, sh.sh_link);
	strdata = strscn ? elf_getdata(strscn, NULL) : NULL;
	if (!l->symdata || !strdata)
		return image_fail(l->err, l->errlen, "'%s': unreadable symbol table", l->path);
	l->strtab = strdata->d_buf;
	l->strsize = strdata->d_size;
	l->nsyms = l->symdata->d_size / gelf_fsize(l->elf, ELF_T_SYM, 1, EV_CURRENT);
	l->sym_addr = calloc(l->nsyms ? l->nsyms : 1, sizeof(*l->sym_addr));
	if (!l->sym_addr)
		return image_fail(l->err, l->errlen, "'%s': out of memory", l->path);
	for (size_t i = 1; i < l->nsyms; i++) {
		GElf_Sym s;

		if (!gelf_getsym(l->symdata, (int)i, &s))
			return image_fail(l->err, l->errlen, "'%s': symbol %zu is unreadable",
					  l->path, i);
		if (s.st_shndx == SHN_UNDEF)
			l->sym_addr[i] = undef_base + (uint64_t)(*nundef)++ * UNDEF_SLOT;
		else if (s.st_shndx == SHN_ABS)
			l->sym_addr[i] = s.st_value;
		else if (s.st_shndx < l->nsections && l->section_addr[s.st_shndx])
			l->sym_addr[i] = l->section_addr[s.st_shndx] + s.st_value;
	}
	return 0;
}

static const char *sym_name(const struct linked *l, size_t i)
{
	GElf_Sym s;

	if (!gelf_getsym(l->symdata, (int)i, &s) || s.st_name >= l->strsize)
		return "";
	return l->strtab + s.st_name;
}

/* Apply one relocation section to the section it patches. */
static int relocate_section(struct linked *l, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t target = sh->sh_info, n;
	bool rela = sh->sh_type == SHT_RELA;

	if (target >= l->nsections || !l->section_addr[target])
		return 0;	/* relocates what is not loaded (debug info) */
	if (!d)
		return image_fail(l->err, l->errlen, "'%s': unreadable relocations", l->path);
	n = d->d_size / gelf_fsize(l->elf, rela ? ELF_T_RELA : ELF_T_REL, 1, EV_CURRENT);
	for (size_t k = 0; k < n; k++) {
		GElf_Rela r = { 0 };
		GElf_Rel rel;
		struct reloc rc;
		char why[160];
		size_t sym;

		if (rela ? !gelf_getrela(d, (int)k, &r) : !gelf_getrel(d, (int)k, &rel))
			return image_fail(l->err, l->errlen, "'%s': relocation %zu is unreadable",
					  l->path, k);
		if (!rela) {
			r.r_offset = rel.r_offset;
			r.r_info = rel.r_info;
		}
		sym = GELF_R_SYM(r.r_info);
		if (sym >= l->nsyms)
			return image_fail(l->err, l->errlen, "'%s': relocation %zu names symbol %zu "
					  "of %zu", l->path, k, sym, l->nsyms);
		rc = (struct reloc){
			.type = (unsigned int)GELF_R_TYPE(r.r_info),
			.place = l->section_addr[target] + r.r_offset,
			.symbol = l->sym_addr[sym],
			.addend = r.r_addend,
			.has_addend = rela,
		};
		if (rc.place < l->base || rc.place - l->base + sizeof(uint32_t) > l->size)
			return image_fail(l->err, l->errlen, "'%s': relocation %zu patches outside "
					  "its section", l->path, k);
		rc.where = l->bytes + (rc.place - l->base);
		rc.room = (size_t)(l->size - (rc.place - l->base));
		if (l->img->arch->relocate(&rc, why, sizeof(why)))
			return image_fail(l->err, l->errlen, "'%s': %s, at section %zu + 0x%" PRIx64
					  " (symbol '%s')", l->path, why, target,
					  (uint64_t)r.r_offset, sym_name(l, sym));
	}
	return 0;
}

static int relocate(struct linked *l)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(l->elf, scn)) != NULL) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) && (sh.sh_type == SHT_RELA || sh.sh_type == SHT_REL) &&
		    relocate_section(l, scn, &sh))
			return -1;
	}
	return 0;
}

/* The image: the sections, then the stand-ins; named symbols, each where it is. */
static int make_image(struct linked *l, uint64_t undef_base, unsigned int nundef)
{
	struct stub_image *img = l->img;

	img->seg[0] = (struct segment){ .addr = l->base, .size = l->size, .data = l->bytes };
	l->bytes = NULL;
	img->nseg = 1;
	if (nundef) {
		uint64_t size = align_up((uint64_t)nundef * UNDEF_SLOT, PAGE_SIZE);

		img->seg[1] = (struct segment){ .addr = undef_base, .size = size,
						.data = calloc(1, size), .noexec = true };
		if (!img->seg[1].data)
			return image_fail(l->err, l->errlen, "'%s': out of memory", l->path);
		img->nseg = 2;
	}
	img->strtab = malloc(l->strsize + 1);
	img->sym = malloc((l->nsyms ? l->nsyms : 1) * sizeof(*img->sym));
	if (!img->strtab || !img->sym)
		return image_fail(l->err, l->errlen, "'%s': out of memory", l->path);
	if (l->strsize)
		memcpy(img->strtab, l->strtab, l->strsize);
	img->strtab[l->strsize] = '\0';
	for (size_t i = 1; i < l->nsyms; i++) {
		GElf_Sym s;

		if (!gelf_getsym(l->symdata, (int)i, &s) || s.st_name == 0 ||
		    s.st_name >= l->strsize || GELF_ST_TYPE(s.st_info) == STT_SECTION ||
		    GELF_ST_TYPE(s.st_info) == STT_FILE ||
		    (s.st_shndx != SHN_UNDEF && s.st_shndx != SHN_ABS && !l->sym_addr[i]))
			continue;
		img->sym[img->nsym++] = (struct symbol){
			.name = img->strtab + s.st_name, .value = l->sym_addr[i],
			.absolute = s.st_shndx == SHN_ABS, .undefined = s.st_shndx == SHN_UNDEF,
		};
	}
	img->entry = l->base;
	img->format = IMAGE_OBJECT;
	return 0;
}

int image_load_relocatable(const char *path, Elf *elf, const struct load_options *opt,
			   struct stub_image *img, char *err, size_t errlen)
{
	struct linked l = { .path = path, .elf = elf, .img = img, .err = err, .errlen = errlen };
	unsigned int nundef = 0;
	uint64_t undef_base;
	int rc = -1;

	if (elf_getshdrnum(elf, &l.nsections) != 0)
		return image_fail(err, errlen, "'%s': bad ELF section headers", path);
	l.section_addr = calloc(l.nsections ? l.nsections : 1, sizeof(*l.section_addr));
	if (!l.section_addr)
		return image_fail(err, errlen, "'%s': out of memory", path);
	if (lay_out(&l, opt))
		goto out;
	undef_base = align_up(l.base + l.size, PAGE_SIZE);
	if (copy_sections(&l) || place_symbols(&l, undef_base, &nundef) || relocate(&l) ||
	    make_image(&l, undef_base, nundef))
		goto out;
	rc = 0;
out:
	free(l.bytes);
	free(l.section_addr);
	free(l.sym_addr);
	return rc;
}

/* Capstone opened for an architecture's instruction sets, as its description says. */
#ifndef HYPABI_DISASM_H
#define HYPABI_DISASM_H

#include <capstone/capstone.h>
#include <stdbool.h>

#include "arch.h"

struct disasm {
	csh cs;			/* the stub's own instruction set (A64 / A32) */
	csh cs_thumb;		/* T32, where the architecture has it; else 0 */
	cs_insn *insn;		/* one instruction, for cs_disasm_iter */
};

/* 0, or -1 if Capstone cannot be opened. */
int disasm_open(struct disasm *d, const struct arch_desc *arch);
/* The same, with Capstone's detail: the registers each instruction writes (cs_regs_access). */
int disasm_open_detail(struct disasm *d, const struct arch_desc *arch);
void disasm_close(struct disasm *d);
/* The handle for code in T32 (thumb) or not. */
csh disasm_for(const struct disasm *d, bool thumb);

#endif

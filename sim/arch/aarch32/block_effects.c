/*
 * Each instruction of a block is judged by what it can write (Arm ARM
 * DDI 0406C, A8 and B9): MCR and MCRR name their coprocessor register;
 * CPS with a mode, MSR (CPSR, SPSR or a banked register by name), SRS,
 * RFE, LDM/STM of the User registers, an S-form write to the PC (an
 * exception return) and any exception-generating instruction can reach
 * state of another mode, so they make the block's effects unknown, as
 * does anything Capstone cannot decode. LR is reported on its own: any
 * instruction that names it, or BL/BLX, which write it implicitly.
 */
#include "block_effects.h"

#include <stdlib.h>
#include <string.h>

#include <capstone/capstone.h>

#include "regs.h"

#define CACHE_SLOTS	1024	/* power of two */
#define BLOCK_MAX	8192	/* a Unicorn block spans at most two pages */

struct slot {
	uint32_t key;		/* the address, bit 0 set for T32; 0: empty */
	uint32_t size;
	struct block_effects fx;
};

struct block_cache {
	const struct sysreg *sysregs;
	unsigned int nsysregs;
	csh a32, t32;
	cs_insn *insn;
	uint8_t code[BLOCK_MAX];
	struct slot slot[CACHE_SLOTS];
};

struct block_cache *block_cache_open(const struct sysreg *sysregs, unsigned int nsysregs)
{
	struct block_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->sysregs = sysregs;
	c->nsysregs = nsysregs;
	if (cs_open(CS_ARCH_ARM, CS_MODE_ARM, &c->a32) != CS_ERR_OK) {
		free(c);
		return NULL;
	}
	if (cs_open(CS_ARCH_ARM, CS_MODE_THUMB, &c->t32) != CS_ERR_OK ||
	    cs_option(c->a32, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK ||
	    cs_option(c->t32, CS_OPT_DETAIL, CS_OPT_ON) != CS_ERR_OK ||
	    !(c->insn = cs_malloc(c->a32))) {
		block_cache_close(c);
		return NULL;
	}
	return c;
}

void block_cache_close(struct block_cache *c)
{
	if (!c)
		return;
	if (c->insn)
		cs_free(c->insn, 1);
	if (c->t32)
		cs_close(&c->t32);
	cs_close(&c->a32);
	free(c);
}

void block_cache_clear(struct block_cache *c)
{
	memset(c->slot, 0, sizeof(c->slot));
}

/* The table's coprocessor register with this encoding, or -1. */
static int find_sysreg(const struct block_cache *c, bool is64, int64_t opc1, int64_t crn,
		       int64_t crm, int64_t opc2)
{
	for (unsigned int i = 0; i < c->nsysregs; i++) {
		const struct sysreg *r = &c->sysregs[i];

		if (r->op0 == CP15 && r->is64 == is64 && r->op1 == opc1 && r->crm == crm &&
		    (is64 || (r->crn == crn && r->op2 == opc2)))
			return (int)i;
	}
	return -1;
}

/*
 * MCR p15, opc1, Rt, CRn, CRm, opc2 (operands 0 to 5) or
 * MCRR p15, opc1, Rt, Rt2, CRm (operands 0 to 4).
 */
static void coproc_write(const struct block_cache *c, const cs_arm *a, bool is64,
			 struct block_effects *fx)
{
	int64_t coproc, opc1, crn = 0, crm, opc2 = 0;
	int i;

	if (a->op_count != (is64 ? 5 : 6)) {
		fx->unknown = true;
		return;
	}
	coproc = a->operands[0].imm;
	opc1 = a->operands[1].imm;
	if (is64) {
		crm = a->operands[4].imm;
	} else {
		crn = a->operands[3].imm;
		crm = a->operands[4].imm;
		opc2 = a->operands[5].imm;
	}
	if (coproc != CP15) {
		fx->unknown = true;
		return;
	}
	i = find_sysreg(c, is64, opc1, crn, crm, opc2);
	if (i >= 0) {
		fx->writes |= UINT64_C(1) << i;
	} else if (!is64 && crn == CP15_CRN_C7_OPS) {
		/* PAR is c7, c4, 0 at opc1 0 (B4.1.112). */
		i = find_sysreg(c, false, 0, CP15_CRN_C7_OPS, 4, 0);
		if (i >= 0)
			fx->writes |= UINT64_C(1) << i;
	} else if (is64 || crn != CP15_CRN_C8_TLB_OPS) {
		fx->unknown = true;
	}
}

static bool names_lr(const cs_insn *in)
{
	const cs_detail *d = in->detail;
	const cs_arm *a = &d->arm;

	for (uint8_t k = 0; k < d->regs_write_count; k++)
		if (d->regs_write[k] == ARM_REG_LR)
			return true;
	for (uint8_t k = 0; k < a->op_count; k++) {
		const cs_arm_op *op = &a->operands[k];

		if (op->type == ARM_OP_REG && op->reg == ARM_REG_LR)
			return true;
		if (op->type == ARM_OP_MEM &&
		    (op->mem.base == ARM_REG_LR || op->mem.index == ARM_REG_LR))
			return true;
	}
	return false;
}

static void judge(const struct block_cache *c, const cs_insn *in, struct block_effects *fx)
{
	const cs_arm *a = &in->detail->arm;

	switch (in->id) {
	case ARM_INS_MCR:
	case ARM_INS_MCR2:
		coproc_write(c, a, false, fx);
		break;
	case ARM_INS_MCRR:
	case ARM_INS_MCRR2:
		coproc_write(c, a, true, fx);
		break;
	case ARM_INS_CPS:
		/* CPSID/CPSIE alone change only the masks; an operand is a new mode. */
		if (a->op_count > 0)
			fx->unknown = true;
		break;
	case ARM_INS_BL:
	case ARM_INS_BLX:
		fx->lr = true;
		break;
	case ARM_INS_MSR:
	case ARM_INS_SRSDA: case ARM_INS_SRSDB: case ARM_INS_SRSIA: case ARM_INS_SRSIB:
	case ARM_INS_RFEDA: case ARM_INS_RFEDB: case ARM_INS_RFEIA: case ARM_INS_RFEIB:
	case ARM_INS_CDP: case ARM_INS_CDP2:
	case ARM_INS_LDC: case ARM_INS_LDCL: case ARM_INS_LDC2: case ARM_INS_LDC2L:
	case ARM_INS_SVC: case ARM_INS_HVC: case ARM_INS_SMC: case ARM_INS_BKPT:
	case ARM_INS_UDF:
		fx->unknown = true;
		break;
	default:
		break;
	}
	if (a->usermode)
		fx->unknown = true;
	if (a->update_flags && a->op_count > 0 && a->operands[0].type == ARM_OP_REG &&
	    a->operands[0].reg == ARM_REG_PC)
		fx->unknown = true;
	if (names_lr(in))
		fx->lr = true;
}

static void decode(struct block_cache *c, uc_engine *uc, uint32_t addr, uint32_t size,
		   bool thumb, struct block_effects *fx)
{
	const uint8_t *code = c->code;
	size_t left = size;
	uint64_t pc = addr;

	memset(fx, 0, sizeof(*fx));
	if (size == 0 || size > sizeof(c->code) ||
	    uc_mem_read(uc, addr, c->code, size) != UC_ERR_OK) {
		fx->unknown = true;
		return;
	}
	while (left > 0) {
		if (!cs_disasm_iter(thumb ? c->t32 : c->a32, &code, &left, &pc, c->insn)) {
			fx->unknown = true;
			return;
		}
		judge(c, c->insn, fx);
	}
}

void block_cache_effects(struct block_cache *c, uc_engine *uc, uint32_t addr, uint32_t size,
			 bool thumb, struct block_effects *fx)
{
	uint32_t key = addr | (thumb ? 1 : 0);
	struct slot *s = &c->slot[((key >> 1) * UINT32_C(2654435761)) >> 22];

	_Static_assert(CACHE_SLOTS == 1 << (32 - 22), "the hash keeps the top 10 bits");
	if (key == 0 || s->key != key || s->size != size) {
		decode(c, uc, addr, size, thumb, fx);
		if (key == 0)
			return;
		s->key = key;
		s->size = size;
		s->fx = *fx;
	}
	*fx = s->fx;
}

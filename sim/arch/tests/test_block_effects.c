/*
 * The AArch32 block reader: what each kind of instruction may write, as
 * the arm post-state relies on it, and the cache's keys (address,
 * instruction set, size). Encodings as clang assembles them, with the
 * source beside each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch.h"
#include "aarch32/block_effects.h"

#define CODE	0x10000u

enum effect { NONE, LR, UNKNOWN, REG };

struct insn_case {
	const char *text;
	bool thumb;
	uint8_t len;
	uint32_t enc;		/* A32: the word; T32: hw1 << 16 | hw2, or one halfword */
	enum effect effect;
	const char *reg;	/* REG: the sysreg it writes */
};

/* An A32 instruction (4 bytes), or a T32 one of len bytes. */
#define A32(text, enc, effect, reg)		{ text, false, 4, enc, effect, reg }
#define T32(text, len, enc, effect, reg)	{ text, true, len, enc, effect, reg }

static const struct insn_case cases[] = {
	A32("nop",					0xe320f000, NONE, NULL),
	A32("add r0, r0, #1",				0xe2800001, NONE, NULL),
	A32("eret (the next block's mode decides)",	0xe160006e, NONE, NULL),
	A32("cpsid aif",				0xf10c01c0, NONE, NULL),
	A32("mcr p15, 4, r1, c12, c0, 0 (HVBAR)",	0xee8c1f10, REG, "HVBAR"),
	A32("mcr p15, 0, r1, c12, c0, 0 (VBAR)",	0xee0c1f10, REG, "VBAR"),
	A32("mcr p15, 0, r1, c7, c8, 0 (ATS1CPR)",	0xee071f18, REG, "PAR"),
	A32("mcr p15, 0, r0, c7, c5, 0 (ICIALLU)",	0xee070f15, REG, "PAR"),
	A32("mcr p15, 4, r0, c8, c7, 0 (TLBIALLH)",	0xee880f17, NONE, NULL),
	A32("mcr p15, 0, r0, c13, c0, 0 (FCSEIDR)",	0xee0d0f10, UNKNOWN, NULL),
	A32("mcr p14, 0, r0, c0, c5, 0",		0xee000e15, UNKNOWN, NULL),
	A32("mcrr p15, 4, r0, r1, c2 (HTTBR)",		0xec410f42, REG, "HTTBR"),
	A32("mcrr p15, 0, r0, r1, c2 (TTBR0, 64-bit)",	0xec410f02, UNKNOWN, NULL),
	A32("cps #19",					0xf1020013, UNKNOWN, NULL),
	A32("bl .",					0xebfffffe, LR, NULL),
	A32("blx r3",					0xe12fff33, LR, NULL),
	A32("mov lr, r0",				0xe1a0e000, LR, NULL),
	A32("ldr r0, [lr], #4",				0xe49e0004, LR, NULL),
	A32("msr CPSR_c, r0",				0xe121f000, UNKNOWN, NULL),
	A32("msr LR_fiq, r0",				0xe12ef200, UNKNOWN, NULL),
	A32("msr ELR_hyp, r0",				0xe12ef300, UNKNOWN, NULL),
	A32("ldm r0, {r1, lr}^",			0xe8d04002, UNKNOWN, NULL),
	A32("stm r0, {r1, lr}^",			0xe8c04002, UNKNOWN, NULL),
	A32("subs pc, lr, #4",				0xe25ef004, UNKNOWN, NULL),
	A32("movs pc, lr",				0xe1b0f00e, UNKNOWN, NULL),
	A32("srsdb sp!, #19",				0xf96d0513, UNKNOWN, NULL),
	A32("rfeia r0!",				0xf8b00a00, UNKNOWN, NULL),
	A32("udf #0",					0xe7f000f0, UNKNOWN, NULL),
	A32("svc #0",					0xef000000, UNKNOWN, NULL),
	A32("hvc #0",					0xe1400070, UNKNOWN, NULL),
	A32("smc #0",					0xe1600070, UNKNOWN, NULL),
	A32("bkpt #0",					0xe1200070, UNKNOWN, NULL),
	A32("no instruction Capstone knows",		0xffffffff, UNKNOWN, NULL),
	T32("cpsid aif (T32)",				2, 0xb677, NONE, NULL),
	T32("mov lr, r0 (T32)",				2, 0x4686, LR, NULL),
	T32("bl . (T32)",				4, 0xf7fffffe, LR, NULL),
	T32("mcr p15, 4, r1, c12, c0, 0 (T32)",		4, 0xee8c1f10, REG, "HVBAR"),
	T32("eret (T32)",				4, 0xf3de8f00, NONE, NULL),
	T32("subs pc, lr, #4 (T32)",			4, 0xf3de8f04, UNKNOWN, NULL),
	T32("msr CPSR_c, r0 (T32)",			4, 0xf3808100, UNKNOWN, NULL),
	T32("cps #19 (T32)",				4, 0xf3af8113, UNKNOWN, NULL),
};

struct fixture {
	uc_engine *uc;
	struct block_cache *cache;
};

static int setup(void **state)
{
	static struct fixture f;

	if (uc_open(UC_ARCH_ARM, UC_MODE_ARM, &f.uc) != UC_ERR_OK ||
	    uc_mem_map(f.uc, CODE, 0x10000, UC_PROT_ALL) != UC_ERR_OK)
		return -1;
	f.cache = block_cache_open(aarch32_desc.sysregs, aarch32_desc.nsysregs);
	*state = &f;
	return f.cache ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	block_cache_close(f->cache);
	uc_close(f->uc);
	return 0;
}

static int sysreg_index(const char *name)
{
	for (unsigned int i = 0; i < aarch32_desc.nsysregs; i++)
		if (strcmp(aarch32_desc.sysregs[i].name, name) == 0)
			return (int)i;
	fail_msg("no sysreg %s", name);
	return -1;
}

/* Memory order: an A32 word little-endian, a T32 instruction halfword by halfword. */
static size_t encode(const struct insn_case *c, uint8_t out[4])
{
	uint32_t w = c->enc;

	if (!c->thumb || c->len == 2) {
		for (int i = 0; i < c->len; i++)
			out[i] = (uint8_t)(w >> (8 * i));
	} else {
		out[0] = (uint8_t)(w >> 16);
		out[1] = (uint8_t)(w >> 24);
		out[2] = (uint8_t)w;
		out[3] = (uint8_t)(w >> 8);
	}
	return c->len;
}

static void effects_at(struct fixture *f, uint32_t addr, const void *code, uint32_t len,
		       bool thumb, struct block_effects *fx)
{
	assert_int_equal(uc_mem_write(f->uc, addr, code, len), UC_ERR_OK);
	block_cache_effects(f->cache, f->uc, addr, len, thumb, fx);
}

static void test_each_instruction(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct insn_case *c = &cases[i];
		struct block_effects fx;
		uint8_t code[4];
		uint32_t len = (uint32_t)encode(c, code);
		uint64_t want = c->effect == REG ? UINT64_C(1) << sysreg_index(c->reg) : 0;

		effects_at(f, CODE + 16 * (uint32_t)i, code, len, c->thumb, &fx);
		/* Unknown says it all: lr and writes are then of no use. */
		if (fx.unknown != (c->effect == UNKNOWN) ||
		    (!fx.unknown && (fx.lr != (c->effect == LR) || fx.writes != want)))
			fail_msg("%s: unknown %d lr %d writes %#llx, wanted effect %d", c->text,
				 fx.unknown, fx.lr, (unsigned long long)fx.writes, c->effect);
	}
}

/* A block's effects are the union of its instructions'. */
static void test_block_union(void **state)
{
	struct fixture *f = *state;
	const uint32_t code[] = {
		0xee0c1f10,	/* mcr p15, 0, r1, c12, c0, 0 (VBAR) */
		0xe320f000,	/* nop */
		0xe1a0e000,	/* mov lr, r0 */
		0xee8c1f10,	/* mcr p15, 4, r1, c12, c0, 0 (HVBAR) */
	};
	struct block_effects fx;

	effects_at(f, CODE + 0x1000, code, sizeof(code), false, &fx);
	assert_false(fx.unknown);
	assert_true(fx.lr);
	assert_int_equal(fx.writes, (UINT64_C(1) << sysreg_index("VBAR")) |
				    (UINT64_C(1) << sysreg_index("HVBAR")));
}

/*
 * The cache answers by address, instruction set and size, without
 * reading the code again: new bytes need block_cache_clear.
 */
static void test_cache_keys(void **state)
{
	struct fixture *f = *state;
	const uint32_t a = CODE + 0x2000;
	const uint32_t nop_mcr[] = { 0xe320f000, 0xee0c1f10 };	/* nop; mcr VBAR */
	const uint32_t mov_lr = 0xe1a0e000;
	struct block_effects fx;

	assert_int_equal(uc_mem_write(f->uc, a, nop_mcr, sizeof(nop_mcr)), UC_ERR_OK);
	block_cache_effects(f->cache, f->uc, a, 4, false, &fx);
	assert_false(fx.unknown || fx.lr || fx.writes);
	/* The same address, a longer block: read again. */
	block_cache_effects(f->cache, f->uc, a, 8, false, &fx);
	assert_int_equal(fx.writes, UINT64_C(1) << sysreg_index("VBAR"));
	/* The same bytes as T32 are another block: f000 e320 is a BLX. */
	block_cache_effects(f->cache, f->uc, a, 4, true, &fx);
	assert_true(fx.lr);
	block_cache_effects(f->cache, f->uc, a, 4, false, &fx);
	assert_false(fx.lr);

	/* New bytes under a cached key: the old answer until the cache is cleared. */
	block_cache_effects(f->cache, f->uc, a, 8, false, &fx);
	effects_at(f, a + 4, &mov_lr, 4, false, &fx);
	block_cache_effects(f->cache, f->uc, a, 8, false, &fx);
	assert_int_equal(fx.writes, UINT64_C(1) << sysreg_index("VBAR"));
	assert_false(fx.lr);
	block_cache_clear(f->cache);
	block_cache_effects(f->cache, f->uc, a, 8, false, &fx);
	assert_int_equal(fx.writes, 0);
	assert_true(fx.lr);
}

/* Blocks that cannot be read are unknown: empty, too long, unmapped. */
static void test_unreadable(void **state)
{
	struct fixture *f = *state;
	struct block_effects fx;

	block_cache_effects(f->cache, f->uc, CODE, 0, false, &fx);
	assert_true(fx.unknown);
	block_cache_effects(f->cache, f->uc, CODE, 1u << 20, false, &fx);
	assert_true(fx.unknown);
	block_cache_effects(f->cache, f->uc, 0x80000000u, 4, false, &fx);
	assert_true(fx.unknown);
	/* Half an A32 instruction. */
	block_cache_effects(f->cache, f->uc, CODE + 0x3000, 2, false, &fx);
	assert_true(fx.unknown);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_instruction),
		cmocka_unit_test(test_block_union),
		cmocka_unit_test(test_cache_keys),
		cmocka_unit_test(test_unreadable),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

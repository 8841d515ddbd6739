/*
 * The constant finder on small pieces of code, each assembled once (by
 * the clang the stubs are built with) and kept here as words with their
 * source beside them: which values it records, of which kind, and which
 * it must not; and the numbers derived from a value on each arch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch.h"
#include "bits.h"
#include "constants.h"
#include "image.h"

struct want {
	uint64_t value;
	enum constant_kind kind;
};

static void find(const struct arch_desc *a, const uint32_t *words, size_t nwords,
		 struct fn_constants *c)
{
	assert_int_equal(constants_find(a, (const uint8_t *)words, nwords * 4, 0, c), 0);
	assert_false(c->truncated);
}

static void expect_values(const struct fn_constants *c, const struct want *w, size_t n)
{
	for (size_t i = 0; i < n && i < c->n; i++) {
		if (c->value[i] != w[i].value || c->kind[i] != w[i].kind)
			fail_msg("value %zu: 0x%llx (kind %d), expected 0x%llx (kind %d)", i,
				 (unsigned long long)c->value[i], c->kind[i],
				 (unsigned long long)w[i].value, w[i].kind);
	}
	assert_int_equal(c->n, n);
}

/*
 * KVM's hyp-init's shape: a bound, then the number compared with a
 * register loaded first; the stub's own calls below the bound. What x0
 * holds after x0 = x1 is no longer the number.
 */
static const uint32_t a64_bound_and_register[] = {
	0xf1000c1f,	/*	cmp	x0, #3 */
	0x540000c3,	/*	b.lo	1f */
	0xd2b8c003,	/*	mov	x3, #0xc6000000 */
	0xeb03001f,	/*	cmp	x0, x3 */
	0x54000100,	/*	b.eq	2f */
	0x92800000,	/*	mov	x0, #-1 */
	0xd69f03e0,	/*	eret */
	0xf100041f,	/* 1:	cmp	x0, #1 */
	0x54000041,	/*	b.ne	3f */
	0xd69f03e0,	/*	eret */
	0xf100081f,	/* 3:	cmp	x0, #2 */
	0xd69f03e0,	/*	eret */
	0xaa0103e0,	/* 2:	mov	x0, x1 */
	0xf1001c1f,	/*	cmp	x0, #7		not the number */
	0xd69f03e0,	/*	eret */
};

static void test_a64_bound_and_register(void **state)
{
	static const struct want want[] = {
		{ 3, CONST_CMP }, { 0, CONST_TABLE }, { 1, CONST_TABLE }, { 2, CONST_TABLE },
		{ 0xc6000000, CONST_CMP_REG },
	};
	struct fn_constants c;

	(void)state;
	find(&aarch64_desc, a64_bound_and_register,
	     sizeof(a64_bound_and_register) / sizeof(a64_bound_and_register[0]), &c);
	expect_values(&c, want, sizeof(want) / sizeof(want[0]));
	assert_int_equal(c.where[4], 3 * 4);	/* cmp x0, x3 */
}

/* Views of the number (a mask, w0, a copy), bit tests, a literal; a call forgets x0-x18. */
static const uint32_t a64_views[] = {
	0x92401c05,	/*	and	x5, x0, #0xff */
	0xf10080bf,	/*	cmp	x5, #0x20 */
	0x7100241f,	/*	cmp	w0, #9 */
	0x3100041f,	/*	cmn	w0, #1 */
	0xb7f80160,	/*	tbnz	x0, #63, 1f */
	0xb4000140,	/*	cbz	x0, 1f */
	0x58000143,	/*	ldr	x3, =0x123456789 */
	0xeb00007f,	/*	cmp	x3, x0 */
	0xaa0003e9,	/*	mov	x9, x0 */
	0xd28000a0,	/*	mov	x0, #5 */
	0xf100113f,	/*	cmp	x9, #4 */
	0xf100141f,	/*	cmp	x0, #5		a constant now */
	0x94000003,	/*	bl	1f */
	0xf1002d3f,	/*	cmp	x9, #11		forgotten by the call */
	0xf100327f,	/*	cmp	x19, #12	never the number */
	0xd69f03e0,	/* 1:	eret */
	0x23456789, 0x00000001,	/* the literal */
};

static void test_a64_views(void **state)
{
	static const struct want want[] = {
		{ 0x20, CONST_CMP }, { 9, CONST_CMP }, { 0xffffffff, CONST_CMP },
		{ BIT64(63), CONST_BIT }, { 0, CONST_ZERO }, { 0x123456789, CONST_CMP_REG },
		{ 4, CONST_CMP },
	};
	struct fn_constants c;

	(void)state;
	find(&aarch64_desc, a64_views, sizeof(a64_views) / sizeof(a64_views[0]), &c);
	expect_values(&c, want, sizeof(want) / sizeof(want[0]));
}

/* A32: teq, a conditional compare, movw/movt, a literal, a byte view. */
static const uint32_t a32_compares[] = {
	0xe3300001,	/*	teq	r0, #1 */
	0x13500c01,	/*	cmpne	r0, #0x100 */
	0xe3003000,	/*	movw	r3, #0 */
	0xe34c3600,	/*	movt	r3, #0xc600 */
	0xe1500003,	/*	cmp	r0, r3 */
	0xe59f2014,	/*	ldr	r2, =0x8badf00d */
	0xe1500002,	/*	cmp	r0, r2 */
	0xe6efc070,	/*	uxtb	ip, r0 */
	0xe35c0002,	/*	cmp	ip, #2 */
	0xe1a00001,	/*	mov	r0, r1 */
	0xe3500006,	/*	cmp	r0, #6		not the number */
	0xe12fff1e,	/*	bx	lr */
	0x8badf00d,	/* the literal */
};

static void test_a32_compares(void **state)
{
	static const struct want want[] = {
		{ 1, CONST_CMP }, { 0x100, CONST_CMP }, { 0xc6000000, CONST_CMP_REG },
		{ 0x8badf00d, CONST_CMP_REG }, { 2, CONST_CMP },
	};
	struct fn_constants c;

	(void)state;
	find(&aarch32_desc, a32_compares, sizeof(a32_compares) / sizeof(a32_compares[0]), &c);
	expect_values(&c, want, sizeof(want) / sizeof(want[0]));
}

/*
 * Saved on the stack and loaded back, x0/r0 holds the number again (KVM's
 * host vectors); what the syndrome read put there in between is not it.
 */
static const uint32_t a64_stack[] = {
	0xa9bf07e0,	/*	stp	x0, x1, [sp, #-16]! */
	0xd53c5200,	/*	mrs	x0, esr_el2 */
	0xf100581f,	/*	cmp	x0, #0x16	the exception class */
	0xa8c107e0,	/*	ldp	x0, x1, [sp], #16 */
	0xf1000c1f,	/*	cmp	x0, #3 */
	0xf81f0fe2,	/*	str	x2, [sp, #-16]! */
	0xf84107e1,	/*	ldr	x1, [sp], #16	x2's, not the number */
	0xf100103f,	/*	cmp	x1, #4 */
	0xd69f03e0,	/*	eret */
};
static const uint32_t a32_stack[] = {
	0xe92d400f,	/*	push	{r0-r3, lr} */
	0xee950f12,	/*	mrc	p15, 4, r0, c5, c2, 0	HSR */
	0xe3500012,	/*	cmp	r0, #0x12	the exception class */
	0xe8bd400f,	/*	pop	{r0-r3, lr} */
	0xe3300005,	/*	teq	r0, #5 */
	0xe12fff1e,	/*	bx	lr */
};

static void test_stack(void **state)
{
	static const struct want three = { 3, CONST_CMP }, five = { 5, CONST_CMP };
	struct fn_constants c;

	(void)state;
	find(&aarch64_desc, a64_stack, sizeof(a64_stack) / sizeof(a64_stack[0]), &c);
	expect_values(&c, &three, 1);
	find(&aarch32_desc, a32_stack, sizeof(a32_stack) / sizeof(a32_stack[0]), &c);
	expect_values(&c, &five, 1);
}

/* A loop walks once; what runs past the code is not read. */
static void test_bounded(void **state)
{
	static const uint32_t loop[] = {
		0xf100081f,	/* 1:	cmp	x0, #2 */
		0x54ffffe1,	/*	b.ne	1b */
	};
	struct fn_constants c;

	(void)state;
	find(&aarch64_desc, loop, 2, &c);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.value[0], 2);
	assert_int_equal(c.insns, 2);
	assert_int_equal(constants_find(&aarch64_desc, (const uint8_t *)loop, 8, 8, &c), 0);
	assert_int_equal(c.n, 0);
}

static void expect_numbers(const struct arch_desc *a, uint64_t value, const uint64_t *want,
			   unsigned int n)
{
	struct fn_constants c = { .value = { value }, .n = 1 };
	uint64_t got[CONSTANTS_MAX_NUMBERS];
	bool truncated;

	assert_int_equal(constants_numbers(a, &c, got, CONSTANTS_MAX_NUMBERS, &truncated), n);
	assert_false(truncated);
	for (unsigned int i = 0; i < n; i++)
		if (got[i] != want[i])
			fail_msg("%s number %u: 0x%llx, expected 0x%llx", a->name, i,
				 (unsigned long long)got[i], (unsigned long long)want[i]);
}

/* A number, its neighbours, then its aliases past a byte, a halfword, a word; the top bit. */
static void test_numbers(void **state)
{
	static const uint64_t a64[] = {
		2, 1, 3, 0x102, 0x10002, BIT64(32) | 2, BIT64(63) | 2,
	};
	static const uint64_t a64_zero[] = {
		0, UINT64_MAX, 1, 0x100, 0x10000, BIT64(32), BIT64(63),
	};
	static const uint64_t a32[] = { 2, 1, 3, 0x102, 0x10002, 0x80000002 };
	static const uint64_t a32_top[] = {
		0x80000000, 0x7fffffff, 0x80000001, 0x80000100, 0x80010000, 0,
	};

	(void)state;
	expect_numbers(&aarch64_desc, 2, a64, sizeof(a64) / sizeof(a64[0]));
	expect_numbers(&aarch64_desc, 0, a64_zero, sizeof(a64_zero) / sizeof(a64_zero[0]));
	expect_numbers(&aarch32_desc, 2, a32, sizeof(a32) / sizeof(a32[0]));
	expect_numbers(&aarch32_desc, 0x80000000, a32_top, sizeof(a32_top) / sizeof(a32_top[0]));
}

/* Numbers that do not fit are said to be missing; those that do are each kept once. */
static void test_numbers_truncated(void **state)
{
	struct fn_constants c = { .value = { 2, 3 }, .n = 2 };
	uint64_t got[8];
	bool truncated;

	(void)state;
	assert_int_equal(constants_numbers(&aarch64_desc, &c, got, 8, &truncated), 8);
	assert_true(truncated);
	assert_int_equal(got[7], 4);	/* 3's neighbours: 2 is there already */
}

/* A placed stub: the segment with its hvc entry is walked, from that entry. */
static void test_of_stub(void **state)
{
	uint8_t code[0x408] = { 0 };
	struct stub_image img = { .nseg = 1 };
	struct fn_constants c;

	(void)state;
	memcpy(code + 0x400, a64_views + 2, 8);	/* cmp w0, #9; cmn w0, #1 */
	img.seg[0] = (struct segment){ .addr = 0x40000000, .size = sizeof(code), .data = code };
	assert_int_equal(constants_of_stub(&aarch64_desc, &img, 0x40000000, &c), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.value[0], 9);
	assert_int_equal(constants_of_stub(&aarch64_desc, &img, 0x50000000, &c), 0);
	assert_int_equal(c.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a64_bound_and_register),
		cmocka_unit_test(test_a64_views),
		cmocka_unit_test(test_a32_compares),
		cmocka_unit_test(test_stack),
		cmocka_unit_test(test_bounded),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_numbers_truncated),
		cmocka_unit_test(test_of_stub),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

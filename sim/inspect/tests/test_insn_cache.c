/*
 * Through the cache, Capstone says what it says without it: the same
 * instruction (id, size, text, address) or the same refusal, for random
 * words and the kinds whose text names an address (branches, adr, adrp,
 * literal loads), each met at several addresses so later meetings come
 * from the cache.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch.h"
#include "disasm.h"
#include "insn_cache.h"
#include "rng.h"

#define WORDS		65536
#define PLACES		4	/* addresses each word is met at */

/* Words whose text depends on where they are, and some whose does not. */
static const uint32_t a64_words[] = {
	0x14000010,	/* b +0x40 */
	0x94000010,	/* bl +0x40 */
	0x54000080,	/* b.eq +0x10 */
	0xb4000080,	/* cbz x0, +0x10 */
	0x36000080,	/* tbz w0, #0, +0x10 */
	0x10000080,	/* adr x0, +0x10 */
	0x90000000,	/* adrp x0, 0 */
	0x58000080,	/* ldr x0, literal +0x10 */
	0xf100041f,	/* cmp x0, #1 */
	0xd69f03e0,	/* eret */
	0xd51cc000,	/* msr vbar_el2, x0 */
	0x00000000,	/* udf #0 */
	0xffffffff,	/* unallocated */
};
static const uint32_t a32_words[] = {
	0xea000010,	/* b +0x48 */
	0x0a000010,	/* beq +0x48 */
	0xeb000010,	/* bl +0x48 */
	0xe59f0010,	/* ldr r0, [pc, #0x10] */
	0xe28f0010,	/* add r0, pc, #0x10 (adr) */
	0xe3500001,	/* cmp r0, #1 */
	0xe160006e,	/* eret */
	0xe12fff1e,	/* bx lr */
	0xffffffff,	/* unallocated */
};

static void same_as_capstone(const struct arch_desc *a, const uint32_t *fixed, size_t nfixed)
{
	struct disasm d;
	struct insn_cache *c;
	struct insn_decoder dec;
	cs_insn *plain, *cached;
	struct rng seed = { 1 };
	static uint32_t words[WORDS];

	assert_int_equal(disasm_open(&d, a), 0);
	assert_non_null(c = insn_cache_new());
	assert_int_equal(insn_decoder_open(&dec, c, d.cs), 0);
	plain = cs_malloc(d.cs);
	cached = cs_malloc(d.cs);
	for (size_t i = 0; i < WORDS; i++)
		words[i] = i < nfixed ? fixed[i] : (uint32_t)rng_next(&seed);
	for (unsigned int place = 0; place < PLACES; place++)
		for (size_t i = 0; i < WORDS; i++) {
			uint64_t at = 0x40000000 + place * 0x1234560 + i * 4;
			const uint8_t *p1 = (const uint8_t *)&words[i], *p2 = p1;
			size_t n1 = 4, n2 = 4;
			uint64_t a1 = at, a2 = at;
			bool ok1 = cs_disasm_iter(d.cs, &p1, &n1, &a1, plain);
			bool ok2 = insn_decode(&dec, &p2, &n2, &a2, cached);

			assert_int_equal(ok2, ok1);
			assert_int_equal(n2, n1);
			assert_int_equal(a2, a1);
			assert_ptr_equal(p2, p1);
			if (!ok1)
				continue;
			assert_int_equal(cached->id, plain->id);
			assert_int_equal(cached->size, plain->size);
			assert_int_equal(cached->address, plain->address);
			assert_memory_equal(cached->bytes, plain->bytes, plain->size);
			assert_string_equal(cached->mnemonic, plain->mnemonic);
			assert_string_equal(cached->op_str, plain->op_str);
		}
	cs_free(plain, 1);
	cs_free(cached, 1);
	insn_decoder_close(&dec);
	insn_cache_free(c);
	disasm_close(&d);
}

static void test_a64(void **state)
{
	(void)state;
	same_as_capstone(&aarch64_desc, a64_words, sizeof(a64_words) / sizeof(a64_words[0]));
}

static void test_a32(void **state)
{
	(void)state;
	same_as_capstone(&aarch32_desc, a32_words, sizeof(a32_words) / sizeof(a32_words[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a64),
		cmocka_unit_test(test_a32),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

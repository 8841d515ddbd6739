/*
 * What the crosscheck harnesses of both arches share: the semihosting
 * calls, filling a page with one instruction, copying the stub's image
 * into place before every call, and the harness's data. harness_arm64.S
 * and harness_arm.S include it after naming, with the C preprocessor:
 *
 *   SEMIHOST_TRAP	the instruction that makes a semihosting call
 *   XC_WORD		the directive of a register-sized word (.quad, .word)
 *   REG(n)		general register n (x0, r0)
 *   REG32(n)		its low 32 bits (w0, r0)
 *
 * and define the macro copy16 (16 bytes from [src] to [dst], both
 * post-incremented, through registers other than 0 .. 4). The macros here
 * use registers 0 .. 5. Conditional branches are written bne, beq, blo:
 * clang's AArch64 assembler takes them for b.ne, b.eq, b.lo.
 */
#ifndef HYPABI_HARNESS_COMMON_S
#define HYPABI_HARNESS_COMMON_S

#define SEMI_OPEN		0x01
#define SEMI_CLOSE		0x02
#define SEMI_WRITE0		0x04
#define SEMI_WRITE		0x05
#define SEMI_EXIT		0x18
#define ADP_EXIT_OK		0x20026
#define ADP_EXIT_ERROR		0x20024
#define SEMI_OPEN_WB		5

	/* Semihosting operation op with arg (a parameter block); the result in REG(0). */
	.macro	semihost op, arg
	mov	REG(0), #\op
	mov	REG(1), \arg
	SEMIHOST_TRAP
	.endm

	/* Fill [base, base + size) with the 32-bit word val. */
	.macro	fill base, size, val
	ldr	REG(0), =\base
	ldr	REG(1), =\size
	ldr	REG32(2), =\val
1:	str	REG32(2), [REG(0)], #4
	subs	REG(1), REG(1), #4
	bne	1b
	.endm

	/* The stub's image, as loaded: the segments the case blob at blob lists. */
	.macro	copy_segments blob
	ldr	REG(3), [\blob, #XC_HDR_NSEGS]
	add	REG(4), \blob, #XC_HDR_SEGS
4:	cmp	REG(3), #0
	beq	6f
	ldr	REG(0), [REG(4), #XC_SEG_ADDR]
	ldr	REG(1), [REG(4), #XC_SEG_SIZE]
	ldr	REG(2), [REG(4), #XC_SEG_OFFSET]
	add	REG(2), REG(2), \blob
	orr	REG(5), REG(0), REG(2)		/* 16 bytes at a time when both are aligned */
	tst	REG(5), #15
	bne	5f
8:	cmp	REG(1), #16
	blo	5f
	copy16	REG(0), REG(2)
	sub	REG(1), REG(1), #16
	b	8b
5:	cmp	REG(1), #0
	beq	7f
	ldrb	REG32(5), [REG(2)], #1
	strb	REG32(5), [REG(0)], #1
	sub	REG(1), REG(1), #1
	b	5b
7:	add	REG(4), REG(4), #XC_SEG_ENTRY
	sub	REG(3), REG(3), #1
	b	4b
6:
	.endm

	/* The case counter, the records' file and the message of a failure. */
	.macro	harness_data
	.data
	.balign	8
case_index:	XC_WORD	0
out_handle:	XC_WORD	0
open_args:	XC_WORD	out_name, SEMI_OPEN_WB, out_name_end - out_name - 1
write_args:	XC_WORD	0, 0, XC_REC_SIZE
out_name:	.asciz	"xc-records.bin"
out_name_end:
failed_msg:	.asciz	"crosscheck harness: unexpected exception or bad case blob\n"
	.endm

#endif

/*
 * Literal helpers shared by C and assembly. Under __ASSEMBLER__ the typed
 * suffixes disappear, so the stubs' assembly and the C sources use the same names.
 */
#ifndef HYPABI_BITS_H
#define HYPABI_BITS_H

#ifdef __ASSEMBLER__
#define U(x)	(x)
#define ULL(x)	(x)
#else
#define U(x)	(x##U)
#define ULL(x)	(x##ULL)
#endif

#define BIT32(n)	(U(1) << (n))
#define BIT64(n)	(ULL(1) << (n))
/* A mask of `w` bits starting at bit `s` (64-bit). */
#define MASK64(s, w)	(((ULL(1) << (w)) - ULL(1)) << (s))

#endif

/*
** compiler.h: what every source file asks of the compiler: inlining hints
** and no contraction of floating-point expressions. Header only.
**
** 2026-11-25: one place for the inlining hints that four files defined each
** for themselves (as SQLite's SQLITE_NOINLINE, hints where the compiler has
** them, nothing elsewhere).
**
** 2026-11-25: The error-free transformations (TwoSum, Dekker's split, the
** remainder of a division) and the non-rounding sums of ext/batchsum.c need
** every operation rounded as written: a * b + c fused into one fma would give
** other bits (and break the exactness proofs). clang fuses within an
** expression by default where the target has an fma instruction (arm64;
** x86-64 with -mfma or -march=native), so this header turns that off in every
** file that includes it (dd.h includes it, and so nearly every file). gcc
** does not fuse in ISO C mode (-std=c11, as the Makefile builds); a program
** compiling these sources with -std=gnu* should add -ffp-contract=off
** (docs/clients.md).
*/
#ifndef NORM_COMPILER_H
#define NORM_COMPILER_H

#if defined(__GNUC__) || defined(__clang__)
#define NORM_ALWAYS_INLINE __attribute__((always_inline))
#define NORM_NOINLINE __attribute__((noinline))
#else
#define NORM_ALWAYS_INLINE
#define NORM_NOINLINE
#endif

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

#endif

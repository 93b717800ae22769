/*
** fastfma.h: running a double-double routine with the CPU's fma instruction
** when the CPU has one (x86-64 with gcc or clang), else as compiled for the
** baseline, where each fma() is a call into the C library.
**
** The result is the same either way: fma() is correctly rounded in both, and
** nothing else may be fused. gcc fuses nothing under -std=c11 (its
** -ffp-contract=off); clang fuses a * b + c within an expression by default
** when the target has an fma, which compiler.h (included here and by dd.h)
** turns off. Include this header before dd.h all the same (it checks), so
** that its settings come first for dd.h's inline functions, which the
** variants inline. Unit tests compare the two variants bit for bit
** (tests/unit/test_fastpaths.c).
**
** 2026-11-25: the double-double square root and division of a standard
** deviation cost about 250 instructions per call with fma() calls (SSE2
** two-operand code and the registers saved around each call), about 130
** with the instruction (tests/bench pair 4 computes one per row).
*/
#ifndef NORM_FASTFMA_H
#define NORM_FASTFMA_H

#if defined(NORM_DD_H)
#error "include fastfma.h before dd.h: its pragma must cover dd.h's inline functions"
#endif

#include "compiler.h" /* for clang: #pragma STDC FP_CONTRACT OFF */

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(NORM_NO_FMA_DISPATCH)
#define NORM_FMA_DISPATCH 1
/* A function compiled for CPUs with the fma instruction, everything it
** calls inlined (so compiled so too). */
#define NORM_TARGET_FMA __attribute__((target("fma"), flatten))
/* Whether this CPU has it (libgcc's or compiler-rt's cpu model, read-only). */
#define NORM_CPU_HAS_FMA() __builtin_cpu_supports("fma")
#else
#define NORM_FMA_DISPATCH 0
#define NORM_CPU_HAS_FMA() 0
#endif

#endif

/*
** batchsum.h: adding a batch of doubles and of their squares to two exact
** sums (exactsum.h) at once, for less work per value than one xs_add and one
** xs_add_square each. Pure C, no SQLite.
**
** Requirements (tests/unit/test_batchsum.c cites them):
**  1. batch_fold(s, q, x, n) leaves s holding exactly its old value plus the
**     sum of x[0..n), and q its old value plus the sum of x[i]^2: the same
**     numbers xs_add and xs_add_square give one value at a time, whatever
**     the values (finite doubles of any sign and magnitude, subnormals,
**     zeros, -0.0).
**  2. Nothing is allocated and nothing can fail.
**
** 2026-11-25: The scheme. A batch's values are mostly within a few binary
** orders of its largest one (the bound: the accumulator passes the extremes
** of what is in). The values whose biased exponents lie in the BATCH_WINDOW
** binades base..top below it (the "window") are multiples of one grid,
** 2^(base-1075), and below 2^t = 2^(top-1022):
**   - M = x * 2^(1075-base) is an integer below 2^60 in magnitude, computed
**     exactly by one multiplication (a power of two) and one conversion;
**     x^2 = M*M on the squared grid, and the sum of the 128-bit M*M stays
**     below 2^128 for BATCH_MAX_ROWS values.
**   - the sum of x is kept in two doubles that never round: h, x rounded to
**     a multiple of 2^(t-45) (by adding and subtracting 1.5 * 2^(t+7)), and
**     l = x - h, exact. The h are at most 2^t, so BATCH_MAX_ROWS of them
**     stay within 2^53 units of 2^(t-45); the l are multiples of 2^(t-60) of
**     at most 2^(t-46). Two xs_add calls take them.
** The 128-bit sum of squares is cut into pieces of 52 bits (exact doubles)
** for xs_add_scaled. Values outside the window (far below the largest,
** zeros, subnormals) take xs_add and xs_add_square one by one, and so do
** short batches (below BATCH_MIN_ROWS), for which the pieces cost more than
** they save, and windows at the ends of the exponent range (where the
** constants above would overflow or the grid become subnormal). Without
** 128-bit integers, or where doubles are evaluated in a wider format
** (FLT_EVAL_METHOD not 0), every value takes the one-by-one path.
** When the caller knows bounds on the magnitudes from both sides (the
** extremes of an accumulator whose values have one sign) and the window
** holds them, the loop does not check the values one by one.
**   Per value in the window the loop is about 16 instructions (callgrind;
** 22 with the checks), against about 50 for xs_add and xs_add_square.
** 2026-11-25: Why not a floating-point error-free extraction of the squares
** too (Rump, Ogita and Oishi's ExtractVector over Veltkamp-split products):
** each square needs three exact products and each product stream its own
** extraction (two levels for typical data), about 30 operations a value
** against about 12 for the integer square here; there is no hardware FMA on
** baseline x86-64 (fma() is a library call).
*/
#ifndef NORM_BATCHSUM_H
#define NORM_BATCHSUM_H

#include "exactsum.h"

#define BATCH_MAX_ROWS 256 /* the most values one call may fold */
#define BATCH_MIN_ROWS 32  /* fewer take the one-by-one path */
#define BATCH_WINDOW 8     /* binades on the common grid: M < 2^(53 + 7) */

/* Adds x[0..n) to s and their squares to q, exactly; n <= BATCH_MAX_ROWS.
** The values must be finite. bound, when positive and finite, places the
** window (otherwise the batch is scanned for its largest |x[i]|); it should
** be at least every |x[i]|: a smaller one only costs speed, unless `least`
** is given too. least, when positive, must be at most every |x[i]| and
** bound then at least every |x[i]|: when both lie in the window, the values
** are not checked one by one. */
void batch_fold(ExactSum *s, ExactSum *q, const double *x, int n, double bound, double least);

#endif

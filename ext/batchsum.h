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
** 2026-11-25: The scheme. The values of a batch whose binary exponents lie in
** the BATCH_WINDOW binades below the batch's largest exponent are turned
** into integers on one common grid (the lowest bit of the lowest binade):
** M = significand << (exponent - base), below 2^63. Their sum (at most
** BATCH_MAX_ROWS of them: below 2^71) is kept in one 128-bit integer, the sum
** of the 128-bit squares M*M in 192 bits (a 128-bit integer and a count of its
** wrap-arounds). Every step is integer arithmetic, so exact; at the end the
** two integers are cut into pieces of at most 52 bits, each an exact double,
** and added with xs_add_scaled at the grid's exponent. Values outside the
** window (much smaller than the largest, zeros, subnormals) take xs_add and
** xs_add_square one by one. Short batches (below BATCH_MIN_ROWS) take that
** path for every value: the pieces cost more than they save.
** Why not a floating-point error-free extraction (Rump, Ogita and Oishi's
** ExtractVector) with Veltkamp-split squares: the squares need three exact
** products and an extraction for each (two levels for typical data), about
** 30 floating-point operations a value against about 20 integer ones here,
** and the proof of exactness is longer. Without 128-bit integers every value
** takes the one-by-one path.
*/
#ifndef NORM_BATCHSUM_H
#define NORM_BATCHSUM_H

#include "exactsum.h"

#define BATCH_MAX_ROWS 256 /* the most values one call may fold */
#define BATCH_MIN_ROWS 32  /* fewer take the one-by-one path */
#define BATCH_WINDOW 8     /* binades on the common grid: M < 2^(53 + 7) */

/* Adds x[0..n) to s and their squares to q, exactly; n <= BATCH_MAX_ROWS.
** The values must be finite. bound, when positive and finite, is at least
** the largest |x[i]| (it places the window; a wrong bound costs speed, not
** exactness); otherwise the batch is scanned for it. */
void batch_fold(ExactSum *s, ExactSum *q, const double *x, int n, double bound);

#endif

/*
** batchsum.c: the batched exact fold (see batchsum.h for the scheme).
*/
#include "batchsum.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* The one-by-one path. */
static void fold_each(ExactSum *s, ExactSum *q, const double *x, int n) {
  for (int i = 0; i < n; i++) {
    xs_add(s, x[i]);
    xs_add_square(q, x[i], 0);
  }
}

/* The window needs 128-bit integers and doubles evaluated in double
** (FLT_EVAL_METHOD 0, as on x86-64 and ARM), like the band of vecacc.c. */
#if defined(__SIZEOF_INT128__) && defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0

#define FRACTION_MASK 0xFFFFFFFFFFFFFull
#define PIECE_BITS 52
#define PIECE_MASK ((1ull << PIECE_BITS) - 1)
#define BATCH_TOP_MAX 2000 /* 1.5 * 2^(t+7) stays finite */
#define BATCH_TOP_MIN 100  /* the window's grid 2^(t-60) stays normal */

/* The biased exponent of the largest |x[i]|. */
static int top_exponent(const double *x, int n) {
  double m0 = 0.0, m1 = 0.0; /* two chains, so that the loop does not wait on one */
  int i = 0;
  for (; i + 1 < n; i += 2) {
    double a = fabs(x[i]), b = fabs(x[i + 1]);
    m0 = a > m0 ? a : m0;
    m1 = b > m1 ? b : m1;
  }
  if (i < n) {
    double a = fabs(x[i]);
    m0 = a > m0 ? a : m0;
  }
  double m = m0 > m1 ? m0 : m1;
  uint64_t bits;
  memcpy(&bits, &m, sizeof bits);
  return (int)(bits >> 52);
}

/* Adds mag * 2^k in pieces of PIECE_BITS bits (each an exact double). */
static void add_pieces(ExactSum *s, unsigned __int128 mag, int k) {
  for (int j = 0; mag != 0; j++) {
    xs_add_scaled(s, (double)(uint64_t)(mag & PIECE_MASK), k + PIECE_BITS * j);
    mag >>= PIECE_BITS;
  }
}

/* A double from its bits. */
static double from_bits(uint64_t bits) {
  double x;
  memcpy(&x, &bits, sizeof x);
  return x;
}

/* The window loop (see batchsum.h). The window holds the values of biased
** exponent base..top, that is the magnitudes in [2^(base-1023), 2^t) with
** t = top - 1022. For each: M = x * 2^(1075-base), an integer below 2^60
** in magnitude (x is a multiple of 2^(base-1075)), exact in the
** multiplication and the conversion; the sum of M*M (below 2^128 for BATCH_MAX_ROWS of them); and
** the two parts of the sum of x: h, x rounded to a multiple of 2^(t-45) by
** adding and subtracting `round` (1.5 * 2^(t+7)), and l = x - h. Both parts
** are exact, and so are their sums: the h are multiples of 2^(t-45) of at
** most 2^t, so BATCH_MAX_ROWS of them stay within 2^53 units; the l are
** multiples of 2^(t-60) of at most 2^(t-46). The other values are listed in
** `outside`; returns how many. */
static inline void window_add(double v, double scale, double round, unsigned __int128 *squares, double *high,
                              double *low) {
  int64_t m = (int64_t)(v * scale); /* |m| < 2^60 */
  *squares += (unsigned __int128)((__int128)m * m);
  double h = (v + round) - round;
  *high += h;
  *low += v - h;
}

static int fold_window(const double *x, int n, int base, int top, int checked, double *high_out, double *low_out,
                       unsigned __int128 *squares_out, uint8_t *outside) {
  const double lowest = from_bits((uint64_t)base << 52);                      /* 2^(base-1023) */
  const double beyond = from_bits((uint64_t)(top + 1) << 52);                 /* 2^t */
  const double scale = from_bits((uint64_t)(2098 - base) << 52);              /* 2^(1075-base) */
  const double round = from_bits(((uint64_t)(top + 8) << 52) | (1ull << 51)); /* 1.5 * 2^(t+7) */
  unsigned __int128 squares = 0;
  double high = 0.0, low = 0.0;
  int listed = 0;
  if (!checked) { /* every value is known to lie in the window; two at a time */
    int i = 0;
    for (; i + 1 < n; i += 2) {
      window_add(x[i], scale, round, &squares, &high, &low);
      window_add(x[i + 1], scale, round, &squares, &high, &low);
    }
    if (i < n) window_add(x[i], scale, round, &squares, &high, &low);
  } else {
    for (int i = 0; i < n; i++) {
      double a = fabs(x[i]);
      if (!(a >= lowest && a < beyond)) { /* outside the window (or zero, or subnormal) */
        outside[listed++] = (uint8_t)i;
        continue;
      }
      window_add(x[i], scale, round, &squares, &high, &low);
    }
  }
  *high_out = high;
  *low_out = low;
  *squares_out = squares;
  return listed;
}

void batch_fold(ExactSum *s, ExactSum *q, const double *x, int n, double bound, double least) {
  int top;
  if (bound > 0.0 && bound <= DBL_MAX) {
    uint64_t bits;
    memcpy(&bits, &bound, sizeof bits);
    top = (int)(bits >> 52);
  } else {
    top = n >= BATCH_MIN_ROWS ? top_exponent(x, n) : 0;
  }
  /* Short batches, and windows whose constants would overflow or whose grid
  ** would be subnormal, take the one-by-one path. */
  if (n < BATCH_MIN_ROWS || top > BATCH_TOP_MAX || top < BATCH_TOP_MIN) {
    fold_each(s, q, x, n);
    return;
  }
  int base = top - (BATCH_WINDOW - 1);
  double high, low;
  unsigned __int128 squares;
  uint8_t outside[BATCH_MAX_ROWS];
  /* A bound and a least magnitude that the window holds spare the checks. */
  int checked = !(bound > 0.0 && bound <= DBL_MAX && least >= from_bits((uint64_t)base << 52));
  int listed = fold_window(x, n, base, top, checked, &high, &low, &squares, outside);
  for (int j = 0; j < listed; j++) {
    xs_add(s, x[outside[j]]);
    xs_add_square(q, x[outside[j]], 0);
  }
  xs_add(s, high); /* exact doubles (zeros are fine) */
  xs_add(s, low);
  /* |x| = M * 2^(base - 1075), so x^2 = M*M * 2^(2 * (base - 1075)). */
  add_pieces(q, squares, 2 * (base - 1075));
}

#else

void batch_fold(ExactSum *s, ExactSum *q, const double *x, int n, double bound, double least) {
  (void)bound;
  (void)least;
  fold_each(s, q, x, n);
}

#endif

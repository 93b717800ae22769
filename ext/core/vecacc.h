/*
** vecacc.h: the accumulator behind per-dimension fits of vectors (norm_fit
** and norm_merge over a column of vectors). Each dimension is accumulated
** exactly, like the scalar Accum (accum.h), in far less memory. Pure C, no
** SQLite.
**
** Requirements (tests/unit/test_vec.c and tests/oracle/test_vectors.py cite
** them):
**  1. Per dimension: the exact count, sum of w*x and sum of w*x^2, so the
**     finished mean and m2 are the same double-doubles the scalar path gives
**     for the same values (a 1-dimensional vector fit equals norm_fit(x)).
**  2. Adding and removing commute exactly: a sliding frame never drifts, and
**     removing every row leaves an exactly empty dimension.
**  3. A NaN element (a missing value) is skipped in its dimension only.
**  4. Min and max per dimension follow a sliding frame exactly, within the
**     limits in the note below.
**  5. A dimension without any value makes the whole state empty (NULL).
**
** 2026-11-25: Why not one ExactSum per dimension: 3 x 1.3 KB per dimension is
** 4 MB for 768 dimensions and 256 MB for 65,536, per group. A VecSum keeps
** the sum as 8 signed 64-bit chunks of 32 bits each (a 256-bit carry-save
** window, 80 bytes), placed on the first contribution so that values within
** about 2^96 of it, above or below, land in the window; values whose exact
** bits fall outside it go to an ExactSum allocated for that sum only (the
** "spill"), so the sum stays exact whatever the data. Float32 inputs lie
** within 2^24 of their own lowest set bit, so their squares are exact doubles
** and a whole float32 column fits the window unless its magnitudes span more
** than about 2^48 (squares 2^96); the spill then takes the outliers. Finishing
** adds the window into a copy of the spill and uses the scalar big-number
** steps (exactsum.h): mean = S / W, m2 = (W*Q - S^2) / W.
** 2026-11-25: Double-double Welford or Chan updates were rejected: their
** removal is not exact, and a spike (1e12 in a frame of values near 1e8)
** leaves an error near 1e24 * 2^-106 in m2 after it has left.
** 2026-11-25: Min and max. Each dimension tracks its rows with the monotonic
** queues of extrema.h, but an aggregate that is not (yet) a window stops
** doing so after VECACC_TRACK_ROWS rows, keeping from then on only the
** running min and max (two comparisons per value): a plain aggregate pays the
** queues for its first rows only. Those untracked rows are the "early" rows.
** After the caller marks the accumulator as a window (the first xValue),
** later rows are tracked again. Rows leave in the order they came, so early
** rows leave first: removing an early row that was not strictly inside the
** early min/max makes the extremes unknown until the last early row has left;
** from then on they are exact again. So frames that reach fewer than
** VECACC_TRACK_ROWS rows ahead of the current row (all the usual sliding
** frames) never lose their extremes. The queues of all dimensions together
** hold at most VECACC_QUEUE_BUDGET entries; beyond that they are dropped (as
** extrema.h does at its cap) and a leaving extreme makes min/max unknown
** until the frame empties. A state whose extremes are unknown in any
** dimension carries no min/max (the flags are per state).
** 2026-11-25: Speed. Each value is first offered to the band (below): plain
** double arithmetic, exact by construction, for values near the largest of
** their dimension with at most 24 significant bits (all float32 values but
** the tiniest); the rest take the VecSum path (about 10-30 ns a value).
*/
#ifndef NORM_VECACC_H
#define NORM_VECACC_H

#include <stdint.h>

#include "exactsum.h"
#include "extrema.h"
#include "moments.h"

#define VS_CHUNKS 8
#define VECACC_QUEUE_BUDGET (1 << 21)
#define VECACC_TRACK_ROWS 64

/* An exact sum: a carry-save window, and a spill for what falls outside. */
typedef struct VecSum {
  int64_t chunk[VS_CHUNKS]; /* chunk i is worth chunk[i] * 2^(base + 32*i) */
  int32_t base;             /* exponent of chunk 0's lowest bit, once placed */
  int16_t placed;           /* the window has been placed */
  int16_t adds;             /* additions since the last carry pass */
  ExactSum *spill;          /* contributions outside the window, or NULL */
} VecSum;

/* 2026-11-25: The band. Most values of a dimension lie within a few binary
** orders below its largest one, and float32 values carry 24 significant bits.
** For such values the sums are kept in plain doubles that provably never
** round, so the loop over a row is branch-free floating-point arithmetic that
** the compiler can vectorize:
**   each dimension has an anchor a (a power of two 2^a above its values);
**   a value x is "in the band" when |x| < 2^a and x is a multiple of
**   g = 2^(a-35) (checked exactly as (x + 1.5*2^52*g) - 1.5*2^52*g == x);
**   x is split exactly into xh, a multiple of 2^(a-12) (at most 13 bits),
**   and xl = x - xh (a multiple of g below 2^(a-12): at most 23 bits);
**   S += x, Q1 += xh*xh, Q2 += xh*xl, Q3 += xl*xl (x^2 = Q1 + 2 Q2 + Q3),
**   every product exact (at most 46 bits) and every partial sum a multiple
**   of its grid below 2^53 grid units for at most VECACC_BAND_ROWS rows
**   (S: 43 bits, Q1: 32, Q2: 42, Q3: 52).
** Every VECACC_BAND_ROWS rows (and before finishing) the four doubles are
** added exactly into the window sums and cleared. A value outside the band
** takes the general path (VecSum); one above it first moves the anchor up
** (after flushing). NaN fails every comparison: it is skipped. Exactness is
** unchanged: every part is exact and finishing adds them all. The band needs
** doubles evaluated in double (FLT_EVAL_METHOD 0, as on x86-64 and ARM);
** elsewhere it stays empty and every value takes the general path. */
#define VECACC_BAND_ROWS 256

/* Per dimension, the band and the counts (arrays over the dimensions). */
typedef struct VecBand {
  double *top;         /* 2^a, or 0 when the dimension has no anchor yet */
  double *grid_c;      /* 1.5 * 2^52 * 2^(a-35): rounds to the grid g */
  double *split_c;     /* 1.5 * 2^52 * 2^(a-12): rounds to 2^(a-12) */
  double *s;           /* sum of x in the band */
  double *q1;          /* sum of xh*xh */
  double *q2;          /* sum of xh*xl */
  double *q3;          /* sum of xl*xl */
  double *early_min;   /* min of the early rows still in (+Inf when none) */
  double *early_max;   /* max of the early rows still in (-Inf when none) */
  int64_t *rows;       /* unweighted values in (weight 1 each, not in w) */
  int64_t *early_left; /* early rows still in */
  int64_t *outside;    /* scratch: 1 where a row's value is outside the band */
} VecBand;

/* The rest of one dimension. */
typedef struct VecDim {
  VecSum s;          /* sum of w*x (x for unweighted rows), outside the band */
  VecSum q;          /* sum of w*x^2 */
  VecSum w;          /* weights of weighted rows and merged states */
  int64_t weighted;  /* weighted values and states in */
  int64_t no_minmax; /* states in without min/max */
  int early_unknown; /* an early extreme has left */
  Extrema later;     /* rows added after the window was marked */
} VecDim;

typedef struct VecAcc {
  uint32_t dims;     /* number of dimensions */
  int window;        /* marked as a window: track later rows */
  int tracking;      /* rows go to the queues (not yet early rows) */
  int64_t steps;     /* rows added before the window was marked */
  int64_t queued;    /* entries in all the queues */
  int64_t band_rows; /* rows since the band was last flushed */
  VecDim *dim;       /* dims entries */
  VecBand band;      /* dims entries in each array (one allocation) */
} VecAcc;

typedef enum VecAccResult { VECACC_OK = 0, VECACC_EMPTY = 1, VECACC_NOMEM = 2, VECACC_OVERFLOW = 3 } VecAccResult;

/* Allocates the dimensions of an accumulator. */
VecAccResult vecacc_init(VecAcc *a, uint32_t dims, const Allocator *al);

/* Adds (sign 1) or removes (sign -1) a row of dims values (NaN: missing).
** exact_squares says every x*x is an exact double (float32 inputs). */
VecAccResult vecacc_row(VecAcc *a, const double *x, int exact_squares, int sign, const Allocator *al);

/* The same with a frequency weight w > 0. */
VecAccResult vecacc_weighted_row(VecAcc *a, const double *x, double w, int sign, const Allocator *al);

/* Adds or removes the moments of dimension i of a state (with a count). */
VecAccResult vecacc_moments(VecAcc *a, uint32_t i, const Moments *m, int sign, const Allocator *al);

/* Ends a row of vecacc_moments calls (budget of the queues). */
VecAccResult vecacc_end_row(VecAcc *a, const Allocator *al);

/* Finishes dimension i. VECACC_EMPTY when it holds nothing. */
VecAccResult vecacc_finish(VecAcc *a, uint32_t i, Moments *out);

/* 1 when min and max are known in every dimension. */
int vecacc_minmax_known(const VecAcc *a);

void vecacc_mark_window(VecAcc *a);

void vecacc_free(VecAcc *a, const Allocator *al);

#endif

/*
** accum.h: the accumulator behind every fit. Rows (a value and a weight) and
** whole fitted states can be added and removed; finishing gives the Moments
** of what is currently in. Pure C, no SQLite.
**
** The accumulator keeps the exact total weight W, the exact sum S of w*x and
** the exact sum Q of w*x^2 (ExactSum), so adding and removing commute exactly
** and a sliding frame never drifts. Finishing computes, with exact big
** integers, mean = S / W and m2 = (W*Q - S^2) / W, rounding only at the last
** step, to a double-double. A fitted state (weight, mean, m2 as
** double-doubles) is added as S += W*mean and Q += m2 + W*mean^2, computed
** exactly from its stored parts, so merging states is exact with respect to
** what the states hold, and can be undone too (norm_merge as a window).
**
** 2026-11-24: Why not Welford's updates with removal: removing a value from a
** running mean/M2 subtracts rounded quantities; after a value like 1e12 enters
** and leaves a frame of values near 1e8, M2 keeps an error of order
** 1e24 * 2^-53, which swamps a frame variance near 1. Exact sums cannot drift.
*/
#ifndef NORM_ACCUM_H
#define NORM_ACCUM_H

#include <stdint.h>

#include "batchsum.h"
#include "exactsum.h"
#include "extrema.h"
#include "lazyext.h"
#include "moments.h"

/* 2026-11-25: Unweighted rows are not added to the exact sums one by one but
** gathered in `batch` and folded in ACC_BATCH at a time (batchsum.h), or
** before the sums are read (acc_flush and acc_settle, at the top of
** acc_finish, of the removals and of the other adds). The sums are exact, so
** when they are added changes nothing in any result.
** 2026-11-25: Min and max are lazy (lazyext.h): until the first removal (or
** weighted row, or state) the rows do not go through the queues of the
** extrema, which a plain aggregate never needs; a batch updates two short
** chains instead, and the first removal hands the extrema every row so that
** they end as if fed one by one. One extrema_add per batch would not do: a
** window may remove rows before it asks for its first value (SQLite calls
** xInverse before the first xValue for frames that start after the current
** row). Once the extrema have every row, a window (marked) adds each row to
** the sums directly, since its frame is finished every row.
** tests/bench pair 1 (callgrind, 100,000 rows): SELECT norm_fit(x) FROM t
** 644 down to 507 instructions a row (avg(x): 462, 1.10x); with GROUP BY k
** 1,014 down to 890 (avg(x): 726). What is left of the grouped query is
** mostly per group: zeroing the 5.8 KB aggregate context (glibc's memset
** uses rep stosb there, which callgrind counts byte by byte: about 58 a row
** at 100 rows a group), and finishing. */
#define ACC_BATCH 128
_Static_assert(ACC_BATCH <= BATCH_MAX_ROWS, "batch_fold takes at most BATCH_MAX_ROWS values");

typedef struct Accum {
  ExactSum sum_w;    /* total weight of weighted rows and states */
  ExactSum sum_wx;   /* sum of w * x */
  ExactSum sum_wxx;  /* sum of w * x^2 */
  int64_t rows;      /* unweighted rows in (each weight 1, not in sum_w) */
  int64_t weighted;  /* weighted rows and states in */
  int64_t no_minmax; /* states in that carry no min/max */
  Extrema extrema;   /* min and max of what is in (once lazy.late; see the note) */
  LazyExtrema lazy;  /* until then, the min and max of the rows (lazyext.h) */
  int32_t batched;   /* unweighted rows in `batch`, not yet in sum_wx and sum_wxx (nor in lazy) */
  double batch[ACC_BATCH];
} Accum;

typedef enum AccResult {
  ACC_OK = 0,       /* done */
  ACC_EMPTY = 1,    /* nothing (or only zero weight) is in */
  ACC_NOMEM = 2,    /* memory ran out; the row or state was not added or removed */
  ACC_OVERFLOW = 3, /* a sum or the variance is beyond a double */
  ACC_UNDERFLOW = 4 /* the variance is not zero but below the normal doubles */
} AccResult;

/* An all-zero Accum is an empty accumulator (what sqlite3_aggregate_context gives). */

/* Folds the batch into the sums (and the lazy extremes). Returns 0, or -1
** without memory (nothing changed). */
int acc_fold_batch(Accum *a);
static inline int acc_flush(Accum *a) { return a->batched ? acc_fold_batch(a) : 0; }

/* Readies the accumulator for a removal or for anything but unweighted rows:
** the extrema get every row (lazyext.h), the sums the batch. Returns 0, or
** -1 without memory. */
int acc_leave_lazy(Accum *a, const Allocator *al);
static inline int acc_settle(Accum *a, const Allocator *al) {
  return a->lazy.late ? acc_flush(a) : acc_leave_lazy(a, al);
}

/* acc_add_value once the extrema get every row (lazyext.h). */
AccResult acc_add_value_late(Accum *a, double x, const Allocator *al);

/* The hot path of norm_fit, inline (tests/bench pair 1). x must be finite. */
static inline AccResult acc_add_value(Accum *a, double x, const Allocator *al) {
  if (a->lazy.late) return acc_add_value_late(a, x, al);
  if (a->batched == ACC_BATCH && acc_fold_batch(a)) return ACC_NOMEM;
  a->lazy.alloc = al;
  a->batch[a->batched++] = x;
  a->rows++;
  return ACC_OK;
}

/* The same without the batch, for a few values finished at once (row_fit):
** a batch of them would cost more than it saves (tests/bench pair 5). Only
** for an accumulator whose lazy.late is set. */
static inline AccResult acc_add_value_now(Accum *a, double x, const Allocator *al) {
  if (extrema_add(&a->extrema, x, x, al)) return ACC_NOMEM;
  xs_add(&a->sum_wx, x);
  xs_add_square(&a->sum_wxx, x, 0);
  a->rows++;
  return ACC_OK;
}
AccResult acc_remove_value(Accum *a, double x, const Allocator *al);

/* w > 0. */
AccResult acc_add_weighted(Accum *a, double x, double w, const Allocator *al);
AccResult acc_remove_weighted(Accum *a, double x, double w, const Allocator *al);

/* m must have MOM_HAS_COUNT (and so MOM_HAS_MOMENTS). */
AccResult acc_add_moments(Accum *a, const Moments *m, const Allocator *al);
AccResult acc_remove_moments(Accum *a, const Moments *m, const Allocator *al);

/* The moments of what is in. */
AccResult acc_finish(Accum *a, Moments *out);

/* The caller is a window function: rows may be removed later. */
void acc_mark_window(Accum *a);

void acc_free(Accum *a, const Allocator *al);

#endif

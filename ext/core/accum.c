/*
** accum.c: adding, removing and finishing (see accum.h for the scheme).
**
** 2026-11-25: acc_finish runs once per output row of a window query (tests/
** bench pair 4) and once per row_fit call (pair 5). Unweighted rows with
** narrow sums finish by xs_finish_count (exactsum.h), the same bits without
** big numbers. Weights, wide sums and counts of 2^32 or more take finish_big,
** the general way. Both give the correctly rounded double-doubles of the
** exact mean and m2 (exactsum.h), so the clamp of the mean to [min, max]
** below no longer changes anything (RN is monotone); it stays as a guard.
*/
#include "accum.h"

#include <float.h>
#include <math.h>

/* Adds x and x^2 to the sums of an unweighted row, or subtracts them. */
static inline void sums_value(Accum *a, double x, int negate) {
  xs_add(&a->sum_wx, negate ? -x : x);
  xs_add_square(&a->sum_wxx, x, negate);
}

/* Adds sign * w, sign * w*x and sign * w*x^2. */
static void sums_weighted(Accum *a, double x, double w, double sign) {
  xs_add(&a->sum_w, sign * w);
  xs_add_product(&a->sum_wx, sign * w, x);
  xs_add_product3(&a->sum_wxx, sign * w, x, x);
}

/* Adds sign times the sums a fitted state stands for: W, W*mean, m2 + W*mean^2. */
static void sums_moments(Accum *a, const Moments *m, double sign) {
  const double w[2] = {m->weight.hi, m->weight.lo};
  const double mean[2] = {m->mean.hi, m->mean.lo};
  for (int i = 0; i < 2; i++) {
    xs_add(&a->sum_w, sign * w[i]);
    for (int j = 0; j < 2; j++) {
      xs_add_product(&a->sum_wx, sign * w[i], mean[j]);
      for (int k = 0; k < 2; k++) xs_add_product3(&a->sum_wxx, sign * w[i], mean[j], mean[k]);
    }
  }
  xs_add(&a->sum_wxx, sign * m->m2.hi);
  xs_add(&a->sum_wxx, sign * m->m2.lo);
}

int acc_fold_batch(Accum *a) {
  int n = a->batched;
  if (!a->lazy.late) {
    int r = lazy_add(&a->lazy, a->batch, n, a->lazy.alloc);
    if (r < 0) return -1;
    if (r > 0 && lazy_leave(&a->lazy, &a->extrema, a->batch, n, a->lazy.alloc)) return -1; /* chains full */
  }
  a->batched = 0;
  if (n < BATCH_MIN_ROWS) { /* a window's row or two between removals */
    for (int i = 0; i < n; i++) sums_value(a, a->batch[i], 0);
    return 0;
  }
  /* Every row of the batch is in, so the extremes of what is in bound it
  ** (and, when they have one sign, from below too). */
  double lo = 0.0, hi = 0.0;
  if (!a->lazy.late) {
    lo = a->lazy.min;
    hi = a->lazy.max;
  } else if (extrema_known(&a->extrema)) {
    lo = a->extrema.min;
    hi = a->extrema.max;
  }
  double bound = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
  double least = lo > 0.0 ? lo : hi < 0.0 ? -hi : 0.0;
  batch_fold(&a->sum_wx, &a->sum_wxx, a->batch, n, bound, least);
  return 0;
}

AccResult acc_add_value_late(Accum *a, double x, const Allocator *al) {
  if (extrema_add(&a->extrema, x, x, al)) return ACC_NOMEM;
  if (a->extrema.window) { /* a sliding frame finishes every row: a batch would not fill */
    sums_value(a, x, 0);
  } else {
    if (a->batched == ACC_BATCH) acc_fold_batch(a); /* late: cannot fail */
    a->batch[a->batched++] = x;
  }
  a->rows++;
  return ACC_OK;
}

int acc_leave_lazy(Accum *a, const Allocator *al) {
  if (lazy_leave(&a->lazy, &a->extrema, a->batch, a->batched, al)) return -1;
  return acc_flush(a); /* late now: cannot fail */
}

/* For finishing: the sums complete, and the lazy extremes summed up in the
** extrema. Returns 0, or -1 without memory. */
static int settle_for_finish(Accum *a) {
  if (acc_flush(a)) return -1;
  if (!a->lazy.late) lazy_summarize(&a->lazy, &a->extrema, a->batch, 0);
  return 0;
}

AccResult acc_remove_value(Accum *a, double x, const Allocator *al) {
  if (acc_settle(a, al)) return ACC_NOMEM;
  if (extrema_remove(&a->extrema, x, x, al)) return ACC_NOMEM;
  sums_value(a, x, 1);
  a->rows--;
  return ACC_OK;
}

AccResult acc_add_weighted(Accum *a, double x, double w, const Allocator *al) {
  if (acc_settle(a, al)) return ACC_NOMEM;
  if (extrema_add(&a->extrema, x, x, al)) return ACC_NOMEM;
  sums_weighted(a, x, w, 1.0);
  a->weighted++;
  return ACC_OK;
}

AccResult acc_remove_weighted(Accum *a, double x, double w, const Allocator *al) {
  if (acc_settle(a, al)) return ACC_NOMEM;
  if (extrema_remove(&a->extrema, x, x, al)) return ACC_NOMEM;
  sums_weighted(a, x, w, -1.0);
  a->weighted--;
  return ACC_OK;
}

AccResult acc_add_moments(Accum *a, const Moments *m, const Allocator *al) {
  if (acc_settle(a, al)) return ACC_NOMEM;
  int has_minmax = (m->flags & MOM_HAS_MINMAX) != 0;
  double lo = has_minmax ? m->min : m->mean.hi;
  double hi = has_minmax ? m->max : m->mean.hi;
  if (extrema_add(&a->extrema, lo, hi, al)) return ACC_NOMEM;
  sums_moments(a, m, 1.0);
  a->weighted++;
  if (!has_minmax) a->no_minmax++;
  return ACC_OK;
}

AccResult acc_remove_moments(Accum *a, const Moments *m, const Allocator *al) {
  if (acc_settle(a, al)) return ACC_NOMEM;
  int has_minmax = (m->flags & MOM_HAS_MINMAX) != 0;
  double lo = has_minmax ? m->min : m->mean.hi;
  double hi = has_minmax ? m->max : m->mean.hi;
  if (extrema_remove(&a->extrema, lo, hi, al)) return ACC_NOMEM;
  sums_moments(a, m, -1.0);
  a->weighted--;
  if (!has_minmax) a->no_minmax--;
  return ACC_OK;
}

/* The general finish: W, S and W*Q - S^2 as big numbers (any width).
** Returns ACC_EMPTY for a total weight of zero or below; sets *r_nonzero. */
static AccResult finish_big(Accum *a, Moments *out, int *overflow, int *r_nonzero) {
  XsBig w, s, r;
  if (a->weighted == 0) { /* only unweighted rows: W is their number (sum_w holds zero) */
    w.negative = 0;
    w.exp = 0;
    w.digit[0] = (uint32_t)((uint64_t)a->rows & 0xFFFFFFFFu);
    w.digit[1] = (uint32_t)((uint64_t)a->rows >> 32);
    w.len = w.digit[1] ? 2 : 1;
    if (w.digit[0] == 0 && w.len == 2) { /* trimmed, as xs_to_big gives it */
      w.digit[0] = w.digit[1];
      w.len = 1;
      w.exp = 32;
    }
  } else {
    xs_add_int(&a->sum_w, a->rows); /* taken out again below: exact */
    xs_to_big(&a->sum_w, &w);
    xs_add_int(&a->sum_w, -a->rows);
  }
  if (w.len == 0 || w.negative) return ACC_EMPTY;
  xs_moments(&w, &a->sum_wx, &a->sum_wxx, &s, &r); /* S, and W*Q - S^2 (0 if negative) */
  /* A row count below 2^53 is its own double (what xs_big_value gives too). */
  out->weight = a->weighted == 0 && a->rows <= (1LL << 53) ? dd_from((double)a->rows) : xs_big_value(&w, overflow);
  xs_big_div2(&s, &r, &w, &out->mean, &out->m2, overflow);
  *r_nonzero = r.len != 0;
  return ACC_OK;
}

AccResult acc_finish(Accum *a, Moments *out) {
  if (settle_for_finish(a)) return ACC_NOMEM;
  int overflow = a->sum_w.overflow || a->sum_wx.overflow || a->sum_wxx.overflow;
  int r_nonzero = 0;
  if (a->rows + a->weighted <= 0) return ACC_EMPTY;
  if (overflow) return ACC_OVERFLOW;
  /* Unweighted rows, narrow sums: the same bits without big numbers. */
  if (a->weighted == 0 &&
      xs_finish_count(a->rows, &a->sum_wx, &a->sum_wxx, &out->mean, &out->m2, &overflow, &r_nonzero)) {
    out->weight = dd_from((double)a->rows);
  } else if (finish_big(a, out, &overflow, &r_nonzero) == ACC_EMPTY) {
    return ACC_EMPTY;
  }
  if (overflow) return ACC_OVERFLOW;
  /* 2026-11-25 (found by the errors catalogue): for data below about 1e-154
  ** the squared deviations underflow; m2 would be stored as 0 or with a few
  ** digits, and every std and z-score computed from it would be silently
  ** wrong (row_fit(1e-300, 2e-300) had std 0). Refuse instead. */
  if (r_nonzero && fabs(out->m2.hi) < DBL_MIN) return ACC_UNDERFLOW;
  out->flags = MOM_HAS_COUNT | MOM_HAS_MOMENTS;
  if (extrema_known(&a->extrema) && a->no_minmax == 0) {
    out->flags |= MOM_HAS_MINMAX;
    out->min = a->extrema.min;
    out->max = a->extrema.max;
    /* The exact mean lies in [min, max]; keep the rounded one there too. */
    if (out->mean.hi < out->min || (out->mean.hi == out->min && out->mean.lo < 0)) out->mean = dd_from(out->min);
    if (out->mean.hi > out->max || (out->mean.hi == out->max && out->mean.lo > 0)) out->mean = dd_from(out->max);
  } else {
    out->min = out->max = 0.0;
  }
  return ACC_OK;
}

void acc_mark_window(Accum *a) { extrema_mark_sliding(&a->extrema); }

void acc_free(Accum *a, const Allocator *al) {
  lazy_free(&a->lazy, al);
  extrema_free(&a->extrema, al);
}

/*
** vecacc.c: the per-dimension exact accumulator of vector fits (see
** vecacc.h for the scheme and its notes).
*/
#include "vecacc.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define CHUNK_MASK 0xFFFFFFFFu
#define CHUNK_BASE_INT 4294967296LL
#define VS_LOW_MARGIN 96                   /* window bits below the first contribution */
#define VS_TOP_POS (32L * (VS_CHUNKS - 2)) /* lowest-bit positions that fit; the top chunk takes carries */
#define VS_ADDS_PER_CARRY 256

/* --- VecSum --------------------------------------------------------------- */

/* Adds x * 2^k to the spill, creating it. Returns 0, or -1 without memory. */
static int vs_spill(VecSum *s, double x, int k, const Allocator *al) {
  if (s->spill == NULL) {
    s->spill = al->realloc(NULL, sizeof(ExactSum));
    if (s->spill == NULL) return -1;
    xs_clear(s->spill);
  }
  xs_add_scaled(s->spill, x, k);
  return 0;
}

/* Brings chunks 0..VS_CHUNKS-2 into [0, 2^32); the top chunk takes the carry. */
static void vs_carry(VecSum *s) {
  int64_t carry = 0;
  s->adds = 0;
  for (int i = 0; i < VS_CHUNKS - 1; i++) {
    int64_t v = s->chunk[i] + carry;
    int64_t low = (int64_t)((uint64_t)v & CHUNK_MASK);
    carry = (v - low) / CHUNK_BASE_INT;
    s->chunk[i] = low;
  }
  s->chunk[VS_CHUNKS - 1] += carry;
}

/* Moves the window into the spill (only if the top chunk ever nears its
** limit, after some 2^40 additions). */
static int vs_flush(VecSum *s, const Allocator *al) {
  vs_carry(s);
  for (int i = 0; i < VS_CHUNKS; i++) {
    int64_t v = s->chunk[i];
    int64_t low = (int64_t)((uint64_t)v & CHUNK_MASK);
    int64_t high = (v - low) / CHUNK_BASE_INT;
    if (vs_spill(s, (double)low, s->base + 32 * i, al) || vs_spill(s, (double)high, s->base + 32 * (i + 1), al)) {
      return -1;
    }
    s->chunk[i] = 0;
  }
  return 0;
}

/* Adds x * 2^k exactly. Returns 0, or -1 without memory. */
static int vs_add_scaled(VecSum *s, double x, int k, const Allocator *al) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int biased = (int)((bits >> 52) & 0x7FF);
  uint64_t m = bits & 0xFFFFFFFFFFFFFull;
  if (biased == 0) {
    if (m == 0) return 0;
    biased = 1; /* subnormal */
  } else {
    m |= 1ull << 52;
  }
  long lsb = (long)biased - 1075 + k; /* exponent of m's lowest bit */
  if (!s->placed) {
    s->base = (int32_t)(lsb - VS_LOW_MARGIN);
    s->placed = 1;
  }
  long pos = lsb - s->base;
  if (pos < 0) { /* the low bits may be zeros (float32 values have 29) */
    while (!(m & 1)) m >>= 1, pos++;
  }
  if (pos < 0 || pos >= VS_TOP_POS) return vs_spill(s, x, k, al);
  int c = (int)(pos >> 5);
  int sh = (int)(pos & 31);
  xs_chunk_pair_add(s->chunk + c, m, sh, (int)(bits >> 63));
  if (++s->adds >= VS_ADDS_PER_CARRY) {
    vs_carry(s);
    int64_t top = s->chunk[VS_CHUNKS - 1];
    if (top > (1LL << 60) || top < -(1LL << 60)) return vs_flush(s, al);
  }
  return 0;
}

/* Adds a * b * 2^k exactly. */
static int vs_add_product_scaled(VecSum *s, double a, double b, int k, const Allocator *al) {
  if (a == 0.0 || b == 0.0) return 0;
  int ea, eb;
  double ma = frexp(a, &ea);
  double mb = frexp(b, &eb);
  DD p = dd_two_prod(ma, mb); /* exact: ma, mb in [0.5, 1) */
  if (vs_add_scaled(s, p.hi, ea + eb + k, al)) return -1;
  return vs_add_scaled(s, p.lo, ea + eb + k, al);
}

/* Adds a * b * c exactly. */
static int vs_add_product3(VecSum *s, double a, double b, double c, const Allocator *al) {
  if (a == 0.0 || b == 0.0 || c == 0.0) return 0;
  int ea, eb;
  double ma = frexp(a, &ea);
  double mb = frexp(b, &eb);
  DD p = dd_two_prod(ma, mb);
  if (vs_add_product_scaled(s, p.hi, c, ea + eb, al)) return -1;
  return vs_add_product_scaled(s, p.lo, c, ea + eb, al);
}

/* Adds sign * x^2 exactly; exact_square says x*x is an exact double. */
static int vs_add_square(VecSum *s, double x, double sign, int exact_square, const Allocator *al) {
  double ax = fabs(x);
  if (exact_square) return vs_add_scaled(s, sign * (x * x), 0, al);
  if (ax > 0x1p-480 && ax < 0x1p500) { /* the square and its error are doubles */
    DD sq = dd_two_prod(x, x);
    if (vs_add_scaled(s, sign * sq.hi, 0, al)) return -1;
    return vs_add_scaled(s, sign * sq.lo, 0, al);
  }
  return vs_add_product_scaled(s, sign * x, x, 0, al);
}

/* The exact sum as an ExactSum (out must be caller storage). */
static void vs_to_exact(const VecSum *s, ExactSum *out) {
  if (s->spill) {
    memcpy(out, s->spill, sizeof *out);
  } else {
    xs_clear(out);
  }
  if (!s->placed) return;
  VecSum c = *s;
  vs_carry(&c);
  for (int i = 0; i < VS_CHUNKS; i++) {
    int64_t v = c.chunk[i];
    if (v == 0) continue;
    int64_t low = (int64_t)((uint64_t)v & CHUNK_MASK);
    int64_t high = (v - low) / CHUNK_BASE_INT;
    xs_add_scaled(out, (double)low, c.base + 32 * i);
    xs_add_scaled(out, (double)high, c.base + 32 * (i + 1));
  }
}

/* Empties a sum that is exactly zero, so that its window is placed afresh. */
static void vs_reset(VecSum *s) {
  memset(s->chunk, 0, sizeof s->chunk);
  s->placed = 0;
  s->adds = 0;
  if (s->spill) xs_clear(s->spill);
}

static void vs_free(VecSum *s, const Allocator *al) {
  al->free(s->spill);
  s->spill = NULL;
}

/* --- the band (vecacc.h) -------------------------------------------------- */

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define BAND_ENABLED 1
#endif
#define BAND_MIN_A (-470) /* anchors whose grids and products stay normal doubles */
#define BAND_MAX_A 500

/* Anchors dimension i above |x| (room for growth by 2), or leaves it without
** a band when x is far outside the range where the band is exact. */
static void band_place(VecBand *b, uint32_t i, double x) {
  int e;
  frexp(x, &e); /* |x| < 2^e */
  int anchor = e + 1;
  b->top[i] = 0.0;
#ifdef BAND_ENABLED
  if (anchor < BAND_MIN_A || anchor > BAND_MAX_A) return;
  b->top[i] = ldexp(1.0, anchor);
  b->grid_c[i] = ldexp(1.5, 52 + anchor - 35);
  b->split_c[i] = ldexp(1.5, 52 + anchor - 12);
#endif
}

/* 1 when x is in the band of dimension i. */
static int band_holds(const VecBand *b, uint32_t i, double x) {
  return fabs(x) < b->top[i] && (x + b->grid_c[i]) - b->grid_c[i] == x;
}

/* Adds sg * x, known to be in the band, to dimension i (the scalar form of band_row). */
static void band_add(VecBand *b, uint32_t i, double x, double sg) {
  double xh = (x + b->split_c[i]) - b->split_c[i];
  double xl = x - xh;
  b->s[i] += sg * x;
  b->q1[i] += sg * (xh * xh);
  b->q2[i] += sg * (xh * xl);
  b->q3[i] += sg * (xl * xl);
}

/* The loop of band_row over arrays that do not alias (restrict parameters,
** which compilers trust): branch-free, so that it can be vectorized. */
static int64_t band_kernel(uint32_t n, int sign, const double *restrict x, const double *restrict top,
                           const double *restrict gc, const double *restrict sc, double *restrict s,
                           double *restrict q1, double *restrict q2, double *restrict q3, int64_t *restrict rows,
                           int64_t *restrict outside) {
  const double sg = sign;
  const int64_t sign64 = sign;
  int64_t any = 0;
  for (uint32_t i = 0; i < n; i++) {
    double v = x[i];
    int64_t present = v == v; /* 64-bit like the doubles: one vector width fits all */
    int64_t in = (fabs(v) < top[i]) & ((v + gc[i]) - gc[i] == v);
    double xs = in ? v : 0.0;
    double xh = (xs + sc[i]) - sc[i];
    double xl = xs - xh;
    s[i] += sg * xs;
    q1[i] += sg * (xh * xh);
    q2[i] += sg * (xh * xl);
    q3[i] += sg * (xl * xl);
    rows[i] += present * sign64;
    outside[i] = present & (in ^ 1);
    any |= outside[i];
  }
  return any;
}

/* Adds sg * the in-band values of a row (see vecacc.h) and counts the
** non-missing ones; marks the values outside the band in b->outside and
** returns 1 when there is one. */
static int band_row(VecBand *b, uint32_t n, const double *x, int sign) {
  return band_kernel(n, sign, x, b->top, b->grid_c, b->split_c, b->s, b->q1, b->q2, b->q3, b->rows, b->outside) != 0;
}

/* Moves the band sums of dimension i into its window sums, exactly. */
static int band_flush_dim(VecAcc *a, uint32_t i, const Allocator *al) {
  VecBand *b = &a->band;
  VecDim *d = &a->dim[i];
  if (vs_add_scaled(&d->s, b->s[i], 0, al) || vs_add_scaled(&d->q, b->q1[i], 0, al) ||
      vs_add_scaled(&d->q, b->q2[i], 1, al) || vs_add_scaled(&d->q, b->q3[i], 0, al)) {
    return -1;
  }
  b->s[i] = b->q1[i] = b->q2[i] = b->q3[i] = 0.0;
  return 0;
}

/* The values of a row outside the band: moves an anchor up, or takes the
** general path. */
static VecAccResult band_exceptions(VecAcc *a, const double *x, int exact_squares, int sign, const Allocator *al) {
  VecBand *b = &a->band;
  const double sg = sign;
  for (uint32_t i = 0; i < a->dims; i++) {
    if (!b->outside[i]) continue;
    double v = x[i];
    if (!(fabs(v) < b->top[i])) { /* above the band, or no anchor yet */
      if (band_flush_dim(a, i, al)) return VECACC_NOMEM;
      band_place(b, i, v);
      if (band_holds(b, i, v)) {
        band_add(b, i, v, sg);
        continue;
      }
    }
    VecDim *d = &a->dim[i];
    if (vs_add_scaled(&d->s, sg * v, 0, al) || vs_add_square(&d->q, v, sg, exact_squares, al)) {
      return VECACC_NOMEM;
    }
  }
  return VECACC_OK;
}

/* --- extremes ------------------------------------------------------------- */

static VecAccResult extremes_add(VecAcc *a, uint32_t i, double lo, double hi, const Allocator *al) {
  VecBand *b = &a->band;
  if (!a->window && !a->tracking) {
    if (lo < b->early_min[i]) b->early_min[i] = lo;
    if (hi > b->early_max[i]) b->early_max[i] = hi;
    b->early_left[i]++;
    return VECACC_OK;
  }
  Extrema *e = &a->dim[i].later;
  int64_t before = e->qmin.size + e->qmax.size;
  if (extrema_add(e, lo, hi, al)) return VECACC_NOMEM;
  a->queued += e->qmin.size + e->qmax.size - before;
  return VECACC_OK;
}

static void extremes_remove(VecAcc *a, uint32_t i, double lo, double hi, const Allocator *al) {
  VecBand *b = &a->band;
  VecDim *d = &a->dim[i];
  if (b->early_left[i] > 0) { /* early rows leave first */
    if (--b->early_left[i] == 0) {
      d->early_unknown = 0;
      b->early_min[i] = INFINITY;
      b->early_max[i] = -INFINITY;
    } else if (!(lo > b->early_min[i] && hi < b->early_max[i])) {
      d->early_unknown = 1;
    }
    return;
  }
  int64_t before = d->later.qmin.size + d->later.qmax.size;
  if (extrema_remove(&d->later, lo, hi, al)) { /* without memory: extremes unknown, never wrong */
    extrema_forget(&d->later, al);
    extrema_remove(&d->later, lo, hi, al); /* untracked now: allocates nothing */
  }
  a->queued += d->later.qmin.size + d->later.qmax.size - before;
}

/* Min and max of dimension i; 0 when unknown. */
static int extremes_get(const VecAcc *a, uint32_t i, double *min, double *max) {
  const VecBand *b = &a->band;
  const VecDim *d = &a->dim[i];
  int64_t early = b->early_left[i];
  if (d->no_minmax > 0) return 0;
  if (early > 0 && d->early_unknown) return 0;
  if (d->later.count > 0 && !extrema_known(&d->later)) return 0;
  if (early == 0 && d->later.count == 0) return 0;
  *min = early > 0 ? b->early_min[i] : INFINITY;
  *max = early > 0 ? b->early_max[i] : -INFINITY;
  if (d->later.count > 0) {
    if (d->later.min < *min) *min = d->later.min;
    if (d->later.max > *max) *max = d->later.max;
  }
  return 1;
}

/* The running min and max of early rows, for a whole row (vectorizable). */
static void early_row(VecBand *b, uint32_t n, const double *x) {
  double *restrict mn = b->early_min, *restrict mx = b->early_max;
  int64_t *restrict left = b->early_left;
  for (uint32_t i = 0; i < n; i++) {
    double v = x[i]; /* NaN compares false: unchanged */
    mn[i] = v < mn[i] ? v : mn[i];
    mx[i] = v > mx[i] ? v : mx[i];
    left[i] += v == v;
  }
}

static void check_budget(VecAcc *a, const Allocator *al);

/* Turns the tracked rows of every dimension into early rows (vecacc.h). */
static void stop_tracking_early(VecAcc *a, const Allocator *al) {
  VecBand *b = &a->band;
  for (uint32_t i = 0; i < a->dims; i++) {
    VecDim *d = &a->dim[i];
    if (d->later.count > 0) {
      b->early_min[i] = d->later.min;
      b->early_max[i] = d->later.max;
      b->early_left[i] = d->later.count;
      d->early_unknown = !extrema_known(&d->later);
    }
    extrema_free(&d->later, al);
    memset(&d->later, 0, sizeof d->later);
  }
  a->tracking = 0;
  a->queued = 0;
}

/* Drops every queue once they hold more than the budget (see vecacc.h). */
static void check_budget(VecAcc *a, const Allocator *al) {
  if (a->queued <= VECACC_QUEUE_BUDGET) return;
  for (uint32_t i = 0; i < a->dims; i++) {
    Extrema *e = &a->dim[i].later;
    extrema_free(e, al);
    e->untracked = 1; /* what extrema.c does at its own cap */
  }
  a->queued = 0;
}

/* Ends a row: flushes the band in time, stops tracking a long aggregate,
** bounds the queues. */
static VecAccResult end_row(VecAcc *a, int band_used, const Allocator *al) {
  if (band_used && ++a->band_rows >= VECACC_BAND_ROWS) {
    for (uint32_t i = 0; i < a->dims; i++) {
      if (band_flush_dim(a, i, al)) return VECACC_NOMEM;
    }
    a->band_rows = 0;
  }
  if (!a->window && a->tracking && ++a->steps > VECACC_TRACK_ROWS) stop_tracking_early(a, al);
  check_budget(a, al);
  return VECACC_OK;
}

/* --- the accumulator ------------------------------------------------------ */

VecAccResult vecacc_init(VecAcc *a, uint32_t dims, const Allocator *al) {
  memset(a, 0, sizeof *a);
  a->dim = al->realloc(NULL, (uint64_t)dims * sizeof *a->dim);
  double *block = al->realloc(NULL, (uint64_t)dims * 9 * sizeof(double));
  int64_t *counts = al->realloc(NULL, (uint64_t)dims * 2 * sizeof(int64_t));
  a->band.outside = al->realloc(NULL, (uint64_t)dims * sizeof(int64_t));
  if (a->dim == NULL || block == NULL || counts == NULL || a->band.outside == NULL) {
    al->free(a->dim);
    al->free(block);
    al->free(counts);
    al->free(a->band.outside);
    a->dim = NULL;
    a->band.outside = NULL;
    return VECACC_NOMEM;
  }
  memset(a->dim, 0, (size_t)dims * sizeof *a->dim);
  memset(block, 0, (size_t)dims * 9 * sizeof(double));
  memset(counts, 0, (size_t)dims * 2 * sizeof(int64_t));
  VecBand *b = &a->band;
  b->top = block;
  b->grid_c = block + dims;
  b->split_c = block + 2 * (size_t)dims;
  b->s = block + 3 * (size_t)dims;
  b->q1 = block + 4 * (size_t)dims;
  b->q2 = block + 5 * (size_t)dims;
  b->q3 = block + 6 * (size_t)dims;
  b->early_min = block + 7 * (size_t)dims;
  b->early_max = block + 8 * (size_t)dims;
  b->rows = counts;
  b->early_left = counts + dims;
  for (uint32_t i = 0; i < dims; i++) {
    b->early_min[i] = INFINITY;
    b->early_max[i] = -INFINITY;
  }
  a->dims = dims;
  a->tracking = 1;
  return VECACC_OK;
}

/* After a removal: a dimension holding nothing is exactly zero in total (its
** parts may not be); start afresh. */
static void dim_maybe_reset(VecAcc *a, uint32_t i) {
  VecDim *d = &a->dim[i];
  VecBand *b = &a->band;
  if (b->rows[i] + d->weighted != 0) return;
  vs_reset(&d->s);
  vs_reset(&d->q);
  vs_reset(&d->w);
  b->top[i] = 0.0;
  b->s[i] = b->q1[i] = b->q2[i] = b->q3[i] = 0.0;
}

VecAccResult vecacc_row(VecAcc *a, const double *x, int exact_squares, int sign, const Allocator *al) {
  if (band_row(&a->band, a->dims, x, sign) && band_exceptions(a, x, exact_squares, sign, al) != VECACC_OK) {
    return VECACC_NOMEM;
  }
  if (sign > 0 && !a->window && !a->tracking) {
    early_row(&a->band, a->dims, x);
  } else {
    for (uint32_t i = 0; i < a->dims; i++) {
      if (isnan(x[i])) continue;
      if (sign > 0) {
        if (extremes_add(a, i, x[i], x[i], al)) return VECACC_NOMEM;
      } else {
        extremes_remove(a, i, x[i], x[i], al);
        dim_maybe_reset(a, i);
      }
    }
  }
  return end_row(a, 1, al);
}

VecAccResult vecacc_weighted_row(VecAcc *a, const double *x, double w, int sign, const Allocator *al) {
  const double sw = sign > 0 ? w : -w;
  for (uint32_t i = 0; i < a->dims; i++) {
    double v = x[i];
    if (isnan(v)) continue; /* Requirement 3 */
    VecDim *d = &a->dim[i];
    if (sign > 0) {
      if (extremes_add(a, i, v, v, al)) return VECACC_NOMEM;
    } else {
      extremes_remove(a, i, v, v, al);
    }
    if (vs_add_scaled(&d->w, sw, 0, al) || vs_add_product_scaled(&d->s, sw, v, 0, al) ||
        vs_add_product3(&d->q, sw, v, v, al)) {
      return VECACC_NOMEM;
    }
    d->weighted += sign;
    if (sign < 0) dim_maybe_reset(a, i);
  }
  return end_row(a, 0, al);
}

VecAccResult vecacc_moments(VecAcc *a, uint32_t i, const Moments *m, int sign, const Allocator *al) {
  VecDim *d = &a->dim[i];
  int has_minmax = (m->flags & MOM_HAS_MINMAX) != 0;
  double lo = has_minmax ? m->min : m->mean.hi;
  double hi = has_minmax ? m->max : m->mean.hi;
  if (sign > 0) {
    if (extremes_add(a, i, lo, hi, al)) return VECACC_NOMEM;
  } else {
    extremes_remove(a, i, lo, hi, al);
  }
  /* The sums the state stands for: W, W*mean, m2 + W*mean^2 (accum.h). */
  const double sg = sign > 0 ? 1.0 : -1.0;
  const double w[2] = {m->weight.hi, m->weight.lo};
  const double mean[2] = {m->mean.hi, m->mean.lo};
  for (int p = 0; p < 2; p++) {
    if (vs_add_scaled(&d->w, sg * w[p], 0, al)) return VECACC_NOMEM;
    for (int j = 0; j < 2; j++) {
      if (vs_add_product_scaled(&d->s, sg * w[p], mean[j], 0, al)) return VECACC_NOMEM;
      for (int k = 0; k < 2; k++) {
        if (vs_add_product3(&d->q, sg * w[p], mean[j], mean[k], al)) return VECACC_NOMEM;
      }
    }
  }
  if (vs_add_scaled(&d->q, sg * m->m2.hi, 0, al) || vs_add_scaled(&d->q, sg * m->m2.lo, 0, al)) return VECACC_NOMEM;
  d->weighted += sign;
  if (!has_minmax) d->no_minmax += sign;
  if (sign < 0) dim_maybe_reset(a, i);
  return VECACC_OK;
}

VecAccResult vecacc_end_row(VecAcc *a, const Allocator *al) { return end_row(a, 0, al); }

VecAccResult vecacc_finish(VecAcc *a, uint32_t i, Moments *out) {
  VecDim *d = &a->dim[i];
  VecBand *b = &a->band;
  if (b->rows[i] + d->weighted <= 0) return VECACC_EMPTY; /* Requirement 5 */
  ExactSum sw, ss, sq;
  XsBig w, s, q, wq, s2, r;
  vs_to_exact(&d->w, &sw);
  xs_add_int(&sw, b->rows[i]);
  vs_to_exact(&d->s, &ss);
  vs_to_exact(&d->q, &sq);
  xs_add(&ss, b->s[i]); /* the band, not yet flushed */
  xs_add(&sq, b->q1[i]);
  xs_add_scaled(&sq, b->q2[i], 1);
  xs_add(&sq, b->q3[i]);
  int overflow = sw.overflow || ss.overflow || sq.overflow;
  if (overflow) return VECACC_OVERFLOW;
  xs_to_big(&sw, &w);
  if (w.len == 0 || w.negative) return VECACC_EMPTY;
  xs_to_big(&ss, &s);
  xs_to_big(&sq, &q);
  xs_big_mul(&w, &q, &wq);
  xs_big_mul(&s, &s, &s2);
  xs_big_sub(&wq, &s2, &r); /* W*Q >= S^2; r is 0 otherwise */
  out->weight = xs_big_value(&w, &overflow);
  out->mean = xs_big_div(&s, &w, &overflow);
  out->m2 = xs_big_div(&r, &w, &overflow);
  if (overflow) return VECACC_OVERFLOW;
  out->flags = MOM_HAS_COUNT | MOM_HAS_MOMENTS;
  out->min = out->max = 0.0;
  double min, max;
  if (extremes_get(a, i, &min, &max)) {
    out->flags |= MOM_HAS_MINMAX;
    out->min = min;
    out->max = max;
    /* The exact mean lies in [min, max]; keep the rounded one there too (as accum.c). */
    if (out->mean.hi < min || (out->mean.hi == min && out->mean.lo < 0)) out->mean = dd_from(min);
    if (out->mean.hi > max || (out->mean.hi == max && out->mean.lo > 0)) out->mean = dd_from(max);
  }
  return VECACC_OK;
}

int vecacc_minmax_known(const VecAcc *a) {
  for (uint32_t i = 0; i < a->dims; i++) {
    double min, max;
    if (!extremes_get(a, i, &min, &max)) return 0;
  }
  return 1;
}

void vecacc_mark_window(VecAcc *a) {
  if (a->window) return;
  a->window = 1;
  for (uint32_t i = 0; i < a->dims; i++) extrema_mark_window(&a->dim[i].later);
}

void vecacc_free(VecAcc *a, const Allocator *al) {
  for (uint32_t i = 0; a->dim && i < a->dims; i++) {
    vs_free(&a->dim[i].s, al);
    vs_free(&a->dim[i].q, al);
    vs_free(&a->dim[i].w, al);
    extrema_free(&a->dim[i].later, al);
  }
  al->free(a->dim);
  al->free(a->band.top);
  al->free(a->band.rows);
  al->free(a->band.outside);
  a->band.outside = NULL;
  a->dim = NULL;
  a->band.top = NULL;
  a->dims = 0;
}

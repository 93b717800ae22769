/*
** vecacc.c: the per-dimension exact accumulator of vector fits (see
** vecacc.h for the scheme and its notes).
*/
#include "vecacc.h"

#include <math.h>
#include <string.h>

#define CHUNK_MASK 0xFFFFFFFFu
#define CHUNK_BASE_INT 4294967296LL
#define VS_LOW_MARGIN 96                   /* window bits below the first contribution */
#define VS_TOP_POS (32 * (VS_CHUNKS - 2))  /* lowest-bit positions that fit; the top chunk takes carries */
#define VS_ADDS_PER_CARRY 256

/* --- VecSum --------------------------------------------------------------- */

/* Adds x * 2^k to the spill, creating it. Returns 0, or -1 without memory. */
static int vs_spill(VecSum *s, double x, int k, const Allocator *al) {
  if (s->spill == NULL) {
    s->spill = al->realloc(NULL, sizeof(ExactSum));
    if (s->spill == NULL) return -1;
    s->spill->first = s->spill->end = s->spill->adds = s->spill->overflow = 0;
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
  int64_t low = (int64_t)((m << sh) & CHUNK_MASK);
  int64_t high = (int64_t)(m >> (32 - sh));
  if (bits >> 63) {
    s->chunk[c] -= low;
    s->chunk[c + 1] -= high;
  } else {
    s->chunk[c] += low;
    s->chunk[c + 1] += high;
  }
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
    out->first = out->end = out->adds = out->overflow = 0;
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
  if (s->spill) s->spill->first = s->spill->end = s->spill->adds = s->spill->overflow = 0;
}

static void vs_free(VecSum *s, const Allocator *al) {
  al->free(s->spill);
  s->spill = NULL;
}

/* --- the fast band (vecacc.h) --------------------------------------------- */

#ifdef VECACC_FAST_BAND
#define FAST_BELOW 20 /* binary orders below the anchor */
#define FAST_ABOVE 4  /* binary orders above the anchor */
#define FAST_MAX_ADDS (1 << 30)

/* Adds v * 2^base exactly to an ExactSum or a VecSum (one of them). */
static int wide_add(VecWide v, int base, ExactSum *xs, VecSum *vs, const Allocator *al) {
  double sign = v < 0 ? -1.0 : 1.0;
  unsigned __int128 mag = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
  for (int i = 0; i < 4 && mag != 0; i++, mag >>= 32) {
    double digit = sign * (double)(uint32_t)(mag & CHUNK_MASK);
    if (xs) {
      xs_add_scaled(xs, digit, base + 32 * i);
    } else if (vs_add_scaled(vs, digit, base + 32 * i, al)) {
      return -1;
    }
  }
  return 0;
}

/* Moves the band's sums into the window sums and drops its anchor. */
static int fast_flush(VecDim *d, VecHot *h, const Allocator *al) {
  if (wide_add(h->fast_s, h->fast_base_s, NULL, &d->s, al) || wide_add(h->fast_q, h->fast_base_q, NULL, &d->q, al)) {
    return -1;
  }
  h->fast_s = h->fast_q = 0;
  h->fast_placed = 0;
  h->fast_adds = 0;
  return 0;
}

/* Adds sign * x (and x^2) in the band. Returns 1 when done, 0 when x is for
** the general path, -1 without memory. */
static int fast_add(VecDim *d, VecHot *h, double x, int sign, const Allocator *al) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int biased = (int)((bits >> 52) & 0x7FF);
  if ((bits & 0x1FFFFFFFu) != 0 || biased == 0) return 0; /* more than 24 bits, zero or subnormal */
  uint64_t m = ((bits & 0xFFFFFFFFFFFFFull) | (1ull << 52)) >> 29;
  int lsb = biased - 1075 + 29;
  if (!h->fast_placed || lsb - (h->fast_base_s + 44) >= FAST_ABOVE) { /* no anchor, or above the band */
    if (h->fast_placed && fast_flush(d, h, al)) return -1;
    h->fast_base_s = lsb - 44; /* x at bit 44 of 127: room for 2^39 additions above 2^88 */
    h->fast_base_q = 2 * lsb - 2 * FAST_BELOW; /* x^2 (48 bits) at bit 40 */
    h->fast_placed = 1;
  }
  int pq = 2 * lsb - h->fast_base_q;
  if (pq < 0) return 0; /* below the band */
  int ps = lsb - h->fast_base_s;
  VecWide vs = (VecWide)m << ps;
  VecWide vq = (VecWide)(m * m) << pq;
  /* Branch-free signs (random signs would defeat the branch predictor):
  ** (v ^ mask) - mask is v for mask 0 and -v for mask -1. */
  VecWide qmask = -(VecWide)(sign < 0);
  VecWide smask = -(VecWide)((int)(bits >> 63) ^ (sign < 0));
  h->fast_s += (vs ^ smask) - smask;
  h->fast_q += (vq ^ qmask) - qmask;
  if (++h->fast_adds >= FAST_MAX_ADDS && fast_flush(d, h, al)) return -1;
  return 1;
}
#endif

/* --- extremes ------------------------------------------------------------- */

static VecAccResult extremes_add(VecAcc *a, VecDim *d, VecHot *h, double lo, double hi, const Allocator *al) {
  if (!a->window && !a->tracking) {
    if (h->early_left == 0) {
      h->early_min = lo;
      h->early_max = hi;
      d->early_unknown = 0;
    } else {
      if (lo < h->early_min) h->early_min = lo;
      if (hi > h->early_max) h->early_max = hi;
    }
    h->early_left++;
    return VECACC_OK;
  }
  int64_t before = d->later.qmin.size + d->later.qmax.size;
  if (extrema_add(&d->later, lo, hi, al)) return VECACC_NOMEM;
  a->queued += d->later.qmin.size + d->later.qmax.size - before;
  return VECACC_OK;
}

static void extremes_remove(VecAcc *a, VecDim *d, VecHot *h, double lo, double hi, const Allocator *al) {
  if (h->early_left > 0) { /* early rows leave first */
    h->early_left--;
    if (h->early_left == 0) {
      d->early_unknown = 0;
    } else if (!(lo > h->early_min && hi < h->early_max)) {
      d->early_unknown = 1;
    }
    return;
  }
  int64_t before = d->later.qmin.size + d->later.qmax.size;
  extrema_remove(&d->later, lo, hi, al);
  a->queued += d->later.qmin.size + d->later.qmax.size - before;
}

/* Min and max of dimension d; 0 when unknown. */
static int extremes_get(const VecDim *d, const VecHot *h, double *min, double *max) {
  if (d->no_minmax > 0) return 0;
  if (h->early_left > 0 && d->early_unknown) return 0;
  if (d->later.count > 0 && !extrema_known(&d->later)) return 0;
  if (h->early_left == 0 && d->later.count == 0) return 0;
  *min = h->early_left > 0 ? h->early_min : INFINITY;
  *max = h->early_left > 0 ? h->early_max : -INFINITY;
  if (d->later.count > 0) {
    if (d->later.min < *min) *min = d->later.min;
    if (d->later.max > *max) *max = d->later.max;
  }
  return 1;
}

static void check_budget(VecAcc *a, const Allocator *al);

/* Turns the tracked rows of every dimension into early rows (vecacc.h). */
static void stop_tracking_early(VecAcc *a, const Allocator *al) {
  for (uint32_t i = 0; i < a->dims; i++) {
    VecDim *d = &a->dim[i];
    VecHot *h = &a->hot[i];
    if (d->later.count > 0) {
      h->early_min = d->later.min;
      h->early_max = d->later.max;
      h->early_left = d->later.count;
      d->early_unknown = !extrema_known(&d->later);
    }
    extrema_free(&d->later, al);
    memset(&d->later, 0, sizeof d->later);
  }
  a->tracking = 0;
  a->queued = 0;
}

/* Ends a row: stops tracking a long aggregate, bounds the queues. */
static void end_row(VecAcc *a, const Allocator *al) {
  if (!a->window && a->tracking && ++a->steps >= VECACC_TRACK_ROWS) stop_tracking_early(a, al);
  check_budget(a, al);
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

/* --- the accumulator ------------------------------------------------------ */

VecAccResult vecacc_init(VecAcc *a, uint32_t dims, const Allocator *al) {
  memset(a, 0, sizeof *a);
  a->dim = al->realloc(NULL, (uint64_t)dims * sizeof *a->dim);
  a->hot = al->realloc(NULL, (uint64_t)dims * sizeof *a->hot);
  if (a->dim == NULL || a->hot == NULL) {
    al->free(a->dim);
    al->free(a->hot);
    a->dim = NULL;
    a->hot = NULL;
    return VECACC_NOMEM;
  }
  memset(a->dim, 0, (size_t)dims * sizeof *a->dim);
  memset(a->hot, 0, (size_t)dims * sizeof *a->hot);
  a->dims = dims;
  a->tracking = 1;
  return VECACC_OK;
}

/* After a removal: a dimension holding nothing is exactly zero; start afresh. */
static void dim_maybe_reset(VecDim *d, VecHot *h) {
  if (h->rows + d->weighted != 0) return;
#ifdef VECACC_FAST_BAND
  h->fast_s = h->fast_q = 0; /* the parts may be non-zero; their total is zero */
  h->fast_placed = h->fast_adds = 0;
#endif
  vs_reset(&d->s);
  vs_reset(&d->q);
  vs_reset(&d->w);
}

VecAccResult vecacc_row(VecAcc *a, const double *x, int exact_squares, int sign, const Allocator *al) {
  const double sg = sign > 0 ? 1.0 : -1.0;
  for (uint32_t i = 0; i < a->dims; i++) {
    double v = x[i];
    if (isnan(v)) continue; /* Requirement 3 */
    VecDim *d = &a->dim[i];
    VecHot *h = &a->hot[i];
    if (sign > 0 && !a->window && !a->tracking && h->early_left > 0) { /* extremes_add's common case, inline */
      h->early_min = v < h->early_min ? v : h->early_min;
      h->early_max = v > h->early_max ? v : h->early_max;
      h->early_left++;
    } else if (sign > 0) {
      if (extremes_add(a, d, h, v, v, al)) return VECACC_NOMEM;
    } else {
      extremes_remove(a, d, h, v, v, al);
    }
    h->rows += sign;
    int done = 0;
#ifdef VECACC_FAST_BAND
    done = fast_add(d, h, v, sign, al);
    if (done < 0) return VECACC_NOMEM;
#endif
    if (!done && (vs_add_scaled(&d->s, sg * v, 0, al) || vs_add_square(&d->q, v, sg, exact_squares, al))) {
      return VECACC_NOMEM;
    }
    if (sign < 0) dim_maybe_reset(d, h);
  }
  end_row(a, al);
  return VECACC_OK;
}

VecAccResult vecacc_weighted_row(VecAcc *a, const double *x, double w, int sign, const Allocator *al) {
  const double sw = sign > 0 ? w : -w;
  for (uint32_t i = 0; i < a->dims; i++) {
    double v = x[i];
    if (isnan(v)) continue;
    VecDim *d = &a->dim[i];
    VecHot *h = &a->hot[i];
    if (sign > 0) {
      if (extremes_add(a, d, h, v, v, al)) return VECACC_NOMEM;
    } else {
      extremes_remove(a, d, h, v, v, al);
    }
    if (vs_add_scaled(&d->w, sw, 0, al) || vs_add_product_scaled(&d->s, sw, v, 0, al) ||
        vs_add_product3(&d->q, sw, v, v, al)) {
      return VECACC_NOMEM;
    }
    d->weighted += sign;
    if (sign < 0) dim_maybe_reset(d, h);
  }
  end_row(a, al);
  return VECACC_OK;
}

VecAccResult vecacc_moments(VecAcc *a, uint32_t i, const Moments *m, int sign, const Allocator *al) {
  VecDim *d = &a->dim[i];
  VecHot *h = &a->hot[i];
  int has_minmax = (m->flags & MOM_HAS_MINMAX) != 0;
  double lo = has_minmax ? m->min : m->mean.hi;
  double hi = has_minmax ? m->max : m->mean.hi;
  if (sign > 0) {
    if (extremes_add(a, d, h, lo, hi, al)) return VECACC_NOMEM;
  } else {
    extremes_remove(a, d, h, lo, hi, al);
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
  if (sign < 0) dim_maybe_reset(d, h);
  return VECACC_OK;
}

void vecacc_end_row(VecAcc *a, const Allocator *al) { end_row(a, al); }

VecAccResult vecacc_finish(VecAcc *a, uint32_t i, Moments *out) {
  VecDim *d = &a->dim[i];
  VecHot *h = &a->hot[i];
  if (h->rows + d->weighted <= 0) return VECACC_EMPTY; /* Requirement 5 */
  ExactSum sw, ss, sq;
  XsBig w, s, q, wq, s2, r;
  vs_to_exact(&d->w, &sw);
  xs_add_int(&sw, h->rows);
  vs_to_exact(&d->s, &ss);
  vs_to_exact(&d->q, &sq);
#ifdef VECACC_FAST_BAND
  wide_add(h->fast_s, h->fast_base_s, &ss, NULL, NULL);
  wide_add(h->fast_q, h->fast_base_q, &sq, NULL, NULL);
#endif
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
  if (extremes_get(d, h, &min, &max)) {
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
    if (!extremes_get(&a->dim[i], &a->hot[i], &min, &max)) return 0;
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
  al->free(a->hot);
  a->dim = NULL;
  a->hot = NULL;
  a->dims = 0;
}

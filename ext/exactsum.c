/*
** exactsum.c: the exact accumulator described in exactsum.h, and the small
** big-number steps (multiply, subtract, divide to double-double) that the
** accumulator's finish step needs. Pure C, no SQLite.
*/
#include "exactsum.h"

#include <math.h>
#include <string.h>

#define CHUNK_MASK 0xFFFFFFFFu
#define CHUNK_BASE 4294967296.0
#define CHUNK_BASE_INT 4294967296LL

void xs_touch(ExactSum *s, int lo, int hi) {
  if (s->first == s->end) {
    for (int i = lo; i <= hi; i++) s->chunk[i] = 0;
    s->first = lo;
    s->end = hi + 1;
    return;
  }
  while (s->first > lo) s->chunk[--s->first] = 0;
  while (s->end <= hi) s->chunk[s->end++] = 0;
}

/* Splits a value v into its low 32 bits (returned) and the carry (*carry). */
static int64_t split_chunk(int64_t v, int64_t *carry) {
  int64_t low = (int64_t)((uint64_t)v & CHUNK_MASK);
  *carry = (v - low) / CHUNK_BASE_INT;
  return low;
}

/* Brings every chunk but the top one into [0, 2^32), the top one into
** [-2^31, 2^31), widening the range as carries require. */
void xs_carry(ExactSum *s) {
  s->adds = 0;
  if (s->first == s->end) return;
  int64_t carry = 0;
  for (int i = s->first; i < s->end - 1; i++) {
    s->chunk[i] = split_chunk(s->chunk[i] + carry, &carry);
  }
  s->chunk[s->end - 1] += carry;
  while (s->chunk[s->end - 1] >= (1LL << 31) || s->chunk[s->end - 1] < -(1LL << 31)) {
    if (s->end >= XS_NCHUNKS) {
      s->overflow = 1;
      return;
    }
    int top = s->end - 1;
    s->chunk[top] = split_chunk(s->chunk[top], &carry);
    s->chunk[s->end++] = carry;
  }
}

void xs_add_scaled(ExactSum *s, double x, int k) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int biased = (int)((bits >> 52) & 0x7FF);
  uint64_t m = bits & 0xFFFFFFFFFFFFFull;
  if (biased == 0) {
    if (m == 0) return;
    biased = 1; /* subnormal */
  } else {
    m |= 1ull << 52;
  }
  long pos = (long)biased - 1075 + k - XS_LOW_EXP;
  if (pos < 0) { /* below 2^XS_LOW_EXP: far below any double result */
    if (pos <= -53) return;
    m >>= -pos;
    pos = 0;
    if (m == 0) return;
  }
  int c = (int)(pos >> 5);
  int sh = (int)(pos & 31);
  if (c + 2 >= XS_NCHUNKS) {
    s->overflow = 1;
    return;
  }
  if (c < s->first || c + 2 > s->end || s->first == s->end) xs_touch(s, c, c + 1);
  xs_chunk_pair_add(s->chunk + c, m, sh, (int)(bits >> 63));
  if (++s->adds >= XS_ADDS_PER_CARRY) xs_carry(s);
}

/* Adds a * b * 2^k exactly. */
static void add_product_scaled(ExactSum *s, double a, double b, int k) {
  if (a == 0.0 || b == 0.0) return;
  int ea, eb;
  double ma = frexp(a, &ea);
  double mb = frexp(b, &eb);
  DD p = dd_two_prod(ma, mb); /* exact: ma, mb in [0.5, 1) */
  xs_add_scaled(s, p.hi, ea + eb + k);
  xs_add_scaled(s, p.lo, ea + eb + k);
}

void xs_add_product(ExactSum *s, double a, double b) { add_product_scaled(s, a, b, 0); }

void xs_add_square_slow(ExactSum *s, double x, int negate) { add_product_scaled(s, negate ? -x : x, x, 0); }

void xs_add_product3(ExactSum *s, double a, double b, double c) {
  if (a == 0.0 || b == 0.0 || c == 0.0) return;
  int ea, eb;
  double ma = frexp(a, &ea);
  double mb = frexp(b, &eb);
  DD p = dd_two_prod(ma, mb);
  add_product_scaled(s, p.hi, c, ea + eb);
  add_product_scaled(s, p.lo, c, ea + eb);
}

void xs_add_int(ExactSum *s, int64_t n) {
  int64_t low = (int64_t)((uint64_t)n & CHUNK_MASK);
  int64_t high = (n - low) / CHUNK_BASE_INT;
  xs_add_scaled(s, (double)high, 32);
  xs_add(s, (double)low);
}

int xs_is_zero(ExactSum *s) {
  xs_carry(s);
  for (int i = s->first; i < s->end; i++) {
    if (s->chunk[i] != 0) return 0;
  }
  return 1;
}

/* Drops zero digits at both ends, keeping the value. */
static void big_trim(XsBig *b) {
  while (b->len > 0 && b->digit[b->len - 1] == 0) b->len--;
  int skip = 0;
  while (skip < b->len && b->digit[skip] == 0) skip++;
  if (skip > 0) {
    memmove(b->digit, b->digit + skip, (size_t)(b->len - skip) * sizeof b->digit[0]);
    b->len -= skip;
    b->exp += 32 * skip;
  }
  if (b->len == 0) b->exp = 0;
}

void xs_to_big(ExactSum *s, XsBig *out) {
  xs_carry(s);
  out->len = 0;
  out->exp = 0;
  out->negative = 0;
  if (s->first == s->end) return;
  int top = s->end - 1;
  int negative = s->chunk[top] < 0;
  int64_t carry = 0;
  for (int i = s->first; i <= top; i++) {
    int64_t v = (negative ? -s->chunk[i] : s->chunk[i]) + carry;
    out->digit[out->len++] = (uint32_t)split_chunk(v, &carry);
  }
  out->exp = XS_LOW_EXP + 32 * s->first;
  out->negative = negative;
  big_trim(out);
}

void xs_big_mul(const XsBig *a, const XsBig *b, XsBig *r) {
  r->negative = 0;
  if (a->len == 0 || b->len == 0) {
    r->len = 0;
    r->exp = 0;
    return;
  }
  r->len = a->len + b->len;
  r->exp = a->exp + b->exp;
  memset(r->digit, 0, (size_t)r->len * sizeof r->digit[0]);
  for (int i = 0; i < a->len; i++) {
    uint64_t carry = 0;
    for (int j = 0; j < b->len; j++) {
      uint64_t t = (uint64_t)a->digit[i] * b->digit[j] + r->digit[i + j] + carry;
      r->digit[i + j] = (uint32_t)t;
      carry = t >> 32;
    }
    r->digit[i + b->len] = (uint32_t)carry;
  }
  big_trim(r);
}

/* Digit i of b when aligned to exponent e (b->exp >= e, same residue mod 32). */
static uint32_t digit_at(const XsBig *b, int e, int i) {
  int j = i - (b->exp - e) / 32;
  return (j >= 0 && j < b->len) ? b->digit[j] : 0;
}

int xs_big_sub(const XsBig *a, const XsBig *b, XsBig *r) {
  r->negative = 0;
  if (b->len == 0) {
    *r = *a;
    return 1;
  }
  if (a->len == 0) {
    r->len = 0;
    r->exp = 0;
    return 0;
  }
  int e = a->exp < b->exp ? a->exp : b->exp;
  int top_a = (a->exp - e) / 32 + a->len;
  int top_b = (b->exp - e) / 32 + b->len;
  int n = top_a > top_b ? top_a : top_b;
  int64_t borrow = 0;
  for (int i = 0; i < n; i++) {
    int64_t v = (int64_t)digit_at(a, e, i) - (int64_t)digit_at(b, e, i) - borrow;
    borrow = v < 0;
    r->digit[i] = (uint32_t)(v + (borrow ? CHUNK_BASE_INT : 0));
  }
  r->len = n;
  r->exp = e;
  if (borrow) {
    r->len = 0;
    r->exp = 0;
    return 0;
  }
  big_trim(r);
  return 1;
}

/* v * 2^k, rounded once: the same as ldexp(v, k). When 2^k is a normal
** double the product is one correctly rounded multiplication (overflowing to
** infinity and rounding into the subnormals exactly as ldexp does), which
** saves a library call per part in every finish (tests/bench, pair 4). */
static double scale2(double v, int k) {
  if (k >= -1022 && k <= 1023) {
    uint64_t bits = (uint64_t)(k + 1023) << 52;
    double p;
    memcpy(&p, &bits, sizeof p);
    return v * p;
  }
  return ldexp(v, k);
}

/* The top five digits of a as a double-double m, with a ~= m * 2^(*e). */
static DD big_leading(const XsBig *a, int *e) {
  /* 2^(32 * (4 - i)): exact scalings, so the same as ldexp, without its calls. */
  static const double scale[5] = {0x1p128, 0x1p96, 0x1p64, 0x1p32, 1.0};
  DD v = dd_from(0.0);
  int top = a->len - 1;
  for (int i = 0; i < 5 && top - i >= 0; i++) {
    v = dd_add_d(v, (double)a->digit[top - i] * scale[i]);
  }
  *e = a->exp + 32 * (top - 4);
  return v;
}

/* a / b where b's leading digits are mb * 2^eb (big_leading). */
static DD div_leading(const XsBig *a, DD mb, int eb, int b_negative, int *overflow) {
  DD q = dd_from(0.0);
  if (a->len == 0) return q;
  int ea;
  DD ma = big_leading(a, &ea);
  q = dd_div(ma, mb);
  q.hi = scale2(q.hi, ea - eb);
  q.lo = scale2(q.lo, ea - eb);
  if (isinf(q.hi)) *overflow = 1;
  if (a->negative != b_negative) q = dd_neg(q);
  return dd_fast_two_sum(q.hi, q.lo);
}

DD xs_big_div(const XsBig *a, const XsBig *b, int *overflow) {
  if (a->len == 0 || b->len == 0) return dd_from(0.0);
  int eb;
  DD mb = big_leading(b, &eb);
  return div_leading(a, mb, eb, b->negative, overflow);
}

void xs_big_div2(const XsBig *a1, const XsBig *a2, const XsBig *b, DD *q1, DD *q2, int *overflow) {
  int eb;
  DD mb = big_leading(b, &eb);
  *q1 = div_leading(a1, mb, eb, b->negative, overflow);
  *q2 = div_leading(a2, mb, eb, b->negative, overflow);
}

void xs_moments_generic(const XsBig *w, ExactSum *s, ExactSum *q, XsBig *s_out, XsBig *r_out) {
  XsBig qb, wq, ss;
  xs_to_big(s, s_out);
  xs_to_big(q, &qb);
  xs_big_mul(w, &qb, &wq);
  xs_big_mul(s_out, s_out, &ss);
  xs_big_sub(&wq, &ss, r_out); /* W*Q >= S^2 for w >= 0; r is 0 otherwise */
}

#if defined(__SIZEOF_INT128__)
/* The fast path of xs_moments: magnitudes in 64-bit limbs (least significant
** first), products with 128-bit integers. */
#define FAST_IN 4                  /* limbs of an operand: up to 8 chunks */
#define FAST_OUT (2 * FAST_IN + 4) /* limbs of a product, aligned */
typedef unsigned __int128 XsU128;

/* The sum as magnitude limbs, exponent and sign; returns the number of limbs
** (0 for zero), or -1 when it spans more than 2 * FAST_IN chunks. */
static int fast_load(ExactSum *s, uint64_t *limb, int *exp, int *negative) {
  xs_carry(s); /* chunks in [0, 2^32) but the top one, in [-2^31, 2^31) */
  int lo = s->first, hi = s->end - 1;
  *negative = 0;
  *exp = 0;
  while (hi >= lo && s->chunk[hi] == 0) hi--;
  if (hi < lo) return 0;
  while (s->chunk[lo] == 0) lo++;
  int nd = hi - lo + 1;
  if (nd > 2 * FAST_IN) return -1;
  int n = (nd + 1) / 2;
  for (int i = 0; i < n; i++) limb[i] = 0;
  for (int j = 0; j < nd - 1; j++) limb[j >> 1] |= (uint64_t)s->chunk[lo + j] << (32 * (j & 1));
  int64_t top = s->chunk[hi]; /* negative only if it is the top chunk */
  int j = nd - 1;
  limb[j >> 1] |= (j & 1) ? (uint64_t)top << 32 : (uint64_t)top; /* two's complement in n limbs */
  *exp = XS_LOW_EXP + 32 * lo;
  if (top < 0) {
    *negative = 1;
    uint64_t carry = 1;
    for (int i = 0; i < n; i++) {
      XsU128 t = (XsU128)~limb[i] + carry;
      limb[i] = (uint64_t)t;
      carry = (uint64_t)(t >> 64);
    }
    while (n > 0 && limb[n - 1] == 0) n--;
  }
  return n;
}

/* r = a * b, na + nb limbs (na, nb > 0). */
static void fast_mul(const uint64_t *a, int na, const uint64_t *b, int nb, uint64_t *r) {
  for (int i = 0; i < na + nb; i++) r[i] = 0;
  for (int i = 0; i < na; i++) {
    uint64_t carry = 0;
    for (int j = 0; j < nb; j++) {
      XsU128 t = (XsU128)a[i] * b[j] + r[i + j] + carry;
      r[i + j] = (uint64_t)t;
      carry = (uint64_t)(t >> 64);
    }
    r[i + nb] = carry;
  }
}

/* a shifted left by d chunks (32 bits each) into r; returns its limbs, or -1
** beyond FAST_OUT. */
static int fast_shift(const uint64_t *a, int n, int d, uint64_t *r) {
  int q = d >> 1, odd = d & 1;
  int m = n + q + odd;
  if (d < 0 || m > FAST_OUT) return -1;
  for (int i = 0; i < q; i++) r[i] = 0;
  if (!odd) {
    for (int i = 0; i < n; i++) r[q + i] = a[i];
  } else {
    uint64_t prev = 0;
    for (int i = 0; i < n; i++) {
      r[q + i] = (a[i] << 32) | (prev >> 32);
      prev = a[i];
    }
    r[q + n] = prev >> 32;
  }
  return m;
}

/* The top limbs of a magnitude as an XsBig: enough digits (at least five)
** for big_leading to read what it would read in the whole number. */
static void fast_store(const uint64_t *limb, int n, int exp, int negative, XsBig *out) {
  while (n > 0 && limb[n - 1] == 0) n--;
  out->negative = 0;
  if (n == 0) {
    out->len = 0;
    out->exp = 0;
    return;
  }
  int start = n > 3 ? n - 3 : 0;
  int len = 0;
  for (int i = start; i < n; i++) {
    out->digit[len++] = (uint32_t)limb[i];
    out->digit[len++] = (uint32_t)(limb[i] >> 32);
  }
  if (out->digit[len - 1] == 0) len--;
  out->len = len;
  out->exp = exp + 64 * start;
  out->negative = negative;
}

int xs_moments_fast(const XsBig *w, ExactSum *s, ExactSum *q, XsBig *s_out, XsBig *r_out) {
  uint64_t wl[FAST_IN], sl[FAST_IN], ql[FAST_IN];
  uint64_t wq[2 * FAST_IN], ss[2 * FAST_IN], a[FAST_OUT], b[FAST_OUT];
  if (w->len == 0 || w->len > 2 * FAST_IN) return 0;
  int nw = (w->len + 1) / 2;
  for (int i = 0; i < nw; i++) {
    uint64_t high = 2 * i + 1 < w->len ? w->digit[2 * i + 1] : 0;
    wl[i] = w->digit[2 * i] | high << 32;
  }
  int es, eq, neg_s, neg_q;
  int ns = fast_load(s, sl, &es, &neg_s);
  if (ns < 0) return 0;
  int nq = fast_load(q, ql, &eq, &neg_q);
  if (nq < 0) return 0;
  fast_store(sl, ns, es, neg_s, s_out);
  (void)neg_q; /* the generic step multiplies magnitudes too */
  if (nq == 0) { /* W*Q = 0 <= S^2: r is 0 (as xs_big_sub gives it) */
    r_out->len = 0;
    r_out->exp = 0;
    r_out->negative = 0;
    return 1;
  }
  int nwq = nw + nq, ewq = w->exp + eq;
  fast_mul(wl, nw, ql, nq, wq);
  if (ns == 0) {
    fast_store(wq, nwq, ewq, 0, r_out);
    return 1;
  }
  int nss = 2 * ns, ess = 2 * es;
  fast_mul(sl, ns, sl, ns, ss);
  int e = ewq < ess ? ewq : ess;
  int na = fast_shift(wq, nwq, (ewq - e) / 32, a);
  int nb = fast_shift(ss, nss, (ess - e) / 32, b);
  if (na < 0 || nb < 0) return 0;
  int n = na > nb ? na : nb;
  for (int i = na; i < n; i++) a[i] = 0;
  for (int i = nb; i < n; i++) b[i] = 0;
  uint64_t borrow = 0;
  for (int i = 0; i < n; i++) {
    XsU128 t = (XsU128)a[i] - b[i] - borrow;
    a[i] = (uint64_t)t;
    borrow = (uint64_t)(t >> 64) & 1;
  }
  if (borrow) n = 0; /* S^2 > W*Q: r is 0 */
  fast_store(a, n, e, 0, r_out);
  return 1;
}
#else
int xs_moments_fast(const XsBig *w, ExactSum *s, ExactSum *q, XsBig *s_out, XsBig *r_out) {
  (void)w, (void)s, (void)q, (void)s_out, (void)r_out;
  return 0;
}
#endif

DD xs_big_value(const XsBig *a, int *overflow) {
  if (a->len == 0) return dd_from(0.0);
  int e;
  DD m = big_leading(a, &e);
  m.hi = scale2(m.hi, e);
  m.lo = scale2(m.lo, e);
  if (isinf(m.hi)) *overflow = 1;
  if (a->negative) m = dd_neg(m);
  return dd_fast_two_sum(m.hi, m.lo);
}

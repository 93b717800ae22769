/*
** exactsum.c: the exact accumulator described in exactsum.h, and the small
** big-number steps (multiply, subtract, divide to double-double) that the
** accumulator's finish step needs, with fast paths for narrow sums
** (xs_moments_fast, 64-bit limbs and 128-bit products; xs_finish_count, the
** whole finish of unweighted rows without big numbers). Pure C, no SQLite.
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
  int top = a->len - 1;
  DD v = dd_from((double)a->digit[top] * scale[0]); /* what adding it to 0 gives */
  for (int i = 1; i < 5 && top - i >= 0; i++) {
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
/* The fast path of xs_moments: fixed-size magnitudes in 64-bit limbs (least
** significant first), products with 128-bit integers, loops of constant
** length (unrolled). S and Q are read from chunks chosen so that W*Q and S^2
** have the same exponent, so the subtraction needs no shifting. */
#define FW 1 /* limbs of W: a row count, or a weight of up to 2 chunks */
#define FS 2 /* of S */
#define FQ 3 /* of Q */
#define FR (FW + FQ > 2 * FS ? FW + FQ : 2 * FS)
typedef unsigned __int128 XsU128;

/* Chunk i of a carried sum, 0 outside [lo, hi]. */
static inline int64_t chunk_at(const ExactSum *s, int i, int lo, int hi) {
  return i >= lo && i <= hi ? s->chunk[i] : 0;
}

/* The sum's chunks f..hi (f <= lo; those below lo are zero), carried or not,
** as a magnitude in n limbs and its sign; returns 0 when it does not fit. */
static inline int fast_load(const ExactSum *s, int f, int lo, int hi, uint64_t *limb, int n, int *negative) {
  __int128 carry = 0;
  uint64_t any = 0;
  for (int k = 0; k < n; k++) {
    /* times 2^32 as a product: a left shift of a negative value is undefined */
    __int128 t = carry + chunk_at(s, f + 2 * k, lo, hi) + (__int128)chunk_at(s, f + 2 * k + 1, lo, hi) * 4294967296;
    limb[k] = (uint64_t)t;
    any |= limb[k];
    carry = t >> 64; /* 0, or -1 above the top of a negative sum */
  }
  *negative = carry < 0;
  if (carry == 0) return 1;
  if (carry != -1 || any == 0) return 0; /* beyond n limbs */
  uint64_t c = 1;
  for (int k = 0; k < n; k++) {
    XsU128 t = (XsU128)~limb[k] + c;
    limb[k] = (uint64_t)t;
    c = (uint64_t)(t >> 64);
  }
  return 1;
}

/* r = a * b, na + nb limbs. */
static inline void fast_mul(const uint64_t *a, int na, const uint64_t *b, int nb, uint64_t *r) {
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
  uint64_t wl[FW] = {0}, sl[FS], ql[FQ], wq[FW + FQ], ss[2 * FS], r[FR];
  if (w->len == 0 || w->len > 2 * FW) return 0;
  for (int i = 0; i < w->len; i++) wl[i >> 1] |= (uint64_t)w->digit[i] << (32 * (i & 1));
  /* The chunks are read as they are (no carry pass): S from chunk fs, Q from
  ** fq = base + 2 * fs, where W*Q and S^2 have the same exponent. */
  int base = (XS_LOW_EXP - w->exp) / 32;
  int fs = s->first, fq = q->first;
  if (s->first < s->end) {
    fq = base + 2 * fs;
    if (fq > q->first) {
      int d = q->first - base;
      fs = (d >= 0 ? d : d - 1) / 2; /* floor */
      fq = base + 2 * fs;
    }
  }
  if (s->end - fs > 2 * FS || q->end - fq > 2 * FQ) return 0;
  int neg_s, neg_q;
  if (!fast_load(s, fs, s->first, s->end - 1, sl, FS, &neg_s)) return 0;
  if (!fast_load(q, fq, q->first, q->end - 1, ql, FQ, &neg_q)) return 0; /* |Q|, as the generic step */
  fast_store(sl, FS, XS_LOW_EXP + 32 * fs, neg_s, s_out);
  fast_mul(wl, FW, ql, FQ, wq);
  fast_mul(sl, FS, sl, FS, ss);
  uint64_t borrow = 0;
  for (int i = 0; i < FR; i++) {
    XsU128 t = (XsU128)(i < FW + FQ ? wq[i] : 0) - (i < 2 * FS ? ss[i] : 0) - borrow;
    r[i] = (uint64_t)t;
    borrow = (uint64_t)(t >> 64) & 1;
  }
  fast_store(r, borrow ? 0 : FR, w->exp + XS_LOW_EXP + 32 * fq, 0, r_out); /* S^2 > W*Q: r is 0 */
  return 1;
}

#if defined(__GNUC__)
#define XS_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define XS_ALWAYS_INLINE inline
#endif

/* 2^k for a normal k, exactly. */
static inline double pow2(int k) {
  uint64_t bits = (uint64_t)(k + 1023) << 52;
  double p;
  memcpy(&p, &bits, sizeof p);
  return p;
}

/* big_leading for a magnitude given as 64-bit limbs l[0..k] (l[k] its top
** non-zero limb, l[-1] and l[-2] readable zeros), e0 the exponent of l[0]:
** the same double-double. big_leading adds the top five 32-bit digits one by
** one with dd_add_d; the first three steps are always exact (the running sum
** has at most 96 bits and each step's low part at most 44), so after them it
** holds the 96-bit Y = d[t..t-2] as (RN(Y), Y - RN(Y)), which is formed here
** directly: Y cut after its top 53 bits, both parts exact doubles, joined by
** Fast2Sum. The last two steps may round, and are made as big_leading makes
** them (adding a zero digit, below d[0], changes nothing). */
static XS_ALWAYS_INLINE DD limbs_leading(const uint64_t *l, int k, int e0, int *e) {
  uint32_t y_hi, d3, d4; /* Y = y_hi * 2^64 + y_lo, then digits t - 3 and t - 4 */
  uint64_t y_lo;
  int t;
  if (l[k] >> 32) { /* the top digit is the high half of l[k] */
    t = 2 * k + 1;
    y_hi = (uint32_t)(l[k] >> 32);
    y_lo = l[k] << 32 | l[k - 1] >> 32;
    d3 = (uint32_t)l[k - 1];
    d4 = (uint32_t)(l[k - 2] >> 32);
  } else {
    t = 2 * k;
    y_hi = (uint32_t)l[k];
    y_lo = l[k - 1];
    d3 = (uint32_t)(l[k - 2] >> 32);
    d4 = (uint32_t)l[k - 2];
  }
  int sh = 43 - __builtin_clz(y_hi);                                 /* the top bit is at 95 - clz; keep 53 bits */
  int64_t top = (int64_t)((uint64_t)y_hi << (64 - sh) | y_lo >> sh); /* < 2^53; 12 <= sh <= 43 */
  int64_t rest = (int64_t)(y_lo & ((1ull << sh) - 1));               /* < 2^43 */
  DD v = dd_fast_two_sum((double)top * pow2(sh + 64), (double)rest * 0x1p64);
  if (t >= 3) v = dd_add_d(v, (double)d3 * 0x1p32);
  if (t >= 4) v = dd_add_d(v, (double)d4);
  *e = e0 + 32 * (t - 4);
  return v;
}

/* div_leading for a divisor b * 2^eb with b a double (dd_div_d), b with at
** most 26 significant bits when `narrow` (a constant at each call). */
static XS_ALWAYS_INLINE DD div_leading_d(DD ma, int ea, double b, int eb, int negative, int *overflow, int narrow) {
  DD q = dd_div_d_impl(ma, b, narrow);
  q.hi = scale2(q.hi, ea - eb);
  q.lo = scale2(q.lo, ea - eb);
  if (isinf(q.hi)) *overflow = 1;
  if (negative) q = dd_neg(q);
  return dd_fast_two_sum(q.hi, q.lo);
}

/* The same for a wide b (a count of 2^26 or more), out of line. */
static DD div_leading_wide(DD ma, int ea, double b, int eb, int negative, int *overflow) {
  return div_leading_d(ma, ea, b, eb, negative, overflow, 0);
}

/* Each addition adds less than 2^52 to a chunk, and a carry pass leaves
** chunks below 2^32: between passes they stay below 2^62, so the carries
** of carry_digits fit 64 bits. */
_Static_assert(XS_ADDS_PER_CARRY < (1 << 10), "carry_digits needs chunks below 2^62");

/* Chunks [f, f + nd) of a sum (those outside [first, end) are zero and not
** read: a reused sum's are stale, a new one's on the stack undefined),
** carried or not, as nd 32-bit digits in two's complement; returns the carry
** out of the top: 0, or -1 for a negative sum; anything else: too wide. */
static inline int64_t carry_digits(const ExactSum *s, int f, uint32_t *d, int nd) {
  int lo = s->first - f, hi = s->end - f;
  if (lo >= hi) lo = hi = 0; /* an empty sum */
  int64_t carry = 0;
  int j = 0;
  for (; j < lo; j++) d[j] = 0;
  for (; j < hi; j++) {
    int64_t v = carry + s->chunk[f + j];
    d[j] = (uint32_t)v;
    carry = v >> 32; /* floor: an arithmetic shift, as the 128-bit carries */
  }
  for (; j < nd; j++) {
    d[j] = (uint32_t)carry;
    carry >>= 32;
  }
  return carry;
}

int xs_finish_count(int64_t n, const ExactSum *s, const ExactSum *q, DD *mean, DD *m2, int *overflow, int *r_nonzero) {
  if (n < 1 || n > (int64_t)0xFFFFFFFF) return 0;
  /* S from chunk fs, Q from fq = 2 * fs + base: n*Q and S^2 share an
  ** exponent. fs and fq are at or below the first chunks of S and Q. */
  const int base = XS_LOW_EXP / 32;
  int s_in = s->first < s->end, q_in = q->first < q->end;
  int fs = s_in ? s->first : 0;
  if (q_in && (!s_in || 2 * fs + base > q->first)) {
    int d = q->first - base;
    fs = (d >= 0 ? d : d - 1) / 2; /* floor */
  }
  int fq = 2 * fs + base;
  if ((s_in && s->end - fs > 4) || (q_in && q->end - fq > 6)) return 0;
  uint32_t sd[4], qd[6];
  int64_t cs = carry_digits(s, fs, sd, 4);
  if (carry_digits(q, fq, qd, 6) != 0) return 0; /* Q < 0 or beyond 3 limbs */
  /* |S| in sl[2..3], and R later in rl[2..5], each after two zero limbs */
  uint64_t sl[4] = {0, 0, (uint64_t)sd[1] << 32 | sd[0], (uint64_t)sd[3] << 32 | sd[2]}, rl[6] = {0, 0};
  int neg_s = cs != 0;
  if (cs != 0 ? cs != -1 || (sl[3] >> 63) == 0 : (sl[3] >> 63) != 0) return 0; /* |S| beyond 2^127 */
  if (neg_s) {
    unsigned __int128 v = -((unsigned __int128)sl[3] << 64 | sl[2]);
    sl[2] = (uint64_t)v;
    sl[3] = (uint64_t)(v >> 64);
  }
  uint64_t s0 = sl[2], s1 = sl[3]; /* s1 <= 2^63, and s0 = 0 when equal */
  uint64_t q0 = (uint64_t)qd[1] << 32 | qd[0], q1 = (uint64_t)qd[3] << 32 | qd[2], q2 = (uint64_t)qd[5] << 32 | qd[4];
  /* n*Q, four limbs */
  unsigned __int128 t = (unsigned __int128)q0 * (uint64_t)n;
  uint64_t wq0 = (uint64_t)t;
  t = (unsigned __int128)q1 * (uint64_t)n + (uint64_t)(t >> 64);
  uint64_t wq1 = (uint64_t)t;
  t = (unsigned __int128)q2 * (uint64_t)n + (uint64_t)(t >> 64);
  unsigned __int128 wq_lo = (unsigned __int128)wq1 << 64 | wq0, wq_hi = t;
  /* S^2 = s0^2 + 2 s0 s1 2^64 + s1^2 2^128; 2 s0 s1 < 2^128 */
  unsigned __int128 p0 = (unsigned __int128)s0 * s0;
  unsigned __int128 mid = (unsigned __int128)s0 * s1 * 2;
  unsigned __int128 m = mid + (uint64_t)(p0 >> 64);
  unsigned __int128 high = (unsigned __int128)s1 * s1 + ((unsigned __int128)(m < mid) << 64) + (uint64_t)(m >> 64);
  unsigned __int128 ss_lo = (unsigned __int128)(uint64_t)m << 64 | (uint64_t)p0;
  unsigned __int128 r_lo = wq_lo - ss_lo, r_hi = wq_hi - high;
  int r_neg = wq_hi < high; /* S^2 > n*Q: R is 0 */
  if (wq_lo < ss_lo) {
    r_neg |= r_hi == 0;
    r_hi--;
  }
  /* W = n is one digit: big_leading gives n * 2^128 and exponent -128 */
  double b = (double)n * 0x1p128;
  int narrow = n < (1 << 26), e;
  *mean = dd_from(0.0);
  if (s0 | s1) {
    DD ma = limbs_leading(sl + 2, s1 != 0, XS_LOW_EXP + 32 * fs, &e);
    *mean =
        narrow ? div_leading_d(ma, e, b, -128, neg_s, overflow, 1) : div_leading_wide(ma, e, b, -128, neg_s, overflow);
  }
  *m2 = dd_from(0.0);
  *r_nonzero = !r_neg && (r_lo | r_hi) != 0;
  if (*r_nonzero) {
    rl[2] = (uint64_t)r_lo;
    rl[3] = (uint64_t)(r_lo >> 64);
    rl[4] = (uint64_t)r_hi;
    rl[5] = (uint64_t)(r_hi >> 64);
    int k = 3;
    while (rl[2 + k] == 0) k--;
    DD ma = limbs_leading(rl + 2, k, XS_LOW_EXP + 32 * fq, &e);
    *m2 = narrow ? div_leading_d(ma, e, b, -128, 0, overflow, 1) : div_leading_wide(ma, e, b, -128, 0, overflow);
  }
  return 1;
}
#else
int xs_moments_fast(const XsBig *w, ExactSum *s, ExactSum *q, XsBig *s_out, XsBig *r_out) {
  (void)w, (void)s, (void)q, (void)s_out, (void)r_out;
  return 0;
}
int xs_finish_count(int64_t n, const ExactSum *s, const ExactSum *q, DD *mean, DD *m2, int *overflow, int *r_nonzero) {
  (void)n, (void)s, (void)q, (void)mean, (void)m2, (void)overflow, (void)r_nonzero;
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

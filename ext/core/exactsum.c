/*
** exactsum.c: the exact accumulator described in exactsum.h, and the small
** big-number steps (multiply, subtract, divide to double-double) that the
** accumulator's finish step needs, with fast paths for narrow sums
** (xs_moments_fast, 64-bit limbs and 128-bit products; xs_finish_count, the
** whole finish of unweighted rows without big numbers). Every quotient is
** correctly rounded (exactsum.h): digits_rn by long division of digit
** strings, count_rn by division by an invariant integer. Pure C, no SQLite.
**
** 2026-11-25: the rounding was a chain of floating-point operations on the
** top five digits (big_leading, dd_div, dd_div_d); now exact integer
** division, so results are the correctly rounded double-doubles. See the
** notes in exactsum.h for the costs.
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

/* ---- Correctly rounded quotients ----
** Every double-double the finish step stores is (hi, lo) with hi = RN(v) and
** lo = RN(v - hi), RN rounding to nearest, ties to even (at 53 bits, or at
** 2^-1074 below the normal range), for the exact rational v. Both parts come
** from integer division: hi from the leading quotient bits and a sticky bit,
** lo from a second division of the exact rest v - hi, an integer over the
** same divisor. */

/* The index of the top set bit of x (x != 0). */
static inline int top_bit64(uint64_t x) {
#if defined(__GNUC__)
  return 63 - __builtin_clzll(x);
#else
  int k = 0;
  while (x >>= 1) k++;
  return k;
#endif
}

/* RN((H + f) * 2^k) as a magnitude, for H >= 2^53 and 0 <= f < 1, f > 0
** exactly when `sticky`: H keeps its top 53 bits (fewer below the normal
** range), the first dropped bit and the rest decide. *drop is the number of
** bits dropped, *up 1 when H >> drop was rounded up, *tiny 1 when the result
** is below the normal range (or zero); infinity beyond the range of a double. */
static inline double round_head(uint64_t h, int sticky, int k, int *drop, int *up, int *tiny) {
  int d = top_bit64(h) - 52; /* >= 1 */
  *tiny = d + k < -1074;
  if (*tiny) d = -1074 - k;
  *drop = d;
  *up = 0;
  if (d > 64) return 0.0; /* below half of 2^-1074 */
  uint64_t kept = d == 64 ? 0 : h >> d;
  uint64_t rest = d == 64 ? h : h & ((1ull << d) - 1), half = 1ull << (d - 1);
  *up = (rest > half) | ((rest == half) & (sticky | (int)(kept & 1))); /* no branches */
  return scale2((double)(kept + (uint64_t)*up), d + k);                /* exact, or infinity */
}

/* lo itself, or, when hi + lo is not hi (lo rounded up to half an ulp of
** an odd hi: the sum is a tie and rounds away from hi), the double next to
** lo towards zero: the nearest to v - hi that keeps the pair normalized. */
static inline double keep_normalized(double hi, double lo) {
  if (hi + lo == hi) return lo;
  uint64_t bits;
  memcpy(&bits, &lo, sizeof bits);
  bits--; /* the magnitude one unit down (lo is not zero) */
  memcpy(&lo, &bits, sizeof lo);
  return lo;
}

/* The room for digits: a numerator of up to XS_BIG_DIGITS digits, padded
** below to three more digits than the divisor, and the rest's numerator. */
#define RN_DIGITS (XS_BIG_DIGITS + 16)

/* q = u / v and r = u mod v for u of m digits and v of n (v[n-1] != 0,
** m >= n): Knuth's algorithm D, as Hacker's Delight writes it (divmnu). q
** gets m - n + 1 digits, r gets n. */
static void digits_divmod(const uint32_t *u, int m, const uint32_t *v, int n, uint32_t *q, uint32_t *r) {
  const uint64_t b = 1ull << 32;
  if (n == 1) {
    uint64_t k = 0;
    for (int j = m - 1; j >= 0; j--) {
      uint64_t t = k * b + u[j];
      q[j] = (uint32_t)(t / v[0]);
      k = t - (uint64_t)q[j] * v[0];
    }
    r[0] = (uint32_t)k;
    return;
  }
  uint32_t un[RN_DIGITS + 1], vn[RN_DIGITS];
  int s = 31 - top_bit64(v[n - 1]); /* normalize: v's top bit set */
  for (int i = n - 1; i > 0; i--) vn[i] = (uint32_t)(((uint64_t)v[i] << s) | ((uint64_t)v[i - 1] >> (32 - s)));
  vn[0] = v[0] << s;
  un[m] = (uint32_t)((uint64_t)u[m - 1] >> (32 - s));
  for (int i = m - 1; i > 0; i--) un[i] = (uint32_t)(((uint64_t)u[i] << s) | ((uint64_t)u[i - 1] >> (32 - s)));
  un[0] = u[0] << s;
  for (int j = m - n; j >= 0; j--) {
    uint64_t num = (uint64_t)un[j + n] * b + un[j + n - 1];
    uint64_t qhat = num / vn[n - 1], rhat = num - qhat * vn[n - 1];
    while (qhat >= b || qhat * vn[n - 2] > b * rhat + un[j + n - 2]) {
      qhat--;
      rhat += vn[n - 1];
      if (rhat >= b) break;
    }
    int64_t k = 0, t;
    for (int i = 0; i < n; i++) { /* un[j..j+n] -= qhat * vn */
      uint64_t p = qhat * vn[i];
      t = (int64_t)un[i + j] - k - (int64_t)(p & 0xFFFFFFFFu);
      un[i + j] = (uint32_t)t;
      k = (int64_t)(p >> 32) - (t >> 32);
    }
    t = (int64_t)un[j + n] - k;
    un[j + n] = (uint32_t)t;
    q[j] = (uint32_t)qhat;
    if (t < 0) { /* qhat was one too large: add v back */
      q[j]--;
      uint64_t c = 0;
      for (int i = 0; i < n; i++) {
        uint64_t w = (uint64_t)un[i + j] + vn[i] + c;
        un[i + j] = (uint32_t)w;
        c = w >> 32;
      }
      un[j + n] += (uint32_t)c;
    }
  }
  for (int i = 0; i < n - 1; i++) r[i] = (uint32_t)(((uint64_t)un[i] >> s) | ((uint64_t)un[i + 1] << (32 - s)));
  r[n - 1] = (uint32_t)((uint64_t)un[n - 1] >> s);
}

/* 64 bits of the digits d[0..len) starting at bit `low` (zeros above). */
static uint64_t digits_bits64(const uint32_t *d, int len, int low) {
  /* read three digits and shift: bits low .. low + 95 */
  int j = low / 32, sh = low % 32;
  uint32_t d0 = j < len ? d[j] : 0, d1 = j + 1 < len ? d[j + 1] : 0, d2 = j + 2 < len ? d[j + 2] : 0;
  uint64_t lo = (uint64_t)d1 << 32 | d0;
  return sh == 0 ? lo : lo >> sh | (uint64_t)d2 << (64 - sh);
}

/* 1 when any of the bits of d below bit `low` is set. */
static int digits_any_below(const uint32_t *d, int low) {
  for (int i = 0; i < low / 32; i++) {
    /* d[0..len) is written by the caller (digits_divmod's quotient); the
    ** analyzer cannot follow its loop bounds there. */
    if (d[i]) return 1; /* NOLINT(clang-analyzer-core.uninitialized.Branch) */
  }
  return low % 32 != 0 && (d[low / 32] & ((1u << (low % 32)) - 1)) != 0;
}

/* r[0..na+nb) = a * b. */
static void digits_mul(const uint32_t *a, int na, const uint32_t *b, int nb, uint32_t *r) {
  memset(r, 0, (size_t)(na + nb) * sizeof r[0]);
  for (int i = 0; i < na; i++) {
    uint64_t c = 0;
    for (int j = 0; j < nb; j++) {
      uint64_t t = (uint64_t)a[i] * b[j] + r[i + j] + c;
      r[i + j] = (uint32_t)t;
      c = t >> 32;
    }
    r[i + nb] = (uint32_t)c;
  }
}

/* RN(a / b * 2^e) as a magnitude, for digit strings a (alen digits) and b
** (blen digits, the top one non-zero). Sets *overflow on infinity. When x
** is given, also the rest: v - hi = (x_neg ? -1 : 1) * x / b * 2^(*xe), x
** of *xlen digits (0 when the rest is zero or not needed: hi below the
** normal range, where lo is 0, or infinite). */
static double digits_rn(const uint32_t *a, int alen, const uint32_t *b, int blen, int e, int *overflow, uint32_t *x,
                        int *xlen, int *x_neg, int *xe) {
  uint32_t u[RN_DIGITS], q[RN_DIGITS], r[RN_DIGITS];
  if (x) *xlen = *x_neg = 0;
  while (alen > 0 && a[alen - 1] == 0) alen--;
  if (alen == 0) return 0.0;
  int pad = blen + 3 - alen > 0 ? blen + 3 - alen : 0; /* the quotient gets at least 64 bits */
  int m = alen + pad;
  memset(u, 0, (size_t)pad * sizeof u[0]);
  memcpy(u + pad, a, (size_t)alen * sizeof u[0]);
  digits_divmod(u, m, b, blen, q, r);
  int qn = m - blen + 1;
  while (q[qn - 1] == 0) qn--;
  int low = 32 * (qn - 1) + top_bit64(q[qn - 1]) - 63; /* the top 64 bits of q */
  int sticky = digits_any_below(q, low);
  for (int i = 0; i < blen && !sticky; i++) sticky = r[i] != 0;
  int eq = e - 32 * pad, drop, up, tiny;
  double hi = round_head(digits_bits64(q, qn, low), sticky, low + eq, &drop, &up, &tiny);
  if (isinf(hi)) *overflow = 1;
  if (!x || tiny || isinf(hi)) return hi;
  /* D = q - (kept + up) * 2^s, |D| <= 2^(s-1); the rest is (D * b + r) / b */
  int s = low + drop, dn = s / 32 + 1;
  uint32_t d[RN_DIGITS];
  memset(d, 0, (size_t)dn * sizeof d[0]);
  memcpy(d, q, (size_t)(dn < qn ? dn : qn) * sizeof d[0]);
  d[dn - 1] &= (1u << (s % 32)) - 1;
  if (up) { /* |D| = 2^s - (q mod 2^s) */
    uint64_t c = 1;
    for (int i = 0; i < dn; i++) {
      uint64_t t = (uint64_t)(uint32_t)~d[i] + c;
      d[i] = (uint32_t)t;
      c = t >> 32;
    }
    d[dn - 1] += 1u << (s % 32); /* 2^(32 dn) - v + 2^s - 2^(32 dn), mod 2^(32 dn) */
  }
  while (dn > 0 && d[dn - 1] == 0) dn--;
  int n = dn + blen;
  if (dn > 0) {
    digits_mul(d, dn, b, blen, x);
  } else {
    memset(x, 0, (size_t)n * sizeof x[0]);
  }
  int64_t c = 0; /* x = |D| * b + r, or |D| * b - r (then |D| >= 1 and x > 0) */
  for (int i = 0; i < n; i++) {
    int64_t t = (int64_t)x[i] + c + (i < blen ? (up ? -(int64_t)r[i] : (int64_t)r[i]) : 0);
    x[i] = (uint32_t)t;
    c = t >> 32;
  }
  *xlen = n;
  *x_neg = up;
  *xe = eq;
  return hi;
}

/* a / b * 2^e as the correctly rounded double-double, negated when `negative`. */
static DD digits_rn_dd(const uint32_t *a, int alen, const uint32_t *b, int blen, int e, int negative, int *overflow) {
  uint32_t x[RN_DIGITS];
  int xlen = 0, x_neg = 0, xe = 0, unused = 0;
  DD v;
  v.hi = digits_rn(a, alen, b, blen, e, overflow, x, &xlen, &x_neg, &xe);
  v.lo = xlen ? digits_rn(x, xlen, b, blen, xe, &unused, NULL, NULL, NULL, NULL) : 0.0;
  if (x_neg && v.lo != 0) v.lo = -v.lo;
  if (negative) {
    v.hi = -v.hi;
    v.lo = -v.lo;
  }
  if (v.hi == 0) v.hi = 0.0; /* no negative zeros */
  if (v.lo == 0) v.lo = 0.0;
  v.lo = keep_normalized(v.hi, v.lo);
  return v;
}

DD xs_big_div(const XsBig *a, const XsBig *b, int *overflow) {
  if (a->len == 0 || b->len == 0) return dd_from(0.0);
  return digits_rn_dd(a->digit, a->len, b->digit, b->len, a->exp - b->exp, a->negative != b->negative, overflow);
}

void xs_big_div2(const XsBig *a1, const XsBig *a2, const XsBig *b, DD *q1, DD *q2, int *overflow) {
  *q1 = xs_big_div(a1, b, overflow);
  *q2 = xs_big_div(a2, b, overflow);
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

/* A magnitude of n limbs as an XsBig, every digit (the divisions that read
** it are exact). */
static void fast_store(const uint64_t *limb, int n, int exp, int negative, XsBig *out) {
  while (n > 0 && limb[n - 1] == 0) n--;
  out->negative = 0;
  if (n == 0) {
    out->len = 0;
    out->exp = 0;
    return;
  }
  int len = 0;
  for (int i = 0; i < n; i++) {
    out->digit[len++] = (uint32_t)limb[i];
    out->digit[len++] = (uint32_t)(limb[i] >> 32);
  }
  if (out->digit[len - 1] == 0) len--;
  out->len = len;
  out->exp = exp;
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

typedef unsigned __int128 U128;

/* a >> k (0 <= k < 256) for a of four 64-bit limbs, cut to 128 bits, and
** *lost = 1 when any of the bits shifted out is set. */
static inline U128 limbs_shr(const uint64_t *a, int k, int *lost) {
  int l = k / 64, sh = k % 64;
  /* l <= 3, and a has four limbs: the analyzer cannot bound k here. */
  /* NOLINTBEGIN(clang-analyzer-core.uninitialized.Assign) */
  uint64_t v0 = a[l], v1 = l + 1 < 4 ? a[l + 1] : 0, v2 = l + 2 < 4 ? a[l + 2] : 0;
  /* NOLINTEND(clang-analyzer-core.uninitialized.Assign) */
  uint64_t lo = sh ? v0 >> sh | v1 << (64 - sh) : v0, hi = sh ? v1 >> sh | v2 << (64 - sh) : v1;
  int nz = sh && (v0 & ((1ull << sh) - 1)) != 0;
  for (int i = 0; i < l; i++) nz |= a[i] != 0;
  *lost = nz;
  return (U128)hi << 64 | lo;
}

/* A row count n as the divisor of Moller and Granlund's division by an
** invariant integer ("Improved division by invariant integers", IEEE Trans.
** Computers 60, 2011): d = n * 2^c with its top bit set, and the reciprocal
** v = floor((2^128 - 1) / d) - 2^64. Made once per finish (one 128-bit
** division), then each 128-by-64-bit division is two multiplications. */
typedef struct CountDiv {
  uint64_t d; /* n * 2^c, the top bit set */
  uint64_t v; /* floor((2^128 - 1) / d) - 2^64 */
  int c;
} CountDiv;

static inline CountDiv count_div_init(uint64_t n) {
  CountDiv k;
  k.c = 63 - top_bit64(n);
  k.d = n << k.c;
  k.v = (uint64_t)(((U128)~k.d << 64 | ~0ull) / k.d);
  return k;
}

/* (u1 * 2^64 + u0) / d for u1 < d, the remainder in *r (their Algorithm 4). */
static inline uint64_t mg_div(uint64_t u1, uint64_t u0, const CountDiv *k, uint64_t *r) {
  U128 p = (U128)k->v * u1 + ((U128)(u1 + 1) << 64 | u0);
  uint64_t q = (uint64_t)(p >> 64), rem = u0 - q * k->d;
  uint64_t over = -(uint64_t)(rem > (uint64_t)p); /* q one too large: no branch, it is taken at random */
  q += over;
  rem += over & k->d;
  if (rem >= k->d) { /* rare */
    q++;
    rem -= k->d;
  }
  *r = rem;
  return q;
}

/* RN(a / n * 2^e) as a magnitude, for a non-zero a of four 64-bit limbs
** (least significant first) and 1 <= n < 2^32, k made from n: what
** digits_rn gives for a one-digit divisor. The top 128 bits of a (the window
** w, a = w 2^j + L; for j <= 0, w = a 2^-j and L = 0), halved if their top
** half is not below d, divided by d = n 2^c leave a quotient q of 63 or 64
** bits, which goes to round_head with the remainder and L as the sticky bit.
** When `rest` is given, also the rest v - hi = (rest_neg ? -1 : 1) * rest /
** n * 2^(*rest_e): with hi = h 2^(s + j + c + e) and Y = w - h 2^s d = (q -
** h 2^s) d + r (|Y| < 2^75), it is (Y 2^j + L) / n * 2^e, or Y / n * 2^(e +
** j) for j <= 0; zero when not needed, as in digits_rn. */
static NORM_ALWAYS_INLINE inline double count_rn(const uint64_t *a, int e, const CountDiv *k, int *overflow,
                                                 uint64_t *rest, int *rest_neg, int *rest_e) {
  int t = a[3] ? 3 : a[2] ? 2 : a[1] ? 1 : 0;
  int j = 64 * t + top_bit64(a[t]) - 127, lost = 0;
  U128 w = j <= 0 ? ((U128)a[1] << 64 | a[0]) << -j : limbs_shr(a, j, &lost);
  uint64_t w1 = (uint64_t)(w >> 64), w0 = (uint64_t)w, r;
  uint64_t half = w1 >= k->d; /* then halve, so that q stays below 2^64 (no branch: random for a rest) */
  lost |= (int)(w0 & half);
  w0 = w0 >> half | (w1 << 63 & -half);
  w1 >>= half;
  j += (int)half;
  uint64_t q = mg_div(w1, w0, k, &r); /* 2^62 <= q < 2^64 */
  int drop, up, tiny;
  double hi = round_head(q, lost | (r != 0), j + k->c + e, &drop, &up, &tiny);
  if (isinf(hi)) *overflow = 1;
  if (!rest) return hi;
  rest[0] = rest[1] = rest[2] = rest[3] = 0;
  *rest_neg = 0;
  *rest_e = e;
  if (tiny || isinf(hi)) return hi;
  uint64_t low_mask = drop < 64 ? (1ull << drop) - 1 : ~0ull; /* drop < 64 when hi is not tiny; kept defined */
  __int128 dq = (__int128)(q & low_mask) - (up ? (__int128)1 << drop : 0); /* q - h 2^s, s = drop */
  __int128 y = dq * (__int128)k->d + (__int128)r;
  if (j <= 0) {
    U128 sign = (U128)(y >> 127); /* |y| without a branch */
    U128 m = ((U128)y ^ sign) - sign;
    *rest_neg = (int)(sign & 1);
    rest[0] = (uint64_t)m;
    rest[1] = (uint64_t)(m >> 64);
    *rest_e = e + j;
    return hi;
  }
  /* Only the top bits of y 2^j + L matter to lo: x = floor((y 2^j + L) /
  ** 2^g) = y 2^52 + (L >> g) for g = j - 52 (|x| < 2^127); |y 2^j + L| is
  ** m 2^g + f with m = |x|, or |x| - 1 for a negative x with bits of L below
  ** g, and 0 <= f < 2^g, f > 0 exactly when there are such bits. When m >=
  ** 2^86, m / n >= 2^54: between m / n and (m + 1) / n lies no rounding
  ** boundary of lo (they are whole numbers there), so the rest may be m
  ** 2^g + 2^(g-1) [f > 0] instead: 2m + [f > 0] at 2^(g-1), exactly. m is
  ** smaller only when y is (below about 2^35, rare): then the exact way. */
  if (j > 52) {
    int g = j - 52, below = 0;
    U128 lg = limbs_shr(a, g, &below) & (((U128)1 << 52) - 1); /* bits g .. j - 1 of a */
    __int128 x = y * ((__int128)1 << 52) + (__int128)lg;
    U128 sign = (U128)(x >> 127);
    U128 m = (((U128)x ^ sign) - sign) - (sign & (U128)below);
    if (m >> 86) {
      m = m << 1 | (U128)below;
      rest[0] = (uint64_t)m;
      rest[1] = (uint64_t)(m >> 64);
      *rest_neg = (int)(sign & 1);
      *rest_e = e + g - 1;
      return hi;
    }
  }
  /* x = y 2^j + L in 256-bit two's complement (|x| < 2^205), then |x| */
  uint64_t ys[4], ext = (uint64_t)(y < 0 ? -1 : 0), yl[5] = {(uint64_t)y, (uint64_t)((U128)y >> 64), ext, ext, ext};
  int l = j / 64, b = j % 64;
  for (int i = 0; i < 4; i++) {
    uint64_t lo = i - l >= 0 ? yl[i - l] : 0, below = i - l - 1 >= 0 ? yl[i - l - 1] : 0;
    ys[i] = b ? lo << b | below >> (64 - b) : lo;
  }
  uint64_t carry = 0;
  for (int i = 0; i < 4; i++) { /* + L, the bits of a below bit j */
    uint64_t li = i < l ? a[i] : i == l && b ? a[i] & ((1ull << b) - 1) : 0;
    U128 s = (U128)ys[i] + li + carry;
    rest[i] = (uint64_t)s;
    carry = (uint64_t)(s >> 64);
  }
  uint64_t neg = -(rest[3] >> 63), c = neg & 1; /* |x|, without a branch: the sign is random */
  *rest_neg = (int)c;
  for (int i = 0; i < 4; i++) {
    U128 s = (U128)(rest[i] ^ neg) + c;
    rest[i] = (uint64_t)s;
    c = (uint64_t)(s >> 64);
  }
  return hi;
}

/* mag / n * 2^e, negated when `negative`, as the correctly rounded
** double-double (mag non-zero), k made from n. */
static NORM_ALWAYS_INLINE inline DD count_rn_dd(const uint64_t *mag, int e, const CountDiv *k, int negative,
                                                int *overflow) {
  uint64_t rest[4];
  int rest_neg, rest_e, unused = 0;
  DD v;
  v.hi = count_rn(mag, e, k, overflow, rest, &rest_neg, &rest_e);
  v.lo = (rest[0] | rest[1] | rest[2] | rest[3]) ? count_rn(rest, rest_e, k, &unused, NULL, NULL, NULL) : 0.0;
  uint64_t lo_bits, hi_bits; /* the signs, without branches (rest_neg is random) */
  memcpy(&lo_bits, &v.lo, sizeof lo_bits);
  memcpy(&hi_bits, &v.hi, sizeof hi_bits);
  lo_bits ^= (uint64_t)(rest_neg ^ negative) << 63;
  hi_bits ^= (uint64_t)negative << 63;
  memcpy(&v.lo, &lo_bits, sizeof v.lo);
  memcpy(&v.hi, &hi_bits, sizeof v.hi);
  if (v.hi == 0) v.hi = 0.0; /* no negative zeros */
  if (v.lo == 0) v.lo = 0.0;
  v.lo = keep_normalized(v.hi, v.lo);
  return v;
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

DD xs_count_div(const uint64_t *mag, int e, uint32_t n, int negative, int *overflow) {
  if (!(mag[0] | mag[1] | mag[2] | mag[3])) return dd_from(0.0);
  CountDiv k = count_div_init(n);
  return count_rn_dd(mag, e, &k, negative, overflow);
}

int xs_finish_count(int64_t n, const ExactSum *s, const ExactSum *q, DD *mean, DD *m2, int *overflow, int *r_nonzero) {
  if (n < 1 || n > (int64_t)0xFFFFFFFF) return 0;
  CountDiv k = count_div_init((uint64_t)n); /* first: its division overlaps the work below */
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
  uint32_t sd[4] = {0, 0, 0, 0}, qd[6] = {0, 0, 0, 0, 0, 0}; /* all written by carry_digits */
  int64_t cs = carry_digits(s, fs, sd, 4);
  if (carry_digits(q, fq, qd, 6) != 0) return 0;                                   /* Q < 0 or beyond 3 limbs */
  uint64_t s0 = (uint64_t)sd[1] << 32 | sd[0], s1 = (uint64_t)sd[3] << 32 | sd[2]; /* S, two's complement */
  int neg_s = cs != 0;
  if (cs != 0 ? cs != -1 || (s1 >> 63) == 0 : (s1 >> 63) != 0) return 0; /* |S| beyond 2^127 */
  if (neg_s) {
    unsigned __int128 v = -((unsigned __int128)s1 << 64 | s0);
    s0 = (uint64_t)v;
    s1 = (uint64_t)(v >> 64); /* s1 <= 2^63, and s0 = 0 when equal */
  }
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
  *mean = dd_from(0.0);
  if (s0 | s1) {
    const uint64_t mag[4] = {s0, s1, 0, 0};
    *mean = count_rn_dd(mag, XS_LOW_EXP + 32 * fs, &k, neg_s, overflow);
  }
  *m2 = dd_from(0.0);
  *r_nonzero = !r_neg && (r_lo | r_hi) != 0;
  if (*r_nonzero) {
    const uint64_t mag[4] = {(uint64_t)r_lo, (uint64_t)(r_lo >> 64), (uint64_t)r_hi, (uint64_t)(r_hi >> 64)};
    *m2 = count_rn_dd(mag, XS_LOW_EXP + 32 * fq, &k, 0, overflow);
  }
  return 1;
}
#else
DD xs_count_div(const uint64_t *mag, int e, uint32_t n, int negative, int *overflow) {
  uint32_t a[8];
  for (int i = 0; i < 4; i++) {
    a[2 * i] = (uint32_t)mag[i];
    a[2 * i + 1] = (uint32_t)(mag[i] >> 32);
  }
  return digits_rn_dd(a, 8, &n, 1, e, negative, overflow);
}
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
  static const uint32_t one = 1;
  if (a->len == 0) return dd_from(0.0);
  return digits_rn_dd(a->digit, a->len, &one, 1, a->exp, a->negative, overflow);
}

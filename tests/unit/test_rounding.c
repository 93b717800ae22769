/* test_rounding.c: the finish step's quotients are correctly rounded
** double-doubles. For an exact v = A * 2^e / n (A up to 256 bits, 1 <= n <
** 2^32) both divisions, xs_count_div (64-bit integer divisions, what
** xs_finish_count uses) and xs_big_div (a big-integer long division, what
** weighted and wide sums use), must give hi = RN(v) and lo = RN(v - hi)
** (nearest, ties to even), or, when that lo is half an ulp of an odd hi, the
** next double towards zero (hi + lo must stay hi). The check is independent
** of both: it compares 2 n v with n times the sums of neighbouring doubles
** (the rounding boundaries) in a plain two's complement big integer. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/accum.h"

#define TB_DIGITS 120 /* 3840 bits: v in [2^-1400, 2^1000], all at units of 2^-1402 */
typedef struct TB {
  uint32_t d[TB_DIGITS]; /* two's complement, least significant first */
} TB;

/* t += sign * m * 2^sh for a magnitude m of `len` 32-bit digits, sh >= 0. */
static void tb_add(TB *t, const uint32_t *m, int len, int sh, int negative) {
  TB v;
  memset(&v, 0, sizeof v);
  for (int i = 0; i < len; i++) {
    int bit = sh + 32 * i, j = bit / 32, b = bit % 32;
    uint64_t x = (uint64_t)m[i] << b;
    if (j < TB_DIGITS) v.d[j] |= (uint32_t)x;
    if (j + 1 < TB_DIGITS) v.d[j + 1] |= (uint32_t)(x >> 32);
  }
  if (negative) { /* v = -v */
    uint64_t c = 1;
    for (int i = 0; i < TB_DIGITS; i++) {
      uint64_t x = (uint64_t)(uint32_t)~v.d[i] + c;
      v.d[i] = (uint32_t)x;
      c = x >> 32;
    }
  }
  uint64_t c = 0;
  for (int i = 0; i < TB_DIGITS; i++) {
    uint64_t x = (uint64_t)t->d[i] + v.d[i] + c;
    t->d[i] = (uint32_t)x;
    c = x >> 32;
  }
}

/* -1, 0, 1 as a < b, a == b, a > b (signed). */
static int tb_cmp(const TB *a, const TB *b) {
  int32_t ta = (int32_t)a->d[TB_DIGITS - 1], tb = (int32_t)b->d[TB_DIGITS - 1];
  if (ta != tb) return ta < tb ? -1 : 1;
  for (int i = TB_DIGITS - 2; i >= 0; i--) {
    if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
  }
  return 0;
}

#define TB_LOW (-1402) /* the unit of every TB here */

/* t += k * n * d for a finite double d (k = 1 or 2, possibly negated). */
static void tb_add_double(TB *t, double d, uint32_t n, int k) {
  uint64_t bits;
  memcpy(&bits, &d, sizeof bits);
  int biased = (int)((bits >> 52) & 0x7FF);
  uint64_t m = bits & 0xFFFFFFFFFFFFFull;
  int ex = -1074;
  if (biased) {
    m |= 1ull << 52;
    ex = biased - 1075;
  }
  uint64_t lo = (m & 0xFFFFFFFFu) * n, hi = (m >> 32) * n + (lo >> 32);
  uint32_t digits[3] = {(uint32_t)lo, (uint32_t)hi, (uint32_t)(hi >> 32)};
  int neg = (int)(bits >> 63) ^ (k < 0);
  for (int i = 0; i < (k < 0 ? -k : k); i++) tb_add(t, digits, 3, ex - TB_LOW, neg);
}

/* Whether `got` is RN(x) where 2 n x is the TB `twice`: between the
** midpoints to its neighbours, a midpoint itself only when got is even. */
static int is_rn(double got, const TB *twice, uint32_t n) {
  if (!isfinite(got)) return 0;
  double below = nextafter(got, -INFINITY), above = nextafter(got, INFINITY);
  TB lo, hi;
  memset(&lo, 0, sizeof lo);
  memset(&hi, 0, sizeof hi);
  tb_add_double(&lo, below, n, 1);
  tb_add_double(&lo, got, n, 1);
  tb_add_double(&hi, got, n, 1);
  tb_add_double(&hi, above, n, 1);
  uint64_t bits;
  memcpy(&bits, &got, sizeof bits);
  int even = (bits & 1) == 0;
  int c1 = tb_cmp(&lo, twice), c2 = tb_cmp(twice, &hi);
  return (c1 < 0 || (c1 == 0 && even)) && (c2 < 0 || (c2 == 0 && even));
}

/* Checks a double-double against v = (-1)^neg A 2^e / n; *adjusted counts
** the lo stepped towards zero. 1 when it is right. */
static int verify(DD q, const uint64_t *a, int e, uint32_t n, int neg, int *adjusted) {
  uint32_t digits[8];
  for (int i = 0; i < 4; i++) {
    digits[2 * i] = (uint32_t)a[i];
    digits[2 * i + 1] = (uint32_t)(a[i] >> 32);
  }
  TB twice; /* 2 n v */
  memset(&twice, 0, sizeof twice);
  tb_add(&twice, digits, 8, e - TB_LOW + 1, neg);
  if (!is_rn(q.hi, &twice, n)) return 0;
  if (q.hi + q.lo != q.hi) return 0;
  tb_add_double(&twice, q.hi, n, -2); /* 2 n (v - hi) */
  if (is_rn(q.lo, &twice, n)) return 1;
  for (int side = -1; side <= 1; side += 2) { /* the RN lo, one unit further from zero (either, from zero) */
    if ((q.lo < 0 && side > 0) || (q.lo > 0 && side < 0)) continue;
    double up = nextafter(q.lo, side * INFINITY);
    if (is_rn(up, &twice, n) && q.hi + up != q.hi) {
      (*adjusted)++;
      return 1;
    }
  }
  return 0;
}

/* Both divisions of A 2^e / n, checked, and equal to each other. */
static int divide_and_verify(const uint64_t *a, int e, uint32_t n, int neg, int *adjusted) {
  int of1 = 0, of2 = 0;
  DD c = xs_count_div(a, e, n, neg, &of1);
  XsBig num, den;
  memset(&num, 0, sizeof num);
  num.len = 8;
  for (int i = 0; i < 4; i++) {
    num.digit[2 * i] = (uint32_t)a[i];
    num.digit[2 * i + 1] = (uint32_t)(a[i] >> 32);
  }
  while (num.len > 0 && num.digit[num.len - 1] == 0) num.len--;
  num.exp = e;
  num.negative = neg;
  den.len = 1;
  den.exp = 0;
  den.negative = 0;
  den.digit[0] = n;
  DD g = num.len ? xs_big_div(&num, &den, &of2) : dd_from(0.0);
  int ok = memcmp(&c, &g, sizeof c) == 0 && !of1 && !of2 && verify(c, a, e, n, neg, adjusted);
  if (!ok && getenv("ROUNDING_DEBUG"))
    printf("# bad: a=%016llx %016llx %016llx %016llx e=%d n=%u neg=%d count=(%a,%a) big=(%a,%a) of=%d,%d\n",
           (unsigned long long)a[3], (unsigned long long)a[2], (unsigned long long)a[1], (unsigned long long)a[0], e, n,
           neg, c.hi, c.lo, g.hi, g.lo, of1, of2);
  return ok;
}

static uint64_t rnd64(uint64_t *rng) {
  uint64_t hi = (uint64_t)(test_uniform(rng) * 0x1p32), lo = (uint64_t)(test_uniform(rng) * 0x1p32);
  return hi << 32 | lo;
}

/* a = m * 2^sh (m up to 128 bits given as two limbs, sh + 128 <= 256) */
static void place(uint64_t *a, uint64_t m0, uint64_t m1, int sh) {
  memset(a, 0, 4 * sizeof a[0]);
  int l = sh / 64, b = sh % 64;
  a[l] = m0 << b;
  if (l + 1 < 4) a[l + 1] = b ? m1 << b | m0 >> (64 - b) : m1;
  if (l + 2 < 4 && b) a[l + 2] = m1 >> (64 - b);
}

/* a *= n, in place (the product below 2^256). */
static void mul_n(uint64_t *a, uint32_t n) {
  uint64_t c = 0;
  for (int i = 0; i < 4; i++) {
    uint64_t lo = (a[i] & 0xFFFFFFFFu) * n + c, hi = (a[i] >> 32) * n + (lo >> 32);
    a[i] = hi << 32 | (uint32_t)lo;
    c = hi >> 32;
  }
}

static void add_small(uint64_t *a, int64_t d) {
  if (d >= 0) {
    for (int i = 0; i < 4 && d; i++) {
      a[i] += (uint64_t)d;
      d = a[i] < (uint64_t)d;
    }
  } else {
    uint64_t b = (uint64_t)-d;
    for (int i = 0; i < 4 && b; i++) {
      uint64_t old = a[i];
      a[i] -= b;
      b = old < b;
    }
  }
}

static void test_rounding_all(void) {
  uint64_t rng = 0x5eed5eed1234567ull;
  static const uint32_t fixed_n[] = {1, 2, 3, 5, 7, 10, 1000, 1024, 4095, 65537, 2147483648u, 4294967295u};
  int bad_random = 0, bad_ties = 0, bad_edges = 0, adjusted = 0, cases = 0;
  for (int i = 0; i < 60000; i++) { /* random numerators of every width */
    uint64_t a[4] = {0, 0, 0, 0};
    int bits = 1 + (int)(test_uniform(&rng) * 256);
    for (int k = 0; k < 4; k++) a[k] = rnd64(&rng);
    for (int k = 0; k < 4; k++) {
      int keep = bits - 64 * k;
      if (keep <= 0)
        a[k] = 0;
      else if (keep < 64)
        a[k] &= (1ull << keep) - 1;
    }
    if (test_uniform(&rng) < 0.2) a[0] = 0; /* trailing zeros */
    if (!(a[0] | a[1] | a[2] | a[3])) a[0] = 1;
    uint32_t n = test_uniform(&rng) < 0.5 ? fixed_n[(int)(test_uniform(&rng) * 12)]
                                          : 1 + (uint32_t)(test_uniform(&rng) * 4294967295.0);
    int e = -1100 - bits + (int)(test_uniform(&rng) * (1900 - 0)) + 32;
    if (e + bits > 1000) e = 1000 - bits;
    if (!divide_and_verify(a, e, n, test_uniform(&rng) < 0.5, &adjusted)) bad_random++;
    cases++;
  }
  CHECK("rounding/random-quotients-correctly-rounded", bad_random == 0);
  for (int i = 0; i < 30000; i++) { /* ties and near-ties at hi's and at lo's rounding point */
    uint32_t n = fixed_n[i % 12];
    if (i % 5 == 4) n = 1 + (uint32_t)(test_uniform(&rng) * 4294967295.0);
    uint64_t h = (rnd64(&rng) >> 11) | (1ull << 52), l = (rnd64(&rng) >> 10) | (1ull << 53) | 1; /* 53, 54 bits */
    uint64_t a[4];
    int kind = i % 4, k = 56 + (int)(test_uniform(&rng) * 60);
    if (kind == 0) { /* v = odd 54-bit * 2^j: a tie for hi */
      place(a, l, 0, (int)(test_uniform(&rng) * 150));
    } else if (kind == 1) { /* v = h 2^k + odd 54-bit: a tie for lo */
      place(a, h, 0, k);
      add_small(a, 0);
      uint64_t t[4];
      place(t, l, 0, 0);
      unsigned __int128 s = (unsigned __int128)a[0] + t[0];
      a[0] = (uint64_t)s;
      a[1] += (uint64_t)(s >> 64);
    } else if (kind == 2) { /* v = h 2^k + 2^(k-1) (odd or even h): hi's tie, lo's edge */
      place(a, h, 0, k);
      uint64_t t[4];
      place(t, 1, 0, k - 1);
      for (int j = 0, c = 0; j < 4; j++) {
        uint64_t s = a[j] + t[j] + (uint64_t)c;
        c = s < a[j] || (c && s == a[j]);
        a[j] = s;
      }
    } else { /* an exact quotient of up to 190 bits */
      place(a, rnd64(&rng), rnd64(&rng) >> (int)(test_uniform(&rng) * 64), (int)(test_uniform(&rng) * 60));
    }
    mul_n(a, n);
    add_small(a, (int64_t)(i / 4 % 3) - 1); /* just below, at, just above */
    if (!(a[0] | a[1] | a[2] | a[3])) a[0] = 1;
    int e = -200 + (int)(test_uniform(&rng) * 400);
    if (!divide_and_verify(a, e, n, i % 7 == 0, &adjusted)) bad_ties++;
    cases++;
  }
  CHECK("rounding/ties-and-near-ties-correctly-rounded", bad_ties == 0);
  /* the edges of the range: subnormal and near-overflow quotients, one-bit
  ** numerators, the largest numerator, n = 1 (an exact conversion) */
  for (int i = 0; i < 4000; i++) {
    uint64_t a[4] = {rnd64(&rng), rnd64(&rng), i % 2 ? rnd64(&rng) : 0, i % 4 == 3 ? rnd64(&rng) : 0};
    if (i % 8 == 0) memset(a, 0, sizeof a), a[i / 8 % 4] = 1ull << (i % 64);
    if (i % 8 == 1) memset(a, 0xFF, sizeof a);
    uint32_t n = fixed_n[i % 12];
    int t = 3;
    while (a[t] == 0) t--;
    int top = 64 * t + 63 - __builtin_clzll(a[t]);
    int e = i % 3 == 0   ? -1074 - top + (int)(test_uniform(&rng) * 60) - 30 /* around the subnormals */
            : i % 3 == 1 ? 1023 - top + (int)(test_uniform(&rng) * 32) - 33  /* below DBL_MAX */
                         : -1022 - top + (int)(test_uniform(&rng) * 120);    /* hi normal, lo subnormal */
    if (!divide_and_verify(a, e, n, i % 5 == 0, &adjusted)) bad_edges++;
    cases++;
  }
  CHECK("rounding/range-edges-correctly-rounded", bad_edges == 0);
  CHECK("rounding/ties-stepped-lo-exercised", adjusted > 0);
  int rejected = 0, tried = 0; /* the check itself: one unit off in lo (or hi) is caught */
  for (int i = 0; i < 2000; i++) {
    uint64_t a[4] = {rnd64(&rng), rnd64(&rng) >> (i % 64), 0, 0};
    uint32_t n = fixed_n[i % 12];
    int of = 0, unused = 0;
    DD q = xs_count_div(a, -100 + i % 200, n, i % 2, &of);
    if (q.lo == 0) continue;
    DD off = q;
    if (i % 4 == 0) {
      off.hi = nextafter(q.hi, INFINITY);
    } else {
      off.lo = nextafter(q.lo, i % 4 == 1 ? INFINITY : -INFINITY);
    }
    tried++;
    rejected += !verify(off, a, -100 + i % 200, n, i % 2, &unused);
  }
  CHECK("rounding/check-rejects-one-unit-off", tried > 1000 && rejected == tried);
  /* overflow: 2^1024 - 2^970 (the midpoint above DBL_MAX) rounds to infinity, just below it to DBL_MAX */
  uint64_t a[4] = {0, 0, 0, 0};
  place(a, (1ull << 54) - 1, 0, 0); /* (2^54 - 1) 2^970 */
  int of = 0;
  DD q = xs_count_div(a, 970, 1, 0, &of);
  CHECK("rounding/overflow-at-the-midpoint", of == 1 && isinf(q.hi));
  add_small(a, 0);
  place(a, ((1ull << 54) - 1) << 1, 0, 0);
  add_small(a, -1); /* just below the midpoint, at 2^969 */
  of = 0;
  q = xs_count_div(a, 969, 1, 0, &of);
  CHECK("rounding/below-the-midpoint-is-dbl-max", of == 0 && q.hi == DBL_MAX && q.lo > 0);
  printf("# rounding: %d quotients, %d with lo stepped towards zero\n", cases, adjusted);
}

void test_rounding(void) { test_rounding_all(); }

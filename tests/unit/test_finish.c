/* test_finish.c: the finish step's shortcut for unweighted rows
** (xs_finish_count, exactsum.h) against the general big-number way it
** replaces (xs_moments_generic and xs_big_div2, what acc_finish did for every
** finish before), bit for bit: mean, m2, the overflow flag and whether
** n*Q - S^2 is positive, over random and adversarial sums. Both ways are
** exact divisions now (test_rounding.c checks them against RN), so they must
** agree bit for bit. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/accum.h"

static int same_dd(DD a, DD b) { return memcmp(&a, &b, sizeof a) == 0; }

/* The general way, for a count n below 2^32 (one digit, as acc_finish makes it). */
static void generic_finish(int64_t n, const ExactSum *s, const ExactSum *q, DD *mean, DD *m2, int *overflow,
                           int *r_nonzero) {
  static ExactSum s2, q2;
  XsBig w, sb, rb;
  s2 = *s;
  q2 = *q;
  w.negative = 0;
  w.exp = 0;
  w.digit[0] = (uint32_t)n;
  w.len = 1;
  xs_moments_generic(&w, &s2, &q2, &sb, &rb);
  xs_big_div2(&sb, &rb, &w, mean, m2, overflow);
  *r_nonzero = rb.len != 0;
}

/* Both ways on the same sums; 1 when they agree (or the shortcut declines). */
static int compare(int64_t n, const ExactSum *s, const ExactSum *q, int *fast_used) {
  DD mf = {1, 1}, m2f = {1, 1}, mg, m2g;
  int of = 0, og = 0, rf = 0, rg = 0;
  if (!xs_finish_count(n, s, q, &mf, &m2f, &of, &rf)) return 1;
  (*fast_used)++;
  generic_finish(n, s, q, &mg, &m2g, &og, &rg);
  return same_dd(mf, mg) && same_dd(m2f, m2g) && of == og && rf == rg;
}

static double pick(uint64_t *rng, double lo, double hi) { return lo + (hi - lo) * test_uniform(rng); }

/* One value of data set `kind` (see the table in test_finish_count). */
static double data_value(uint64_t *rng, int kind, double base) {
  switch (kind) {
    case 0: /* bench-like: two decimals */
      return round(pick(rng, 20, 90) * 100) / 100;
    case 1: /* a large offset and small noise */
      return 1e8 + pick(rng, -1, 1) * ldexp(1, -(int)(test_uniform(rng) * 30));
    case 2: /* a 1e15 grid */
      return 1e15 * floor(pick(rng, -50, 50)) + (test_uniform(rng) < 0.5 ? 1e15 : 0);
    case 3: /* tiny values, down into the subnormals (m2 underflows) */
      return pick(rng, -1, 1) * ldexp(1, -1000 - (int)(test_uniform(rng) * 70));
    case 4: /* huge values (m2 overflows) */
      return pick(rng, -1, 1) * 1e300;
    case 5: /* mixed signs and magnitudes */
      return (test_uniform(rng) < 0.5 ? -1 : 1) * ldexp(pick(rng, 0.5, 1), (int)pick(rng, -40, 40));
    case 6: /* heavy cancellation: a few ulps around a base */
      return base + ldexp(floor(pick(rng, -3, 4)), ilogb(base) - 52);
    case 7: /* equal values: m2 exactly zero */
      return base;
    case 8: /* negative values of one binade */
      return -pick(rng, 1024, 2048);
    case 9: /* eighths: quotients often exact */
      return floor(pick(rng, -800, 800)) / 8;
    case 10: /* integers, counts and sums of every size */
      return floor(pick(rng, 0, 1e6));
    default: /* values at every exponent of a random window */
      return ldexp(pick(rng, -1, 1), (int)(base) + (int)pick(rng, -8, 8));
  }
}

/* fastpaths/finish-count-equals-generic: random data sets (all of them added,
** some taken out again as a sliding frame does, counts true or random), and
** independent sums S and Q (Q < 0, S^2 > n*Q). */
static void test_finish_count(void) {
  uint64_t rng = 4242;
  static ExactSum s, q;
  static double xs[1200];
  int bad = 0, fast_used = 0, cases = 0;
  for (int c = 0; c < 12000; c++) {
    xs_clear(&s);
    xs_clear(&q);
    int kind = c % 13;
    int n = 1 + (int)(test_uniform(&rng) * (c % 11 == 0 ? 1100 : 40));
    double base = kind == 6   ? (test_uniform(&rng) < 0.5 ? -1 : 1) * ldexp(pick(&rng, 1, 2), (int)pick(&rng, -60, 60))
                  : kind == 7 ? pick(&rng, -1e6, 1e6)
                              : pick(&rng, -900, 900);
    if (kind == 12) { /* independent sums */
      for (int i = 0; i < n; i++) {
        xs_add(&s, ldexp(pick(&rng, -1, 1), (int)pick(&rng, -5, 20)));
        xs_add(&q, ldexp(pick(&rng, test_uniform(&rng) < 0.2 ? -1 : 0, 1), (int)pick(&rng, -10, 40)));
      }
    } else {
      for (int i = 0; i < n; i++) {
        xs[i] = data_value(&rng, kind % 12, base);
        xs_add(&s, xs[i]);
        xs_add_square(&q, xs[i], 0);
      }
      int removed = c % 3 == 0 ? (int)(test_uniform(&rng) * n) : 0;
      for (int i = 0; i < removed; i++) {
        xs_add(&s, -xs[i]);
        xs_add_square(&q, xs[i], 1);
      }
      n -= removed;
      if (n == 0) n = 1;
    }
    int64_t count = n;
    double u = test_uniform(&rng);
    if (u < 0.15) count = 1 + (int64_t)(test_uniform(&rng) * 4294967295.0); /* any one-digit count */
    if (u > 0.97) count = 4294967295LL - (int64_t)(test_uniform(&rng) * 3);
    if (!compare(count, &s, &q, &fast_used)) bad++;
    cases++;
  }
  /* A bench-like 1,000-row sliding frame, finished at every row. */
  xs_clear(&s);
  xs_clear(&q);
  static double v[4000];
  for (int i = 0; i < 4000; i++) {
    v[i] = round(pick(&rng, 0, 100) * 100) / 100;
    if (i % 1000 == 999) v[i] = 1e12; /* an outlier passing through */
  }
  int64_t rows = 0;
  for (int i = 0; i < 4000; i++) {
    xs_add(&s, v[i]);
    xs_add_square(&q, v[i], 0);
    rows++;
    if (i >= 1000) {
      xs_add(&s, -v[i - 1000]);
      xs_add_square(&q, v[i - 1000], 1);
      rows--;
    }
    if (!compare(rows, &s, &q, &fast_used)) bad++;
    cases++;
  }
  /* Engineered digit patterns: a top bit, the bits where rounding to 53 and
  ** to 106 bits decides (ties, just below, just above), sometimes a far low
  ** bit; as Q alone (S = 0, R = n*Q) and as S. (Many are too wide for the
  ** shortcut: a chunk not yet carried holds up to 52 bits above its place.) */
  for (int c = 0; c < 20000; c++) {
    xs_clear(&s);
    xs_clear(&q);
    int p = (int)pick(&rng, -200, 200);
    ExactSum *target = c % 2 ? &q : &s;
    xs_add(target, ldexp(1, p));
    for (int k = 0; k < 6; k++) {
      static const int offset[] = {-31, -32, -52, -53, -54, -63, -64, -95, -96, -105, -106, -107, -120, -140};
      int wide = c % 2 ? 14 : 9; /* S takes at most 4 chunks */
      if (test_uniform(&rng) < 0.4) xs_add(target, ldexp(1, p + offset[(int)(test_uniform(&rng) * wide)]));
    }
    if (test_uniform(&rng) < 0.2) xs_add(target, -ldexp(1, p + (int)pick(&rng, c % 2 ? -150 : -90, -1)));
    if (c % 2 && test_uniform(&rng) < 0.5) xs_add(&s, ldexp(1, p / 2 - 40)); /* a small S beside */
    int64_t count = test_uniform(&rng) < 0.5 ? 1 : 1 + (int64_t)(test_uniform(&rng) * 4294967295.0);
    if (!compare(count, &s, &q, &fast_used)) bad++;
    cases++;
  }
  CHECK("fastpaths/finish-count-equals-generic", bad == 0);
#if defined(__SIZEOF_INT128__)
  CHECK("fastpaths/finish-count-taken-and-declined", fast_used > cases / 3 && fast_used < cases);
#else
  CHECK("fastpaths/finish-count-declines-without-int128", fast_used == 0);
#endif
  DD m, m2;
  int of = 0, rnz = 0;
  xs_clear(&s);
  xs_clear(&q);
  xs_add(&s, 1.0);
  xs_add_square(&q, 1.0, 0);
  CHECK("fastpaths/finish-count-needs-one-digit",
        !xs_finish_count(4294967296LL, &s, &q, &m, &m2, &of, &rnz) && !xs_finish_count(0, &s, &q, &m, &m2, &of, &rnz));
}

/* Through acc_finish: a sliding frame of mixed data, the moments of every
** frame equal to those the general way gives (finish_big in accum.c is
** reached by making the sums too wide for the shortcut). */
static void test_acc_finish(void) {
  uint64_t rng = 99;
  Accum a;
  memset(&a, 0, sizeof a);
  acc_mark_window(&a);
  static double v[3000];
  int bad = 0;
  for (int i = 0; i < 3000; i++) {
    v[i] = i % 700 == 3 ? 1e-200 : (i % 500 == 7 ? -3e150 : round(pick(&rng, -1000, 1000)) / 16);
    acc_add_value(&a, v[i], &test_allocator);
    if (i >= 200) acc_remove_value(&a, v[i - 200], &test_allocator);
    Moments got, want;
    memset(&got, 0, sizeof got);
    memset(&want, 0, sizeof want);
    AccResult r = acc_finish(&a, &got);
    int of = 0, rnz = 0;
    generic_finish(a.rows, &a.sum_wx, &a.sum_wxx, &want.mean, &want.m2, &of, &rnz);
    if (r == ACC_OK) {
      /* the mean clamped to [min, max] as acc_finish does */
      if (want.mean.hi < got.min || (want.mean.hi == got.min && want.mean.lo < 0)) want.mean = dd_from(got.min);
      if (want.mean.hi > got.max || (want.mean.hi == got.max && want.mean.lo > 0)) want.mean = dd_from(got.max);
      if (!same_dd(got.mean, want.mean) || !same_dd(got.m2, want.m2) || got.weight.hi != (double)a.rows) bad++;
    } else if (!(r == ACC_OVERFLOW && of) && !(r == ACC_UNDERFLOW && rnz && fabs(want.m2.hi) < 0x1p-1022)) {
      bad++;
    }
  }
  acc_free(&a, &test_allocator);
  CHECK("fastpaths/acc-finish-equals-generic", bad == 0);
}

void test_finish(void) {
  test_finish_count();
  test_acc_finish();
}

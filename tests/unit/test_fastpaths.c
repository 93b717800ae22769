/* test_fastpaths.c: the inline fast paths of the hot loop (issue 7) against
** the general code they shortcut: xs_add and xs_add_square against
** xs_add_scaled and xs_add_product over every magnitude and sign (both exact,
** so the sums must be the same number), and the batched extrema queues
** against brute force for frames that fill up before they slide; the finish
** step's fast integers (xs_moments_fast) against the generic big numbers. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/exactsum.h"
#include "core/extrema.h"

/* 1 when two exact sums hold the same number. */
static int same_sum(ExactSum *a, ExactSum *b) {
  XsBig x, y;
  xs_to_big(a, &x);
  xs_to_big(b, &y);
  return x.len == y.len && x.exp == y.exp && x.negative == y.negative &&
         memcmp(x.digit, y.digit, (size_t)x.len * sizeof x.digit[0]) == 0;
}

static double random_double(uint64_t *rng) {
  double m = test_uniform(rng) + 0.5;
  int e = (int)(test_uniform(rng) * 2100) - 1070; /* normals, subnormals, near the top */
  double x = ldexp(m, e);
  if (test_uniform(rng) < 0.02) x = 0.0;
  if (!isfinite(x)) x = 0x1p1000;
  return test_uniform(rng) < 0.5 ? -x : x;
}

static void test_moments_fast(void);

void test_fastpaths(void) {
  uint64_t rng = 2026;
  ExactSum fast, slow, fast2, slow2;
  memset(&fast, 0, sizeof fast);
  memset(&slow, 0, sizeof slow);
  memset(&fast2, 0, sizeof fast2);
  memset(&slow2, 0, sizeof slow2);
  enum { N = 20000 };
  static double x[N];
  for (int i = 0; i < N; i++) {
    x[i] = random_double(&rng);
    xs_add(&fast, x[i]);
    xs_add_scaled(&slow, x[i], 0);
    int negate = i % 3 == 0;
    xs_add_square(&fast2, x[i], negate);
    xs_add_product(&slow2, negate ? -x[i] : x[i], x[i]);
  }
  CHECK("fastpaths/add-equals-general", !fast.overflow && same_sum(&fast, &slow));
  CHECK("fastpaths/square-equals-product", !fast2.overflow && same_sum(&fast2, &slow2));
  for (int i = 0; i < N; i++) {
    xs_add(&fast, -x[i]);
    xs_add_square(&fast2, x[i], i % 3 != 0);
  }
  CHECK("fastpaths/add-remove-is-zero", xs_is_zero(&fast) && xs_is_zero(&fast2));

  /* Frames reaching ahead (many adds before the first removal) and batches
  ** cut at every offset: the extremes equal brute force at every step. */
  enum { M = 3000 };
  static double v[M];
  for (int i = 0; i < M; i++) v[i] = floor(test_uniform(&rng) * 100) - (i % 500 == 0 ? 1000 : 0);
  int bad = 0;
  int frames[] = {1, 5, 31, 32, 33, 64, 100, 1000};
  for (size_t f = 0; f < sizeof frames / sizeof frames[0]; f++) {
    Extrema e;
    memset(&e, 0, sizeof e);
    int lead = frames[f] / 2; /* rows added before the frame starts sliding */
    for (int i = 0; i < M; i++) {
      extrema_add(&e, v[i], v[i], &test_allocator);
      if (i == lead) extrema_mark_window(&e);
      if (i >= frames[f]) extrema_remove(&e, v[i - frames[f]], v[i - frames[f]], &test_allocator);
      int from = i >= frames[f] ? i - frames[f] + 1 : 0;
      double mn = v[from], mx = v[from];
      for (int j = from; j <= i; j++) mn = fmin(mn, v[j]), mx = fmax(mx, v[j]);
      if (!extrema_known(&e) || e.min != mn || e.max != mx) bad++;
    }
    extrema_free(&e, &test_allocator);
  }
  CHECK("fastpaths/batched-extrema-equal-brute-force", bad == 0);
  test_moments_fast();
}

/* 1 when two double-doubles are the same bits. */
static int same_dd(DD a, DD b) { return memcmp(&a, &b, sizeof a) == 0; }

/* A value of the given binary magnitude range: e in [elo, ehi), either sign
** when `signs`, two decimals when `decimal` (like bench data: 51.37). */
static double value_in(uint64_t *rng, int elo, int ehi, int signs, int decimal) {
  double x = ldexp(test_uniform(rng) + 0.5, elo + (int)(test_uniform(rng) * (ehi - elo)));
  if (decimal) x = round(x * 100) / 100;
  return signs && test_uniform(rng) < 0.5 ? -x : x;
}

/* Finishes W (rows, or the sum `sw` when rows < 0), S and Q both ways and
** compares mean, m2 and the value of S bit for bit; counts the fast path's
** uses. */
static int compare_finish(int64_t rows, ExactSum *sw, ExactSum *s, ExactSum *q, int *fast_used) {
  static ExactSum s2, q2;
  XsBig w, sf, rf, sg, rg;
  s2 = *s;
  q2 = *q;
  if (rows >= 0) {
    ExactSum n;
    memset(&n, 0, sizeof n);
    xs_add_int(&n, rows);
    xs_to_big(&n, &w);
  } else {
    xs_to_big(sw, &w);
  }
  if (w.len == 0 || w.negative) return 1;
  int fast = xs_moments_fast(&w, s, q, &sf, &rf);
  if (!fast) xs_moments_generic(&w, s, q, &sf, &rf);
  xs_moments_generic(&w, &s2, &q2, &sg, &rg);
  *fast_used += fast;
  int of1 = 0, of2 = 0, of3 = 0, of4 = 0;
  DD mf, m2f, mg, m2g;
  xs_big_div2(&sf, &rf, &w, &mf, &m2f, &of1);
  mg = xs_big_div(&sg, &w, &of2);
  m2g = xs_big_div(&rg, &w, &of2);
  DD vf = xs_big_value(&sf, &of3), vg = xs_big_value(&sg, &of4);
  DD rvf = xs_big_value(&rf, &of3), rvg = xs_big_value(&rg, &of4);
  return same_dd(mf, mg) && same_dd(m2f, m2g) && same_dd(vf, vg) && same_dd(rvf, rvg) && of1 == of2 && of3 == of4;
}

/* fastpaths/moments-fast-equals-generic: random sums of every kind, the
** fast path used for most and the generic one exercised by wide sums. */
static void test_moments_fast(void) {
  uint64_t rng = 77;
  int bad = 0, fast_used = 0, cases = 0;
  static ExactSum sw, s, q;
  static double xs[1024], ws[1024];
  for (int c = 0; c < 6000; c++) {
    memset(&sw, 0, sizeof sw);
    memset(&s, 0, sizeof s);
    memset(&q, 0, sizeof q);
    int kind = c % 6;
    int n = 1 + (int)(test_uniform(&rng) * (c % 7 == 0 ? 1000 : 60)); /* long ones carry */
    /* binary exponent ranges: bench-like and narrow, then wide (the fallback) */
    static const int range[5][2] = {{4, 7}, {-3, 3}, {-60, 60}, {-1000, 1000}, {20, 40}};
    int elo = range[c % 5][0], ehi = range[c % 5][1];
    int signs = (c / 5) % 2, decimal = (c / 10) % 2;
    double base = test_uniform(&rng) < 0.3 ? value_in(&rng, elo, ehi, 1, 0) : 0.0;
    for (int i = 0; i < n; i++) {
      xs[i] = base + value_in(&rng, elo, ehi, signs, decimal);
      ws[i] = test_uniform(&rng) < 0.5 ? floor(test_uniform(&rng) * 10) + 1 : value_in(&rng, -8, 8, 0, 0);
      if (i > 0 && test_uniform(&rng) < 0.1) xs[i] = xs[i - 1]; /* repeats: m2 exactly 0 at times */
    }
    int removed = kind == 2 ? n / 2 : 0; /* sliding: add all, take some out again */
    int64_t rows = 0;
    for (int i = 0; i < n; i++) {
      if (kind == 1 || kind == 4) { /* weighted */
        xs_add(&sw, ws[i]);
        xs_add_product(&s, ws[i], xs[i]);
        xs_add_product3(&q, ws[i], xs[i], xs[i]);
      } else if (kind == 5) { /* independent sums: Q < 0, S^2 > W*Q */
        xs_add(&s, xs[i]);
        xs_add(&q, value_in(&rng, 2 * elo, 2 * ehi, 1, 0));
        rows++;
      } else {
        xs_add(&s, xs[i]);
        xs_add_square(&q, xs[i], 0);
        rows++;
      }
    }
    for (int i = 0; i < removed; i++) {
      xs_add(&s, -xs[i]);
      xs_add_square(&q, xs[i], 1);
      rows--;
    }
    if (kind == 3 && n > 1) rows = (int64_t)1 << (33 + c % 29); /* counts beyond one digit */
    int weighted = kind == 1 || kind == 4;
    if (!compare_finish(weighted ? -1 : rows, &sw, &s, &q, &fast_used)) bad++;
    cases++;
  }
  CHECK("fastpaths/moments-fast-equals-generic", bad == 0);
#if defined(__SIZEOF_INT128__)
  CHECK("fastpaths/moments-fast-path-and-fallback-both-taken", fast_used > cases / 4 && fast_used < cases);
#else
  CHECK("fastpaths/moments-no-fast-path-without-int128", fast_used == 0);
#endif
}

/* test_fastpaths.c: the inline fast paths of the hot loop (issue 7) against
** the general code they shortcut: xs_add and xs_add_square against
** xs_add_scaled and xs_add_product over every magnitude and sign (both exact,
** so the sums must be the same number), and the batched extrema queues
** against brute force for frames that fill up before they slide. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "exactsum.h"
#include "extrema.h"

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
}

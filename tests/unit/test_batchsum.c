/* test_batchsum.c: batch_fold (batchsum.h) against xs_add and xs_add_square
** one value at a time, bit for bit (requirement 1: the sums must hold the
** same number), over random and adversarial batches; and the accumulator's
** batch (accum.h) against the same one-by-one sums through adds, removals
** and finishes. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/accum.h"
#include "core/batchsum.h"

/* 1 when two exact sums hold the same number. */
static int same_number(ExactSum *a, ExactSum *b) {
  XsBig x, y;
  if (a->overflow || b->overflow) return 0;
  xs_to_big(a, &x);
  xs_to_big(b, &y);
  return x.len == y.len && x.exp == y.exp && x.negative == y.negative &&
         memcmp(x.digit, y.digit, (size_t)x.len * sizeof x.digit[0]) == 0;
}

/* One value of the given kind. */
static double adversarial(uint64_t *rng, int kind) {
  double u = test_uniform(rng);
  double sign = test_uniform(rng) < 0.5 ? -1.0 : 1.0;
  switch (kind) {
    case 0: /* any magnitude from 1e-300 to 1e300 */
      return sign * pow(10.0, -300 + 600 * u);
    case 1: /* bench-like prices: 51.37 */
      return round(5000 + 2000 * (u - 0.5)) / 100;
    case 2: /* 1e8 plus noise */
      return 1e8 + sign * u;
    case 3: /* a 2^53 grid: large integers */
      return sign * (0x1p53 - floor(u * 1000));
    case 4: /* subnormals, zeros, -0.0, the smallest normals */
      return u < 0.2 ? 0.0 : u < 0.4 ? -0.0 : u < 0.7 ? sign * u * DBL_MIN : sign * DBL_MIN * (1 + u);
    case 5: /* the top of the range */
      return sign * DBL_MAX * (0.5 + u / 2);
    case 6: /* full-width significands over a few binades, mixed signs */
      return sign * ldexp(0.5 + u / 2, (int)(test_uniform(rng) * 20) - 5);
    case 7: /* the edges of the window below the largest value */
      return sign * ldexp(1.0 + u, -(int)(test_uniform(rng) * 14));
    case 8: /* exactly as many binades as the window holds, one sign */
      return ldexp(1.0 + u, (int)(test_uniform(rng) * BATCH_WINDOW));
    case 9: /* one binade more */
      return -ldexp(1.0 + u, (int)(test_uniform(rng) * (BATCH_WINDOW + 1)));
    default: { /* anything: every exponent, subnormals, zeros */
      int e = (int)(test_uniform(rng) * 2100) - 1075;
      double x = ldexp(0.5 + u / 2, e);
      if (!isfinite(x)) x = DBL_MAX;
      return u < 0.02 ? 0.0 : sign * x;
    }
  }
}

#define KINDS 11

void test_batchsum(void) {
  uint64_t rng = 7;
  static ExactSum s, q, rs, rq;
  static double x[BATCH_MAX_ROWS];
  int bad = 0, batches = 0;
  memset(&s, 0, sizeof s);
  memset(&q, 0, sizeof q);
  memset(&rs, 0, sizeof rs);
  memset(&rq, 0, sizeof rq);
  for (int round = 0; round < 3000; round++) {
    int n = (int)(test_uniform(&rng) * (BATCH_MAX_ROWS + 1));
    if (round % 7 == 0) n = BATCH_MAX_ROWS;
    int k1 = round % KINDS, k2 = (round / KINDS) % KINDS;
    double mix = test_uniform(&rng);
    double largest = 0.0, smallest = INFINITY;
    for (int i = 0; i < n; i++) {
      x[i] = adversarial(&rng, test_uniform(&rng) < mix ? k1 : k2);
      largest = fmax(largest, fabs(x[i]));
      smallest = fmin(smallest, fabs(x[i]));
    }
    /* The bound: scanned, exact, generous, or too small (then without a
    ** least magnitude); the least magnitude: exact, smaller, or none. */
    double bounds[4] = {0.0, largest, largest * 1e6, largest / 1e3};
    double leasts[3] = {smallest, smallest / 4, 0.0};
    double bound = bounds[round % 4], least = round % 4 == 3 ? 0.0 : leasts[round % 3];
    if (!isfinite(bound)) bound = 0.0;
    batch_fold(&s, &q, x, n, bound, least);
    for (int i = 0; i < n; i++) {
      xs_add(&rs, x[i]);
      xs_add_square(&rq, x[i], 0);
    }
    batches++;
    if (!same_number(&s, &rs) || !same_number(&q, &rq)) bad++;
    if (round % 50 == 0) { /* start afresh now and then: small sums too */
      xs_clear(&s);
      xs_clear(&q);
      xs_clear(&rs);
      xs_clear(&rq);
    }
  }
  CHECK("batchsum/fold-equals-one-by-one", bad == 0 && batches == 3000);

  /* Batches whose squares wrap the 128-bit sum: BATCH_MAX_ROWS values all
  ** just below the top of the window's grid. */
  xs_clear(&s);
  xs_clear(&q);
  xs_clear(&rs);
  xs_clear(&rq);
  for (int i = 0; i < BATCH_MAX_ROWS; i++) {
    x[i] = (i % 2 ? -1.0 : 1.0) * (0x1p53 - 1 - i);
    xs_add(&rs, x[i]);
    xs_add_square(&rq, x[i], 0);
  }
  batch_fold(&s, &q, x, BATCH_MAX_ROWS, 0.0, 0.0);
  CHECK("batchsum/largest-grid-values", same_number(&s, &rs) && same_number(&q, &rq));

  /* The accumulator: rows added, some removed (a sliding frame), finished
  ** at random points; its sums equal the one-by-one sums throughout. */
  static Accum a;
  memset(&a, 0, sizeof a);
  acc_mark_window(&a);
  xs_clear(&rs);
  xs_clear(&rq);
  enum { N = 5000 };
  static double v[N];
  int acc_bad = 0;
  for (int i = 0; i < N; i++) {
    v[i] = adversarial(&rng, (i / 700) % KINDS);
    if (acc_add_value(&a, v[i], &test_allocator) != ACC_OK) acc_bad++;
    xs_add(&rs, v[i]);
    xs_add_square(&rq, v[i], 0);
    if (i >= 300 && i % 3 != 0) { /* a frame that sometimes slides */
      if (acc_remove_value(&a, v[i - 300], &test_allocator) != ACC_OK) acc_bad++;
      xs_add(&rs, -v[i - 300]);
      xs_add_square(&rq, v[i - 300], 1);
      v[i - 300] = NAN; /* removed */
    }
    if (test_uniform(&rng) < 0.01) {
      Moments m;
      acc_finish(&a, &m);
      if (a.batched != 0 || !same_number(&a.sum_wx, &rs) || !same_number(&a.sum_wxx, &rq)) acc_bad++;
    }
  }
  Moments m;
  acc_finish(&a, &m);
  if (!same_number(&a.sum_wx, &rs) || !same_number(&a.sum_wxx, &rq)) acc_bad++;
  acc_free(&a, &test_allocator);
  CHECK("batchsum/accumulator-sums-equal-one-by-one", acc_bad == 0);
}

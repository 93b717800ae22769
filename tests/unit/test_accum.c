/* test_accum.c: the accumulator against exact integer arithmetic, and the
** identities it must keep: removal equals a fresh fit, integer weights equal
** repeated rows, merged parts equal the whole. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/accum.h"

/* A 128-bit integer as a double-double (exact for |v| < 2^106). */
static DD dd_from_i128(__int128 v) {
  double hi = (double)v;
  __int128 rest = v - (__int128)hi;
  return dd_fast_two_sum(hi, (double)rest);
}

static double rel_diff(DD a, DD b) {
  DD d = dd_sub(a, b);
  double scale = fabs(b.hi) > 0 ? fabs(b.hi) : 1.0;
  return fabs(d.hi) / scale;
}

static int same_moments(const Moments *a, const Moments *b) {
  return a->weight.hi == b->weight.hi && a->weight.lo == b->weight.lo && a->mean.hi == b->mean.hi &&
         a->mean.lo == b->mean.lo && a->m2.hi == b->m2.hi && a->m2.lo == b->m2.lo && a->min == b->min &&
         a->max == b->max && a->flags == b->flags;
}

static Moments fit(const double *x, int n) {
  Accum a;
  Moments m;
  memset(&a, 0, sizeof a);
  for (int i = 0; i < n; i++) acc_add_value(&a, x[i], &test_allocator);
  acc_finish(&a, &m);
  acc_free(&a, &test_allocator);
  return m;
}

static void test_integer_oracle(void) {
  enum { N = 20000 };
  static double x[N];
  uint64_t rng = 7;
  __int128 s = 0, q = 0;
  for (int i = 0; i < N; i++) {
    int64_t k = 1000000000LL + (int64_t)(test_uniform(&rng) * 2000001) - 1000000;
    x[i] = (double)k;
    s += k;
    q += (__int128)k * k;
  }
  Moments m = fit(x, N);
  DD mean = dd_div(dd_from_i128(s), dd_from((double)N));
  DD m2 = dd_div(dd_from_i128((__int128)N * q - s * s), dd_from((double)N));
  CHECK("accum/integer-oracle-count", m.weight.hi == N && m.weight.lo == 0);
  CHECK("accum/integer-oracle-mean", rel_diff(m.mean, mean) < 1e-30);
  CHECK("accum/integer-oracle-m2", rel_diff(m.m2, m2) < 1e-30);
  CHECK("accum/integer-oracle-flags", m.flags == (MOM_HAS_COUNT | MOM_HAS_MOMENTS | MOM_HAS_MINMAX));
}

static void test_sliding_equals_fresh(void) {
  enum { N = 5000, FRAME = 100 };
  static double x[N];
  uint64_t rng = 11;
  for (int i = 0; i < N; i++) {
    x[i] = 1e8 + (test_uniform(&rng) - 0.5);
    if (i % 37 == 0) x[i] = 1e12 * test_uniform(&rng);
  }
  Accum a;
  memset(&a, 0, sizeof a);
  acc_mark_window(&a);
  int mismatches = 0;
  for (int i = 0; i < N; i++) {
    acc_add_value(&a, x[i], &test_allocator);
    if (i >= FRAME) acc_remove_value(&a, x[i - FRAME], &test_allocator);
    if (i % 50 == 0 && i >= FRAME) {
      Moments slid, fresh = fit(x + i - FRAME + 1, FRAME);
      acc_finish(&a, &slid);
      if (!same_moments(&slid, &fresh)) mismatches++;
    }
  }
  acc_free(&a, &test_allocator);
  CHECK("accum/sliding-frame-bit-identical-to-fresh-fit", mismatches == 0);
}

static void test_weights_equal_repeats(void) {
  double x[] = {3.5, -2.25, 1e10, 7.0, 0.1};
  double w[] = {1, 3, 2, 5, 4};
  double repeated[15];
  int n = 0;
  Accum a;
  memset(&a, 0, sizeof a);
  for (int i = 0; i < 5; i++) {
    acc_add_weighted(&a, x[i], w[i], &test_allocator);
    for (int k = 0; k < (int)w[i]; k++) repeated[n++] = x[i];
  }
  Moments weighted, rows = fit(repeated, n);
  acc_finish(&a, &weighted);
  acc_free(&a, &test_allocator);
  CHECK("accum/integer-weights-equal-repeated-rows", same_moments(&weighted, &rows));
}

static void test_merge_equals_whole(void) {
  enum { N = 3000 };
  static double x[N];
  uint64_t rng = 5;
  for (int i = 0; i < N; i++) x[i] = (i < N / 2 ? 1e12 : -3e7) + test_uniform(&rng);
  int cuts[] = {0, 1, 2, 700, 1500, 1501, 2999, N};
  Accum merged;
  memset(&merged, 0, sizeof merged);
  for (int p = 0; p + 1 < (int)(sizeof cuts / sizeof cuts[0]); p++) {
    Moments part = fit(x + cuts[p], cuts[p + 1] - cuts[p]);
    acc_add_moments(&merged, &part, &test_allocator);
  }
  Moments m, whole = fit(x, N);
  acc_finish(&merged, &m);
  acc_free(&merged, &test_allocator);
  CHECK("accum/merge-parts-mean", rel_diff(m.mean, whole.mean) < 1e-28);
  CHECK("accum/merge-parts-m2", rel_diff(m.m2, whole.m2) < 1e-28);
  CHECK("accum/merge-parts-count-min-max", m.weight.hi == N && m.min == whole.min && m.max == whole.max);
}

static void test_empty_and_zero_weight(void) {
  Accum a;
  Moments m;
  memset(&a, 0, sizeof a);
  CHECK("accum/empty-finishes-empty", acc_finish(&a, &m) == ACC_EMPTY);
  acc_add_value(&a, 4.0, &test_allocator);
  acc_remove_value(&a, 4.0, &test_allocator);
  CHECK("accum/emptied-finishes-empty", acc_finish(&a, &m) == ACC_EMPTY);
  acc_add_value(&a, 4.0, &test_allocator);
  CHECK("accum/single-value", acc_finish(&a, &m) == ACC_OK && m.mean.hi == 4.0 && m.m2.hi == 0.0);
  acc_free(&a, &test_allocator);
}

static void test_huge_values(void) {
  double x[] = {1e300, -1e300, 3e299};
  Accum a;
  Moments m;
  memset(&a, 0, sizeof a);
  for (int i = 0; i < 3; i++) acc_add_value(&a, x[i], &test_allocator);
  CHECK("accum/variance-beyond-double-overflows", acc_finish(&a, &m) == ACC_OVERFLOW);
  acc_free(&a, &test_allocator);
  double y[] = {1e160, 1e160 * (1 + 0x1p-52)}; /* squares beyond a double, variance not */
  m = fit(y, 2);
  double half_gap = (y[1] - y[0]) / 2; /* exact: Sterbenz */
  double expect_var = half_gap * half_gap;
  CHECK("accum/huge-values-exact-variance", fabs(m.m2.hi / 2 - expect_var) <= 1e-15 * expect_var);
}

void test_accum(void) {
  test_integer_oracle();
  test_sliding_equals_fresh();
  test_weights_equal_repeats();
  test_merge_equals_whole();
  test_empty_and_zero_weight();
  test_huge_values();
}

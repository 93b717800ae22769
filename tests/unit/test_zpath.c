/* test_zpath.c: the fast paths of norm_z's per-row work (issue 7) against
** the general code they stand for, bit for bit:
**   - state_read_scalar against state_parse + state_block, on valid scalar
**     states of every flag combination and of awkward values, on every
**     single-bit flip and every truncation of them, and on other lengths;
**   - moments_std_dd_fast (the fma instruction when the CPU has it) against
**     moments_std_dd, and moments_z_quotient_fast against
**     moments_z_quotient, on random and adversarial inputs. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "format/state.h"

/* 1 when two Moments hold the same flags and the same bits in every field. */
static int same_moments(const Moments *a, const Moments *b) {
  const double fa[8] = {a->weight.hi, a->weight.lo, a->mean.hi, a->mean.lo, a->m2.hi, a->m2.lo, a->min, a->max};
  const double fb[8] = {b->weight.hi, b->weight.lo, b->mean.hi, b->mean.lo, b->m2.hi, b->m2.lo, b->min, b->max};
  return a->flags == b->flags && memcmp(fa, fb, sizeof fa) == 0;
}

static int same_dd(DD a, DD b) {
  return memcmp(&a.hi, &b.hi, sizeof a.hi) == 0 && memcmp(&a.lo, &b.lo, sizeof a.lo) == 0;
}

static int same_double(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* 1 when state_read_scalar agrees with the general reader on blob[0..size):
** it accepts exactly the valid scalar states, giving the same Moments. */
static int read_agrees(const unsigned char *blob, int size, int *accepted) {
  StateView view;
  const char *why = NULL;
  int valid = state_parse(blob, size, &view, &why) == 0 && view.dims == 0;
  Moments fast, general;
  memset(&fast, 0, sizeof fast);
  int ok = state_read_scalar(blob, size, &fast);
  if (ok != valid) return 0;
  if (!valid) return 1;
  (*accepted)++;
  state_block(&view, 0, &general);
  return same_moments(&fast, &general);
}

/* Writes a scalar state of m (its flags) into blob, bypassing nothing: the
** fields as given, so that invalid combinations can be made too. */
static void write_state(unsigned char *blob, const Moments *m) {
  state_write_header(blob, m->flags, 0);
  state_write_block(blob, 0, m);
}

static Moments moments(unsigned flags, double w, double wl, double mean, double meanl, double m2, double m2l, double mn,
                       double mx) {
  Moments m;
  memset(&m, 0, sizeof m);
  m.flags = flags;
  m.weight.hi = w;
  m.weight.lo = wl;
  m.mean.hi = mean;
  m.mean.lo = meanl;
  m.m2.hi = m2;
  m.m2.lo = m2l;
  m.min = mn;
  m.max = mx;
  return m;
}

static void test_read_scalar(void) {
  enum { C = MOM_HAS_COUNT, M = MOM_HAS_MOMENTS, X = MOM_HAS_MINMAX };
  Moments cases[] = {
      moments(C | M | X, 1000, 0, 51.37, 1.2e-15, 833.25, -3e-14, 0.5, 99.5), /* a sliding frame's */
      moments(C | M | X, 5, 0, 3.0, 1e-20, 10, 0, 1, 5),
      moments(C | M | X, 1, 0, 7, 0, 0, 0, 7, 7), /* one row: m2 0, min = mean = max */
      moments(C | M | X, 2.5, 0, -1e300, -1e283, 1e-300, 0, -1e300, -1e300),
      moments(C | M | X, 0.25, 0, 1, 0, 1e300, 0, 0, 2), /* weight < 1: the variance is computed */
      moments(C | M | X, 1e17, -8, 0, 0, 2.0 * DBL_MIN, 0, -1, 1),
      moments(C | M | X, 3, -0.0, -0.0, -0.0, 0, -0.0, -0.0, 0), /* negative zeros */
      moments(C | M, 1000, 0, 51.37, 1.2e-15, 833.25, 0, 0, 0),  /* a frame that lost its extremes */
      moments(M, 1, 0, 3, 0, 2, 0, 0, 0),                        /* norm_state mean and variance */
      moments(M | X, 1, 0, 3, 0, 2, 0, 1, 5),
      moments(X, 1, 0, 0, 0, 0, 0, -2, 9), /* min and max only */
      moments(X, 1, 0, 0, 0, 0, 0, 4, 4),
  };
  unsigned char blob[STATE_HEADER_SIZE + 2 * STATE_BLOCK_SIZE], bad[sizeof blob];
  const int size = STATE_HEADER_SIZE + STATE_BLOCK_SIZE;
  int disagree = 0, valid_cases = 0, accepted = 0, flips = 0;
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    memset(blob, 0, sizeof blob);
    write_state(blob, &cases[c]);
    int before = accepted;
    if (!read_agrees(blob, size, &accepted)) disagree++;
    valid_cases += accepted > before;
    for (int bit = 0; bit < 8 * size; bit++) { /* every single-bit flip */
      memcpy(bad, blob, (size_t)size);
      bad[bit / 8] ^= (unsigned char)(1u << (bit % 8));
      if (!read_agrees(bad, size, &flips)) disagree++;
    }
    for (int n = 0; n <= size + STATE_BLOCK_SIZE; n++) { /* every truncation, and longer blobs */
      if (!read_agrees(blob, n, &accepted)) disagree++;
    }
    memcpy(bad, blob, (size_t)size); /* the same block as a one-dimensional vector state */
    bad[8] = 1;
    if (!read_agrees(bad, size, &accepted)) disagree++;
  }
  CHECK("zpath/read-scalar-equals-parse", disagree == 0);
  CHECK("zpath/read-scalar-accepts-every-valid-case", valid_cases == (int)(sizeof cases / sizeof cases[0]));
  CHECK("zpath/read-scalar-flips-both-ways", flips > 0); /* some flips give other valid states */
  CHECK("zpath/read-scalar-null", state_read_scalar(NULL, size, &cases[0]) == 0);

  /* Random valid states and random flips of them. */
  uint64_t rng = 4242;
  disagree = 0;
  for (int c = 0; c < 3000; c++) {
    double w = test_uniform(&rng) < 0.5 ? floor(test_uniform(&rng) * 1e6) + 1 : ldexp(test_uniform(&rng) + 0.5, -3);
    double mean = ldexp(test_uniform(&rng) - 0.5, (int)(test_uniform(&rng) * 200) - 100);
    double spread = fabs(mean) + 1;
    Moments m =
        moments(C | M | X, w, 0, mean, mean * 0x1p-60 * (test_uniform(&rng) - 0.5),
                ldexp(test_uniform(&rng), (int)(test_uniform(&rng) * 400) - 200), 0, mean - spread, mean + spread);
    if (c % 7 == 0) m.m2.lo = m.m2.hi * 0x1p-70;
    write_state(blob, &m);
    if (!read_agrees(blob, size, &accepted)) disagree++;
    for (int k = 0; k < 8; k++) {
      memcpy(bad, blob, (size_t)size);
      int bit = (int)(test_uniform(&rng) * 8 * size);
      bad[bit / 8] ^= (unsigned char)(1u << (bit % 8));
      if (!read_agrees(bad, size, &accepted)) disagree++;
    }
  }
  CHECK("zpath/read-scalar-random-equals-parse", disagree == 0);
}

/* A random double of any sign and binary exponent in [elo, ehi). */
static double any_double(uint64_t *rng, int elo, int ehi) {
  double x = ldexp(test_uniform(rng) + 0.5, elo + (int)(test_uniform(rng) * (ehi - elo)));
  return test_uniform(rng) < 0.5 ? -x : x;
}

/* A normalized double-double near v (lo 0 at times). */
static DD near_dd(uint64_t *rng, double v) {
  if (test_uniform(rng) < 0.3) return dd_from(v);
  return dd_fast_two_sum(v, v * 0x1p-54 * (test_uniform(rng) - 0.5));
}

static void test_fma_paths(void) {
  uint64_t rng = 99;
  int bad_std = 0, bad_z = 0, n_std = 0;
  static const int ranges[][2] = {{-4, 8}, {-60, 60}, {-1000, 1000}, {900, 1023}, {-1074, -1000}};
  for (int c = 0; c < 200000; c++) {
    const int *r = ranges[c % 5];
    /* The std of a state (valid or not: both functions take any Moments). */
    Moments m;
    memset(&m, 0, sizeof m);
    m.flags = MOM_ALL_FLAGS;
    double w = c % 3 == 0 ? floor(test_uniform(&rng) * 1e4) + 1 : fabs(any_double(&rng, -8, 60));
    m.weight = c % 11 == 0 ? dd_fast_two_sum(w, w * 0x1p-60) : dd_from(w);
    m.m2 = c % 13 == 0 ? dd_from(0.0) : near_dd(&rng, fabs(any_double(&rng, r[0], r[1])));
    m.mean = near_dd(&rng, any_double(&rng, r[0], r[1]));
    double ddof = c % 4 == 3 ? 1.0 : 0.0;
    if (!same_dd(moments_std_dd_fast(&m, ddof), moments_std_dd(&m, ddof))) bad_std++;
    n_std++;

    /* One z-score: x near the mean (cancellation, exact zeros), or anywhere. */
    DD mean = near_dd(&rng, any_double(&rng, r[0], r[1]));
    double x = c % 4 == 0   ? mean.hi
               : c % 4 == 1 ? mean.hi * (1 + 0x1p-40 * (test_uniform(&rng) - 0.5))
                            : any_double(&rng, r[0], r[1]);
    DD div = near_dd(&rng, fabs(any_double(&rng, ranges[(c / 5) % 5][0], ranges[(c / 5) % 5][1])));
    if (c % 17 == 0) div = dd_from(1.0);
    if (!same_double(moments_z_quotient_fast(x, mean, div), moments_z_quotient(x, mean, div))) bad_z++;
  }
  /* The overflowing variance (ddof 1 with a fractional weight), which takes
  ** the other root. */
  Moments big;
  memset(&big, 0, sizeof big);
  big.flags = MOM_ALL_FLAGS;
  big.weight = dd_from(1.5);
  big.m2 = dd_from(1e308);
  if (!same_dd(moments_std_dd_fast(&big, 1), moments_std_dd(&big, 1))) bad_std++;
  CHECK("zpath/std-fast-equals-generic", bad_std == 0 && n_std > 0);
  CHECK("zpath/z-quotient-fast-equals-generic", bad_z == 0);
}

void test_zpath(void) {
  test_read_scalar();
  test_fma_paths();
}

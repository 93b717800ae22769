/* test_sketch.c: the quantile state (sketch.c): exact mode, the digest,
** determinism, and the decoder on truncated and bit-flipped blobs. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/sketch.h"

/* A blob of the values x[0..n) added in order; *size set. */
static unsigned char *fit(const double *x, int n, int *size) {
  Sketch s;
  memset(&s, 0, sizeof s);
  for (int i = 0; i < n; i++) sketch_add(&s, x[i], &test_allocator);
  unsigned char *b = sketch_encode(&s, size, &test_allocator);
  sketch_free(&s, &test_allocator);
  return b;
}

/* Decodes a blob that may be corrupt; when it passes, its quantiles and
** ranks must be finite and monotone (requirement 4). Returns 1 when the
** blob was either rejected or sound. */
static int rejected_or_sound(const unsigned char *b, int size) {
  QuantView v;
  const char *why = NULL;
  if (quant_decode(b, size, &v, &test_allocator, &why) != 0) return why != NULL;
  int ok = 1;
  double prev = -INFINITY;
  for (int i = 0; i <= 20; i++) {
    double q = quant_value(&v, i / 20.0);
    if (!isfinite(q) || q < prev || q < v.min || q > v.max) ok = 0;
    prev = q;
    double r = quant_rank(&v, q);
    if (!(r >= 0 && r <= 1)) ok = 0;
  }
  quant_view_free(&v, &test_allocator);
  return ok;
}

/* Every truncation and every single-bit flip of a blob. */
static int survives_damage(const unsigned char *b, int size) {
  unsigned char *copy = malloc((size_t)size);
  int ok = 1;
  for (int n = 0; n < size; n++) ok &= rejected_or_sound(b, n);
  for (int i = 0; i < size; i++) {
    for (int bit = 0; bit < 8; bit++) {
      memcpy(copy, b, (size_t)size);
      copy[i] ^= (unsigned char)(1u << bit);
      ok &= rejected_or_sound(copy, size);
    }
  }
  free(copy);
  return ok;
}

static void test_exact(void) {
  const double x[] = {3, 1, 4, 1, 5, 9, 2, 6, -0.0};
  int size;
  unsigned char *b = fit(x, 9, &size);
  CHECK("sketch/1-exact-size", size == SKETCH_BODY_OFFSET + 9 * 8);
  const unsigned char head[8] = {'N', 'R', 'M', 'S', 1, 2, 0, 0};
  CHECK("sketch/1-header", memcmp(b, head, 8) == 0);
  QuantView v;
  const char *why = NULL;
  CHECK("sketch/1-decodes", quant_decode(b, size, &v, &test_allocator, &why) == 0 && !v.digest && v.count == 9);
  /* Sorted: 0 1 1 2 3 4 5 6 9; -0.0 stored as 0.0. */
  CHECK("sketch/1-sorted", v.value[0] == 0 && !signbit(v.value[0]) && v.value[8] == 9 && v.min == 0 && v.max == 9);
  /* numpy: np.percentile([0,1,1,2,3,4,5,6,9], [0, 30, 50, 95, 100]) = 0, 1.4, 3, 7.8, 9 */
  CHECK("sketch/5-percentiles", quant_value(&v, 0) == 0 && fabs(quant_value(&v, 0.3) - 1.4) < 1e-15 &&
                                    quant_value(&v, 0.5) == 3 && fabs(quant_value(&v, 0.95) - 7.8) < 1e-15 &&
                                    quant_value(&v, 1) == 9);
  /* Ranks: ties 1, 1 at positions 1, 2 give 1.5 / 8; 2.5 is halfway 3 and 4. */
  CHECK("sketch/5-rank-ties", quant_rank(&v, 1) == 1.5 / 8 && quant_rank(&v, 2.5) == 3.5 / 8);
  CHECK("sketch/5-rank-bounds", quant_rank(&v, 0) == 0 && quant_rank(&v, -5) == 0 && quant_rank(&v, 9) == 1);
  quant_view_free(&v, &test_allocator);

  /* Order does not matter in exact mode (requirement 1). */
  const double y[] = {0.0, 9, 6, 2, 5, 1, 4, 1, 3};
  int size2;
  unsigned char *b2 = fit(y, 9, &size2);
  CHECK("sketch/1-order-free", size == size2 && memcmp(b, b2, (size_t)size) == 0);
  CHECK("sketch/4-exact-damage", survives_damage(b, size));
  free(b2);

  /* Specific corruptions. */
  unsigned char bad[SKETCH_BODY_OFFSET + 9 * 8];
  memcpy(bad, b, sizeof bad);
  double nine = 9, nan = NAN;
  memcpy(bad + SKETCH_BODY_OFFSET, &nine, 8); /* first value 9 > second */
  CHECK("sketch/4-unsorted-rejected", quant_check(bad, size, &why) != 0);
  memcpy(bad, b, sizeof bad);
  memcpy(bad + SKETCH_BODY_OFFSET + 8, &nan, 8);
  CHECK("sketch/4-nan-rejected", quant_check(bad, size, &why) != 0);
  memcpy(bad, b, sizeof bad);
  bad[4] = 2;
  CHECK("sketch/4-newer-version", quant_check(bad, size, &why) != 0 && strstr(why, "newer") != NULL);
  memcpy(bad, b, sizeof bad);
  bad[5] = 1;
  CHECK("sketch/4-kind-1-rejected", quant_check(bad, size, &why) != 0);
  CHECK("sketch/4-trailing-rejected", quant_check(b, size - 8, &why) != 0);
  free(b);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Exact mode past the radix-sort threshold: the values come back sorted,
** as qsort sorts them. */
static void test_exact_large(void) {
  enum { N = SKETCH_EXACT_MAX };
  double *x = malloc(N * sizeof *x);
  uint64_t seed = 7;
  for (int i = 0; i < N; i++) {
    double u = test_uniform(&seed);
    x[i] = i % 5 == 0 ? 0.0 : (i % 7 == 0 ? -0.0 : (u - 0.5) * pow(10, (int)(u * 600) - 300));
  }
  int size;
  unsigned char *b = fit(x, N, &size);
  for (int i = 0; i < N; i++) x[i] += 0.0;
  qsort(x, N, sizeof *x, cmp_double);
  QuantView v;
  const char *why = NULL;
  int ok = quant_decode(b, size, &v, &test_allocator, &why) == 0 && !v.digest && v.n == N;
  for (int i = 0; ok && i < N; i++) ok = v.value[i] == x[i];
  CHECK("sketch/1-exact-4096-sorted", ok);
  quant_view_free(&v, &test_allocator);
  free(b);
  free(x);
}

static void test_digest(void) {
  enum { N = 200000 };
  double *x = malloc(N * sizeof *x);
  uint64_t seed = 42;
  for (int i = 0; i < N; i++) { /* heavy-tailed: a ratio of uniforms */
    double u = test_uniform(&seed), w = test_uniform(&seed);
    x[i] = (u - 0.5) / (w + 1e-3);
  }
  int size, size2;
  unsigned char *b = fit(x, N, &size);
  unsigned char *b2 = fit(x, N, &size2);
  CHECK("sketch/3-same-bytes", size == size2 && memcmp(b, b2, (size_t)size) == 0);
  CHECK("sketch/2-size-bound", size <= SKETCH_BODY_OFFSET + 16 * SKETCH_MAX_CENTROIDS && size <= 65536);
  QuantView v;
  const char *why = NULL;
  CHECK("sketch/2-decodes", quant_decode(b, size, &v, &test_allocator, &why) == 0 && v.digest && v.count == N);

  /* Rank error at a few p: the fraction of the data below the estimate. */
  const double ps[] = {0.001, 0.01, 0.25, 0.5, 0.75, 0.99, 0.999};
  double worst = 0, worst_tail = 0;
  for (int k = 0; k < 7; k++) {
    double q = quant_value(&v, ps[k]);
    int below = 0;
    for (int i = 0; i < N; i++) below += x[i] < q;
    double err = fabs((double)below / N - ps[k]);
    if (err > worst) worst = err;
    if ((k == 0 || k == 6) && err > worst_tail) worst_tail = err;
  }
  CHECK("sketch/2-rank-error", worst < 0.005 && worst_tail < 0.0005);

  /* Merging the two halves, and one state alone gives it back. */
  Sketch s;
  memset(&s, 0, sizeof s);
  CHECK("sketch/2-merge-one", sketch_merge(&s, &v, &test_allocator) == 0);
  int size3;
  unsigned char *b3 = sketch_encode(&s, &size3, &test_allocator);
  CHECK("sketch/2-merge-one-same", size3 == size && memcmp(b3, b, (size_t)size) == 0);
  CHECK("sketch/2-merge-two", sketch_merge(&s, &v, &test_allocator) == 0 && s.count == 2.0 * N);
  sketch_free(&s, &test_allocator);
  free(b3);
  quant_view_free(&v, &test_allocator);

  CHECK("sketch/4-digest-damage", survives_damage(b, size));
  unsigned char *bad = malloc((size_t)size);
  memcpy(bad, b, (size_t)size);
  double w = 0.5;
  memcpy(bad + SKETCH_BODY_OFFSET + 8, &w, 8);
  CHECK("sketch/4-fractional-weight-rejected", quant_check(bad, size, &why) != 0);
  memcpy(bad, b, (size_t)size);
  w = 2;
  memcpy(bad + SKETCH_BODY_OFFSET + 8, &w, 8);
  CHECK("sketch/4-weight-sum-rejected", quant_check(bad, size, &why) != 0 && strstr(why, "add up") != NULL);
  free(bad);
  free(b);
  free(b2);
  free(x);
}

static void test_ppf(void) {
  /* Reference values: scipy.stats.norm.ppf. */
  CHECK("sketch/ppf-center", quant_normal_ppf(0.5) == 0);
  CHECK("sketch/ppf-975", fabs(quant_normal_ppf(0.975) - 1.959963984540054) < 1e-15);
  CHECK("sketch/ppf-tail", fabs(quant_normal_ppf(1e-10) / -6.361340902404056 - 1) < 1e-14);
  CHECK("sketch/ppf-ends", isinf(quant_normal_ppf(0)) && quant_normal_ppf(1) > 0 && isinf(quant_normal_ppf(1)));
}

void test_sketch(void) {
  test_exact();
  test_exact_large();
  test_digest();
  test_ppf();
}

/* test_vec.c: the vector encodings (ext/format/vec.h requirements 1-5) and the
** per-dimension accumulator (ext/core/vecacc.h requirements 1-5), the latter
** checked against the scalar exact accumulator (accum.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/accum.h"
#include "core/vecacc.h"
#include "format/vec.h"

static int read_json(const char *text, VecBuf *buf, uint32_t *dims) {
  char err[160];
  return vec_read_json(text, strlen(text), buf, dims, err, sizeof err, &test_allocator);
}

/* Every number read equals strtod's (correct rounding), fast path or not. */
static int numbers_match_strtod(void) {
  uint64_t seed = 99;
  VecBuf buf = {0};
  int ok = 1;
  for (int k = 0; k < 100000 && ok; k++) {
    char text[64], num[40];
    int digits = 1 + (int)(test_uniform(&seed) * 19);
    int len = 0;
    if (test_uniform(&seed) < 0.5) num[len++] = '-';
    for (int i = 0; i < digits; i++) {
      num[len++] = (char)('0' + (int)(test_uniform(&seed) * 10));
      if (i == 0 && num[len - 1] == '0') num[len - 1] = '1';
      if (i == digits / 2 && test_uniform(&seed) < 0.7) num[len++] = '.';
    }
    if (num[len - 1] == '.') num[len++] = '5';
    if (test_uniform(&seed) < 0.5) len += sprintf(num + len, "e%d", (int)(test_uniform(&seed) * 60) - 30);
    num[len] = 0;
    sprintf(text, "[%s]", num);
    uint32_t dims;
    if (read_json(text, &buf, &dims) != VEC_OK || dims != 1 || buf.v[0] != strtod(num, NULL)) ok = 0;
  }
  vec_buf_free(&buf, &test_allocator);
  return ok;
}

static void test_encodings(void) {
  VecBuf buf = {0};
  uint32_t dims = 0;
  CHECK("vec/1-json-null-is-nan", read_json(" [1, null,-2.5e1 ]\n", &buf, &dims) == VEC_OK && dims == 3 &&
                                      buf.v[0] == 1 && isnan(buf.v[1]) && buf.v[2] == -25);
  CHECK("vec/2-string-element", read_json("[1, \"2\"]", &buf, &dims) == VEC_BAD);
  CHECK("vec/2-nested-array", read_json("[[1]]", &buf, &dims) == VEC_BAD);
  CHECK("vec/2-beyond-double", read_json("[1e400]", &buf, &dims) == VEC_BAD);
  CHECK("vec/3-malformed", read_json("[1 2]", &buf, &dims) == VEC_BAD && read_json("[1,]", &buf, &dims) == VEC_BAD &&
                               read_json("[01]", &buf, &dims) == VEC_BAD &&
                               read_json("[1] x", &buf, &dims) == VEC_BAD &&
                               read_json("[.5]", &buf, &dims) == VEC_BAD && read_json("[1", &buf, &dims) == VEC_BAD);
  CHECK("vec/4-empty", read_json("[ ]", &buf, &dims) == VEC_BAD);
  CHECK("vec/json-numbers-correctly-rounded", numbers_match_strtod());
  /* Halfway cases (2^53 + 1, and a 17-digit one) must not be double-rounded. */
  static const char *const halfway[] = {"9007199254740993", "9007199254740995", "1.2345678901234567e-20",
                                        "0.30000000000000004", "123456789012345678.5e-5"};
  int halfway_ok = 1;
  for (size_t k = 0; k < sizeof halfway / sizeof halfway[0]; k++) {
    char text[64];
    sprintf(text, "[%s]", halfway[k]);
    halfway_ok &= read_json(text, &buf, &dims) == VEC_OK && buf.v[0] == strtod(halfway[k], NULL);
  }
  CHECK("vec/json-halfway-cases", halfway_ok);
  CHECK("vec/json-long-mantissa",
        read_json("[0.1000000000000000055511151231257827, 123456789012345678901234]", &buf, &dims) == VEC_OK &&
            buf.v[0] == 0.1 && buf.v[1] == 123456789012345678901234.0);
  CHECK("vec/json-negative-zero", read_json("[-0.0]", &buf, &dims) == VEC_OK && signbit(buf.v[0]));

  const unsigned char f32[12] = {0, 0, 0x80, 0x3F, 0, 0, 0xC0, 0x7F, 0, 0, 0x20, 0xC1}; /* 1, NaN, -10 */
  char err[160];
  CHECK("vec/1-f32-nan-is-missing", vec_read_f32(f32, 12, &buf, &dims, err, sizeof err, &test_allocator) == VEC_OK &&
                                        dims == 3 && buf.v[0] == 1 && isnan(buf.v[1]) && buf.v[2] == -10);
  CHECK("vec/4-f32-length", vec_read_f32(f32, 7, &buf, &dims, err, sizeof err, &test_allocator) == VEC_BAD);
  const unsigned char inf[4] = {0, 0, 0x80, 0x7F};
  CHECK("vec/2-f32-inf", vec_read_f32(inf, 4, &buf, &dims, err, sizeof err, &test_allocator) == VEC_BAD);

  double v[3] = {0.1, NAN, -2.0};
  char out[128];
  vec_write_json(out, v, 3);
  CHECK("vec/5-write-json", strcmp(out, "[0.1,null,-2.0]") == 0);
  unsigned char b[12];
  double big[2] = {1.0, 1e39};
  CHECK("vec/5-write-f32-overflow", vec_write_f32(b, big, 2) == 1);
  CHECK("vec/5-write-f32", vec_write_f32(b, v, 3) == -1 && memcmp(b, "\xCD\xCC\xCC\x3D", 4) == 0);
  vec_buf_free(&buf, &test_allocator);
}

/* The moments of the scalar exact accumulator for xs[0..n). */
static Moments scalar_fit(const double *xs, int n) {
  Accum a;
  memset(&a, 0, sizeof a);
  for (int i = 0; i < n; i++) acc_add_value(&a, xs[i], &test_allocator);
  Moments m;
  acc_finish(&a, &m);
  acc_free(&a, &test_allocator);
  return m;
}

static int same_moments(const Moments *a, const Moments *b) {
  return a->weight.hi == b->weight.hi && a->weight.lo == b->weight.lo && a->mean.hi == b->mean.hi &&
         a->mean.lo == b->mean.lo && a->m2.hi == b->m2.hi && a->m2.lo == b->m2.lo;
}

static void test_accumulator(void) {
  enum { N = 400, D = 4 };
  static double rows[N][D];
  static double cols[D][N];
  uint64_t seed = 7;
  for (int i = 0; i < N; i++) {
    rows[i][0] = (float)(test_uniform(&seed) * 2 - 1); /* float32 values: the fast band */
    rows[i][1] = 1e8 + test_uniform(&seed);            /* large offset, small spread */
    rows[i][2] = ldexp(test_uniform(&seed) - 0.5, (int)(test_uniform(&seed) * 400) - 200); /* wide range: spills */
    rows[i][3] = i == 17 ? 1e12 : (float)(i % 7) * 0.25f;                                  /* a spike, and integers */
    for (int d = 0; d < D; d++) cols[d][i] = rows[i][d];
  }
  VecAcc a;
  vecacc_init(&a, D, &test_allocator);
  for (int i = 0; i < N; i++) vecacc_row(&a, rows[i], 0, 1, &test_allocator);
  int same = 1;
  for (int d = 0; d < D; d++) {
    Moments got, exp = scalar_fit(cols[d], N);
    same &= vecacc_finish(&a, (uint32_t)d, &got) == VECACC_OK && same_moments(&got, &exp);
  }
  CHECK("vecacc/1-equals-scalar-exact-accumulator", same);

  /* Requirement 2: remove all but the last 10 rows (marked as a window first):
  ** the same as fitting those 10 rows alone, bit for bit. */
  VecAcc w;
  vecacc_init(&w, D, &test_allocator);
  vecacc_mark_window(&w);
  for (int i = 0; i < N; i++) {
    vecacc_row(&w, rows[i], 0, 1, &test_allocator);
    if (i >= 10) vecacc_row(&w, rows[i - 10], 0, -1, &test_allocator);
  }
  same = 1;
  int extremes = 1;
  for (int d = 0; d < D; d++) {
    Moments got, exp = scalar_fit(cols[d] + N - 10, 10);
    same &= vecacc_finish(&w, (uint32_t)d, &got) == VECACC_OK && same_moments(&got, &exp);
    double lo = INFINITY, hi = -INFINITY;
    for (int i = N - 10; i < N; i++) lo = fmin(lo, cols[d][i]), hi = fmax(hi, cols[d][i]);
    extremes &= (got.flags & MOM_HAS_MINMAX) && got.min == lo && got.max == hi;
  }
  CHECK("vecacc/2-sliding-equals-fresh-fit", same);
  CHECK("vecacc/4-sliding-extremes", extremes);
  for (int i = N - 10; i < N; i++) vecacc_row(&w, rows[i], 0, -1, &test_allocator);
  Moments m;
  CHECK("vecacc/2-empty-after-removing-all", vecacc_finish(&w, 0, &m) == VECACC_EMPTY);
  vecacc_row(&w, rows[0], 0, 1, &test_allocator);
  CHECK("vecacc/2-reusable-after-empty", vecacc_finish(&w, 2, &m) == VECACC_OK && m.mean.hi == rows[0][2]);

  /* Requirement 3 and 5: NaN skipped per dimension; an empty dimension. */
  VecAcc n;
  vecacc_init(&n, 2, &test_allocator);
  double r1[2] = {1, NAN}, r2[2] = {3, NAN};
  vecacc_row(&n, r1, 1, 1, &test_allocator);
  vecacc_row(&n, r2, 1, 1, &test_allocator);
  CHECK("vecacc/3-nan-skipped", vecacc_finish(&n, 0, &m) == VECACC_OK && m.mean.hi == 2 && m.weight.hi == 2);
  CHECK("vecacc/5-empty-dimension", vecacc_finish(&n, 1, &m) == VECACC_EMPTY);

  /* Merging two halves' states gives the state of the whole. */
  VecAcc h1, h2, mg;
  vecacc_init(&h1, D, &test_allocator);
  vecacc_init(&h2, D, &test_allocator);
  vecacc_init(&mg, D, &test_allocator);
  for (int i = 0; i < N; i++) vecacc_row(i < N / 2 ? &h1 : &h2, rows[i], 0, 1, &test_allocator);
  same = 1;
  for (int d = 0; d < D; d++) {
    Moments p1, p2, got, exp;
    vecacc_finish(&h1, (uint32_t)d, &p1);
    vecacc_finish(&h2, (uint32_t)d, &p2);
    vecacc_moments(&mg, (uint32_t)d, &p1, 1, &test_allocator);
    vecacc_moments(&mg, (uint32_t)d, &p2, 1, &test_allocator);
    vecacc_finish(&mg, (uint32_t)d, &got);
    vecacc_finish(&a, (uint32_t)d, &exp);
    same &= fabs(dd_to_double(got.mean) - dd_to_double(exp.mean)) <= 1e-15 * fabs(dd_to_double(exp.mean)) &&
            fabs(dd_to_double(got.m2) - dd_to_double(exp.m2)) <= 1e-15 * fabs(dd_to_double(exp.m2)) &&
            got.min == exp.min && got.max == exp.max;
  }
  CHECK("vecacc/merge-halves-equals-whole", same);
  vecacc_free(&a, &test_allocator);
  vecacc_free(&w, &test_allocator);
  vecacc_free(&n, &test_allocator);
  vecacc_free(&h1, &test_allocator);
  vecacc_free(&h2, &test_allocator);
  vecacc_free(&mg, &test_allocator);
}

void test_vec(void) {
  test_encodings();
  test_accumulator();
}

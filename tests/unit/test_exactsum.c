/* test_exactsum.c: the exact accumulator against integer arithmetic. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/exactsum.h"

/* The sum as a double-double (exact for the sums tested here). */
static DD sum_value(ExactSum *s) {
  XsBig b;
  int overflow = 0;
  xs_to_big(s, &b);
  return xs_big_value(&b, &overflow);
}

void test_exactsum(void) {
  ExactSum s;
  memset(&s, 0, sizeof s);
  CHECK("exactsum/empty-is-zero", xs_is_zero(&s));

  /* 1e16 + 1 - 1e16 is 1 exactly, where doubles give 0 or 2. */
  xs_add(&s, 1e16);
  xs_add(&s, 1.0);
  xs_add(&s, -1e16);
  DD v = sum_value(&s);
  CHECK("exactsum/cancellation", v.hi == 1.0 && v.lo == 0.0);

  /* Integers: compare with exact 64-bit integer sums over many carries. */
  memset(&s, 0, sizeof s);
  uint64_t rng = 42;
  int64_t exact = 0;
  for (int i = 0; i < 100000; i++) {
    int64_t k = (int64_t)(test_uniform(&rng) * 2e12) - 1000000000000LL;
    exact += k;
    xs_add(&s, (double)k);
  }
  v = sum_value(&s);
  CHECK("exactsum/integers-100000", v.hi + v.lo == (double)exact && (int64_t)v.hi + (int64_t)v.lo == exact);

  /* Adding then removing values of every magnitude leaves exactly zero. */
  memset(&s, 0, sizeof s);
  double values[2000];
  for (int i = 0; i < 2000; i++) {
    values[i] = ldexp(test_uniform(&rng) - 0.5, (int)(test_uniform(&rng) * 2000) - 1000);
    xs_add(&s, values[i]);
    xs_add_product(&s, values[i], values[i]);
  }
  for (int i = 0; i < 2000; i++) {
    xs_add(&s, -values[i]);
    xs_add_product(&s, -values[i], values[i]);
  }
  CHECK("exactsum/add-remove-all-magnitudes", xs_is_zero(&s));

  /* Products: (2^600)^2 and tiny squares are held exactly. */
  memset(&s, 0, sizeof s);
  xs_add_product(&s, 0x1p600, 0x1p600);
  xs_add_product(&s, -0x1p600, 0x1p600);
  xs_add_product(&s, 0x1p-1070, 0x1p-1070);
  XsBig b;
  xs_to_big(&s, &b);
  CHECK("exactsum/tiny-square-exact", b.len == 1 && b.digit[0] != 0 && !b.negative);

  /* Three-way product: 3 * (2^500 + 1) * 5 minus its parts. */
  memset(&s, 0, sizeof s);
  xs_add_product3(&s, 3.0, 0x1p500, 5.0);
  xs_add_product(&s, -15.0, 0x1p500);
  CHECK("exactsum/product3", xs_is_zero(&s));

  /* Big-number steps: (10^9)^2 - (10^9 - 1)(10^9 + 1) = 1. */
  ExactSum a, c;
  memset(&a, 0, sizeof a);
  memset(&c, 0, sizeof c);
  xs_add(&a, 1e9);
  xs_add(&c, 1e9 - 1);
  ExactSum d;
  memset(&d, 0, sizeof d);
  xs_add(&d, 1e9 + 1);
  XsBig ba, bc, bd, aa, cd, r;
  xs_to_big(&a, &ba);
  xs_to_big(&c, &bc);
  xs_to_big(&d, &bd);
  xs_big_mul(&ba, &ba, &aa);
  xs_big_mul(&bc, &bd, &cd);
  int ok = xs_big_sub(&aa, &cd, &r);
  int overflow = 0;
  CHECK("exactsum/big-mul-sub", ok && xs_big_value(&r, &overflow).hi == 1.0);
  CHECK("exactsum/big-sub-negative-refused", !xs_big_sub(&cd, &aa, &r));
  DD q = xs_big_div(&ba, &bc, &overflow); /* 1e9 / (1e9 - 1) */
  DD expect = dd_div(dd_from(1e9), dd_from(1e9 - 1));
  CHECK("exactsum/big-div", q.hi == expect.hi && fabs(q.lo - expect.lo) <= 1e-30 && !overflow);
}

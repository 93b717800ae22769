/*
** dd.h: double-double arithmetic (a value is hi + lo with |lo| <= ulp(hi)/2),
** about 106 bits of precision. Pure C, header only; used by the accumulator to
** turn exact sums into means and variances, and by the transforms to subtract
** a double-double mean from a double without losing its low half.
**
** The error-free transformations are the classic ones (Knuth's TwoSum,
** Dekker's Fast2Sum, the fma-based TwoProduct); the compound operations follow
** the "sloppy" double-double algorithms of the QD library, whose relative error
** is a small multiple of 2^-104, far below what the callers need.
*/
#ifndef NORM_DD_H
#define NORM_DD_H

#include <math.h>
#include <stdint.h>
#include <string.h>

typedef struct DD {
  double hi; /* leading part */
  double lo; /* trailing part, |lo| <= ulp(hi)/2 */
} DD;

/* hi + lo = a + b exactly, for any a, b. */
static inline DD dd_two_sum(double a, double b) {
  DD r;
  r.hi = a + b;
  double bb = r.hi - a;
  r.lo = (a - (r.hi - bb)) + (b - bb);
  return r;
}

/* hi + lo = a + b exactly, when |a| >= |b| or a == 0. */
static inline DD dd_fast_two_sum(double a, double b) {
  DD r;
  r.hi = a + b;
  r.lo = b - (r.hi - a);
  return r;
}

/* hi + lo = a * b exactly (barring underflow of lo). */
static inline DD dd_two_prod(double a, double b) {
  DD r;
  r.hi = a * b;
  r.lo = fma(a, b, -r.hi);
  return r;
}

static inline DD dd_from(double a) {
  DD r = {a, 0.0};
  return r;
}

static inline DD dd_add(DD a, DD b) {
  DD s = dd_two_sum(a.hi, b.hi);
  DD t = dd_two_sum(a.lo, b.lo);
  s.lo += t.hi;
  s = dd_fast_two_sum(s.hi, s.lo);
  s.lo += t.lo;
  return dd_fast_two_sum(s.hi, s.lo);
}

static inline DD dd_neg(DD a) {
  DD r = {-a.hi, -a.lo};
  return r;
}

static inline DD dd_sub(DD a, DD b) { return dd_add(a, dd_neg(b)); }

static inline DD dd_add_d(DD a, double b) {
  DD s = dd_two_sum(a.hi, b);
  s.lo += a.lo;
  return dd_fast_two_sum(s.hi, s.lo);
}

static inline DD dd_mul(DD a, DD b) {
  DD p = dd_two_prod(a.hi, b.hi);
  p.lo += a.hi * b.lo + a.lo * b.hi;
  return dd_fast_two_sum(p.hi, p.lo);
}

static inline DD dd_mul_d(DD a, double b) {
  DD p = dd_two_prod(a.hi, b);
  p.lo += a.lo * b;
  return dd_fast_two_sum(p.hi, p.lo);
}

/* a / b by long division with two correction steps. */
static inline DD dd_div(DD a, DD b) {
  double q1 = a.hi / b.hi;
  DD r = dd_sub(a, dd_mul_d(b, q1));
  double q2 = r.hi / b.hi;
  r = dd_sub(r, dd_mul_d(b, q2));
  double q3 = r.hi / b.hi;
  DD q = dd_fast_two_sum(q1, q2);
  return dd_add_d(q, q3);
}

/* hi + lo = b * q exactly, as dd_two_prod gives them, without fma, when b's
** significand has at most 26 bits (b = n * 2^k with n < 2^26): q is cut into
** its top 27 significant bits and the rest (at most 26), each product with b
** is an exact double, and Fast2Sum of the two is the exact, normalized pair.
** (A row count divides this way; fma is a library call where the compiler
** may not assume the instruction.) */
static inline DD dd_two_prod_narrow(double b, double q) {
  uint64_t bits;
  memcpy(&bits, &q, sizeof bits);
  bits &= ~((1ull << 26) - 1);
  double q_top;
  memcpy(&q_top, &bits, sizeof q_top);
  return dd_fast_two_sum(b * q_top, b * (q - q_top));
}

/* dd_div(a, dd_from(b)) bit for bit, with the operations that are identities
** for a divisor without a low part left out, when b > 0, a.hi > 0, neither
** a.lo nor any step is a negative zero (a is a sum of non-negative digits, as
** big_leading makes it) and no step leaves the normal range (the finish step
** divides numbers between 2^64 and 2^161 by ones between 2^128 and 2^160).
** `narrow` (a constant at each call) says b has at most 26 significant bits.
** Step by step:
** - dd_mul_d(dd_from(b), q) is two_prod(b, q): it adds 0 * q (a zero) to
**   fma(b, q, -hi), which is never a negative zero, and Fast2Sum of a
**   TwoProduct's parts gives them back.
** - dd_sub(r, two_prod(b, q)) begins with TwoSum(r.hi, -p.hi); p.hi is
**   within a factor 2 of r.hi (q = r.hi / b rounded), so r.hi - p.hi is exact
**   (Sterbenz) and TwoSum's error term is +0, and adding it to t.hi gives t.hi.
** 2026-11-25: tests/bench pair 4 finishes twice a row; about 26 fewer
** instructions each, and about 50 more without the fma calls. Unit test
** fastpaths/dd-div-d-equals-dd-div compares both forms with dd_div. */
static inline DD dd_div_d_impl(DD a, double b, int narrow) {
  double q1 = a.hi / b;
  DD p = narrow ? dd_two_prod_narrow(b, q1) : dd_two_prod(b, q1);
  DD t = dd_two_sum(a.lo, -p.lo);
  DD r = dd_fast_two_sum(a.hi - p.hi, t.hi);
  r.lo += t.lo;
  r = dd_fast_two_sum(r.hi, r.lo);
  double q2 = r.hi / b;
  p = narrow ? dd_two_prod_narrow(b, q2) : dd_two_prod(b, q2);
  t = dd_two_sum(r.lo, -p.lo);
  r = dd_fast_two_sum(r.hi - p.hi, t.hi);
  r.lo += t.lo;
  r = dd_fast_two_sum(r.hi, r.lo);
  double q3 = r.hi / b;
  DD q = dd_fast_two_sum(q1, q2);
  return dd_add_d(q, q3);
}
static inline DD dd_div_d(DD a, double b) { return dd_div_d_impl(a, b, 0); }
static inline DD dd_div_d_narrow(DD a, double b) { return dd_div_d_impl(a, b, 1); }

/* sqrt(a) for a >= 0, by one Newton step from the double square root. */
static inline DD dd_sqrt(DD a) {
  if (a.hi <= 0.0) return dd_from(0.0);
  double x = sqrt(a.hi);
  DD xx = dd_two_prod(x, x);
  DD d = dd_sub(a, xx);
  return dd_fast_two_sum(x, d.hi / (2.0 * x));
}

/* The double nearest to a (hi already is, for a normalized pair). */
static inline double dd_to_double(DD a) { return a.hi + a.lo; }

#endif

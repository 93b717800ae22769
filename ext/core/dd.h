/*
** dd.h: double-double arithmetic (a value is hi + lo with |lo| <= ulp(hi)/2),
** about 106 bits of precision. Pure C, header only; used to derive variances
** and standard deviations from a state's double-doubles, and by the transforms
** to subtract a double-double mean from a double without losing its low half.
** (The accumulator's own quotients are exact integer divisions, exactsum.h.)
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

#include "compiler.h"

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

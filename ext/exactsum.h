/*
** exactsum.h: an exact accumulator of doubles and of products of doubles (a
** fixed-point "superaccumulator"), and the few big-integer steps that turn
** exact sums into double-double results. Pure C, no SQLite.
**
** A sum is kept as signed 64-bit chunks, each standing for 32 bits of one
** long fixed-point number whose lowest bit is worth 2^XS_LOW_EXP. Adding a
** double splits its 53-bit significand over two chunks; subtracting adds the
** negation, so adding and then removing a value leaves the sum bit-for-bit as
** it was (what sliding window frames need). Carries are propagated every
** XS_ADDS_PER_CARRY additions. Only the chunks in [first, end) are ever
** touched, so an all-zero accumulator needs no clearing and the work of a
** carry pass or a conversion is proportional to the span of the data, not to
** the full width.
**
** The range covers every product of three doubles that the accumulator is
** asked to hold (weights times squares, and the W*mean^2 terms of a merge);
** a contribution beyond the top sets `overflow`, a contribution below 2^-2400
** (far below any double) is dropped.
*/
#ifndef NORM_EXACTSUM_H
#define NORM_EXACTSUM_H

#include <stdint.h>

#include "dd.h"

#define XS_LOW_EXP (-2432)
#define XS_NCHUNKS 160
#define XS_ADDS_PER_CARRY 256

typedef struct ExactSum {
  int64_t chunk[XS_NCHUNKS]; /* chunk i is worth chunk[i] * 2^(XS_LOW_EXP + 32*i) */
  int32_t first;             /* lowest touched chunk; first == end means zero */
  int32_t end;               /* one past the highest touched chunk */
  int32_t adds;              /* additions since the last carry pass */
  int32_t overflow;          /* a contribution was beyond the top of the range */
} ExactSum;

/* A non-negative big number: digit[i] * 2^(exp + 32*i), len digits. */
#define XS_BIG_DIGITS (2 * XS_NCHUNKS + 8)
typedef struct XsBig {
  uint32_t digit[XS_BIG_DIGITS];
  int len;
  int exp;
  int negative; /* only for conversions of a signed sum */
} XsBig;

/* Adds x * 2^k exactly (k shifts the binary exponent). */
void xs_add_scaled(ExactSum *s, double x, int k);

/* Adds x exactly. */
static inline void xs_add(ExactSum *s, double x) { xs_add_scaled(s, x, 0); }

/* Adds a * b exactly, whatever their magnitudes. */
void xs_add_product(ExactSum *s, double a, double b);

/* Adds a * b * c exactly. */
void xs_add_product3(ExactSum *s, double a, double b, double c);

/* Adds the integer n exactly. */
void xs_add_int(ExactSum *s, int64_t n);

/* 1 when the sum is exactly zero. */
int xs_is_zero(ExactSum *s);

/* The sum as a sign and magnitude big number. */
void xs_to_big(ExactSum *s, XsBig *out);

/* r = a * b (magnitudes). */
void xs_big_mul(const XsBig *a, const XsBig *b, XsBig *r);

/* r = a - b for a >= b (magnitudes); returns 0 if b > a (r is then zero). */
int xs_big_sub(const XsBig *a, const XsBig *b, XsBig *r);

/* a as a double-double (sign included); sets *overflow beyond a double. */
DD xs_big_value(const XsBig *a, int *overflow);

/* a / b as a double-double; b must be non-zero. Sets *overflow when the
** quotient is beyond the range of a double. */
DD xs_big_div(const XsBig *a, const XsBig *b, int *overflow);

#endif

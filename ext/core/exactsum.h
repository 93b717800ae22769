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
#include <string.h>

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

/* Empties a sum without clearing its chunks (they are zeroed as the sum
** touches them): all a new or reused ExactSum needs. */
static inline void xs_clear(ExactSum *s) { s->first = s->end = s->adds = s->overflow = 0; }

/* Adds (or, when `negative`, subtracts) the significand m shifted left by sh
** (0..31) to the chunk pair chunk[0], chunk[1]: its low 32 bits to the first,
** the rest to the second. The one place that splits a significand. */
static inline void xs_chunk_pair_add(int64_t *chunk, uint64_t m, int sh, int negative) {
  int64_t low = (int64_t)((m << sh) & 0xFFFFFFFFu);
  int64_t high = (int64_t)(m >> (32 - sh));
  if (negative) {
    chunk[0] -= low;
    chunk[1] -= high;
  } else {
    chunk[0] += low;
    chunk[1] += high;
  }
}

/* Adds x * 2^k exactly (k shifts the binary exponent). */
void xs_add_scaled(ExactSum *s, double x, int k);

/* Widens the touched range to chunks lo..hi (zeroing what it adds). */
void xs_touch(ExactSum *s, int lo, int hi);

/* The carry pass, every XS_ADDS_PER_CARRY additions. */
void xs_carry(ExactSum *s);

/* Adds x exactly.
**
** 2026-11-25: This is the hot path of every fit (tests/bench: about 20
** instructions instead of 65), so it is inline and branch-light: a normal
** double (the only kind that reaches the chunk arithmetic here) always lands
** inside the range when k = 0, so there is no range test; the sign is applied
** without a branch, since data of mixed signs would mispredict it half the
** time; the one remaining test (are the chunks already touched?) is nearly
** always true. Zeros and subnormals take xs_add_scaled. */
static inline void xs_add(ExactSum *s, double x) {
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int biased = (int)((bits >> 52) & 0x7FF);
  if (biased == 0) {
    xs_add_scaled(s, x, 0);
    return;
  }
  uint64_t m = (bits & 0xFFFFFFFFFFFFFull) | (1ull << 52);
  int pos = biased - 1075 - XS_LOW_EXP; /* in [1358, 3403] */
  int c = pos >> 5, sh = pos & 31;
  if (c < s->first || c + 2 > s->end) xs_touch(s, c, c + 1);
  int64_t neg = -(int64_t)(bits >> 63); /* 0, or -1 for a negative x */
  int64_t low = (int64_t)((m << sh) & 0xFFFFFFFFu);
  int64_t high = (int64_t)(m >> (32 - sh));
  s->chunk[c] += (low ^ neg) - neg;
  s->chunk[c + 1] += (high ^ neg) - neg;
  if (++s->adds >= XS_ADDS_PER_CARRY) xs_carry(s);
}

/* Adds x^2 exactly, or subtracts it when `negate` is 1.
**
** 2026-11-25: The square of the 53-bit significand is formed as one exact
** 106-bit integer (where the compiler has 128-bit integers) and added to four
** chunks, instead of a TwoProduct (an fma call) and two additions. x^2 of a
** normal double always lies inside the range. Elsewhere, and for zeros and
** subnormals, the portable path. */
void xs_add_square_slow(ExactSum *s, double x, int negate);
static inline void xs_add_square(ExactSum *s, double x, int negate) {
#if defined(__SIZEOF_INT128__)
  uint64_t bits;
  memcpy(&bits, &x, sizeof bits);
  int biased = (int)((bits >> 52) & 0x7FF);
  if (biased == 0) {
    xs_add_square_slow(s, x, negate);
    return;
  }
  uint64_t m = (bits & 0xFFFFFFFFFFFFFull) | (1ull << 52);
  int pos = 2 * (biased - 1075) - XS_LOW_EXP; /* in [284, 4374]: chunks up to 140 */
  int c = pos >> 5, sh = pos & 31;
  if (c < s->first || c + 4 > s->end) xs_touch(s, c, c + 3);
  unsigned __int128 p = (unsigned __int128)m * m; /* < 2^106 */
  unsigned __int128 shifted = p << sh;            /* its low 96 bits are exact */
  uint64_t lo = (uint64_t)shifted;
  int64_t neg = -(int64_t)negate;
  int64_t d0 = (int64_t)(lo & 0xFFFFFFFFu);
  int64_t d1 = (int64_t)(lo >> 32);
  int64_t d2 = (int64_t)((uint64_t)(shifted >> 64) & 0xFFFFFFFFu);
  int64_t d3 = (int64_t)(uint64_t)(p >> (96 - sh)); /* the rest, < 2^41 */
  s->chunk[c] += (d0 ^ neg) - neg;
  s->chunk[c + 1] += (d1 ^ neg) - neg;
  s->chunk[c + 2] += (d2 ^ neg) - neg;
  s->chunk[c + 3] += (d3 ^ neg) - neg;
  if (++s->adds >= XS_ADDS_PER_CARRY) xs_carry(s);
#else
  xs_add_square_slow(s, x, negate);
#endif
}

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

/* Correctly rounded results: each function below that returns a
** double-double gives, for the exact value v it stands for, hi = RN(v) and
** lo = RN(v - hi), RN rounding to nearest, ties to even (at 53 bits, or at
** 2^-1074 below the normal range; beyond the range hi is infinite and
** *overflow is set), zeros positive. The one exception: when RN(v - hi) is
** exactly half an ulp of an odd hi, hi + lo would round away from hi, so lo
** is the double next to it towards zero (every stored pair has hi + lo ==
** hi). The unit tests rounding/... (tests/unit/test_rounding.c) check both
** divisions against an independent big-integer test of RN.
**
** 2026-11-25: These used to read the top five digits into a double-double
** (a chain of dd_add_d) and divide with dd_div: within a few units of 2^-106,
** but about 0.8% of random five-digit numbers got a low part one unit away
** from RN(v - hi). Now hi comes from the leading bits of an exact integer
** quotient and a sticky bit, lo from a second exact division of the rest
** v - hi (an integer over the same divisor). */

/* a as a double-double (sign included); sets *overflow beyond a double. */
DD xs_big_value(const XsBig *a, int *overflow);

/* a / b as a double-double (Knuth's long division of the whole digit
** strings); b must be non-zero. Sets *overflow when the quotient is beyond
** the range of a double. */
DD xs_big_div(const XsBig *a, const XsBig *b, int *overflow);

/* a1 / b and a2 / b, each as xs_big_div gives it. */
void xs_big_div2(const XsBig *a1, const XsBig *a2, const XsBig *b, DD *q1, DD *q2, int *overflow);

/* (-1)^negative * mag / n * 2^e as the correctly rounded double-double, for
** a magnitude mag of four 64-bit limbs (least significant first) and
** 1 <= n < 2^32: the division xs_finish_count makes, exposed for the unit
** tests. */
DD xs_count_div(const uint64_t *mag, int e, uint32_t n, int negative, int *overflow);

/* The integers of the finish step: S (signed, into s_out) and R = W*Q - S^2
** (zero when negative, into r_out), for the total weight w (non-negative),
** the sum s of w*x and the sum q of w*x^2: the same numbers whichever of the
** two ways computes them:
**
** xs_moments_generic: xs_to_big, xs_big_mul and xs_big_sub, any width.
** xs_moments_fast: the same integers in 64-bit limbs with 128-bit products,
**   when w and the sums are narrow (below); returns 0, having changed
**   nothing, when they are not or the compiler has no 128-bit integers.
**
** 2026-11-25: A sliding window finishes once per row (tests/bench pair 4);
** the whole finish cost about 1,760 instructions a row with the generic step
** alone, about 1,250 with the fast one (callgrind). The fast path reads the
** chunks as they are, without a carry pass (the int64 chunks are summed with
** a 128-bit carry), and picks the chunks S and Q start from so that W*Q and
** S^2 share an exponent: no shifts. It takes a one-limb W (a row count, or a
** weight total of up to 2 chunks), S of up to 4 chunks and Q of up to 6:
** typical data (values of one or two binary orders, like the bench's 51.37)
** fit. Unit test fastpaths/moments-fast-equals-generic compares the two bit
** for bit.
** (Unweighted rows now finish by xs_finish_count, below; this serves weights.) */
void xs_moments_generic(const XsBig *w, ExactSum *s, ExactSum *q, XsBig *s_out, XsBig *r_out);
int xs_moments_fast(const XsBig *w, ExactSum *s, ExactSum *q, XsBig *s_out, XsBig *r_out);
static inline void xs_moments(const XsBig *w, ExactSum *s, ExactSum *q, XsBig *s_out, XsBig *r_out) {
  if (!xs_moments_fast(w, s, q, s_out, r_out)) xs_moments_generic(w, s, q, s_out, r_out);
}

/* The whole finish step for n unweighted rows (W = n, so 1 <= n < 2^32):
** mean = S / n and m2 = (n*Q - S^2) / n as correctly rounded double-doubles
** (above), bit for bit what xs_moments and xs_big_div2 give, with *overflow
** set as they set it and *r_nonzero saying whether n*Q - S^2 is positive.
** Returns 0, having changed nothing, when S takes more than 4 chunks from its
** first, Q more than 6 from where it must start to share S^2's exponent,
** |S| >= 2^127, Q < 0, or the compiler has no 128-bit integers; the caller
** then takes the general way.
**
** 2026-11-25: tests/bench pair 4 (a sliding 1,000-row frame) finishes every
** row. The chunks are carried into 32-bit digits (only the touched ones are
** read), n*Q - S^2 is formed with 128-bit products, and each quotient is the
** top 128 bits of its numerator divided by n with Moller and Granlund's
** division by an invariant integer (one 128-bit division per finish makes
** the reciprocal of n; each quotient is then two multiplications), rounded
** at 53 bits with a sticky bit; the rest v - hi, an exact integer over n, is
** divided the same way for lo (from its top 128 bits when it is wider).
** The random-sign and correction steps are made without branches (their
** mispredictions cost about 10 ns a row). Pair 4, callgrind: acc_finish
** about 1,270 instructions a row (773 before, floating-point divisions that
** were not correctly rounded); tests/bench arith_floor, "+ finish, write the
** state" about 125 ns a row against about 122 before: about the same
** time, the integer quotients trading the divisions' latency for more
** instructions. Unit tests fastpaths/finish-count-equals-
** generic and acc-finish-equals-generic (tests/unit/test_finish.c) compare
** it with the general way bit for bit, rounding/... with RN. */
int xs_finish_count(int64_t n, const ExactSum *s, const ExactSum *q, DD *mean, DD *m2, int *overflow, int *r_nonzero);

#endif

/*
** moments.h: the fitted statistics of one feature (one dimension), as a state
** holds them, and what is derived from them (variance, standard deviation).
** Pure C, no SQLite.
**
** Weight, mean and m2 (the weighted sum of squared deviations from the mean)
** are double-doubles, so that merging states and re-reading them loses
** nothing a double could show. Which statistics are present is said by
** `flags`: a state fitted on data has all of them; one built from known
** statistics (norm_state) may hold only a mean and variance, or only a min and
** max.
*/
#ifndef NORM_MOMENTS_H
#define NORM_MOMENTS_H

#include "dd.h"

#define MOM_HAS_COUNT 0x01   /* weight is the real total weight (count) */
#define MOM_HAS_MOMENTS 0x02 /* mean and m2 are present */
#define MOM_HAS_MINMAX 0x04  /* min and max are present */
#define MOM_ALL_FLAGS (MOM_HAS_COUNT | MOM_HAS_MOMENTS | MOM_HAS_MINMAX)

typedef struct Moments {
  unsigned flags; /* MOM_HAS_* */
  DD weight;      /* total weight (number of rows when unweighted); 1 if no count */
  DD mean;        /* weighted mean */
  DD m2;          /* sum of w * (x - mean)^2 */
  double min;     /* smallest value */
  double max;     /* largest value */
} Moments;

/* Variance m2 / (weight - ddof); NaN when weight <= ddof, +Inf when beyond
** the range of a double (only possible with ddof > 0). */
double moments_var(const Moments *m, double ddof);

/* Standard deviation, sqrt of moments_var, computed from the double-double. */
double moments_std(const Moments *m, double ddof);

/* The std a transform divides by, as double-double (NaN when weight <= ddof). */
DD moments_std_dd(const Moments *m, double ddof);

/* (x - mean) / div, rounded once from a quotient good to about 2^-100: the
** z-score of one value (transform.c's tf_apply, apply.c's norm_z).
**
** 2026-11-25: x - mean is formed exactly as a double-double (d); the quotient
** is one division, corrected by the exact remainder of that division (an fma)
** and the low parts of d and div. This is the per-row work of every z-score,
** and costs two divisions where a general double-double division costs three
** and more (tests/bench pair 2). */
static inline double moments_z_quotient(double x, DD mean, DD div) {
  DD d = dd_two_sum(x, -mean.hi);
  d = dd_two_sum(d.hi, d.lo - mean.lo);
  double q = d.hi / div.hi;
  double r = fma(-q, div.hi, d.hi) + d.lo - q * div.lo;
  return q + r / div.hi;
}

/* moments_z_quotient, the same bits, with the CPU's fma instruction when it
** has one (fastfma.h). */
double moments_z_quotient_fast(double x, DD mean, DD div);

/* moments_std_dd, the same bits, with the CPU's fma instruction when it has
** one (fastfma.h). */
DD moments_std_dd_fast(const Moments *m, double ddof);

#endif

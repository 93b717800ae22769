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

#endif

/*
** moments.c: variance and standard deviation of fitted moments.
*/
#include "moments.h"

#include <math.h>

/* m2 / (weight - ddof) as a double-double; hi is NaN when undefined. */
static DD var_dd(const Moments *m, double ddof) {
  DD denom = dd_add_d(m->weight, -ddof);
  if (!(denom.hi > 0.0)) return dd_from(NAN);
  return dd_div(m->m2, denom);
}

double moments_var(const Moments *m, double ddof) { return dd_to_double(var_dd(m, ddof)); }

DD moments_std_dd(const Moments *m, double ddof) {
  DD v = var_dd(m, ddof);
  if (isnan(v.hi)) return v;
  return dd_sqrt(v);
}

double moments_std(const Moments *m, double ddof) { return dd_to_double(moments_std_dd(m, ddof)); }

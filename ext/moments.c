/*
** moments.c: variance and standard deviation of fitted moments.
*/
#include "moments.h"

#include <math.h>

/* m2 / (weight - ddof) as a double-double; hi is NaN when undefined, +Inf
** when beyond the range of a double.
** 2026-11-25 (found by the errors catalogue): with ddof > 0 and a fractional
** total weight, m2 / (weight - ddof) can overflow although the state is
** valid (m2 1e308, weight 1.5, ddof 1); the division then gave NaN, which
** read as "undefined" and made norm_var, norm_std and norm_z return NULL. */
static DD var_dd(const Moments *m, double ddof) {
  DD denom = dd_add_d(m->weight, -ddof);
  if (!(denom.hi > 0.0)) return dd_from(NAN);
  DD v = dd_div(m->m2, denom);
  if (!isfinite(v.hi)) return dd_from(INFINITY);
  if (!isfinite(v.lo)) v.lo = 0.0; /* the correction step overflowed, not the quotient */
  return v;
}

double moments_var(const Moments *m, double ddof) { return dd_to_double(var_dd(m, ddof)); }

DD moments_std_dd(const Moments *m, double ddof) {
  DD v = var_dd(m, ddof);
  if (isnan(v.hi)) return v;
  if (isinf(v.hi)) { /* the variance overflows, its root does not */
    return dd_div(dd_sqrt(m->m2), dd_sqrt(dd_add_d(m->weight, -ddof)));
  }
  return dd_sqrt(v);
}

double moments_std(const Moments *m, double ddof) { return dd_to_double(moments_std_dd(m, ddof)); }

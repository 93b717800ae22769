/*
** moments.c: variance and standard deviation of fitted moments, and the
** z-score of one value.
**
** 2026-11-25: moments_std_dd_fast and moments_z_quotient_fast are the same
** code compiled a second time for CPUs with the fma instruction (fastfma.h),
** chosen at run time: the same bits (the unit tests zpath), at about half the
** instructions. norm_z over a sliding window computes a new standard
** deviation on every row (tests/bench pair 4: 284 instructions per row with
** fma() calls, 157 with the instruction).
*/
/* clang-format off */
#include "fastfma.h" /* first: its pragma must cover dd.h's inline functions */
/* clang-format on */
#include "moments.h"

#include <math.h>

/* m2 / (weight - ddof) as a double-double; hi is NaN when undefined, +Inf
** when beyond the range of a double.
** 2026-11-25 (found by the errors catalogue): with ddof > 0 and a fractional
** total weight, m2 / (weight - ddof) can overflow although the state is
** valid (m2 1e308, weight 1.5, ddof 1); the division then gave NaN, which
** read as "undefined" and made norm_var, norm_std and norm_z return NULL. */
static inline DD var_dd(const Moments *m, double ddof) {
  DD denom = dd_add_d(m->weight, -ddof);
  if (!(denom.hi > 0.0)) return dd_from(NAN);
  DD v = dd_div(m->m2, denom);
  if (!isfinite(v.hi)) return dd_from(INFINITY);
  if (!isfinite(v.lo)) v.lo = 0.0; /* the correction step overflowed, not the quotient */
  return v;
}

double moments_var(const Moments *m, double ddof) { return dd_to_double(var_dd(m, ddof)); }

/* moments_std_dd's body, compiled twice (see moments_std_dd_fast). */
static inline DD std_dd(const Moments *m, double ddof) {
  DD v = var_dd(m, ddof);
  if (isnan(v.hi)) return v;
  if (isinf(v.hi)) { /* the variance overflows, its root does not */
    return dd_div(dd_sqrt(m->m2), dd_sqrt(dd_add_d(m->weight, -ddof)));
  }
  return dd_sqrt(v);
}

NORM_NOINLINE DD moments_std_dd(const Moments *m, double ddof) { return std_dd(m, ddof); }

#if NORM_FMA_DISPATCH
NORM_TARGET_FMA static DD std_dd_fma(const Moments *m, double ddof) { return std_dd(m, ddof); }
#endif

DD moments_std_dd_fast(const Moments *m, double ddof) {
#if NORM_FMA_DISPATCH
  if (NORM_CPU_HAS_FMA()) return std_dd_fma(m, ddof);
#endif
  return moments_std_dd(m, ddof);
}

#if NORM_FMA_DISPATCH
NORM_TARGET_FMA static double z_quotient_fma(double x, DD mean, DD div) { return moments_z_quotient(x, mean, div); }
#endif

double moments_z_quotient_fast(double x, DD mean, DD div) {
#if NORM_FMA_DISPATCH
  if (NORM_CPU_HAS_FMA()) return z_quotient_fma(x, mean, div);
#endif
  return moments_z_quotient(x, mean, div);
}

double moments_std(const Moments *m, double ddof) { return dd_to_double(moments_std_dd(m, ddof)); }

/*
** apply.c: applying a fitted state to values, and undoing it:
** norm_z, norm_minmax, norm_maxabs and norm_invert.
**
** Requirements:
**  1. Each returns NULL when the value or the state is NULL.
**  2. norm_z(x, s) = (x - mean) / std, population std; a zero std counts as 1
**     (scikit-learn's StandardScaler, so the result is x - mean). With eps the
**     divisor is max(std, eps) (Keras Normalization, eps = 1e-7); eps NULL
**     means the plain std, and a zero std then gives NULL. eps must be > 0.
**     ddof (default 0) picks the sample std with 1 (BigQuery ML, Spark); when
**     count <= ddof the std is undefined and the result is NULL.
**  3. norm_minmax(x, s [, lo, hi [, clip]]) = lo + (x - min) / (max - min) *
**     (hi - lo), default [0, 1]; a zero range counts as 1 (scikit-learn);
**     lo < hi is required; clip non-zero clamps the result to [lo, hi].
**  4. norm_maxabs(x, s) = x / max(|min|, |max|); a zero max-abs counts as 1.
**  5. norm_invert(y, s [, kind, ...]) undoes the transform `kind` ('z', the
**     default, 'minmax' or 'maxabs') called with the same extra arguments;
**     for 'minmax' a clip argument is accepted and has no effect.
**  6. A state lacking what a transform needs (a mean and variance for z, a min
**     and max for the others) is an error naming the function.
**  7. A vector value, or a vector state, is handed to vecapply.c (elementwise).
**  Arithmetic is done in double-double, so x - mean keeps the low half of the
**  stored mean and the result is rounded once.
*/
#include <math.h>
#include <string.h>

#include "args.h"
#include "vecsql.h"

typedef enum ZMode {
  Z_SKLEARN, /* no eps given: a zero std counts as 1 */
  Z_CLAMP,   /* eps given: divide by max(std, eps) */
  Z_PLAIN    /* eps NULL: divide by std; zero std gives NULL */
} ZMode;

typedef struct ZOptions {
  ZMode mode;
  double eps;
  double ddof;
} ZOptions;

typedef struct RangeOptions {
  double lo; /* target range start */
  double hi; /* target range end */
  int clip;  /* clamp results to [lo, hi] */
} RangeOptions;

/* Reads eps (argv[first]) and ddof (argv[first + 1]) when present. */
static ArgResult read_z_options(sqlite3_context *ctx, const char *fname, int argc, sqlite3_value **argv, int first,
                                ZOptions *o) {
  o->mode = Z_SKLEARN;
  o->eps = 0;
  o->ddof = 0;
  if (argc > first) {
    ArgResult r = arg_number(ctx, fname, argv, first, &o->eps);
    if (r == ARG_ERROR) return r;
    o->mode = r == ARG_NULL ? Z_PLAIN : Z_CLAMP;
    if (o->mode == Z_CLAMP && !(o->eps > 0)) {
      norm_error(ctx, fname, "argument %d (eps) is %g; it must be > 0, or NULL for no clamp", first + 1, o->eps);
      return ARG_ERROR;
    }
  }
  if (argc > first + 1 && arg_ddof(ctx, fname, argv, first + 1, &o->ddof) != ARG_OK) return ARG_ERROR;
  return ARG_OK;
}

/* Reads lo, hi (argv[first], argv[first + 1]) and clip (argv[first + 2]). */
static ArgResult read_range_options(sqlite3_context *ctx, const char *fname, int argc, sqlite3_value **argv, int first,
                                    RangeOptions *o) {
  o->lo = 0;
  o->hi = 1;
  o->clip = 0;
  if (argc > first) {
    static const char *const names[] = {"lo", "hi"};
    double *slots[] = {&o->lo, &o->hi};
    for (int k = 0; k < 2; k++) {
      ArgResult r = arg_number(ctx, fname, argv, first + k, slots[k]);
      if (r == ARG_ERROR) return r;
      if (r == ARG_NULL) {
        norm_error(ctx, fname, "argument %d (%s) is NULL", first + k + 1, names[k]);
        return ARG_ERROR;
      }
    }
    if (!(o->lo < o->hi)) {
      norm_error(ctx, fname, "the target range [%g, %g] is empty; lo must be less than hi", o->lo, o->hi);
      return ARG_ERROR;
    }
  }
  if (argc > first + 2) {
    double clip;
    ArgResult r = arg_number(ctx, fname, argv, first + 2, &clip);
    if (r == ARG_ERROR) return r;
    if (r == ARG_NULL) {
      norm_error(ctx, fname, "argument %d (clip) is NULL; give 1 to clip or 0 not to", first + 3);
      return ARG_ERROR;
    }
    o->clip = clip != 0;
  }
  return ARG_OK;
}

/* The divisor of a z-score of a state that has a mean and variance, when the
** options are allowed for it: ARG_OK, or ARG_NULL when it is undefined. */
static ArgResult z_divisor_of(const Moments *m, const ZOptions *o, DD *div) {
  DD sd = moments_std_dd(m, o->ddof);
  if (isnan(sd.hi)) return ARG_NULL;
  switch (o->mode) {
    case Z_SKLEARN:
      if (sd.hi == 0) sd = dd_from(1.0);
      break;
    case Z_CLAMP:
      if (sd.hi < o->eps) sd = dd_from(o->eps);
      break;
    case Z_PLAIN:
      if (sd.hi == 0) return ARG_NULL;
      break;
  }
  *div = sd;
  return ARG_OK;
}

/* The divisor of a z-score. ARG_NULL when it is undefined (the result is NULL). */
static ArgResult z_divisor(sqlite3_context *ctx, const char *fname, const Moments *m, const ZOptions *o, DD *div) {
  if (!(m->flags & MOM_HAS_MOMENTS)) {
    norm_error(ctx, fname, "argument 2 has no mean and variance (it holds only min and max)");
    return ARG_ERROR;
  }
  if (!check_ddof_allowed(ctx, fname, m, o->ddof)) return ARG_ERROR;
  return z_divisor_of(m, o, div);
}

/* Checks the state holds a min and max. */
static int need_minmax(sqlite3_context *ctx, const char *fname, const Moments *m) {
  if (m->flags & MOM_HAS_MINMAX) return 1;
  norm_error(ctx, fname, "argument 2 has no min and max (it was built from a mean and variance, or by a sliding frame "
                         "whose extremes could not be kept)");
  return 0;
}

/* max - min, or 1 for a zero range. */
static DD data_range(const Moments *m) {
  DD r = dd_two_sum(m->max, -m->min);
  return r.hi == 0 ? dd_from(1.0) : r;
}

/* max(|min|, |max|), or 1 when zero. */
static double max_abs(const Moments *m) {
  double s = fmax(fabs(m->min), fabs(m->max));
  return s == 0 ? 1.0 : s;
}

/* Reads the value (argument 1) and the state (argument 2); ARG_NULL when
** either is NULL. */
static ArgResult read_value_and_state(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, double *x,
                                      Moments *m) {
  ArgResult r = arg_number(ctx, fname, argv, 0, x);
  if (r != ARG_OK) return r;
  return arg_scalar_state_cached(ctx, fname, argv, 1, m);
}

static double z_forward(double x, const Moments *m, DD div) {
  return dd_to_double(dd_div(dd_add_d(dd_neg(m->mean), x), div));
}

static double z_inverse(double y, const Moments *m, DD div) { return dd_to_double(dd_add(dd_mul_d(div, y), m->mean)); }

static double minmax_forward(double x, const Moments *m, const RangeOptions *o) {
  DD t = dd_div(dd_two_sum(x, -m->min), data_range(m));
  double y = dd_to_double(dd_add_d(dd_mul_d(t, o->hi - o->lo), o->lo));
  if (o->clip) y = fmin(fmax(y, o->lo), o->hi);
  return y;
}

static double minmax_inverse(double y, const Moments *m, const RangeOptions *o) {
  DD t = dd_div(dd_two_sum(y, -o->lo), dd_from(o->hi - o->lo));
  return dd_to_double(dd_add_d(dd_mul(t, data_range(m)), m->min));
}

/* Sets a double result, or an error when it overflowed. */
static void result_number(sqlite3_context *ctx, const char *fname, double y) {
  if (isfinite(y)) {
    sqlite3_result_double(ctx, y);
  } else {
    norm_error(ctx, fname, "the result is beyond the range of a double");
  }
}

void norm_z_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  /* A number with a constant scalar state (cached) needs no vector checks. */
  const CachedState *e = NULL;
  int type = sqlite3_value_type(argv[0]);
  if (type == SQLITE_FLOAT || type == SQLITE_INTEGER) e = arg_cached_scalar_state(ctx, 1);
  if (e == NULL && (vec_value_is_vector(argv[0]) || vec_value_is_vector_state(argv[1]))) { /* Requirement 7 */
    vec_transform_func(ctx, argc, argv, VT_Z);
    return;
  }
  double x;
  ZOptions o;
  DD div;
  CachedState scratch;
  if (arg_number(ctx, "norm_z", argv, 0, &x) != ARG_OK) return;
  if (e == NULL && arg_scalar_state_entry(ctx, "norm_z", argv, 1, &scratch, &e) != ARG_OK) return;
  /* 2026-11-25: With the default options the divisor is the state's cached
  ** std (a zero std counting as 1), not recomputed on every row (tests/bench
  ** pair 2: a double-double division and square root per row made norm_z 3x
  ** (x - :mean) / :std). (x - mean) / std itself is computed as before. */
  if (argc == 2 && e->has_std0) {
    result_number(ctx, "norm_z", z_forward(x, &e->m, e->std0.hi == 0 ? dd_from(1.0) : e->std0));
    return;
  }
  Moments m = e->m;
  if (read_z_options(ctx, "norm_z", argc, argv, 2, &o) != ARG_OK) return;
  if (z_divisor(ctx, "norm_z", &m, &o, &div) != ARG_OK) return;
  result_number(ctx, "norm_z", z_forward(x, &m, div));
}

void norm_minmax_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (vec_value_is_vector(argv[0]) || vec_value_is_vector_state(argv[1])) { /* Requirement 7 */
    vec_transform_func(ctx, argc, argv, VT_MINMAX);
    return;
  }
  double x;
  Moments m;
  RangeOptions o;
  if (read_value_and_state(ctx, "norm_minmax", argv, &x, &m) != ARG_OK) return;
  if (read_range_options(ctx, "norm_minmax", argc, argv, 2, &o) != ARG_OK) return;
  if (!need_minmax(ctx, "norm_minmax", &m)) return;
  result_number(ctx, "norm_minmax", minmax_forward(x, &m, &o));
}

void norm_maxabs_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (vec_value_is_vector(argv[0]) || vec_value_is_vector_state(argv[1])) { /* Requirement 7 */
    vec_transform_func(ctx, argc, argv, VT_MAXABS);
    return;
  }
  (void)argc;
  double x;
  Moments m;
  if (read_value_and_state(ctx, "norm_maxabs", argv, &x, &m) != ARG_OK) return;
  if (!need_minmax(ctx, "norm_maxabs", &m)) return;
  result_number(ctx, "norm_maxabs", x / max_abs(&m));
}

/* The transform norm_invert is asked to undo. */
typedef enum InvertKind { INV_Z, INV_MINMAX, INV_MAXABS, INV_UNKNOWN } InvertKind;

static InvertKind read_invert_kind(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (argc < 3) return INV_Z;
  const char *kind = (const char *)sqlite3_value_text(argv[2]);
  if (sqlite3_value_type(argv[2]) == SQLITE_TEXT && kind) {
    if (strcmp(kind, "z") == 0) return INV_Z;
    if (strcmp(kind, "minmax") == 0) return INV_MINMAX;
    if (strcmp(kind, "maxabs") == 0) return INV_MAXABS;
  }
  norm_error(ctx, "norm_invert", "argument 3 is %s%s%s, not one of 'z', 'minmax', 'maxabs'", kind ? "'" : "",
             kind ? kind : "NULL", kind ? "'" : "");
  return INV_UNKNOWN;
}

void norm_invert_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (vec_value_is_vector(argv[0]) || vec_value_is_vector_state(argv[1])) { /* Requirement 7 */
    vec_transform_func(ctx, argc, argv, VT_INVERT);
    return;
  }
  static const int max_args[] = {5, 6, 3}; /* by InvertKind */
  InvertKind kind = read_invert_kind(ctx, argc, argv);
  if (kind == INV_UNKNOWN) return;
  if (argc > max_args[kind] || (kind == INV_MINMAX && argc == 4)) {
    static const char *const usage[] = {"norm_invert(y, s, 'z' [, eps [, ddof]])",
                                        "norm_invert(y, s, 'minmax' [, lo, hi [, clip]])",
                                        "norm_invert(y, s, 'maxabs')"};
    norm_error(ctx, "norm_invert", "%d arguments do not fit %s", argc, usage[kind]);
    return;
  }
  double y;
  Moments m;
  if (read_value_and_state(ctx, "norm_invert", argv, &y, &m) != ARG_OK) return;
  if (kind == INV_Z) {
    ZOptions o;
    DD div;
    if (read_z_options(ctx, "norm_invert", argc, argv, 3, &o) != ARG_OK) return;
    if (z_divisor(ctx, "norm_invert", &m, &o, &div) != ARG_OK) return;
    result_number(ctx, "norm_invert", z_inverse(y, &m, div));
  } else if (kind == INV_MINMAX) {
    RangeOptions o;
    if (read_range_options(ctx, "norm_invert", argc, argv, 3, &o) != ARG_OK) return;
    if (!need_minmax(ctx, "norm_invert", &m)) return;
    result_number(ctx, "norm_invert", minmax_inverse(y, &m, &o));
  } else {
    if (!need_minmax(ctx, "norm_invert", &m)) return;
    result_number(ctx, "norm_invert", y * max_abs(&m));
  }
}

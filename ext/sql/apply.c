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
**  The options, the checks and the arithmetic are transform.c's, shared with
**  vecapply.c; this file reads numbers and states and returns numbers.
**
** 2026-11-25 (issue 7): norm_z(x, s) with a number and a scalar state takes
** norm_z_quick: the state from SQLite's auxdata (a constant) or from the
** connection's slots, read in one pass when new (state_read_scalar), its
** divisor computed once per state, and the z-score with the fma instruction
** when the CPU has one (moments.c), all proven bit-identical to the general
** path (tests/unit/test_zpath.c, tests/sql/z_paths.sql). Instructions per
** row in norm_z_func (callgrind, 20,000 rows): over a sliding 1,000-row
** frame (a new state every row, tests/bench pair 4) 1,406 -> 578, the query
** 13,292 -> 12,466; with a constant state (pair 2) 272 -> 149, the query
** 762 -> 639 (sum((x - :mean) / :std): 634). What is left over a frame is
** mostly the state's validation (~125), its double-double standard
** deviation (~150) and SQLite's API calls (~85).
*/
#include <math.h>

#include "transform.h"
#include "vecsql.h"

/* Reads the value (argument 1) and the state (argument 2); ARG_NULL when
** either is NULL. */
static ArgResult read_value_and_state(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, double *x,
                                      Moments *m) {
  ArgResult r = arg_number(ctx, fname, argv, 0, x);
  if (r != ARG_OK) return r;
  return arg_scalar_state_cached(ctx, fname, argv, 1, m);
}

/* Sets a double result, or an error when it overflowed (double-double
** arithmetic overflows to NaN as well as to infinity). */
static void result_number(sqlite3_context *ctx, const char *fname, double y) {
  if (isfinite(y)) {
    sqlite3_result_double(ctx, y);
  } else {
    norm_error(ctx, fname, "the result is beyond the range of a double");
  }
}

/* x with state m through the transform o (options from argv[first...]). */
static void transform_number(sqlite3_context *ctx, const char *fname, int argc, sqlite3_value **argv, int first,
                             TransformOptions *o, int inverse, double x, const Moments *m) {
  if (tf_read_options(ctx, fname, argc, argv, first, o) != ARG_OK) return;
  if (!tf_check_state(ctx, fname, m, o)) return;
  DD div = o->kind == TF_Z ? tf_z_divisor(m, o) : dd_from(1.0);
  if (isnan(div.hi)) return; /* an undefined std: NULL (requirement 2) */
  result_number(ctx, fname, tf_apply(o, inverse, x, m, div));
}

/* The scalar path of norm_minmax, norm_maxabs and norm_invert. */
static void transform_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *fname, TransformKind kind,
                           int inverse) {
  TransformOptions o;
  double x;
  Moments m;
  tf_default_options(&o, kind);
  if (read_value_and_state(ctx, fname, argv, &x, &m) != ARG_OK) return;
  transform_number(ctx, fname, argc, argv, inverse ? 3 : 2, &o, inverse, x, &m);
}

/* norm_z(x, s) for a number x and a scalar state with moments, the common
** case: through SQLite's auxdata (a constant state) or the connection's
** slots (a state that changes from row to row). Returns 0, having done
** nothing the general path would not do, when that path must decide (vector
** arguments, NULL, text, non-finite x, a state it cannot use or that is
** invalid: it then gives the result or the error). */
static int norm_z_quick(sqlite3_context *ctx, sqlite3_value **argv) {
  int type = sqlite3_value_type(argv[0]);
  if (type != SQLITE_FLOAT && type != SQLITE_INTEGER) return 0;
  const CachedState *e = arg_cached_scalar_state(ctx, 1);
  if (e == NULL) e = arg_scalar_state_quick(ctx, argv, 1);
  if (e == NULL || !e->has_div0) return 0;
  double x = type == SQLITE_FLOAT ? sqlite3_value_double(argv[0]) : (double)sqlite3_value_int64(argv[0]);
  if (!isfinite(x)) return 0; /* arg_number's error */
  result_number(ctx, "norm_z", moments_z_quotient_fast(x, e->m.mean, e->div0));
  return 1;
}

void norm_z_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  /* 2026-11-25: A number with a scalar state and the default options takes
  ** norm_z_quick, which skips the vector checks, the options and the
  ** general reader (tests/bench pairs 2 and 4). Its result is what the
  ** general path computes: tf_apply's z-score with the divisor
  ** tf_z_divisor gives for the default options, cached with the state
  ** (div0; tests/sql/z_paths.sql compares the two). */
  if (argc == 2 && norm_z_quick(ctx, argv)) return;
  if (vec_value_is_vector(argv[0]) || vec_value_is_vector_state(argv[1])) { /* Requirement 7 */
    vec_transform_func(ctx, argc, argv, VT_Z);
    return;
  }
  transform_func(ctx, argc, argv, "norm_z", TF_Z, 0);
}

void norm_minmax_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (vec_value_is_vector(argv[0]) || vec_value_is_vector_state(argv[1])) { /* Requirement 7 */
    vec_transform_func(ctx, argc, argv, VT_MINMAX);
    return;
  }
  transform_func(ctx, argc, argv, "norm_minmax", TF_MINMAX, 0);
}

void norm_maxabs_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (vec_value_is_vector(argv[0]) || vec_value_is_vector_state(argv[1])) { /* Requirement 7 */
    vec_transform_func(ctx, argc, argv, VT_MAXABS);
    return;
  }
  transform_func(ctx, argc, argv, "norm_maxabs", TF_MAXABS, 0);
}

void norm_invert_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (vec_value_is_vector(argv[0]) || vec_value_is_vector_state(argv[1])) { /* Requirement 7 */
    vec_transform_func(ctx, argc, argv, VT_INVERT);
    return;
  }
  TransformKind kind;
  if (tf_read_invert_kind(ctx, argc, argv, &kind)) return;
  transform_func(ctx, argc, argv, "norm_invert", kind, 1);
}

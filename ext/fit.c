/*
** fit.c: fitting along the feature axis: the aggregate and window functions
** norm_fit(x), norm_fit(x, w) and norm_merge(state).
**
** Requirements (tests/sql/fit.sql and tests/oracle cite them by number):
**  1. norm_fit(x) returns the state of the non-NULL x; no such rows give NULL.
**  2. norm_fit(x, w) weighs each row by the frequency weight w: NULL x or NULL
**     w skip the row, w = 0 contributes nothing, w < 0 is an error.
**  3. x must be a number (arg_number): other text, blobs and infinities are
**     errors naming norm_fit and the argument.
**  4. As window functions both work with any frame; rows leaving a frame are
**     removed exactly (accum.h), so a sliding frame costs O(1) per row and
**     never drifts. Min and max follow the frame (extrema.h).
**  5. norm_merge(s) returns the state of the union of the data of its
**     non-NULL states; none gives NULL. A state without a count, or a vector
**     state, cannot be merged into scalar states: error.
**  6. The result of a merge is exact with respect to the double-double values
**     the states hold: merging parts agrees with fitting the whole.
*/
#include "accum.h"
#include "args.h"

/* The accumulator of this aggregate, created on first use; NULL after an
** out-of-memory error has been reported. */
static Accum *get_accum(sqlite3_context *ctx) {
  Accum *a = sqlite3_aggregate_context(ctx, (int)sizeof(Accum));
  if (a == NULL) sqlite3_result_error_nomem(ctx);
  return a;
}

/* Reads the row (x, and w when given). Returns ARG_OK to use it, ARG_NULL to
** skip it (NULL x, NULL w, w = 0), ARG_ERROR after reporting an error. */
static ArgResult read_row(sqlite3_context *ctx, int argc, sqlite3_value **argv, double *x, double *w) {
  ArgResult r = arg_number(ctx, "norm_fit", argv, 0, x);
  if (r != ARG_OK || argc < 2) return r;
  r = arg_number(ctx, "norm_fit", argv, 1, w);
  if (r != ARG_OK) return r;
  if (*w < 0) {
    norm_error(ctx, "norm_fit", "argument 2 (weight) is %g; weights must be >= 0", *w);
    return ARG_ERROR;
  }
  return *w == 0 ? ARG_NULL : ARG_OK;
}

void norm_fit_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  double x, w = 1.0;
  if (read_row(ctx, argc, argv, &x, &w) != ARG_OK) return;
  Accum *a = get_accum(ctx);
  if (a == NULL) return;
  AccResult r = argc < 2 ? acc_add_value(a, x, &norm_allocator) : acc_add_weighted(a, x, w, &norm_allocator);
  if (r == ACC_NOMEM) sqlite3_result_error_nomem(ctx);
}

void norm_fit_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  double x, w = 1.0;
  if (read_row(ctx, argc, argv, &x, &w) != ARG_OK) return;
  Accum *a = get_accum(ctx);
  if (a == NULL) return;
  if (argc < 2) {
    acc_remove_value(a, x, &norm_allocator);
  } else {
    acc_remove_weighted(a, x, w, &norm_allocator);
  }
}

/* Sets the result to the state of what the accumulator holds. */
static void result_accum(sqlite3_context *ctx, Accum *a, const char *fname) {
  Moments m;
  switch (acc_finish(a, &m)) {
    case ACC_OK:
      result_scalar_state(ctx, &m);
      break;
    case ACC_EMPTY:
      sqlite3_result_null(ctx);
      break;
    case ACC_NOMEM:
      sqlite3_result_error_nomem(ctx);
      break;
    case ACC_OVERFLOW:
      norm_error(ctx, fname, "the sums of these values are beyond the range of a double");
      break;
    case ACC_UNDERFLOW:
      norm_error(ctx, fname, "the variance of these values is below the smallest normal double; scale them first");
      break;
  }
}

/* The SQL name of the aggregate being finished (norm_fit or norm_merge). */
static const char *aggregate_name(sqlite3_context *ctx) {
  const char *name = sqlite3_user_data(ctx);
  return name ? name : "norm_fit";
}

void norm_fit_value(sqlite3_context *ctx) {
  Accum *a = get_accum(ctx);
  if (a == NULL) return;
  acc_mark_window(a);
  result_accum(ctx, a, aggregate_name(ctx));
}

void norm_fit_final(sqlite3_context *ctx) {
  Accum *a = sqlite3_aggregate_context(ctx, 0);
  if (a == NULL) { /* no row was stepped */
    sqlite3_result_null(ctx);
    return;
  }
  result_accum(ctx, a, aggregate_name(ctx));
  acc_free(a, &norm_allocator);
}

/* Reads argument 1 of norm_merge as a mergeable scalar state. */
static ArgResult read_merge_state(sqlite3_context *ctx, sqlite3_value **argv, Moments *m) {
  ArgResult r = arg_scalar_state(ctx, "norm_merge", argv, 0, m);
  if (r != ARG_OK) return r;
  if (!(m->flags & MOM_HAS_COUNT)) {
    norm_error(ctx, "norm_merge",
               "argument 1 has no count (it was built by norm_state without \"count\"), so it cannot be weighed "
               "against other states");
    return ARG_ERROR;
  }
  return ARG_OK;
}

void norm_merge_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  Moments m;
  if (read_merge_state(ctx, argv, &m) != ARG_OK) return;
  Accum *a = get_accum(ctx);
  if (a == NULL) return;
  if (acc_add_moments(a, &m, &norm_allocator) == ACC_NOMEM) sqlite3_result_error_nomem(ctx);
}

void norm_merge_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  Moments m;
  if (read_merge_state(ctx, argv, &m) != ARG_OK) return;
  Accum *a = get_accum(ctx);
  if (a == NULL) return;
  acc_remove_moments(a, &m, &norm_allocator);
}

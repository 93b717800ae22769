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
**     non-NULL states; none gives NULL. A state without a count cannot be
**     merged, nor scalar and vector states together: error.
**  6. The result of a merge is exact with respect to the double-double values
**     the states hold: merging parts agrees with fitting the whole.
**  7. A vector value (JSON array text or a BLOB) or a vector state is handed
**     to vecfit.c: statistics per dimension (its requirements).
**  8. norm_merge also merges quantile states (norm_qfit), handed to
**     quantile.c; mixing them with moments states is an error.
**
** 2026-11-25: A sliding frame removes a row for every row it adds (tests/bench
** pair 4: norm_z over a 1,000-row frame). norm_fit_inverse takes the
** unweighted REAL inline first, as norm_fit_step does, and the min/max
** queues no longer fold their pending batch in before each removal
** (extrema.h): a removal went from about 570 instructions (2.7 times an add)
** to about 210 (callgrind), with the same results.
*/
#include <math.h>
#include <string.h>

#include "args.h"
#include "core/accum.h"
#include "quantile.h"
#include "vecsql.h"

/* The context of every aggregate here: scalar rows and moments states go to
** acc, vectors to vec (vecfit.c), quantile states to quant (quantile.c); one
** aggregate holds only one of them. */
typedef struct FitContext {
  Accum acc;      /* scalar rows and moments states */
  VecFit *vec;    /* vector rows and states, or NULL */
  QuantAgg quant; /* quantile states (norm_merge) */
  unsigned kind;  /* norm_merge: 0 before the first state, then the kind of every state */
} FitContext;

/* The context of this aggregate, created on first use; NULL after an
** out-of-memory error has been reported. */
static FitContext *get_context(sqlite3_context *ctx) {
  FitContext *c = sqlite3_aggregate_context(ctx, (int)sizeof(FitContext));
  if (c == NULL) sqlite3_result_error_nomem(ctx);
  return c;
}

/* The scalar accumulator, or NULL after an error (out of memory, or the
** aggregate already holds vectors). */
static Accum *get_accum(sqlite3_context *ctx, const char *fname) {
  FitContext *c = get_context(ctx);
  if (c == NULL) return NULL;
  if (c->vec && vecfit_rows(c->vec) == 0) vecfit_free(&c->vec); /* the vectors have all left the frame */
  if (c->vec) {
    int merge = strcmp(fname, "norm_merge") == 0;
    norm_error(ctx, fname,
               merge ? "argument 1 is a scalar state, but earlier states were vector states"
                     : "argument 1 is a number, but earlier rows were vectors");
    return NULL;
  }
  return &c->acc;
}

/* Hands a vector row (or vector state, for norm_merge) to vecfit.c. */
static void vector_step(sqlite3_context *ctx, int argc, sqlite3_value **argv, const StateView *view, int sign) {
  FitContext *c = get_context(ctx);
  if (c == NULL) return;
  int scalar_rows = c->acc.rows + c->acc.weighted > 0;
  if (view) {
    vecfit_merge(ctx, view, &c->vec, scalar_rows, sign);
  } else {
    vecfit_step(ctx, argc, argv, &c->vec, scalar_rows, sign);
  }
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

/* A row of any kind added (sign 1) or removed (sign -1): vectors, weights,
** text, errors. Out of line, so that the common case (quick_row) needs no
** stack frame of its own. */
NORM_NOINLINE static void general_row(sqlite3_context *ctx, int argc, sqlite3_value **argv, int sign) {
  double x, w = 1.0;
  if (vec_value_is_vector(argv[0])) { /* vecfit.c */
    vector_step(ctx, argc, argv, NULL, sign);
    return;
  }
  if (read_row(ctx, argc, argv, &x, &w) != ARG_OK) return;
  Accum *a = get_accum(ctx, "norm_fit");
  if (a == NULL) return;
  AccResult r;
  if (argc < 2) {
    r = sign > 0 ? acc_add_value(a, x, &norm_allocator) : acc_remove_value(a, x, &norm_allocator);
  } else {
    r = sign > 0 ? acc_add_weighted(a, x, w, &norm_allocator) : acc_remove_weighted(a, x, w, &norm_allocator);
  }
  if (r == ACC_NOMEM) sqlite3_result_error_nomem(ctx);
}

/* The common case, inline: an unweighted finite REAL, which is never a
** vector, into a context that holds no vectors. Returns 0, having changed
** nothing, for anything else (general_row then checks again and reports).
**
** 2026-11-25: tests/bench pairs 1 and 4. The context is fetched before the
** value is read, so that the value need not be kept across a call (an
** infinity then creates the context before its error, which changes
** nothing: the statement fails). With the batch (accum.h), this brought
** SELECT norm_fit(x) FROM t from 644 to 507 instructions a row (callgrind,
** 100,000 rows; avg(x): 462), and a removal in a sliding frame from about
** 570 to 210. */
NORM_ALWAYS_INLINE static inline int quick_row(sqlite3_context *ctx, int argc, sqlite3_value **argv, int sign) {
  if (argc > 1 || sqlite3_value_type(argv[0]) != SQLITE_FLOAT) return 0;
  FitContext *c = sqlite3_aggregate_context(ctx, (int)sizeof(FitContext));
  double x = sqlite3_value_double(argv[0]);
  if (c == NULL || c->vec != NULL || !isfinite(x)) return 0;
  AccResult r = sign > 0 ? acc_add_value(&c->acc, x, &norm_allocator) : acc_remove_value(&c->acc, x, &norm_allocator);
  if (r == ACC_NOMEM) sqlite3_result_error_nomem(ctx);
  return 1;
}

void norm_fit_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (!quick_row(ctx, argc, argv, 1)) general_row(ctx, argc, argv, 1);
}

void norm_fit_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (!quick_row(ctx, argc, argv, -1)) general_row(ctx, argc, argv, -1);
}

/* The SQL name of the aggregate being finished (norm_fit or norm_merge). */
static const char *aggregate_name(sqlite3_context *ctx) {
  const char *name = sqlite3_user_data(ctx);
  return name ? name : "norm_fit";
}

void norm_fit_value(sqlite3_context *ctx) {
  FitContext *c = get_context(ctx);
  if (c == NULL) return;
  if (c->vec) {
    vecfit_result(ctx, &c->vec, aggregate_name(ctx), 1);
    return;
  }
  acc_mark_window(&c->acc);
  result_accum(ctx, &c->acc, aggregate_name(ctx));
}

void norm_fit_final(sqlite3_context *ctx) {
  FitContext *c = sqlite3_aggregate_context(ctx, 0);
  if (c == NULL) { /* no row was stepped */
    sqlite3_result_null(ctx);
    return;
  }
  if (c->vec) {
    vecfit_result(ctx, &c->vec, aggregate_name(ctx), 0);
    return;
  }
  result_accum(ctx, &c->acc, aggregate_name(ctx));
  acc_free(&c->acc, &norm_allocator);
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

/* A vector state goes to vecfit.c (1 when it was one). */
static int merge_vector(sqlite3_context *ctx, sqlite3_value **argv, int sign) {
  StateView view;
  if (!vec_value_is_vector_state(argv[0])) return 0;
  if (arg_state(ctx, "norm_merge", argv, 0, &view) == ARG_OK) vector_step(ctx, 1, argv, &view, sign);
  return 1;
}

static const char *kind_name(unsigned kind) { return kind == STATE_KIND_QUANTILES ? "quantile" : "moments"; }

/* The context, once argument 1 is known to be of the kind of the states
** before it (requirement 8); NULL for a NULL state or after an error. */
static FitContext *merge_context(sqlite3_context *ctx, sqlite3_value **argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return NULL;
  unsigned kind = quant_is_state(argv[0]) ? STATE_KIND_QUANTILES : STATE_KIND_MOMENTS;
  FitContext *c = get_context(ctx);
  if (c == NULL) return NULL;
  if (c->kind == STATE_KIND_MOMENTS && kind != c->kind && c->acc.rows + c->acc.weighted == 0 &&
      vecfit_rows(c->vec) == 0) { /* every moments state has left the frame */
    vecfit_free(&c->vec);
    c->kind = 0;
  }
  if (c->kind != 0 && c->kind != kind) {
    norm_error(ctx, "norm_merge", "cannot merge a %s state with %s states", kind_name(kind), kind_name(c->kind));
    return NULL;
  }
  c->kind = kind;
  return c;
}

void norm_merge_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  Moments m;
  FitContext *c = merge_context(ctx, argv);
  if (c == NULL) return;
  if (c->kind == STATE_KIND_QUANTILES) {
    quant_merge_add(ctx, &c->quant, argv);
    return;
  }
  if (merge_vector(ctx, argv, 1)) return;
  if (read_merge_state(ctx, argv, &m) != ARG_OK) return;
  Accum *a = get_accum(ctx, "norm_merge");
  if (a == NULL) return;
  if (acc_add_moments(a, &m, &norm_allocator) == ACC_NOMEM) sqlite3_result_error_nomem(ctx);
}

void norm_merge_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  Moments m;
  FitContext *c = merge_context(ctx, argv);
  if (c == NULL) return;
  if (c->kind == STATE_KIND_QUANTILES) {
    norm_error(ctx, "norm_merge",
               "sliding frames are not supported for quantile states; use a frame over the whole partition");
    return;
  }
  if (merge_vector(ctx, argv, -1)) return;
  if (read_merge_state(ctx, argv, &m) != ARG_OK) return;
  Accum *a = get_accum(ctx, "norm_merge");
  if (a == NULL) return;
  if (acc_remove_moments(a, &m, &norm_allocator) == ACC_NOMEM) sqlite3_result_error_nomem(ctx);
}

void norm_merge_value(sqlite3_context *ctx) {
  FitContext *c = get_context(ctx);
  if (c == NULL) return;
  if (c->kind == STATE_KIND_QUANTILES) {
    quant_agg_result(ctx, &c->quant, "norm_merge", 0);
  } else {
    norm_fit_value(ctx);
  }
}

void norm_merge_final(sqlite3_context *ctx) {
  FitContext *c = sqlite3_aggregate_context(ctx, 0);
  if (c != NULL && c->kind == STATE_KIND_QUANTILES) {
    quant_agg_result(ctx, &c->quant, "norm_merge", 1);
  } else {
    norm_fit_final(ctx);
  }
}

/*
** quantile.c: quantile states in SQL: the aggregate norm_qfit(x), and
** norm_percentile(q, p), norm_median(q), norm_iqr(q),
** norm_robust(x, q [, lo, hi]), norm_quantile(x, q [, 'uniform' | 'normal']),
** norm_bucket(x, q, k); plus the hooks for norm_merge and the accessors
** (quantile.h). The numerics are in sketch.c.
**
** Requirements (tests/sql/quantile.sql and tests/oracle/test_quantiles.py
** cite them by number):
**  1. norm_qfit(x) returns the quantile state of the non-NULL x (exact up to
**     4096 values, then a sketch); no such rows give NULL. x must be a
**     finite number (arg_number), else an error naming norm_qfit.
**  2. norm_qfit works as a window function over frames whose start does not
**     move (OVER (PARTITION BY ...), UNBOUNDED PRECEDING); a sliding frame is
**     an error ("sliding frames are not supported").
**  3. Every function reading a quantile state returns NULL for a NULL state
**     or value, and an error naming itself for anything that is not a valid
**     quantile state (a moments state included).
**  4. norm_percentile(q, p), 0 <= p <= 1, is the p-quantile: numpy's
**     np.percentile(x, 100 p) (linear) in exact mode. norm_median is p = 0.5,
**     norm_iqr is Q(0.75) - Q(0.25).
**  5. norm_robust(x, q [, lo, hi]) = (x - median) / (Q(hi) - Q(lo)),
**     defaults 0.25 and 0.75, 0 <= lo <= hi <= 1; a range below 10 * machine
**     epsilon counts as 1 (scikit-learn's RobustScaler).
**  6. norm_quantile(x, q) is x's position in [0, 1]: 0 at or below min, 1 at
**     or above max, linear between order statistics, the middle of a run of
**     ties (scikit-learn's QuantileTransformer, n_quantiles = n). With
**     'normal' it is mapped by the inverse normal CDF and clipped like
**     scikit-learn to about +-5.2 (its values at 1e-7 and 1 - 1e-7).
**  7. norm_bucket(x, q, k), k a whole number >= 1, is 1 + the number of
**     boundaries Q(j / k), j = 1..k-1, that are <= x: the equal-frequency
**     bucket of x, 1..k (BigQuery's ML.QUANTILE_BUCKETIZE).
**
** 2026-11-25: Decoding and validating a state costs O(its size), up to 64 KB,
** and sqlite3_set_auxdata keeps nothing for a state that comes from a scalar
** subquery or a join (measured: 30 us per row). So each reader's
** registration carries a small cache (its user data, one per connection):
** the last state's bytes and decoded form, reused when the next call's bytes
** are identical (a memcmp, about 20 times cheaper than decoding).
*/
#include "quantile.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "format/json.h"

int quant_is_state(sqlite3_value *v) {
  if (sqlite3_value_type(v) != SQLITE_BLOB) return 0;
  const void *b = sqlite3_value_blob(v);
  return state_peek_kind(b, sqlite3_value_bytes(v)) == STATE_KIND_QUANTILES;
}

static void free_view(void *p) {
  quant_view_free(p, &norm_allocator);
  sqlite3_free(p);
}

/* Decodes argument i into a new view. ARG_OK, ARG_NULL, or ARG_ERROR after
** reporting the error (requirement 3). */
static ArgResult decode_arg(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, QuantView **out) {
  sqlite3_value *v = argv[i];
  int type = sqlite3_value_type(v);
  if (type == SQLITE_NULL) return ARG_NULL;
  if (type != SQLITE_BLOB) {
    norm_error(ctx, fname, "argument %d is %s, not a quantile state (a blob made by norm_qfit or norm_merge)", i + 1,
               type == SQLITE_TEXT ? "text" : "a number");
    return ARG_ERROR;
  }
  const void *blob = sqlite3_value_blob(v);
  int size = sqlite3_value_bytes(v);
  if (state_peek_kind(blob, size) == STATE_KIND_MOMENTS) {
    norm_error(ctx, fname, "argument %d is a moments state (from norm_fit), not a quantile state (from norm_qfit)",
               i + 1);
    return ARG_ERROR;
  }
  QuantView *view = sqlite3_malloc64(sizeof *view);
  if (view == NULL) {
    sqlite3_result_error_nomem(ctx);
    return ARG_ERROR;
  }
  const char *why = NULL;
  int rc = quant_decode(blob, size, view, &norm_allocator, &why);
  if (rc) {
    sqlite3_free(view);
    if (rc == -2) {
      sqlite3_result_error_nomem(ctx);
    } else {
      norm_error(ctx, fname, "argument %d is not a valid quantile state: %s", i + 1, why);
    }
    return ARG_ERROR;
  }
  *out = view;
  return ARG_OK;
}

/* The per-function cache of the last state decoded (the user data of each
** reader's registration, so one per connection and function). */
struct QuantCache {
  unsigned char *blob; /* a copy of the state's bytes */
  int size;            /* its length */
  QuantView view;      /* the decoded state, valid when blob != NULL */
};

void *quant_cache_new(void) {
  QuantCache *c = sqlite3_malloc64(sizeof *c);
  if (c) memset(c, 0, sizeof *c);
  return c;
}

void quant_cache_free(void *p) {
  QuantCache *c = p;
  if (c == NULL) return;
  if (c->blob) quant_view_free(&c->view, &norm_allocator);
  sqlite3_free(c->blob);
  sqlite3_free(c);
}

/* A state argument of a scalar function: taken from the cache when it holds
** the same bytes, else decoded (and cached). *fresh says that the caller
** must pass the view to release_arg when done. */
static ArgResult quant_arg(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, QuantView **out,
                           int *fresh) {
  *fresh = 0;
  QuantCache *c = sqlite3_user_data(ctx);
  if (c && c->blob && sqlite3_value_type(argv[i]) == SQLITE_BLOB) {
    const void *b = sqlite3_value_blob(argv[i]);
    int size = sqlite3_value_bytes(argv[i]);
    if (b && size == c->size && memcmp(b, c->blob, (size_t)size) == 0) {
      *out = &c->view;
      return ARG_OK;
    }
  }
  ArgResult r = decode_arg(ctx, fname, argv, i, out);
  if (r != ARG_OK) return r;
  unsigned char *copy = c ? sqlite3_malloc64((sqlite3_uint64)(*out)->size) : NULL;
  if (copy == NULL) { /* no cache: the caller frees */
    *fresh = 1;
    return ARG_OK;
  }
  memcpy(copy, sqlite3_value_blob(argv[i]), (size_t)(*out)->size);
  if (c->blob) quant_view_free(&c->view, &norm_allocator);
  sqlite3_free(c->blob);
  c->blob = copy;
  c->size = (*out)->size;
  c->view = **out;
  sqlite3_free(*out);
  *out = &c->view;
  return ARG_OK;
}

/* Frees a view that was not cached. Call after the result is set. */
static void release_arg(sqlite3_context *ctx, int i, QuantView *v, int fresh) {
  (void)ctx;
  (void)i;
  if (fresh) free_view(v);
}

/* --- norm_qfit ------------------------------------------------------------- */

/* Forgets the cached xValue result: something was added. */
static void drop_blob(QuantAgg *g) {
  sqlite3_free(g->blob);
  g->blob = NULL;
  g->blob_size = 0;
}

void norm_qfit_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double x;
  if (arg_number(ctx, "norm_qfit", argv, 0, &x) != ARG_OK) return; /* requirement 1 */
  QuantAgg *g = sqlite3_aggregate_context(ctx, (int)sizeof *g);
  if (g == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  drop_blob(g);
  int rc = sketch_add(&g->sketch, x, &norm_allocator);
  if (rc == -1) sqlite3_result_error_nomem(ctx);
  if (rc == -2) norm_error(ctx, "norm_qfit", "more than 2^53 values");
}

void norm_qfit_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  norm_error(ctx, "norm_qfit", "sliding frames are not supported; use a frame over the whole partition");
}

void quant_agg_result(sqlite3_context *ctx, QuantAgg *g, const char *fname, int final) {
  (void)fname;
  if (g->sketch.count == 0) {
    sqlite3_result_null(ctx);
  } else {
    if (g->blob == NULL) g->blob = sketch_encode(&g->sketch, &g->blob_size, &norm_allocator);
    if (g->blob == NULL) {
      sqlite3_result_error_nomem(ctx);
    } else if (final) {
      sqlite3_result_blob(ctx, g->blob, g->blob_size, sqlite3_free);
      g->blob = NULL;
    } else {
      sqlite3_result_blob(ctx, g->blob, g->blob_size, SQLITE_TRANSIENT);
    }
  }
  if (final) {
    drop_blob(g);
    sketch_free(&g->sketch, &norm_allocator);
  }
}

void norm_qfit_value(sqlite3_context *ctx) {
  QuantAgg *g = sqlite3_aggregate_context(ctx, (int)sizeof *g);
  if (g == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  quant_agg_result(ctx, g, "norm_qfit", 0);
}

void norm_qfit_final(sqlite3_context *ctx) {
  QuantAgg *g = sqlite3_aggregate_context(ctx, 0);
  if (g == NULL) { /* no row was stepped */
    sqlite3_result_null(ctx);
    return;
  }
  quant_agg_result(ctx, g, "norm_qfit", 1);
}

void quant_merge_add(sqlite3_context *ctx, QuantAgg *g, sqlite3_value **argv) {
  QuantView *v = NULL;
  if (decode_arg(ctx, "norm_merge", argv, 0, &v) != ARG_OK) return;
  drop_blob(g);
  int rc = sketch_merge(&g->sketch, v, &norm_allocator);
  if (rc == -1) sqlite3_result_error_nomem(ctx);
  if (rc == -2) norm_error(ctx, "norm_merge", "the merged states hold more than 2^53 values");
  free_view(v);
}

/* --- Reading quantiles ------------------------------------------------------- */

/* Argument i as a probability in [0, 1] named `what`; NULL is an error. */
static ArgResult arg_probability(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, const char *what,
                                 double *p) {
  ArgResult r = arg_number(ctx, fname, argv, i, p);
  if (r == ARG_NULL) {
    norm_error(ctx, fname, "argument %d (%s) is NULL", i + 1, what);
    return ARG_ERROR;
  }
  if (r == ARG_OK && !(*p >= 0 && *p <= 1)) {
    norm_error(ctx, fname, "argument %d (%s) is %g; it must be between 0 and 1", i + 1, what, *p);
    return ARG_ERROR;
  }
  return r;
}

void norm_percentile_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  QuantView *v;
  int fresh;
  double p;
  if (sqlite3_value_type(argv[1]) == SQLITE_NULL) return;
  if (arg_probability(ctx, "norm_percentile", argv, 1, "p", &p) != ARG_OK) return;
  if (quant_arg(ctx, "norm_percentile", argv, 0, &v, &fresh) != ARG_OK) return;
  sqlite3_result_double(ctx, quant_value(v, p));
  release_arg(ctx, 0, v, fresh);
}

void norm_median_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  QuantView *v;
  int fresh;
  if (quant_arg(ctx, "norm_median", argv, 0, &v, &fresh) != ARG_OK) return;
  sqlite3_result_double(ctx, quant_value(v, 0.5));
  release_arg(ctx, 0, v, fresh);
}

void norm_iqr_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  QuantView *v;
  int fresh;
  if (quant_arg(ctx, "norm_iqr", argv, 0, &v, &fresh) != ARG_OK) return;
  sqlite3_result_double(ctx, quant_value(v, 0.75) - quant_value(v, 0.25));
  release_arg(ctx, 0, v, fresh);
}

void norm_robust_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  double x, lo = 0.25, hi = 0.75;
  QuantView *v;
  int fresh;
  ArgResult r = arg_number(ctx, "norm_robust", argv, 0, &x);
  if (r == ARG_ERROR) return;
  if (argc > 2) {
    if (arg_probability(ctx, "norm_robust", argv, 2, "lo", &lo) != ARG_OK) return;
    if (arg_probability(ctx, "norm_robust", argv, 3, "hi", &hi) != ARG_OK) return;
    if (lo > hi) {
      norm_error(ctx, "norm_robust", "lo (%g) is greater than hi (%g)", lo, hi);
      return;
    }
  }
  if (r == ARG_NULL || quant_arg(ctx, "norm_robust", argv, 1, &v, &fresh) != ARG_OK) return;
  double scale = quant_value(v, hi) - quant_value(v, lo);
  if (scale < 10 * DBL_EPSILON) scale = 1; /* requirement 5 */
  sqlite3_result_double(ctx, (x - quant_value(v, 0.5)) / scale);
  release_arg(ctx, 1, v, fresh);
}

void norm_quantile_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  double x;
  int normal = 0;
  QuantView *v;
  int fresh;
  ArgResult r = arg_number(ctx, "norm_quantile", argv, 0, &x);
  if (r == ARG_ERROR) return;
  if (argc > 2) {
    const char *dist = (const char *)sqlite3_value_text(argv[2]);
    if (sqlite3_value_type(argv[2]) != SQLITE_TEXT || dist == NULL ||
        (strcmp(dist, "uniform") != 0 && strcmp(dist, "normal") != 0)) {
      norm_error(ctx, "norm_quantile", "argument 3 must be 'uniform' or 'normal'");
      return;
    }
    normal = dist[0] == 'n';
  }
  if (r == ARG_NULL || quant_arg(ctx, "norm_quantile", argv, 1, &v, &fresh) != ARG_OK) return;
  double u = quant_rank(v, x);
  if (normal) { /* requirement 6: scikit-learn's clip */
    double lo = quant_normal_ppf(1e-7 - DBL_EPSILON), hi = quant_normal_ppf(1 - (1e-7 - DBL_EPSILON));
    u = quant_normal_ppf(u);
    u = u < lo ? lo : (u > hi ? hi : u);
  }
  sqlite3_result_double(ctx, u);
  release_arg(ctx, 1, v, fresh);
}

void norm_bucket_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  double x, k;
  QuantView *v;
  int fresh;
  ArgResult r = arg_number(ctx, "norm_bucket", argv, 0, &x);
  if (r == ARG_ERROR) return;
  ArgResult rk = arg_number(ctx, "norm_bucket", argv, 2, &k);
  if (rk == ARG_ERROR) return;
  if (rk == ARG_NULL || !(k >= 1 && k <= 2147483647.0 && k == floor(k))) {
    norm_error(ctx, "norm_bucket", "argument 3 (k) must be a whole number of buckets between 1 and 2147483647");
    return;
  }
  if (r == ARG_NULL || quant_arg(ctx, "norm_bucket", argv, 1, &v, &fresh) != ARG_OK) return;
  /* The largest j in [0, k - 1] with j == 0 or Q(j / k) <= x (requirement 7). */
  int64_t lo = 0, hi = (int64_t)k - 1;
  while (lo < hi) {
    int64_t mid = lo + (hi - lo + 1) / 2;
    if (quant_value(v, (double)mid / k) <= x) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  sqlite3_result_int64(ctx, lo + 1);
  release_arg(ctx, 1, v, fresh);
}

/* --- Accessors and JSON -------------------------------------------------------- */

static void append_number(sqlite3_str *out, const char *key, double v) {
  char buf[32];
  json_format_double(buf, v);
  sqlite3_str_appendf(out, ",\"%s\":%s", key, buf);
}

static void result_json(sqlite3_context *ctx, const QuantView *v) {
  sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
  sqlite3_str_appendf(out, "{\"kind\":\"quantiles\",\"mode\":\"%s\",\"count\":%lld", v->digest ? "sketch" : "exact",
                      (long long)v->count);
  append_number(out, "min", v->min);
  append_number(out, "q1", quant_value(v, 0.25));
  append_number(out, "median", quant_value(v, 0.5));
  append_number(out, "q3", quant_value(v, 0.75));
  append_number(out, "max", v->max);
  sqlite3_str_appendf(out, ",\"%s\":%d,\"bytes\":%d}", v->digest ? "centroids" : "values", v->n, v->size);
  result_str(ctx, out);
}

int quant_inspect(sqlite3_context *ctx, const char *fname, sqlite3_value **argv) {
  if (!quant_is_state(argv[0])) return 0;
  QuantView *v;
  int fresh;
  if (quant_arg(ctx, fname, argv, 0, &v, &fresh) != ARG_OK) return 1;
  if (strcmp(fname, "norm_count") == 0) {
    sqlite3_result_int64(ctx, (sqlite3_int64)v->count);
  } else if (strcmp(fname, "norm_min") == 0) {
    sqlite3_result_double(ctx, v->min);
  } else if (strcmp(fname, "norm_max") == 0) {
    sqlite3_result_double(ctx, v->max);
  } else {
    result_json(ctx, v);
  }
  release_arg(ctx, 0, v, fresh);
  return 1;
}

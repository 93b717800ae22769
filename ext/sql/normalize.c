/*
** normalize.c: the entry point of the sqlite-normalize extension. It holds the
** registration table (one row per SQL name and argument count) and
** norm_version(); each family of functions lives in its own file:
**
**   fit.c      norm_fit, norm_merge (feature axis: aggregates and windows)
**   row.c      row_fit (sample axis)
**   apply.c    norm_z, norm_minmax, norm_maxabs, norm_invert
**   inspect.c  norm_count, norm_mean, norm_var, norm_std, norm_min, norm_max,
**              norm_json, norm_state
**   quantile.c norm_qfit, norm_percentile, norm_median, norm_iqr, norm_robust,
**              norm_quantile, norm_bucket
**   vecfit.c, vecapply.c  the same functions on vectors (reached from the
**              files above), and norm_unit
**
** The numerics (accum.c, exactsum.c, extrema.c, moments.c, state.c, json.c,
** sketch.c, vec.c, vecacc.c) do not depend on SQLite.
*/
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

#include "args.h"
#include "quantile.h"
#include "vecsql.h"
#include "version.h"

static void norm_version_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  sqlite3_result_text(ctx, NORM_VERSION, -1, SQLITE_STATIC);
}

/* Flags of every function: all are pure functions of their arguments. */
#define PURE (SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS)

typedef void (*ScalarFn)(sqlite3_context *, int, sqlite3_value **);

typedef struct ScalarDef {
  const char *name;
  int min_args; /* registered for each count from min_args to max_args */
  int max_args;
  ScalarFn fn;
} ScalarDef;

static const ScalarDef SCALARS[] = {
    {"norm_version", 0, 0, norm_version_func},
    {"row_fit", 1, 127, row_fit_func},
    {"norm_z", 2, 4, norm_z_func},
    {"norm_minmax", 2, 2, norm_minmax_func},
    {"norm_minmax", 4, 5, norm_minmax_func},
    {"norm_maxabs", 2, 2, norm_maxabs_func},
    {"norm_invert", 2, 6, norm_invert_func},
    {"norm_count", 1, 1, norm_count_func},
    {"norm_mean", 1, 1, norm_mean_func},
    {"norm_var", 1, 2, norm_var_func},
    {"norm_std", 1, 2, norm_std_func},
    {"norm_min", 1, 1, norm_min_func},
    {"norm_max", 1, 1, norm_max_func},
    {"norm_json", 1, 1, norm_json_func},
    {"norm_state", 1, 1, norm_state_func},
    {"norm_unit", 1, 2, norm_unit_func},
};

/* The readers of quantile states: each registration gets its own cache of
** the last state decoded (quantile.c). */
static const ScalarDef QUANT_SCALARS[] = {
    {"norm_percentile", 2, 2, norm_percentile_func},
    {"norm_median", 1, 1, norm_median_func},
    {"norm_iqr", 1, 1, norm_iqr_func},
    {"norm_robust", 2, 2, norm_robust_func},
    {"norm_robust", 4, 4, norm_robust_func},
    {"norm_quantile", 2, 3, norm_quantile_func},
    {"norm_bucket", 3, 3, norm_bucket_func},
};

typedef void (*FinishFn)(sqlite3_context *);

typedef struct WindowDef {
  const char *name;
  int nargs;
  ScalarFn step;
  ScalarFn inverse;
  FinishFn value;
  FinishFn final;
} WindowDef;

/* The name is the user data, so that errors while finishing name the right
** function. */
static const WindowDef WINDOWS[] = {
    {"norm_fit", 1, norm_fit_step, norm_fit_inverse, norm_fit_value, norm_fit_final},
    {"norm_fit", 2, norm_fit_step, norm_fit_inverse, norm_fit_value, norm_fit_final},
    {"norm_merge", 1, norm_merge_step, norm_merge_inverse, norm_merge_value, norm_merge_final},
    {"norm_qfit", 1, norm_qfit_step, norm_qfit_inverse, norm_qfit_value, norm_qfit_final},
};

/* 1 for the scalar functions that read moments states through
** arg_scalar_state_entry and so take the connection's NormConn (args.h) as
** user data. Not norm_count, norm_min, norm_max, norm_json: they also read
** quantile states, whose code expects its own user data or none. */
static int takes_conn(ScalarFn fn) {
  static const ScalarFn with_conn[] = {norm_z_func,    norm_minmax_func, norm_maxabs_func, norm_invert_func,
                                       norm_mean_func, norm_var_func,    norm_std_func};
  for (size_t i = 0; i < sizeof with_conn / sizeof with_conn[0]; i++) {
    if (with_conn[i] == fn) return 1;
  }
  return 0;
}

/* Those share the connection's NormConn; each registration holds a
** reference, which SQLite drops with xDestroy. */
static int register_all(sqlite3 *db) {
  NormConn *conn = norm_conn_new();
  if (conn == NULL) return SQLITE_NOMEM;
  for (size_t i = 0; i < sizeof SCALARS / sizeof SCALARS[0]; i++) {
    const ScalarDef *d = &SCALARS[i];
    for (int n = d->min_args; n <= d->max_args; n++) {
      int rc;
      if (takes_conn(d->fn)) {
        norm_conn_retain(conn); /* released by SQLite, even when registering fails */
        rc = sqlite3_create_function_v2(db, d->name, n, PURE, conn, d->fn, NULL, NULL, norm_conn_release);
      } else {
        rc = sqlite3_create_function_v2(db, d->name, n, PURE, NULL, d->fn, NULL, NULL, NULL);
      }
      if (rc != SQLITE_OK) {
        norm_conn_release(conn);
        return rc;
      }
    }
  }
  norm_conn_release(conn);
  for (size_t i = 0; i < sizeof QUANT_SCALARS / sizeof QUANT_SCALARS[0]; i++) {
    const ScalarDef *d = &QUANT_SCALARS[i];
    for (int n = d->min_args; n <= d->max_args; n++) {
      void *cache = quant_cache_new();
      if (cache == NULL) return SQLITE_NOMEM;
      /* On failure SQLite calls quant_cache_free itself. */
      int rc = sqlite3_create_function_v2(db, d->name, n, PURE, cache, d->fn, NULL, NULL, quant_cache_free);
      if (rc != SQLITE_OK) return rc;
    }
  }
  for (size_t i = 0; i < sizeof WINDOWS / sizeof WINDOWS[0]; i++) {
    const WindowDef *d = &WINDOWS[i];
    int rc = sqlite3_create_window_function(db, d->name, d->nargs, PURE, (void *)d->name, d->step, d->final, d->value,
                                            d->inverse, NULL);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

#ifdef _WIN32
__declspec(dllexport)
#endif
    int sqlite3_normalize_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

#ifdef _WIN32
__declspec(dllexport)
#endif
    int sqlite3_normalize_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  SQLITE_EXTENSION_INIT2(pApi);
  int rc = register_all(db);
  if (rc != SQLITE_OK && pzErrMsg) *pzErrMsg = sqlite3_mprintf("normalize: registering functions failed (%d)", rc);
  return rc;
}

/*
** quantile.h: the SQL side of quantile states (quantile.c): norm_qfit's
** aggregate context, and the small hooks through which norm_merge (fit.c) and
** the accessors (inspect.c) hand quantile states over.
*/
#ifndef NORM_QUANTILE_H
#define NORM_QUANTILE_H

#include "args.h"
#include "core/sketch.h"

/* The context of norm_qfit, and of norm_merge over quantile states. */
typedef struct QuantAgg {
  Sketch sketch;       /* what has been added */
  unsigned char *blob; /* the state last returned by xValue, while nothing was added since */
  int blob_size;       /* its bytes */
} QuantAgg;

/* The user data of the readers' registrations (normalize.c): a cache of the
** last decoded state, freed by quant_cache_free. */
typedef struct QuantCache QuantCache;
void *quant_cache_new(void);
void quant_cache_free(void *p);

/* 1 when v is a blob whose header says "quantile state" (it may still be
** invalid: the reader validates it). */
int quant_is_state(sqlite3_value *v);

/* norm_merge over quantile states: adds the state in argv[0] to g; sets the
** result to the merged state (NULL when none), and with `final` frees g. */
void quant_merge_add(sqlite3_context *ctx, QuantAgg *g, sqlite3_value **argv);
void quant_agg_result(sqlite3_context *ctx, QuantAgg *g, const char *fname, int final);

/* The accessors: when argv[0] is a quantile state, computes accessor fname
** (norm_count, norm_min, norm_max, norm_json) on it and returns 1; else 0. */
int quant_inspect(sqlite3_context *ctx, const char *fname, sqlite3_value **argv);

/* Callbacks for the registration table. */
void norm_qfit_step(sqlite3_context *, int, sqlite3_value **);
void norm_qfit_inverse(sqlite3_context *, int, sqlite3_value **);
void norm_qfit_value(sqlite3_context *);
void norm_qfit_final(sqlite3_context *);
void norm_percentile_func(sqlite3_context *, int, sqlite3_value **);
void norm_median_func(sqlite3_context *, int, sqlite3_value **);
void norm_iqr_func(sqlite3_context *, int, sqlite3_value **);
void norm_robust_func(sqlite3_context *, int, sqlite3_value **);
void norm_quantile_func(sqlite3_context *, int, sqlite3_value **);
void norm_bucket_func(sqlite3_context *, int, sqlite3_value **);

#endif

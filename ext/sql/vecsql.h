/*
** vecsql.h: the SQL glue of vector values, called from the scalar functions'
** files by one small dispatch each (fit.c, row.c, apply.c, inspect.c) and
** registered in normalize.c (norm_unit).
**
**   vecfit.c    reading vector arguments; norm_fit / norm_merge over vectors
**               (per dimension); row_fit(v) (over one vector's elements)
**   vecapply.c  norm_z, norm_minmax, norm_maxabs, norm_invert with a vector
**               value; norm_unit; accessors, norm_json and norm_state of
**               vector states
*/
#ifndef NORM_VECSQL_H
#define NORM_VECSQL_H

#include "args.h"
#include "format/vec.h"

/* 1 when a value is to be read as a vector: TEXT starting with '[' (after
** spaces) or a BLOB. */
int vec_value_is_vector(sqlite3_value *v);

/* 1 when a value is a BLOB whose header says it is a vector state. */
int vec_value_is_vector_state(sqlite3_value *v);

/* Argument i as a vector into buf (see vec.h). ARG_NULL for SQL NULL. */
ArgResult arg_vector(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, VecBuf *buf, uint32_t *dims,
                     VecEncoding *enc);

/* vecfit.c: the vector part of a norm_fit / norm_merge aggregate. */
typedef struct VecFit VecFit;
/* sign 1 for xStep, -1 for xInverse; scalar_rows: the aggregate already holds
** scalar rows (mixing is an error). */
void vecfit_step(sqlite3_context *ctx, int argc, sqlite3_value **argv, VecFit **slot, int scalar_rows, int sign);
void vecfit_merge(sqlite3_context *ctx, const StateView *view, VecFit **slot, int scalar_rows, int sign);
/* xValue (window 1) and xFinal (window 0, frees *slot). */
void vecfit_result(sqlite3_context *ctx, VecFit **slot, const char *fname, int window);
void vecfit_free(VecFit **slot);
/* Rows (or states) a VecFit currently holds (0 for NULL). */
int64_t vecfit_rows(const VecFit *f);
void vec_row_fit_func(sqlite3_context *, int, sqlite3_value **);

/* vecapply.c */
typedef enum VecTransform { VT_Z, VT_MINMAX, VT_MAXABS, VT_INVERT } VecTransform;
void vec_transform_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, VecTransform t);
void norm_unit_func(sqlite3_context *, int, sqlite3_value **);

typedef enum VecStat { VS_COUNT, VS_MEAN, VS_VAR, VS_STD, VS_MIN, VS_MAX } VecStat;
void vec_accessor_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *fname, VecStat stat);
void vec_json_func(sqlite3_context *ctx, int argc, sqlite3_value **argv);

/* norm_state for a JSON object describing a vector state (arrays); returns 0
** when the object is not one (the scalar path then handles it). */
struct JsonDoc;
int vec_state_from_json(sqlite3_context *ctx, const struct JsonDoc *doc);

#endif

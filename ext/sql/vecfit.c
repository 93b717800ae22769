/*
** vecfit.c: fitting vectors: norm_fit(v) and norm_merge(s) over a column of
** vectors (one set of statistics per dimension: Keras Normalization(axis=-1)
** on an (N, D) array), and row_fit(v) (one set over the elements of one
** vector: a layer norm's statistics). Also the reading of vector arguments
** shared by every vector function.
**
** Requirements (tests/sql/vec.sql and tests/oracle/test_vectors.py cite them):
**  1. A vector argument is TEXT holding a JSON array (first non-space
**     character '[') or a BLOB of little-endian float32 values (vec.h). A
**     BLOB that is a valid fitted state is an error ("use norm_merge").
**  2. norm_fit(v) returns a vector state of D blocks, block d fitted on the
**     non-missing elements d of the non-NULL rows. All rows must have the
**     same number of dimensions, and an aggregate holds either numbers or
**     vectors: anything else is an error naming norm_fit.
**  3. A missing element (JSON null, float32 NaN) is skipped in its dimension
**     (scikit-learn ignores NaN in fit). A dimension with no value at all
**     gives a NULL state, as no rows do.
**  4. norm_fit(v, w) weighs each row by w (NULL x or w skip it, w = 0
**     contributes nothing, w < 0 is an error), as for numbers.
**  5. As window functions, frames slide exactly (vecacc.h); norm_merge of
**     vector states merges dimension by dimension, exactly, and requires the
**     same number of dimensions and states with a count.
**  6. row_fit(v) returns the scalar state of the non-missing elements of v;
**     all missing gives NULL. row_fit takes one vector or 1 to 127 numbers.
*/
#include <string.h>

#include "core/vecacc.h"
#include "vecsql.h"

struct VecFit {
  VecAcc acc;   /* the statistics */
  VecBuf buf;   /* the current row, parsed */
  int64_t rows; /* rows (or states) currently in; 0 once a frame has let them all go */
};

int64_t vecfit_rows(const VecFit *f) { return f ? f->rows : 0; }

int vec_value_is_vector(sqlite3_value *v) {
  int type = sqlite3_value_type(v);
  if (type == SQLITE_BLOB) return 1;
  if (type != SQLITE_TEXT) return 0;
  const char *s = (const char *)sqlite3_value_text(v);
  return s != NULL && vec_text_is_array(s, (size_t)sqlite3_value_bytes(v));
}

int vec_value_is_vector_state(sqlite3_value *v) {
  if (sqlite3_value_type(v) != SQLITE_BLOB || sqlite3_value_bytes(v) < STATE_HEADER_SIZE) return 0;
  const unsigned char *b = sqlite3_value_blob(v);
  return b != NULL && memcmp(b, "NRMS", 4) == 0 && (b[8] | b[9] | b[10] | b[11]) != 0;
}

ArgResult arg_vector(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, VecBuf *buf, uint32_t *dims,
                     VecEncoding *enc) {
  sqlite3_value *v = argv[i];
  char err[160];
  int rc;
  switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
      return ARG_NULL;
    case SQLITE_TEXT: {
      const char *s = (const char *)sqlite3_value_text(v);
      if (s == NULL) {
        sqlite3_result_error_nomem(ctx);
        return ARG_ERROR;
      }
      *enc = VEC_JSON;
      rc = vec_read_json(s, (size_t)sqlite3_value_bytes(v), buf, dims, err, sizeof err, &norm_allocator);
      break;
    }
    case SQLITE_BLOB: {
      const void *b = sqlite3_value_blob(v);
      int n = sqlite3_value_bytes(v);
      StateView view;
      const char *why;
      if (b != NULL && state_parse(b, n, &view, &why) == 0) {
        norm_error(ctx, fname, "argument %d is a fitted state, not a vector (merge states with norm_merge)", i + 1);
        return ARG_ERROR;
      }
      *enc = VEC_F32;
      rc = vec_read_f32(b, (size_t)n, buf, dims, err, sizeof err, &norm_allocator);
      break;
    }
    default:
      norm_error(ctx, fname, "argument %d is a number, not a vector (a JSON array or a float32 blob)", i + 1);
      return ARG_ERROR;
  }
  if (rc == VEC_NOMEM) {
    sqlite3_result_error_nomem(ctx);
    return ARG_ERROR;
  }
  if (rc != VEC_OK) {
    norm_error(ctx, fname, "argument %d is not a valid vector: %s", i + 1, err);
    return ARG_ERROR;
  }
  return ARG_OK;
}

/* Creates the VecFit of an aggregate for `dims` dimensions, taking *buf. */
static VecFit *vecfit_new(sqlite3_context *ctx, uint32_t dims, VecBuf *buf) {
  VecFit *f = sqlite3_malloc64(sizeof *f);
  if (f == NULL || vecacc_init(&f->acc, dims, &norm_allocator) != VECACC_OK) {
    sqlite3_free(f);
    sqlite3_result_error_nomem(ctx);
    return NULL;
  }
  f->buf = *buf;
  f->rows = 0;
  memset(buf, 0, sizeof *buf);
  return f;
}

/* Checks and creates the aggregate's VecFit for a row of `dims`. */
static VecFit *vecfit_for(sqlite3_context *ctx, const char *fname, VecFit **slot, int scalar_rows, uint32_t dims,
                          VecBuf *local) {
  if (*slot == NULL) {
    if (scalar_rows) {
      norm_error(ctx, fname,
                 strcmp(fname, "norm_merge") == 0
                     ? "argument 1 is a vector state, but earlier states were scalar states"
                     : "argument 1 is a vector, but earlier rows were numbers");
      return NULL;
    }
    *slot = vecfit_new(ctx, dims, local);
    return *slot;
  }
  if ((*slot)->rows == 0 && (*slot)->acc.dims != dims) { /* every earlier row has left the frame */
    VecAcc fresh;
    if (vecacc_init(&fresh, dims, &norm_allocator) != VECACC_OK) {
      sqlite3_result_error_nomem(ctx);
      return NULL;
    }
    if ((*slot)->acc.window) vecacc_mark_window(&fresh);
    vecacc_free(&(*slot)->acc, &norm_allocator);
    (*slot)->acc = fresh;
  }
  if ((*slot)->acc.dims != dims) {
    norm_error(ctx, fname, "argument 1 has %u dimensions, but earlier rows had %u", (unsigned)dims,
               (unsigned)(*slot)->acc.dims);
    return NULL;
  }
  return *slot;
}

void vecfit_step(sqlite3_context *ctx, int argc, sqlite3_value **argv, VecFit **slot, int scalar_rows, int sign) {
  VecBuf local = {0};
  VecBuf *buf = *slot ? &(*slot)->buf : &local;
  uint32_t dims = 0;
  VecEncoding enc = VEC_JSON;
  double w = 1.0;
  ArgResult r = arg_vector(ctx, "norm_fit", argv, 0, buf, &dims, &enc);
  if (r == ARG_OK && argc > 1) { /* Requirement 4 */
    r = arg_number(ctx, "norm_fit", argv, 1, &w);
    if (r == ARG_OK && w < 0) {
      norm_error(ctx, "norm_fit", "argument 2 (weight) is %g; weights must be >= 0", w);
      r = ARG_ERROR;
    }
    if (r == ARG_OK && w == 0) r = ARG_NULL;
  }
  VecFit *f = r == ARG_OK ? vecfit_for(ctx, "norm_fit", slot, scalar_rows, dims, &local) : NULL;
  vec_buf_free(&local, &norm_allocator);
  if (f == NULL) return;
  VecAccResult res = argc > 1 ? vecacc_weighted_row(&f->acc, f->buf.v, w, sign, &norm_allocator)
                              : vecacc_row(&f->acc, f->buf.v, enc == VEC_F32, sign, &norm_allocator);
  if (res == VECACC_NOMEM) {
    sqlite3_result_error_nomem(ctx);
  } else {
    f->rows += sign;
  }
}

void vecfit_merge(sqlite3_context *ctx, const StateView *view, VecFit **slot, int scalar_rows, int sign) {
  VecBuf none = {0};
  if (!(view->flags & MOM_HAS_COUNT)) {
    norm_error(ctx, "norm_merge",
               "argument 1 has no count (it was built by norm_state without \"count\"), so it cannot be weighed "
               "against other states");
    return;
  }
  VecFit *f = vecfit_for(ctx, "norm_merge", slot, scalar_rows, view->dims, &none);
  if (f == NULL) return;
  for (uint32_t i = 0; i < view->dims; i++) {
    Moments m;
    state_block(view, i, &m);
    if (vecacc_moments(&f->acc, i, &m, sign, &norm_allocator) == VECACC_NOMEM) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  if (vecacc_end_row(&f->acc, &norm_allocator) == VECACC_NOMEM) {
    sqlite3_result_error_nomem(ctx);
  } else {
    f->rows += sign;
  }
}

/* Sets the result to the vector state of an accumulator. */
static void result_vecacc(sqlite3_context *ctx, VecAcc *a, const char *fname) {
  int size = state_size(a->dims);
  unsigned char *blob = sqlite3_malloc64((uint64_t)size);
  if (blob == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  unsigned flags = MOM_HAS_COUNT | MOM_HAS_MOMENTS | (vecacc_minmax_known(a) ? MOM_HAS_MINMAX : 0);
  state_write_header(blob, flags, a->dims);
  for (uint32_t i = 0; i < a->dims; i++) {
    Moments m;
    VecAccResult r = vecacc_finish(a, i, &m);
    if (r != VECACC_OK) {
      sqlite3_free(blob);
      if (r == VECACC_EMPTY) {
        sqlite3_result_null(ctx); /* Requirement 3 */
      } else if (r == VECACC_NOMEM) {
        sqlite3_result_error_nomem(ctx);
      } else {
        norm_error(ctx, fname, "the sums of dimension %u are beyond the range of a double", (unsigned)i + 1);
      }
      return;
    }
    m.flags = flags;
    state_write_block(blob, i, &m);
  }
  sqlite3_result_blob(ctx, blob, size, sqlite3_free);
}

void vecfit_result(sqlite3_context *ctx, VecFit **slot, const char *fname, int window) {
  VecFit *f = *slot;
  if (window) vecacc_mark_window(&f->acc);
  result_vecacc(ctx, &f->acc, fname);
  if (!window) vecfit_free(slot);
}

void vecfit_free(VecFit **slot) {
  VecFit *f = *slot;
  if (f == NULL) return;
  vecacc_free(&f->acc, &norm_allocator);
  vec_buf_free(&f->buf, &norm_allocator);
  sqlite3_free(f);
  *slot = NULL;
}

void vec_row_fit_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  VecBuf buf = {0};
  uint32_t dims;
  VecEncoding enc;
  if (arg_vector(ctx, "row_fit", argv, 0, &buf, &dims, &enc) != ARG_OK) {
    vec_buf_free(&buf, &norm_allocator);
    return;
  }
  VecAcc a; /* one dimension, fed each element as a row */
  if (vecacc_init(&a, 1, &norm_allocator) != VECACC_OK) {
    vec_buf_free(&buf, &norm_allocator);
    sqlite3_result_error_nomem(ctx);
    return;
  }
  a.tracking = 0; /* nothing is ever removed: running min and max suffice */
  VecAccResult r = VECACC_OK;
  for (uint32_t i = 0; i < dims && r == VECACC_OK; i++) {
    r = vecacc_row(&a, &buf.v[i], enc == VEC_F32, 1, &norm_allocator);
  }
  Moments m;
  if (r == VECACC_OK) r = vecacc_finish(&a, 0, &m);
  switch (r) {
    case VECACC_OK:
      result_scalar_state(ctx, &m);
      break;
    case VECACC_EMPTY:
      sqlite3_result_null(ctx);
      break;
    case VECACC_NOMEM:
      sqlite3_result_error_nomem(ctx);
      break;
    case VECACC_OVERFLOW:
      norm_error(ctx, "row_fit", "the sums of these values are beyond the range of a double");
      break;
  }
  vecacc_free(&a, &norm_allocator);
  vec_buf_free(&buf, &norm_allocator);
}

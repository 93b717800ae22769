/*
** args.c: reading SQL arguments and reporting errors, shared by all the SQL
** functions. One error shape everywhere: "<function>: <what is wrong>", e.g.
** "norm_fit: argument 1 is text 'abc', not a number".
**
** 2026-11-25: result_scalar_state runs once per output row of a window
** query; it writes the blob with one call (state_write_scalar, a plain copy
** of the eight fields of a fitted state) and leaves the copy to SQLite
** (SQLITE_TRANSIENT reuses the result register's buffer, which a malloc'd
** blob with a destructor would not: an allocation and a free per row).
** tests/bench pair 4: 206 instructions per row down to 178, of which
** sqlite3_result_blob is 137.
*/
#include "args.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

static void *sqlite_realloc(void *p, uint64_t n) { return sqlite3_realloc64(p, n); }
static void sqlite_free(void *p) { sqlite3_free(p); }
const Allocator norm_allocator = {sqlite_realloc, sqlite_free};

void norm_error(sqlite3_context *ctx, const char *fname, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *detail = sqlite3_vmprintf(fmt, ap);
  va_end(ap);
  char *msg = detail ? sqlite3_mprintf("%s: %s", fname, detail) : NULL;
  if (msg) {
    sqlite3_result_error(ctx, msg, -1);
  } else {
    sqlite3_result_error_nomem(ctx);
  }
  sqlite3_free(detail);
  sqlite3_free(msg);
}

/* 1 when s is entirely a decimal number: optional spaces, sign, digits with
** an optional fraction (at least one digit), optional exponent, spaces. */
static int is_decimal_text(const unsigned char *s, int n) {
  int i = 0, digits = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i < n && (s[i] == '+' || s[i] == '-')) i++;
  while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
  if (i < n && s[i] == '.') {
    i++;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, digits++;
  }
  if (digits == 0) return 0;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    i++;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    int exp_digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, exp_digits++;
    if (exp_digits == 0) return 0;
  }
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  return i == n;
}

/* The length in bytes of the first `max` bytes of s[0..n) cut back to a
** whole UTF-8 character, so that a quoted prefix stays valid UTF-8.
** 2026-11-25: "%.40s" alone cut 'é' in half, and Python's sqlite3 module
** then failed to decode the error message. */
static int utf8_prefix(const unsigned char *s, int n, int max) {
  if (n <= max) return n;
  int len = max;
  while (len > 0 && (s[len] & 0xC0) == 0x80) len--; /* s[len] continues a character */
  return len;
}

ArgResult arg_number(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, double *out) {
  sqlite3_value *v = argv[i];
  switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
      return ARG_NULL;
    case SQLITE_INTEGER:
      *out = (double)sqlite3_value_int64(v);
      return ARG_OK;
    case SQLITE_FLOAT:
      *out = sqlite3_value_double(v);
      if (!isfinite(*out)) {
        norm_error(ctx, fname, "argument %d is %s, not a finite number", i + 1, *out > 0 ? "Inf" : "-Inf");
        return ARG_ERROR;
      }
      return ARG_OK;
    case SQLITE_TEXT: {
      const unsigned char *s = sqlite3_value_text(v);
      int n = sqlite3_value_bytes(v);
      if (s == NULL) {
        sqlite3_result_error_nomem(ctx);
        return ARG_ERROR;
      }
      if (!is_decimal_text(s, n)) {
        norm_error(ctx, fname, "argument %d is text '%.*s%s', not a number", i + 1, utf8_prefix(s, n, 40), s,
                   n > 40 ? "..." : "");
        return ARG_ERROR;
      }
      *out = sqlite3_value_double(v);
      if (!isfinite(*out)) {
        norm_error(ctx, fname, "argument %d is text '%.*s', beyond the range of a double", i + 1, utf8_prefix(s, n, 40),
                   s);
        return ARG_ERROR;
      }
      return ARG_OK;
    }
    default:
      norm_error(ctx, fname, "argument %d is a blob, not a number", i + 1);
      return ARG_ERROR;
  }
}

ArgResult arg_state(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, StateView *out) {
  sqlite3_value *v = argv[i];
  int type = sqlite3_value_type(v);
  if (type == SQLITE_NULL) return ARG_NULL;
  if (type != SQLITE_BLOB) {
    norm_error(ctx, fname,
               "argument %d is %s, not a state (a blob made by norm_fit, row_fit, norm_merge or norm_state)", i + 1,
               type == SQLITE_TEXT ? "text" : "a number");
    return ARG_ERROR;
  }
  const void *blob = sqlite3_value_blob(v);
  int size = sqlite3_value_bytes(v);
  const char *why = NULL;
  if (state_parse(blob, size, out, &why)) {
    norm_error(ctx, fname, "argument %d is not a valid state: %s", i + 1, why);
    return ARG_ERROR;
  }
  return ARG_OK;
}

ArgResult arg_scalar_state(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, Moments *out) {
  StateView view;
  ArgResult r = arg_state(ctx, fname, argv, i, &view);
  if (r != ARG_OK) return r;
  if (view.dims != 0) {
    norm_error(ctx, fname, "argument %d is a vector state of %u dimensions; this value is a scalar", i + 1,
               (unsigned)view.dims);
    return ARG_ERROR;
  }
  state_block(&view, 0, out);
  return ARG_OK;
}

NormConn *norm_conn_new(void) {
  NormConn *c = sqlite3_malloc64(sizeof *c);
  if (c) {
    memset(c, 0, sizeof *c);
    c->magic = NORM_CONN_MAGIC;
    c->refs = 1;
  }
  return c;
}

void norm_conn_retain(NormConn *c) { c->refs++; }

void norm_conn_release(void *p) {
  NormConn *c = p;
  if (c && --c->refs == 0) sqlite3_free(c);
}

/* Fills what an entry derives from its state e->m, and its bytes. */
static void finish_entry(CachedState *e, const void *blob) {
  memcpy(e->bytes, blob, sizeof e->bytes);
  e->has_div0 = (e->m.flags & MOM_HAS_MOMENTS) != 0;
  e->div0 = e->has_div0 ? moments_std_dd_fast(&e->m, 0) : dd_from(0.0);
  if (isnan(e->div0.hi)) e->has_div0 = 0;
  if (e->div0.hi == 0) e->div0 = dd_from(1.0);
}

/* Fills an entry from a decoded state. */
static void fill_entry(CachedState *e, const void *blob, const Moments *m) {
  e->m = *m;
  finish_entry(e, blob);
}

/* The connection's entry holding these 80 bytes, or NULL. The word holding
** the mean's leading half is compared first: states that differ (a sliding
** frame's, one per row) nearly always differ there. */
static CachedState *find_slot(NormConn *conn, const unsigned char *blob) {
  uint64_t mean;
  memcpy(&mean, blob + STATE_HEADER_SIZE + 16, sizeof mean);
  for (int k = 0; k < conn->used; k++) {
    uint64_t slot_mean;
    memcpy(&slot_mean, conn->slot[k].bytes + STATE_HEADER_SIZE + 16, sizeof slot_mean);
    if (slot_mean == mean && memcmp(conn->slot[k].bytes, blob, sizeof conn->slot[k].bytes) == 0) {
      return &conn->slot[k];
    }
  }
  return NULL;
}

/* The connection's entry for an 80-byte blob: the slot holding the same
** bytes, else the next slot, filled from the blob when it is a valid scalar
** state (state_read_scalar); NULL when it is not. */
static inline CachedState *conn_entry(NormConn *conn, const void *blob) {
  /* After a run of misses (a state that changes on every row: a sliding
  ** frame) the slots are searched only on one row in 16. */
  int search = conn->misses < 16 || (conn->misses & 15) == 0;
  CachedState *e = search ? find_slot(conn, blob) : NULL;
  if (e) {
    conn->misses = 0;
    return e;
  }
  conn->misses++;
  e = &conn->slot[conn->next];
  if (!state_read_scalar(blob, STATE_HEADER_SIZE + STATE_BLOCK_SIZE, &e->m)) {
    /* e's state is gone: keep only the slots before it (an invalid state
    ** is an error, rare) */
    conn->used = conn->next;
    return NULL;
  }
  finish_entry(e, blob);
  conn->next = conn->next + 1 == NORM_CONN_STATES ? 0 : conn->next + 1;
  if (conn->used < NORM_CONN_STATES) conn->used++;
  return e;
}

/* Whether to hand a state to sqlite3_set_auxdata at this call site (after a
** miss there): not when the site lost the auxdata it was given, which is what
** SQLite does after every call when the argument is not a constant. Contexts
** are compared by address, which a later statement may reuse, so a site
** judged so is retried now and then; a wrong guess only costs the
** connection cache's compare for a while, never a result. */
static int want_auxdata(NormConn *conn, const sqlite3_context *ctx) {
  if (!conn) return 1;
  if (conn->auxdata_set == ctx) conn->auxdata_dropped = ctx; /* given here, and gone */
  if (conn->auxdata_dropped != ctx) return 1;
  return (++conn->retries & 1023) == 0;
}

/* Gives a copy of an entry to SQLite as argument i's auxdata. */
static void set_auxdata(sqlite3_context *ctx, NormConn *conn, int i, const CachedState *e) {
  CachedState *copy = sqlite3_malloc64(sizeof *copy);
  if (copy == NULL) return; /* without memory, just no cache */
  *copy = *e;
  sqlite3_set_auxdata(ctx, i, copy, sqlite3_free);
  if (conn) conn->auxdata_set = ctx;
}

/* The NormConn of a scalar function, or NULL (other user data: the
** aggregates' is their name, 8 bytes or more, and is not a NormConn). */
static NormConn *conn_of(sqlite3_context *ctx) {
  NormConn *conn = sqlite3_user_data(ctx);
  if (conn) {
    uint32_t magic;
    memcpy(&magic, conn, sizeof magic);
    if (magic != NORM_CONN_MAGIC) conn = NULL;
  }
  return conn;
}

/* Argument i through the connection's slots (conn_entry), or NULL. */
NORM_ALWAYS_INLINE static inline const CachedState *conn_state(sqlite3_context *ctx, sqlite3_value **argv, int i) {
  NormConn *conn = conn_of(ctx);
  sqlite3_value *v = argv[i];
  if (!conn || sqlite3_value_type(v) != SQLITE_BLOB || sqlite3_value_bytes(v) != (int)sizeof conn->slot[0].bytes) {
    return NULL;
  }
  const void *blob = sqlite3_value_blob(v);
  CachedState *e = blob ? conn_entry(conn, blob) : NULL;
  if (e && want_auxdata(conn, ctx)) set_auxdata(ctx, conn, i, e);
  return e;
}

const CachedState *arg_scalar_state_quick(sqlite3_context *ctx, sqlite3_value **argv, int i) {
  return conn_state(ctx, argv, i);
}

ArgResult arg_scalar_state_entry(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i,
                                 CachedState *scratch, const CachedState **out) {
  const CachedState *e = sqlite3_get_auxdata(ctx, i);
  if (e == NULL) e = conn_state(ctx, argv, i);
  if (e) {
    *out = e;
    return ARG_OK;
  }
  /* No connection cache, or not a valid scalar state of the common size:
  ** the general reader, which says what is wrong. */
  Moments m;
  ArgResult r = arg_scalar_state(ctx, fname, argv, i, &m);
  if (r != ARG_OK) return r;
  fill_entry(scratch, sqlite3_value_blob(argv[i]), &m);
  *out = scratch;
  if (want_auxdata(conn_of(ctx), ctx)) set_auxdata(ctx, conn_of(ctx), i, scratch);
  return ARG_OK;
}

ArgResult arg_scalar_state_cached(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, Moments *out) {
  CachedState scratch;
  const CachedState *e;
  ArgResult r = arg_scalar_state_entry(ctx, fname, argv, i, &scratch, &e);
  if (r == ARG_OK) *out = e->m;
  return r;
}

ArgResult arg_ddof(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, double *out) {
  ArgResult r = arg_number(ctx, fname, argv, i, out);
  if (r == ARG_NULL) {
    norm_error(ctx, fname, "argument %d (ddof) is NULL; give 0 for the population, 1 for the sample", i + 1);
    return ARG_ERROR;
  }
  if (r != ARG_OK) return r;
  if (*out < 0 || *out != floor(*out)) {
    norm_error(ctx, fname, "argument %d (ddof) is %g; it must be a whole number >= 0", i + 1, *out);
    return ARG_ERROR;
  }
  return ARG_OK;
}

int check_ddof_allowed(sqlite3_context *ctx, const char *fname, const Moments *m, double ddof) {
  if (ddof != 0 && !(m->flags & MOM_HAS_COUNT)) {
    norm_error(ctx, fname, "ddof %g needs a count, and the state has none (give \"count\" to norm_state)", ddof);
    return 0;
  }
  return 1;
}

void result_scalar_state(sqlite3_context *ctx, const Moments *m) {
  unsigned char blob[STATE_HEADER_SIZE + STATE_BLOCK_SIZE];
  state_write_scalar(blob, m);
  sqlite3_result_blob(ctx, blob, (int)sizeof blob, SQLITE_TRANSIENT);
}

void result_accum(sqlite3_context *ctx, Accum *a, const char *fname) {
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
      norm_error(ctx, fname, "the sum of squared deviations of these values is beyond the range of a double");
      break;
    case ACC_UNDERFLOW:
      norm_error(ctx, fname, "the variance of these values is below the smallest normal double; scale them first");
      break;
  }
}

void result_str(sqlite3_context *ctx, sqlite3_str *out) {
  if (sqlite3_str_errcode(out)) {
    sqlite3_free(sqlite3_str_finish(out));
    sqlite3_result_error_nomem(ctx);
    return;
  }
  int len = sqlite3_str_length(out);
  sqlite3_result_text(ctx, sqlite3_str_finish(out), len, sqlite3_free);
}

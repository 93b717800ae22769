/*
** args.h: what the SQL glue shares: reading arguments (numbers, states,
** options) with the one error formatter, the SQLite-backed allocator, and the
** SQL callbacks each file implements for the registration table in
** normalize.c.
**
** Every reader returns ARG_OK with the value, ARG_NULL for an SQL NULL (the
** caller decides what NULL means), or ARG_ERROR after it has set an error on
** the context whose message starts with the function's name.
*/
#ifndef NORM_ARGS_H
#define NORM_ARGS_H

#include <string.h>

#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT3

#include "core/accum.h"
#include "core/extrema.h"
#include "core/moments.h"
#include "format/state.h"

typedef enum ArgResult { ARG_OK = 0, ARG_NULL = 1, ARG_ERROR = 2 } ArgResult;

/* Sets the error "<fname>: <message>" on ctx (printf-style message). */
void norm_error(sqlite3_context *ctx, const char *fname, const char *fmt, ...);

/* Argument i (0-based) as a finite number: REAL, INTEGER or numeric TEXT. */
ArgResult arg_number(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, double *out);

/* Argument i as a fitted state, validated. */
ArgResult arg_state(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, StateView *out);

/* Argument i as a scalar moments state (one block), validated. */
ArgResult arg_scalar_state(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, Moments *out);

/* A decoded scalar state kept for reuse, with what transforms derive from it.
** It begins with the blob's bytes (so with "NRMS"), which vecapply.c tells
** from its own cached states in the same auxdata slot. */
typedef struct CachedState {
  unsigned char bytes[STATE_HEADER_SIZE + STATE_BLOCK_SIZE]; /* the blob it was decoded from */
  Moments m;                                                 /* the decoded, validated state */
  int has_div0;                                              /* div0 is defined (the state has moments) */
  DD div0; /* norm_z's default divisor: the population std, a zero std counting as 1 */
} CachedState;

/* The per-connection data of the scalar functions (their user data): the
** last few states decoded, by content.
**
** 2026-11-25: sqlite3_set_auxdata caches a state only while the argument is
** a constant; a state that comes from a window function, a subquery or a
** join is decoded again on every row, and the auxdata SQLite discards after
** each call costs two allocations and two frees per row. Most such states
** repeat from row to row (one per partition, one per statement), so the last
** NORM_CONN_STATES blobs are kept here and compared byte for byte (tests/bench
** pairs 3 and 7). Calls on one connection never overlap (SQLite's threading
** rules), so this needs no lock; it is never global.
**
** 2026-11-25: a state that changes on every row (a sliding frame's, pair 4)
** is read into the next slot in one pass (state_read_scalar), and after 16
** misses in a row the slots are searched on one row in 16 only. */
#define NORM_CONN_STATES 4
#define NORM_CONN_MAGIC 0x4E434F4Eu /* "NCON": user data that is not a NormConn is ignored */
typedef struct NormConn {
  uint32_t magic;                         /* NORM_CONN_MAGIC */
  int refs;                               /* registrations holding it */
  int next;                               /* the slot the next miss fills */
  int used;                               /* slots filled */
  const sqlite3_context *auxdata_dropped; /* a call site whose auxdata SQLite discards */
  const sqlite3_context *auxdata_set;     /* the call site auxdata was last set for */
  unsigned retries;                       /* misses at dropped sites (see want_auxdata) */
  unsigned misses;                        /* lookups missed in a row (see conn_entry) */
  CachedState slot[NORM_CONN_STATES];
} NormConn;

/* Allocates a NormConn with one reference (NULL without memory). */
NormConn *norm_conn_new(void);
/* Adds a reference; norm_conn_release drops one and frees at zero (an xDestroy). */
void norm_conn_retain(NormConn *c);
void norm_conn_release(void *c);

/* Argument i of a scalar function as a scalar state, through the caches:
** SQLite's auxdata for a constant argument, else the connection's recent
** states. *out points at the entry, valid until the function returns;
** `scratch` holds it when nothing can be kept. Never from an aggregate:
** SQLite does not clear auxdata between aggregate steps. */
ArgResult arg_scalar_state_entry(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i,
                                 CachedState *scratch, const CachedState **out);

/* The entry SQLite keeps as argument i's auxdata when it is one of
** arg_scalar_state_entry's (the argument is then a constant scalar state),
** else NULL. Inline: the per-row cost of a constant state (tests/bench
** pair 2). */
static inline const CachedState *arg_cached_scalar_state(sqlite3_context *ctx, int i) {
  const CachedState *e = sqlite3_get_auxdata(ctx, i);
  return e && memcmp(e->bytes, "NRMS", 4) == 0 ? e : NULL; /* not vecapply.c's */
}

/* arg_scalar_state_entry's connection cache without the general reader,
** for when arg_cached_scalar_state found nothing: the entry for argument i
** when it is a valid scalar state, found in the connection's slots or an
** 80-byte blob read fast into one, else NULL with nothing set on the
** context (the caller then goes the general way). */
const CachedState *arg_scalar_state_quick(sqlite3_context *ctx, sqlite3_value **argv, int i);

/* The same, copying the state out. */
ArgResult arg_scalar_state_cached(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, Moments *out);

/* Argument i as ddof: a non-negative whole number (NULL is an error). */
ArgResult arg_ddof(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i, double *out);

/* Checks that a state may be used with ddof (a state without count only with 0). */
int check_ddof_allowed(sqlite3_context *ctx, const char *fname, const Moments *m, double ddof);

/* The allocator the numerics use: SQLite's. */
extern const Allocator norm_allocator;

/* Finishes a sqlite3_str (sqlite3_str_new) into a text result, or an
** out-of-memory error. */
void result_str(sqlite3_context *ctx, sqlite3_str *out);

/* Returns a state blob made of one scalar Moments block. */
void result_scalar_state(sqlite3_context *ctx, const Moments *m);

/* Returns the state of what the accumulator holds: NULL when empty, an error
** naming fname when the sums overflow. */
void result_accum(sqlite3_context *ctx, Accum *a, const char *fname);

/* Callbacks, by file. */
/* fit.c */
void norm_fit_step(sqlite3_context *, int, sqlite3_value **);
void norm_fit_inverse(sqlite3_context *, int, sqlite3_value **);
void norm_fit_value(sqlite3_context *);
void norm_fit_final(sqlite3_context *);
void norm_merge_step(sqlite3_context *, int, sqlite3_value **);
void norm_merge_inverse(sqlite3_context *, int, sqlite3_value **);
void norm_merge_value(sqlite3_context *);
void norm_merge_final(sqlite3_context *);
/* row.c */
void row_fit_func(sqlite3_context *, int, sqlite3_value **);
/* apply.c */
void norm_z_func(sqlite3_context *, int, sqlite3_value **);
void norm_minmax_func(sqlite3_context *, int, sqlite3_value **);
void norm_maxabs_func(sqlite3_context *, int, sqlite3_value **);
void norm_invert_func(sqlite3_context *, int, sqlite3_value **);
/* inspect.c */
void norm_count_func(sqlite3_context *, int, sqlite3_value **);
void norm_mean_func(sqlite3_context *, int, sqlite3_value **);
void norm_var_func(sqlite3_context *, int, sqlite3_value **);
void norm_std_func(sqlite3_context *, int, sqlite3_value **);
void norm_min_func(sqlite3_context *, int, sqlite3_value **);
void norm_max_func(sqlite3_context *, int, sqlite3_value **);
void norm_json_func(sqlite3_context *, int, sqlite3_value **);
void norm_state_func(sqlite3_context *, int, sqlite3_value **);

#endif

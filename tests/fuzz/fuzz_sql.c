/*
** fuzz_sql.c: libFuzzer target that runs generated SQL over every function of
** the extension, linked with SQLite itself (-lsqlite3) and the extension's
** sources built with -DSQLITE_CORE.
**
** The function list is read at start-up from pragma_function_list: every
** function a fresh connection does not have before sqlite3_normalize_init is
** ours, with each registered argument count and kind (scalar, aggregate,
** window), so functions added later are fuzzed without touching this file.
**
** The input bytes drive a small generator: the rows of a table t(id, g, x, w),
** then one statement (with or without FROM t, GROUP BY, window frames of any
** size, nested calls) whose arguments are columns, nested calls or bound
** values of every kind: NULL, integers (also beyond 2^53), doubles (also
** infinities, NaN, subnormals), numeric and other text, JSON, blobs, valid
** states, and states that are truncated, bit-flipped, of another version or
** kind. Sometimes an argument count that is not registered is used.
**
** What must hold (anything else aborts, which libFuzzer reports):
**   - no crash, no sanitizer report, no leak, no hang (libFuzzer's -timeout);
**   - an error raised while running names one of our functions first
**     ("norm_z: ..."), or is SQLite's own out-of-memory or too-big error;
**   - a REAL result is finite; a BLOB result that starts with the state magic
**     "NRMS" is a valid state;
**   - a state result survives norm_state(norm_json(s)) byte for byte;
**   - (differential) a sliding window of norm_fit(x), norm_fit(x, w) or
**     norm_merge(x) gives, row for row, the same bytes as the aggregate over
**     the same frame computed from scratch: the sums are exact, so removing
**     rows never drifts, and min/max follow the frame.
*/
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sketch.h"
#include "format/state.h"

int sqlite3_normalize_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define REQUIRE(cond, ...)                                                 \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "fuzz_sql: %s failed (line %d): ", #cond, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                                        \
      fprintf(stderr, "\n");                                               \
      abort();                                                             \
    }                                                                      \
  } while (0)

/* --- the functions under test ------------------------------------------- */

#define MAX_FNS 64
#define MAX_NARGS 16

typedef struct Fn {
  char name[64];
  int nargs[MAX_NARGS]; /* registered argument counts (the first MAX_NARGS) */
  int n_nargs;
  int aggregate;        /* registered as an aggregate or window function */
} Fn;

/* The fuzzer's process-wide state: libFuzzer calls the target repeatedly. */
static struct {
  sqlite3 *db;
  Fn fns[MAX_FNS];
  int nfns;
  unsigned char *states[16]; /* valid states made by the extension */
  int state_len[16];
  int nstates;
} G;

static Fn *fn_named(const char *name) {
  for (int i = 0; i < G.nfns; i++) {
    if (strcmp(G.fns[i].name, name) == 0) return &G.fns[i];
  }
  return NULL;
}

/* Reads the functions that sqlite3_normalize_init adds to a connection. */
static void read_functions(void) {
  sqlite3 *bare;
  sqlite3_stmt *st;
  REQUIRE(sqlite3_open(":memory:", &bare) == SQLITE_OK, "open");
  /* pragma_function_list of another connection cannot be joined: collect the
  ** bare connection's names first. */
  char *bare_names = sqlite3_mprintf("%s", "");
  REQUIRE(sqlite3_prepare_v2(bare, "SELECT DISTINCT name FROM pragma_function_list", -1, &st, NULL) == SQLITE_OK,
          "%s", sqlite3_errmsg(bare));
  while (sqlite3_step(st) == SQLITE_ROW) {
    char *more = sqlite3_mprintf("%s%s'%q'", bare_names, bare_names[0] ? "," : "", sqlite3_column_text(st, 0));
    sqlite3_free(bare_names);
    bare_names = more;
  }
  sqlite3_finalize(st);
  sqlite3_close(bare);
  char *sql = sqlite3_mprintf(
      "SELECT name, narg, type FROM pragma_function_list WHERE name NOT IN (%s) ORDER BY name, narg", bare_names);
  sqlite3_free(bare_names);
  REQUIRE(sqlite3_prepare_v2(G.db, sql, -1, &st, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(G.db));
  sqlite3_free(sql);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0);
    int narg = sqlite3_column_int(st, 1);
    const char *type = (const char *)sqlite3_column_text(st, 2);
    Fn *f = fn_named(name);
    if (f == NULL) {
      REQUIRE(G.nfns < MAX_FNS, "too many functions");
      f = &G.fns[G.nfns++];
      snprintf(f->name, sizeof f->name, "%s", name);
    }
    if (f->n_nargs < MAX_NARGS) f->nargs[f->n_nargs++] = narg;
    if (type[0] == 'a' || type[0] == 'w') f->aggregate = 1;
  }
  sqlite3_finalize(st);
  REQUIRE(G.nfns > 0, "no function found");
}

/* Keeps a few valid states to start mutations from. */
static void make_states(void) {
  static const char *const sql[] = {
      "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 10) SELECT norm_fit(value) FROM s",
      "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 7) "
      "SELECT norm_fit(value, value % 3) FROM s",
      "SELECT row_fit(1e300, -1e300, 5)",
      "SELECT norm_state('{\"mean\":2,\"var\":4}')",
      "SELECT norm_state('{\"min\":-1,\"max\":3}')",
      "SELECT norm_state('{\"mean\":2,\"std\":0.5,\"count\":3}')",
      "SELECT norm_fit(1e-310)",
      "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 4) "
      "SELECT norm_merge(f) FROM (SELECT norm_fit(value) AS f FROM s GROUP BY value % 2)",
      /* vector states (per dimension, and one vector's elements) */
      "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 5) SELECT norm_fit(json_array(value, value * value, NULL)) FROM s",
      "SELECT row_fit('[1, 2, 3.5]')",
      "SELECT norm_state('{\"mean\": [0, 1], \"var\": [1, 4], \"min\": [-1, 0], \"max\": [1, 3]}')",
      /* quantile states: exact, and a sketch past the exact buffer */
      "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 20) SELECT norm_qfit(value) FROM s",
      "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 5000) "
      "SELECT norm_qfit(value * 7919 % 5003) FROM s",
  };
  for (size_t i = 0; i < sizeof sql / sizeof sql[0] && G.nstates < 16; i++) {
    sqlite3_stmt *st;
    REQUIRE(sqlite3_prepare_v2(G.db, sql[i], -1, &st, NULL) == SQLITE_OK, "%s: %s", sql[i], sqlite3_errmsg(G.db));
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
      int n = sqlite3_column_bytes(st, 0);
      G.states[G.nstates] = malloc((size_t)n);
      memcpy(G.states[G.nstates], sqlite3_column_blob(st, 0), (size_t)n);
      G.state_len[G.nstates++] = n;
    }
    sqlite3_finalize(st);
  }
  REQUIRE(G.nstates > 0, "no state could be made");
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  REQUIRE(sqlite3_open(":memory:", &G.db) == SQLITE_OK, "open");
  REQUIRE(sqlite3_normalize_init(G.db, NULL, NULL) == SQLITE_OK, "init");
  /* Bound the work of one input (a hang is a bug; a huge value is not). */
  sqlite3_limit(G.db, SQLITE_LIMIT_LENGTH, 1 << 20);
  read_functions();
  make_states();
  REQUIRE(sqlite3_exec(G.db, "CREATE TABLE t(id INTEGER PRIMARY KEY, g, x, w)", NULL, NULL, NULL) == SQLITE_OK,
          "%s", sqlite3_errmsg(G.db));
  return 0;
}

/* --- reading the input -------------------------------------------------- */

typedef struct In {
  const uint8_t *p;
  size_t n;
} In;

/* A number in [0, bound) from the next byte (0 when the input is used up). */
static unsigned take(In *in, unsigned bound) {
  if (in->n == 0 || bound == 0) return 0;
  unsigned v = *in->p++;
  in->n--;
  return v % bound;
}

static void take_bytes(In *in, void *out, size_t n) {
  memset(out, 0, n);
  size_t k = n < in->n ? n : in->n;
  memcpy(out, in->p, k);
  in->p += k;
  in->n -= k;
}

/* --- values ------------------------------------------------------------- */

static const char *const TEXTS[] = {
    "1", " 12 ", "-0", "+3.5", ".5", "5.", "1e308", "1e309", "-1e400", "4.9e-324", "1e-400", "abc", "", " ",
    "0x10", "inf", "-inf", "nan", "NaN", "1,5", "1e", "--1", "9007199254740993", "z", "minmax", "maxabs",
    "\xef\xbc\x91", "1\n", "\t7\t", "[1, 2]", "[1, null, 3]", "[]", "[1e400]", "[1, \"a\"]", "[1, 2",
    "[0.5, -0.5, 2]", "l1", "l2", "max", "normal", "uniform",
};

static const char *const JSONS[] = {
    "{}", "[]", "null", "{\"mean\":1,\"var\":2}", "{\"mean\":1,\"std\":-2}", "{\"min\":1,\"max\":0}",
    "{\"min\":1,\"max\":2,\"count\":3}", "{\"mean\":1,\"var\":1,\"count\":0}", "{\"mean\":1e308,\"var\":1e308,\"count\":1e10}",
    "{\"kind\":\"moments\",\"count\":2,\"mean\":1.5,\"var\":0.25,\"exact\":{\"count\":[2,0],\"mean\":[1.5,0],\"m2\":[0.5,0]}}",
    "{\"exact\":{\"mean\":[1,0],\"m2\":[0,0]}}", "{\"exact\":{\"mean\":[1],\"m2\":[0,0,0]}}", "{\"mean\":1,\"var\":2,\"x\":1}",
    "{\"mean\":\"1\",\"var\":2}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "{\"mean\":1e999,\"var\":1}",
    "{\"mean\":1,\"var\":2", "{\"a\\u0000\":1}", "\"\\x\"", "{\"mean\":-0.0,\"var\":0,\"min\":0,\"max\":0}",
};

static const double DOUBLES[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1e308, -1e308, 1.7976931348623157e308, 5e-324, 2.2e-308,
                                 1e-300, 1e154, 1e200, 9007199254740993.0, 1e16, 3.0, 1e-7, INFINITY, -INFINITY, NAN};

static const int64_t INTS[] = {0, 1, -1, 2, 3, 9007199254740992LL, 9007199254740993LL, -9007199254740993LL,
                               INT64_MAX, INT64_MIN, 4294967296LL, 127, 128, 1000000};

/* Binds one generated value to parameter i. */
static void bind_value(sqlite3_stmt *st, int i, In *in) {
  unsigned kind = take(in, 13);
  switch (kind) {
    case 0:
      sqlite3_bind_null(st, i);
      break;
    case 1:
      sqlite3_bind_int(st, i, (int)(int8_t)take(in, 256));
      break;
    case 2: {
      int64_t v;
      take_bytes(in, &v, sizeof v);
      sqlite3_bind_int64(st, i, v);
      break;
    }
    case 3:
      sqlite3_bind_int64(st, i, INTS[take(in, sizeof INTS / sizeof INTS[0])]);
      break;
    case 4: {
      double v;
      take_bytes(in, &v, sizeof v);
      sqlite3_bind_double(st, i, v);
      break;
    }
    case 5:
      sqlite3_bind_double(st, i, DOUBLES[take(in, sizeof DOUBLES / sizeof DOUBLES[0])]);
      break;
    case 6:
      sqlite3_bind_text(st, i, TEXTS[take(in, sizeof TEXTS / sizeof TEXTS[0])], -1, SQLITE_STATIC);
      break;
    case 7:
    case 8: { /* raw bytes as text or blob */
      unsigned char buf[80];
      unsigned n = take(in, sizeof buf);
      take_bytes(in, buf, n);
      if (kind == 7) sqlite3_bind_text(st, i, (const char *)buf, (int)n, SQLITE_TRANSIENT);
      else sqlite3_bind_blob(st, i, buf, (int)n, SQLITE_TRANSIENT);
      break;
    }
    case 9: { /* a valid state */
      int k = (int)take(in, (unsigned)G.nstates);
      sqlite3_bind_blob(st, i, G.states[k], G.state_len[k], SQLITE_STATIC);
      break;
    }
    case 10: { /* a damaged state: bytes set, bits flipped, truncated or extended */
      int k = (int)take(in, (unsigned)G.nstates);
      unsigned char buf[STATE_HEADER_SIZE + 2 * STATE_BLOCK_SIZE];
      int n = G.state_len[k] < (int)sizeof buf ? G.state_len[k] : (int)sizeof buf;
      memcpy(buf, G.states[k], (size_t)n);
      for (unsigned edits = take(in, 4) + 1; edits > 0; edits--) {
        unsigned what = take(in, 4), at = take(in, (unsigned)n);
        if (what == 0) buf[at] ^= (unsigned char)(1u << take(in, 8));
        if (what == 1) buf[at] = (unsigned char)take(in, 256);
        if (what == 2) n = (int)at;
        if (what == 3 && n + 8 <= (int)sizeof buf) take_bytes(in, buf + n, 8), n += 8;
      }
      sqlite3_bind_blob(st, i, buf, n, SQLITE_TRANSIENT);
      break;
    }
    case 11:
      sqlite3_bind_text(st, i, JSONS[take(in, sizeof JSONS / sizeof JSONS[0])], -1, SQLITE_STATIC);
      break;
    default:
      sqlite3_bind_zeroblob(st, i, (int)take(in, 100));
      break;
  }
}

/* --- statements --------------------------------------------------------- */

#define MAX_PARAMS 48

typedef struct Gen {
  In *in;
  sqlite3_str *sql;
  int params; /* parameters used so far */
  int calls;  /* function calls so far (bounds the statement's size) */
  const char *top_fn; /* the function of the last top-level call */
} Gen;

static int gen_expr(Gen *g, int depth, int in_from);
static void gen_literal(Gen *g);

/* An OVER clause of a random shape. */
static void gen_over(Gen *g) {
  unsigned a = take(g->in, 5), b = take(g->in, 5);
  switch (take(g->in, 6)) {
    case 0:
      sqlite3_str_appendf(g->sql, " OVER ()");
      break;
    case 1:
      sqlite3_str_appendf(g->sql, " OVER (ORDER BY id ROWS BETWEEN %u PRECEDING AND %u FOLLOWING)", a, b);
      break;
    case 2:
      sqlite3_str_appendf(g->sql, " OVER (PARTITION BY g ORDER BY id ROWS BETWEEN %u PRECEDING AND CURRENT ROW)", a);
      break;
    case 3:
      sqlite3_str_appendf(g->sql, " OVER (ORDER BY g)"); /* RANGE frame with peers */
      break;
    case 4:
      sqlite3_str_appendf(g->sql, " OVER (ORDER BY id ROWS BETWEEN %u FOLLOWING AND %u FOLLOWING)", a, a + b);
      break;
    default:
      sqlite3_str_appendf(g->sql, " OVER (ORDER BY id GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW)");
      break;
  }
}

/* A plausible number: a column or a numeric literal. */
static void gen_number(Gen *g, int in_from) {
  static const char *const NUMBERS[] = {"3", "-2.5", "0", "1e300", "7e-300", "'4'"};
  if (in_from && take(g->in, 2)) sqlite3_str_appendall(g->sql, "x");
  else sqlite3_str_appendall(g->sql, NUMBERS[take(g->in, sizeof NUMBERS / sizeof NUMBERS[0])]);
}

/* A plausible state: a literal, or one fitted by a nested expression. */
static void gen_state(Gen *g, int in_from) {
  static const char *const STATES[] = {
      "row_fit(1, 2, 4)", "row_fit(5)", "norm_state('{\"mean\": 1, \"var\": 4}')",
      "norm_state('{\"min\": -1, \"max\": 3}')", "(SELECT norm_fit(x) FROM t)", "(SELECT norm_fit(x, w) FROM t)",
  };
  unsigned which = take(g->in, in_from ? 8 : 6);
  if (which == 6) sqlite3_str_appendall(g->sql, "norm_fit(x) OVER (ORDER BY id ROWS 2 PRECEDING)");
  else if (which == 7) sqlite3_str_appendall(g->sql, "norm_fit(x) OVER ()");
  else sqlite3_str_appendall(g->sql, STATES[which]);
}

static void gen_call(Gen *g, int depth, int in_from) {
  const Fn *f = &G.fns[take(g->in, (unsigned)G.nfns)];
  int nargs = f->nargs[take(g->in, (unsigned)f->n_nargs)];
  if (take(g->in, 16) == 15) nargs = (int)take(g->in, 7); /* perhaps not registered */
  if (nargs > 12 && take(g->in, 2)) nargs = 12;
  /* Argument shapes: free, or the two the functions mostly take, so that
  ** calls get past argument checking often: (value, state, options...) and
  ** (state, options...). */
  unsigned shape = take(g->in, 4);
  g->calls++;
  if (depth == 0) g->top_fn = f->name;
  sqlite3_str_appendf(g->sql, "%s(", f->name);
  for (int k = 0; k < nargs; k++) {
    if (k) sqlite3_str_appendall(g->sql, ", ");
    if (shape == 1 && k == 0) gen_number(g, in_from);
    else if ((shape == 1 && k == 1) || (shape == 2 && k == 0)) gen_state(g, in_from);
    else if (shape != 0 && shape != 3 && take(g->in, 2)) gen_literal(g);
    else gen_expr(g, depth + 1, in_from);
  }
  sqlite3_str_appendall(g->sql, ")");
  if (f->aggregate && in_from && take(g->in, 2)) gen_over(g);
}

/* Constants, which functions see as constant arguments (the per-statement
** state cache) and which reach option values the bound values rarely hit. */
static const char *const LITERALS[] = {
    "'z'", "'minmax'", "'maxabs'", "'Z'", "0", "1", "2", "-1", "0.5", "1e-7", "NULL", "9e999", "-0.0",
    "'{\"mean\": 1, \"var\": 4, \"count\": 3, \"min\": -2, \"max\": 3}'", "'{\"min\": 0, \"max\": 0}'",
    ("X'4E524D53010107000000000000000000000000000000084000000000000000000000000000000040000000000000000000000000000000"
     "400000000000000000000000000000F03F0000000000000840'"), /* row_fit(1, 2, 3) */
};

static void gen_literal(Gen *g) {
  sqlite3_str_appendall(g->sql, LITERALS[take(g->in, sizeof LITERALS / sizeof LITERALS[0])]);
}

/* Appends an expression; returns 1 when it is a call of one of our functions. */
static int gen_expr(Gen *g, int depth, int in_from) {
  static const char *const COLUMNS[] = {"x", "w", "g", "id"};
  unsigned what = take(g->in, 9);
  if (what == 8) {
    gen_literal(g);
  } else if (what >= 4 && depth < 3 && g->calls < 24) {
    gen_call(g, depth, in_from);
    return 1;
  } else if (what >= 2 && in_from) {
    sqlite3_str_appendall(g->sql, COLUMNS[take(g->in, 4)]);
  } else if (g->params < MAX_PARAMS) {
    sqlite3_str_appendf(g->sql, "?%d", ++g->params);
  } else {
    sqlite3_str_appendall(g->sql, "NULL");
  }
  return 0;
}

/* Fills t with generated rows. */
static void fill_table(In *in) {
  sqlite3_exec(G.db, "DELETE FROM t", NULL, NULL, NULL);
  sqlite3_stmt *ins;
  REQUIRE(sqlite3_prepare_v2(G.db, "INSERT INTO t(g, x, w) VALUES (?1, ?2, ?3)", -1, &ins, NULL) == SQLITE_OK, "%s",
          sqlite3_errmsg(G.db));
  for (unsigned rows = take(in, 17); rows > 0; rows--) {
    unsigned g = take(in, 4);
    if (g == 3) sqlite3_bind_null(ins, 1);
    else sqlite3_bind_int(ins, 1, (int)g);
    bind_value(ins, 2, in);
    if (take(in, 2)) bind_value(ins, 3, in);
    else sqlite3_bind_int(ins, 3, (int)take(in, 4));
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
}

/* 1 when an error message names one of our functions first. */
static int names_a_function(const char *msg) {
  for (int i = 0; i < G.nfns; i++) {
    size_t len = strlen(G.fns[i].name);
    if (strncmp(msg, G.fns[i].name, len) == 0 && msg[len] == ':' && msg[len + 1] == ' ') return 1;
  }
  return 0;
}

/* norm_state(norm_json(s)) gives back s, byte for byte (inspect.c req. 5). */
static void check_json_round_trip(const unsigned char *b, int n, const char *sql) {
  sqlite3_stmt *st;
  REQUIRE(sqlite3_prepare_v2(G.db, "SELECT norm_state(norm_json(?1)) = ?1", -1, &st, NULL) == SQLITE_OK, "%s",
          sqlite3_errmsg(G.db));
  sqlite3_bind_blob(st, 1, b, n, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  REQUIRE(rc == SQLITE_ROW && sqlite3_column_int(st, 0) == 1, "JSON round trip failed (%s) for a state from: %s",
          rc == SQLITE_ROW ? "different bytes" : sqlite3_errmsg(G.db), sql);
  sqlite3_finalize(st);
}

/* 1 for the functions whose results are states (a transform of a float32
** vector returns a blob that may begin with the bytes "NRMS" by chance). */
static int returns_state(const char *fn) {
  static const char *const MAKERS[] = {"norm_fit", "norm_merge", "row_fit", "norm_state", "norm_qfit"};
  for (size_t i = 0; fn && i < sizeof MAKERS / sizeof MAKERS[0]; i++) {
    if (strcmp(fn, MAKERS[i]) == 0) return 1;
  }
  return 0;
}

/* Checks the columns that are calls of our functions (is_call[c]: 1 for a
** call, 2 for a call of a function that returns states). */
static void check_row(sqlite3_stmt *st, const char *sql, const int *is_call) {
  for (int c = 0; c < sqlite3_column_count(st) && c < 2; c++) {
    if (!is_call[c]) continue; /* a bound value passed through */
    int type = sqlite3_column_type(st, c);
    if (type == SQLITE_FLOAT) {
      double v = sqlite3_column_double(st, c);
      REQUIRE(isfinite(v), "non-finite result %g from: %s", v, sql);
    } else if (type == SQLITE_BLOB) {
      const unsigned char *b = sqlite3_column_blob(st, c);
      int n = sqlite3_column_bytes(st, c);
      if (is_call[c] == 2 && n >= 4 && memcmp(b, "NRMS", 4) == 0) {
        const char *why = NULL;
        if (state_peek_kind(b, n) == STATE_KIND_QUANTILES) { /* norm_json of a quantile state is a summary */
          REQUIRE(quant_check(b, n, &why) == 0, "invalid quantile state (%s) from: %s", why, sql);
          continue;
        }
        StateView view;
        REQUIRE(state_parse(b, n, &view, &why) == 0, "invalid state (%s) from: %s", why, sql);
        check_json_round_trip(b, n, sql);
      }
    }
  }
}

/* Runs sql and returns its rows as text (sqlite3_malloc'ed), or NULL after
** an error (*rc says which). */
static char *rows_text(const char *sql, int *rc) {
  sqlite3_stmt *st = NULL;
  *rc = sqlite3_prepare_v2(G.db, sql, -1, &st, NULL);
  REQUIRE(*rc == SQLITE_OK, "%s: %s", sqlite3_errmsg(G.db), sql);
  sqlite3_str *out = sqlite3_str_new(G.db);
  while ((*rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); c++) {
      const char *v = (const char *)sqlite3_column_text(st, c);
      sqlite3_str_appendf(out, "%s|", v ? v : "NULL");
    }
    sqlite3_str_appendall(out, "\n");
  }
  sqlite3_finalize(st);
  char *text = sqlite3_str_finish(out);
  if (*rc != SQLITE_DONE) {
    sqlite3_free(text);
    return NULL;
  }
  return text;
}

/* The differential check of sliding windows against fits from scratch. */
static void check_window(In *in) {
  static const char *const FITS[][2] = {
      {"norm_fit(x)", "norm_fit(u.x)"},
      {"norm_fit(x, w)", "norm_fit(u.x, u.w)"},
      {"norm_merge(x)", "norm_merge(u.x)"},
  };
  unsigned f = take(in, 3), before = take(in, 6), after = take(in, 4);
  int partition = (int)take(in, 2);
  int exclude = take(in, 4) == 0; /* SQLite then refits each frame */
  const char *part = partition ? "PARTITION BY g " : "";
  char *sliding = sqlite3_mprintf(
      "SELECT id, hex(%s OVER (%sORDER BY id ROWS BETWEEN %u PRECEDING AND %u FOLLOWING%s)) FROM t ORDER BY id",
      FITS[f][0], part, before, after, exclude ? " EXCLUDE CURRENT ROW" : "");
  char *scratch = sqlite3_mprintf(
      "WITH r AS (SELECT *, row_number() OVER (%sORDER BY id) AS rn FROM t) "
      "SELECT id, (SELECT hex(%s) FROM r AS u WHERE %s u.rn BETWEEN r.rn - %u AND r.rn + %u%s) FROM r ORDER BY id",
      part, FITS[f][1], partition ? "u.g IS r.g AND" : "", before, after, exclude ? " AND u.rn != r.rn" : "");
  int rc1, rc2;
  char *a = rows_text(sliding, &rc1);
  int cannot_slide = a == NULL && strstr(sqlite3_errmsg(G.db), "sliding frames are not supported") != NULL;
  char *b = rows_text(scratch, &rc2);
  /* Every row is in its own frame (or, excluded, in a neighbour's, or in
  ** none when the frame is just the row), so both fail or neither does. */
  if (exclude && (a == NULL) != (b == NULL)) { /* a row in no frame: only the window reads it */
    sqlite3_free(a);
    sqlite3_free(b);
    a = b = NULL;
  }
  /* Quantile states cannot slide (documented): only the window fails then. */
  if (cannot_slide && b != NULL) {
    sqlite3_free(b);
    b = NULL;
  }
  REQUIRE((a == NULL) == (b == NULL), "one failed (%d, %d): %s / %s", rc1, rc2, sliding, scratch);
  if (a && b) REQUIRE(strcmp(a, b) == 0, "window differs from scratch:\n%s\n%s\nsliding:\n%s\nscratch:\n%s", sliding, scratch, a, b);
  sqlite3_free(a);
  sqlite3_free(b);
  sqlite3_free(sliding);
  sqlite3_free(scratch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  In in = {data, size};
  fill_table(&in);
  if (take(&in, 4) == 3) {
    check_window(&in);
    return 0;
  }
  Gen g = {&in, sqlite3_str_new(G.db), 0, 0, NULL};
  unsigned shape = take(&in, 5);
  int in_from = shape != 0;
  sqlite3_str_appendall(g.sql, shape == 4 ? "SELECT (SELECT " : "SELECT ");
  int is_call[2] = {0, 0};
  is_call[0] = gen_expr(&g, 0, in_from) ? 1 + returns_state(g.top_fn) : 0;
  if (take(&in, 2)) {
    sqlite3_str_appendall(g.sql, ", ");
    is_call[1] = gen_expr(&g, 0, in_from) ? 1 + returns_state(g.top_fn) : 0;
  }
  if (shape == 4) sqlite3_str_appendall(g.sql, " FROM t) FROM t");
  else if (shape == 2) sqlite3_str_appendall(g.sql, " FROM t GROUP BY g");
  else if (shape != 0) sqlite3_str_appendall(g.sql, " FROM t");
  char *sql = sqlite3_str_finish(g.sql);
  REQUIRE(sql != NULL, "out of memory");
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(G.db, sql, -1, &st, NULL) != SQLITE_OK && getenv("FUZZ_SQL_VERBOSE")) {
    fprintf(stderr, "prepare: %s | %s\n", sql, sqlite3_errmsg(G.db));
  }
  if (st) {
    for (int i = 1; i <= g.params; i++) bind_value(st, i, &in);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) check_row(st, sql, is_call);
    if (getenv("FUZZ_SQL_VERBOSE")) fprintf(stderr, "%d %s | %s\n", rc, sql, rc == SQLITE_DONE ? "" : sqlite3_errmsg(G.db));
    if (rc != SQLITE_DONE) {
      const char *msg = sqlite3_errmsg(G.db);
      REQUIRE(rc == SQLITE_NOMEM || rc == SQLITE_TOOBIG || names_a_function(msg), "error '%s' (%d) from: %s", msg, rc,
              sql);
    }
  }
  sqlite3_finalize(st);
  sqlite3_free(sql);
  return 0;
}

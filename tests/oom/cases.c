/*
** cases.c: the statement table shared by the out-of-memory harness and the
** thread test (see cases.h), and the helper that runs one statement and
** renders its rows as text for comparison.
*/
#include "cases.h"

#include <stdio.h>
#include <string.h>

/* 40 rows in 3 groups; x with NULLs, a repeat, a big and a tiny value; w with
** a zero and fractional weights. */
const char CASES_SETUP[] =
    "CREATE TABLE t(id INTEGER PRIMARY KEY, g INTEGER, x REAL, w REAL);"
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)"
    " INSERT INTO t SELECT i, i % 3,"
    "  CASE WHEN i % 11 = 0 THEN NULL WHEN i = 7 THEN 1e9 WHEN i = 8 THEN 1e-9 ELSE (i * 37 % 17) - 4.25 END,"
    "  CASE WHEN i % 13 = 0 THEN 0 ELSE (i % 4) + 0.5 END FROM n;"
    "CREATE TABLE s AS SELECT g, norm_fit(x) AS st FROM t GROUP BY g;";

const Case CASES[] = {
    /* aggregates */
    {"fit-aggregate", "SELECT norm_json(norm_fit(x)) FROM t"},
    {"fit-weighted", "SELECT norm_json(norm_fit(x, w)) FROM t"},
    {"fit-group", "SELECT g, hex(norm_fit(x)) FROM t GROUP BY g"},
    {"fit-empty", "SELECT norm_fit(x) FROM t WHERE x > 1e12"},
    {"merge-aggregate", "SELECT hex(norm_merge(st)) FROM s"},
    /* windows with sliding frames */
    {"fit-window-sliding", "SELECT id, hex(norm_fit(x) OVER (ORDER BY id ROWS BETWEEN 4 PRECEDING AND 1 FOLLOWING)) FROM t"},
    {"fit-window-weighted",
     "SELECT id, hex(norm_fit(x, w) OVER (PARTITION BY g ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)) FROM t"},
    {"fit-window-whole", "SELECT id, norm_z(x, norm_fit(x) OVER ()) FROM t"},
    {"merge-window-sliding",
     "SELECT g, hex(norm_merge(st) OVER (ORDER BY g ROWS BETWEEN 1 PRECEDING AND CURRENT ROW)) FROM s"},
    /* the sample axis */
    {"row-fit", "SELECT id, hex(row_fit(x, w, g, id)) FROM t"},
    {"row-fit-null", "SELECT row_fit(NULL, NULL)"},
    /* transforms and inverses */
    {"z", "SELECT id, norm_z(x, (SELECT st FROM s WHERE g = 0)) FROM t"},
    {"z-eps-ddof", "SELECT id, norm_z(x, (SELECT norm_fit(x) FROM t), 1e-7, 1), norm_z(x, row_fit(1, 1), NULL) FROM t"},
    {"minmax", "SELECT id, norm_minmax(x, (SELECT norm_fit(x) FROM t)), norm_minmax(x, (SELECT norm_fit(x) FROM t), -1, 1, 1) FROM t"},
    {"maxabs", "SELECT id, norm_maxabs(x, (SELECT norm_fit(x) FROM t)) FROM t"},
    {"invert", "SELECT id, norm_invert(x, (SELECT norm_fit(x) FROM t)), norm_invert(x, (SELECT norm_fit(x) FROM t), 'z', 0.5, 1),"
               " norm_invert(x, (SELECT norm_fit(x) FROM t), 'minmax', 2, 3, 0), norm_invert(x, (SELECT norm_fit(x) FROM t), 'maxabs') FROM t"},
    /* accessors */
    {"accessors", "SELECT g, norm_count(st), norm_mean(st), norm_var(st), norm_var(st, 1), norm_std(st), norm_std(st, 1),"
                  " norm_min(st), norm_max(st) FROM s"},
    /* JSON out and in */
    {"json-out", "SELECT g, norm_json(st) FROM s"},
    {"json-round-trip", "SELECT g, norm_state(norm_json(st)) = st FROM s"},
    {"json-known", "SELECT hex(norm_state('{\"mean\": 2, \"var\": 4, \"count\": 10, \"min\": -1, \"max\": 9}')),"
                   " hex(norm_state('{\"mean\": 2, \"std\": 1}')), hex(norm_state('{\"min\": 0, \"max\": 1}'))"},
    {"version", "SELECT length(norm_version()) > 0"},
    /* vectors: JSON arrays and float32 blobs, per dimension and per row */
    {"vec-fit-json", "SELECT norm_json(norm_fit(json_array(x, w, g))) FROM t WHERE x IS NOT NULL"},
    {"vec-fit-f32-window",
     "SELECT id, hex(norm_fit(unhex(printf('%08X', id * 65536 + 1065353216))) OVER (ORDER BY id ROWS 3 PRECEDING)) FROM t"},
    {"vec-merge-row", "SELECT norm_json(norm_merge(row_fit(json_array(x, w)))) FROM t WHERE x IS NOT NULL"},
    {"vec-apply", "SELECT id, norm_z(json_array(x, w), (SELECT norm_fit(json_array(x, w)) FROM t WHERE x IS NOT NULL)),"
                  " norm_minmax(json_array(w, g), (SELECT norm_fit(json_array(w, g)) FROM t), -1, 1, 1),"
                  " norm_invert(json_array(x, w), (SELECT norm_fit(json_array(x, w)) FROM t WHERE x IS NOT NULL), 'maxabs')"
                  " FROM t WHERE x IS NOT NULL"},
    {"vec-unit", "SELECT id, norm_unit(json_array(x, w, g)), norm_unit(json_array(x, w), 'l1'),"
                 " norm_unit(json_array(x, w), 'max') FROM t WHERE x IS NOT NULL"},
    {"vec-accessors", "SELECT norm_mean(s), norm_var(s, 1), norm_count(s), norm_min(s), norm_max(s),"
                      " norm_state(norm_json(s)) = s FROM (SELECT norm_fit(json_array(x, w)) s FROM t WHERE x IS NOT NULL)"},
    /* quantile states: exact, and past the exact buffer as a sketch */
    {"qfit-aggregate", "SELECT g, hex(norm_qfit(x)) FROM t GROUP BY g"},
    {"qfit-sketch",
     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
     " SELECT norm_json(norm_qfit(i * 7919 % 5003)) FROM n"},
    {"qfit-window", "SELECT id, norm_median(norm_qfit(x) OVER (PARTITION BY g)) FROM t"},
    {"qmerge", "SELECT norm_json(norm_merge(q)) FROM (SELECT norm_qfit(x) q FROM t GROUP BY g)"},
    {"quantile-readers",
     "SELECT id, norm_percentile(q, 0.3), norm_median(q), norm_iqr(q), norm_robust(x, q), norm_robust(x, q, 0.1, 0.9),"
     " norm_quantile(x, q), norm_quantile(x, q, 'normal'), norm_bucket(x, q, 4), norm_count(q), norm_min(q), norm_max(q)"
     " FROM t, (SELECT norm_qfit(x) q FROM t) WHERE x IS NOT NULL"},
    /* error paths: the error must come out, or SQLITE_NOMEM */
    {"error-text", "SELECT norm_fit(x || 'abc') FROM t"},
    {"error-state", "SELECT norm_z(1, x'4e524d5301')"},
    {"error-json", "SELECT norm_state('{\"mean\": 1, \"var\": 2, \"oops\": 3}')"},
    {"error-json-syntax", "SELECT norm_state('[1, 2')"},
    {"error-weight", "SELECT norm_fit(x, -w) FROM t"},
};
const int N_CASES = (int)(sizeof CASES / sizeof CASES[0]);

/* Appends the text form of column c: NULL, integers and texts as such, REAL
** with 17 digits, BLOBs in hex. */
static void append_column(sqlite3_str *out, sqlite3_stmt *st, int c) {
  switch (sqlite3_column_type(st, c)) {
    case SQLITE_NULL:
      sqlite3_str_appendall(out, "NULL");
      break;
    case SQLITE_INTEGER:
      sqlite3_str_appendf(out, "%lld", sqlite3_column_int64(st, c));
      break;
    case SQLITE_FLOAT:
      sqlite3_str_appendf(out, "%!.17g", sqlite3_column_double(st, c));
      break;
    case SQLITE_TEXT:
      sqlite3_str_appendf(out, "'%s'", (const char *)sqlite3_column_text(st, c));
      break;
    default: {
      const unsigned char *b = sqlite3_column_blob(st, c);
      int n = sqlite3_column_bytes(st, c);
      sqlite3_str_appendall(out, "x'");
      for (int i = 0; i < n && b; i++) sqlite3_str_appendf(out, "%02x", b[i]);
      sqlite3_str_appendall(out, "'");
      break;
    }
  }
}

char *case_run(sqlite3 *db, const char *sql, int *rc) {
  sqlite3_str *out = sqlite3_str_new(NULL);
  sqlite3_stmt *st = NULL;
  *rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
  if (*rc == SQLITE_OK) {
    while ((*rc = sqlite3_step(st)) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); c++) {
        if (c) sqlite3_str_appendall(out, "|");
        append_column(out, st, c);
      }
      sqlite3_str_appendall(out, "\n");
    }
    if (*rc == SQLITE_DONE) *rc = SQLITE_OK;
  }
  if (*rc != SQLITE_OK) sqlite3_str_appendf(out, "error: %s\n", sqlite3_errmsg(db));
  sqlite3_finalize(st);
  return sqlite3_str_finish(out);
}

int cases_cover_all_functions(const char *prefix) {
  sqlite3 *bare, *db;
  sqlite3_stmt *st;
  int missing = 0;
  if (sqlite3_open(":memory:", &bare) != SQLITE_OK || sqlite3_open(":memory:", &db) != SQLITE_OK ||
      sqlite3_normalize_init(db, NULL, NULL) != SQLITE_OK) {
    printf("FAIL %s/coverage: cannot open a database\n", prefix);
    return 1;
  }
  /* The names the extension adds: those a bare connection does not have. */
  sqlite3_exec(db, "CREATE TEMP TABLE bare(name TEXT)", NULL, NULL, NULL);
  sqlite3_stmt *ins;
  sqlite3_prepare_v2(db, "INSERT INTO bare VALUES (?1)", -1, &ins, NULL);
  sqlite3_prepare_v2(bare, "SELECT DISTINCT name FROM pragma_function_list", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW) {
    sqlite3_bind_text(ins, 1, (const char *)sqlite3_column_text(st, 0), -1, SQLITE_TRANSIENT);
    sqlite3_step(ins);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(st);
  sqlite3_finalize(ins);
  sqlite3_prepare_v2(db,
                     "SELECT DISTINCT name FROM pragma_function_list WHERE name NOT IN (SELECT name FROM bare) "
                     "ORDER BY name",
                     -1, &st, NULL);
  int functions = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *name = (const char *)sqlite3_column_text(st, 0);
    char call[80];
    snprintf(call, sizeof call, "%s(", name);
    int found = 0;
    for (int i = 0; i < N_CASES && !found; i++) found = strstr(CASES[i].sql, call) != NULL;
    if (!found) {
      printf("FAIL %s/coverage: no case calls %s (add one to tests/oom/cases.c)\n", prefix, name);
      missing++;
    }
    functions++;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  sqlite3_close(bare);
  if (functions == 0) {
    printf("FAIL %s/coverage: found no function of the extension\n", prefix);
    return 1;
  }
  if (missing == 0) printf("ok %s/coverage: the cases call all %d functions\n", prefix, functions);
  return missing;
}

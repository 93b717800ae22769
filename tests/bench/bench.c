/*
** bench.c: the benchmark harness of `make bench` (issue 7), in C against the
** SQLite library, so that the harness itself adds nothing per row.
**
**   bench [-n N] [-r REPS] [-e EXT] [-p PAIRS]   pairs 1-5: timings and ratios
**   bench -n N -q SQL [-q SQL ...]               runs each query once (for callgrind)
**   bench -m N [-s]                              pair 8: peak memory of norm_fit over N rows
**   bench -l                                     lists the queries of the pairs
**   bench [-x EXT2] -c SQL -c SQL ...            times a custom group (EXT2: one more extension)
**
** It builds its own data in an in-memory database: t(id, k, x) with N rows,
** k uniform in 0..999 (1,000 groups), x a price-like value with two decimals
** (so x is a full-width double), a covering index on (k, x) so that GROUP BY k
** and PARTITION BY k scan in order without a sort, and t8(id, c1..c8) for
** row_fit. Each pair (or group) of queries runs alternately REPS times in this
** one process, the order rotating each round; the time of a query is the CPU
** time of this thread (CLOCK_THREAD_CPUTIME_ID), which other processes on a
** shared machine disturb less than wall time. For each pair it prints the
** median time of each query, the ratio of the medians, and the median of the
** per-round ratios (the figure the targets are stated in). After pair 4 it
** also times the exact arithmetic of a sliding z-score alone, outside SQLite
** (arith_floor.c), stage by stage: the no-work stand-in's time plus that is
** the least a sliding norm_z can cost while it stays exact.
**
** With -q, under valgrind --tool=callgrind --collect-atstart=no, only the
** queries are counted (not building the data), and each is dumped to its own
** file (callgrind.h's client requests; without that header -q just runs them). With -m the rows come from a recursive
*CTE, not a table, so
** the peak of SQLite's memory (sqlite3_memory_highwater) is the query's own.
*/
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "arith_floor.h"

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_DUMP_STATS_AT
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(s) (void)(s)
#endif

#define MAX_GROUP 5
#define MAX_REPS 64

static void die(sqlite3 *db, const char *what) {
  fprintf(stderr, "bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
  exit(1);
}

static void exec(sqlite3 *db, const char *sql) {
  char *err = NULL;
  if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "bench: %s\n  in: %s\n", err, sql);
    exit(1);
  }
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static double uniform(void) {
  uint64_t x = rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return (double)((x * 2685821657736338717ull) >> 11) * 0x1p-53;
}

static double gauss(void) {
  double u = uniform(), v = uniform();
  return sqrt(-2.0 * log(u > 0 ? u : 1e-300)) * cos(6.283185307179586 * v);
}

/* Values bound to :state, :mean and :std (from a fit of t.x). */
typedef struct Params {
  void *state;
  int state_size;
  double mean, std;
} Params;

static sqlite3 *open_db(const char *ext, const char *extra) {
  sqlite3 *db;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) die(db, "open");
  sqlite3_enable_load_extension(db, 1);
  char *err = NULL;
  if (sqlite3_load_extension(db, ext, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "bench: loading %s: %s\n", ext, err ? err : "?");
    exit(1);
  }
  if (extra && sqlite3_load_extension(db, extra, NULL, &err) != SQLITE_OK) {
    fprintf(stderr, "bench: loading %s: %s\n", extra, err ? err : "?");
    exit(1);
  }
  return db;
}

static void build_data(sqlite3 *db, long n) {
  exec(db,
       "CREATE TABLE t(id INTEGER PRIMARY KEY, k INTEGER, x REAL);"
       "CREATE TABLE t8(id INTEGER PRIMARY KEY, c1 REAL, c2 REAL, c3 REAL, c4 REAL, c5 REAL, c6 REAL, "
       "c7 REAL, c8 REAL); BEGIN");
  sqlite3_stmt *ins, *ins8;
  if (sqlite3_prepare_v2(db, "INSERT INTO t(k, x) VALUES (?, ?)", -1, &ins, NULL)) die(db, "prepare");
  if (sqlite3_prepare_v2(db, "INSERT INTO t8(c1, c2, c3, c4, c5, c6, c7, c8) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1,
                         &ins8, NULL))
    die(db, "prepare");
  for (long i = 0; i < n; i++) {
    sqlite3_bind_int(ins, 1, (int)(uniform() * 1000));
    sqlite3_bind_double(ins, 2, round(5000 + 1000 * gauss()) / 100); /* e.g. 51.37 */
    if (sqlite3_step(ins) != SQLITE_DONE) die(db, "insert");
    sqlite3_reset(ins);
    for (int c = 1; c <= 8; c++) sqlite3_bind_double(ins8, c, round(5000 + 1000 * gauss()) / 100);
    if (sqlite3_step(ins8) != SQLITE_DONE) die(db, "insert");
    sqlite3_reset(ins8);
  }
  sqlite3_finalize(ins);
  sqlite3_finalize(ins8);
  exec(db, "COMMIT; CREATE INDEX t_kx ON t(k, x); ANALYZE");
}

static void fit_params(sqlite3 *db, Params *p) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT s, norm_mean(s), norm_std(s) FROM (SELECT norm_fit(x) s FROM t)", -1, &st, NULL))
    die(db, "prepare");
  if (sqlite3_step(st) != SQLITE_ROW) die(db, "fit");
  p->state_size = sqlite3_column_bytes(st, 0);
  p->state = malloc((size_t)p->state_size);
  memcpy(p->state, sqlite3_column_blob(st, 0), (size_t)p->state_size);
  p->mean = sqlite3_column_double(st, 1);
  p->std = sqlite3_column_double(st, 2);
  sqlite3_finalize(st);
}

static void bind_params(sqlite3_stmt *st, const Params *p) {
  int i;
  if ((i = sqlite3_bind_parameter_index(st, ":state")))
    sqlite3_bind_blob(st, i, p->state, p->state_size, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index(st, ":mean"))) sqlite3_bind_double(st, i, p->mean);
  if ((i = sqlite3_bind_parameter_index(st, ":std"))) sqlite3_bind_double(st, i, p->std);
}

/* Runs a prepared query to its end. Returns the number of result rows. */
long bench_run_once(sqlite3 *db, sqlite3_stmt *st);
long bench_run_once(sqlite3 *db, sqlite3_stmt *st) {
  long rows = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) rows++;
  if (rc != SQLITE_DONE) die(db, "step");
  sqlite3_reset(st);
  return rows;
}

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(const double *v, int n) {
  double s[MAX_REPS];
  memcpy(s, v, (size_t)n * sizeof *s);
  qsort(s, (size_t)n, sizeof *s, cmp_double);
  return n % 2 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

/* A ratio to report: time of query `a` over time of query `b` (indexes in the
** group); `invert` reports b/a instead ("x times faster"). */
typedef struct Ratio {
  int a, b;
  const char *label;
  const char *target;
} Ratio;

typedef struct Group {
  const char *title;
  const char *name[MAX_GROUP];
  const char *sql[MAX_GROUP];
  Ratio ratio[5];
} Group;

/* Runs the queries of a group round-robin, reps times; times[q][rep]. */
static void run_group(sqlite3 *db, const Params *p, const Group *g, int reps, double times[MAX_GROUP][MAX_REPS]) {
  sqlite3_stmt *st[MAX_GROUP] = {0};
  int nq = 0;
  while (nq < MAX_GROUP && g->sql[nq]) {
    if (sqlite3_prepare_v2(db, g->sql[nq], -1, &st[nq], NULL)) {
      if (!strstr(g->sql[nq], "floor_")) die(db, g->sql[nq]);
      st[nq] = NULL; /* the stand-in extension is not loaded: n/a */
    } else {
      bind_params(st[nq], p);
    }
    nq++;
  }
  bench_run_once(db, st[0]); /* warm up the cache */
  for (int r = 0; r < reps; r++) {
    for (int j = 0; j < nq; j++) {
      int q = (j + r) % nq;
      if (st[q] == NULL) {
        times[q][r] = NAN;
        continue;
      }
      double t0 = cpu_seconds();
      bench_run_once(db, st[q]);
      times[q][r] = cpu_seconds() - t0;
    }
  }
  for (int q = 0; q < nq; q++) sqlite3_finalize(st[q]);
}

static void report_group(const Group *g, int reps, long n, double times[MAX_GROUP][MAX_REPS]) {
  printf("\n%s\n", g->title);
  for (int q = 0; q < MAX_GROUP && g->sql[q]; q++) {
    double m = median(times[q], reps);
    printf("  %-28s median %8.1f ms  %6.1f ns/row   %s\n", g->name[q], 1e3 * m, 1e9 * m / (double)n, g->sql[q]);
  }
  for (int i = 0; i < 5 && g->ratio[i].label; i++) {
    const Ratio *r = &g->ratio[i];
    double per[MAX_REPS];
    for (int k = 0; k < reps; k++) per[k] = times[r->a][k] / times[r->b][k];
    printf("  ratio %-40s %6.3f (median of rounds; of medians %6.3f)   %s\n", r->label, median(per, reps),
           median(times[r->a], reps) / median(times[r->b], reps), r->target ? r->target : "");
  }
}

static const Group GROUPS[] = {
    {"Pair 1a: aggregate, ungrouped",
     {"norm_fit(x)", "avg(x)"},
     {"SELECT norm_fit(x) FROM t", "SELECT avg(x) FROM t"},
     {{0, 1, "norm_fit / avg", "target <= 1.10"}}},
    {"Pair 1b: aggregate, GROUP BY k (1,000 groups)",
     {"norm_fit(x) GROUP BY k", "avg(x) GROUP BY k"},
     {"SELECT k, norm_fit(x) FROM t GROUP BY k", "SELECT k, avg(x) FROM t GROUP BY k"},
     {{0, 1, "norm_fit / avg", "target <= 1.10"}}},
    {"Pair 2: transform with a constant state",
     {"sum(norm_z(x, :state))", "sum((x - :mean) / :std)", "sum(min(x, :std)) (a call)"},
     {"SELECT sum(norm_z(x, :state)) FROM t", "SELECT sum((x - :mean) / :std) FROM t",
      "SELECT sum(min(x, :std)) FROM t"},
     {{0, 1, "norm_z / arithmetic", "target <= 1.15"},
      {2, 1, "built-in 2-argument function / arithmetic", "the cost of any function call"}}},
    {"Pair 3: z-score per partition (PARTITION BY k)",
     {"norm_z(x, norm_fit(x) OVER w)", "pure-SQL z-score", "avg(x) OVER w (floor)", "no-work stand-in"},
     {"SELECT norm_z(x, norm_fit(x) OVER w) FROM t WINDOW w AS (PARTITION BY k)",
      "SELECT (x - avg(x) OVER w) / sqrt(avg(x*x) OVER w - avg(x) OVER w * avg(x) OVER w) FROM t "
      "WINDOW w AS (PARTITION BY k)",
      "SELECT avg(x) OVER w FROM t WINDOW w AS (PARTITION BY k)",
      "SELECT floor_z(x, floor_fit(x) OVER w) FROM t WINDOW w AS (PARTITION BY k)"},
     {{1, 0, "pure SQL / norm_z (speed-up)", "target >= 1.5"},
      {1, 2, "pure SQL / avg (the floor's speed-up)", "about 1.8 in the issue"},
      {0, 2, "norm_z / avg", "1.2 or less meets the 1.5 target"},
      {1, 3, "pure SQL / stand-in (best speed-up possible)", "a blob state passed on costs this much"},
      {0, 3, "norm_z / stand-in (the extension's own work)", ""}}},
    {"Pair 4: sliding z-score, ORDER BY id, 1,000-row and 10-row frames",
     {"norm_z, 1000-row frame", "norm_z, 10-row frame", "avg(x), 1000-row frame", "avg(x), 10-row frame",
      "no-work stand-in, 1000-row"},
     {"SELECT norm_z(x, norm_fit(x) OVER w) FROM t WINDOW w AS (ORDER BY id ROWS 999 PRECEDING)",
      "SELECT norm_z(x, norm_fit(x) OVER w) FROM t WINDOW w AS (ORDER BY id ROWS 9 PRECEDING)",
      "SELECT avg(x) OVER w FROM t WINDOW w AS (ORDER BY id ROWS 999 PRECEDING)",
      "SELECT avg(x) OVER w FROM t WINDOW w AS (ORDER BY id ROWS 9 PRECEDING)",
      "SELECT floor_z(x, floor_fit(x) OVER w) FROM t WINDOW w AS (ORDER BY id ROWS 999 PRECEDING)"},
     {{0, 2, "norm_z / avg, 1000-row frame", "target <= 1.3"},
      {0, 1, "norm_z growth 1000 / 10", "target: within 10% of avg's growth"},
      {2, 3, "avg growth 1000 / 10", ""},
      {4, 2, "stand-in / avg, 1000-row frame", "SQLite's floor for this shape"},
      {0, 4, "norm_z / stand-in (the extension's own work)", ""}}},
    {"Pair 5: row_fit over 8 columns (sample axis)",
     {"row_fit(c1..c8)", "SQL mean and variance"},
     {"SELECT row_fit(c1, c2, c3, c4, c5, c6, c7, c8) FROM t8",
      "SELECT m, (c1*c1 + c2*c2 + c3*c3 + c4*c4 + c5*c5 + c6*c6 + c7*c7 + c8*c8) / 8.0 - m*m FROM "
      "(SELECT c1, c2, c3, c4, c5, c6, c7, c8, (c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8) / 8.0 AS m FROM t8)"},
     {{0, 1, "row_fit / SQL", "no target"}}},
};

/* Pair 4's growth comparison, from the group's times. */
static void report_growth(int reps, double times[MAX_GROUP][MAX_REPS]) {
  double per[MAX_REPS];
  for (int k = 0; k < reps; k++) per[k] = (times[0][k] / times[1][k]) / (times[2][k] / times[3][k]);
  printf("  ratio %-40s %6.3f (median of rounds)   target <= 1.10\n", "norm_z growth / avg growth", median(per, reps));
}

/* Pair 4's exact arithmetic alone (arith_floor.c) over the table's x in id
** order, reps times, next to the group's times: the least norm_z can cost. */
static void report_arith_floor(sqlite3 *db, long n, int reps, double times[MAX_GROUP][MAX_REPS]) {
  double *x = malloc((size_t)n * sizeof *x), t[MAX_REPS], bound[MAX_REPS], sink = 0;
  long rows = 0;
  sqlite3_stmt *st;
  if (x == NULL) return;
  if (sqlite3_prepare_v2(db, "SELECT x FROM t ORDER BY id", -1, &st, NULL)) die(db, "prepare");
  while (rows < n && sqlite3_step(st) == SQLITE_ROW) x[rows++] = sqlite3_column_double(st, 0);
  sqlite3_finalize(st);
  static const char *const STAGE[4] = {"add and remove rows", "+ finish, write the state",
                                       "+ read and validate it", "+ std and z-score (all)"};
  double stage[4][MAX_REPS];
  for (int r = 0; r < reps; r++) {
    for (int k = 0; k < 4; k++) {
      double t0 = cpu_seconds();
      sink += arith_floor_run(x, rows, 1000, k + 1);
      stage[k][r] = cpu_seconds() - t0;
    }
    t[r] = stage[3][r];
    bound[r] = (times[4][r] + t[r]) / times[2][r];
  }
  free(x);
  printf("  exact arithmetic alone, 1000-row frame, outside SQLite (arith_floor.c; checksum %.6g):\n", sink);
  for (int k = 0; k < 4; k++)
    printf("    %-34s median %6.1f ns/row\n", STAGE[k], 1e9 * median(stage[k], reps) / (double)rows);
  printf("  ratio %-40s %6.3f (median of rounds)   the least norm_z / avg can be, exact\n",
         "(stand-in + arithmetic) / avg", median(bound, reps));
}

static int run_memory(const char *ext, long n, int sorted) {
  sqlite3 *db = open_db(ext, NULL);
  char sql[400];
  snprintf(sql, sizeof sql,
           "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < %ld) "
           "SELECT norm_count(norm_fit(%s)) FROM c",
           n, sorted ? "i * 0.001" : "(i * 7919 % 1000003) * 0.001");
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL)) die(db, "prepare");
  sqlite3_int64 before = sqlite3_memory_used();
  sqlite3_memory_highwater(1);
  double t0 = cpu_seconds();
  if (sqlite3_step(st) != SQLITE_ROW) die(db, "step");
  double count = sqlite3_column_double(st, 0);
  double t = cpu_seconds() - t0;
  sqlite3_int64 peak = sqlite3_memory_highwater(0) - before;
  sqlite3_finalize(st);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf(
      "  norm_fit over %9ld %s rows: count %.0f, peak SQLite memory during the query %8lld bytes, "
      "process max RSS %6ld KiB, %.2f s\n",
      n, sorted ? "increasing" : "shuffled  ", count, (long long)peak, ru.ru_maxrss, t);
  sqlite3_close(db);
  return 0;
}

int main(int argc, char **argv) {
  long n = 1000000;
  int reps = 5, sorted = 0;
  long memory_rows = 0;
  int list = 0;
  const char *ext = "dist/normalize", *pairs = "12345";
  const char *queries[32], *extra = NULL;
  int nqueries = 0;
  Group custom = {"Custom group (ratios to the first query)", {0}, {0}, {{0}}};
  int ncustom = 0;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(arg, "-n") && val)
      n = atol(argv[++i]);
    else if (!strcmp(arg, "-r") && val)
      reps = atoi(argv[++i]);
    else if (!strcmp(arg, "-e") && val)
      ext = argv[++i];
    else if (!strcmp(arg, "-p") && val)
      pairs = argv[++i];
    else if (!strcmp(arg, "-q") && val && nqueries < 32)
      queries[nqueries++] = argv[++i];
    else if (!strcmp(arg, "-m") && val)
      memory_rows = atol(argv[++i]);
    else if (!strcmp(arg, "-s"))
      sorted = 1;
    else if (!strcmp(arg, "-l"))
      list = 1;
    else if (!strcmp(arg, "-x") && val)
      extra = argv[++i];
    else if (!strcmp(arg, "-c") && val && ncustom < MAX_GROUP) {
      custom.name[ncustom] = "";
      custom.sql[ncustom++] = argv[++i];
    } else {
      fprintf(stderr,
              "usage: bench [-n N] [-r REPS] [-e EXT] [-p PAIRS] | -n N -q SQL ... | -m N [-s] | -l | [-x EXT2] -c SQL ...\n");
      return 2;
    }
  }
  if (reps < 1 || reps > MAX_REPS || n < 1000) {
    fprintf(stderr, "bench: need 1 <= reps <= %d and n >= 1000\n", MAX_REPS);
    return 2;
  }
  if (memory_rows) return run_memory(ext, memory_rows, sorted);
  if (list) { /* the queries of the pairs, one per line: name, tab, SQL */
    for (size_t g = 0; g < sizeof GROUPS / sizeof GROUPS[0]; g++) {
      for (int q = 0; q < MAX_GROUP && GROUPS[g].sql[q]; q++)
        printf("%c: %s\t%s\n", GROUPS[g].title[5], GROUPS[g].name[q], GROUPS[g].sql[q]);
    }
    return 0;
  }
  sqlite3 *db = open_db(ext, extra);
  build_data(db, n);
  Params p;
  fit_params(db, &p);
  if (nqueries) { /* each query once, counted alone by callgrind */
    for (int q = 0; q < nqueries; q++) {
      sqlite3_stmt *st;
      if (sqlite3_prepare_v2(db, queries[q], -1, &st, NULL)) die(db, queries[q]);
      bind_params(st, &p);
      CALLGRIND_TOGGLE_COLLECT;
      long rows = bench_run_once(db, st);
      CALLGRIND_TOGGLE_COLLECT;
      CALLGRIND_DUMP_STATS_AT(queries[q]);
      printf("%ld result rows: %s\n", rows, queries[q]);
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return 0;
  }
  printf("N = %ld rows, %d alternating rounds, CPU time of the query thread; SQLite %s\n", n, reps,
         sqlite3_libversion());
  if (ncustom) { /* bench -c SQL -c SQL ...: one custom group */
    static const char *const labels[] = {"query 2 / query 1", "query 3 / query 1", "query 4 / query 1"};
    for (int q = 1; q < ncustom; q++) custom.ratio[q - 1] = (Ratio){q, 0, labels[q - 1], ""};
    double times[MAX_GROUP][MAX_REPS];
    run_group(db, &p, &custom, reps, times);
    report_group(&custom, reps, n, times);
    free(p.state);
    sqlite3_close(db);
    return 0;
  }
  for (size_t g = 0; g < sizeof GROUPS / sizeof GROUPS[0]; g++) {
    char id = GROUPS[g].title[5];
    if (!strchr(pairs, id)) continue;
    double times[MAX_GROUP][MAX_REPS];
    run_group(db, &p, &GROUPS[g], reps, times);
    report_group(&GROUPS[g], reps, n, times);
    if (id == '4') {
      report_growth(reps, times);
      report_arith_floor(db, n, reps, times);
    }
    fflush(stdout);
  }
  free(p.state);
  sqlite3_close(db);
  return 0;
}

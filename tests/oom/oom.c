/*
** oom.c: the out-of-memory harness, in the manner of SQLite's own malloc
** tests. It links SQLite (-lsqlite3) and the extension's sources (built with
** -DSQLITE_CORE) and installs, with sqlite3_config(SQLITE_CONFIG_MALLOC), an
** allocator that can be told to fail the Nth allocation.
**
** For every case of cases.c (every function in every form) and for the
** registration itself, and in two modes, "transient" (only allocation N
** fails) and "persistent" (N and every later one fail), it runs the statement
** on a fresh database with N = 1, 2, ... until a run makes fewer than N
** allocations (the statement then ran untouched). Each run must:
**   - end in SQLITE_NOMEM, or succeed with exactly the result of a run
**     without failures (the same error, for the error cases; when SQLite
**     itself cannot copy an error message it reports SQLITE_ERROR with its
**     generic "SQL logic error", which is accepted for those);
**   - leave no allocation behind once the database is closed (the harness
**     counts live allocations);
**   - not crash (run it under AddressSanitizer to catch memory errors:
**     make test-asan does).
** Prints "ok oom/CASE" or "FAIL oom/CASE: ..." lines (tests/run_all.sh).
** OOM_ONLY=substring selects cases.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"

/* --- the failing allocator --------------------------------------------- */

/* The harness is single-threaded and SQLite calls the allocator under its own
** mutex, so plain counters suffice. */
static struct {
  sqlite3_mem_methods base; /* SQLite's default allocator, which does the work */
  int armed;                /* count allocations and fail the Nth */
  long count;               /* allocations since arming */
  long fail_at;             /* N */
  int persistent;           /* fail every allocation from the Nth on */
  int failed;               /* an allocation failed since arming */
  long live;                /* allocations not yet freed */
} F;

static int should_fail(void) {
  if (!F.armed) return 0;
  F.count++;
  if (F.count == F.fail_at || (F.persistent && F.count > F.fail_at)) {
    F.failed = 1;
    return 1;
  }
  return 0;
}

static void *fail_malloc(int n) {
  if (should_fail()) return NULL;
  void *p = F.base.xMalloc(n);
  if (p) F.live++;
  return p;
}

static void fail_free(void *p) {
  if (p) F.live--;
  F.base.xFree(p);
}

/* SQLite calls xRealloc with a non-NULL pointer and a positive size only. */
static void *fail_realloc(void *p, int n) {
  if (should_fail()) return NULL;
  return F.base.xRealloc(p, n);
}

static int fail_size(void *p) { return F.base.xSize(p); }
static int fail_roundup(int n) { return F.base.xRoundup(n); }
static int fail_init(void *app) { return F.base.xInit(app); }
static void fail_shutdown(void *app) { F.base.xShutdown(app); }

static void arm(long fail_at, int persistent) {
  F.count = 0;
  F.fail_at = fail_at;
  F.persistent = persistent;
  F.failed = 0;
  F.armed = 1;
}

static void disarm(void) { F.armed = 0; }

/* --- running cases ------------------------------------------------------ */

static int failures = 0;

static sqlite3 *open_db(void) {
  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_normalize_init(db, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec(db, CASES_SETUP, NULL, NULL, NULL) != SQLITE_OK) {
    fprintf(stderr, "oom: setting up a database failed: %s\n", db ? sqlite3_errmsg(db) : "no memory");
    exit(2);
  }
  return db;
}

/* Runs one case with every N in one mode; returns 0 or 1 (failed). */
static int run_mode(const Case *c, const char *expected, int persistent, long *runs) {
  const char *mode = persistent ? "persistent" : "transient";
  for (long n = 1;; n++) {
    long live_before = F.live;
    sqlite3 *db = open_db();
    int rc;
    arm(n, persistent);
    char *got = case_run(db, c->sql, &rc);
    disarm();
    int failed = F.failed;
    int ok = 1;
    char detail[160] = "";
    if (got == NULL) {
      ok = failed;
      snprintf(detail, sizeof detail, "no result text without a failed allocation");
    } else if (strcmp(got, expected) == 0) {
      /* the right result (or the same error), failure or not */
    } else if (failed && rc == SQLITE_ERROR && strncmp(expected, "error: ", 7) == 0 &&
               strcmp(got, "error: SQL logic error\n") == 0) {
      /* SQLite could not copy the error message (sqlite3_result_error makes
      ** a copy): the statement still fails, with SQLite's generic text. */
    } else if (!failed) {
      ok = 0;
      snprintf(detail, sizeof detail, "without a failure the result differs");
    } else if (rc != SQLITE_NOMEM) {
      ok = 0;
      snprintf(detail, sizeof detail, "rc %d (not SQLITE_NOMEM) and a different result", rc);
    }
    if (!ok) printf("  got:      %.300s", got ? got : "(nothing)\n");
    sqlite3_free(got);
    sqlite3_close(db);
    (*runs)++;
    if (ok && F.live != live_before) {
      ok = 0;
      snprintf(detail, sizeof detail, "%ld allocations leaked", F.live - live_before);
    }
    if (!ok) {
      printf("FAIL oom/%s: %s, N=%ld: %s\n", c->name, mode, n, detail);
      printf("  expected: %.300s", expected);
      return 1;
    }
    if (!failed) return 0; /* ran to the end without reaching allocation N */
  }
}

static void run_case(const Case *c) {
  sqlite3 *db = open_db();
  int rc;
  char *expected = case_run(db, c->sql, &rc);
  sqlite3_close(db);
  if (expected == NULL) {
    printf("FAIL oom/%s: no memory for the reference run\n", c->name);
    failures++;
    return;
  }
  long runs = 0;
  int bad = run_mode(c, expected, 0, &runs) || run_mode(c, expected, 1, &runs);
  if (bad) {
    failures++;
  } else {
    printf("ok oom/%s (%ld runs)\n", c->name, runs);
  }
  sqlite3_free(expected);
}

/* sqlite3_normalize_init itself under failing allocations: SQLITE_NOMEM or
** success, never a leak. */
static void run_registration(void) {
  for (int persistent = 0; persistent <= 1; persistent++) {
    for (long n = 1;; n++) {
      long live_before = F.live;
      sqlite3 *db = NULL;
      if (sqlite3_open(":memory:", &db) != SQLITE_OK) exit(2);
      arm(n, persistent);
      int rc = sqlite3_normalize_init(db, NULL, NULL);
      disarm();
      int failed = F.failed;
      sqlite3_close(db);
      if ((rc != SQLITE_OK && rc != SQLITE_NOMEM) || (rc != SQLITE_OK && !failed) || F.live != live_before) {
        printf("FAIL oom/register: N=%ld rc=%d leaked=%ld\n", n, rc, F.live - live_before);
        failures++;
        return;
      }
      if (!failed) break;
    }
  }
  printf("ok oom/register\n");
}

int main(void) {
  sqlite3_config(SQLITE_CONFIG_GETMALLOC, &F.base);
  sqlite3_mem_methods m = F.base;
  m.xMalloc = fail_malloc;
  m.xFree = fail_free;
  m.xRealloc = fail_realloc;
  m.xSize = fail_size;
  m.xRoundup = fail_roundup;
  m.xInit = fail_init;
  m.xShutdown = fail_shutdown;
  /* Every allocation through the allocator: no lookaside slots. */
  if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK || sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0) != SQLITE_OK ||
      sqlite3_initialize() != SQLITE_OK) {
    printf("FAIL oom/setup: cannot install the allocator\n");
    return 1;
  }
  const char *only = getenv("OOM_ONLY");
  failures += cases_cover_all_functions("oom");
  /* A first database warms up what SQLite allocates once per process. */
  sqlite3_close(open_db());
  if (!only || strstr("register", only)) run_registration();
  for (int i = 0; i < N_CASES; i++) {
    if (only && !strstr(CASES[i].name, only)) continue;
    run_case(&CASES[i]);
  }
  return failures ? 1 : 0;
}

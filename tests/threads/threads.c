/*
** threads.c: the extension under concurrency. THREADS threads (8), each with
** its own connection to its own in-memory database, run the statements of
** tests/oom/cases.c (fits, merges, sliding windows, transforms, accessors,
** JSON) over and over in different orders for about THREAD_SECONDS seconds
** (default 2, at least 2 passes). Every result must equal the one the same
** statement gave single-threaded before the threads started.
**
** Built with -fsanitize=thread (make test-tsan), ThreadSanitizer reports any
** data race; the extension keeps no mutable global state, so there must be
** none. Built normally it runs in `make test` as a quick check.
** Prints "ok threads/..." or "FAIL threads/..." lines.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases.h"

#define THREADS 8

typedef struct Worker {
  int id;
  char **expected; /* per case, from the single-threaded run */
  double seconds;  /* how long to keep going */
  long runs;       /* statements run */
  int mismatches;  /* results that differed */
  char first_bad[200];
} Worker;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static sqlite3 *open_db(void) {
  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_normalize_init(db, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec(db, CASES_SETUP, NULL, NULL, NULL) != SQLITE_OK) {
    fprintf(stderr, "threads: setting up a database failed\n");
    exit(2);
  }
  return db;
}

static void *work(void *arg) {
  Worker *w = arg;
  sqlite3 *db = open_db();
  double stop = now() + w->seconds;
  for (int pass = 0; pass < 2 || now() < stop; pass++) {
    for (int k = 0; k < N_CASES; k++) {
      int i = (k * 7 + w->id * 5 + pass) % N_CASES; /* a different order per thread and pass */
      int rc;
      char *got = case_run(db, CASES[i].sql, &rc);
      w->runs++;
      if (got == NULL || strcmp(got, w->expected[i]) != 0) {
        if (w->mismatches++ == 0) {
          snprintf(w->first_bad, sizeof w->first_bad, "case %s in thread %d: %.120s", CASES[i].name, w->id,
                   got ? got : "(no memory)");
        }
      }
      sqlite3_free(got);
    }
  }
  sqlite3_close(db);
  return NULL;
}

int main(void) {
  if (!sqlite3_threadsafe()) {
    printf("FAIL threads/setup: this SQLite is built without thread support\n");
    return 1;
  }
  int failures = cases_cover_all_functions("threads");
  const char *env = getenv("THREAD_SECONDS");
  double seconds = env ? atof(env) : 2.0;

  /* The single-threaded results. */
  char **expected = calloc((size_t)N_CASES, sizeof *expected);
  sqlite3 *db = open_db();
  for (int i = 0; i < N_CASES; i++) {
    int rc;
    expected[i] = case_run(db, CASES[i].sql, &rc);
    if (expected[i] == NULL) return 2;
  }
  sqlite3_close(db);

  Worker workers[THREADS];
  pthread_t tids[THREADS];
  for (int t = 0; t < THREADS; t++) {
    memset(&workers[t], 0, sizeof workers[t]);
    workers[t].id = t;
    workers[t].expected = expected;
    workers[t].seconds = seconds;
    if (pthread_create(&tids[t], NULL, work, &workers[t]) != 0) {
      printf("FAIL threads/start: cannot start thread %d\n", t);
      return 1;
    }
  }
  long runs = 0;
  for (int t = 0; t < THREADS; t++) {
    pthread_join(tids[t], NULL);
    runs += workers[t].runs;
    if (workers[t].mismatches) {
      printf("FAIL threads/results: %d results differ from the single-threaded run; first: %s\n",
             workers[t].mismatches, workers[t].first_bad);
      failures++;
    }
  }
  if (failures == 0) printf("ok threads/results: %d threads, %ld statements, all equal to single-threaded\n", THREADS, runs);
  for (int i = 0; i < N_CASES; i++) sqlite3_free(expected[i]);
  free(expected);
  return failures ? 1 : 0;
}

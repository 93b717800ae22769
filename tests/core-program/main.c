/*
** core-program/main.c: sqlite-normalize built INTO a program instead of
** loaded as an extension (README.md, "Building the functions into a program").
**
** The sources in ext/ are compiled with -DSQLITE_CORE, which turns the
** extension macros (SQLITE_EXTENSION_INIT1/2/3) into nothing so that the code
** calls SQLite directly, and linked with libsqlite3 (or sqlite3.c). Then one
** call to sqlite3_auto_extension() makes every connection the program opens
** afterwards have the functions, with no sqlite3_load_extension() (which many
** builds disable).
**
** Usage: core_program SQL   prints each result row, columns separated by
** '|', as the sqlite3 shell's list mode does; exits 1 on an error.
**
** Requirements (tests/suites/platforms.sh):
**  1. The functions are there on a connection opened after registration.
**  2. A connection opened before the registration does not have them (the
**     auto-extension applies to new connections only).
*/
#include <stdio.h>

#include "sqlite3.h"

/* The entry point of ext/sql/normalize.c. */
int sqlite3_normalize_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

/* Prints the rows of every statement in sql; returns 0 or 1 after an error. */
static int run(sqlite3 *db, const char *sql) {
  while (sql && *sql) {
    sqlite3_stmt *stmt = NULL;
    const char *tail = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, &tail) != SQLITE_OK) {
      fprintf(stderr, "error: %s\n", sqlite3_errmsg(db));
      return 1;
    }
    int rc;
    while (stmt && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      for (int i = 0; i < sqlite3_column_count(stmt); i++) {
        const unsigned char *text = sqlite3_column_text(stmt, i);
        printf("%s%s", i ? "|" : "", text ? (const char *)text : "");
      }
      printf("\n");
    }
    if (stmt && rc != SQLITE_DONE) {
      fprintf(stderr, "error: %s\n", sqlite3_errmsg(db));
      sqlite3_finalize(stmt);
      return 1;
    }
    sqlite3_finalize(stmt);
    sql = tail;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s SQL\n", argv[0]);
    return 2;
  }
  sqlite3 *before = NULL;
  if (sqlite3_open(":memory:", &before) != SQLITE_OK) return 1;

  /* The cast to void(*)(void) is what sqlite3_auto_extension's prototype asks for. */
  if (sqlite3_auto_extension((void (*)(void))sqlite3_normalize_init) != SQLITE_OK) {
    fprintf(stderr, "error: sqlite3_auto_extension failed\n");
    return 1;
  }

  /* Requirement 2: the connection opened earlier lacks the functions. */
  sqlite3_stmt *probe = NULL;
  int had = sqlite3_prepare_v2(before, "SELECT norm_version()", -1, &probe, NULL) == SQLITE_OK;
  sqlite3_finalize(probe);
  sqlite3_close(before);
  if (had) {
    fprintf(stderr, "error: a connection opened before sqlite3_auto_extension has the functions\n");
    return 1;
  }

  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    fprintf(stderr, "error: cannot open a database\n");
    return 1;
  }
  int rc = run(db, argv[1]);
  sqlite3_close(db);
  sqlite3_reset_auto_extension();
  return rc;
}

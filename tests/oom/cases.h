/*
** cases.h: the statements the out-of-memory harness (oom.c) and the thread
** test (tests/threads/threads.c) run: every function of the extension in
** every form (aggregate, window with a sliding frame, scalar, JSON in and
** out, error paths), over a small table made by CASES_SETUP.
**
** To cover a new function, add rows to CASES in cases.c. Both programs check
** that every function sqlite3_normalize_init registers (read from
** pragma_function_list) is called by at least one case, and fail otherwise.
*/
#ifndef NORM_TEST_CASES_H
#define NORM_TEST_CASES_H

#include <sqlite3.h>

typedef struct Case {
  const char *name; /* short name for reports */
  const char *sql;  /* one statement, run over the CASES_SETUP table */
} Case;

extern const Case CASES[];
extern const int N_CASES;
extern const char CASES_SETUP[];

/* The extension's entry point, linked in (built with -DSQLITE_CORE). */
int sqlite3_normalize_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

/* Runs sql on db and returns every row as text (sqlite3_malloc'ed), or
** "error: MESSAGE" when it fails; *rc gets the final result code. NULL only
** when memory for the text itself ran out. */
char *case_run(sqlite3 *db, const char *sql, int *rc);

/* Checks that every function registered by the extension occurs (as
** "name(") in some case; returns the number of missing ones, printing a
** "FAIL" line for each. */
int cases_cover_all_functions(const char *prefix);

#endif

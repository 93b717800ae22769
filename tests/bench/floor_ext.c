/*
** floor_ext.c: a stand-in extension for `make bench` that does no work but
** has the shapes of norm_fit and norm_z: floor_fit(x), a window function
** whose value is an 80-byte blob (the size of a scalar state), and
** floor_z(x, blob), a scalar function that reads 8 bytes of it. Timing
** norm_z(x, norm_fit(x) OVER w) against floor_z(x, floor_fit(x) OVER w)
** separates what the extension costs from what SQLite costs to pass a
** state from a window function to a scalar function (pairs 3 and 4).
*/
#include <string.h>

#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1

/* Adds (sign 1) or removes (sign -1) a row: a running sum, so the blob changes. */
static void floor_fit_add(sqlite3_context *ctx, sqlite3_value **argv, double sign) {
  double *sum = sqlite3_aggregate_context(ctx, (int)sizeof *sum);
  if (sum) *sum += sign * sqlite3_value_double(argv[0]);
}

static void floor_fit_step(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  floor_fit_add(ctx, argv, 1.0);
}

static void floor_fit_inverse(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  floor_fit_add(ctx, argv, -1.0);
}

static void floor_fit_value(sqlite3_context *ctx) {
  unsigned char blob[80] = {0};
  double *sum = sqlite3_aggregate_context(ctx, (int)sizeof *sum);
  if (sum) memcpy(blob + 16, sum, sizeof *sum);
  sqlite3_result_blob(ctx, blob, (int)sizeof blob, SQLITE_TRANSIENT);
}

static void floor_z_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const unsigned char *blob = sqlite3_value_blob(argv[1]);
  double sum = 0;
  if (blob && sqlite3_value_bytes(argv[1]) == 80) memcpy(&sum, blob + 16, sizeof sum);
  sqlite3_result_double(ctx, sqlite3_value_double(argv[0]) - sum);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_floorext_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi);

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_floorext_init(sqlite3 *db, char **pzErrMsg, const sqlite3_api_routines *pApi) {
  (void)pzErrMsg;
  SQLITE_EXTENSION_INIT2(pApi);
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int rc = sqlite3_create_window_function(db, "floor_fit", 1, flags, NULL, floor_fit_step, floor_fit_value,
                                          floor_fit_value, floor_fit_inverse, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "floor_z", 2, flags, NULL, floor_z_func, NULL, NULL);
  return rc;
}

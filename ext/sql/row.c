/*
** row.c: fitting along the sample axis: row_fit(x1, ..., xn), the state of
** one row's values across its columns.
**
** Requirements:
**  1. row_fit returns the state of its non-NULL arguments (1 to 127 of them);
**     all NULL gives NULL.
**  2. Each argument must be a number (arg_number): errors name row_fit and
**     the argument's position.
**  3. The state is the same kind norm_fit makes, fitted with the same exact
**     accumulator, so norm_z(x, row_fit(a, b, c)) and
**     norm_z(x, norm_fit(x) OVER ()) differ only in the axis.
**  4. row_fit(v) with one vector argument fits the elements of v (vecfit.c).
*/
#include <string.h>

#include "args.h"
#include "core/accum.h"
#include "vecsql.h"

/* Readies an accumulator that never removes: only the small fields need
** clearing (the sums zero their chunks as they use them). */
static void init_static_accum(Accum *a) {
  ExactSum *sums[3] = {&a->sum_w, &a->sum_wx, &a->sum_wxx};
  for (int i = 0; i < 3; i++) {
    xs_clear(sums[i]);
  }
  a->rows = a->weighted = a->no_minmax = 0;
  a->batched = 0;
  memset(&a->lazy, 0, sizeof a->lazy);
  a->lazy.late = 1; /* row_fit gives the extrema its values directly */
  memset(&a->extrema, 0, sizeof a->extrema);
  a->extrema.untracked = 1; /* no removals: no queues */
}

void row_fit_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  if (argc == 1 && vec_value_is_vector(argv[0])) { /* Requirement 4 */
    vec_row_fit_func(ctx, argc, argv);
    return;
  }
  Accum a;
  init_static_accum(&a);
  for (int i = 0; i < argc; i++) {
    double x;
    ArgResult r = arg_number(ctx, "row_fit", argv, i, &x);
    if (r == ARG_ERROR) return;
    if (r == ARG_OK) acc_add_value_now(&a, x, &norm_allocator); /* allocates nothing here */
  }
  result_accum(ctx, &a, "row_fit");
}

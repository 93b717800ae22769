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
*/
#include <string.h>

#include "accum.h"
#include "args.h"

/* Readies an accumulator that never removes: only the small fields need
** clearing (the sums zero their chunks as they use them). */
static void init_static_accum(Accum *a) {
  ExactSum *sums[3] = {&a->sum_w, &a->sum_wx, &a->sum_wxx};
  for (int i = 0; i < 3; i++) {
    sums[i]->first = sums[i]->end = sums[i]->adds = sums[i]->overflow = 0;
  }
  a->rows = a->weighted = a->no_minmax = 0;
  memset(&a->extrema, 0, sizeof a->extrema);
  a->extrema.untracked = 1; /* no removals: no queues */
}

void row_fit_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  Accum a;
  init_static_accum(&a);
  for (int i = 0; i < argc; i++) {
    double x;
    ArgResult r = arg_number(ctx, "row_fit", argv, i, &x);
    if (r == ARG_ERROR) return;
    if (r == ARG_OK) acc_add_value(&a, x, &norm_allocator); /* allocates nothing here */
  }
  Moments m;
  switch (acc_finish(&a, &m)) {
    case ACC_OK:
      result_scalar_state(ctx, &m);
      break;
    case ACC_EMPTY:
      sqlite3_result_null(ctx);
      break;
    case ACC_UNDERFLOW:
      norm_error(ctx, "row_fit", "the variance of these values is below the smallest normal double; scale them first");
      break;
    default:
      norm_error(ctx, "row_fit", "the sums of these values are beyond the range of a double");
      break;
  }
}

/*
** arith_floor.c: pair 4's exact arithmetic alone, outside SQLite (make bench).
**
** A sliding z-score over a frame of `frame` rows does, per row, what
** norm_fit's window functions and norm_z do without any SQLite around them:
** add the new row to the exact sums, remove the row leaving the frame,
** finish (mean and m2 as double-doubles from the exact integers), write the
** 80-byte state, read and validate it back, derive the double-double std and
** the z-score. Its time per row, next to the no-work stand-in's (SQLite's own
** cost of passing a state from a window function to a scalar function),
** bounds how close norm_z can come to avg(x) over the same frame while it
** stays exact: stand-in + arithmetic is the least norm_z can cost.
*/
#include "arith_floor.h"

#include <stdlib.h>

#include "core/accum.h"
#include "core/moments.h"
#include "format/state.h"

static void *plain_realloc(void *p, uint64_t n) { return realloc(p, (size_t)n); }
static const Allocator PLAIN = {plain_realloc, free};

double arith_floor_run(const double *x, long n, long frame, int stages) {
  Accum *a = calloc(1, sizeof *a);
  double sink = 0;
  if (a == NULL) return 0;
  acc_mark_window(a);
  for (long i = 0; i < n; i++) {
    unsigned char blob[STATE_HEADER_SIZE + STATE_BLOCK_SIZE];
    Moments m, r;
    acc_add_value(a, x[i], &PLAIN);
    if (i >= frame) acc_remove_value(a, x[i - frame], &PLAIN);
    if (stages < 2 || acc_finish(a, &m) != ACC_OK) continue;
    state_write_scalar(blob, &m);
    if (stages < 3 || !state_read_scalar(blob, (int)sizeof blob, &r)) continue;
    if (stages < 4) {
      sink += r.mean.hi;
      continue;
    }
    DD sd = moments_std_dd_fast(&r, 0);
    if (sd.hi > 0) sink += moments_z_quotient_fast(x[i], r.mean, sd);
  }
  acc_free(a, &PLAIN);
  free(a);
  return sink;
}

/* test_extrema.c: sliding min and max against brute force, and the cap. */
#include <string.h>

#include "check.h"
#include "core/extrema.h"

static void brute(const double *x, int lo, int hi, double *mn, double *mx) {
  *mn = *mx = x[lo];
  for (int i = lo; i <= hi; i++) {
    if (x[i] < *mn) *mn = x[i];
    if (x[i] > *mx) *mx = x[i];
  }
}

void test_extrema(void) {
  enum { N = 20000 };
  static double x[N];
  uint64_t rng = 3;
  for (int i = 0; i < N; i++) x[i] = (double)(int)(test_uniform(&rng) * 50); /* many ties */
  int frames[] = {1, 2, 7, 100, 1000};
  for (size_t f = 0; f < sizeof frames / sizeof frames[0]; f++) {
    Extrema e;
    memset(&e, 0, sizeof e);
    extrema_mark_window(&e);
    int bad = 0;
    for (int i = 0; i < N; i++) {
      extrema_add(&e, x[i], x[i], &test_allocator);
      if (i >= frames[f]) extrema_remove(&e, x[i - frames[f]], x[i - frames[f]], &test_allocator);
      double mn, mx;
      brute(x, i >= frames[f] ? i - frames[f] + 1 : 0, i, &mn, &mx);
      if (!extrema_known(&e) || e.min != mn || e.max != mx) bad++;
    }
    extrema_free(&e, &test_allocator);
    char name[64];
    snprintf(name, sizeof name, "extrema/sliding-frame-%d", frames[f]);
    CHECK(name, bad == 0);
  }

  /* Sorted input as a plain aggregate: the queues stop at the cap. */
  Extrema e;
  memset(&e, 0, sizeof e);
  for (int i = 0; i < 3 * EXTREMA_AGGREGATE_CAP; i++) extrema_add(&e, i, i, &test_allocator);
  CHECK("extrema/aggregate-memory-capped",
        e.untracked && e.qmin.cap == 0 && e.min == 0 && e.max == 3 * EXTREMA_AGGREGATE_CAP - 1);
  /* Removing the oldest row, the minimum, loses the extremes. */
  extrema_remove(&e, 0, 0, &test_allocator);
  CHECK("extrema/untracked-removal-of-extreme-is-lost", !extrema_known(&e));
  extrema_free(&e, &test_allocator);
}

/* test_lazyext.c: the accumulator's lazy min and max (lazyext.h) against an
** Extrema given every row as it comes (what the accumulator did before):
** frames that fill up for a while and then slide (the first removal hands the
** rows over, requirement 1), finishes in between (summaries, requirement 2),
** sorted runs long enough to fill the chains, ties, zeros and -0.0. Every
** finish must report the same min and max bit for bit, or none in both. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/accum.h"

/* The value of row i for data kind `kind`. */
static double lazy_value(uint64_t *rng, int kind, int i) {
  double u = test_uniform(rng);
  switch (kind) {
    case 0: /* random */
      return floor(u * 1000) / 8 - 60;
    case 1: /* ascending: every row stays in the minimum chain */
      return i * 0.5;
    case 2: /* descending */
      return -i * 0.25;
    case 3: /* few distinct values: ties everywhere, zeros of both signs */
      return u < 0.3 ? 0.0 : u < 0.6 ? -0.0 : u < 0.8 ? 1.0 : -1.0;
    case 4: /* a spike now and then */
      return i % 97 == 0 ? 1e12 * (u - 0.5) : u;
    case 5: /* positive: any stray value at 0 would be the minimum */
      return 1 + u;
    default: /* negative */
      return -1 - u;
  }
}

/* 1 when the finish of `a` and the reference agree on min and max. */
static int same_extremes(Accum *a, Extrema *ref) {
  Moments m;
  AccResult r = acc_finish(a, &m);
  if (r == ACC_EMPTY) return ref->count == 0;
  if (r != ACC_OK) return 0;
  int has = (m.flags & MOM_HAS_MINMAX) != 0;
  if (has != extrema_known(ref)) return 0;
  if (!has) return 1;
  double rmin = ref->min, rmax = ref->max;
  return memcmp(&m.min, &rmin, sizeof rmin) == 0 && memcmp(&m.max, &rmax, sizeof rmax) == 0;
}

void test_lazyext(void) {
  uint64_t rng = 11;
  enum { N = 7000 };
  static double v[N];
  int leads[] = {0, 1, 5, 31, 127, 128, 129, 300, 4500, 6500, N};
  int bad = 0, cases = 0;
  for (int kind = 0; kind < 7; kind++) {
    for (size_t l = 0; l < sizeof leads / sizeof leads[0]; l++) {
      for (int finishes = 0; finishes < 2; finishes++) {
        static Accum a;
        Extrema ref;
        memset(&a, 0, sizeof a);
        memset(&ref, 0, sizeof ref);
        int lead = leads[l], frame = lead > 0 ? lead : 1;
        int marked = 0;
        for (int i = 0; i < N; i++) {
          v[i] = lazy_value(&rng, kind, i);
          if (acc_add_value(&a, v[i], &test_allocator) != ACC_OK) bad++;
          extrema_add(&ref, v[i], v[i], &test_allocator);
          if (lead < N && i >= frame) { /* the frame slides: the oldest row leaves */
            if (acc_remove_value(&a, v[i - frame], &test_allocator) != ACC_OK) bad++;
            extrema_remove(&ref, v[i - frame], v[i - frame], &test_allocator);
          }
          /* finishes: now and then, or (a window) at every row from some point */
          int finish = finishes ? (i % 37 == 0 || i > N - 50) : i == N - 1;
          if (finish) {
            if (!marked && finishes) { /* the first window value marks both */
              acc_mark_window(&a);
              extrema_mark_window(&ref);
              marked = 1;
            }
            if (!same_extremes(&a, &ref)) bad++;
          }
        }
        acc_free(&a, &test_allocator);
        extrema_free(&ref, &test_allocator);
        cases++;
      }
    }
  }
  CHECK("lazyext/same-extremes-as-every-row", bad == 0 && cases == 154);

  /* Removals before the first finish, from an accumulator that has folded
  ** several batches (SQLite's frames that start after the current row). */
  static Accum a;
  Extrema ref;
  memset(&a, 0, sizeof a);
  memset(&ref, 0, sizeof ref);
  bad = 0;
  for (int i = 0; i < 1000; i++) {
    v[i] = lazy_value(&rng, 0, i);
    acc_add_value(&a, v[i], &test_allocator);
    extrema_add(&ref, v[i], v[i], &test_allocator);
  }
  for (int i = 0; i < 990; i++) {
    acc_remove_value(&a, v[i], &test_allocator);
    extrema_remove(&ref, v[i], v[i], &test_allocator);
    if (i % 10 == 0 && !same_extremes(&a, &ref)) bad++;
  }
  acc_free(&a, &test_allocator);
  extrema_free(&ref, &test_allocator);
  CHECK("lazyext/removals-before-first-value", bad == 0);
}

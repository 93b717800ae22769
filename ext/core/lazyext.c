/*
** lazyext.c: lazy min and max (see lazyext.h for the scheme).
*/
#include "lazyext.h"

#include <string.h>

/* Makes room for `need` entries. Returns 0, or -1 without memory (the chain
** is then unchanged). */
static int chain_reserve(LazyChain *c, int32_t need, const Allocator *a) {
  if (need <= c->cap) return 0;
  int32_t cap = c->cap ? c->cap : 16;
  while (cap < need) cap *= 2;
  LazyEntry *entry = a->realloc(c->entry, (uint64_t)cap * sizeof *entry);
  if (entry == NULL) return -1;
  c->entry = entry;
  c->cap = cap;
  return 0;
}

/* How many entries stay when a row of value `bound` arrives: the minimum
** chain (keeps_min) drops the entries at or above it, the maximum chain those
** at or below it (the rules of extrema.c's queues). */
static int32_t chain_kept(const LazyChain *c, double bound, int keeps_min) {
  int32_t size = c->size;
  while (size > 0 && (keeps_min ? c->entry[size - 1].value >= bound : c->entry[size - 1].value <= bound)) size--;
  return size;
}

int lazy_add(LazyExtrema *z, const double *x, int n, const Allocator *a) {
  if (n <= 0) return 0;
  /* The batch's own survivors, found from its newest row back. */
  int keep_min[LAZY_MAX_ROWS], keep_max[LAZY_MAX_ROWS];
  int nmin = 0, nmax = 0;
  double run_min = x[n - 1], run_max = x[n - 1];
  keep_min[nmin++] = keep_max[nmax++] = n - 1;
  for (int i = n - 2; i >= 0; i--) {
    double v = x[i];
    if (v < run_min) {
      run_min = v;
      keep_min[nmin++] = i;
    } else if (v > run_max) { /* a new minimum is never a new maximum */
      run_max = v;
      keep_max[nmax++] = i;
    }
  }
  int32_t kmin = chain_kept(&z->low, run_min, 1);
  int32_t kmax = chain_kept(&z->high, run_max, 0);
  if (kmin + nmin > LAZY_CHAIN_CAP || kmax + nmax > LAZY_CHAIN_CAP) return 1;
  if (chain_reserve(&z->low, kmin + nmin, a) || chain_reserve(&z->high, kmax + nmax, a)) return -1;
  z->low.size = kmin;
  for (int j = nmin - 1; j >= 0; j--) {
    z->low.entry[z->low.size].value = x[keep_min[j]];
    z->low.entry[z->low.size++].row = z->rows + keep_min[j];
  }
  z->high.size = kmax;
  for (int j = nmax - 1; j >= 0; j--) {
    z->high.entry[z->high.size].value = x[keep_max[j]];
    z->high.entry[z->high.size++].row = z->rows + keep_max[j];
  }
  if (z->rows == 0 || run_min < z->min) z->min = run_min;
  if (z->rows == 0 || run_max > z->max) z->max = run_max;
  z->last = x[n - 1];
  z->rows += n;
  return 0;
}

/* Takes the summary out of e (it is its only entry: e is then empty). */
static void drop_summary(LazyExtrema *z, Extrema *e, const Allocator *a) {
  if (!z->summary) return;
  extrema_remove(e, z->summary_lo, z->summary_hi, a); /* the last entry: cannot fail */
  z->summary = 0;
}

int lazy_leave(LazyExtrema *z, Extrema *e, const double *x, int n, const Allocator *a) {
  if (z->late) return 0;
  drop_summary(z, e, a);
  int32_t lo = 0, hi = 0; /* next entries of the two chains */
  int failed = 0;
  for (int64_t row = 0; row < z->rows && !failed; row++) {
    double v = z->last; /* a row in neither chain */
    if (lo < z->low.size && z->low.entry[lo].row == row) v = z->low.entry[lo++].value;
    if (hi < z->high.size && z->high.entry[hi].row == row) v = z->high.entry[hi++].value;
    failed = extrema_add(e, v, v, a) != 0;
  }
  for (int i = 0; i < n && !failed; i++) failed = extrema_add(e, x[i], x[i], a) != 0;
  lazy_free(z, a);
  z->late = 1;
  if (failed) extrema_forget(e, a);
  return failed ? -1 : 0;
}

void lazy_summarize(LazyExtrema *z, Extrema *e, const double *x, int n) {
  if (z->late || (z->rows == 0 && n == 0)) return;
  if (z->summary && n == 0 && z->summary_rows == z->rows) return; /* no row since the last one */
  double lo = z->rows ? z->min : x[0], hi = z->rows ? z->max : x[0];
  for (int i = 0; i < n; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  drop_summary(z, e, z->alloc);
  extrema_add(e, lo, hi, z->alloc); /* into an empty Extrema: allocates nothing, cannot fail */
  z->summary = 1;
  z->summary_rows = z->rows + n;
  z->summary_lo = lo;
  z->summary_hi = hi;
}

void lazy_free(LazyExtrema *z, const Allocator *a) {
  if (z->low.entry) a->free(z->low.entry);
  if (z->high.entry) a->free(z->high.entry);
  memset(&z->low, 0, sizeof z->low);
  memset(&z->high, 0, sizeof z->high);
}

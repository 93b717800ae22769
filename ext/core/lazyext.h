/*
** lazyext.h: the min and max of an accumulator's rows without the queues of
** extrema.h until a removal needs them. Pure C, no SQLite; memory comes from
** the allocator the caller gives.
**
** Requirements (tests/unit/test_lazyext.c cites them):
**  1. Whatever the rows, an Extrema that is handed them by lazy_leave ends in
**     the same state, as far as anything can observe (min, max, whether they
**     are known, and so every later add and removal), as one that was given
**     every row by extrema_add as it came.
**  2. lazy_summarize makes an Extrema report the min and max of the rows
**     (their -0.0 turned into +0.0, as extrema_add does), and the next
**     lazy_summarize or lazy_leave takes that summary out again exactly.
**
** 2026-11-25: Why. An aggregate that is never a window never removes a row,
** yet until it is asked for a window value it cannot know that: SQLite calls
** xInverse before the first xValue for frames that start after the current
** row. So every row went through the queues (about 45 instructions a row,
** tests/bench pair 1). The queues of extrema.h hold exactly the "suffix
** minima" (rows below every later row) and "suffix maxima"; the chains here
** keep the same rows, updated a batch at a time: a backward scan finds the
** batch's own survivors, the chain drops what the batch's minimum (maximum)
** overrides, and the survivors are appended, a few instructions a row. When
** a row must leave (the first removal), the Extrema is handed every row in
** order, the chains' rows with their values and every other row with the
** value of the last row. Such a stand-in is dropped from both queues by the
** last row at the latest (it arrives later with an equal value), and a chain
** row still survives (it is below, or above, every later row, and the
** stand-ins carry a later row's value), so the queues end holding the same
** rows and values, numbered consistently with the removals to come (a
** summary added and removed shifts both counts alike), and the min and max
** are unchanged. The queues never reach their cap (EXTREMA_AGGREGATE_CAP)
** while lazy, since the chains stop at LAZY_CHAIN_CAP entries: then the rows
** are handed over at once and go to the Extrema one by one from then on.
** Finishing while lazy puts one entry spanning [min, max] in the Extrema (a
** "summary"); it is removed (the Extrema is then empty: extrema_remove
** starts it afresh) before the next summary or the hand-over.
*/
#ifndef NORM_LAZYEXT_H
#define NORM_LAZYEXT_H

#include <stdint.h>

#include "extrema.h"

#define LAZY_CHAIN_CAP 4096 /* entries per chain before the rows are handed over */
#define LAZY_MAX_ROWS 256   /* the most rows one lazy_add takes */

typedef struct LazyEntry {
  double value; /* the row's value */
  int64_t row;  /* its position among the lazy rows */
} LazyEntry;

typedef struct LazyChain {
  LazyEntry *entry; /* oldest first */
  int32_t size;     /* entries in use */
  int32_t cap;      /* entries allocated */
} LazyChain;

typedef struct LazyExtrema {
  int32_t late;      /* 1 once the Extrema is given every row (the chains are gone) */
  int32_t summary;   /* the Extrema holds one entry [summary_lo, summary_hi] */
  double summary_lo; /* that entry */
  double summary_hi;
  int64_t summary_rows; /* the rows it stands for */
  int64_t rows;         /* rows in the chains */
  double min;           /* their min, max and last value, when rows > 0 */
  double max;
  double last;
  LazyChain low;          /* rows below every later row (the minimum queue's rows) */
  LazyChain high;         /* rows above every later row */
  const Allocator *alloc; /* the allocator of the rows, for lazy_summarize */
} LazyExtrema;

/* An all-zero LazyExtrema is lazy and empty. */

/* Adds the rows x[0..n) (n <= LAZY_MAX_ROWS) to the chains. Returns 0; -1
** without memory, or 1 when a chain would pass LAZY_CHAIN_CAP (nothing is
** changed in either case). */
int lazy_add(LazyExtrema *z, const double *x, int n, const Allocator *a);

/* Hands e every row of the chains and then x[0..n) (rows not yet in them),
** as extrema_add would have been given them, frees the chains and marks z
** late. Returns 0, or -1 without memory: e then holds only part of the rows
** and its extremes are marked unknown (the caller reports the error). */
int lazy_leave(LazyExtrema *z, Extrema *e, const double *x, int n, const Allocator *a);

/* Makes e report the min and max of the chains' rows and x[0..n) (the rows
** not yet in them), replacing an earlier summary; e must hold nothing else. */
void lazy_summarize(LazyExtrema *z, Extrema *e, const double *x, int n);

/* Frees the chains. */
void lazy_free(LazyExtrema *z, const Allocator *a);

#endif

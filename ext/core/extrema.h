/*
** extrema.h: the smallest and largest value of a multiset that grows at one
** end and shrinks at the other (a sliding window frame), in amortized O(1) per
** row. Pure C, no SQLite; memory comes from the allocator the caller gives.
**
** SQLite adds the rows of a window frame in order and removes them in the same
** order, so two monotonic queues (one for minima, one for maxima) give the
** extremes of the frame: a value is dropped from the minimum queue as soon as
** a later, smaller-or-equal value arrives, since it can never again be the
** minimum. Each entry records the sequence number of its row, so a removal
** pops the queue's front exactly when that row leaves.
**
** 2026-11-24: An aggregate that is never used as a window never removes, and
** on sorted data its minimum queue would keep every row. So until the first
** window value is asked for (extrema_mark_window), the queues are capped at
** EXTREMA_AGGREGATE_CAP entries; past that they are dropped and only the
** running min and max kept. If such a state is later asked to remove one of
** its current extremes, the extremes become unknown (`lost`), which the state
** reports as "no min/max" rather than a wrong number. This only happens for
** frames that reach more than EXTREMA_AGGREGATE_CAP rows ahead of the current
** row (FOLLOWING); everything else is exact. The extremes are known again once
** the frame empties.
**
** 2026-11-25: Rows are not pushed into the queues one by one but gathered in
** a small inline buffer (`pending`) and folded in EXTREMA_PENDING at a time,
** or before a removal: scanning the batch backwards finds the rows that
** survive in each queue (a row survives if it is below every later row of
** the batch, for the minimum) and the queue keeps the entries below the
** batch's minimum, which is exactly what pushing them one by one leaves. A
** plain aggregate then pays a store and a compare or two per row instead of
** two queue pushes (tests/bench: 97 instructions per row down to about 15).
** The cap is checked when a batch is folded, so the queues may pass it by
** up to EXTREMA_PENDING entries before they are dropped.
**
** 2026-11-25: In a sliding frame every removal folded the batch in first, so
** the batch held one row and folding it (about 190 instructions) was paid on
** every row: a removal cost 2.7 times an add (tests/bench pair 4). The
** queues, though, only need the rows that have been folded: as long as the
** leaving row is not in the batch, it is popped from the queue fronts (when
** it is one) and the extremes are the better of the queue fronts and of the
** batch's own minimum and maximum (pending_min, pending_max, brought up to
** date over the rows added since, so each row is looked at once); when it is
** the front of neither queue, they do not change at all. Both ways leave the
** same values: a queue holds, of the rows it has seen that are still in,
** those strictly below (above) every later one, whatever the order in which
** adds, folds and pops happened. The batch is still folded when it fills
** (the step pays it, about 20 instructions a row) or when its oldest row
** leaves (frames of fewer than EXTREMA_PENDING rows). Only window functions
** of scalars ask for this (extrema_mark_sliding, from acc_mark_window): an
** aggregate not yet marked keeps folding before a removal, so the cap is
** checked at the same rows as before, and vecacc.c, whose queue budget counts
** queue sizes, sees the sizes it always saw. Unit tests
** fastpaths/extrema-sliding-* compare both ways bit for bit, and
** tests/sql/sliding.sql windows with fits from scratch. callgrind, pair 4: a
** removal in norm_fit_inverse 571 instructions down to 210 (of which the
** extremes about 25; sorted data, where every removal pops, 290).
*/
#ifndef NORM_EXTREMA_H
#define NORM_EXTREMA_H

#include <stddef.h>
#include <stdint.h>

#include "compiler.h"

#define EXTREMA_AGGREGATE_CAP 65536
#define EXTREMA_PENDING 32

/* The allocator: realloc(p, n) with p NULL allocates, free(p) frees. */
typedef struct Allocator {
  void *(*realloc)(void *p, uint64_t n);
  void (*free)(void *p);
} Allocator;

typedef struct ExtremaEntry {
  double value; /* the row's value (its minimum, in the minimum queue) */
  int64_t seq;  /* the row's sequence number */
} ExtremaEntry;

typedef struct ExtremaQueue {
  ExtremaEntry *ring; /* circular buffer of `cap` entries */
  int64_t cap;        /* allocated entries (a power of two, or 0) */
  int64_t head;       /* index of the front entry */
  int64_t size;       /* entries in use */
} ExtremaQueue;

typedef struct Extrema {
  double min;                         /* current minimum, when count > 0 and !lost */
  double max;                         /* current maximum, when count > 0 and !lost */
  int64_t count;                      /* rows currently in */
  int64_t added;                      /* rows ever added (next sequence number) */
  int64_t removed;                    /* rows ever removed */
  ExtremaQueue qmin;                  /* candidates for the minimum, increasing values */
  ExtremaQueue qmax;                  /* candidates for the maximum, decreasing values */
  int window;                         /* the caller said this is a window: no cap */
  int untracked;                      /* queues were dropped at the cap */
  int lost;                           /* extremes unknown until the frame empties */
  int sliding;                        /* removals leave the batch alone (extrema_mark_sliding) */
  int pending;                        /* rows added but not yet in the queues (the newest) */
  int pending_seen;                   /* of those, the first ones pending_min and pending_max cover */
  double pending_min;                 /* the smallest lo of the first pending_seen, when > 0 */
  double pending_max;                 /* the largest hi of the first pending_seen, when > 0 */
  double pending_lo[EXTREMA_PENDING]; /* their spans, oldest first */
  double pending_hi[EXTREMA_PENDING];
} Extrema;

/* Adds a row spanning [lo, hi] (lo == hi for a value). Returns 0 on success,
** -1 when memory ran out (the row is then not added). Inline for the common
** case (the row only joins the pending batch); extrema_add_slow does the rest. */
int extrema_add_slow(Extrema *e, double lo, double hi, const Allocator *a);
static inline int extrema_add(Extrema *e, double lo, double hi, const Allocator *a) {
  /* 2026-11-25 (found by fuzz_sql's window check): -0.0 == 0.0, so which of
  ** the two became the min or max depended on the order of the rows and on
  ** the path (running value or queue): a sliding frame and the same rows
  ** fitted from scratch gave different bytes. Adding +0.0 turns -0.0 into
  ** +0.0 and leaves every other value as it is. */
  lo += 0.0;
  hi += 0.0;
  if (e->untracked || e->pending == EXTREMA_PENDING || e->count == 0) return extrema_add_slow(e, lo, hi, a);
  e->pending_lo[e->pending] = lo;
  e->pending_hi[e->pending] = hi;
  e->pending++;
  if (lo < e->min) e->min = lo;
  if (hi > e->max) e->max = hi;
  e->count++;
  e->added++;
  return 0;
}

/* Removes the oldest row, which spanned [lo, hi]. Returns 0, or -1 when
** memory ran out (the row is then not removed).
**
** Inline for the common case of a sliding frame: the leaving row has been
** folded into the queues, more folded rows stay, and it is the front of
** neither queue, so the frame's min and max stay what they are (a row that
** is not a front has a later row at or beyond it). When it is a front,
** extrema_pop_front pops it if one row came since the last removal
** (steady sliding; on sorted data every removal pops), the extremes then
** being the better of the new fronts and of the batch. extrema_remove_slow
** does everything else, and all of it the same way. */
int extrema_remove_slow(Extrema *e, double lo, double hi, const Allocator *a);
/* The pop of extrema_remove, for a sliding frame whose leaving row is a
** queue front (checked by the caller); 1 when done, 0 (nothing changed)
** when the case is extrema_remove_slow's. */
int extrema_pop_front(Extrema *e);
static NORM_ALWAYS_INLINE inline int extrema_remove(Extrema *e, double lo, double hi, const Allocator *a) {
  int64_t seq = e->removed;
  const ExtremaQueue *qn = &e->qmin, *qx = &e->qmax;
  if (!e->sliding || e->untracked || e->count < 2 || seq + 1 >= e->added - e->pending || qn->size == 0 ||
      qx->size == 0) {
    return extrema_remove_slow(e, lo, hi, a);
  }
  if (qn->ring[qn->head].seq == seq || qx->ring[qx->head].seq == seq) {
    return extrema_pop_front(e) ? 0 : extrema_remove_slow(e, lo, hi, a);
  }
  e->removed++;
  e->count--;
  return 0;
}

/* Drops the queues: the extremes are unknown until the frame empties. */
void extrema_forget(Extrema *e, const Allocator *a);

/* Lifts the cap: the caller is a window function that may remove rows. */
void extrema_mark_window(Extrema *e);

/* The same, and removals of rows already in the queues no longer fold the
** pending batch in first (see the 2026-11-25 note above). Results are the
** same either way; only when the queues grow differs. */
static inline void extrema_mark_sliding(Extrema *e) {
  e->window = 1;
  e->sliding = 1;
}

/* 1 when min and max are known (count > 0 and not lost). */
int extrema_known(const Extrema *e);

/* Frees the queues. */
void extrema_free(Extrema *e, const Allocator *a);

#endif

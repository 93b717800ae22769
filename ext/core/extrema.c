/*
** extrema.c: sliding-window minimum and maximum with monotonic queues (see
** extrema.h for the scheme and its one documented limit).
*/
#include "extrema.h"

static ExtremaEntry *queue_at(ExtremaQueue *q, int64_t i) { return &q->ring[(q->head + i) & (q->cap - 1)]; }

/* Makes room for `need` entries. Returns 0 on success, -1 without memory
** (the queue is then unchanged). */
static int queue_reserve(ExtremaQueue *q, int64_t need, const Allocator *a) {
  if (need <= q->cap) return 0;
  int64_t cap = q->cap ? q->cap : 16;
  while (cap < need) cap *= 2;
  ExtremaEntry *ring = a->realloc(NULL, (uint64_t)cap * sizeof *ring);
  if (ring == NULL) return -1;
  for (int64_t i = 0; i < q->size; i++) ring[i] = *queue_at(q, i);
  a->free(q->ring);
  q->ring = ring;
  q->cap = cap;
  q->head = 0;
  return 0;
}

/* How many entries of a queue stay when values down to `low` (minimum queue,
** keeps_min) or up to `high` arrive: the entries strictly beyond them. */
static int64_t queue_kept(ExtremaQueue *q, double bound, int keeps_min) {
  int64_t size = q->size;
  while (size > 0) {
    double back = queue_at(q, size - 1)->value;
    if (keeps_min ? back < bound : back > bound) break;
    size--;
  }
  return size;
}

/* Folds the pending rows into the queues. Returns 0, or -1 without memory
** (nothing changed). */
static int flush_pending(Extrema *e, const Allocator *a) {
  int n = e->pending;
  if (n == 0) return 0;
  /* The survivors of the batch, found from the newest row back. */
  int keep_min[EXTREMA_PENDING], keep_max[EXTREMA_PENDING];
  int nmin = 0, nmax = 0;
  double run_min = e->pending_lo[n - 1], run_max = e->pending_hi[n - 1];
  keep_min[nmin++] = keep_max[nmax++] = n - 1;
  for (int i = n - 2; i >= 0; i--) {
    if (e->pending_lo[i] < run_min) {
      run_min = e->pending_lo[i];
      keep_min[nmin++] = i;
    }
    if (e->pending_hi[i] > run_max) {
      run_max = e->pending_hi[i];
      keep_max[nmax++] = i;
    }
  }
  int64_t kmin = queue_kept(&e->qmin, run_min, 1);
  int64_t kmax = queue_kept(&e->qmax, run_max, 0);
  if (queue_reserve(&e->qmin, kmin + nmin, a) || queue_reserve(&e->qmax, kmax + nmax, a)) return -1;
  int64_t seq0 = e->added - n; /* sequence number of pending row 0 */
  e->qmin.size = kmin;
  for (int j = nmin - 1; j >= 0; j--) {
    ExtremaEntry *slot = queue_at(&e->qmin, e->qmin.size++);
    slot->value = e->pending_lo[keep_min[j]];
    slot->seq = seq0 + keep_min[j];
  }
  e->qmax.size = kmax;
  for (int j = nmax - 1; j >= 0; j--) {
    ExtremaEntry *slot = queue_at(&e->qmax, e->qmax.size++);
    slot->value = e->pending_hi[keep_max[j]];
    slot->seq = seq0 + keep_max[j];
  }
  e->pending = e->pending_seen = 0;
  return 0;
}

/* Pops the front if it is the row with sequence number seq. */
static void queue_pop_seq(ExtremaQueue *q, int64_t seq) {
  if (q->size > 0 && queue_at(q, 0)->seq == seq) {
    q->head = (q->head + 1) & (q->cap - 1);
    q->size--;
  }
}

static void queue_free(ExtremaQueue *q, const Allocator *a) {
  a->free(q->ring);
  q->ring = NULL;
  q->cap = q->head = q->size = 0;
}

static void stop_tracking(Extrema *e, const Allocator *a) {
  queue_free(&e->qmin, a);
  queue_free(&e->qmax, a);
  e->pending = e->pending_seen = 0;
  e->untracked = 1;
}

int extrema_add_slow(Extrema *e, double lo, double hi, const Allocator *a) {
  if (!e->untracked) {
    if (e->pending == EXTREMA_PENDING) {
      if (flush_pending(e, a)) return -1;
      if (!e->window && (e->qmin.size >= EXTREMA_AGGREGATE_CAP || e->qmax.size >= EXTREMA_AGGREGATE_CAP)) {
        stop_tracking(e, a);
      }
    }
    if (!e->untracked) {
      e->pending_lo[e->pending] = lo;
      e->pending_hi[e->pending] = hi;
      e->pending++;
    }
  }
  if (e->count == 0) {
    e->min = lo;
    e->max = hi;
  } else {
    if (lo < e->min) e->min = lo;
    if (hi > e->max) e->max = hi;
  }
  e->count++;
  e->added++;
  return 0;
}

/* The extremes after a removal that left the pending batch alone: the
** better of the queue fronts (the rows folded in and still in) and of the
** batch. The batch's extremes are brought up to date first. */
static void extremes_with_batch(Extrema *e) {
  int i = e->pending_seen;
  double lo = e->pending_min, hi = e->pending_max;
  if (i == 0) {
    lo = e->pending_lo[0];
    hi = e->pending_hi[0];
    i = 1;
  }
  for (; i < e->pending; i++) {
    if (e->pending_lo[i] < lo) lo = e->pending_lo[i];
    if (e->pending_hi[i] > hi) hi = e->pending_hi[i];
  }
  e->pending_seen = e->pending;
  e->pending_min = lo;
  e->pending_max = hi;
  if (e->added - e->pending > e->removed) {       /* folded rows are still in */
    if (e->qmin.size == 0 || e->qmax.size == 0) { /* removal out of order */
      e->lost = 1;
      return;
    }
    double qlo = queue_at(&e->qmin, 0)->value, qhi = queue_at(&e->qmax, 0)->value;
    if (qlo < lo) lo = qlo;
    if (qhi > hi) hi = qhi;
  }
  e->min = lo;
  e->max = hi;
}

int extrema_pop_front(Extrema *e) {
  ExtremaQueue *qn = &e->qmin, *qx = &e->qmax;
  int64_t seq = e->removed;
  int seen = e->pending_seen;
  if (seen == 0 || seen != e->pending - 1) return 0;
  int pop_min = queue_at(qn, 0)->seq == seq, pop_max = queue_at(qx, 0)->seq == seq;
  if (qn->size == pop_min || qx->size == pop_max) return 0; /* out of order: extrema_remove_slow says so */
  double bmin = e->pending_min, bmax = e->pending_max;      /* the batch's extremes, with its newest row */
  if (e->pending_lo[seen] < bmin) bmin = e->pending_lo[seen];
  if (e->pending_hi[seen] > bmax) bmax = e->pending_hi[seen];
  e->pending_min = bmin;
  e->pending_max = bmax;
  e->pending_seen = seen + 1;
  qn->head = (qn->head + pop_min) & (qn->cap - 1);
  qn->size -= pop_min;
  qx->head = (qx->head + pop_max) & (qx->cap - 1);
  qx->size -= pop_max;
  double fmin = queue_at(qn, 0)->value, fmax = queue_at(qx, 0)->value;
  e->min = fmin < bmin ? fmin : bmin;
  e->max = fmax > bmax ? fmax : bmax;
  e->removed++;
  e->count--;
  return 1;
}

int extrema_remove_slow(Extrema *e, double lo, double hi, const Allocator *a) {
  /* The pending rows go into the queues first (in a sliding frame only when
  ** the leaving row is one of them); without memory for that, nothing is
  ** changed and the caller reports the error. */
  if (e->count > 1 && !e->untracked && e->pending > 0 && (!e->sliding || e->removed >= e->added - e->pending) &&
      flush_pending(e, a)) {
    return -1;
  }
  int64_t seq = e->removed++;
  e->count--;
  if (e->count <= 0) { /* the frame is empty: start afresh, exactly */
    queue_free(&e->qmin, a);
    queue_free(&e->qmax, a);
    e->count = 0;
    e->pending = e->pending_seen = 0;
    e->untracked = 0;
    e->lost = 0;
    return 0;
  }
  if (e->untracked) {
    if (lo <= e->min || hi >= e->max) e->lost = 1;
    return 0;
  }
  queue_pop_seq(&e->qmin, seq);
  queue_pop_seq(&e->qmax, seq);
  if (e->pending > 0) {
    extremes_with_batch(e);
    return 0;
  }
  if (e->qmin.size == 0 || e->qmax.size == 0) { /* removal out of order */
    e->lost = 1;
    return 0;
  }
  e->min = queue_at(&e->qmin, 0)->value;
  e->max = queue_at(&e->qmax, 0)->value;
  return 0;
}

void extrema_forget(Extrema *e, const Allocator *a) {
  stop_tracking(e, a);
  e->lost = 1;
}

void extrema_mark_window(Extrema *e) { e->window = 1; }

int extrema_known(const Extrema *e) { return e->count > 0 && !e->lost; }

void extrema_free(Extrema *e, const Allocator *a) {
  queue_free(&e->qmin, a);
  queue_free(&e->qmax, a);
}

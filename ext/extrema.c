/*
** extrema.c: sliding-window minimum and maximum with monotonic queues (see
** extrema.h for the scheme and its one documented limit).
*/
#include "extrema.h"

static ExtremaEntry *queue_at(ExtremaQueue *q, int64_t i) {
  return &q->ring[(q->head + i) & (q->cap - 1)];
}

/* Makes room for one more entry. Returns 0 on success, -1 without memory. */
static int queue_reserve(ExtremaQueue *q, const Allocator *a) {
  if (q->size < q->cap) return 0;
  int64_t cap = q->cap ? q->cap * 2 : 16;
  ExtremaEntry *ring = a->realloc(NULL, (uint64_t)cap * sizeof *ring);
  if (ring == NULL) return -1;
  for (int64_t i = 0; i < q->size; i++) ring[i] = *queue_at(q, i);
  a->free(q->ring);
  q->ring = ring;
  q->cap = cap;
  q->head = 0;
  return 0;
}

/* Appends (value, seq) after dropping entries it dominates. `keeps_min`
** selects the minimum queue (entries >= value are dropped) or the maximum
** queue (entries <= value are dropped). */
static void queue_push(ExtremaQueue *q, double value, int64_t seq, int keeps_min) {
  while (q->size > 0) {
    double back = queue_at(q, q->size - 1)->value;
    if (keeps_min ? back < value : back > value) break;
    q->size--;
  }
  ExtremaEntry *slot = queue_at(q, q->size++);
  slot->value = value;
  slot->seq = seq;
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
  e->untracked = 1;
}

int extrema_add(Extrema *e, double lo, double hi, const Allocator *a) {
  /* 2026-11-25 (found by fuzz_sql's window check): -0.0 == 0.0, so which of
  ** the two became the min or max depended on the order of the rows and on
  ** the path (running value or queue): a sliding frame and the same rows
  ** fitted from scratch gave different bytes. Adding +0.0 turns -0.0 into
  ** +0.0 and leaves every other value as it is. */
  lo += 0.0;
  hi += 0.0;
  if (!e->untracked) {
    if (!e->window && (e->qmin.size >= EXTREMA_AGGREGATE_CAP || e->qmax.size >= EXTREMA_AGGREGATE_CAP)) {
      stop_tracking(e, a);
    } else {
      if (queue_reserve(&e->qmin, a) || queue_reserve(&e->qmax, a)) return -1;
      queue_push(&e->qmin, lo, e->added, 1);
      queue_push(&e->qmax, hi, e->added, 0);
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

void extrema_remove(Extrema *e, double lo, double hi, const Allocator *a) {
  int64_t seq = e->removed++;
  e->count--;
  if (e->count <= 0) { /* the frame is empty: start afresh, exactly */
    queue_free(&e->qmin, a);
    queue_free(&e->qmax, a);
    e->count = 0;
    e->untracked = 0;
    e->lost = 0;
    return;
  }
  if (e->untracked) {
    if (lo <= e->min || hi >= e->max) e->lost = 1;
    return;
  }
  queue_pop_seq(&e->qmin, seq);
  queue_pop_seq(&e->qmax, seq);
  if (e->qmin.size == 0 || e->qmax.size == 0) { /* removal out of order */
    e->lost = 1;
    return;
  }
  e->min = queue_at(&e->qmin, 0)->value;
  e->max = queue_at(&e->qmax, 0)->value;
}

void extrema_mark_window(Extrema *e) { e->window = 1; }

int extrema_known(const Extrema *e) { return e->count > 0 && !e->lost; }

void extrema_free(Extrema *e, const Allocator *a) {
  queue_free(&e->qmin, a);
  queue_free(&e->qmax, a);
}

/* test_slide.c: the sliding removal of extrema.h (extrema_mark_sliding: a
** removal leaves the pending batch alone unless the leaving row is in it, with
** an inline fast path) against the folding one (extrema_mark_window: every
** removal folds the batch in first), bit for bit after every step, and both
** against brute force; frames of every shape SQLite makes (ROWS frames that
** fill before they slide, RANGE and GROUPS frames that take several rows in
** and out at once, frames that empty), values with ties, signed zeros and
** spans; and a removal that runs out of memory changes nothing. Also the
** one-call state writer of the window value (state_write_scalar) against
** state_write_header and state_write_block. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "core/extrema.h"
#include "format/state.h"

/* 1 when two doubles are the same bits. */
static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* 1 when both hold the same extremes, known or not, for the same rows. */
static int same_extremes(const Extrema *a, const Extrema *b) {
  if (a->count != b->count || extrema_known(a) != extrema_known(b)) return 0;
  return !extrema_known(a) || (same_bits(a->min, b->min) && same_bits(a->max, b->max));
}

/* 1 when e holds the extremes of spans [from, to) by brute force (+0.0 for
** zeros, which the extremes report however the zero came in). */
static int brute_ok(const Extrema *e, const double *lo, const double *hi, int from, int to) {
  if (from >= to) return e->count == 0;
  double mn = lo[from], mx = hi[from];
  for (int i = from; i < to; i++) {
    if (lo[i] < mn) mn = lo[i];
    if (hi[i] > mx) mx = hi[i];
  }
  return extrema_known(e) && same_bits(e->min, mn + 0.0) && same_bits(e->max, mx + 0.0);
}

/* Values of one of several kinds: small integers (many ties), signed zeros
** among them, sorted up or down runs, random doubles of any magnitude. */
static double value(uint64_t *rng, int kind, int i) {
  double u = test_uniform(rng);
  switch (kind) {
    case 0:
      return floor(u * 8) - 4;
    case 1:
      return u < 0.3 ? 0.0 : u < 0.6 ? -0.0 : floor(u * 3) - 1;
    case 2:
      return i % 200;
    case 3:
      return -(double)(i % 300);
    default:
      return ldexp(u - 0.5, (int)(test_uniform(rng) * 40) - 20);
  }
}

enum { N = 4000 };

/* Runs one frame shape over rows of one kind: `slide` rows enter per step
** once the frame holds `width` rows (ROWS frames: 1 in, 1 out; RANGE and
** GROUPS frames: several), the window is marked after `lead` rows, and with
** `empty_every` the frame is emptied now and then. Counts steps where the
** two ways differ or either differs from brute force. */
static int run_frame(uint64_t *rng, int kind, int width, int batch, int lead, int empty_every, int spans) {
  static double lo[N], hi[N];
  for (int i = 0; i < N; i++) {
    lo[i] = value(rng, kind, i);
    hi[i] = spans && test_uniform(rng) < 0.5 ? lo[i] + floor(test_uniform(rng) * 4) : lo[i];
  }
  Extrema sliding, folding;
  memset(&sliding, 0, sizeof sliding);
  memset(&folding, 0, sizeof folding);
  int bad = 0, from = 0, to = 0, step = 0;
  if (lead == 0) {
    extrema_mark_sliding(&sliding);
    extrema_mark_window(&folding);
  }
  while (to < N) {
    int in = 1 + (int)(test_uniform(rng) * batch);
    for (int k = 0; k < in && to < N; k++, to++) {
      int r1 = extrema_add(&sliding, lo[to], hi[to], &test_allocator);
      int r2 = extrema_add(&folding, lo[to], hi[to], &test_allocator);
      if (r1 || r2) bad++;
      if (to + 1 == lead) {
        extrema_mark_sliding(&sliding);
        extrema_mark_window(&folding);
      }
    }
    int out = to - from - width;
    if (empty_every && ++step % empty_every == 0) out = to - from; /* the frame empties */
    for (; out > 0; out--, from++) {
      int r1 = extrema_remove(&sliding, lo[from], hi[from], &test_allocator);
      int r2 = extrema_remove(&folding, lo[from], hi[from], &test_allocator);
      if (r1 || r2) bad++;
      if (!same_extremes(&sliding, &folding)) bad++;
    }
    if (!same_extremes(&sliding, &folding) || !brute_ok(&sliding, lo, hi, from, to)) bad++;
  }
  extrema_free(&sliding, &test_allocator);
  extrema_free(&folding, &test_allocator);
  return bad;
}

/* An allocator that fails once its budget of allocations is spent. */
static int budget;
static void *budget_realloc(void *p, uint64_t n) {
  if (budget <= 0) return NULL;
  budget--;
  return test_allocator.realloc(p, n);
}
static void budget_free(void *p) { test_allocator.free(p); }
static const Allocator budget_allocator = {budget_realloc, budget_free};

/* fastpaths/state-write-scalar-equals-header-and-block: every flag
** combination, fields of any value (absent ones too, which are written as
** their fixed values), byte for byte. */
static void test_write_scalar(void) {
  uint64_t rng = 99;
  int bad = 0;
  for (int c = 0; c < 4000; c++) {
    Moments m;
    double f[8];
    for (int i = 0; i < 8; i++) f[i] = test_uniform(&rng) < 0.1 ? -0.0 : ldexp(test_uniform(&rng) - 0.3, c % 50 - 25);
    m.flags = (unsigned)(c % 8);
    m.weight.hi = f[0], m.weight.lo = f[1], m.mean.hi = f[2], m.mean.lo = f[3];
    m.m2.hi = f[4], m.m2.lo = f[5], m.min = f[6], m.max = f[7];
    unsigned char a[STATE_HEADER_SIZE + STATE_BLOCK_SIZE], b[sizeof a];
    memset(a, 0xA5, sizeof a);
    memset(b, 0x5A, sizeof b);
    state_write_header(a, m.flags, 0);
    state_write_block(a, 0, &m);
    state_write_scalar(b, &m);
    if (memcmp(a, b, sizeof a) != 0) bad++;
  }
  CHECK("fastpaths/state-write-scalar-equals-header-and-block", bad == 0);
}

void test_extrema_sliding(void) {
  test_write_scalar();
  uint64_t rng = 4242;
  int bad = 0, cases = 0;
  static const int widths[] = {1, 2, 5, 31, 32, 33, 63, 100, 999};
  for (int kind = 0; kind < 5; kind++) {
    for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
      int width = widths[w];
      bad += run_frame(&rng, kind, width, 1, 0, 0, 0);             /* ROWS width-1 PRECEDING */
      bad += run_frame(&rng, kind, width, 1, width / 2 + 1, 0, 0); /* rows ahead before the first value */
      bad += run_frame(&rng, kind, width, 5, 0, 0, kind == 4);     /* several rows in and out at once */
      bad += run_frame(&rng, kind, width, 3, 7, 17, 1);            /* frames that empty; spans */
      cases += 4;
    }
    bad += run_frame(&rng, kind, N, 1, 0, 0, 0); /* a growing frame: no removals */
    cases++;
  }
  CHECK("fastpaths/extrema-sliding-equals-folding", bad == 0 && cases == 185);

  /* A removal whose batch must be folded in first (its row is pending) and
  ** finds no memory: it fails and changes nothing; given memory, it goes on
  ** exactly. Frame of 3 rows, so every leaving row is pending. */
  Extrema e, ref;
  memset(&e, 0, sizeof e);
  memset(&ref, 0, sizeof ref);
  extrema_mark_sliding(&e);
  extrema_mark_sliding(&ref);
  int ok = 1, failed = 0;
  for (int i = 0; i < 200; i++) {
    double v = (double)((i * 7919) % 13);
    budget = 1000;
    ok &= extrema_add(&e, v, v, &budget_allocator) == 0;
    ok &= extrema_add(&ref, v, v, &test_allocator) == 0;
    if (i >= 3) {
      double old = (double)(((i - 3) * 7919) % 13);
      Extrema before = e;
      budget = 0;
      if (extrema_remove(&e, old, old, &budget_allocator) != 0) {
        failed++;
        ok &= before.count == e.count && before.removed == e.removed && before.pending == e.pending &&
              before.qmin.size == e.qmin.size && before.qmax.size == e.qmax.size && same_extremes(&before, &e);
        budget = 1000;
        ok &= extrema_remove(&e, old, old, &budget_allocator) == 0;
      }
      ok &= extrema_remove(&ref, old, old, &test_allocator) == 0;
      ok &= same_extremes(&e, &ref);
    }
  }
  extrema_free(&e, &test_allocator);
  extrema_free(&ref, &test_allocator);
  CHECK("fastpaths/extrema-sliding-removal-without-memory-changes-nothing", ok && failed > 0);
}

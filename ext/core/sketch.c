/*
** sketch.c: the quantile state: exact values up to SKETCH_EXACT_MAX, then a
** merging t-digest with a fixed, deterministic scale; its encoding and full
** validation (docs/state-format.md, kind 2); quantiles and ranks read from
** it. Pure C, no SQLite.
**
** Requirements (tests/unit/test_sketch.c and tests/oracle/test_quantiles.py
** cite them by number):
**  1. Up to SKETCH_EXACT_MAX values the state holds them all, sorted; -0.0 is
**     stored as 0.0, so an exact state depends on the multiset only.
**  2. Past that it holds centroids sorted by mean with whole weights adding up
**     to the count, at most SKETCH_MAX_CENTROIDS of them (64048 bytes), and
**     the exact min and max.
**  3. The same values in the same order give the same bytes: every decision
**     (when to merge, which centroids merge, the sweep direction) depends only
**     on the input and on correctly rounded + - * / sqrt.
**  4. quant_check accepts exactly the blobs sketch_encode can produce the
**     shape of: every field is checked, and a blob that passes gives finite,
**     monotone quantiles.
**  5. Quantiles interpolate linearly between knots at positions p * (n - 1);
**     in exact mode the knots are the order statistics, which is numpy's
**     default method. Ranks invert that, averaging over ties.
**
** 2026-11-25: Why a t-digest and this scale. The targets are rank errors of
** 0.5% anywhere and 0.05% at p = 0.001 and 0.999 for a million values, in
** 64 KiB, also after merges. KLL with deterministic compaction has uniform
** (not relative) error, so meeting 0.05% at the tails needs about 1/0.0005
** items per level over ~10 levels; REQ fixes the tails but is several times
** more code and state. A t-digest whose centroid weights are bounded by
** c * W * sqrt(q (1 - q)) (the derivative of the k1 scale) has centroids of a
** few values at the tails and at most about 2 pi / c centroids whatever W,
** so c = 0.002 gives at most about 3,100 centroids (about 1,900 in practice,
** 30 KB) and a middle centroid of at most 0.1% of the data. (c = 0.003 gave
** 20 KB states but rank errors up to 0.24% on values spread over 600 orders
** of magnitude; 0.002 keeps them below 0.13% everywhere measured.) The bound is evaluated with sqrt only (correctly
** rounded), not asin/sin, so merges decide the same way on every platform.
** Sweeps alternate direction (a counter, not a random bit) so that no end of
** the distribution is favoured.
*/
#include "sketch.h"

#include <math.h>
#include <string.h>

#include "le.h"

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF /* a fused a*b+c would round differently on other CPUs */
#endif

static const unsigned char MAGIC[4] = {'N', 'R', 'M', 'S'};

/* --- Sorting doubles (introsort; no NaN ever reaches here) --------------- */

static void insertion_sort(double *v, int64_t n) {
  for (int64_t i = 1; i < n; i++) {
    double x = v[i];
    int64_t j = i;
    while (j > 0 && v[j - 1] > x) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = x;
  }
}

static void sift_down(double *v, int64_t n, int64_t i) {
  for (;;) {
    int64_t c = 2 * i + 1;
    if (c >= n) return;
    if (c + 1 < n && v[c + 1] > v[c]) c++;
    if (!(v[c] > v[i])) return;
    double t = v[c];
    v[c] = v[i];
    v[i] = t;
    i = c;
  }
}

static void heap_sort(double *v, int64_t n) {
  for (int64_t i = n / 2; i-- > 0;) sift_down(v, n, i);
  for (int64_t end = n - 1; end > 0; end--) {
    double t = v[0];
    v[0] = v[end];
    v[end] = t;
    sift_down(v, end, 0);
  }
}

static void swap_if_greater(double *a, double *b) {
  if (*a > *b) {
    double t = *a;
    *a = *b;
    *b = t;
  }
}

/* Quicksort with median-of-three pivots, heapsort past the depth limit. */
static void intro_sort(double *v, int64_t n, int depth) {
  while (n > 16) {
    if (depth-- == 0) {
      heap_sort(v, n);
      return;
    }
    int64_t mid = (n - 1) / 2;
    swap_if_greater(&v[0], &v[mid]);
    swap_if_greater(&v[mid], &v[n - 1]);
    swap_if_greater(&v[0], &v[mid]);
    double pivot = v[mid];
    int64_t i = -1, j = n;
    for (;;) { /* Hoare: v[0] <= pivot <= v[n-1] keep both scans in bounds */
      do i++;
      while (v[i] < pivot);
      do j--;
      while (v[j] > pivot);
      if (i >= j) break;
      double t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    /* [0, j] <= pivot <= [j + 1, n); recurse on the smaller part. */
    if (j + 1 < n - j - 1) {
      intro_sort(v, j + 1, depth);
      v += j + 1;
      n -= j + 1;
    } else {
      intro_sort(v + j + 1, n - j - 1, depth);
      n = j + 1;
    }
  }
  insertion_sort(v, n);
}

static void sort_doubles(double *v, int64_t n) {
  int depth = 0;
  for (int64_t m = n; m > 1; m >>= 1) depth += 2;
  intro_sort(v, n, depth);
}

/* Sorts by radix (LSD, 6 passes of 11 bits over the order-preserving
** integer image of each double) when there are enough values and memory;
** else by introsort. Either way the result is the one sorted order, so the
** choice never shows in a state. */
static void sort_values(double *v, int64_t n, const Allocator *a) {
  enum { BITS = 11, BUCKETS = 1 << BITS, PASSES = 6 };
  if (n < 1024) {
    sort_doubles(v, n);
    return;
  }
  uint64_t *k = a->realloc(NULL, (uint64_t)(2 * n + (int64_t)PASSES * BUCKETS) * sizeof *k);
  if (k == NULL) {
    sort_doubles(v, n);
    return;
  }
  uint64_t *t = k + n, *count = k + 2 * n;
  memset(count, 0, (size_t)PASSES * BUCKETS * sizeof *count);
  for (int64_t i = 0; i < n; i++) {
    uint64_t u;
    memcpy(&u, &v[i], sizeof u);
    u = (u >> 63) ? ~u : (u | 0x8000000000000000ull); /* negative: all bits flipped; else the sign set */
    k[i] = u;
    for (int p = 0; p < PASSES; p++) count[(size_t)p * BUCKETS + ((u >> (p * BITS)) & (BUCKETS - 1))]++;
  }
  for (int p = 0; p < PASSES; p++) {
    uint64_t *c = count + (size_t)p * BUCKETS;
    int shift = p * BITS;
    if (c[(k[0] >> shift) & (BUCKETS - 1)] == (uint64_t)n) continue; /* one digit for all */
    uint64_t sum = 0;
    for (int b = 0; b < BUCKETS; b++) {
      uint64_t here = c[b];
      c[b] = sum;
      sum += here;
    }
    for (int64_t i = 0; i < n; i++) t[c[(k[i] >> shift) & (BUCKETS - 1)]++] = k[i];
    uint64_t *swap = k;
    k = t;
    t = swap;
  }
  for (int64_t i = 0; i < n; i++) {
    uint64_t u = (k[i] >> 63) ? (k[i] & 0x7fffffffffffffffull) : ~k[i];
    memcpy(&v[i], &u, sizeof u);
  }
  a->free(k < t ? k : t); /* the block starts at the lower of the two halves */
}

/* --- Merging centroids ---------------------------------------------------- */

/* The mean of a (weight wa) and b (weight wb), kept inside [a, b]. */
static double blend(double a, double wa, double b, double wb) {
  double t = wb / (wa + wb);
  double d = b - a;
  double m = isfinite(d) ? a + d * t : a * (1 - t) + b * t;
  double lo = a < b ? a : b, hi = a < b ? b : a;
  return m < lo ? lo : (m > hi ? hi : m);
}

/* Merges the n items of v (sorted by mean, total weight w) greedily into
** centroids of weight <= c * w * sqrt(q (1 - q)), sweeping from the smallest
** mean up (reverse 0) or from the largest down (reverse 1). The result, in
** increasing order, replaces v[0, returned count). */
static int64_t compress(Centroid *v, int64_t n, double w, double c, int reverse) {
  int64_t out = 0; /* centroids written: at v[out - 1] going up, v[n - out] going down */
  double before = 0;
  Centroid cur = v[reverse ? n - 1 : 0];
  for (int64_t j = 1; j < n; j++) {
    Centroid it = v[reverse ? n - 1 - j : j];
    double sum = cur.weight + it.weight;
    double q = (before + sum * 0.5) / w;
    if (sum <= c * w * sqrt(q * (1 - q))) {
      cur.mean = blend(cur.mean, cur.weight, it.mean, it.weight);
      cur.weight = sum;
    } else {
      /* The slot written is never one still to be read (out <= j). */
      v[reverse ? n - 1 - out : out] = cur;
      out++;
      before += cur.weight;
      cur = it;
    }
  }
  v[reverse ? n - 1 - out : out] = cur;
  out++;
  if (reverse) memmove(v, v + n - out, (size_t)out * sizeof *v);
  return out;
}

/* Compresses v with the library's scale until it fits a state. */
static int64_t compress_state(Centroid *v, int64_t n, double w, unsigned merges) {
  double c = SKETCH_COMPRESSION;
  n = compress(v, n, w, c, (int)(merges & 1));
  while (n > SKETCH_MAX_CENTROIDS) { /* not reached with c as set; kept as a guarantee */
    c *= 2;
    n = compress(v, n, w, c, (int)(merges & 1));
  }
  return n;
}

/* A sorted run: centroids, or parallel arrays of means and weights (weights
** NULL: all 1). */
typedef struct Run {
  const Centroid *cent;
  const double *mean;
  const double *weight;
  int64_t n;
} Run;

static Centroid run_at(const Run *r, int64_t i) {
  if (r->cent) return r->cent[i];
  /* A run without centroids always has means (every Run this file builds). */
  Centroid x = {r->mean[i], r->weight ? r->weight[i] : 1.0}; /* NOLINT(clang-analyzer-core.NullDereference) */
  return x;
}

/* Merges run r with the n2 items already at out[r->n, r->n + n2) into
** out[0, r->n + n2), by mean (r first on ties). Writing never passes
** reading, so the second run may sit in the output. */
static void merge_into(const Run *r, Centroid *out, int64_t n2) {
  int64_t i = 0, j = 0, k = 0;
  const Centroid *second = out + r->n;
  while (i < r->n && j < n2) {
    Centroid x = run_at(r, i);
    if (x.mean <= second[j].mean) {
      out[k++] = x;
      i++;
    } else {
      out[k++] = second[j++];
    }
  }
  while (i < r->n) out[k++] = run_at(r, i++);
}

/* Fills out[0, ncent + nbuf) with the centroids and the (sorted) buffer,
** merged by mean. */
static void gather(Sketch *s, Centroid *out, const Allocator *a) {
  sort_values(s->buf, s->nbuf, a);
  Run buffer = {NULL, s->buf, NULL, s->nbuf};
  for (int64_t i = 0; i < s->nbuf; i++) out[s->ncent + i] = run_at(&buffer, i);
  if (s->ncent == 0) return;
  Run cent = {s->cent, NULL, NULL, s->ncent};
  merge_into(&cent, out, s->nbuf);
}

/* Makes v[0, n) (freshly allocated, n slots) the centroids. */
static void adopt(Sketch *s, Centroid *v, int64_t n, const Allocator *a) {
  a->free(s->cent);
  Centroid *shrunk = a->realloc(v, (uint64_t)n * sizeof *v);
  s->cent = shrunk ? shrunk : v;
  s->ncent = n;
}

/* Merges the buffer into the centroids (and leaves exact mode). 0, or -1
** without memory (nothing changed). */
static int flush(Sketch *s, const Allocator *a) {
  int64_t n = s->ncent + s->nbuf;
  Centroid *v = a->realloc(NULL, (uint64_t)n * sizeof *v);
  if (v == NULL) return -1;
  gather(s, v, a);
  n = compress_state(v, n, s->count, s->merges++);
  adopt(s, v, n, a);
  s->nbuf = 0;
  s->digest = 1;
  return 0;
}

/* --- The sketch ------------------------------------------------------------ */

/* Room for `more` values in the buffer. */
static int reserve(Sketch *s, int64_t more, const Allocator *a) {
  if (s->nbuf + more <= s->capbuf) return 0;
  int64_t cap = s->capbuf ? s->capbuf : 16;
  while (cap < s->nbuf + more) cap *= 2;
  double *buf = a->realloc(s->buf, (uint64_t)cap * sizeof *buf);
  if (buf == NULL) return -1;
  s->buf = buf;
  s->capbuf = cap;
  return 0;
}

static void note_range(Sketch *s, double lo, double hi) {
  if (s->count == 0 || lo < s->min) s->min = lo;
  if (s->count == 0 || hi > s->max) s->max = hi;
}

int sketch_add(Sketch *s, double x, const Allocator *a) {
  x += 0.0; /* -0.0 becomes 0.0 (requirement 1) */
  if (s->count >= SKETCH_MAX_COUNT) return -2;
  if (reserve(s, 1, a)) return -1;
  double old_min = s->min, old_max = s->max;
  note_range(s, x, x);
  s->buf[s->nbuf++] = x;
  s->count += 1;
  int full = s->digest ? s->nbuf >= SKETCH_BUFFER : s->nbuf > SKETCH_EXACT_MAX;
  if (full && flush(s, a)) {
    s->nbuf--;
    s->count -= 1;
    s->min = old_min;
    s->max = old_max;
    return -1;
  }
  return 0;
}

int sketch_merge(Sketch *s, const QuantView *v, const Allocator *a) {
  if (s->count + v->count > SKETCH_MAX_COUNT) return -2;
  if (!s->digest && !v->digest && s->nbuf + v->n <= SKETCH_EXACT_MAX) {
    if (reserve(s, v->n, a)) return -1;
    memcpy(s->buf + s->nbuf, v->value, (size_t)v->n * sizeof *v->value);
    s->nbuf += v->n;
  } else if (s->count == 0 && v->digest) { /* a copy: merging one state gives it back */
    Centroid *c = a->realloc(NULL, (uint64_t)v->n * sizeof *c);
    if (c == NULL) return -1;
    Run run = {NULL, v->value, v->weight, v->n};
    for (int64_t i = 0; i < v->n; i++) c[i] = run_at(&run, i);
    adopt(s, c, v->n, a);
    s->digest = 1;
  } else {
    int64_t n = v->n + s->ncent + s->nbuf;
    Centroid *all = a->realloc(NULL, (uint64_t)n * sizeof *all);
    if (all == NULL) return -1;
    gather(s, all + v->n, a);
    Run run = {NULL, v->value, v->weight, v->n};
    merge_into(&run, all, s->ncent + s->nbuf);
    n = compress_state(all, n, s->count + v->count, s->merges++);
    adopt(s, all, n, a);
    s->nbuf = 0;
    s->digest = 1;
  }
  note_range(s, v->min, v->max);
  s->count += v->count;
  return 0;
}

static void write_header(unsigned char *out, const Sketch *s, int digest, int64_t n) {
  memcpy(out, MAGIC, 4);
  out[4] = 1; /* STATE_VERSION */
  out[5] = 2; /* STATE_KIND_QUANTILES */
  out[6] = digest ? SKETCH_FLAG_DIGEST : 0;
  out[7] = 0;
  put_u32(out + 8, 0);
  put_u32(out + 12, 0);
  put_f64(out + 16, s->count);
  put_f64(out + 24, s->min);
  put_f64(out + 32, s->max);
  put_u32(out + 40, (uint32_t)n);
  put_u32(out + 44, 0);
}

unsigned char *sketch_encode(Sketch *s, int *size, const Allocator *a) {
  if (!s->digest) {
    sort_values(s->buf, s->nbuf, a);
    *size = SKETCH_BODY_OFFSET + 8 * (int)s->nbuf;
    unsigned char *out = a->realloc(NULL, (uint64_t)*size);
    if (out == NULL) return NULL;
    write_header(out, s, 0, s->nbuf);
    for (int64_t i = 0; i < s->nbuf; i++) put_f64(out + SKETCH_BODY_OFFSET + 8 * i, s->buf[i]);
    return out;
  }
  /* Digest: the buffer is merged into a copy, as the next flush would. */
  int64_t n = s->ncent + s->nbuf;
  Centroid *v = s->cent;
  if (s->nbuf > 0) {
    v = a->realloc(NULL, (uint64_t)n * sizeof *v);
    if (v == NULL) return NULL;
    gather(s, v, a);
    n = compress_state(v, n, s->count, s->merges);
  }
  *size = SKETCH_BODY_OFFSET + 16 * (int)n;
  unsigned char *out = a->realloc(NULL, (uint64_t)*size);
  if (out) {
    write_header(out, s, 1, n);
    for (int64_t i = 0; i < n; i++) {
      put_f64(out + SKETCH_BODY_OFFSET + 16 * i, v[i].mean);
      put_f64(out + SKETCH_BODY_OFFSET + 16 * i + 8, v[i].weight);
    }
  }
  if (v != s->cent) a->free(v);
  return out;
}

void sketch_free(Sketch *s, const Allocator *a) {
  a->free(s->buf);
  a->free(s->cent);
  memset(s, 0, sizeof *s);
}

/* --- Validation and decoding ------------------------------------------------ */

static const char *check_header(const unsigned char *b, int size) {
  if (b == NULL || size < 16) return "too short to be a state";
  if (memcmp(b, MAGIC, 4) != 0) return "not a state (wrong magic bytes)";
  if (b[4] != 1) return b[4] > 1 ? "made by a newer version of the format" : "unknown format version";
  if (b[5] != 2) return "not a quantile state";
  if (b[6] & ~SKETCH_FLAG_DIGEST) return "unknown flags";
  if (b[7] != 0 || get_u32(b + 12) != 0) return "reserved bytes are not zero";
  if (get_u32(b + 8) != 0) return "a quantile state has no dimensions (dims must be 0)";
  if (size < SKETCH_BODY_OFFSET) return "truncated";
  if (get_u32(b + 44) != 0) return "reserved bytes are not zero";
  uint64_t n = get_u32(b + 40);
  uint64_t want = SKETCH_BODY_OFFSET + n * ((b[6] & SKETCH_FLAG_DIGEST) ? 16 : 8);
  if ((uint64_t)size != want) return (uint64_t)size < want ? "truncated" : "has trailing bytes";
  double count = get_f64(b + 16), min = get_f64(b + 24), max = get_f64(b + 32);
  if (!(count >= 1 && count <= SKETCH_MAX_COUNT && count == floor(count))) return "count is not a whole number >= 1";
  if (!isfinite(min) || !isfinite(max)) return "min or max is not a finite number";
  if (!(min <= max)) return "min is greater than max";
  return NULL;
}

static const char *check_exact(const unsigned char *b, uint32_t n, double count, double min, double max) {
  if (n > SKETCH_EXACT_MAX) return "an exact state holds at most 4096 values";
  if ((double)n != count) return "the number of values is not the count";
  double prev = 0;
  for (uint32_t i = 0; i < n; i++) {
    double x = get_f64(b + SKETCH_BODY_OFFSET + 8 * (size_t)i);
    if (!isfinite(x)) return "a value is not a finite number";
    if (i > 0 && x < prev) return "the values are not sorted";
    prev = x;
  }
  if (get_f64(b + SKETCH_BODY_OFFSET) != min || prev != max) return "min and max are not the first and last values";
  return NULL;
}

static const char *check_digest(const unsigned char *b, uint32_t n, double count, double min, double max) {
  if (count <= SKETCH_EXACT_MAX) return "a sketch must summarize more than 4096 values";
  if (n < 1 || n > SKETCH_MAX_CENTROIDS) return "the number of centroids is out of range";
  double prev = min, total = 0;
  for (uint32_t i = 0; i < n; i++) {
    double mean = get_f64(b + SKETCH_BODY_OFFSET + 16 * (size_t)i);
    double w = get_f64(b + SKETCH_BODY_OFFSET + 16 * (size_t)i + 8);
    if (!isfinite(mean) || !isfinite(w)) return "a centroid is not finite";
    if (mean < prev) return "the centroids are not sorted";
    if (mean > max) return "a centroid is above max";
    if (!(w >= 1 && w == floor(w))) return "a centroid weight is not a whole number >= 1";
    total += w;
    if (total > count) return "the centroid weights do not add up to the count";
    prev = mean;
  }
  if (total != count) return "the centroid weights do not add up to the count";
  return NULL;
}

int quant_check(const void *blob, int size, const char **why) {
  const unsigned char *b = blob;
  *why = check_header(b, size);
  if (*why) return -1;
  uint32_t n = get_u32(b + 40);
  double count = get_f64(b + 16), min = get_f64(b + 24), max = get_f64(b + 32);
  *why = (b[6] & SKETCH_FLAG_DIGEST) ? check_digest(b, n, count, min, max) : check_exact(b, n, count, min, max);
  return *why ? -1 : 0;
}

/* Sets the knots: the order statistics (exact), or min, the centroids at
** their middle positions, max (digest). */
static void build_knots(QuantView *v) {
  if (!v->digest) {
    for (int i = 0; i < v->n; i++) {
      v->kidx[i] = i;
      v->kval[i] = v->value[i];
    }
    v->nknots = v->n;
    return;
  }
  int k = 0;
  double last = v->count - 1, before = 0;
  v->kidx[k] = 0;
  v->kval[k++] = v->min;
  for (int i = 0; i < v->n; i++) {
    double mid = before + (v->weight[i] - 1) * 0.5;
    before += v->weight[i];
    if (mid > 0 && mid < last) { /* a single value at an end is min or max's knot */
      v->kidx[k] = mid;
      v->kval[k++] = v->value[i];
    }
  }
  v->kidx[k] = last;
  v->kval[k++] = v->max;
  v->nknots = k;
}

int quant_decode(const void *blob, int size, QuantView *v, const Allocator *a, const char **why) {
  memset(v, 0, sizeof *v);
  if (quant_check(blob, size, why)) return -1;
  const unsigned char *b = blob;
  v->digest = (b[6] & SKETCH_FLAG_DIGEST) != 0;
  v->count = get_f64(b + 16);
  v->min = get_f64(b + 24);
  v->max = get_f64(b + 32);
  v->n = (int)get_u32(b + 40);
  v->size = size;
  size_t slots = (size_t)v->n * 2 + ((size_t)v->n + 2) * 2;
  double *mem = a->realloc(NULL, slots * sizeof *mem);
  if (mem == NULL) return -2;
  v->value = mem;
  v->weight = v->digest ? mem + v->n : NULL;
  v->kidx = mem + 2 * (size_t)v->n;
  v->kval = v->kidx + v->n + 2;
  size_t stride = v->digest ? 16 : 8;
  for (int i = 0; i < v->n; i++) {
    v->value[i] = get_f64(b + SKETCH_BODY_OFFSET + stride * (size_t)i);
    if (v->digest) v->weight[i] = get_f64(b + SKETCH_BODY_OFFSET + stride * (size_t)i + 8);
  }
  build_knots(v);
  return 0;
}

void quant_view_free(QuantView *v, const Allocator *a) {
  a->free(v->value);
  memset(v, 0, sizeof *v);
}

/* --- Reading quantiles and ranks ------------------------------------------- */

/* a + t (b - a) as numpy computes it (from the nearer end). */
static double lerp(double a, double b, double t) {
  double d = b - a;
  if (!isfinite(d)) return a * (1 - t) + b * t;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

double quant_value(const QuantView *v, double p) {
  double h = p * (v->count - 1);
  const double *kidx = v->kidx, *kval = v->kval;
  int lo = 0, hi = v->nknots - 1; /* the last knot with kidx <= h */
  if (h >= kidx[hi]) return kval[hi];
  if (!v->digest) {
    lo = (int)floor(h);
  } else {
    while (hi - lo > 1) {
      int mid = lo + (hi - lo) / 2;
      if (kidx[mid] <= h) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
  }
  double t = (h - kidx[lo]) / (kidx[lo + 1] - kidx[lo]);
  return lerp(kval[lo], kval[lo + 1], t);
}

/* The position of x, strictly between the values of knots j and j + 1. */
static double between(const QuantView *v, int j, double x) {
  double x0 = v->kval[j], x1 = v->kval[j + 1];
  double f = (x - x0) / (x1 - x0);
  if (!isfinite(f)) f = (x * 0.5 - x0 * 0.5) / (x1 * 0.5 - x0 * 0.5);
  return v->kidx[j] + f * (v->kidx[j + 1] - v->kidx[j]);
}

double quant_rank(const QuantView *v, double x) {
  if (x <= v->min) return 0;
  if (x >= v->max) return 1;
  const double *kval = v->kval;
  int n = v->nknots;
  int lo = 0, hi = n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (kval[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  int first = lo; /* the first knot >= x */
  hi = n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (kval[mid] <= x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  int past = lo; /* the first knot > x */
  /* min < x < max, so 0 < first and past < n. */
  double pos = first < past ? (v->kidx[first] + v->kidx[past - 1]) * 0.5 : between(v, first - 1, x);
  return pos / (v->count - 1);
}

/* --- The inverse normal CDF (Wichura 1988, algorithm AS 241, PPND16) ----- */

static double poly(const double *c, int n, double r) {
  double s = c[n - 1];
  for (int i = n - 2; i >= 0; i--) s = s * r + c[i];
  return s;
}

double quant_normal_ppf(double p) {
  static const double a[8] = {3.3871328727963666080e0,  1.3314166789178437745e+2, 1.9715909503065514427e+3,
                              1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                              3.3430575583588128105e+4, 2.5090809287301226727e+3};
  static const double b[8] = {1.0,
                              4.2313330701600911252e+1,
                              6.8718700749205790830e+2,
                              5.3941960214247511077e+3,
                              2.1213794301586595867e+4,
                              3.9307895800092710610e+4,
                              2.8729085735721942674e+4,
                              5.2264952788528545610e+3};
  static const double c[8] = {1.42343711074968357734e0,  4.63033784615654529590e0, 5.76949722146069140550e0,
                              3.64784832476320460504e0,  1.27045825245236838258e0, 2.41780725177450611770e-1,
                              2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static const double d[8] = {1.0,
                              2.05319162663775882187e0,
                              1.67638483018380384940e0,
                              6.89767334985100004550e-1,
                              1.48103976427480074590e-1,
                              1.51986665636164571966e-2,
                              5.47593808499534494600e-4,
                              1.05075007164441684324e-9};
  static const double e[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,  1.78482653991729133580e0,
                              2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                              2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static const double f[8] = {1.0,
                              5.99832206555887937690e-1,
                              1.36929880922735805310e-1,
                              1.48753612908506148525e-2,
                              7.86869131145613259100e-4,
                              1.84631831751005468180e-5,
                              1.42151175831644588870e-7,
                              2.04426310338993978564e-15};
  if (p <= 0) return -HUGE_VAL;
  if (p >= 1) return HUGE_VAL;
  double q = p - 0.5;
  if (fabs(q) <= 0.425) {
    double r = 0.180625 - q * q;
    return q * poly(a, 8, r) / poly(b, 8, r);
  }
  double r = sqrt(-log(q < 0 ? p : 1 - p));
  double x;
  if (r <= 5) {
    r -= 1.6;
    x = poly(c, 8, r) / poly(d, 8, r);
  } else {
    r -= 5;
    x = poly(e, 8, r) / poly(f, 8, r);
  }
  return q < 0 ? -x : x;
}

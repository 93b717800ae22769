/*
** sketch.h: the quantile state's numerics: a deterministic, mergeable
** quantile summary of one column (kind 2 of the state format,
** docs/state-format.md). Pure C, no SQLite; memory from the caller's
** Allocator.
**
** A Sketch keeps every value (exact mode) until it holds more than
** SKETCH_EXACT_MAX of them; then it becomes a merging t-digest: a sorted list
** of centroids (mean, weight) whose weights are bounded by
** SKETCH_COMPRESSION * W * sqrt(q (1 - q)) (q the centroid's middle rank
** fraction, W the total weight: the derivative of t-digest's k1 scale
** function), plus a buffer of values not yet merged. The bound is computed
** with + - * / and sqrt only, all correctly rounded in IEEE-754, so the same
** input in the same order gives the same bytes on every platform (no libm
** approximation decides a merge).
**
** A QuantView is a decoded, validated state, read-only: its values (exact) or
** centroids, and the knots of the piecewise-linear quantile function they
** define (index position, value), from which quantiles and ranks are read.
*/
#ifndef NORM_SKETCH_H
#define NORM_SKETCH_H

#include <stdint.h>

#include "extrema.h" /* Allocator */

#define SKETCH_EXACT_MAX 4096               /* exact up to this many values */
#define SKETCH_COMPRESSION 0.002            /* centroid weight <= c * W * sqrt(q (1 - q)) */
#define SKETCH_MAX_CENTROIDS 4000           /* what a valid state may hold (64048 bytes) */
#define SKETCH_BUFFER 8192                  /* values buffered between two merges */
#define SKETCH_MAX_COUNT 9007199254740992.0 /* 2^53: counts stay exact doubles */

#define SKETCH_FLAG_DIGEST 0x01 /* header flag: centroids, not values */
#define SKETCH_BODY_OFFSET 48   /* header 16 + count, min, max 24 + n, reserved 8 */

typedef struct Centroid {
  double mean;   /* mean of the values merged into it */
  double weight; /* how many values (a whole number >= 1) */
} Centroid;

typedef struct Sketch {
  double *buf;        /* exact mode: every value; digest mode: values not yet merged */
  int64_t nbuf;       /* values in buf */
  int64_t capbuf;     /* allocated slots of buf */
  Centroid *cent;     /* digest mode: the centroids, by increasing mean */
  int64_t ncent;      /* centroids in cent */
  Centroid *scratch;  /* work space of a merge (capscratch slots) */
  int64_t capscratch; /* allocated slots of scratch */
  double count;       /* values in (a whole number) */
  double min, max;    /* smallest and largest value, when count > 0 */
  int digest;         /* 0: exact mode, 1: digest mode */
  unsigned merges;    /* merges done; their parity sets the sweep direction */
} Sketch;

/* An all-zero Sketch is empty. */

/* Adds a finite value. 0, or -1 when memory ran out (nothing added). */
int sketch_add(Sketch *s, double x, const Allocator *a);

typedef struct QuantView QuantView;

/* Adds the data of a decoded state. 0; -1 when memory ran out; -2 when the
** total count would pass SKETCH_MAX_COUNT. The sketch is unchanged on error. */
int sketch_merge(Sketch *s, const QuantView *v, const Allocator *a);

/* Encodes the state of what is in (count > 0) into a new blob of *size bytes
** from the allocator; NULL when memory ran out. Does not change what the
** sketch will give later (the buffer may be reordered, nothing else). */
unsigned char *sketch_encode(Sketch *s, int *size, const Allocator *a);

void sketch_free(Sketch *s, const Allocator *a);

struct QuantView {
  int digest;      /* 0: exact values, 1: centroids */
  double count;    /* number of values summarized */
  double min, max; /* smallest and largest value */
  int n;           /* values or centroids */
  double *value;   /* the n values, or the n centroid means, ascending */
  double *weight;  /* the n centroid weights; NULL in exact mode */
  int nknots;      /* knots of the quantile function */
  double *kidx;    /* their positions in [0, count - 1], increasing */
  double *kval;    /* their values, non-decreasing */
  int size;        /* bytes of the blob */
};

/* Validates a quantile state blob (kind 2) completely. 0, or -1 with *why
** saying what is wrong (a static string). Allocates nothing. */
int quant_check(const void *blob, int size, const char **why);

/* Validates and decodes. 0; -1 invalid (*why set); -2 out of memory.
** Free with quant_view_free. */
int quant_decode(const void *blob, int size, QuantView *v, const Allocator *a, const char **why);

void quant_view_free(QuantView *v, const Allocator *a);

/* The p-quantile, 0 <= p <= 1: linear interpolation between the knots at
** position p * (count - 1) (numpy's default method in exact mode). */
double quant_value(const QuantView *v, double p);

/* The position of x in [0, 1]: 0 at or below min, 1 at or above max, else
** the inverse of quant_value, averaged over a run of equal knots
** (scikit-learn's QuantileTransformer). */
double quant_rank(const QuantView *v, double x);

/* The inverse of the standard normal CDF (Wichura's AS 241, about 1e-16
** relative); -inf at 0, +inf at 1. */
double quant_normal_ppf(double p);

#endif

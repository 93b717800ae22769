/*
** transform.h: what the transforms share between numbers (apply.c) and
** vectors (vecapply.c): their options (eps, ddof; lo, hi, clip), the checks
** a state must pass for each, and the arithmetic of one element, forward and
** inverse. One implementation, so an element of a vector gives bit for bit
** what the scalar function gives for that number.
**
** Arithmetic is double-double: x - mean keeps the low half of the stored mean
** and each result is rounded once.
*/
#ifndef NORM_TRANSFORM_H
#define NORM_TRANSFORM_H

#include "args.h"

typedef enum ZMode {
  Z_SKLEARN, /* no eps given: a zero std counts as 1 */
  Z_CLAMP,   /* eps given: divide by max(std, eps) */
  Z_PLAIN    /* eps NULL: divide by std; a zero std gives NULL */
} ZMode;

typedef enum TransformKind { TF_Z, TF_MINMAX, TF_MAXABS } TransformKind;

typedef struct TransformOptions {
  TransformKind kind;
  ZMode mode;  /* z: see ZMode */
  double eps;  /* z: the clamp of Z_CLAMP */
  double ddof; /* z: delta degrees of freedom */
  double lo;   /* minmax: the target range */
  double hi;
  int clip; /* minmax: clamp forward results to [lo, hi] */
} TransformOptions;

/* The options of a transform called without extra arguments. */
void tf_default_options(TransformOptions *o, TransformKind kind);

/* norm_invert: reads the kind (argument 3, 'z' when absent) and checks that
** the argument count fits it. Returns 0, or -1 after setting an error. */
int tf_read_invert_kind(sqlite3_context *ctx, int argc, sqlite3_value **argv, TransformKind *kind);

/* Reads the options of o->kind from argv[first...] (eps, ddof for z; lo, hi,
** clip for minmax). */
ArgResult tf_read_options(sqlite3_context *ctx, const char *fname, int argc, sqlite3_value **argv, int first,
                          TransformOptions *o);

/* Checks that a state (its flags, and its count for ddof) suits the
** transform. Returns 1, or 0 after setting an error naming fname. */
int tf_check_state(sqlite3_context *ctx, const char *fname, const Moments *m, const TransformOptions *o);

/* The divisor of a z-score for one block; hi is NaN when it is undefined
** (count <= ddof, or a zero std with eps NULL). */
DD tf_z_divisor(const Moments *m, const TransformOptions *o);

/* One element, forward or inverse (div: tf_z_divisor's, for z only). NaN in,
** or an undefined divisor, gives NaN. */
double tf_apply(const TransformOptions *o, int inverse, double x, const Moments *m, DD div);

#endif

/*
** transform.c: the transforms' options, state checks and per-element
** arithmetic, shared by apply.c (numbers) and vecapply.c (vectors); see
** transform.h and the requirements in apply.c.
*/
#include "transform.h"

#include <math.h>
#include <string.h>

void tf_default_options(TransformOptions *o, TransformKind kind) {
  memset(o, 0, sizeof *o);
  o->kind = kind;
  o->mode = Z_SKLEARN;
  o->hi = 1;
}

int tf_read_invert_kind(sqlite3_context *ctx, int argc, sqlite3_value **argv, TransformKind *kind) {
  static const int max_args[] = {5, 6, 3}; /* by TransformKind */
  static const char *const usage[] = {"norm_invert(y, s, 'z' [, eps [, ddof]])",
                                      "norm_invert(y, s, 'minmax' [, lo, hi [, clip]])", "norm_invert(y, s, 'maxabs')"};
  *kind = TF_Z;
  if (argc >= 3) {
    const char *k = (const char *)sqlite3_value_text(argv[2]);
    int is_text = sqlite3_value_type(argv[2]) == SQLITE_TEXT && k;
    if (is_text && strcmp(k, "minmax") == 0) {
      *kind = TF_MINMAX;
    } else if (is_text && strcmp(k, "maxabs") == 0) {
      *kind = TF_MAXABS;
    } else if (!is_text || strcmp(k, "z") != 0) {
      norm_error(ctx, "norm_invert", "argument 3 is %s%s%s, not one of 'z', 'minmax', 'maxabs'", k ? "'" : "",
                 k ? k : "NULL", k ? "'" : "");
      return -1;
    }
  }
  if (argc > max_args[*kind] || (*kind == TF_MINMAX && argc == 4)) {
    norm_error(ctx, "norm_invert", "%d arguments do not fit %s", argc, usage[*kind]);
    return -1;
  }
  return 0;
}

/* Reads eps (argv[first]) and ddof (argv[first + 1]) when present. */
static ArgResult read_z_options(sqlite3_context *ctx, const char *fname, int argc, sqlite3_value **argv, int first,
                                TransformOptions *o) {
  if (argc > first) {
    ArgResult r = arg_number(ctx, fname, argv, first, &o->eps);
    if (r == ARG_ERROR) return r;
    o->mode = r == ARG_NULL ? Z_PLAIN : Z_CLAMP;
    if (o->mode == Z_CLAMP && !(o->eps > 0)) {
      norm_error(ctx, fname, "argument %d (eps) is %g; it must be > 0, or NULL for no clamp", first + 1, o->eps);
      return ARG_ERROR;
    }
  }
  if (argc > first + 1 && arg_ddof(ctx, fname, argv, first + 1, &o->ddof) != ARG_OK) return ARG_ERROR;
  return ARG_OK;
}

/* Reads lo, hi (argv[first], argv[first + 1]) and clip (argv[first + 2]). */
static ArgResult read_range_options(sqlite3_context *ctx, const char *fname, int argc, sqlite3_value **argv, int first,
                                    TransformOptions *o) {
  if (argc > first) {
    static const char *const names[] = {"lo", "hi"};
    double *slots[] = {&o->lo, &o->hi};
    for (int k = 0; k < 2; k++) {
      ArgResult r = arg_number(ctx, fname, argv, first + k, slots[k]);
      if (r == ARG_ERROR) return r;
      if (r == ARG_NULL) {
        norm_error(ctx, fname, "argument %d (%s) is NULL", first + k + 1, names[k]);
        return ARG_ERROR;
      }
    }
    if (!(o->lo < o->hi)) {
      norm_error(ctx, fname, "the target range [%g, %g] is empty; lo must be less than hi", o->lo, o->hi);
      return ARG_ERROR;
    }
  }
  if (argc > first + 2) {
    double clip;
    ArgResult r = arg_number(ctx, fname, argv, first + 2, &clip);
    if (r == ARG_ERROR) return r;
    if (r == ARG_NULL) {
      norm_error(ctx, fname, "argument %d (clip) is NULL; give 1 to clip or 0 not to", first + 3);
      return ARG_ERROR;
    }
    o->clip = clip != 0;
  }
  return ARG_OK;
}

ArgResult tf_read_options(sqlite3_context *ctx, const char *fname, int argc, sqlite3_value **argv, int first,
                          TransformOptions *o) {
  if (o->kind == TF_Z) return read_z_options(ctx, fname, argc, argv, first, o);
  if (o->kind == TF_MINMAX) return read_range_options(ctx, fname, argc, argv, first, o);
  return ARG_OK;
}

int tf_check_state(sqlite3_context *ctx, const char *fname, const Moments *m, const TransformOptions *o) {
  if (o->kind == TF_Z) {
    if (!(m->flags & MOM_HAS_MOMENTS)) {
      norm_error(ctx, fname, "argument 2 has no mean and variance (it holds only min and max)");
      return 0;
    }
    return check_ddof_allowed(ctx, fname, m, o->ddof);
  }
  if (m->flags & MOM_HAS_MINMAX) return 1;
  norm_error(ctx, fname,
             "argument 2 has no min and max (it was built from a mean and variance, or by a sliding frame whose "
             "extremes could not be kept)");
  return 0;
}

DD tf_z_divisor(const Moments *m, const TransformOptions *o) {
  DD sd = moments_std_dd(m, o->ddof);
  if (isnan(sd.hi)) return sd;
  switch (o->mode) {
    case Z_SKLEARN:
      if (sd.hi == 0) sd = dd_from(1.0);
      break;
    case Z_CLAMP:
      if (sd.hi < o->eps) sd = dd_from(o->eps);
      break;
    case Z_PLAIN:
      if (sd.hi == 0) sd = dd_from(NAN);
      break;
  }
  return sd;
}

/* max - min, or 1 for a zero range (scikit-learn). */
static DD data_range(const Moments *m) {
  DD r = dd_two_sum(m->max, -m->min);
  return r.hi == 0 ? dd_from(1.0) : r;
}

/* max(|min|, |max|), or 1 when zero (scikit-learn). */
static double max_abs(const Moments *m) {
  double s = fmax(fabs(m->min), fabs(m->max));
  return s == 0 ? 1.0 : s;
}

double tf_apply(const TransformOptions *o, int inverse, double x, const Moments *m, DD div) {
  if (isnan(x)) return NAN;
  switch (o->kind) {
    case TF_Z:
      if (isnan(div.hi)) return NAN;
      if (inverse) return dd_to_double(dd_add(dd_mul_d(div, x), m->mean));
      return moments_z_quotient(x, m->mean, div);
    case TF_MINMAX:
      if (inverse) {
        DD u = dd_div(dd_two_sum(x, -o->lo), dd_from(o->hi - o->lo));
        return dd_to_double(dd_add_d(dd_mul(u, data_range(m)), m->min));
      } else {
        DD u = dd_div(dd_two_sum(x, -m->min), data_range(m));
        double y = dd_to_double(dd_add_d(dd_mul_d(u, o->hi - o->lo), o->lo));
        return o->clip ? fmin(fmax(y, o->lo), o->hi) : y;
      }
    default:
      return inverse ? x * max_abs(m) : x / max_abs(m);
  }
}

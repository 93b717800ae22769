/*
** vecapply.c: vectors through the transforms and accessors: norm_z,
** norm_minmax, norm_maxabs and norm_invert with a vector value; norm_unit;
** norm_count, norm_mean, norm_var, norm_std, norm_min, norm_max, norm_json
** and norm_state of vector states.
**
** Requirements (tests/sql/vec.sql, tests/oracle/test_vectors.py):
**  1. A transform of a vector applies, element by element, the same formula
**     and options as for a number (apply.c requirements 2-5): with a vector
**     state, element d uses block d (the dimensions must agree); with a
**     scalar state every element uses the one block.
**  2. The result has the input's encoding: a JSON array in gives a JSON
**     array out, a float32 blob gives a float32 blob (rounded to nearest).
**     A missing element stays missing (null / NaN); an element whose result
**     is undefined (count <= ddof, a zero std with eps NULL) is null / NaN.
**  3. A vector state with a number, or a result beyond float32 (blob) or a
**     double, is an error naming the function.
**  4. norm_unit(v [, 'l2' | 'l1' | 'max']) divides v by its norm over the
**     non-missing elements (scikit-learn's Normalizer, default 'l2'); a zero
**     vector (or one with only missing elements) is returned unchanged.
**  5. The accessors of a vector state return JSON arrays, one number per
**     dimension (norm_count: integers when whole); NULL when the state lacks
**     the statistic; an undefined variance (count <= ddof) is null.
**  6. norm_json of a vector state writes the same fields as for a scalar
**     state with arrays, plus "dims"; "exact" holds arrays of [hi, lo] pairs.
**     norm_state accepts it back (same bytes) and known statistics given as
**     arrays: "mean" with "var" (or "std"), "min" with "max", "count" (an
**     array, or one number for every dimension).
**
** The transforms' options, checks and per-element arithmetic are transform.c's,
** shared with apply.c, so an element of a JSON vector gives bit for bit what
** the scalar function gives for that number.
*/
#include <math.h>
#include <string.h>

#include "format/json.h"
#include "transform.h"
#include "vecsql.h"

/* --- the state of a transform, decoded once per statement ---------------- */

/* A decoded state: one block, or one per dimension. */
#define DECODED_MAGIC 0x4E564543u /* "NVEC": tells it from apply.c's cached Moments */
typedef struct DecodedState {
  unsigned magic;  /* DECODED_MAGIC */
  uint32_t dims;   /* 0: scalar */
  unsigned flags;  /* MOM_HAS_* */
  int div_ready;   /* div holds the z divisors for the options below */
  int div_mode;    /* ZMode of div */
  double div_eps;  /* eps of div */
  double div_ddof; /* ddof of div */
  DD *div;         /* max(dims, 1) z divisors (NaN: undefined), after m */
  Moments m[];     /* max(dims, 1) blocks */
} DecodedState;

/* Reads argument i as a state, from the statement cache when it is constant.
** *fresh is set when the caller owns the result (cache it or free it).
** 2026-11-25: apply.c caches scalar states in the same auxdata slot (a plain
** Moments), and one call site can see numbers on some rows and vectors on
** others with the same scalar state. So only vector states are cached here
** (a call site with a vector state never runs apply.c's scalar path), and a
** cached pointer is used only if it carries DECODED_MAGIC. */
static ArgResult read_decoded_state(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, int i,
                                    DecodedState **out, int *fresh) {
  *fresh = 0;
  DecodedState *cached = sqlite3_get_auxdata(ctx, i);
  if (cached && cached->magic == DECODED_MAGIC) {
    *out = cached;
    return ARG_OK;
  }
  StateView view;
  ArgResult r = arg_state(ctx, fname, argv, i, &view);
  if (r != ARG_OK) return r;
  uint32_t n = view.dims ? view.dims : 1;
  DecodedState *d = sqlite3_malloc64(sizeof *d + (uint64_t)n * (sizeof(Moments) + sizeof(DD)));
  if (d == NULL) {
    sqlite3_result_error_nomem(ctx);
    return ARG_ERROR;
  }
  d->magic = DECODED_MAGIC;
  d->div_ready = 0;
  d->div = (DD *)(void *)(d->m + n);
  d->dims = view.dims;
  d->flags = view.flags;
  for (uint32_t k = 0; k < n; k++) state_block(&view, k, &d->m[k]);
  *out = d;
  *fresh = 1;
  return ARG_OK;
}

/* Keeps a freshly decoded state for the next rows (SQLite frees it when the
** argument is not constant). Called last: the state may be freed at once. */
static void keep_decoded_state(sqlite3_context *ctx, int i, DecodedState *d, int fresh) {
  if (!fresh) return;
  if (d->dims > 0) {
    sqlite3_set_auxdata(ctx, i, d, sqlite3_free);
  } else {
    sqlite3_free(d);
  }
}

/* Sets the vector v[0..n) as the result, in encoding enc. */
static void result_vector(sqlite3_context *ctx, const char *fname, const double *v, uint32_t n, VecEncoding enc) {
  for (uint32_t i = 0; i < n; i++) {
    if (isinf(v[i])) {
      norm_error(ctx, fname, "element %u of the result is beyond the range of a double", (unsigned)i + 1);
      return;
    }
  }
  if (enc == VEC_F32) {
    unsigned char *out = sqlite3_malloc64((uint64_t)n * 4);
    if (out == NULL) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    long bad = vec_write_f32(out, v, n);
    if (bad >= 0) {
      sqlite3_free(out);
      norm_error(ctx, fname, "element %ld of the result is beyond the range of float32", bad + 1);
      return;
    }
    sqlite3_result_blob(ctx, out, (int)(n * 4), sqlite3_free);
  } else {
    char *out = sqlite3_malloc64(vec_json_bound(n));
    if (out == NULL) {
      sqlite3_result_error_nomem(ctx);
      return;
    }
    size_t len = vec_write_json(out, v, n);
    sqlite3_result_text(ctx, out, (int)len, sqlite3_free);
  }
}

/* --- the transforms ----------------------------------------------------- */

static const char *transform_name(VecTransform t) {
  static const char *const names[] = {"norm_z", "norm_minmax", "norm_maxabs", "norm_invert"};
  return names[t];
}

void vec_transform_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, VecTransform t) {
  static const TransformKind kinds[] = {TF_Z, TF_MINMAX, TF_MAXABS, TF_Z}; /* by VecTransform */
  const char *fname = transform_name(t);
  int inverse = t == VT_INVERT;
  TransformOptions o;
  tf_default_options(&o, kinds[t]);
  /* As apply.c: norm_invert's kind and argument count first, then NULL
  ** value or state gives NULL, then the options. */
  if (inverse && tf_read_invert_kind(ctx, argc, argv, &o.kind)) return;
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) return;
  if (tf_read_options(ctx, fname, argc, argv, inverse ? 3 : 2, &o) != ARG_OK) return;
  if (!vec_value_is_vector(argv[0])) { /* a number with a vector state */
    StateView view;
    if (arg_state(ctx, fname, argv, 1, &view) != ARG_OK) return;
    norm_error(ctx, fname, "argument 2 is a vector state of %u dimensions; argument 1 is a number, not a vector",
               (unsigned)view.dims);
    return;
  }
  VecBuf buf = {0};
  uint32_t dims;
  VecEncoding enc;
  DecodedState *s = NULL;
  int fresh = 0;
  if (arg_vector(ctx, fname, argv, 0, &buf, &dims, &enc) != ARG_OK) goto done;
  if (read_decoded_state(ctx, fname, argv, 1, &s, &fresh) != ARG_OK) goto done;
  if (s->dims != 0 && s->dims != dims) {
    norm_error(ctx, fname, "argument 1 has %u dimensions, but the state (argument 2) has %u", (unsigned)dims,
               (unsigned)s->dims);
    goto done;
  }
  if (!tf_check_state(ctx, fname, &s->m[0], &o)) goto done;
  if (o.kind == TF_Z && !(s->div_ready && s->div_mode == (int)o.mode && s->div_eps == o.eps && s->div_ddof == o.ddof)) {
    for (uint32_t k = 0; k < (s->dims ? s->dims : 1); k++) s->div[k] = tf_z_divisor(&s->m[k], &o);
    s->div_ready = 1; /* kept with the cached state for the next rows */
    s->div_mode = (int)o.mode;
    s->div_eps = o.eps;
    s->div_ddof = o.ddof;
  }
  for (uint32_t i = 0; i < dims; i++) {
    const Moments *m = &s->m[s->dims ? i : 0];
    DD div = o.kind == TF_Z ? s->div[s->dims ? i : 0] : dd_from(1.0);
    double x = buf.v[i];
    buf.v[i] = tf_apply(&o, inverse, x, m, div);
    if (!isfinite(buf.v[i]) && !isnan(x) && !isnan(div.hi)) { /* overflow (dd_div gives NaN) */
      norm_error(ctx, fname, "element %u of the result is beyond the range of a double", (unsigned)i + 1);
      goto done;
    }
  }
  result_vector(ctx, fname, buf.v, dims, enc);
done:
  vec_buf_free(&buf, &norm_allocator);
  if (s) keep_decoded_state(ctx, 1, s, fresh);
}

/* --- norm_unit ---------------------------------------------------------- */

void norm_unit_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  int kind = 2; /* 1: l1, 2: l2, 0: max */
  if (argc > 1) {
    const char *k = (const char *)sqlite3_value_text(argv[1]);
    if (sqlite3_value_type(argv[1]) == SQLITE_TEXT && k && strcmp(k, "l1") == 0) {
      kind = 1;
    } else if (sqlite3_value_type(argv[1]) == SQLITE_TEXT && k && strcmp(k, "l2") == 0) {
      kind = 2;
    } else if (sqlite3_value_type(argv[1]) == SQLITE_TEXT && k && strcmp(k, "max") == 0) {
      kind = 0;
    } else {
      norm_error(ctx, "norm_unit", "argument 2 is %s%s%s, not one of 'l2', 'l1', 'max'", k ? "'" : "", k ? k : "NULL",
                 k ? "'" : "");
      return;
    }
  }
  if (!vec_value_is_vector(argv[0])) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    norm_error(ctx, "norm_unit", "argument 1 is %s, not a vector (a JSON array or a float32 blob)",
               sqlite3_value_type(argv[0]) == SQLITE_TEXT ? "text" : "a number");
    return;
  }
  VecBuf buf = {0};
  uint32_t dims;
  VecEncoding enc;
  if (arg_vector(ctx, "norm_unit", argv, 0, &buf, &dims, &enc) != ARG_OK) {
    vec_buf_free(&buf, &norm_allocator);
    return;
  }
  double *v = buf.v;
  double big = 0.0; /* the largest magnitude */
  for (uint32_t i = 0; i < dims; i++) {
    if (fabs(v[i]) > big) big = fabs(v[i]); /* NaN compares false */
  }
  if (big > 0) {
    double norm = big;
    if (kind != 0) { /* sum scaled by a power of two (exact), in double-double */
      int e;
      frexp(big, &e);
      DD sum = dd_from(0.0);
      for (uint32_t i = 0; i < dims; i++) {
        if (isnan(v[i])) continue;
        double x = ldexp(v[i], -e);
        sum = kind == 1 ? dd_add_d(sum, fabs(x)) : dd_add(sum, dd_two_prod(x, x));
      }
      norm = ldexp(dd_to_double(kind == 1 ? sum : dd_sqrt(sum)), e);
    }
    for (uint32_t i = 0; i < dims; i++) v[i] = v[i] / norm;
  }
  result_vector(ctx, "norm_unit", v, dims, enc);
  vec_buf_free(&buf, &norm_allocator);
}

/* --- accessors and JSON --------------------------------------------------- */

/* Appends the JSON number v (null for NaN), with a comma unless first. */
static void append_number(sqlite3_str *out, double v, int first) {
  char buf[32];
  json_format_double(buf, v);
  if (!first) sqlite3_str_appendchar(out, 1, ',');
  sqlite3_str_appendall(out, buf);
}

/* Appends a count: an integer when whole. */
static void append_count(sqlite3_str *out, DD w, int first) {
  double total = dd_to_double(w);
  if (w.lo == 0 && total == floor(total) && total < 9007199254740992.0) {
    sqlite3_str_appendf(out, "%s%lld", first ? "" : ",", (long long)total);
  } else {
    append_number(out, total, first);
  }
}

/* The statistic of one block, as for the scalar accessors. */
static double block_stat(const Moments *m, VecStat stat, double ddof) {
  switch (stat) {
    case VS_MEAN:
      return dd_to_double(m->mean);
    case VS_VAR:
      return moments_var(m, ddof);
    case VS_STD:
      return moments_std(m, ddof);
    case VS_MIN:
      return m->min;
    case VS_MAX:
      return m->max;
    default:
      return dd_to_double(m->weight);
  }
}

void vec_accessor_func(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *fname, VecStat stat) {
  StateView view;
  double ddof = 0;
  if (arg_state(ctx, fname, argv, 0, &view) != ARG_OK) return;
  if (argc > 1 && arg_ddof(ctx, fname, argv, 1, &ddof) != ARG_OK) return;
  unsigned need = stat == VS_COUNT                     ? MOM_HAS_COUNT
                  : (stat == VS_MIN || stat == VS_MAX) ? MOM_HAS_MINMAX
                                                       : MOM_HAS_MOMENTS;
  if (!(view.flags & need)) return; /* NULL: the state lacks it */
  Moments m;
  state_block(&view, 0, &m);
  if (!check_ddof_allowed(ctx, fname, &m, ddof)) return;
  sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
  sqlite3_str_appendchar(out, 1, '[');
  for (uint32_t i = 0; i < view.dims; i++) {
    state_block(&view, i, &m);
    if (stat == VS_COUNT) {
      append_count(out, m.weight, i == 0);
    } else {
      append_number(out, block_stat(&m, stat, ddof), i == 0);
    }
  }
  sqlite3_str_appendchar(out, 1, ']');
  result_str(ctx, out);
}

/* Appends ,"key":[...] with one statistic per block. */
static void append_array(sqlite3_str *out, const StateView *view, const char *key, VecStat stat) {
  sqlite3_str_appendf(out, ",\"%s\":[", key);
  for (uint32_t i = 0; i < view->dims; i++) {
    Moments m;
    state_block(view, i, &m);
    if (stat == VS_COUNT) {
      append_count(out, m.weight, i == 0);
    } else {
      append_number(out, block_stat(&m, stat, 0), i == 0);
    }
  }
  sqlite3_str_appendchar(out, 1, ']');
}

/* Appends "key":[[hi,lo],...] for field 0 (weight), 1 (mean) or 2 (m2). */
static void append_pairs(sqlite3_str *out, const StateView *view, const char *key, int field, int first) {
  sqlite3_str_appendf(out, "%s\"%s\":[", first ? "" : ",", key);
  for (uint32_t i = 0; i < view->dims; i++) {
    Moments m;
    state_block(view, i, &m);
    DD v = field == 0 ? m.weight : field == 1 ? m.mean : m.m2;
    sqlite3_str_appendall(out, i ? ",[" : "[");
    append_number(out, v.hi, 1);
    append_number(out, v.lo, 0);
    sqlite3_str_appendchar(out, 1, ']');
  }
  sqlite3_str_appendchar(out, 1, ']');
}

void vec_json_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  StateView view;
  if (arg_state(ctx, "norm_json", argv, 0, &view) != ARG_OK) return;
  sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
  sqlite3_str_appendf(out, "{\"kind\":\"moments\",\"dims\":%u", (unsigned)view.dims);
  if (view.flags & MOM_HAS_COUNT) append_array(out, &view, "count", VS_COUNT);
  if (view.flags & MOM_HAS_MOMENTS) {
    append_array(out, &view, "mean", VS_MEAN);
    append_array(out, &view, "var", VS_VAR);
    append_array(out, &view, "std", VS_STD);
  }
  if (view.flags & MOM_HAS_MINMAX) {
    append_array(out, &view, "min", VS_MIN);
    append_array(out, &view, "max", VS_MAX);
  }
  if (view.flags & MOM_HAS_MOMENTS) {
    sqlite3_str_appendall(out, ",\"exact\":{");
    if (view.flags & MOM_HAS_COUNT) append_pairs(out, &view, "count", 0, 1);
    append_pairs(out, &view, "mean", 1, !(view.flags & MOM_HAS_COUNT));
    append_pairs(out, &view, "m2", 2, 0);
    sqlite3_str_appendchar(out, 1, '}');
  }
  sqlite3_str_appendchar(out, 1, '}');
  result_str(ctx, out);
}

/* --- norm_state of a vector state ----------------------------------------- */

/* Reads the vector JSON of norm_state. */
typedef struct VecSpec {
  const JsonDoc *doc;
  uint32_t dims; /* 0 until known */
  char error[160];
} VecSpec;

static int vspec_fail(VecSpec *s, const char *what, const char *key) {
  sqlite3_snprintf((int)sizeof s->error, s->error, what, key);
  return -1;
}

/* Node of key in the root object, checked to be an array of dims elements
** (or, if allow_number, a single number). Returns -1 absent, -2 wrong. */
static int vspec_array(VecSpec *s, int obj, const char *key, int allow_number) {
  int i = json_get(s->doc, obj, key);
  if (i < 0) return -1;
  const JsonNode *n = s->doc->nodes;
  if (allow_number && n[i].type == JSON_NUMBER) return i;
  if (n[i].type != JSON_ARRAY) {
    vspec_fail(s, "\"%s\" is not an array (a vector state has one value per dimension)", key);
    return -2;
  }
  uint32_t len = 0;
  for (int k = n[i].first_child; k >= 0; k = n[k].next) len++;
  if (len == 0 || len > VEC_MAX_DIMS) {
    vspec_fail(s, "\"%s\" has no elements or too many", key);
    return -2;
  }
  if (s->dims == 0) s->dims = len;
  if (len != s->dims) {
    vspec_fail(s, "\"%s\" has a different number of elements than the other arrays", key);
    return -2;
  }
  return i;
}

/* The element at cursor *cur (a node of an array, or a lone number, which
** then stands for every dimension) as a finite double; advances the cursor. */
static int vspec_number(VecSpec *s, int *cur, const char *key, double *out) {
  const JsonNode *n = s->doc->nodes;
  int e = *cur;
  if (n[e].type != JSON_NUMBER || !isfinite(n[e].number)) {
    return vspec_fail(s, "an element of \"%s\" is not a finite number", key);
  }
  *out = n[e].number;
  if (n[e].next >= 0) *cur = n[e].next;
  return 0;
}

/* The [hi, lo] pair at cursor *cur; advances the cursor. */
static int vspec_pair(VecSpec *s, int *cur, const char *key, DD *out) {
  const JsonNode *n = s->doc->nodes;
  int e = *cur;
  int hi = n[e].type == JSON_ARRAY ? n[e].first_child : -1;
  int lo = hi >= 0 ? n[hi].next : -1;
  if (lo < 0 || n[lo].next >= 0 || n[hi].type != JSON_NUMBER || n[lo].type != JSON_NUMBER) {
    return vspec_fail(s, "\"exact\".\"%s\" is not an array of pairs [hi, lo] of numbers", key);
  }
  out->hi = n[hi].number;
  out->lo = n[lo].number;
  if (n[e].next >= 0) *cur = n[e].next;
  return 0;
}

/* The cursor of the node at i: its first element, or itself for a number. */
static int vspec_cursor(const VecSpec *s, int i) {
  if (i < 0) return -1;
  return s->doc->nodes[i].type == JSON_ARRAY ? s->doc->nodes[i].first_child : i;
}

/* 1 when the JSON object describes a vector state. */
static int vspec_is_vector(const JsonDoc *doc) {
  if (doc->nodes[0].type != JSON_OBJECT) return 0;
  if (json_get(doc, 0, "dims") >= 0) return 1;
  static const char *const keys[] = {"count", "mean", "var", "variance", "std", "min", "max"};
  for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
    int i = json_get(doc, 0, keys[k]);
    if (i >= 0 && doc->nodes[i].type == JSON_ARRAY) return 1;
  }
  return 0;
}

/* Builds the blocks; blob has room for s->dims blocks (header written by the caller). */
static int vspec_build(VecSpec *s, unsigned char *blob, unsigned *flags_out) {
  const JsonDoc *doc = s->doc;
  const JsonNode *n = doc->nodes;
  static const char *const known[] = {"kind", "dims", "count", "mean", "var", "variance", "std", "min", "max", "exact"};
  for (int k = n[0].first_child; k >= 0; k = n[n[k].next].next) {
    int ok = 0;
    for (size_t j = 0; j < sizeof known / sizeof known[0]; j++) {
      if ((size_t)n[k].len == strlen(known[j]) && memcmp(n[k].text, known[j], (size_t)n[k].len) == 0) ok = 1;
    }
    if (!ok) {
      sqlite3_snprintf((int)sizeof s->error, s->error, "unknown key \"%.*s\"", n[k].len > 40 ? 40 : n[k].len,
                       n[k].text);
      return -1;
    }
  }
  int kind = json_get(doc, 0, "kind");
  if (kind >= 0 && !(n[kind].type == JSON_STRING && n[kind].len == 7 && memcmp(n[kind].text, "moments", 7) == 0)) {
    return vspec_fail(s, "\"kind\" is not \"%s\"", "moments");
  }
  int exact = json_get(doc, 0, "exact");
  int e_count = -1, e_mean = -1, e_m2 = -1;
  int mean = -1, var = -1, std = -1, count = -1;
  if (exact >= 0) {
    if (n[exact].type != JSON_OBJECT) return vspec_fail(s, "\"%s\" is not an object", "exact");
    e_mean = vspec_array(s, exact, "mean", 0);
    e_m2 = vspec_array(s, exact, "m2", 0);
    e_count = vspec_array(s, exact, "count", 0);
    if (e_mean == -2 || e_m2 == -2 || e_count == -2) return -1;
    if (e_mean < 0 || e_m2 < 0) return vspec_fail(s, "\"exact\" lacks \"%s\"", e_mean < 0 ? "mean" : "m2");
  } else {
    mean = vspec_array(s, 0, "mean", 0);
    var = vspec_array(s, 0, "var", 0);
    if (var == -1) var = vspec_array(s, 0, "variance", 0);
    std = vspec_array(s, 0, "std", 0);
    count = vspec_array(s, 0, "count", 1);
    if (mean == -2 || var == -2 || std == -2 || count == -2) return -1;
    if ((mean >= 0) != (var >= 0 || std >= 0)) {
      return vspec_fail(s, "%s", "\"mean\" and \"var\" (or \"std\") go together");
    }
    if (count >= 0 && mean < 0) return vspec_fail(s, "\"%s\" needs \"mean\" and \"var\"", "count");
  }
  int min = vspec_array(s, 0, "min", 0);
  int max = vspec_array(s, 0, "max", 0);
  if (min == -2 || max == -2) return -1;
  if ((min >= 0) != (max >= 0)) return vspec_fail(s, "%s", "\"min\" and \"max\" go together");
  int dims_key = json_get(doc, 0, "dims");
  if (dims_key >= 0 && (n[dims_key].type != JSON_NUMBER || n[dims_key].number != (double)s->dims)) {
    return vspec_fail(s, "\"%s\" does not match the arrays", "dims");
  }
  if (s->dims == 0) return vspec_fail(s, "%s", "no statistics: give \"mean\" and \"var\", or \"min\" and \"max\"");
  unsigned flags = 0;
  if (e_mean >= 0 || mean >= 0) flags |= MOM_HAS_MOMENTS;
  if (e_count >= 0 || count >= 0) flags |= MOM_HAS_COUNT;
  if (min >= 0) flags |= MOM_HAS_MINMAX;
  int c_emean = vspec_cursor(s, e_mean), c_em2 = vspec_cursor(s, e_m2), c_ecount = vspec_cursor(s, e_count);
  int c_mean = vspec_cursor(s, mean), c_var = vspec_cursor(s, var), c_std = vspec_cursor(s, std);
  int c_count = vspec_cursor(s, count), c_min = vspec_cursor(s, min), c_max = vspec_cursor(s, max);
  for (uint32_t k = 0; k < s->dims; k++) {
    Moments m;
    memset(&m, 0, sizeof m);
    m.flags = flags;
    m.weight = dd_from(1.0);
    if (exact >= 0) {
      if (vspec_pair(s, &c_emean, "mean", &m.mean) || vspec_pair(s, &c_em2, "m2", &m.m2)) return -1;
      if (e_count >= 0 && vspec_pair(s, &c_ecount, "count", &m.weight)) return -1;
    } else if (mean >= 0) {
      double mu, v, c = 1;
      if (vspec_number(s, &c_mean, "mean", &mu)) return -1;
      if (var >= 0) {
        if (vspec_number(s, &c_var, "var", &v)) return -1;
      } else {
        if (vspec_number(s, &c_std, "std", &v)) return -1;
        if (v < 0) return vspec_fail(s, "\"%s\" is negative", "std");
        v = v * v;
      }
      if (v < 0) return vspec_fail(s, "\"%s\" is negative", "var");
      m.mean = dd_from(mu);
      if (count >= 0) {
        if (vspec_number(s, &c_count, "count", &c)) return -1;
        if (!(c > 0)) return vspec_fail(s, "\"%s\" must be positive", "count");
        m.weight = dd_from(c);
        m.m2 = dd_two_prod(v, c);
      } else {
        m.m2 = dd_from(v);
      }
    }
    if (min >= 0 && (vspec_number(s, &c_min, "min", &m.min) || vspec_number(s, &c_max, "max", &m.max))) return -1;
    const char *why = state_check_block(&m, flags);
    if (why) {
      sqlite3_snprintf((int)sizeof s->error, s->error, "dimension %u: %s", (unsigned)k + 1, why);
      return -1;
    }
    if (blob) state_write_block(blob, k, &m);
  }
  *flags_out = flags;
  return 0;
}

int vec_state_from_json(sqlite3_context *ctx, const JsonDoc *doc) {
  if (!vspec_is_vector(doc)) return 0;
  VecSpec spec = {doc, 0, {0}};
  unsigned flags = 0;
  if (vspec_build(&spec, NULL, &flags)) { /* validates and learns dims */
    norm_error(ctx, "norm_state", "%s", spec.error);
    return 1;
  }
  int size = state_size(spec.dims);
  unsigned char *blob = sqlite3_malloc64((uint64_t)size);
  if (blob == NULL) {
    sqlite3_result_error_nomem(ctx);
    return 1;
  }
  vspec_build(&spec, blob, &flags);
  state_write_header(blob, flags, spec.dims);
  sqlite3_result_blob(ctx, blob, size, sqlite3_free);
  return 1;
}

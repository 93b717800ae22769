/*
** inspect.c: reading a state: norm_count, norm_mean, norm_var, norm_std,
** norm_min, norm_max, and the JSON form of a state, norm_json and norm_state.
**
** Requirements:
**  1. Each accessor returns NULL for a NULL state, and NULL when the state
**     does not hold that statistic (no count, no moments, no min/max).
**  2. norm_count returns the total weight: an INTEGER when it is a whole
**     number below 2^63, else a REAL.
**  3. norm_var and norm_std take ddof (default 0); count <= ddof gives NULL,
**     like SQL's var_samp of one row.
**  4. norm_json(s) returns {"kind","count","mean","var","std","min","max",
**     "exact":{"count","mean","m2"}} with the fields the state holds; numbers
**     are written so that they read back exactly ("exact" has no "count" for
**     a state without one).
**  5. norm_state(json) accepts what norm_json writes (giving back the same
**     bytes) and known statistics alone: "mean" with "var" (or "variance",
**     or "std"), "min" with "max", and "count". Anything else is an error
**     naming norm_state and the problem, including unknown keys.
**  6. norm_count, norm_min, norm_max and norm_json also read quantile states
**     (quantile.c); the other accessors reject them.
**  7. Vector states (and JSON with arrays) are handled by vecapply.c.
*/
#include <math.h>
#include <string.h>

#include "args.h"
#include "format/json.h"
#include "quantile.h"
#include "vecsql.h"

/* Reads the state argument of an accessor: ARG_OK, or ARG_NULL / ARG_ERROR
** after the result has been set. */
static ArgResult read_state(sqlite3_context *ctx, const char *fname, sqlite3_value **argv, Moments *m) {
  ArgResult r = arg_scalar_state_cached(ctx, fname, argv, 0, m);
  if (r == ARG_NULL) sqlite3_result_null(ctx);
  return r;
}

static void result_count(sqlite3_context *ctx, DD w) {
  double total = dd_to_double(w);
  if (w.lo == 0 && w.hi == floor(w.hi) && w.hi < 9.2e18) {
    sqlite3_result_int64(ctx, (sqlite3_int64)w.hi);
  } else {
    sqlite3_result_double(ctx, total);
  }
}

void norm_count_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (quant_inspect(ctx, "norm_count", argv)) return; /* a quantile state (quantile.c) */
  if (vec_value_is_vector_state(argv[0])) {           /* Requirement 7 */
    vec_accessor_func(ctx, argc, argv, "norm_count", VS_COUNT);
    return;
  }
  Moments m;
  if (read_state(ctx, "norm_count", argv, &m) != ARG_OK) return;
  if (m.flags & MOM_HAS_COUNT) result_count(ctx, m.weight);
}

void norm_mean_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (vec_value_is_vector_state(argv[0])) { /* Requirement 7 */
    vec_accessor_func(ctx, argc, argv, "norm_mean", VS_MEAN);
    return;
  }
  Moments m;
  if (read_state(ctx, "norm_mean", argv, &m) != ARG_OK) return;
  if (m.flags & MOM_HAS_MOMENTS) sqlite3_result_double(ctx, dd_to_double(m.mean));
}

/* norm_var and norm_std: want_std selects which. */
static void var_or_std(sqlite3_context *ctx, int argc, sqlite3_value **argv, const char *fname, int want_std) {
  if (vec_value_is_vector_state(argv[0])) { /* Requirement 7 */
    vec_accessor_func(ctx, argc, argv, fname, want_std ? VS_STD : VS_VAR);
    return;
  }
  Moments m;
  double ddof = 0;
  if (read_state(ctx, fname, argv, &m) != ARG_OK) return;
  if (argc > 1 && arg_ddof(ctx, fname, argv, 1, &ddof) != ARG_OK) return;
  if (!(m.flags & MOM_HAS_MOMENTS)) return;
  if (!check_ddof_allowed(ctx, fname, &m, ddof)) return;
  double v = want_std ? moments_std(&m, ddof) : moments_var(&m, ddof);
  if (isinf(v)) {
    norm_error(ctx, fname, "the variance with ddof %g is beyond the range of a double", ddof);
  } else if (!isnan(v)) {
    sqlite3_result_double(ctx, v);
  }
}

void norm_var_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) { var_or_std(ctx, argc, argv, "norm_var", 0); }

void norm_std_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) { var_or_std(ctx, argc, argv, "norm_std", 1); }

void norm_min_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (quant_inspect(ctx, "norm_min", argv)) return; /* a quantile state (quantile.c) */
  if (vec_value_is_vector_state(argv[0])) {         /* Requirement 7 */
    vec_accessor_func(ctx, argc, argv, "norm_min", VS_MIN);
    return;
  }
  Moments m;
  if (read_state(ctx, "norm_min", argv, &m) != ARG_OK) return;
  if (m.flags & MOM_HAS_MINMAX) sqlite3_result_double(ctx, m.min);
}

void norm_max_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (quant_inspect(ctx, "norm_max", argv)) return; /* a quantile state (quantile.c) */
  if (vec_value_is_vector_state(argv[0])) {         /* Requirement 7 */
    vec_accessor_func(ctx, argc, argv, "norm_max", VS_MAX);
    return;
  }
  Moments m;
  if (read_state(ctx, "norm_max", argv, &m) != ARG_OK) return;
  if (m.flags & MOM_HAS_MINMAX) sqlite3_result_double(ctx, m.max);
}

/* Appends ,"key":v. */
static void append_number(sqlite3_str *out, const char *key, double v) {
  char buf[32];
  json_format_double(buf, v);
  sqlite3_str_appendf(out, ",\"%s\":%s", key, buf);
}

/* Appends ,"key":[hi,lo]. */
static void append_pair(sqlite3_str *out, const char *key, DD v, int first) {
  char hi[32], lo[32];
  json_format_double(hi, v.hi);
  json_format_double(lo, v.lo);
  sqlite3_str_appendf(out, "%s\"%s\":[%s,%s]", first ? "" : ",", key, hi, lo);
}

void norm_json_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  if (quant_inspect(ctx, "norm_json", argv)) return; /* a quantile state (quantile.c) */
  if (vec_value_is_vector_state(argv[0])) {          /* Requirement 7 */
    vec_json_func(ctx, argc, argv);
    return;
  }
  Moments m;
  if (read_state(ctx, "norm_json", argv, &m) != ARG_OK) return;
  sqlite3_str *out = sqlite3_str_new(sqlite3_context_db_handle(ctx));
  sqlite3_str_appendall(out, "{\"kind\":\"moments\"");
  if (m.flags & MOM_HAS_COUNT) {
    double w = dd_to_double(m.weight);
    if (w == floor(w) && w < 9007199254740992.0) {
      sqlite3_str_appendf(out, ",\"count\":%lld", (long long)w);
    } else {
      append_number(out, "count", w);
    }
  }
  if (m.flags & MOM_HAS_MOMENTS) {
    append_number(out, "mean", dd_to_double(m.mean));
    append_number(out, "var", moments_var(&m, 0));
    append_number(out, "std", moments_std(&m, 0));
  }
  if (m.flags & MOM_HAS_MINMAX) {
    append_number(out, "min", m.min);
    append_number(out, "max", m.max);
  }
  if (m.flags & MOM_HAS_MOMENTS) {
    sqlite3_str_appendall(out, ",\"exact\":{");
    if (m.flags & MOM_HAS_COUNT) append_pair(out, "count", m.weight, 1);
    append_pair(out, "mean", m.mean, !(m.flags & MOM_HAS_COUNT));
    append_pair(out, "m2", m.m2, 0);
    sqlite3_str_appendall(out, "}");
  }
  sqlite3_str_appendall(out, "}");
  result_str(ctx, out);
}

/* --- norm_state --------------------------------------------------------- */

/* What norm_state reads from the JSON, and what it found wrong. */
typedef struct StateSpec {
  const JsonDoc *doc;
  int root;
  char error[160];
} StateSpec;

static int spec_fail(StateSpec *s, const char *what, const char *key) {
  sqlite3_snprintf((int)sizeof s->error, s->error, what, key);
  return -1;
}

/* Reads the number at key; 0 found, 1 absent, -1 wrong type. */
static int spec_number(StateSpec *s, const char *key, double *out) {
  int i = json_get(s->doc, s->root, key);
  if (i < 0) return 1;
  if (s->doc->nodes[i].type != JSON_NUMBER) return spec_fail(s, "\"%s\" is not a number", key);
  *out = s->doc->nodes[i].number;
  if (!isfinite(*out)) return spec_fail(s, "\"%s\" is not a finite number", key);
  return 0;
}

/* Reads [hi, lo] at key inside the object node `obj`. */
static int spec_pair(StateSpec *s, int obj, const char *key, DD *out) {
  int i = json_get(s->doc, obj, key);
  const JsonNode *n = s->doc->nodes;
  if (i < 0) return spec_fail(s, "\"exact\" lacks \"%s\"", key);
  int hi = n[i].type == JSON_ARRAY ? n[i].first_child : -1;
  int lo = hi >= 0 ? n[hi].next : -1;
  if (lo < 0 || n[lo].next >= 0 || n[hi].type != JSON_NUMBER || n[lo].type != JSON_NUMBER) {
    return spec_fail(s, "\"exact\".\"%s\" is not a pair [hi, lo] of numbers", key);
  }
  out->hi = n[hi].number;
  out->lo = n[lo].number;
  return 0;
}

/* Rejects keys norm_state does not know (a misspelt key must not be ignored). */
/* Checks that the keys of object `obj` are among known[0..nknown) (at most
** 9), each at most once.
** 2026-11-25: keys inside "exact" were not checked, and a repeated key was
** read from its first occurrence; both silently ignored what was written. */
static int spec_check_keys(StateSpec *s, int obj, const char *const *known, size_t nknown, const char *where) {
  const JsonNode *n = s->doc->nodes;
  int seen[9] = {0};
  for (int k = n[obj].first_child; k >= 0; k = n[n[k].next].next) {
    size_t found = nknown;
    for (size_t j = 0; j < nknown; j++) {
      if ((size_t)n[k].len == strlen(known[j]) && memcmp(n[k].text, known[j], (size_t)n[k].len) == 0) found = j;
    }
    if (found < nknown && seen[found]++ == 0) continue;
    /* At most 40 bytes of the key, not cutting a UTF-8 character. */
    int len = n[k].len > 40 ? 40 : n[k].len;
    while (len > 0 && len < n[k].len && (n[k].text[len] & 0xC0) == 0x80) len--;
    sqlite3_snprintf((int)sizeof s->error, s->error, "%s key \"%.*s\"%s", found < nknown ? "repeated" : "unknown", len,
                     n[k].text, where);
    return -1;
  }
  return 0;
}

static int spec_known_keys(StateSpec *s) {
  static const char *const known[] = {"kind", "count", "mean", "var", "variance", "std", "min", "max", "exact"};
  static const char *const known_exact[] = {"count", "mean", "m2"};
  const JsonNode *n = s->doc->nodes;
  if (spec_check_keys(s, s->root, known, sizeof known / sizeof known[0], "")) return -1;
  int exact = json_get(s->doc, s->root, "exact");
  if (exact >= 0 && n[exact].type == JSON_OBJECT &&
      spec_check_keys(s, exact, known_exact, sizeof known_exact / sizeof known_exact[0], " in \"exact\"")) {
    return -1;
  }
  int kind = json_get(s->doc, s->root, "kind");
  if (kind >= 0 && !(n[kind].type == JSON_STRING && n[kind].len == 7 && memcmp(n[kind].text, "moments", 7) == 0)) {
    return spec_fail(s, "\"kind\" is not \"%s\"", "moments");
  }
  return 0;
}

/* Fills the moments (mean, m2, weight) from "exact" or from known statistics. */
static int spec_moments(StateSpec *s, Moments *m) {
  int exact = json_get(s->doc, s->root, "exact");
  if (exact >= 0) {
    if (s->doc->nodes[exact].type != JSON_OBJECT) return spec_fail(s, "\"%s\" is not an object", "exact");
    if (spec_pair(s, exact, "mean", &m->mean) || spec_pair(s, exact, "m2", &m->m2)) return -1;
    m->flags |= MOM_HAS_MOMENTS;
    if (json_get(s->doc, exact, "count") >= 0) { /* absent: a state without count */
      if (spec_pair(s, exact, "count", &m->weight)) return -1;
      m->flags |= MOM_HAS_COUNT;
    }
    return 0;
  }
  double mean, var, variance, std, count;
  int has_mean = spec_number(s, "mean", &mean);
  int has_var = spec_number(s, "var", &var);
  int has_variance = spec_number(s, "variance", &variance);
  int has_std = spec_number(s, "std", &std);
  int has_count = spec_number(s, "count", &count);
  if (has_mean < 0 || has_var < 0 || has_variance < 0 || has_std < 0 || has_count < 0) return -1;
  /* 2026-11-25: two of them used to be accepted, the second silently ignored. */
  if ((has_var == 0) + (has_variance == 0) + (has_std == 0) > 1) {
    return spec_fail(s, "%s", "give one of \"var\", \"variance\" and \"std\", not several");
  }
  if (has_variance == 0) {
    var = variance;
    has_var = 0;
  }
  if (has_var == 1 && has_std == 0) {
    if (std < 0) return spec_fail(s, "\"%s\" is negative", "std");
    var = std * std;
    has_var = 0;
  }
  if (has_mean == 1 && has_var == 1) {
    if (has_count == 0) return spec_fail(s, "\"%s\" needs \"mean\" and \"var\"", "count");
    return 0;
  }
  if (has_mean != 0 || has_var != 0) return spec_fail(s, "%s", "\"mean\" and \"var\" (or \"std\") go together");
  if (var < 0) return spec_fail(s, "\"%s\" is negative", "var");
  m->mean = dd_from(mean);
  m->flags |= MOM_HAS_MOMENTS;
  if (has_count == 0) {
    if (!(count > 0)) return spec_fail(s, "\"%s\" must be positive", "count");
    m->weight = dd_from(count);
    m->m2 = dd_two_prod(var, count);
    m->flags |= MOM_HAS_COUNT;
  } else {
    m->weight = dd_from(1.0);
    m->m2 = dd_from(var);
  }
  return 0;
}

static int spec_minmax(StateSpec *s, Moments *m) {
  int has_min = spec_number(s, "min", &m->min);
  int has_max = spec_number(s, "max", &m->max);
  if (has_min < 0 || has_max < 0) return -1;
  if (has_min != has_max) return spec_fail(s, "%s", "\"min\" and \"max\" go together");
  if (has_min == 0) m->flags |= MOM_HAS_MINMAX;
  return 0;
}

/* Builds and validates the moments the JSON describes. */
static int spec_build(StateSpec *s, Moments *m) {
  memset(m, 0, sizeof *m);
  m->weight = dd_from(1.0);
  if (s->doc->nodes[s->root].type != JSON_OBJECT) return spec_fail(s, "%s", "the JSON is not an object");
  if (spec_known_keys(s) || spec_moments(s, m) || spec_minmax(s, m)) return -1;
  if (!(m->flags & (MOM_HAS_MOMENTS | MOM_HAS_MINMAX))) {
    return spec_fail(s, "%s", "no statistics: give \"mean\" and \"var\", or \"min\" and \"max\"");
  }
  const char *why = state_check_block(m, m->flags);
  if (why) return spec_fail(s, "%s", why);
  return 0;
}

void norm_state_func(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  int type = sqlite3_value_type(argv[0]);
  if (type == SQLITE_NULL) return;
  if (type != SQLITE_TEXT) {
    norm_error(ctx, "norm_state", "argument 1 is %s, not JSON text", type == SQLITE_BLOB ? "a blob" : "a number");
    return;
  }
  const char *text = (const char *)sqlite3_value_text(argv[0]);
  if (text == NULL) {
    sqlite3_result_error_nomem(ctx);
    return;
  }
  JsonDoc doc = {NULL, 0, {0}}; /* an output of json_parse; initialized for cppcheck */
  if (json_parse(&doc, text, (size_t)sqlite3_value_bytes(argv[0]), &norm_allocator)) {
    if (doc.nodes == NULL && strcmp(doc.error, "out of memory") == 0) {
      sqlite3_result_error_nomem(ctx);
    } else {
      norm_error(ctx, "norm_state", "argument 1 is not valid JSON: %s", doc.error);
    }
    json_free(&doc, &norm_allocator);
    return;
  }
  StateSpec spec = {&doc, 0, {0}};
  Moments m;
  if (vec_state_from_json(ctx, &doc)) { /* a vector state */
  } else if (spec_build(&spec, &m)) {
    norm_error(ctx, "norm_state", "%s", spec.error);
  } else {
    result_scalar_state(ctx, &m);
  }
  json_free(&doc, &norm_allocator);
}

/*
** vec.c: reading and writing vector values (see vec.h for the encodings and
** the requirements).
*/
#include "vec.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int vec_text_is_array(const char *text, size_t n) {
  size_t i = 0;
  while (i < n && is_space(text[i])) i++;
  return i < n && text[i] == '[';
}

int vec_reserve(VecBuf *buf, uint32_t n, const Allocator *a) {
  if (n <= buf->cap) return VEC_OK;
  uint32_t cap = buf->cap ? buf->cap : 16;
  while (cap < n) cap *= 2;
  double *v = a->realloc(buf->v, (uint64_t)cap * sizeof *v);
  if (v == NULL) return VEC_NOMEM;
  buf->v = v;
  buf->cap = cap;
  return VEC_OK;
}

void vec_buf_free(VecBuf *buf, const Allocator *a) {
  a->free(buf->v);
  buf->v = NULL;
  buf->cap = 0;
}

/* Exact powers of ten for Clinger's fast path. */
static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* 2026-11-25: Up to 19 digits with |power of ten| <= 27 (most JSON written
** by programs: 17 digits round-trip a double) where long double is the x87
** 80-bit format: mant and 10^k are exact in its 64-bit significand, so
** mant * 10^k (or mant / 10^k) is correctly rounded to 64 bits, within half
** a 64-bit ulp of the exact value. Rounding that to a double gives the
** correctly rounded double unless a double midpoint lies within that half
** ulp: the low 11 bits of the 64-bit significand are then 0x3FF, 0x400 or
** 0x401, and the caller falls back to strtod. Returns 1 with *out, or 0. */
static int extended_convert(uint64_t mant, int exp10, double *out) {
#if LDBL_MANT_DIG == 64 && (defined(__x86_64__) || defined(__i386__))
  static const long double POW10L[28] = {1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
                                         1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
                                         1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
  long double r = exp10 >= 0 ? (long double)mant * POW10L[exp10] : (long double)mant / POW10L[-exp10];
  if (r == 0.0L) {
    *out = 0.0;
    return 1;
  }
  uint64_t sig;
  memcpy(&sig, &r, sizeof sig); /* the x87 format stores the 64-bit significand first */
  unsigned low = (unsigned)(sig & 0x7FF);
  if (low >= 0x3FF && low <= 0x401) return 0;
  *out = (double)r;
  return 1;
#else
  (void)mant;
  (void)exp10;
  (void)out;
  return 0;
#endif
}

typedef struct Reader {
  const char *s; /* text */
  size_t n;      /* its length */
  size_t pos;    /* next character */
  char *err;     /* where errors go */
  size_t errlen;
} Reader;

static int bad(Reader *r, const char *what) {
  (void)snprintf(r->err, r->errlen, "%s at offset %zu", what, r->pos);
  return VEC_BAD;
}

static int digit_at(const Reader *r, size_t i) { return i < r->n && r->s[i] >= '0' && r->s[i] <= '9'; }

/* Reads one JSON number (grammar of RFC 8259) at r->pos into *out. */
static int read_number(Reader *r, double *out, uint32_t index) {
  const char *s = r->s;
  size_t start = r->pos, i = r->pos;
  int negative = 0;
  if (i < r->n && s[i] == '-') negative = 1, i++;
  if (!digit_at(r, i)) {
    r->pos = i;
    return bad(r, "expected a number or null");
  }
  uint64_t mant = 0;
  int digits = 0;  /* significant digits kept in mant */
  int dropped = 0; /* digits that did not fit */
  int exp10 = 0;
  if (s[i] == '0') {
    i++;
  } else {
    while (digit_at(r, i)) {
      if (digits < 19)
        mant = mant * 10 + (uint64_t)(s[i] - '0'), digits += mant > 0;
      else
        dropped = 1, exp10++;
      i++;
    }
  }
  if (i < r->n && s[i] == '.') {
    i++;
    if (!digit_at(r, i)) {
      r->pos = i;
      return bad(r, "invalid number");
    }
    while (digit_at(r, i)) {
      if (digits < 19)
        mant = mant * 10 + (uint64_t)(s[i] - '0'), digits += mant > 0, exp10--;
      else if (s[i] != '0')
        dropped = 1;
      i++;
    }
  }
  int e = 0;
  if (i < r->n && (s[i] == 'e' || s[i] == 'E')) {
    int eneg = 0;
    i++;
    if (i < r->n && (s[i] == '+' || s[i] == '-')) eneg = s[i] == '-', i++;
    if (!digit_at(r, i)) {
      r->pos = i;
      return bad(r, "invalid number");
    }
    while (digit_at(r, i)) {
      if (e < 100000) e = e * 10 + (s[i] - '0');
      i++;
    }
    if (eneg) e = -e;
  }
  r->pos = i;
  exp10 += e;
  double v;
  if (!dropped && mant < (1ull << 53) && exp10 >= -22 && exp10 <= 22) {
    v = exp10 >= 0 ? (double)mant * POW10[exp10] : (double)mant / POW10[-exp10];
    if (negative) v = -v;
  } else if (!dropped && exp10 >= -27 && exp10 <= 27 && extended_convert(mant, exp10, &v)) {
    if (negative) v = -v;
  } else { /* the general case: strtod on a copy, sign included */
    char buf[400];
    size_t len = i - start;
    if (len >= sizeof buf) return bad(r, "number too long");
    memcpy(buf, s + start, len);
    buf[len] = 0;
    char *end = NULL;
    v = strtod(buf, &end);
    if (end != buf + len) return bad(r, "number not readable in this locale");
  }
  if (!isfinite(v)) {
    (void)snprintf(r->err, r->errlen, "element %u is beyond the range of a double", index + 1);
    return VEC_BAD;
  }
  *out = v;
  return VEC_OK;
}

/* Names what a non-number element is, for the error message. */
static const char *element_kind(char c) {
  switch (c) {
    case '"':
      return "a string";
    case '[':
      return "an array";
    case '{':
      return "an object";
    case 't':
    case 'f':
      return "a boolean";
    default:
      return NULL;
  }
}

int vec_read_json(const char *text, size_t n, VecBuf *buf, uint32_t *dims, char *err, size_t errlen,
                  const Allocator *a) {
  Reader r = {text, n, 0, err, errlen};
  uint32_t count = 0;
  while (r.pos < n && is_space(text[r.pos])) r.pos++;
  if (r.pos >= n || text[r.pos] != '[') return bad(&r, "expected '['");
  r.pos++;
  while (r.pos < n && is_space(text[r.pos])) r.pos++;
  if (r.pos < n && text[r.pos] == ']') {
    (void)snprintf(err, errlen, "the vector is empty");
    return VEC_BAD;
  }
  for (;;) {
    while (r.pos < n && is_space(text[r.pos])) r.pos++;
    if (r.pos >= n) return bad(&r, "unexpected end");
    if (count >= VEC_MAX_DIMS) {
      (void)snprintf(err, errlen, "more than %d elements", VEC_MAX_DIMS);
      return VEC_BAD;
    }
    if (count >= buf->cap && vec_reserve(buf, count + 1, a) != VEC_OK) return VEC_NOMEM;
    char c = text[r.pos];
    if (c == 'n') {
      if (n - r.pos < 4 || memcmp(text + r.pos, "null", 4) != 0) return bad(&r, "invalid value");
      r.pos += 4;
      buf->v[count] = NAN;
    } else if (element_kind(c)) {
      (void)snprintf(err, errlen, "element %u is %s, not a number", count + 1, element_kind(c));
      return VEC_BAD;
    } else {
      int rc = read_number(&r, &buf->v[count], count);
      if (rc != VEC_OK) return rc;
    }
    count++;
    while (r.pos < n && is_space(text[r.pos])) r.pos++;
    if (r.pos < n && text[r.pos] == ',') {
      r.pos++;
      continue;
    }
    if (r.pos < n && text[r.pos] == ']') {
      r.pos++;
      break;
    }
    return bad(&r, "expected ',' or ']'");
  }
  while (r.pos < n && is_space(text[r.pos])) r.pos++;
  if (r.pos != n) return bad(&r, "trailing characters");
  *dims = count;
  return VEC_OK;
}

/* 1 when the host stores a float32 little-endian (checked at run time, so
** that no compiler-specific macro is needed; the compiler folds it). */
static int host_is_little_endian(void) {
  const uint32_t one = 1;
  unsigned char b;
  memcpy(&b, &one, 1);
  return b == 1;
}

int vec_read_f32(const void *blob, size_t n, VecBuf *buf, uint32_t *dims, char *err, size_t errlen,
                 const Allocator *a) {
  const unsigned char *p = blob;
  if (n % 4 != 0) {
    (void)snprintf(err, errlen, "a blob of %zu bytes is not a float32 vector (its length must be a multiple of 4)", n);
    return VEC_BAD;
  }
  if (n == 0) {
    (void)snprintf(err, errlen, "the vector is empty");
    return VEC_BAD;
  }
  if (n / 4 > VEC_MAX_DIMS) {
    (void)snprintf(err, errlen, "more than %d elements", VEC_MAX_DIMS);
    return VEC_BAD;
  }
  uint32_t count = (uint32_t)(n / 4);
  if (vec_reserve(buf, count, a) != VEC_OK) return VEC_NOMEM;
  double *v = buf->v;
  uint32_t infinite = 0; /* counted in the same pass, reported below */
  if (host_is_little_endian()) {
    for (uint32_t i = 0; i < count; i++) {
      float f;
      memcpy(&f, p + 4 * (size_t)i, 4);
      v[i] = (double)f;
      infinite += isinf(f) != 0;
    }
  } else {
    for (uint32_t i = 0; i < count; i++) {
      const unsigned char *q = p + 4 * (size_t)i;
      uint32_t bits = (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24;
      float f;
      memcpy(&f, &bits, 4);
      v[i] = (double)f;
      infinite += isinf(f) != 0;
    }
  }
  for (uint32_t i = 0; infinite && i < count; i++) {
    if (isinf(v[i])) {
      (void)snprintf(err, errlen, "element %u is %s, not a finite number", i + 1, v[i] > 0 ? "Inf" : "-Inf");
      return VEC_BAD;
    }
  }
  *dims = count;
  return VEC_OK;
}

size_t vec_json_bound(uint32_t n) { return (size_t)n * 33 + 3; }

size_t vec_write_json(char *out, const double *v, uint32_t n) {
  size_t len = 0;
  out[len++] = '[';
  for (uint32_t i = 0; i < n; i++) {
    if (i) out[len++] = ',';
    len += (size_t)json_format_double(out + len, v[i]); /* NaN gives null */
  }
  out[len++] = ']';
  out[len] = 0;
  return len;
}

long vec_write_f32(unsigned char *out, const double *v, uint32_t n) {
  int little = host_is_little_endian();
  for (uint32_t i = 0; i < n; i++) {
    float f = (float)v[i];
    if (isinf(f) && isfinite(v[i])) return (long)i;
    uint32_t bits;
    memcpy(&bits, &f, 4);
    if (little) {
      memcpy(out + 4 * (size_t)i, &bits, 4);
    } else {
      for (int k = 0; k < 4; k++) out[4 * (size_t)i + (size_t)k] = (unsigned char)(bits >> (8 * k));
    }
  }
  return -1;
}

/*
** vec.h: the two encodings of a vector value, read into and written from an
** array of doubles. Pure C, no SQLite; memory from the caller's Allocator.
**
**   JSON   text holding one array of numbers and nulls: '[1, 2.5, null]'.
**   F32    a BLOB of little-endian IEEE-754 float32 values, 4 bytes each, no
**          header (the layout sqlite-vec uses).
**
** Requirements (tests/unit/test_vec.c and tests/oracle/test_vec_fuzz.py cite
** them by number):
**  1. A missing element is a NaN in the array: JSON `null`, or a float32 NaN
**     in a blob (SQLite itself stores a NaN as NULL). Fits skip it in its
**     dimension, transforms pass it through (null in JSON, NaN in a blob).
**  2. Anything else that is not a finite number is an error saying which
**     element and why: strings, true/false, nested arrays or objects,
**     numbers beyond a double (1e999), float32 infinities.
**  3. Malformed JSON (anything beyond one array of scalars, with JSON
**     whitespace around tokens) is an error naming the offset.
**  4. An empty vector and one of more than VEC_MAX_DIMS elements are errors;
**     a blob whose length is not a multiple of 4 is an error.
**  5. Writing: JSON numbers in the shortest form that reads back exactly
**     (json_format_double), NaN as null; float32 by rounding to nearest, a
**     finite value beyond float32 is reported, never written as Inf.
**
** 2026-11-25: JSON is read in one pass with no allocation per element: the
** output array grows geometrically and is reused by the caller across rows.
** Numbers of at most 19 significant digits whose decimal exponent keeps them
** within Clinger's fast path (mantissa < 2^53, |power of ten| <= 22) are
** converted with one correctly rounded multiplication or division; up to 19
** digits with a power of ten within 10^27 use x87 extended precision where
** it exists (see vec.c); all others go through strtod, so every number is
** correctly rounded.
** 2026-11-25: A float32 blob is converted in one streaming loop that the
** compiler vectorizes (a byte-order load when the host is not little-endian);
** the blob itself is never copied.
*/
#ifndef NORM_VEC_H
#define NORM_VEC_H

#include <stddef.h>
#include <stdint.h>

#include "core/extrema.h" /* Allocator */

#define VEC_MAX_DIMS 65536

typedef enum VecEncoding { VEC_JSON = 1, VEC_F32 = 2 } VecEncoding;

/* A growable array of doubles, reused across rows. All zero is empty. */
typedef struct VecBuf {
  double *v;    /* the elements */
  uint32_t cap; /* allocated elements */
} VecBuf;

/* Result codes of the readers. */
#define VEC_OK 0
#define VEC_BAD (-1)   /* err holds what is wrong */
#define VEC_NOMEM (-2) /* memory ran out */

/* 1 when text[0..n) starts, after JSON whitespace, with '['. */
int vec_text_is_array(const char *text, size_t n);

/* Reads a JSON array into buf->v[0..*dims). */
int vec_read_json(const char *text, size_t n, VecBuf *buf, uint32_t *dims, char *err, size_t errlen,
                  const Allocator *a);

/* Reads a float32 blob into buf->v[0..*dims). */
int vec_read_f32(const void *blob, size_t n, VecBuf *buf, uint32_t *dims, char *err, size_t errlen, const Allocator *a);

/* Makes room for n elements. Returns VEC_OK or VEC_NOMEM. */
int vec_reserve(VecBuf *buf, uint32_t n, const Allocator *a);

void vec_buf_free(VecBuf *buf, const Allocator *a);

/* Bytes vec_write_json may need for n elements, including the NUL. */
size_t vec_json_bound(uint32_t n);

/* Writes v[0..n) as a JSON array (NaN as null); returns its length. */
size_t vec_write_json(char *out, const double *v, uint32_t n);

/* Writes v[0..n) as float32 (4n bytes). Returns -1, or the index of the
** first finite value beyond the range of float32 (nothing useful written). */
long vec_write_f32(unsigned char *out, const double *v, uint32_t n);

#endif

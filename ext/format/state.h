/*
** state.h: the binary format of a fitted state (docs/state-format.md):
** encoding, and decoding with full validation. Pure C, no SQLite.
**
** Layout (all numbers little-endian):
**   0  4  magic "NRMS"
**   4  1  format version (STATE_VERSION)
**   5  1  kind (STATE_KIND_MOMENTS)
**   6  1  flags (MOM_HAS_* of moments.h)
**   7  1  reserved, 0
**   8  4  dims: 0 for a scalar state (one block), else the vector length
**  12  4  reserved, 0
**  16     blocks of 8 IEEE-754 binary64 values each:
**         weight hi, weight lo, mean hi, mean lo, m2 hi, m2 lo, min, max
*/
#ifndef NORM_STATE_H
#define NORM_STATE_H

#include <stdint.h>

#include "core/moments.h"

#define STATE_VERSION 1
#define STATE_KIND_MOMENTS 1
#define STATE_KIND_QUANTILES 2 /* the quantile state: sketch.h (not read here) */
#define STATE_HEADER_SIZE 16
#define STATE_BLOCK_SIZE 64
#define STATE_MAX_DIMS 65536

/* A validated state blob, read in place. */
typedef struct StateView {
  const unsigned char *bytes; /* the blob */
  int size;                   /* its length in bytes */
  unsigned kind;              /* STATE_KIND_* */
  unsigned flags;             /* MOM_HAS_* */
  uint32_t dims;              /* 0: scalar */
} StateView;

/* Bytes of a moments state with `dims` dimensions (0: scalar). */
int state_size(uint32_t dims);

/* The kind byte of a blob that starts with the magic bytes and format
** version 1, else 0; nothing else is checked. Lets callers route a blob to
** the reader of its kind. */
unsigned state_peek_kind(const void *blob, int size);

/* Validates a moments blob and fills *view. Returns 0, or -1 with *why saying what is
** wrong (a static string). */
int state_parse(const void *blob, int size, StateView *view, const char **why);

/* Reads block i (0 for a scalar state) of a validated state. */
void state_block(const StateView *view, uint32_t i, Moments *m);

/* Writes the header and the blocks of a state; out has state_size(dims) bytes.
** Every block's flags must equal `flags`. */
void state_write_header(unsigned char *out, unsigned flags, uint32_t dims);
void state_write_block(unsigned char *out, uint32_t i, const Moments *m);

/* Both at once for a scalar state (dims 0, flags m->flags): the same bytes
** in one call (a window function writes one per row). */
void state_write_scalar(unsigned char *out, const Moments *m);
/* The common case of state_parse + state_block in one pass: when blob is a
** valid scalar moments state (80 bytes), fills *m as they would and returns
** 1. Returns 0 for anything else (*m then undefined): an invalid blob, or a
** valid state of another layout (state_parse reads it; says what is wrong). */
int state_read_scalar(const void *blob, int size, Moments *m);

/* Validates one block against the flags; returns NULL or what is wrong. */
const char *state_check_block(const Moments *m, unsigned flags);

#endif

/*
** state.c: encoding and validating fitted states (layout in state.h, the full
** description in docs/state-format.md). Every read validates everything, so
** a blob that passes state_parse gives finite, consistent statistics.
**
** 2026-11-25: state_write_scalar writes a scalar state's header and block in
** one call, the block of a fitted state (every flag) as one copy of the
** Moments fields, which are laid out in block order (checked at compile time).
** A window function writes one state per row (tests/bench pair 4: 40
** instructions down to 22). Unit test
** fastpaths/state-write-scalar-equals-header-and-block compares the bytes.
**
** 2026-11-25: state_read_scalar is the common case of state_parse +
** state_block (an 80-byte scalar moments state) in one pass, reading the
** fields once into registers: norm_z over a window state decodes a new
** state on every row (tests/bench pair 4), and the generic parse cost about
** 420 instructions of it (the 16-byte header in byte loops, the block
** copied twice and checked through an array); state_read_scalar costs 129. The block checks are the
** generic ones (check_block, inlined into both); it accepts only what
** state_parse accepts, and gives up (returns 0) on anything else, the
** caller then asking state_parse, which says what is wrong. The unit test
** state/read-scalar-equals-parse compares the two on valid states of every
** flag combination and on every single-bit flip and truncation of them.
*/
#include "state.h"

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "core/le.h"

static const unsigned char MAGIC[4] = {'N', 'R', 'M', 'S'};

/* write_block copies a Moments from weight to max as one block. */
_Static_assert(offsetof(Moments, max) - offsetof(Moments, weight) == STATE_BLOCK_SIZE - 8 && sizeof(DD) == 16,
               "Moments holds the eight fields of a block contiguously, in block order");

int state_size(uint32_t dims) { return STATE_HEADER_SIZE + STATE_BLOCK_SIZE * (int)(dims ? dims : 1); }

/* 1 when hi + lo is a normalized double-double. */
static int dd_normalized(DD v) { return v.hi + v.lo == v.hi; }

/* state_check_block's body, inlined into state_read_scalar as well. */
static inline const char *check_block(const Moments *m, unsigned flags) {
  /* v - v is 0 for a finite v and NaN for an infinity or a NaN, and a sum
  ** with a NaN in it is NaN: one test for the eight fields. */
  double any_nan = (m->weight.hi - m->weight.hi) + (m->weight.lo - m->weight.lo) + (m->mean.hi - m->mean.hi) +
                   (m->mean.lo - m->mean.lo) + (m->m2.hi - m->m2.hi) + (m->m2.lo - m->m2.lo) + (m->min - m->min) +
                   (m->max - m->max);
  if (any_nan != 0.0) return "a field is not a finite number";
  if (!dd_normalized(m->weight) || !dd_normalized(m->mean) || !dd_normalized(m->m2)) {
    return "a double-double field is not normalized";
  }
  if (flags & MOM_HAS_COUNT) {
    if (!(m->weight.hi > 0.0)) return "count is not positive";
  } else if (m->weight.hi != 1.0 || m->weight.lo != 0.0) {
    return "a state without count must have weight 1";
  }
  if (flags & MOM_HAS_MOMENTS) {
    if (m->m2.hi < 0.0 || (m->m2.hi == 0.0 && m->m2.lo != 0.0)) return "variance is negative";
    /* m2 / weight cannot leave the doubles when weight >= 1 and m2 < 2^1000,
    ** the usual case; only then is the division itself skipped. */
    int surely_finite = m->weight.hi >= 1.0 && m->m2.hi < 0x1p1000;
    if (!surely_finite && !isfinite(moments_var(m, 0))) return "variance is beyond the range of a double";
    /* 2026-11-25: as acc_finish refuses to make one (accum.c), so that every
    ** valid state can also be merged. */
    if (m->m2.hi > 0.0 && m->m2.hi < DBL_MIN) return "variance is below the smallest normal double";
  } else if (m->mean.hi != 0.0 || m->mean.lo != 0.0 || m->m2.hi != 0.0 || m->m2.lo != 0.0) {
    return "mean and m2 must be 0 when absent";
  }
  if (flags & MOM_HAS_MINMAX) {
    if (!(m->min <= m->max)) return "min is greater than max";
    if ((flags & MOM_HAS_MOMENTS) && (m->mean.hi < m->min || m->mean.hi > m->max)) {
      return "mean is outside [min, max]";
    }
  } else if (m->min != 0.0 || m->max != 0.0) {
    return "min and max must be 0 when absent";
  }
  return NULL;
}

const char *state_check_block(const Moments *m, unsigned flags) { return check_block(m, flags); }

static const char *check_header(const unsigned char *b, int size, unsigned *flags, uint32_t *dims) {
  if (size < STATE_HEADER_SIZE) return "too short to be a state";
  if (memcmp(b, MAGIC, 4) != 0) return "not a state (wrong magic bytes)";
  if (b[4] != STATE_VERSION)
    return b[4] > STATE_VERSION ? "made by a newer version of the format" : "unknown format version";
  if (b[5] == STATE_KIND_QUANTILES)
    return "it is a quantile state (from norm_qfit), not a moments state (from norm_fit)";
  if (b[5] != STATE_KIND_MOMENTS) return "unknown state kind";
  *flags = b[6];
  if (*flags & ~(unsigned)MOM_ALL_FLAGS) return "unknown flags";
  if (!(*flags & (MOM_HAS_MOMENTS | MOM_HAS_MINMAX))) return "holds no statistics";
  if ((*flags & MOM_HAS_COUNT) && !(*flags & MOM_HAS_MOMENTS)) return "count without moments";
  if (b[7] != 0 || get_u32(b + 12) != 0) return "reserved bytes are not zero";
  *dims = get_u32(b + 8);
  if (*dims > STATE_MAX_DIMS) return "too many dimensions";
  if (size != state_size(*dims)) return size < state_size(*dims) ? "truncated" : "has trailing bytes";
  return NULL;
}

unsigned state_peek_kind(const void *blob, int size) {
  const unsigned char *b = blob;
  if (b == NULL || size < STATE_HEADER_SIZE || memcmp(b, MAGIC, 4) != 0 || b[4] != STATE_VERSION) return 0;
  return b[5];
}

int state_parse(const void *blob, int size, StateView *view, const char **why) {
  const unsigned char *b = blob;
  unsigned flags = 0;
  uint32_t dims = 0;
  *why = b ? check_header(b, size, &flags, &dims) : "empty";
  if (*why) return -1;
  view->bytes = b;
  view->size = size;
  view->kind = b[5];
  view->flags = flags;
  view->dims = dims;
  for (uint32_t i = 0; i < (dims ? dims : 1); i++) {
    Moments m;
    state_block(view, i, &m);
    *why = state_check_block(&m, flags);
    if (*why) return -1;
  }
  return 0;
}

/* Reads the eight fields of the block at p into m (m->flags untouched). */
static inline void read_block(const unsigned char *p, Moments *m) {
  m->weight.hi = get_f64(p);
  m->weight.lo = get_f64(p + 8);
  m->mean.hi = get_f64(p + 16);
  m->mean.lo = get_f64(p + 24);
  m->m2.hi = get_f64(p + 32);
  m->m2.lo = get_f64(p + 40);
  m->min = get_f64(p + 48);
  m->max = get_f64(p + 56);
}

void state_block(const StateView *view, uint32_t i, Moments *m) {
  m->flags = view->flags;
  read_block(view->bytes + STATE_HEADER_SIZE + (size_t)i * STATE_BLOCK_SIZE, m);
}

void state_write_header(unsigned char *out, unsigned flags, uint32_t dims) {
  memcpy(out, MAGIC, 4);
  out[4] = STATE_VERSION;
  out[5] = STATE_KIND_MOMENTS;
  out[6] = (unsigned char)flags;
  out[7] = 0;
  put_u32(out + 8, dims);
  put_u32(out + 12, 0);
}

/* Writes one block at p: the fields the flags say are present, the fixed
** values of the absent ones. */
static inline void write_block(unsigned char *p, const Moments *m) {
  if (LE_HOST_IS_LE && (m->flags & MOM_ALL_FLAGS) == MOM_ALL_FLAGS) { /* a fitted state: every field, in order */
    memcpy(p, &m->weight, STATE_BLOCK_SIZE);
    return;
  }
  int minmax = (m->flags & MOM_HAS_MINMAX) != 0;
  int moments = (m->flags & MOM_HAS_MOMENTS) != 0;
  int count = (m->flags & MOM_HAS_COUNT) != 0;
  put_f64(p, count ? m->weight.hi : 1.0);
  put_f64(p + 8, count ? m->weight.lo : 0.0);
  put_f64(p + 16, moments ? m->mean.hi : 0.0);
  put_f64(p + 24, moments ? m->mean.lo : 0.0);
  put_f64(p + 32, moments ? m->m2.hi : 0.0);
  put_f64(p + 40, moments ? m->m2.lo : 0.0);
  put_f64(p + 48, minmax ? m->min : 0.0);
  put_f64(p + 56, minmax ? m->max : 0.0);
}

/* The header of a scalar moments state, flags (byte 6) left 0. */
static const unsigned char SCALAR_HEADER[STATE_HEADER_SIZE] = {'N', 'R', 'M', 'S', STATE_VERSION, STATE_KIND_MOMENTS};

void state_write_block(unsigned char *out, uint32_t i, const Moments *m) {
  write_block(out + STATE_HEADER_SIZE + (size_t)i * STATE_BLOCK_SIZE, m);
}

void state_write_scalar(unsigned char *out, const Moments *m) {
  /* The header of state_write_header(out, m->flags, 0), as one copy. */
  memcpy(out, SCALAR_HEADER, sizeof SCALAR_HEADER);
  out[6] = (unsigned char)m->flags;
  write_block(out + STATE_HEADER_SIZE, m);
}

/* Bit f set when f is a valid flags byte (check_header's rules). */
#define VALID_FLAGS_SET                                                                           \
  ((1u << MOM_HAS_MOMENTS) | (1u << (MOM_HAS_MOMENTS | MOM_HAS_COUNT)) | (1u << MOM_HAS_MINMAX) | \
   (1u << (MOM_HAS_MINMAX | MOM_HAS_MOMENTS)) | (1u << MOM_ALL_FLAGS))

int state_read_scalar(const void *blob, int size, Moments *m) {
  const unsigned char *b = blob;
  if (b == NULL || size != STATE_HEADER_SIZE + STATE_BLOCK_SIZE) return 0;
  /* The header as two words: all but the flags byte as SCALAR_HEADER. */
  uint64_t h[2], want[2];
  memcpy(h, b, sizeof h);
  memcpy(want, SCALAR_HEADER, sizeof want);
  unsigned flags = b[6];
  uint64_t flags_mask;
  unsigned char mask_bytes[8] = {0, 0, 0, 0, 0, 0, 0xFF, 0};
  memcpy(&flags_mask, mask_bytes, sizeof flags_mask);
  if (((h[0] & ~flags_mask) ^ want[0]) | (h[1] ^ want[1]) || flags >= 32 || !((VALID_FLAGS_SET >> flags) & 1)) {
    return 0;
  }
  m->flags = flags;
  read_block(b + STATE_HEADER_SIZE, m);
  if (check_block(m, flags) != NULL) return 0;
  return 1;
}

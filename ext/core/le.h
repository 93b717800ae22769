/*
** le.h: reading and writing the little-endian fields of the state formats
** (state.c, sketch.c). Pure C, header only.
**
** 2026-11-25: On little-endian hosts (nearly all) a double is copied as is;
** the byte loops, which compilers do not merge here, cost about 100
** instructions per field on every state read and write (tests/bench).
*/
#ifndef NORM_LE_H
#define NORM_LE_H

#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LE_HOST_IS_LE 1
#else
#define LE_HOST_IS_LE 0
#endif

static inline void put_u32(unsigned char *p, uint32_t v) {
  for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint32_t get_u32(const unsigned char *p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v |= (uint32_t)p[i] << (8 * i);
  return v;
}

static inline void put_f64(unsigned char *p, double d) {
  if (LE_HOST_IS_LE) {
    memcpy(p, &d, sizeof d);
    return;
  }
  uint64_t v;
  memcpy(&v, &d, sizeof v);
  for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

static inline double get_f64(const unsigned char *p) {
  double d;
  if (LE_HOST_IS_LE) {
    memcpy(&d, p, sizeof d);
    return d;
  }
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
  memcpy(&d, &v, sizeof d);
  return d;
}

#endif

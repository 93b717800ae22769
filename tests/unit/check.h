/* check.h: the unit tests' tiny harness: CHECK prints "ok NAME" or "FAIL NAME: ...". */
#ifndef NORM_CHECK_H
#define NORM_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/extrema.h"

extern int check_failures;

#define CHECK(name, cond)                                               \
  do {                                                                  \
    if (cond) {                                                         \
      printf("ok %s\n", name);                                          \
    } else {                                                            \
      printf("FAIL %s: %s (%s:%d)\n", name, #cond, __FILE__, __LINE__); \
      check_failures++;                                                 \
    }                                                                   \
  } while (0)

/* The allocator the tests hand to the numerics. */
extern const Allocator test_allocator;

/* A deterministic generator (xorshift64*), uniform in [0, 1). */
double test_uniform(uint64_t *state);

void test_exactsum(void);
void test_accum(void);
void test_extrema(void);
void test_extrema_sliding(void);
void test_state(void);
void test_json(void);
void test_sketch(void);
void test_vec(void);
void test_fastpaths(void);
void test_finish(void);
void test_zpath(void);
void test_batchsum(void);
void test_lazyext(void);
void test_rounding(void);

#endif

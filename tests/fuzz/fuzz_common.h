/* fuzz_common.h: what the libFuzzer targets share: the allocator they hand to
** the numerics (plain malloc, so ASan sees every block) and REQUIRE, which
** aborts with the failed condition so that libFuzzer keeps the input. */
#ifndef NORM_FUZZ_COMMON_H
#define NORM_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/extrema.h" /* Allocator */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void *fz_realloc(void *p, uint64_t n) { return realloc(p, (size_t)n); }
static void fz_free(void *p) { free(p); }
static const Allocator fz_allocator = {fz_realloc, fz_free};

#define REQUIRE(cond)                                                                   \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      fprintf(stderr, "%s: %s failed (line %d)\n", FUZZ_TARGET_NAME, #cond, __LINE__); \
      abort();                                                                          \
    }                                                                                   \
  } while (0)

#endif

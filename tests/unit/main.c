/* main.c: runs the C unit tests of the numerics (no SQLite involved). */
#include <stdlib.h>

#include "check.h"

int check_failures = 0;

static void *test_realloc(void *p, uint64_t n) { return realloc(p, (size_t)n); }
static void test_free(void *p) { free(p); }
const Allocator test_allocator = {test_realloc, test_free};

double test_uniform(uint64_t *state) {
  uint64_t x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return (double)((x * 2685821657736338717ull) >> 11) * 0x1p-53;
}

int main(void) {
  test_exactsum();
  test_accum();
  test_extrema();
  test_extrema_sliding();
  test_state();
  test_json();
  test_sketch();
  test_vec();
  test_fastpaths();
  test_finish();
  test_zpath();
  test_batchsum();
  test_lazyext();
  test_rounding();
  return check_failures ? 1 : 0;
}

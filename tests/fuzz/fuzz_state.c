/*
** fuzz_state.c: libFuzzer target for the state decoder (ext/format/state.c) and what
** is computed from a decoded state (ext/core/moments.c, ext/core/accum.c).
**
** The input is taken as a state blob. Whatever the bytes, state_parse must
** either reject them or accept a state whose every derived statistic is
** finite (the promise of docs/state-format.md), and merging an accepted state
** into the accumulator must give a state that is valid again. Any violation
** aborts, so libFuzzer reports it as a crash. Build: make fuzz.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/accum.h"
#include "format/state.h"

#define FUZZ_TARGET_NAME "fuzz_state"
#include "fuzz_common.h"

/* Checks the statistics an accessor would derive from a valid block. */
static void check_block(const Moments *m) {
  double var0 = moments_var(m, 0);
  REQUIRE(isfinite(var0) && var0 >= 0);
  REQUIRE(isfinite(moments_std(m, 0)));
  for (double ddof = 1; ddof <= 2; ddof++) {
    int defined = m->weight.hi - ddof + m->weight.lo > 0; /* count > ddof */
    double v = moments_var(m, ddof);
    REQUIRE(isnan(v) || v >= 0); /* NaN means undefined (count <= ddof) */
    DD sd = moments_std_dd(m, ddof);
    REQUIRE(isnan(sd.hi) || sd.hi >= 0);
    /* Defined means a number: a variance may overflow (+Inf, reported as an
    ** error), its square root may not. */
    if (defined && m->weight.hi - ddof > 1e-300) REQUIRE(!isnan(v) && isfinite(sd.hi));
  }
}

/* Merges a valid block (add twice, remove once: exactly one copy left) and
** checks that what comes out is a valid state again. */
static void check_merge(const Moments *m) {
  if (!(m->flags & MOM_HAS_COUNT)) return;
  Accum *a = calloc(1, sizeof *a);
  REQUIRE(a != NULL);
  acc_mark_window(a);
  if (acc_add_moments(a, m, &fz_allocator) == ACC_OK && acc_add_moments(a, m, &fz_allocator) == ACC_OK) {
    acc_remove_moments(a, m, &fz_allocator);
    Moments out;
    AccResult r = acc_finish(a, &out);
    REQUIRE(r == ACC_OK || r == ACC_OVERFLOW || r == ACC_UNDERFLOW);
    if (r == ACC_OK) {
      const char *why = state_check_block(&out, out.flags);
      if (why) fprintf(stderr, "fuzz_state: merged state invalid: %s\n", why);
      REQUIRE(why == NULL);
      /* One copy of m: the same weight, and a mean inside [min, max]. */
      REQUIRE(out.weight.hi == m->weight.hi);
      unsigned char blob[STATE_HEADER_SIZE + STATE_BLOCK_SIZE];
      state_write_header(blob, out.flags, 0);
      state_write_block(blob, 0, &out);
      StateView back;
      REQUIRE(state_parse(blob, (int)sizeof blob, &back, &why) == 0);
    }
  }
  acc_free(a, &fz_allocator);
  free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > (size_t)state_size(64)) return 0; /* bigger only repeats blocks */
  /* A copy of exactly `size` bytes, so reading past the end is caught. */
  unsigned char *blob = malloc(size ? size : 1);
  REQUIRE(blob != NULL);
  memcpy(blob, data, size);
  StateView view;
  const char *why = NULL;
  if (state_parse(size ? blob : NULL, (int)size, &view, &why) == 0) {
    REQUIRE(why == NULL);
    REQUIRE(view.size == (int)size && view.size == state_size(view.dims));
    uint32_t blocks = view.dims ? view.dims : 1;
    unsigned char *again = malloc(size);
    REQUIRE(again != NULL);
    state_write_header(again, view.flags, view.dims);
    for (uint32_t i = 0; i < blocks; i++) {
      Moments m;
      state_block(&view, i, &m);
      REQUIRE(state_check_block(&m, view.flags) == NULL);
      check_block(&m);
      check_merge(&m);
      state_write_block(again, i, &m);
    }
    /* Re-encoding an accepted state gives an accepted state. */
    StateView view2;
    REQUIRE(state_parse(again, (int)size, &view2, &why) == 0);
    free(again);
  } else {
    REQUIRE(why != NULL && why[0] != 0);
  }
  free(blob);
  return 0;
}

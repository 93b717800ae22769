/* test_state.c: the binary state format: layout, round trip, validation. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "format/state.h"

static Moments sample_moments(void) {
  Moments m;
  memset(&m, 0, sizeof m);
  m.flags = MOM_HAS_COUNT | MOM_HAS_MOMENTS | MOM_HAS_MINMAX;
  m.weight = dd_from(5);
  m.mean = dd_fast_two_sum(3.0, 1e-20);
  m.m2 = dd_from(10);
  m.min = 1;
  m.max = 5;
  return m;
}

void test_state(void) {
  unsigned char blob[STATE_HEADER_SIZE + STATE_BLOCK_SIZE];
  Moments m = sample_moments(), back;
  state_write_header(blob, m.flags, 0);
  state_write_block(blob, 0, &m);

  /* The layout is fixed and little-endian whatever the host. */
  const unsigned char head[16] = {'N', 'R', 'M', 'S', 1, 1, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK("state/header-bytes", memcmp(blob, head, 16) == 0);
  const unsigned char five_le[8] = {0, 0, 0, 0, 0, 0, 0x14, 0x40}; /* 5.0 */
  CHECK("state/weight-little-endian", memcmp(blob + 16, five_le, 8) == 0);

  StateView v;
  const char *why = NULL;
  CHECK("state/valid-parses", state_parse(blob, (int)sizeof blob, &v, &why) == 0 && v.dims == 0);
  state_block(&v, 0, &back);
  CHECK("state/round-trip", memcmp(&back.mean, &m.mean, sizeof m.mean) == 0 && back.m2.hi == 10 && back.min == 1);

  CHECK("state/truncated-rejected", state_parse(blob, (int)sizeof blob - 1, &v, &why) != 0);
  CHECK("state/empty-rejected", state_parse(blob, 0, &v, &why) != 0);

  unsigned char bad[sizeof blob];
  memcpy(bad, blob, sizeof blob);
  bad[4] = 2;
  CHECK("state/future-version-rejected",
        state_parse(bad, (int)sizeof bad, &v, &why) != 0 && strstr(why, "newer") != NULL);

  /* Negative variance, NaN mean, min > max, mean outside [min, max]. */
  Moments broken[4];
  for (int i = 0; i < 4; i++) broken[i] = m;
  broken[0].m2 = dd_from(-1);
  broken[1].mean = dd_from(NAN);
  broken[2].min = 6;
  broken[3].mean = dd_from(9);
  const char *names[4] = {"state/negative-m2-rejected", "state/nan-rejected", "state/min-above-max-rejected",
                          "state/mean-outside-range-rejected"};
  for (int i = 0; i < 4; i++) {
    state_write_block(bad, 0, &broken[i]);
    CHECK(names[i], state_parse(bad, (int)sizeof bad, &v, &why) != 0);
  }

  /* Every single-bit flip is rejected or still gives a consistent state. */
  int inconsistent = 0;
  for (size_t bit = 0; bit < 8 * sizeof blob; bit++) {
    memcpy(bad, blob, sizeof blob);
    bad[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    if (state_parse(bad, (int)sizeof bad, &v, &why) == 0) {
      state_block(&v, 0, &back);
      if (!(back.m2.hi >= 0 && back.weight.hi > 0 && back.min <= back.max && isfinite(back.mean.hi))) inconsistent++;
    }
  }
  CHECK("state/bit-flips-never-inconsistent", inconsistent == 0);
}

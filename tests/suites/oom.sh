#!/usr/bin/env bash
# The out-of-memory harness (tests/oom/oom.c): every function and form under
# failing allocations. OOM_TEST picks the binary (make test-asan passes the
# ASan build); prints ok/FAIL lines.
cd "$(dirname "$0")/../.."
bin=${OOM_TEST:-dist/oom_test}
[ -x "$bin" ] || { echo "FAIL oom: $bin is not built (make $bin)"; exit 1; }
exec "$bin"

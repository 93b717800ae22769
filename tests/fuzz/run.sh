#!/usr/bin/env bash
# Runs each libFuzzer target of tests/fuzz for FUZZ_SECONDS (default 60),
# starting from the committed seed corpus tests/fuzz/corpus/TARGET and a
# working corpus in tests/fuzz/corpus-run/TARGET (not committed).
# Prints the executions per target; exits non-zero on the first crash, leak
# or timeout (the reproducer is left as tests/fuzz/corpus-run/TARGET-crash-*).
#   usage: tests/fuzz/run.sh [target ...]   (default: state json sql)
set -u
cd "$(dirname "$0")/../.."
SECONDS_EACH=${FUZZ_SECONDS:-60}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(state json sql)
status=0
for t in "${targets[@]}"; do
  bin=dist/fuzz/fuzz_$t
  run=tests/fuzz/corpus-run/$t
  mkdir -p "$run"
  log=tests/fuzz/corpus-run/$t.log
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  # -timeout: one input taking over 10 s is a hang; -rss_limit_mb bounds memory.
  "$bin" "${dict[@]}" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="tests/fuzz/corpus-run/$t-" "$run" "tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  if [ $rc -eq 0 ]; then
    echo "ok fuzz/$t: ${execs:-?} executions in ${SECONDS_EACH} s"
  else
    echo "FAIL fuzz/$t: exit $rc after ${execs:-?} executions; log $log"
    grep -E 'ERROR|SUMMARY|fuzz_[a-z]+:|runtime error' "$log" | head -20
    status=1
  fi
done
exit $status

#!/usr/bin/env bash
# Runs every test of the project and ends with one line "N passed, N failed".
#
#   1. C unit tests of the numerics (dist/unit_tests): lines "ok NAME" / "FAIL NAME: ...".
#   2. SQL tests (tests/sql/*.sql) through the real sqlite3 CLI; each output line
#      is compared with the same line of tests/sql/NAME.expected. Error lines are
#      normalized to "error: MESSAGE" (the CLI's "near line N" is dropped).
#   3. Oracle tests (tests/oracle/test_*.py) in /usr/bin/python3 against numpy,
#      scikit-learn and exact fractions: lines "ok NAME" / "FAIL NAME: ...".
#   4. Any extra suite tests/suites/*.sh, which prints the same ok/FAIL lines.
# A test program may also print "skip NAME: reason" for a check it cannot run
# here (a missing optional tool); skips are listed, counted apart, and never
# count as passes.
# Environment: SQLITE3, PYTHON, LIB (the built extension), ONLY (a substring to
# select test files), VERBOSE=1 to print passing checks too.
set -u
cd "$(dirname "$0")/.."
SQLITE3=${SQLITE3:-sqlite3}
PYTHON=${PYTHON:-/usr/bin/python3}
LIB=${LIB:-dist/normalize.so}
export NORMALIZE_EXT="$PWD/${LIB%.*}"
ONLY=${ONLY:-}
passed=0
failed=0
skipped=0

# Counts the ok/FAIL lines of a test program's output; a program that exits
# non-zero without reporting a failure counts as one failure.
count_lines() { # name, exit code, output file
  local name=$1 rc=$2 out=$3 ok fail skip
  ok=$(grep -c '^ok ' "$out")
  fail=$(grep -c '^FAIL ' "$out")
  skip=$(grep -c '^skip ' "$out")
  [ "${VERBOSE:-0}" = 1 ] && grep '^ok ' "$out" | sed "s|^|  [$name] |"
  grep '^FAIL ' "$out" | sed "s|^|  [$name] |"
  grep '^skip ' "$out" | sed "s|^|  [$name] |"
  if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then
    echo "  [$name] FAIL: exited with status $rc"
    tail -n 5 "$out" | sed "s|^|  [$name]   |"
    fail=1
  fi
  if [ "$ok" -eq 0 ] && [ "$fail" -eq 0 ] && [ "$skip" -eq 0 ]; then
    echo "  [$name] FAIL: ran no check"
    fail=1
  fi
  passed=$((passed + ok))
  failed=$((failed + fail))
  skipped=$((skipped + skip))
  if [ "$skip" -gt 0 ]; then
    echo "$name: $ok passed, $fail failed, $skip skipped"
  else
    echo "$name: $ok passed, $fail failed"
  fi
}

selected() { [ -z "$ONLY" ] || [[ "$1" == *"$ONLY"* ]]; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if selected unit && [ -x dist/unit_tests ]; then
  dist/unit_tests >"$tmp/unit.out" 2>&1
  count_lines unit $? "$tmp/unit.out"
fi

for sql in tests/sql/*.sql; do
  [ -e "$sql" ] || continue
  selected "$sql" || continue
  name=$(basename "$sql" .sql)
  expected="tests/sql/$name.expected"
  (cd tests/sql && "$SQLITE3" -batch :memory: \
      -cmd ".load $NORMALIZE_EXT" <"$name.sql" 2>&1) |
    sed -E 's/^(Runtime|Parse) error near line [0-9]+: /error: /; s/^Error: near line [0-9]+: /error: /' \
      >"$tmp/$name.out"
  ok=0 fail=0
  n_exp=$(wc -l <"$expected")
  n_out=$(wc -l <"$tmp/$name.out")
  n=$((n_exp > n_out ? n_exp : n_out))
  for ((i = 1; i <= n; i++)); do
    e=$(sed -n "${i}p" "$expected")
    o=$(sed -n "${i}p" "$tmp/$name.out")
    if [ "$e" == "$o" ] && [ $i -le "$n_exp" ] && [ $i -le "$n_out" ]; then
      ok=$((ok + 1))
    else
      fail=$((fail + 1))
      echo "  [sql/$name:$i] FAIL: expected '$e', got '$o'"
    fi
  done
  passed=$((passed + ok))
  failed=$((failed + fail))
  echo "sql/$name: $ok passed, $fail failed"
done

for py in tests/oracle/test_*.py; do
  [ -e "$py" ] || continue
  selected "$py" || continue
  name=oracle/$(basename "$py" .py)
  "$PYTHON" "$py" >"$tmp/py.out" 2>&1
  count_lines "$name" $? "$tmp/py.out"
done

for suite in tests/suites/*.sh; do
  [ -e "$suite" ] || continue
  selected "$suite" || continue
  name=suite/$(basename "$suite" .sh)
  SQLITE3=$SQLITE3 PYTHON=$PYTHON LIB=$LIB bash "$suite" >"$tmp/suite.out" 2>&1
  count_lines "$name" $? "$tmp/suite.out"
done

[ "$skipped" -gt 0 ] && echo "($skipped checks skipped: see the skip lines above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# make bench: the benchmark suite of issue 7 (tests/bench/bench.c has the details).
#   1. pairs 1-5: median CPU times and ratios of alternating runs (dist/bench, N rows);
#   2. instructions per row of each of those queries, counted by callgrind on CG_N rows,
#      in total and in the extension's main functions (inclusive);
#   3. pair 8: peak memory of norm_fit over 1M and 10M rows, each in its own process;
#   4. every tests/bench/*.py (pair 7 end to end with pandas; vectors, quantiles, ...),
#      each given N and the extension's path in the environment.
# Environment: N (default 1000000), REPS (5), CG_N (100000; CG_N=0 skips callgrind),
# MEM (0 skips pair 8), TIMINGS (0 skips step 1), PY (0 skips step 4), PAIRS (default
# 12345: which of pairs 1-5 to time and count), LIB, PYTHON.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${N:-1000000}
REPS=${REPS:-5}
CG_N=${CG_N:-100000}
MEM=${MEM:-1}
PAIRS=${PAIRS:-12345}
PYTHON=${PYTHON:-/usr/bin/python3}
LIB=${LIB:-dist/normalize.so}
case "$LIB" in /*) EXT="${LIB%.*}" ;; *) EXT="$PWD/${LIB%.*}" ;; esac
BENCH=dist/bench
FLOOR=()  # the no-work stand-in of pairs 3 and 4 (tests/bench/floor_ext.c), when built
for f in dist/floorext.so dist/floorext.dylib dist/floorext.dll; do
  [ -e "$f" ] && FLOOR=(-x "$PWD/${f%.*}") && break
done

echo "== machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1);" \
  "$( (. /etc/os-release && echo "$PRETTY_NAME") 2>/dev/null || uname -s); sqlite3 library $(sqlite3 --version | cut -d' ' -f1)"
echo "== note: timings are CPU time medians of alternating runs; on a shared machine trust the ratios and the callgrind counts more than absolute times"
echo
if [ "${TIMINGS:-1}" = 1 ]; then
  echo "== pairs 1-5"
  "$BENCH" -n "$N" -r "$REPS" -e "$EXT" "${FLOOR[@]}" -p "$PAIRS"
fi

if [ "$CG_N" -gt 0 ]; then
  echo
  if command -v valgrind >/dev/null 2>&1; then
    echo "== instructions per row (valgrind --tool=callgrind, $CG_N rows): the whole query; the part spent in the"
    echo "   extension's own code (ext/*, inlined parts included); inclusive counts of its entry points and acc_finish"
    echo "   (these include the SQLite API calls they make, not the code the compiler inlined from ext/*.h)"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    names=()
    args=()
    while IFS=$'\t' read -r name sql; do
      [[ "$PAIRS" == *"${name%%:*}"* ]] || continue
      [[ "$sql" == *floor_* && ${#FLOOR[@]} -eq 0 ]] && continue
      names+=("$name")
      args+=(-q "$sql")
    done < <("$BENCH" -l)
    valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$tmp/cg" \
      "$BENCH" -n "$CG_N" -e "$EXT" "${FLOOR[@]}" "${args[@]}" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
    for i in "${!names[@]}"; do
      f="$tmp/cg.$((i + 1))"
      ext_self=$(callgrind_annotate --auto=no --threshold=100 "$f" 2>/dev/null |
        awk -v n="$CG_N" '/(^|[ \/])ext\/[^ ]*:/ { gsub(",", "", $1); s += $1 } END { printf("%.0f", s / n) }')
      callgrind_annotate --auto=no --inclusive=yes --threshold=100 "$f" 2>/dev/null |
        awk -v n="$CG_N" -v name="${names[$i]}" -v ext_self="$ext_self" '
          function count(s) { gsub(",", "", s); return s + 0 }
          /PROGRAM TOTALS/ { total = count($1) }
          /(^|[ \/])ext\/[^ ]*\.c:[^ ]* \[/ {
            fn = $0
            sub(/ \[.*$/, "", fn)
            sub(/^.*:/, "", fn)
            if (fn ~ /^(norm_fit_step|norm_fit_inverse|norm_fit_value|norm_fit_final|norm_z_func|row_fit_func|acc_finish)$/ && !(fn in seen)) {
              seen[fn] = 1
              detail = detail sprintf("  %s %.0f", fn, count($1) / n)
            }
          }
          END { printf("  %-32s %7.0f instr/row, %5d in ext/ code%s\n", name, total / n, ext_self, detail) }'
    done
  else
    echo "== valgrind not found: no instruction counts"
  fi
fi

if [ "$MEM" = 1 ]; then
  echo
  echo "== pair 8: peak memory of norm_fit (each run in its own process; rows from a recursive CTE, not a table)"
  for rows in 1000000 10000000; do
    "$BENCH" -e "$EXT" -m "$rows"
    "$BENCH" -e "$EXT" -m "$rows" -s
  done
fi

for py in $([ "${PY:-1}" = 1 ] && echo tests/bench/*.py); do
  [ -e "$py" ] || continue
  echo
  echo "== $(basename "$py")"
  N=$N REPS=$REPS NORMALIZE_EXT="$EXT" "$PYTHON" "$py" || echo "  ($(basename "$py") failed with status $?)"
done

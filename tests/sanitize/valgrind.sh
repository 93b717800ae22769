#!/usr/bin/env bash
# valgrind memcheck over the SQL tests (tests/sql/*.sql through the sqlite3
# CLI loading the extension): any memory error or definite leak fails. Each
# sqlite3 run writes its own log; a non-empty log is a failure.
#   usage: tests/sanitize/valgrind.sh   (SQLITE3, LIB as for tests/run_all.sh)
set -u
cd "$(dirname "$0")/../.."
SQLITE3=${SQLITE3:-sqlite3}
dir=dist/valgrind
rm -rf "$dir"
mkdir -p "$dir"
real=$(command -v "$SQLITE3")
cat >"$dir/sqlite3" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --track-origins=yes --log-file="$PWD/$dir/log.%p" "$real" "\$@"
WRAP
chmod +x "$dir/sqlite3"
ONLY=${ONLY:-tests/sql/} SQLITE3="$PWD/$dir/sqlite3" bash tests/run_all.sh
status=$?
runs=$(ls "$dir"/log.* 2>/dev/null | wc -l)
bad=0
for log in "$dir"/log.*; do
  [ -s "$log" ] || continue
  echo "FAIL valgrind: $log"
  head -40 "$log"
  bad=1
done
[ "$runs" -gt 0 ] || { echo "FAIL valgrind: no run was logged"; bad=1; }
[ $bad -eq 0 ] && echo "valgrind: $runs sqlite3 runs, no error, no definite leak"
[ $status -eq 0 ] && [ $bad -eq 0 ]

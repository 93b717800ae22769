#!/usr/bin/env bash
# Scaling out (docs/scaling.md): 8 database files, each fitted by its own
# sqlite3 process (all 8 running at once), their stored states merged through
# ATTACH with norm_merge. Requirements:
#  1. Every shard process succeeds and stores one state in its own file.
#  2. The merged state gives the same statistics as one norm_fit over all
#     the rows of the 8 files (read through the same ATTACHes): count, mean,
#     variance (ddof 0 and 1), std, min and max, as doubles, whatever the
#     order of the merge: shard order, reverse order, or a tree of pairwise
#     merges. (Not the same bytes: the double-double parts a state keeps may
#     differ below about 2^-90 relative, see docs/scaling.md.)
#  3. Its count, mean, variance, min and max equal the exact values, computed
#     with Python's fractions from the doubles the 8 files hold (read with
#     Python's own sqlite3 module, not through the extension): count and
#     extremes exactly, mean and variance correctly rounded.
# Prints ok/FAIL lines.
set -u
cd "$(dirname "$0")/../.."
SQLITE3=${SQLITE3:-sqlite3}
PYTHON=${PYTHON:-/usr/bin/python3}
LIB=${LIB:-dist/normalize.so}
EXT="$PWD/${LIB%.*}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The data: 8 shards of different sizes and scales (values near 1e9, near
# 1e-3, negative, integers...), with NULLs, so that a wrong merge shows.
"$PYTHON" - "$tmp" <<'EOF'
import random, sys
rnd = random.Random(6)
offsets = [1e9, 1e-3, -250.0, 0.0, 3.5, 1e6, -1e-6, 42.0]
for k in range(8):
    n = 400 + 137 * k
    rows = []
    for i in range(n):
        if i % 97 == 13:
            rows.append("(NULL)")
        elif k == 3:
            rows.append(f"({rnd.randint(-1000, 1000)})")
        else:
            rows.append(f"({offsets[k] + rnd.gauss(0, abs(offsets[k]) * 1e-3 + 1):.17g})")
    with open(f"{sys.argv[1]}/shard{k}.sql", "w") as f:
        f.write("CREATE TABLE data(x REAL);\nINSERT INTO data(x) VALUES " + ",\n".join(rows) + ";\n")
EOF

# Requirement 1: 8 processes at once, one file each.
pids=()
for k in 0 1 2 3 4 5 6 7; do
  (
    "$SQLITE3" -bail "$tmp/shard$k.db" -cmd ".load $EXT" >"$tmp/shard$k.out" 2>&1 <<EOF
.read $tmp/shard$k.sql
CREATE TABLE state AS SELECT 'shard $k' AS part, norm_fit(x) AS s FROM data;
EOF
  ) &
  pids+=($!)
done
for k in 0 1 2 3 4 5 6 7; do
  if wait "${pids[$k]}"; then
    n=$("$SQLITE3" "$tmp/shard$k.db" "SELECT count(*) FROM state WHERE typeof(s) = 'blob';" 2>&1)
    if [ "$n" = 1 ]; then echo "ok shard $k fitted in its own process"; else echo "FAIL shard $k: state table: $n"; fi
  else
    echo "FAIL shard $k: sqlite3 failed: $(head -c 300 "$tmp/shard$k.out")"
  fi
done

# Requirement 2: merge through ATTACH, and compare with one fit of all rows.
attach=""
union_s=""
union_x=""
for k in 0 1 2 3 4 5 6 7; do
  attach+="ATTACH '$tmp/shard$k.db' AS s$k;"$'\n'
  union_s+="${union_s:+ UNION ALL }SELECT $k AS k, s FROM s$k.state"
  union_x+="${union_x:+ UNION ALL }SELECT x FROM s$k.data"
done
"$SQLITE3" -bail "$tmp/merged.db" -cmd ".load $EXT" >"$tmp/merge.out" 2>&1 <<EOF
$attach
CREATE TABLE result(name TEXT, s BLOB);
INSERT INTO result SELECT 'merged', norm_merge(s) FROM (SELECT s FROM ($union_s) ORDER BY k);
INSERT INTO result SELECT 'merged in reverse', norm_merge(s) FROM (SELECT s FROM ($union_s) ORDER BY k DESC);
INSERT INTO result SELECT 'merged as a tree', norm_merge(s) FROM (
  SELECT norm_merge(s) AS s FROM (SELECT k, s FROM ($union_s) ORDER BY k) GROUP BY k / 2);
INSERT INTO result SELECT 'one fit of all rows', norm_fit(x) FROM ($union_x);
SELECT name, norm_count(s), quote(norm_mean(s)), quote(norm_var(s)), quote(norm_var(s, 1)), quote(norm_std(s)),
       quote(norm_min(s)), quote(norm_max(s)) FROM result;
EOF
if [ $? -ne 0 ]; then
  echo "FAIL merge through ATTACH: $(head -c 300 "$tmp/merge.out")"
  exit 0
fi
whole=$(grep '^one fit of all rows|' "$tmp/merge.out" | cut -d'|' -f2-)
for name in "merged" "merged in reverse" "merged as a tree"; do
  got=$(grep "^$name|" "$tmp/merge.out" | cut -d'|' -f2-)
  if [ -n "$got" ] && [ "$got" = "$whole" ]; then
    echo "ok $name: same statistics as one fit of all rows"
  else
    echo "FAIL $name: statistics $got differ from one fit of all rows: $whole"
  fi
done

# Requirement 3: the statistics against exact fractions of the stored doubles.
"$SQLITE3" "$tmp/merged.db" -cmd ".load $EXT" \
  "SELECT norm_count(s), quote(norm_mean(s)), quote(norm_var(s)), quote(norm_var(s, 1)), quote(norm_min(s)), quote(norm_max(s)) FROM result WHERE name = 'merged';" \
  >"$tmp/stats.out" 2>&1
"$PYTHON" - "$tmp" "$(cat "$tmp/stats.out")" <<'EOF'
import sqlite3, sys
from fractions import Fraction as F
tmp, line = sys.argv[1], sys.argv[2]
xs = []
for k in range(8):
    con = sqlite3.connect(f"{tmp}/shard{k}.db")
    xs += [r[0] for r in con.execute("SELECT x FROM data WHERE x IS NOT NULL")]
    con.close()
n = len(xs)
mean = sum(F(x) for x in xs) / n
m2 = sum((F(x) - mean) ** 2 for x in xs)
want = [str(n), repr(float(mean)), repr(float(m2 / n)), repr(float(m2 / (n - 1))), repr(min(xs)), repr(max(xs))]
try:
    got = [str(int(line.split("|")[0]))] + [repr(float(v)) for v in line.split("|")[1:]]
except Exception:
    print(f"FAIL statistics of the merged state: unreadable {line!r}")
    sys.exit(0)
for name, g, w in zip(["count", "mean", "var", "var ddof=1", "min", "max"], got, want):
    print(f"ok merged {name} is exact ({w})" if g == w else f"FAIL merged {name}: got {g}, exact {w}")
EOF

#!/usr/bin/env bash
# Clients (issue 6, part 4): the extension loaded from /usr/bin/python3's
# sqlite3 module, from sqlite-utils (--load-extension), and from Node.js with
# better-sqlite3 and with libsql (installed by .ci/run into
# tests/clients/node_modules; without them those checks are skipped, with the
# reason, never passed). Every client runs the same query on x = 1..5, whose
# values are worked out by hand: mean 3, population variance 2, sample
# variance 2.5, so the sample z-scores are (x - 3) / sqrt(2.5) =
# -1.2649110640673518, -0.6324555320336759, 0, 0.6324555320336759,
# 1.2649110640673518 (BigQuery ML's ML.STANDARD_SCALER on 1..5).
set -u
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-/usr/bin/python3}
LIB=${LIB:-dist/normalize.so}
EXT="$PWD/${LIB%.*}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(sed -n 's/^#define NORM_VERSION "\(.*\)"/\1/p' ext/version.h)

# Compares a client's JSON line with the hand-worked values (Python, 1 ulp).
compare() { # name, json
  "$PYTHON" - "$1" "$2" "$version" <<'EOF'
import json, math, sys
name, text, version = sys.argv[1:]
try:
    got = json.loads(text.strip().splitlines()[-1])
except Exception as e:
    print(f"FAIL {name}: no JSON result ({e}): {text.strip()[:300]!r}")
    sys.exit(0)
want_z = [-1.2649110640673518, -0.6324555320336759, 0.0, 0.6324555320336759, 1.2649110640673518]
def close(a, b):
    return a is not None and abs(a - b) <= math.ulp(abs(b)) if b else a == 0
checks = {
    "loads the extension (norm_version)": got.get("version") == version,
    "window z-scores": len(got.get("z", [])) == 5 and all(close(a, b) for a, b in zip(got["z"], want_z)),
    "state comes back as a 80-byte BLOB": got.get("state_is_bytes") is True,
    "accessors on a bound BLOB parameter": (got.get("mean"), got.get("var"), got.get("n")) == (3.0, 2.0, 5),
    "errors reach the client": "norm_fit: argument 1 is text 'abc', not a number" in (got.get("error") or ""),
}
for check, passed in checks.items():
    print(f"ok {name}: {check}" if passed else f"FAIL {name}: {check}: got {got}")
EOF
}

# --- Python's sqlite3 module -------------------------------------------------
out=$("$PYTHON" - "$EXT" <<'EOF' 2>&1
import json, sqlite3, sys
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(sys.argv[1])
db.enable_load_extension(False)
db.executescript("CREATE TABLE t(x REAL); INSERT INTO t VALUES (1), (2), (3), (4), (5);")
z = [r[0] for r in db.execute("SELECT norm_z(x, norm_fit(x) OVER (), NULL, 1) FROM t ORDER BY x")]
(s,), = db.execute("SELECT norm_fit(x) FROM t")
(mean, var, n), = db.execute("SELECT norm_mean(?), norm_var(?), norm_count(?)", (s, s, s))
try:
    db.execute("SELECT norm_fit('abc')").fetchall()
    error = None
except sqlite3.OperationalError as e:
    error = str(e)
(version,), = db.execute("SELECT norm_version()")
print(json.dumps(dict(version=version, z=z, state_is_bytes=isinstance(s, bytes) and len(s) == 80,
                      mean=mean, var=var, n=n, error=error)))
EOF
)
compare "python3 sqlite3" "$out"

# --- sqlite-utils --------------------------------------------------------------
# Under make test-asan (NORMALIZE_SANITIZED=1) sqlite-utils runs through the
# $PYTHON wrapper that preloads the ASan runtime, as `python3 -m sqlite_utils`.
sqlite_utils() {
  if [ "${NORMALIZE_SANITIZED:-0}" = 1 ]; then "$PYTHON" -m sqlite_utils "$@"; else command sqlite-utils "$@"; fi
}
if ! command -v sqlite-utils >/dev/null; then
  echo "FAIL sqlite-utils: not installed (apt-get install sqlite-utils; .ci/run does)"
else
  echo '[{"x": 1}, {"x": 2}, {"x": 3}, {"x": 4}, {"x": 5}]' | sqlite_utils insert "$tmp/data.db" t - >/dev/null
  # The command of the README, as a user types it from the repository root.
  out=$(sqlite_utils query "$tmp/data.db" "select norm_z(x, norm_fit(x) over ()) as z from t order by x" \
        --load-extension "${LIB%.*}" 2>&1)
  "$PYTHON" - "$out" <<'EOF'
import json, math, sys
text = sys.argv[1]
try:
    z = [r["z"] for r in json.loads(text)]
except Exception as e:
    print(f"FAIL sqlite-utils query --load-extension: {e}: {text[:300]!r}")
    sys.exit(0)
# population z of 1..5: (x - 3) / sqrt(2)
want = [-2 / math.sqrt(2), -1 / math.sqrt(2), 0.0, 1 / math.sqrt(2), 2 / math.sqrt(2)]
ok = len(z) == 5 and all(abs(a - b) <= math.ulp(abs(b)) if b else a == 0 for a, b in zip(z, want))
print("ok sqlite-utils query --load-extension" if ok else f"FAIL sqlite-utils query --load-extension: got {z}, want {want}")
EOF
  out=$(sqlite_utils query "$tmp/data.db" "select norm_fit('abc')" --load-extension "${LIB%.*}" 2>&1)
  if grep -q "norm_fit: argument 1 is text 'abc', not a number" <<<"$out"; then
    echo "ok sqlite-utils shows the extension's error"
  else
    echo "FAIL sqlite-utils shows the extension's error: got '$out'"
  fi
fi

# --- Node.js: better-sqlite3 and libsql ----------------------------------------
for client in better-sqlite3 libsql; do
  if [ "${NORMALIZE_SANITIZED:-0}" = 1 ]; then
    echo "skip node $client: Node.js does not run with the ASan runtime preloaded (tested by make test)"
  elif ! command -v node >/dev/null; then
    echo "skip node $client: node is not installed"
  elif [ ! -d "tests/clients/node_modules/$client" ]; then
    echo "skip node $client: tests/clients/node_modules/$client is missing; run: npm install --prefix tests/clients (.ci/run does)"
  else
    out=$(NODE_PATH="$PWD/tests/clients/node_modules" node tests/clients/load.js "$client" "$EXT" 2>&1)
    compare "node $client" "$out"
  fi
done

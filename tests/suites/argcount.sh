#!/usr/bin/env bash
# Wrong argument counts (docs/errors.md): for every function the extension
# registers (read from pragma_function_list, so new functions are covered
# without editing this file), every count from 0 to 8 and one past the
# largest registered must either be registered or fail to prepare with
# SQLite's "wrong number of arguments to function NAME()" (or, past SQLite's
# limit of 127 arguments, "too many arguments on function NAME"). Each must be
# registered SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS (all are pure functions;
# tests/sql/schema_safety.sql uses them in the schema). Prints ok/FAIL.
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-/usr/bin/python3}
LIB=${LIB:-dist/normalize.so}
exec "$PYTHON" - "$PWD/${LIB%.*}" <<'PY'
import sqlite3, sys

ext = sys.argv[1]
bare = sqlite3.connect(":memory:")
builtin = {r[0] for r in bare.execute("SELECT name FROM pragma_function_list")}
con = sqlite3.connect(":memory:")
con.enable_load_extension(True)
con.load_extension(ext)
counts = {}
unflagged = set()
DETERMINISTIC, INNOCUOUS = 0x800, 0x200000
for name, narg, flags in con.execute("SELECT name, narg, flags FROM pragma_function_list"):
    if name not in builtin:
        counts.setdefault(name, set()).add(narg)
        if flags & DETERMINISTIC == 0 or flags & INNOCUOUS == 0:
            unflagged.add(name)
if not counts:
    print("FAIL argcount: no function of the extension found")
    sys.exit(1)
for name in sorted(counts):
    registered = counts[name]
    bad = []
    for n in sorted(set(range(9)) | {max(registered) + 1}):
        sql = "SELECT %s(%s)" % (name, ", ".join(["NULL"] * n))
        try:
            con.execute("EXPLAIN " + sql)  # prepares without running
            ok = n in registered or -1 in registered
        except sqlite3.OperationalError as e:
            ok = n not in registered and str(e) in ("wrong number of arguments to function %s()" % name,
                                                    "too many arguments on function %s" % name)
        if not ok:
            bad.append(n)
    if name in unflagged:
        print("FAIL flags/%s: not registered SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS" % name)
    if bad:
        print("FAIL argcount/%s: argument counts %s not handled as registered %s" % (name, bad, sorted(registered)))
    else:
        print("ok argcount/%s: registered %s, others refused" % (name, sorted(registered)[:3] + (["..."] if len(registered) > 3 else [])))
PY

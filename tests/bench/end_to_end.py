"""Pair 7 of `make bench` (issue 7): standardize an N-row table into a new table.

  - the extension, fitting and applying in one statement;
  - the extension with a stored state bound as a parameter (fit done before);
  - pandas: read the table, scikit-learn StandardScaler().fit_transform, write it back;
  - the pure-SQL floor: CREATE TABLE ... AS SELECT (x - :mean) / :std with constants.

Each round runs the four alternately (order rotating) in one in-memory database;
times are CPU seconds of this process (time.process_time); medians over REPS
rounds and the median of per-round ratios are printed. Environment: N (rows,
default 1000000), REPS (default 5), NORMALIZE_EXT (the extension, without suffix).
"""
import os
import sqlite3
import statistics
import time

import numpy as np

N = int(os.environ.get("N", "1000000"))
REPS = int(os.environ.get("REPS", "5"))
EXT = os.environ.get("NORMALIZE_EXT", os.path.join(os.path.dirname(__file__), "..", "..", "dist", "normalize"))

try:
    import pandas as pd
    from sklearn.preprocessing import StandardScaler
except ImportError as e:  # pair 7 needs python3-pandas and python3-sklearn
    print(f"  skipped: {e}")
    raise SystemExit(0)

con = sqlite3.connect(":memory:")
con.enable_load_extension(True)
con.load_extension(EXT)
rng = np.random.default_rng(7)
x = np.round(5000 + 1000 * rng.standard_normal(N)) / 100
con.execute("CREATE TABLE t(x REAL)")
con.executemany("INSERT INTO t VALUES (?)", ((float(v),) for v in x))
con.commit()
state, mean, std = con.execute("SELECT s, norm_mean(s), norm_std(s) FROM (SELECT norm_fit(x) s FROM t)").fetchone()


def ext_full():
    con.execute("CREATE TABLE z AS SELECT norm_z(x, (SELECT norm_fit(x) FROM t)) AS z FROM t")


def ext_stored():
    con.execute("CREATE TABLE z AS SELECT norm_z(x, ?) AS z FROM t", (state,))


def pandas_sklearn():
    df = pd.read_sql_query("SELECT x FROM t", con)
    z = StandardScaler().fit_transform(df[["x"]])
    pd.DataFrame({"z": z[:, 0]}).to_sql("z", con, index=False)


def floor():
    con.execute("CREATE TABLE z AS SELECT (x - ?) / ? AS z FROM t", (mean, std))


cases = [
    ("extension, fit + apply in one statement", ext_full),
    ("extension, stored state", ext_stored),
    ("pandas + StandardScaler", pandas_sklearn),
    ("pure SQL with constants (floor)", floor),
]
times = {name: [] for name, _ in cases}
results = {}
for r in range(REPS):
    for j in range(len(cases)):
        name, fn = cases[(j + r) % len(cases)]
        t0 = time.process_time()
        fn()
        con.commit()
        times[name].append(time.process_time() - t0)
        if r == 0:
            results[name] = np.array([v for (v,) in con.execute("SELECT z FROM z ORDER BY rowid")])
        con.execute("DROP TABLE z")
        con.commit()

print(f"Pair 7: standardize a {N}-row table into a new table (CPU time, {REPS} alternating rounds)")
for name, _ in cases:
    print(f"  {name:42s} median {1e3 * statistics.median(times[name]):9.1f} ms")
floor_name = cases[-1][0]


def ratio(a, b):
    return statistics.median(ta / tb for ta, tb in zip(times[a], times[b]))


for name, _ in cases[:-1]:
    target = "target <= 1.10" if name.startswith("extension") else ""
    print(f"  ratio {name} / floor: {ratio(name, floor_name):6.3f}   {target}")
print(f"  ratio pandas / extension (fit + apply): {ratio(cases[2][0], cases[0][0]):6.3f}")
diff = np.max(np.abs(results[cases[0][0]] - results[cases[2][0]]))
print(f"  check: max |extension - StandardScaler| = {diff:.3g}")

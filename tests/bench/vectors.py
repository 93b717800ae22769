#!/usr/bin/python3
"""Benchmark of vector fitting (issue 3): the cost per element of
norm_fit(v) over N float32 vectors of D dimensions stored as BLOBs in an
in-memory SQLite table, next to numpy's X.mean(0) + X.var(0) on the same data
in memory, in one process. Reports figures only; no thresholds.

Usage: vectors.py [path/to/extension-without-suffix]
Environment: BENCH_N (default 100000), BENCH_D (default 768), BENCH_REPEAT (3).
"""
import os
import sqlite3
import sys
import time

import numpy as np

ext = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("NORMALIZE_EXT", "dist/normalize")
N = int(os.environ.get("BENCH_N", 100000))
D = int(os.environ.get("BENCH_D", 768))
REPEAT = int(os.environ.get("BENCH_REPEAT", 3))


def best(fn):
    """Best wall time of REPEAT runs, and the last result."""
    times, out = [], None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


rng = np.random.default_rng(3)
X = (rng.standard_normal((N, D), dtype=np.float32) * 2 + 1).astype("<f4")
db = sqlite3.connect(":memory:")
db.enable_load_extension(True)
db.load_extension(ext)
db.execute("CREATE TABLE t(v BLOB)")
db.executemany("INSERT INTO t VALUES (?)", ((row.tobytes(),) for row in X))
db.commit()
elements = N * D


def ns(t):
    return t / elements * 1e9


t_scan, _ = best(lambda: db.execute("SELECT count(length(v)) FROM t").fetchone())
t_fit, state = best(lambda: db.execute("SELECT norm_fit(v) FROM t").fetchone()[0])
t_np32, _ = best(lambda: (X.mean(0), X.var(0)))
t_np64, _ = best(lambda: (X.mean(0, dtype=np.float64), X.var(0, dtype=np.float64)))

# JSON arrays of the same values (shortest round-trip text) on the first rows:
# the cost of parsing, per element.
NJ = min(N, 10000)
db.execute("CREATE TABLE tj AS SELECT 0 AS j WHERE 0")
db.executemany("INSERT INTO tj VALUES (?)", (("[" + ",".join(map(repr, row.tolist())) + "]",) for row in X[:NJ]))
t_json, _ = best(lambda: db.execute("SELECT norm_fit(j) FROM tj").fetchone()[0])

# The figures only mean something if the fit is right: compare with float64 numpy.
import json
mean = np.array(json.loads(db.execute("SELECT norm_mean(?)", (state,)).fetchone()[0]))
var = np.array(json.loads(db.execute("SELECT norm_var(?)", (state,)).fetchone()[0]))
X64 = X.astype(np.float64)
err_mean = np.max(np.abs(mean - X64.mean(0)) / np.abs(X64.mean(0)))
err_var = np.max(np.abs(var - X64.var(0)) / X64.var(0))

print(f"vectors: N={N} D={D} float32 blobs, best of {REPEAT}")
print(f"  SQLite scan only (count(length(v)))   {t_scan:8.3f} s  {ns(t_scan):7.2f} ns/element")
print(f"  norm_fit(v) (exact, per dimension)    {t_fit:8.3f} s  {ns(t_fit):7.2f} ns/element")
print(f"  norm_fit(v) minus the scan            {t_fit - t_scan:8.3f} s  {ns(t_fit - t_scan):7.2f} ns/element")
print(f"  numpy X.mean(0) + X.var(0) (float32)  {t_np32:8.3f} s  {ns(t_np32):7.2f} ns/element")
print(f"  numpy the same with dtype=float64     {t_np64:8.3f} s  {ns(t_np64):7.2f} ns/element")
print(f"  norm_fit(j) on JSON text, {NJ} rows     {t_json:8.3f} s  {t_json / (NJ * D) * 1e9:7.2f} ns/element")
print(f"  norm_fit / numpy float32: {t_fit / t_np32:.1f}x; max relative difference from float64 numpy:"
      f" mean {err_mean:.1e}, var {err_var:.1e}")

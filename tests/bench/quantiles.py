"""Benchmark: norm_qfit against norm_fit over the same 1,000,000 rows.

Runs both queries alternately in one process (so that both see the same
machine load), prints the median time of each and the ratio
speed(norm_qfit) / speed(norm_fit) = time(norm_fit) / time(norm_qfit).
The target of issue 5 is a ratio of at least 1/3. Not a test: no threshold.

  make bench-quantiles            (or: python3 tests/bench/quantiles.py [rows] [rounds])
"""
import os
import sqlite3
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIB = os.environ.get("NORMALIZE_EXT", os.path.join(ROOT, "dist", "normalize"))


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    con = sqlite3.connect(":memory:")
    con.enable_load_extension(True)
    con.load_extension(LIB)
    # Heavy-tailed values in a random order, generated in SQL (deterministic).
    con.execute("CREATE TABLE t(x REAL)")
    con.execute(
        "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < ?)"
        " INSERT INTO t SELECT (((value * 2654435761) % 4294967296) / 4294967296.0 - 0.5)"
        " / (1.0001 - ((value * 40503) % 65536) / 65536.0) FROM s",
        (rows,),
    )
    queries = {
        "norm_fit": "SELECT length(norm_fit(x)) FROM t",
        "norm_qfit": "SELECT length(norm_qfit(x)) FROM t",
    }
    times = {name: [] for name in queries}
    for _ in range(rounds):
        for name, sql in queries.items():
            start = time.perf_counter()
            con.execute(sql).fetchone()
            times[name].append(time.perf_counter() - start)
    med = {name: statistics.median(t) for name, t in times.items()}
    for name in queries:
        print(f"{name:10s} median {med[name] * 1000:8.1f} ms over {rows} rows ({rounds} rounds)")
    ratio = med["norm_fit"] / med["norm_qfit"]
    print(f"speed ratio norm_qfit / norm_fit = {ratio:.2f} (target >= 0.33)")


if __name__ == "__main__":
    main()

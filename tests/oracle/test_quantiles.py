"""Quantile states against numpy and scikit-learn (exact mode), rank errors of
the sketch on 1,000,000 heavy-tailed values (alone and merged from 8 parts),
determinism, state sizes, and damaged blobs through every reader
(ext/sql/quantile.c and ext/core/sketch.c requirements)."""
import sys

import numpy as np
from sklearn.preprocessing import QuantileTransformer, RobustScaler

from quant_helper import check, connect, rel_close
import quant_helper

con = connect()
rng = np.random.default_rng(20261125)


def fit(values):
    con.execute("DROP TABLE IF EXISTS d")
    con.execute("CREATE TABLE d(g INTEGER, x REAL)")
    con.executemany("INSERT INTO d VALUES (?, ?)", ((i % 8, float(v)) for i, v in enumerate(values)))
    return con.execute("SELECT norm_qfit(x) FROM d").fetchone()[0]


def one(sql, *args):
    return con.execute(sql, args).fetchone()[0]


# --- Exact mode (requirements 4-7) against numpy / scikit-learn -------------
datasets = {
    "normal": rng.normal(3, 2, 1000),
    "ties": rng.integers(0, 20, 4096).astype(float),
    "heavy": rng.standard_cauchy(777) * 1e6,
    "small": np.array([2.5, -1.0, 7.0]),
}
ps = [0.0, 0.001, 0.01, 0.1, 0.25, 1 / 3, 0.5, 0.6, 0.75, 0.9, 0.99, 0.999, 1.0]
for name, x in datasets.items():
    s = fit(x)
    mode = one("SELECT json_extract(norm_json(?), '$.mode')", s)
    check(f"quant-exact-{name}-mode", mode == "exact", mode)
    bad = [(p, one("SELECT norm_percentile(?, ?)", s, p), np.percentile(x, 100 * p)) for p in ps]
    bad = [b for b in bad if not rel_close(b[1], float(np.quantile(x, b[0])))]
    check(f"quant-exact-{name}-percentile", not bad, bad[:3])
    check(f"quant-exact-{name}-median-iqr",
          rel_close(one("SELECT norm_median(?)", s), np.median(x))
          and rel_close(one("SELECT norm_iqr(?)", s), np.percentile(x, 75) - np.percentile(x, 25)))
    probe = np.concatenate([x[:50], rng.normal(np.median(x), np.std(x) + 1, 50), [x.min(), x.max(), x.min() - 1, x.max() + 1]])
    for lo, hi in [(0.25, 0.75), (0.1, 0.9)]:
        rs = RobustScaler(quantile_range=(100 * lo, 100 * hi)).fit(x.reshape(-1, 1))
        want = rs.transform(probe.reshape(-1, 1)).ravel()
        got = [one("SELECT norm_robust(?, ?, ?, ?)", float(v), s, lo, hi) for v in probe]
        bad = [(v, g, w) for v, g, w in zip(probe, got, want) if not rel_close(g, w)]
        check(f"quant-exact-{name}-robust-{lo}", not bad, bad[:3])
    for dist in ["uniform", "normal"]:
        qt = QuantileTransformer(n_quantiles=len(x), output_distribution=dist, subsample=10**9).fit(x.reshape(-1, 1))
        # scikit-learn computes its quantiles as np.percentile(x, 100 * linspace(0, 1, n)), and 100 * k / (n - 1)
        # / 100 is not always k / (n - 1): at the edge of a run of ties that moves the run by one position. Its
        # transform is applied to the exact order statistics instead.
        qt.quantiles_ = np.sort(x).reshape(-1, 1)
        want = qt.transform(probe.reshape(-1, 1)).ravel()
        got = [one("SELECT norm_quantile(?, ?, ?)", float(v), s, dist) for v in probe]
        bad = [(v, g, w) for v, g, w in zip(probe, got, want) if not rel_close(g, w)]
        check(f"quant-exact-{name}-quantile-{dist}", not bad, bad[:3])
    for k in [1, 2, 4, 10]:
        bounds = np.quantile(x, [j / k for j in range(1, k)])
        want = np.searchsorted(bounds, probe, side="right") + 1
        got = [one("SELECT norm_bucket(?, ?, ?)", float(v), s, k) for v in probe]
        check(f"quant-exact-{name}-bucket-{k}", list(want) == got, [(v, g, w) for v, g, w in zip(probe, got, want) if g != w][:3])

# Merging exact parts gives the exact state of the whole (order-free in exact mode).
x = rng.normal(0, 1, 4000)
s = fit(x)
merged = one("SELECT norm_merge(q) FROM (SELECT norm_qfit(x) q FROM d GROUP BY g)")
check("quant-exact-merge-equals-whole", merged == s)

# --- The sketch: 1,000,000 mixed heavy-tailed values ---------------------------
n = 1_000_000
parts = [rng.standard_cauchy(n // 4), rng.lognormal(0, 3, n // 4),
         (rng.pareto(1.0, n // 4) + 1) * np.where(rng.random(n // 4) < 0.5, -1, 1), rng.normal(1e6, 1, n // 4)]
x = np.concatenate(parts)
rng.shuffle(x)
s = fit(x)
srt = np.sort(x)
grid = np.concatenate([[0.001, 0.999], np.linspace(0.0005, 0.9995, 400)])


def rank_errors(state):
    q = np.array([one("SELECT norm_percentile(?, ?)", state, float(p)) for p in grid])
    lo = np.searchsorted(srt, q, "left") / n
    hi = np.searchsorted(srt, q, "right") / n
    return np.maximum(0, np.maximum(lo - grid, grid - hi))  # distance from p to the ranks of the estimate


def report(name, state):
    e = rank_errors(state)
    tails = max(e[0], e[1])
    check(f"quant-sketch-{name}-rank-error", e.max() <= 0.005 and tails <= 0.0005,
          f"max {e.max():.2e}, tails {tails:.2e}")
    check(f"quant-sketch-{name}-size", len(state) <= 65536, len(state))
    print(f"# {name}: max rank error {e.max():.2e}, at p=0.001/0.999 {e[0]:.2e}/{e[1]:.2e}, {len(state)} bytes",
          file=sys.stderr)


report("single", s)
merged = one("SELECT norm_merge(q) FROM (SELECT norm_qfit(x) q FROM d GROUP BY g)")
report("merge8", merged)
split = one("SELECT norm_merge(q) FROM (SELECT norm_qfit(x) q FROM (SELECT x, rowid r FROM d ORDER BY x) GROUP BY (r - 1) * 8 / ?)", n)
report("merge8-sorted-parts", split)
check("quant-sketch-count", one("SELECT norm_count(?)", merged) == n and one("SELECT norm_count(?)", s) == n)
check("quant-sketch-minmax", one("SELECT norm_min(?)", merged) == srt[0] and one("SELECT norm_max(?)", merged) == srt[-1])
check("quant-sketch-deterministic", one("SELECT norm_qfit(x) FROM d") == s
      and one("SELECT norm_merge(q) FROM (SELECT norm_qfit(x) q FROM d GROUP BY g)") == merged)
ranks = np.array([one("SELECT norm_quantile(?, ?)", float(v), s) for v in srt[::9973]])
check("quant-sketch-rank-function", np.max(np.abs(ranks - np.arange(0, n, 9973) / n)) <= 0.005)

# --- Damaged blobs through every reader (never a crash; errors name the function) ---
readers = {
    "norm_percentile": "SELECT norm_percentile(?, 0.3)",
    "norm_median": "SELECT norm_median(?)",
    "norm_iqr": "SELECT norm_iqr(?)",
    "norm_robust": "SELECT norm_robust(1.5, ?)",
    "norm_quantile": "SELECT norm_quantile(1.5, ?, 'normal')",
    "norm_bucket": "SELECT norm_bucket(1.5, ?, 7)",
    "norm_merge": "SELECT norm_merge(b) FROM (SELECT ?1 AS b UNION ALL SELECT ?1)",
    "norm_count": "SELECT norm_count(?)",
    "norm_min": "SELECT norm_min(?)",
    "norm_max": "SELECT norm_max(?)",
    "norm_json": "SELECT norm_json(?)",
}
seeds = [fit(rng.normal(0, 1, 50)), fit(rng.standard_cauchy(20000))]


def mutate(blob):
    b = bytearray(blob)
    kind = rng.integers(0, 4)
    if kind == 0:
        for _ in range(rng.integers(1, 4)):
            i = rng.integers(0, len(b))
            b[i] ^= 1 << rng.integers(0, 8)
    elif kind == 1:
        b = b[: rng.integers(0, len(b))]
    elif kind == 2:
        i = rng.integers(16, len(b))
        b[i:i + 8] = rng.bytes(8)
    else:
        b = b[:16] + bytearray(rng.bytes(rng.integers(0, 200)))
    return bytes(b)


bad = []
results = 0
for t in range(1500):
    blob = mutate(seeds[t % 2])
    for fname, sql in readers.items():
        try:
            con.execute(sql, (blob,)).fetchone()
            results += 1
        except Exception as exc:  # noqa: BLE001
            if not str(exc).startswith(fname + ":"):
                bad.append((fname, str(exc)))
check("quant-fuzz-errors-name-function", not bad, bad[:3])
check("quant-fuzz-ran", results > 0)
sys.exit(1 if quant_helper.failures else 0)

#!/usr/bin/python3
"""Accuracy of norm_mean / norm_var / norm_std against exact rational
arithmetic on the stored doubles.

LRE = -log10(|computed - exact| / |exact|), capped at 15 (log absolute error
when the exact value is 0).  Every statistic must reach LRE >= 14, both along
the feature axis (SELECT norm_fit(x) FROM t) and along the sample axis
(row_fit(x1, ..., xn), for data sets of at most 100 values), and for weighted
fits norm_fit(x, w).

The exact values come from fractions.Fraction on the very doubles stored in
SQLite, and sqrt() of the exact variance is taken with 50-digit decimals.
NIST's certified values (for the exact decimals, which doubles cannot hold)
are printed for information only.
"""

import os
import sys
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
from oracle import Report, exact_sqrt, exact_stats, lre  # noqa: E402

MIN_LRE = 14.0
STATS = ("mean", "var0", "var1", "std0", "std1")


def numacc(first, lo, hi):
    return [first] + [lo, hi] * 500


def datasets():
    """name -> list of doubles.  Fixed seeds, so every run sees the same data."""
    rng = np.random.default_rng(20241124)
    d = {}
    d["NumAcc1"] = [10000001.0, 10000003.0, 10000002.0]
    d["NumAcc2"] = numacc(1.2, 1.1, 1.3)
    d["NumAcc3"] = numacc(1000000.2, 1000000.1, 1000000.3)
    d["NumAcc4"] = numacc(10000000.2, 10000000.1, 10000000.3)
    d["1e9+noise"] = list(1e9 + rng.normal(0.0, 1.0, 5000))
    # 1e15 lies in [2^49, 2^50): the spacing of doubles there is exactly 0.125,
    # so every 1e15 + k*0.125 is stored exactly.
    d["1e15+k/8 random"] = [1e15 + 0.125 * int(k) for k in rng.integers(0, 64, 3000)]
    d["1e15+k/8 sorted"] = [1e15 + 0.125 * k for k in range(2000)]
    d["ramp 1..10000"] = [float(k) for k in range(1, 10001)]
    d["ramp 1e6+k/1000"] = [1e6 + k / 1000 for k in range(5000)]
    d["ramp 1e8-k/100 desc"] = [1e8 - k / 100 for k in range(5000)]
    d["cauchy"] = list(rng.standard_cauchy(5000))
    d["pareto a=1.1 *1e3"] = list(rng.pareto(1.1, 5000) * 1e3)
    a = list(1e12 + rng.normal(0, 10, 1500)) + list(-1e12 + rng.normal(0, 10, 1500)) \
        + list(rng.normal(0, 1, 500))
    rng.shuffle(a)
    d["mixed +-1e12"] = a
    b = [1e15 + 1.0, -1e15, 3.0, 2.5e-3, -7.0, 1e15 - 8.0, -1e15 + 2.0] * 50
    d["mixed +-1e15 few"] = b
    half = list(rng.normal(0, 1e6, 1500))
    c = half + [-v for v in half] + [1e-3]
    rng.shuffle(c)
    d["sum near zero"] = c
    e = list(rng.normal(0, 1, 999))
    e.append(-sum(Fraction(v) for v in e).__float__())  # sum is now tiny
    d["sum ~0 (compensated)"] = e
    return d


def row_version(name, xs):
    """Data set of at most 100 values for row_fit."""
    if len(xs) <= 100:
        return name, xs
    n = 99 if name.startswith("NumAcc") else 100  # keep NumAcc's symmetry
    return f"{name}[:{n}]", xs[:n]


def exact_all(xs, ws=None):
    e = exact_stats(xs, ws)
    e["std0"] = exact_sqrt(e["var0"])
    e["std1"] = None if e["var1"] is None else exact_sqrt(e["var1"])
    return e


def check_state(rep, con, label, state, ex, n_expected=None, lres_out=None,
                exact_count=True):
    got = oracle.stats_of_state(con, state)
    ok_all = True
    for k in STATS:
        if ex[k] is None:
            continue
        v = lre(got[k], ex[k])
        if lres_out is not None:
            lres_out[k] = v
        ok_all &= rep.check(f"{label}.{k}", v >= MIN_LRE,
                            f"LRE {v:.2f} < {MIN_LRE}: got {got[k]!r}, exact {float(ex[k])!r}",
                            note=f"LRE {v:.2f}")
    if exact_count:
        want = ex["count"]
        ok = got["count"] == want and (want.denominator != 1 or isinstance(got["count"], int))
        rep.check(f"{label}.count", ok,
                  f"got {got['count']!r} ({type(got['count']).__name__}), expected {want}"
                  + (" as INTEGER" if want.denominator == 1 else ""))
    else:
        v = lre(got["count"], ex["count"])
        rep.check(f"{label}.count", v >= MIN_LRE,
                  f"LRE {v:.2f}: got {got['count']!r}, exact {float(ex['count'])!r}")
    rep.check(f"{label}.min", got["min"] == ex["min"],
              f"got {got['min']!r}, expected {ex['min']!r}")
    rep.check(f"{label}.max", got["max"] == ex["max"],
              f"got {got['max']!r}, expected {ex['max']!r}")
    return ok_all


def main():
    rep = Report("accuracy.")
    con = oracle.connect_or_die(rep)
    data = datasets()
    numacc_lre = {}

    # ---- feature axis: SELECT norm_fit(x) FROM t
    for name, xs in data.items():
        with rep.section(f"feature.{name}"):
            oracle.load_table(con, "t", "x REAL", [(x,) for x in xs])
            state = con.execute("SELECT norm_fit(x) FROM t").fetchone()[0]
            ex = exact_all(xs)
            lres = {}
            check_state(rep, con, f"feature.{name}", state, ex, lres_out=lres)
            if name.startswith("NumAcc"):
                numacc_lre[(name, "feature")] = lres

    # ---- sample axis: row_fit(x1, ..., xn), n <= 100
    for name, xs in data.items():
        rname, rx = row_version(name, xs)
        with rep.section(f"row.{rname}"):
            state = con.execute(oracle.row_fit_sql(len(rx)), rx).fetchone()[0]
            ex = exact_all(rx)
            lres = {}
            check_state(rep, con, f"row.{rname}", state, ex, lres_out=lres)
            if name.startswith("NumAcc"):
                numacc_lre[(rname, "row")] = lres

    # ---- NumAcc report (informational: what the lead quotes)
    cert = {"NumAcc1": (Fraction(10000002), Fraction(1)),
            "NumAcc2": (Fraction("1.2"), Fraction("0.1")),
            "NumAcc3": (Fraction("1000000.2"), Fraction("0.1")),
            "NumAcc4": (Fraction("10000000.2"), Fraction("0.1"))}
    for (name, axis), l in numacc_lre.items():
        rep.info(f"{name} {axis}: LRE vs exact-on-doubles: mean {l.get('mean', 0):.2f}, "
                 f"var(ddof0) {l.get('var0', 0):.2f}, var(ddof1) {l.get('var1', 0):.2f}, "
                 f"std(ddof0) {l.get('std0', 0):.2f}, std(ddof1) {l.get('std1', 0):.2f}")
    for name, (cm, csd) in cert.items():
        with rep.section(f"certified.{name}"):
            oracle.load_table(con, "t", "x REAL", [(x,) for x in data[name]])
            m, sd = con.execute("SELECT norm_mean(s), norm_std(s, 1) FROM "
                                "(SELECT norm_fit(x) AS s FROM t)").fetchone()
            rep.info(f"{name} feature: LRE vs NIST certified decimals: mean {lre(m, cm):.2f}, "
                     f"sd {lre(sd, csd):.2f} (exact-on-doubles sd has LRE "
                     f"{lre(float(exact_all(data[name])['std1']), csd):.2f} vs certified)")

    # ---- weighted fits: norm_fit(x, w)
    # Weights are frequency weights: population var = sum w (x-mean)^2 / sum w,
    # ddof=1 divides by (sum w - 1).  Assumption (docs: "a row with weight 0
    # contributes nothing"): a zero-weight row does not count for min/max either,
    # as with sklearn's sample_weight=0.
    rng = np.random.default_rng(7)
    wsets = []
    xs = data["NumAcc3"]
    wsets.append(("NumAcc3 int w 0..5", xs, [float(w) for w in rng.integers(0, 6, len(xs))], True))
    xs = data["1e9+noise"][:2000]
    ws = [float(rng.choice([0.0, 0.25, 0.5, 1.5, 2.75])) for _ in xs]
    wsets.append(("1e9+noise binary-fraction w", xs, ws, True))
    xs = data["1e15+k/8 random"]
    wsets.append(("1e15+k/8 uniform(0,3) w", xs, list(rng.uniform(0, 3, len(xs))), False))
    xs = data["mixed +-1e12"]
    wsets.append(("mixed +-1e12 int w 1..1000", xs,
                  [float(w) for w in rng.integers(1, 1001, len(xs))], True))
    xs = [-5e9] + data["NumAcc4"] + [7e9]
    wsets.append(("NumAcc4 zero-weight extremes", xs, [0.0] + [1.0] * 1001 + [0.0], True))
    xs = data["cauchy"][:1000]
    wsets.append(("cauchy uniform(0,1e-3) w", xs, list(rng.uniform(0, 1e-3, 1000)), False))
    for name, xs, ws, exact_count in wsets:
        with rep.section(f"weighted.{name}"):
            oracle.load_table(con, "tw", "x REAL, w REAL", list(zip(xs, ws)))
            state = con.execute("SELECT norm_fit(x, w) FROM tw").fetchone()[0]
            ex = exact_all(xs, ws)
            check_state(rep, con, f"weighted.{name}", state, ex, exact_count=exact_count)

    # integer weights stored as INTEGER (count must be an INTEGER result)
    with rep.section("weighted.integer-typed"):
        xs = data["NumAcc2"]
        ws = [int(w) for w in rng.integers(1, 4, len(xs))]
        oracle.load_table(con, "tw", "x REAL, w INTEGER", list(zip(xs, ws)))
        state = con.execute("SELECT norm_fit(x, w) FROM tw").fetchone()[0]
        check_state(rep, con, "weighted.NumAcc2 INTEGER w", state, exact_all(xs, ws))

    rep.finish()


if __name__ == "__main__":
    main()

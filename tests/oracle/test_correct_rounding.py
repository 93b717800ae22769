#!/usr/bin/env python3
"""The stored mean and m2 are correctly rounded double-doubles.

For every fitted state, norm_json's "exact" pairs [hi, lo] of the mean and of
m2 = sum w (x - mean)^2 must be hi = RN(v) and lo = RN(v - hi) for the exact
rational v, RN rounding to nearest, ties to even (Python's float() of a
Fraction is correctly rounded); the one exception: when RN(v - hi) is half
an ulp of an odd hi, hi + lo would round away from hi (a state must have
hi + lo == hi), and lo is the next double towards zero. The exact values come from fractions.Fraction
on the very doubles stored in SQLite. Covered: plain fits of random data of
many kinds (decimals, large offsets with small noise, mixed magnitudes, tiny
and huge values, integers, ties of the division by n), sliding and growing
window frames, weighted fits (with weights 1.0, which must equal the plain
fit, and random weights), and merges of states.
"""
import json
import math
import os
import random
import sys
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle import Report, connect  # noqa: E402


def rn_pair(v):
    """(RN(v), RN(v - RN(v))) for a Fraction v; except that when hi + lo
    would not be hi (lo rounded up to half an ulp of an odd hi), lo is the
    next double towards zero, the nearest that keeps the pair normalized."""
    hi = float(v)
    lo = float(v - Fraction(hi))
    if hi + lo != hi:
        lo = math.nextafter(lo, 0.0)
    return hi, lo


def exact(xs, ws=None):
    """(mean, m2) as Fractions."""
    if ws is None:
        ws = [1.0] * len(xs)
    pts = [(Fraction(x), Fraction(w)) for x, w in zip(xs, ws)]
    W = sum(w for _, w in pts)
    mean = sum(w * x for x, w in pts) / W
    return mean, sum(w * (x - mean) ** 2 for x, w in pts)


def pair_ok(got, v):
    want = rn_pair(v)
    return got[0] == want[0] and got[1] == want[1], want


def values(rng, kind, n):
    if kind == 0:  # two decimals, like the bench's 51.37
        return [round(rng.uniform(20, 90), 2) for _ in range(n)]
    if kind == 1:  # a large offset and small noise
        return [1e8 + rng.uniform(-1, 1) * 2.0 ** -rng.randint(0, 30) for _ in range(n)]
    if kind == 2:  # mixed signs and magnitudes
        return [rng.choice((-1, 1)) * rng.uniform(0.5, 1) * 2.0 ** rng.randint(-40, 40) for _ in range(n)]
    if kind == 3:  # tiny values (m2 stays normal)
        return [rng.uniform(-1, 1) * 1e-140 for _ in range(n)]
    if kind == 4:  # huge values (m2 stays finite)
        return [rng.uniform(-1, 1) * 1e150 for _ in range(n)]
    if kind == 5:  # small integers: many exact and tied quotients
        return [float(rng.randint(-5, 5)) for _ in range(n)]
    if kind == 6:  # random doubles of full precision
        return [rng.uniform(-1, 1) * 2.0 ** rng.randint(-3, 3) for _ in range(n)]
    if kind == 7:  # odd multiples of 2^-52 around 1 over n: ties at the 53rd and 107th bit
        return [1.0 + rng.randint(-8, 8) * 2.0 ** -52 for _ in range(n)]
    return [rng.choice((1.0, 3.0, 2.0 ** 60, -2.0 ** -60)) for _ in range(n)]


def state_pairs(js):
    d = json.loads(js)
    return d["exact"]["mean"], d["exact"]["m2"]


def check_state(rep, name, js, xs, ws, bad):
    mean_v, m2_v = exact(xs, ws)
    mean, m2 = state_pairs(js)
    ok1, want1 = pair_ok(mean, mean_v)
    ok2, want2 = pair_ok(m2, m2_v)
    if not (ok1 and ok2):
        bad.append(f"{name}: mean {mean} want {list(want1)}, m2 {m2} want {list(want2)} for {xs[:6]} {ws and ws[:6]}")


def main():
    rep = Report("correct-rounding/")
    rng = random.Random(20261125)
    con = connect()
    con.execute("CREATE TABLE t(g INTEGER, id INTEGER, x REAL, w REAL)")
    groups = {}
    gid = 0
    for kind in range(9):
        for _ in range(260):
            n = rng.choice((1, 2, 3, 4, 5, 7, 10, 31, rng.randint(1, 40)))
            xs = values(rng, kind, n)
            ws = [rng.choice((0.5, 1.0, 2.0, 3.0, 0.1, rng.uniform(0.01, 10))) for _ in range(n)]
            groups[gid] = (kind, xs, ws)
            con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", [(gid, i, x, w) for i, (x, w) in enumerate(zip(xs, ws))])
            gid += 1

    # plain fits, unit weights, random weights
    for label, sql, weighted in (
        ("fit", "SELECT g, norm_json(norm_fit(x)) FROM t GROUP BY g", None),
        ("fit-weight-1", "SELECT g, norm_json(norm_fit(x, 1.0)) FROM t GROUP BY g", "one"),
        ("fit-weighted", "SELECT g, norm_json(norm_fit(x, w)) FROM t GROUP BY g", "w"),
    ):
        bad = []
        rows = con.execute(sql).fetchall()
        for g, js in rows:
            _, xs, ws = groups[g]
            use = None if weighted is None else ([1.0] * len(xs) if weighted == "one" else ws)
            check_state(rep, f"g{g}", js, xs, use, bad)
        rep.check(label, not bad and len(rows) == gid, "; ".join(bad[:3]) + f" ({len(bad)} of {len(rows)})",
                  note=f"{len(rows)} data sets")

    # norm_fit(x, 1.0) stores the same bits as norm_fit(x)
    same = con.execute("SELECT count(*) FROM (SELECT g, norm_json(norm_fit(x)) = norm_json(norm_fit(x, 1.0)) AS e "
                       "FROM t GROUP BY g) WHERE e").fetchone()[0]
    rep.check("unit-weights-equal-plain", same == gid, f"{same} of {gid}")

    # windows: sliding frames of several widths, and growing ones
    for width in (0, 1, 2, 9, 25):
        bad = []
        count = 0
        sql = ("SELECT g, id, norm_json(norm_fit(x) OVER (PARTITION BY g ORDER BY id "
               f"ROWS BETWEEN {width} PRECEDING AND CURRENT ROW)) FROM t")
        for g, i, js in con.execute(sql):
            _, xs, _ = groups[g]
            check_state(rep, f"g{g}/{i}", js, xs[max(0, i - width):i + 1], None, bad)
            count += 1
        rep.check(f"sliding-{width}", not bad, "; ".join(bad[:3]) + f" ({len(bad)} of {count})", note=f"{count} frames")
    bad = []
    count = 0
    for g, i, js in con.execute("SELECT g, id, norm_json(norm_fit(x) OVER (PARTITION BY g ORDER BY id)) FROM t "
                                "WHERE g % 7 = 0"):
        _, xs, _ = groups[g]
        check_state(rep, f"g{g}/{i}", js, xs[:i + 1], None, bad)
        count += 1
    rep.check("growing", not bad, "; ".join(bad[:3]) + f" ({len(bad)} of {count})", note=f"{count} frames")
    bad = []
    count = 0
    for g, i, js in con.execute("SELECT g, id, norm_json(norm_fit(x, w) OVER (PARTITION BY g ORDER BY id "
                                "ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)) FROM t WHERE g % 3 = 0"):
        _, xs, ws = groups[g]
        lo = max(0, i - 4)
        check_state(rep, f"g{g}/{i}", js, xs[lo:i + 1], ws[lo:i + 1], bad)
        count += 1
    rep.check("sliding-weighted", not bad, "; ".join(bad[:3]) + f" ({len(bad)} of {count})", note=f"{count} frames")

    # merges: the states of halves merged give the whole's correctly rounded pairs
    bad = []
    rows = con.execute("SELECT g, norm_json(norm_merge(s)) FROM (SELECT g, id % 2 AS h, norm_fit(x) AS s FROM t "
                       "GROUP BY g, h) GROUP BY g").fetchall()
    merged = 0
    for g, js in rows:
        kind, xs, _ = groups[g]
        # a merge adds the halves' rounded moments (W, W*mean, m2 + W*mean^2):
        # the exact data only when those halves were stored exactly
        halves = [xs[0::2], xs[1::2]]
        if all(h for h in halves):
            hm = [exact(h) for h in halves]
            if all(rn_pair(m)[1] == 0 and float(m) == m and rn_pair(q)[0] == q for m, q in hm):
                check_state(rep, f"g{g}", js, xs, None, bad)
                merged += 1
    rep.check("merge", not bad and merged > 50, "; ".join(bad[:3]) + f" ({len(bad)} of {merged})",
              note=f"{merged} merges of exactly stored halves")
    sys.exit(1 if rep.failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""norm_fit / norm_merge as window functions.

(a) norm_z(x, norm_fit(x) OVER (PARTITION BY g)) == numpy per-group z-scores
    (population std; a zero std gives x - mean, like scikit-learn).
(b) sliding ROWS frames (PRECEDING, FOLLOWING, empty frames, NULLs, weights):
    count/mean/var/min/max of every frame == numpy on that frame.
(c) stress: values near 1e8 with unit spread and occasional values up to
    1e12 entering and leaving a 1000-row frame over 32,000 rows; rolling mean
    and variance vs EXACT integer arithmetic on every frame (the doubles
    scaled to integers), relative error <= 1e-12 (mean) and <= 1e-9 (var) at
    every row; numpy two-pass on every frame as a second opinion.
(d) RANGE and GROUPS frames with ties, EXCLUDE clauses, PARTITION BY with a
    sliding frame, norm_merge as a window function over stored states.
"""

import os
import sys
import time
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
from oracle import Report  # noqa: E402

STAT_COLS = ("norm_count(s), norm_mean(s), norm_var(s), norm_min(s), norm_max(s)")


def np_frame_stats(vals, ws=None):
    """(count, mean, var0, min, max) of a frame with numpy; NULLs (None)
    skipped, weight-0 rows skipped; all None when nothing is left."""
    if ws is None:
        pts = [(v, 1.0) for v in vals if v is not None]
    else:
        pts = [(v, w) for v, w in zip(vals, ws) if v is not None and w is not None and w != 0]
    if not pts:
        return (None, None, None, None, None)
    a = np.array([p[0] for p in pts], dtype=float)
    w = np.array([p[1] for p in pts], dtype=float)
    if ws is None:
        m = a.mean()
        return (len(a), m, np.mean((a - m) ** 2), a.min(), a.max())
    m = np.sum(w * a) / np.sum(w)
    return (np.sum(w), m, np.sum(w * (a - m) ** 2) / np.sum(w), a.min(), a.max())


def compare_frames(rep, label, got_rows, want_rows, scale):
    """got_rows/want_rows: lists of (count, mean, var, min, max) per row.
    mean within 1e-12*(|want|+scale), var within 1e-12*|want| + 1e-13*scale^2,
    count/min/max exact."""
    if len(got_rows) != len(want_rows):
        return rep.fail(label, f"{len(got_rows)} rows, expected {len(want_rows)}")
    for r, (g, w) in enumerate(zip(got_rows, want_rows)):
        gc, gm, gv, gmin, gmax = g
        wc, wm, wv, wmin, wmax = w
        if wc is None:
            if any(v is not None for v in g):
                return rep.fail(label, f"row {r}: empty frame should give a NULL state, got {g!r}")
            continue
        if gc is None or float(gc) != float(wc):
            return rep.fail(label, f"row {r}: count {gc!r}, expected {wc!r}")
        if gm is None or abs(gm - wm) > 1e-12 * (abs(wm) + scale):
            return rep.fail(label, f"row {r}: mean {gm!r}, expected {wm!r}")
        if gv is None or abs(gv - wv) > 1e-12 * abs(wv) + 1e-13 * scale * scale:
            return rep.fail(label, f"row {r}: var {gv!r}, expected {wv!r}")
        if gmin != wmin or gmax != wmax:
            return rep.fail(label, f"row {r}: min/max {gmin!r}/{gmax!r}, expected {wmin!r}/{wmax!r}")
    return rep.ok(label)


def part_a(rep, con):
    rng = np.random.default_rng(11)
    sizes = [1, 2, 7, 50, 333, 1000, 1]
    offsets = [3.0, -100.0, 1e3, 0.0, 50.0, -7.5, 2.0]
    spreads = [1.0, 5.0, 0.01, 1.0, 20.0, 3.0, 1.0]
    rows, i = [], 0
    for g, (n, off, sp) in enumerate(zip(sizes, offsets, spreads)):
        for v in off + rng.normal(0, sp, n):
            rows.append((i, g, float(v)))
            i += 1
    rows.append((i, 7, 4.0))
    rows.append((i + 1, 7, 4.0))  # a constant group: zero std
    rng.shuffle(rows)
    oracle.load_table(con, "t", "i INTEGER PRIMARY KEY, g INTEGER, x REAL", rows)
    got = dict(con.execute("SELECT i, norm_z(x, norm_fit(x) OVER (PARTITION BY g)) FROM t"
                           ).fetchall())
    # Two oracles.  numpy: (x - mean) / std with numpy's mean and std; numpy's
    # own error grows with |mean| / std (its mean is rounded to a double before
    # x - mean: one ulp of a mean of 1e3 is ~1e-13, which is 1.4e-11 in z for
    # a std of 0.008), so the numpy comparison allows 1e-12 plus that error.
    # exact: (x - mean) / std from Fractions (sqrt to 40 digits), rounded once:
    # compared to 1e-12 relative/abs with no allowance.
    want, exact, allow = {}, {}, {}
    by_g = {}
    for i, g, x in rows:
        by_g.setdefault(g, []).append((i, x))
    for g, pts in by_g.items():
        a = np.array([x for _, x in pts])
        m, sd = a.mean(), a.std()
        W, em, m2 = oracle.exact_moments([x for _, x in pts])
        esd = oracle.exact_sqrt(m2 / W)
        for (i, x) in pts:
            want[i] = (x - m) / sd if sd > 0 else x - m  # sklearn: zero std -> scale 1
            exact[i] = float((Fraction(x) - em) / esd) if esd > 0 else float(Fraction(x) - em)
            allow[i] = 4 * 2.0 ** -52 * abs(m) / (sd if sd > 0 else 1.0)
    keys = sorted(want)
    rep.close_list("a.partition-z-exact", [got.get(k) for k in keys], [exact[k] for k in keys],
                   rtol=1e-12, atol=1e-12)
    bad = [k for k in keys if got.get(k) is None or
           abs(got[k] - want[k]) > 1e-12 * max(1.0, abs(want[k])) + allow[k]]
    rep.check("a.partition-z-numpy", not bad,
              f"{len(bad)} rows, first i={bad[0] if bad else None}: got "
              f"{got.get(bad[0]) if bad else None!r}, numpy {want[bad[0]] if bad else None!r}")
    # same via sklearn on one group, as an independent check of the oracle itself
    from sklearn.preprocessing import StandardScaler
    pts = by_g[5]
    sk = StandardScaler().fit_transform(np.array([[x] for _, x in pts]))[:, 0]
    rep.close_list("a.partition-z-vs-sklearn", [got[i] for i, _ in pts], list(sk),
                   rtol=1e-12, atol=1e-12)
    # PARTITION BY with ORDER BY ... ROWS UNBOUNDED: the whole partition
    got2 = dict(con.execute(
        "SELECT i, norm_z(x, norm_fit(x) OVER (PARTITION BY g ORDER BY i ROWS BETWEEN "
        "UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)) FROM t").fetchall())
    rep.close_list("a.partition-z-unbounded-frame", [got2.get(k) for k in keys],
                   [exact[k] for k in keys], rtol=1e-12, atol=1e-12)


def sliding_rows(n, i, lo_off, hi_off):
    """Row positions [i+lo_off, i+hi_off] clipped to [0, n)."""
    lo = max(0, i + lo_off)
    hi = min(n - 1, i + hi_off)
    return range(lo, hi + 1) if lo <= hi else range(0)


def part_b(rep, con):
    rng = np.random.default_rng(12)
    n = 400
    xs = [float(v) for v in rng.normal(5, 10, n)]
    for j in rng.choice(n, 25, replace=False):
        xs[j] = None  # NULLs are skipped
    for j in range(200, 206):
        xs[j] = None  # a run of NULLs: frames with nothing in them
    ws = [float(w) for w in rng.choice([0.0, 0.5, 1.0, 2.0, 3.0], n)]
    oracle.load_table(con, "t", "i INTEGER PRIMARY KEY, x REAL, w REAL",
                      [(i, x, w) for i, (x, w) in enumerate(zip(xs, ws))])
    scale = 40.0
    U = 10 ** 9
    frames = {
        "ROWS BETWEEN 0 PRECEDING AND CURRENT ROW": (0, 0),
        "ROWS BETWEEN 1 PRECEDING AND CURRENT ROW": (-1, 0),
        "ROWS BETWEEN 5 PRECEDING AND CURRENT ROW": (-5, 0),
        "ROWS BETWEEN 20 PRECEDING AND CURRENT ROW": (-20, 0),
        "ROWS BETWEEN 3 PRECEDING AND 2 FOLLOWING": (-3, 2),
        "ROWS BETWEEN CURRENT ROW AND 4 FOLLOWING": (0, 4),
        "ROWS BETWEEN 2 FOLLOWING AND 5 FOLLOWING": (2, 5),
        "ROWS BETWEEN 5 PRECEDING AND 2 PRECEDING": (-5, -2),
        "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW": (-U, 0),
        "ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING": (0, U),
        "ROWS BETWEEN 50 PRECEDING AND 50 FOLLOWING": (-50, 50),
    }
    for spec, (lo, hi) in frames.items():
        with rep.section(f"b.{spec}"):
            got = con.execute(f"SELECT {STAT_COLS} FROM (SELECT i, norm_fit(x) OVER "
                              f"(ORDER BY i {spec}) AS s FROM t) ORDER BY i").fetchall()
            want = [np_frame_stats([xs[j] for j in sliding_rows(n, i, lo, hi)])
                    for i in range(n)]
            compare_frames(rep, f"b.{spec}", got, want, scale)
    for spec in ("ROWS BETWEEN 7 PRECEDING AND CURRENT ROW",
                 "ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING"):
        lo, hi = (-7, 0) if "7" in spec else (-3, 3)
        with rep.section(f"b.weighted {spec}"):
            got = con.execute(f"SELECT {STAT_COLS} FROM (SELECT i, norm_fit(x, w) OVER "
                              f"(ORDER BY i {spec}) AS s FROM t) ORDER BY i").fetchall()
            want = []
            for i in range(n):
                idx = list(sliding_rows(n, i, lo, hi))
                want.append(np_frame_stats([xs[j] for j in idx], [ws[j] for j in idx]))
            compare_frames(rep, f"b.weighted {spec}", got, want, scale)
    # the std and ddof=1 variance of sliding frames
    with rep.section("b.std-ddof1"):
        # ddof=1 on a 1-row (or empty) frame is NULL (docs: count <= ddof -> NULL)
        got = con.execute("SELECT norm_std(s), norm_var(s, 1) "
                          "FROM (SELECT i, norm_fit(x) OVER (ORDER BY i ROWS BETWEEN 9 PRECEDING "
                          "AND CURRENT ROW) AS s FROM t) ORDER BY i").fetchall()
        want_sd, want_v1 = [], []
        for i in range(n):
            a = np.array([xs[j] for j in sliding_rows(n, i, -9, 0) if xs[j] is not None])
            want_sd.append(a.std() if len(a) else None)
            want_v1.append(a.var(ddof=1) if len(a) > 1 else None)
        rep.close_list("b.std-ddof0", [g[0] for g in got], want_sd, rtol=1e-12, atol=1e-12)
        rep.close_list("b.var-ddof1", [g[1] for g in got], want_v1, rtol=1e-12, atol=1e-12)


def scaled_ints(xs):
    """(E, ints) with ints[i] == xs[i] * 2**E exactly."""
    E = 0
    for x in xs:
        d = Fraction(x).denominator
        E = max(E, d.bit_length() - 1)
    return E, [int(Fraction(x) * (1 << E)) for x in xs]


def part_c(rep, con):
    rng = np.random.default_rng(13)
    n, k = 32000, 1000
    xs = 1e8 + rng.normal(0, 1, n)
    spikes = sorted(rng.choice(n, 30, replace=False))
    for j in spikes:
        xs[j] = float(rng.uniform(0.05, 1.0) * 1e12 * (1 if rng.random() < 0.8 else -1))
    xs[5000] = 1e12
    xs[5400] = 1e12  # two exact 1e12 spikes inside the same frame
    xs = [float(v) for v in xs]
    oracle.load_table(con, "t", "i INTEGER PRIMARY KEY, x REAL", list(enumerate(xs)))
    t0 = time.time()
    got = con.execute(f"SELECT norm_count(s), norm_mean(s), norm_var(s), norm_min(s), "
                      f"norm_max(s) FROM (SELECT i, norm_fit(x) OVER (ORDER BY i ROWS BETWEEN "
                      f"{k - 1} PRECEDING AND CURRENT ROW) AS s FROM t) ORDER BY i").fetchall()
    rep.info(f"c: SQL sliding fit over {n} rows, frame {k}: {time.time() - t0:.2f}s")
    if len(got) != n:
        return rep.fail("c.rows", f"{len(got)} rows, expected {n}")

    E, X = scaled_ints(xs)
    S1 = S2 = 0
    worst_m = (0.0, -1)
    worst_v = (0.0, -1)
    worst_np_m = (0.0, -1)
    worst_np_v = (0.0, -1)
    bad_count = bad_minmax = None
    arr = np.array(xs)
    two_E = 1 << E
    for i in range(n):
        S1 += X[i]
        S2 += X[i] * X[i]
        if i >= k:
            S1 -= X[i - k]
            S2 -= X[i - k] * X[i - k]
        cnt = min(i + 1, k)
        gc, gm, gv, gmin, gmax = got[i]
        if gc != cnt and bad_count is None:
            bad_count = f"row {i}: count {gc!r}, expected {cnt}"
        frame = arr[max(0, i - k + 1): i + 1]
        if (gmin != frame.min() or gmax != frame.max()) and bad_minmax is None:
            bad_minmax = f"row {i}: min/max {gmin!r}/{gmax!r}, expected {frame.min()!r}/{frame.max()!r}"
        # exact mean = S1 / (cnt 2^E); exact var = (cnt S2 - S1^2) / (cnt^2 4^E)
        if gm is None:
            em = float("inf")
        else:
            p, q = Fraction(gm).as_integer_ratio()
            em = float(Fraction(abs(p * cnt * two_E - q * S1), abs(q * S1)))
        num = cnt * S2 - S1 * S1
        if gv is None:
            ev = float("inf")
        elif num == 0:
            ev = abs(gv)
        else:
            p, q = Fraction(gv).as_integer_ratio()
            ev = float(Fraction(abs(p * cnt * cnt * two_E * two_E - q * num), q * num))
        if em > worst_m[0] or worst_m[1] < 0:
            worst_m = (em, i)
        if ev > worst_v[0] or worst_v[1] < 0:
            worst_v = (ev, i)
        # numpy two-pass, checked against the exact values (oracle sanity)
        m = frame.mean()
        v = np.mean((frame - m) ** 2)
        nm = abs(Fraction(float(m)) - Fraction(S1, cnt * two_E)) / abs(Fraction(S1, cnt * two_E))
        if num == 0:
            nv = abs(float(v))
        else:
            nv = abs(Fraction(float(v)) - Fraction(num, cnt * cnt * two_E * two_E)) \
                / Fraction(num, cnt * cnt * two_E * two_E)
        if float(nm) > worst_np_m[0]:
            worst_np_m = (float(nm), i)
        if float(nv) > worst_np_v[0]:
            worst_np_v = (float(nv), i)

    rep.info(f"c: worst rolling-mean relative error {worst_m[0]:.3g} at row {worst_m[1]} "
             f"(x there {xs[worst_m[1]]!r})")
    rep.info(f"c: worst rolling-variance relative error {worst_v[0]:.3g} at row {worst_v[1]}")
    rep.info(f"c: numpy two-pass on the same frames: worst mean {worst_np_m[0]:.3g}, "
             f"worst var {worst_np_v[0]:.3g}")
    rep.check("c.count", bad_count is None, bad_count)
    rep.check("c.min-max", bad_minmax is None, bad_minmax)
    rep.check("c.rolling-mean<=1e-12", worst_m[0] <= 1e-12,
              f"worst relative error {worst_m[0]:.3g} at row {worst_m[1]}: got {got[worst_m[1]][1]!r}",
              note=f"worst {worst_m[0]:.3g} at row {worst_m[1]}")
    rep.check("c.rolling-var<=1e-9", worst_v[0] <= 1e-9,
              f"worst relative error {worst_v[0]:.3g} at row {worst_v[1]}: got {got[worst_v[1]][2]!r}",
              note=f"worst {worst_v[0]:.3g} at row {worst_v[1]}")


def part_d(rep, con):
    rng = np.random.default_rng(14)
    n = 300
    ts = [int(v) for v in rng.integers(0, 60, n)]
    xs = [float(v) for v in rng.normal(2, 5, n)]
    gs = [int(v) for v in rng.integers(0, 4, n)]
    oracle.load_table(con, "t", "i INTEGER PRIMARY KEY, t INTEGER, g INTEGER, x REAL",
                      [(i, t, g, x) for i, (t, g, x) in enumerate(zip(ts, gs, xs))])
    distinct = sorted(set(ts))
    rank = {t: r for r, t in enumerate(distinct)}
    scale = 20.0

    def frame_set(i, spec):
        ti, ri = ts[i], rank[ts[i]]
        if spec == "RANGE BETWEEN 3 PRECEDING AND CURRENT ROW":
            return [j for j in range(n) if ti - 3 <= ts[j] <= ti]
        if spec == "RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING":
            return [j for j in range(n) if abs(ts[j] - ti) <= 2]
        if spec == "RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE GROUP":
            return [j for j in range(n) if abs(ts[j] - ti) <= 2 and ts[j] != ti]
        if spec == "RANGE BETWEEN 1 FOLLOWING AND 4 FOLLOWING":
            return [j for j in range(n) if ti + 1 <= ts[j] <= ti + 4]
        if spec == "":  # default frame with ORDER BY: RANGE UNBOUNDED PRECEDING, peers included
            return [j for j in range(n) if ts[j] <= ti]
        if spec == "GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW":
            return [j for j in range(n) if ri - 1 <= rank[ts[j]] <= ri]
        if spec == "GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING":
            return [j for j in range(n) if abs(rank[ts[j]] - ri) <= 1]
        if spec == "GROUPS BETWEEN 2 PRECEDING AND 1 PRECEDING":
            return [j for j in range(n) if ri - 2 <= rank[ts[j]] <= ri - 1]
        raise ValueError(spec)

    for spec in ("RANGE BETWEEN 3 PRECEDING AND CURRENT ROW",
                 "RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING",
                 "RANGE BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE GROUP",
                 "RANGE BETWEEN 1 FOLLOWING AND 4 FOLLOWING",
                 "",
                 "GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW",
                 "GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING",
                 "GROUPS BETWEEN 2 PRECEDING AND 1 PRECEDING"):
        label = f"d.ORDER BY t {spec or '(default frame)'}"
        with rep.section(label):
            got = dict((r[0], r[1:]) for r in con.execute(
                f"SELECT i, {STAT_COLS} FROM (SELECT i, norm_fit(x) OVER (ORDER BY t {spec}) "
                f"AS s FROM t)").fetchall())
            want = [np_frame_stats([xs[j] for j in frame_set(i, spec)]) for i in range(n)]
            compare_frames(rep, label, [got[i] for i in range(n)], want, scale)

    # ROWS with EXCLUDE CURRENT ROW / EXCLUDE TIES (ORDER BY i: no ties)
    for spec, lo, hi in (("ROWS BETWEEN 3 PRECEDING AND 3 FOLLOWING EXCLUDE CURRENT ROW", -3, 3),):
        label = f"d.ORDER BY i {spec}"
        with rep.section(label):
            got = con.execute(f"SELECT {STAT_COLS} FROM (SELECT i, norm_fit(x) OVER "
                              f"(ORDER BY i {spec}) AS s FROM t) ORDER BY i").fetchall()
            want = [np_frame_stats([xs[j] for j in sliding_rows(n, i, lo, hi) if j != i])
                    for i in range(n)]
            compare_frames(rep, label, got, want, scale)

    # PARTITION BY g with a sliding frame
    label = "d.PARTITION BY g ORDER BY i ROWS 4 PRECEDING"
    with rep.section(label):
        got = dict((r[0], r[1:]) for r in con.execute(
            f"SELECT i, {STAT_COLS} FROM (SELECT i, norm_fit(x) OVER (PARTITION BY g ORDER BY i "
            f"ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS s FROM t)").fetchall())
        want = []
        for i in range(n):
            same = [j for j in range(n) if gs[j] == gs[i] and j <= i]
            want.append(np_frame_stats([xs[j] for j in same[-5:]]))
        compare_frames(rep, label, [got[i] for i in range(n)], want, scale)

    # norm_merge as a window function over stored states
    chunks = []
    for c in range(60):
        m = int(rng.integers(1, 30))
        chunks.append([float(v) for v in rng.normal(rng.uniform(-50, 50), rng.uniform(0.1, 5), m)])
    con.execute("DROP TABLE IF EXISTS raw")
    con.execute("CREATE TABLE raw(c INTEGER, x REAL)")
    con.executemany("INSERT INTO raw VALUES (?,?)",
                    [(c, x) for c, ch in enumerate(chunks) for x in ch])
    con.execute("DROP TABLE IF EXISTS st")
    con.execute("CREATE TABLE st AS SELECT c, norm_fit(x) AS s FROM raw GROUP BY c")
    con.execute("UPDATE st SET s = NULL WHERE c IN (10, 11, 12)")  # NULL states are skipped
    live = [None if c in (10, 11, 12) else ch for c, ch in enumerate(chunks)]
    nc = len(chunks)

    def merged_want(idx):
        vals = [x for c in idx if live[c] is not None for x in live[c]]
        return np_frame_stats(vals)

    for spec, lo, hi in (("ROWS BETWEEN 2 PRECEDING AND CURRENT ROW", -2, 0),
                         ("ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW", -10 ** 9, 0),
                         ("ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING", -1, 1),
                         ("ROWS BETWEEN CURRENT ROW AND CURRENT ROW", 0, 0)):
        label = f"d.norm_merge OVER (ORDER BY c {spec})"
        with rep.section(label):
            got = con.execute(f"SELECT {STAT_COLS} FROM (SELECT c, norm_merge(s) OVER "
                              f"(ORDER BY c {spec}) AS s FROM st) ORDER BY c").fetchall()
            want = [merged_want(sliding_rows(nc, c, lo, hi)) for c in range(nc)]
            compare_frames(rep, label, got, want, 60.0)
    label = "d.norm_merge OVER (PARTITION BY c % 3)"
    with rep.section(label):
        got = con.execute(f"SELECT {STAT_COLS} FROM (SELECT c, norm_merge(s) OVER "
                          f"(PARTITION BY c % 3) AS s FROM st) ORDER BY c").fetchall()
        want = [merged_want([d for d in range(nc) if d % 3 == c % 3]) for c in range(nc)]
        compare_frames(rep, label, got, want, 60.0)


def main():
    rep = Report("windows.")
    con = oracle.connect_or_die(rep)
    with rep.section("a"):
        part_a(rep, con)
    with rep.section("b"):
        part_b(rep, con)
    with rep.section("c"):
        part_c(rep, con)
    with rep.section("d"):
        part_d(rep, con)
    rep.finish()


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Axes and transforms.

- The seed example: a 1-D feature 1..5 standardized along the feature axis
  gives [-1.414, -0.707, 0, 0.707, 1.414] (population std), like
  scikit-learn's StandardScaler and Keras's Normalization(axis=-1) on shape
  (N, 1); standardizing along the wrong axis (every value its own state,
  norm_z(x, row_fit(x))) gives zeros, like Keras with shape (1, N).
- row_fit(a, b, c, d) per row == numpy over axis=1.
- norm_z with eps (Keras: divide by max(std, eps)), ddof=1 (BigQuery ML),
  zero variance (scikit-learn: x - mean).
- norm_minmax vs MinMaxScaler (feature_range, clip=True), norm_maxabs vs
  MaxAbsScaler, zero ranges like scikit-learn.
- norm_invert round trips.
- numeric TEXT inputs; the stored-state pattern.
"""

import math
import os
import sys

import numpy as np
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, StandardScaler, scale

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
from oracle import Report  # noqa: E402


def col(con, sql, params=()):
    return [r[0] for r in con.execute(sql, params).fetchall()]


def keras_forward(x, mean, var, eps=1e-7):
    return (x - mean) / max(math.sqrt(var), eps)


def seed_example(rep, con):
    xs = [1.0, 2.0, 3.0, 4.0, 5.0]
    oracle.load_table(con, "f", "i INTEGER PRIMARY KEY, x REAL", list(enumerate(xs)))
    sk = list(StandardScaler().fit_transform(np.array(xs).reshape(-1, 1))[:, 0])
    want = [-math.sqrt(2), -math.sqrt(2) / 2, 0.0, math.sqrt(2) / 2, math.sqrt(2)]
    rep.close_list("seed.sklearn-oracle-sanity", sk, want, rtol=1e-15, atol=1e-15)
    got = col(con, "SELECT norm_z(x, (SELECT norm_fit(x) FROM f)) FROM f ORDER BY i")
    rep.close_list("seed.right-axis-subquery", got, sk, rtol=1e-14, atol=1e-15)
    got = col(con, "SELECT norm_z(x, norm_fit(x) OVER ()) FROM f ORDER BY i")
    rep.close_list("seed.right-axis-window", got, sk, rtol=1e-14, atol=1e-15)
    m, v = np.mean(xs), np.var(xs)
    rep.close_list("seed.keras-axis=-1", got, [keras_forward(x, m, v) for x in xs],
                   rtol=1e-14, atol=1e-15)
    # Keras with shape (1, N) and axis=-1 keeps the axis of length N: every value
    # has its own mean and zero variance -> zeros.  Same with row_fit(x).
    keras_wrong = [(x - x) / max(0.0, 1e-7) for x in xs]
    got = col(con, "SELECT norm_z(x, row_fit(x)) FROM f ORDER BY i")
    rep.check("seed.wrong-axis-row_fit-zeros", got == keras_wrong, f"got {got!r}")
    got = col(con, "SELECT norm_z(x, row_fit(x), 1e-7) FROM f ORDER BY i")
    rep.check("seed.wrong-axis-keras-eps-zeros", got == keras_wrong, f"got {got!r}")
    got = col(con, "SELECT norm_z(x, norm_fit(x) OVER (PARTITION BY i)) FROM f ORDER BY i")
    rep.check("seed.wrong-axis-partition-per-row-zeros", got == keras_wrong, f"got {got!r}")
    # BigQuery ML.STANDARD_SCALER (sample std) values from REFERENCES.md
    bq = [-1.2649110640673518, -0.6324555320336759, 0.0, 0.6324555320336759, 1.2649110640673518]
    got = col(con, "SELECT norm_z(x, (SELECT norm_fit(x) FROM f), NULL, 1) FROM f ORDER BY i")
    rep.close_list("seed.bigquery-ddof1", got, bq, rtol=2.3e-16, atol=0)
    got = col(con, "SELECT norm_z(x, (SELECT norm_fit(x) FROM f), 1e-7, 1) FROM f ORDER BY i")
    rep.close_list("seed.bigquery-ddof1-eps", got, bq, rtol=2.3e-16, atol=0)
    got = col(con, "SELECT norm_z(x, norm_fit(x) OVER (), NULL, 1) FROM f ORDER BY i")
    rep.close_list("seed.bigquery-ddof1-window", got, bq, rtol=2.3e-16, atol=0)


def row_axis(rep, con):
    rng = np.random.default_rng(21)
    X = rng.normal(3, 2, (200, 4))
    rows = [tuple(float(v) for v in r) for r in X]
    rows[5] = (rows[5][0], None, rows[5][2], None)  # NULLs skipped
    rows[6] = (None, None, None, None)  # all NULL: NULL state
    rows[7] = (4.0, 4.0, 4.0, 4.0)  # zero variance
    oracle.load_table(con, "r", "i INTEGER PRIMARY KEY, a REAL, b REAL, c REAL, d REAL",
                      [(i,) + r for i, r in enumerate(rows)])
    got = con.execute("SELECT norm_count(s), norm_mean(s), norm_var(s), norm_std(s), "
                      "norm_min(s), norm_max(s), s IS NULL FROM (SELECT i, row_fit(a, b, c, d) AS s "
                      "FROM r) ORDER BY i").fetchall()
    A = np.array([[np.nan if v is None else v for v in r] for r in rows])
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            cnt = np.sum(~np.isnan(A), axis=1)
            mean = np.nanmean(A, axis=1)
            var = np.nanvar(A, axis=1)
            mn, mx = np.nanmin(A, axis=1), np.nanmax(A, axis=1)
    for k, name in enumerate(("count", "mean", "var", "std", "min", "max")):
        want = {"count": cnt, "mean": mean, "var": var, "std": np.sqrt(var),
                "min": mn, "max": mx}[name]
        want = [None if (cnt[i] == 0) else float(want[i]) for i in range(len(rows))]
        rep.close_list(f"row_fit.axis1.{name}", [g[k] for g in got], want,
                       rtol=1e-14, atol=1e-14)
    rep.check("row_fit.all-null-gives-null", got[6][6] == 1, f"row 6: {got[6]!r}")
    # per-row z-scores, sklearn.preprocessing.scale(X, axis=1)
    full = [i for i in range(len(rows)) if i not in (5, 6)]
    Z = scale(np.array([rows[i] for i in full]), axis=1)
    got = con.execute("SELECT norm_z(a, s), norm_z(b, s), norm_z(c, s), norm_z(d, s) FROM "
                      "(SELECT i, a, b, c, d, row_fit(a, b, c, d) AS s FROM r) ORDER BY i"
                      ).fetchall()
    rep.close_list("row_fit.z-vs-sklearn-scale-axis1",
                   [v for i in full for v in got[i]], [float(v) for v in Z.ravel()],
                   rtol=1e-12, atol=1e-13)
    # 127 arguments (the documented maximum)
    vals = [float(v) for v in rng.normal(0, 1, 127)]
    s = con.execute(oracle.row_fit_sql(127), vals).fetchone()[0]
    st = oracle.stats_of_state(con, s)
    rep.check("row_fit.127-args", st["count"] == 127 and abs(st["mean"] - np.mean(vals)) < 1e-14
              and abs(st["var0"] - np.var(vals)) < 1e-14, f"{st!r}")


def z_options(rep, con):
    # std 0.5 data [1, 2]: eps bigger than std clamps the divisor
    s = con.execute("SELECT row_fit(1.0, 2.0)").fetchone()[0]
    one = lambda sql, *p: con.execute(sql, p).fetchone()[0]  # noqa: E731
    rep.close("z.eps-below-std", one("SELECT norm_z(2.0, ?, 1e-7)", s), 1.0, rtol=1e-15)
    rep.close("z.eps-above-std", one("SELECT norm_z(2.0, ?, 1.0)", s), 0.5, rtol=1e-15)
    rep.close("z.eps-null-normal", one("SELECT norm_z(2.0, ?, NULL)", s), 1.0, rtol=1e-15)
    # constant feature: sklearn gives x - mean; Keras (eps 1e-7) gives (x-mean)/1e-7
    c = con.execute("SELECT norm_fit(x) FROM (SELECT 4.0 AS x UNION ALL SELECT 4.0 "
                    "UNION ALL SELECT 4)").fetchone()[0]
    sk = StandardScaler().fit([[4.0], [4.0], [4.0]])
    rep.close("z.zero-var-sklearn", one("SELECT norm_z(6.0, ?)", c),
              float(sk.transform([[6.0]])[0, 0]), rtol=0)
    rep.close("z.zero-var-sklearn-at-mean", one("SELECT norm_z(4.0, ?)", c), 0.0, rtol=0)
    rep.close("z.zero-var-keras-eps", one("SELECT norm_z(4.5, ?, 1e-7)", c),
              keras_forward(4.5, 4.0, 0.0), rtol=1e-15)
    r = one("SELECT norm_z(6.0, ?, NULL)", c)
    rep.check("z.zero-var-eps-null-gives-null", r is None, f"got {r!r}")
    # ddof=1 can only be given together with eps: eps NULL -> a zero std gives
    # NULL; a tiny eps clamps the divisor (Keras rule), no replacement by 1.
    r = one("SELECT norm_z(6.0, ?, NULL, 1)", c)
    rep.check("z.zero-var-ddof1-eps-null-gives-null", r is None, f"got {r!r}")
    rep.close("z.zero-var-ddof1-eps-clamp", one("SELECT norm_z(6.0, ?, 1e-300, 1)", c),
              2.0 / 1e-300, rtol=1e-15)
    # random data vs sklearn / Keras formulas, ddof 0 and 1, several eps
    rng = np.random.default_rng(22)
    xs = [float(v) for v in rng.normal(10, 3, 300)]
    new = [float(v) for v in rng.normal(10, 6, 100)]
    oracle.load_table(con, "tr", "x REAL", [(x,) for x in xs])
    oracle.load_table(con, "te", "i INTEGER PRIMARY KEY, x REAL", list(enumerate(new)))
    sc = StandardScaler().fit(np.array(xs).reshape(-1, 1))
    want = list(sc.transform(np.array(new).reshape(-1, 1))[:, 0])
    got = col(con, "SELECT norm_z(x, (SELECT norm_fit(x) FROM tr)) FROM te ORDER BY i")
    rep.close_list("z.sklearn-new-data", got, want, rtol=1e-13, atol=1e-13)
    m, v1 = np.mean(xs), np.var(xs, ddof=1)
    got = col(con, "SELECT norm_z(x, (SELECT norm_fit(x) FROM tr), NULL, 1) FROM te ORDER BY i")
    rep.close_list("z.ddof1-new-data", got, [(x - m) / math.sqrt(v1) for x in new],
                   rtol=1e-13, atol=1e-13)
    got = col(con, "SELECT norm_z(x, (SELECT norm_fit(x) FROM tr), 5.0) FROM te ORDER BY i")
    rep.close_list("z.keras-eps-5", got, [keras_forward(x, m, np.var(xs), 5.0) for x in new],
                   rtol=1e-13, atol=1e-13)


def minmax_maxabs(rep, con):
    rng = np.random.default_rng(23)
    xs = [float(v) for v in rng.uniform(-3, 8, 200)]
    new = [float(v) for v in rng.uniform(-10, 15, 150)] + [min(xs), max(xs)]
    oracle.load_table(con, "tr", "x REAL", [(x,) for x in xs])
    oracle.load_table(con, "te", "i INTEGER PRIMARY KEY, x REAL", list(enumerate(new)))
    TR, TE = np.array(xs).reshape(-1, 1), np.array(new).reshape(-1, 1)
    S = "(SELECT norm_fit(x) FROM tr)"
    cases = [("default", "", (0, 1), False),
             ("range(-1,3)", ", -1, 3", (-1, 3), False),
             ("range(-1,3) clip", ", -1, 3, 1", (-1, 3), True),
             ("range(0,1) clip", ", 0, 1, 1", (0, 1), True),
             ("range(0,1) clip=0", ", 0, 1, 0", (0, 1), False)]
    for name, extra, fr, clip in cases:
        mm = MinMaxScaler(feature_range=fr, clip=clip).fit(TR)
        want = list(mm.transform(TE)[:, 0])
        got = col(con, f"SELECT norm_minmax(x, {S}{extra}) FROM te ORDER BY i")
        rep.close_list(f"minmax.{name}", got, want, rtol=1e-13, atol=1e-13)
        if clip:
            rep.check(f"minmax.{name}.within-range",
                      all(fr[0] <= g <= fr[1] for g in got), f"values outside {fr}")
    # zero range: like sklearn, a range of 1 (x = min gives lo)
    c = con.execute("SELECT norm_fit(x) FROM (SELECT 7.0 AS x UNION ALL SELECT 7.0)").fetchone()[0]
    for fr, clip in (((0, 1), False), ((-1, 3), False), ((-1, 3), True)):
        mm = MinMaxScaler(feature_range=fr, clip=clip).fit([[7.0], [7.0]])
        want = list(mm.transform([[7.0], [8.0], [6.0], [7.25]])[:, 0])
        got = [con.execute(f"SELECT norm_minmax(?, ?, ?, ?, ?)", (x, c, fr[0], fr[1], int(clip))
                           ).fetchone()[0] for x in (7.0, 8.0, 6.0, 7.25)]
        rep.close_list(f"minmax.zero-range{fr}{' clip' if clip else ''}", got, want,
                       rtol=1e-15, atol=1e-15)
    # maxabs
    for name, data in (("mixed", xs), ("negative-dominant", [-10.0, 3.0, 2.0]),
                       ("positive", [0.5, 4.0, 2.0])):
        oracle.load_table(con, "tr2", "x REAL", [(x,) for x in data])
        ma = MaxAbsScaler().fit(np.array(data).reshape(-1, 1))
        want = list(ma.transform(TE)[:, 0])
        got = col(con, "SELECT norm_maxabs(x, (SELECT norm_fit(x) FROM tr2)) FROM te ORDER BY i")
        rep.close_list(f"maxabs.{name}", got, want, rtol=1e-15, atol=0)
    z = con.execute("SELECT norm_fit(x) FROM (SELECT 0.0 AS x UNION ALL SELECT 0)").fetchone()[0]
    ma = MaxAbsScaler().fit([[0.0], [0.0]])
    got = [con.execute("SELECT norm_maxabs(?, ?)", (x, z)).fetchone()[0] for x in (5.0, -2.0, 0.0)]
    rep.close_list("maxabs.zero-maxabs", got, list(ma.transform([[5.0], [-2.0], [0.0]])[:, 0]),
                   rtol=0, atol=0)


def inverses(rep, con):
    rng = np.random.default_rng(24)
    xs = [float(v) for v in rng.normal(1e3, 50, 500)]
    new = [float(v) for v in rng.normal(1e3, 200, 200)]
    oracle.load_table(con, "tr", "x REAL", [(x,) for x in xs])
    oracle.load_table(con, "te", "i INTEGER PRIMARY KEY, x REAL", list(enumerate(new)))
    S = "(SELECT norm_fit(x) FROM tr)"
    trips = [
        ("z default", "norm_z(x, {S})", "norm_invert(y, {S})"),
        ("z kind", "norm_z(x, {S})", "norm_invert(y, {S}, 'z')"),
        ("z eps", "norm_z(x, {S}, 1e-7)", "norm_invert(y, {S}, 'z', 1e-7)"),
        ("z eps>std", "norm_z(x, {S}, 500.0)", "norm_invert(y, {S}, 'z', 500.0)"),
        ("z ddof1", "norm_z(x, {S}, NULL, 1)", "norm_invert(y, {S}, 'z', NULL, 1)"),
        ("z eps ddof1", "norm_z(x, {S}, 1e-7, 1)", "norm_invert(y, {S}, 'z', 1e-7, 1)"),
        ("minmax", "norm_minmax(x, {S})", "norm_invert(y, {S}, 'minmax')"),
        ("minmax lo hi", "norm_minmax(x, {S}, -1, 3)", "norm_invert(y, {S}, 'minmax', -1, 3)"),
        ("maxabs", "norm_maxabs(x, {S})", "norm_invert(y, {S}, 'maxabs')"),
    ]
    for name, fwd, inv in trips:
        with rep.section(f"invert.{name}"):
            sql = (f"SELECT {inv.format(S=S)} FROM (SELECT i, {fwd.format(S=S)} AS y FROM te) "
                   f"ORDER BY i")
            got = col(con, sql)
            rep.close_list(f"invert.roundtrip.{name}", got, new, rtol=1e-12, atol=1e-12)
    # inverse against sklearn's inverse_transform on given outputs
    ys = [float(v) for v in rng.uniform(-3, 3, 50)]
    TR = np.array(xs).reshape(-1, 1)
    Y = np.array(ys).reshape(-1, 1)
    for name, sql, sk in (
            ("z", "SELECT norm_invert(?, {S})", StandardScaler().fit(TR)),
            ("minmax", "SELECT norm_invert(?, {S}, 'minmax')", MinMaxScaler().fit(TR)),
            ("minmax(-1,3)", "SELECT norm_invert(?, {S}, 'minmax', -1, 3)",
             MinMaxScaler(feature_range=(-1, 3)).fit(TR)),
            ("maxabs", "SELECT norm_invert(?, {S}, 'maxabs')", MaxAbsScaler().fit(TR))):
        got = [con.execute(sql.format(S=S), (y,)).fetchone()[0] for y in ys]
        rep.close_list(f"invert.vs-sklearn.{name}", got, list(sk.inverse_transform(Y)[:, 0]),
                       rtol=1e-13, atol=1e-12)
    # Keras invert: mean + y * max(std, eps); zero variance state
    c = con.execute("SELECT row_fit(2.0, 2.0, 2.0)").fetchone()[0]
    rep.close("invert.zero-var-sklearn", con.execute("SELECT norm_invert(3.0, ?)", (c,)).fetchone()[0],
              5.0, rtol=0)
    rep.close("invert.zero-var-keras", con.execute("SELECT norm_invert(3.0, ?, 'z', 1e-7)", (c,)
                                                   ).fetchone()[0], 2.0 + 3.0 * 1e-7, rtol=1e-15)
    r = con.execute("SELECT norm_invert(NULL, ?)", (c,)).fetchone()[0]
    rep.check("invert.null-y", r is None, f"got {r!r}")


def text_inputs(rep, con):
    texts = ["3.5", " 2 ", "1e3", "-4", "+0.5", "2.5E-1", "  -1.25e+2  ", "7"]
    nums = [3.5, 2.0, 1000.0, -4.0, 0.5, 0.25, -125.0, 7.0]
    oracle.load_table(con, "tt", "i INTEGER PRIMARY KEY, x TEXT", list(enumerate(texts)))
    oracle.load_table(con, "tn", "i INTEGER PRIMARY KEY, x REAL", list(enumerate(nums)))
    st = con.execute("SELECT norm_fit(x) FROM tt").fetchone()[0]
    sn = con.execute("SELECT norm_fit(x) FROM tn").fetchone()[0]
    rep.check("text.fit-equals-numbers", oracle.stats_of_state(con, st) ==
              oracle.stats_of_state(con, sn),
              f"{oracle.stats_of_state(con, st)} != {oracle.stats_of_state(con, sn)}")
    rep.close("text.mean", oracle.stats_of_state(con, st)["mean"], float(np.mean(nums)), rtol=1e-15)
    got = [con.execute("SELECT norm_z(?, ?)", (t, sn)).fetchone()[0] for t in texts]
    want = [con.execute("SELECT norm_z(?, ?)", (x, sn)).fetchone()[0] for x in nums]
    rep.check("text.z-equals-numbers", got == want and None not in got, f"{got} != {want}")
    s = con.execute("SELECT row_fit('1e3', ' 2 ', 3)").fetchone()[0]
    rep.check("text.row_fit", oracle.stats_of_state(con, s)["mean"] == 1005.0 / 3,
              f"{oracle.stats_of_state(con, s)}")
    got = con.execute("SELECT norm_minmax(' 5 ', row_fit(0, 10), '0', '2', '1')").fetchone()[0]
    rep.check("text.minmax-extra-args", got == 1.0, f"got {got!r}")
    s = con.execute("SELECT norm_fit(x, w) FROM (SELECT 1 AS x, '2' AS w UNION ALL "
                    "SELECT 3, ' 0.5 ')").fetchone()[0]
    rep.close("text.weight", oracle.stats_of_state(con, s)["mean"], (1 * 2 + 3 * 0.5) / 2.5,
              rtol=1e-15)
    # INTEGER arguments, and integers beyond 2^53 rounded to the nearest double
    si = con.execute("SELECT norm_fit(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 "
                     "UNION ALL SELECT 3)").fetchone()[0]
    st = oracle.stats_of_state(con, si)
    rep.check("int.fit", st["mean"] == 2.0 and st["var0"] == 2 / 3 and st["count"] == 3,
              f"{st}")
    r = con.execute("SELECT norm_max(row_fit(9223372036854775807)), "
                    "norm_min(row_fit(-9223372036854775808))").fetchone()
    rep.check("int.int64-extremes", r == (9.223372036854776e18, -9.223372036854776e18),
              f"got {r!r}")
    big = 2 ** 53 + 1
    r = con.execute("SELECT norm_min(row_fit(?)), norm_max(row_fit(?))", (big, big)).fetchone()
    rep.check("int.beyond-2^53", r == (float(big), float(big)) and float(big) == 2.0 ** 53,
              f"got {r!r}, expected {float(big)!r}")
    # NaN is stored as NULL by SQLite: skipped (like sklearn ignoring NaN in fit)
    s = con.execute("SELECT norm_fit(x) FROM (SELECT ? AS x UNION ALL SELECT 1.0 UNION ALL "
                    "SELECT 3.0)", (float("nan"),)).fetchone()[0]
    st = oracle.stats_of_state(con, s)
    rep.check("nan-is-null-skipped", st["count"] == 2 and st["mean"] == 2.0, f"{st}")


def stored_state(rep, con):
    rng = np.random.default_rng(25)
    train = rng.normal(50, 7, (400, 2))
    test = rng.normal(50, 9, (100, 2))
    oracle.load_table(con, "train", "a REAL, b REAL", [tuple(map(float, r)) for r in train])
    oracle.load_table(con, "test", "i INTEGER PRIMARY KEY, a REAL, b REAL",
                      [(i, float(r[0]), float(r[1])) for i, r in enumerate(test)])
    con.execute("DROP TABLE IF EXISTS scaler")
    con.execute("CREATE TABLE scaler AS SELECT norm_fit(a) AS sa, norm_fit(b) AS sb FROM train")
    got = con.execute("SELECT norm_z(a, sa), norm_z(b, sb), norm_minmax(a, sa), "
                      "norm_maxabs(b, sb) FROM test, scaler ORDER BY i").fetchall()
    Z = StandardScaler().fit(train).transform(test)
    M = MinMaxScaler().fit(train).transform(test)
    A = MaxAbsScaler().fit(train).transform(test)
    rep.close_list("stored.z-a", [g[0] for g in got], list(Z[:, 0]), rtol=1e-13, atol=1e-13)
    rep.close_list("stored.z-b", [g[1] for g in got], list(Z[:, 1]), rtol=1e-13, atol=1e-13)
    rep.close_list("stored.minmax-a", [g[2] for g in got], list(M[:, 0]), rtol=1e-13, atol=1e-13)
    rep.close_list("stored.maxabs-b", [g[3] for g in got], list(A[:, 1]), rtol=1e-14, atol=1e-15)
    # A different state on every row (per-group scalers joined to the data, and
    # a correlated subquery): nothing decoded for one row may leak into the next.
    g = [int(v) for v in rng.integers(0, 5, 300)]
    x = [float(v) for v in rng.normal(0, 1, 300) * 10 + np.array(g) * 100]
    oracle.load_table(con, "d", "i INTEGER PRIMARY KEY, g INTEGER, x REAL",
                      [(i, gi, xi) for i, (gi, xi) in enumerate(zip(g, x))])
    con.execute("DROP TABLE IF EXISTS scalers")
    con.execute("CREATE TABLE scalers AS SELECT g, norm_fit(x) AS s FROM d GROUP BY g")
    want = []
    for gi, xi in zip(g, x):
        a = np.array([v for v, gg in zip(x, g) if gg == gi])
        want.append((xi - a.mean()) / a.std())
    for label, sql in (
            ("join", "SELECT norm_z(d.x, s.s) FROM d JOIN scalers s USING (g) ORDER BY d.i"),
            ("correlated", "SELECT norm_z(x, (SELECT s FROM scalers WHERE scalers.g = d.g)) "
                           "FROM d ORDER BY i"),
            ("join-mean", "SELECT (d.x - norm_mean(s.s)) / norm_std(s.s) FROM d "
                          "JOIN scalers s USING (g) ORDER BY d.i")):
        rep.close_list(f"stored.per-row-state.{label}", col(con, sql), want,
                       rtol=1e-12, atol=1e-12)
    # NULL values and NULL state give NULL
    r = con.execute("SELECT norm_z(NULL, sa), norm_minmax(NULL, sa), norm_maxabs(NULL, sa), "
                    "norm_z(1.0, NULL), norm_minmax(1.0, NULL), norm_maxabs(1.0, NULL), "
                    "norm_invert(1.0, NULL), norm_invert(NULL, sa) FROM scaler").fetchone()
    rep.check("stored.null-in-null-out", all(v is None for v in r), f"got {r!r}")


def main():
    rep = Report("apply.")
    con = oracle.connect_or_die(rep)
    for name, fn in (("seed", seed_example), ("row_fit", row_axis), ("z", z_options),
                     ("minmax_maxabs", minmax_maxabs), ("invert", inverses),
                     ("text", text_inputs), ("stored", stored_state)):
        with rep.section(name):
            fn(rep, con)
    v = None
    with rep.section("version"):
        v = con.execute("SELECT norm_version()").fetchone()[0]
        rep.check("version", isinstance(v, str) and len(v) > 0, f"got {v!r}", note=str(v))
    rep.finish()


if __name__ == "__main__":
    main()

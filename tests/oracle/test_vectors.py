#!/usr/bin/python3
"""Vectors against numpy and scikit-learn (issue 3 acceptance): 3,000 random
vectors of 24 dimensions, stored as JSON arrays and as float32 blobs.
Per-dimension fits (ext/sql/vecfit.c 2-5), per-row fits (vecfit.c 6), the
transforms and inverses (ext/sql/vecapply.c 1-2), axis=None statistics,
unit norms (vecapply.c 4), sliding frames and merges (vecacc.h 2, 4),
missing elements (vec.h 1). JSON: 1e-10 relative; float32: one float32 ulp.
"""
import json
import os
import sys

import numpy as np
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, Normalizer, StandardScaler

sys.path.insert(0, os.path.dirname(__file__))
from vecoracle import check, close, connect, f32_close, finish, from_value, to_f32, to_json  # noqa: E402

N, D = 3000, 24
rng = np.random.default_rng(20261125)
# Columns of different scales and offsets, a constant column, a column of integers.
X = rng.standard_normal((N, D)) * rng.uniform(0.01, 1000, D) + rng.uniform(-1e4, 1e4, D)
X[:, 5] = 7.25
X[:, 6] = rng.integers(-50, 50, N)
X32 = X.astype(np.float32).astype(np.float64)

db = connect()
db.execute("CREATE TABLE t(i INTEGER PRIMARY KEY, g INTEGER, j TEXT, b BLOB)")
db.executemany("INSERT INTO t VALUES (?, ?, ?, ?)",
               [(i, i % 7, to_json(X[i]), to_f32(X[i])) for i in range(N)])
q = lambda sql, *a: db.execute(sql, a).fetchall()
one = lambda sql, *a: db.execute(sql, a).fetchone()[0]
J = 1e-10  # JSON tolerance (relative)

for col, data, tag in (("j", X, "json"), ("b", X32, "f32")):
    s = one(f"SELECT norm_fit({col}) FROM t")
    db.execute("DROP TABLE IF EXISTS st")
    db.execute("CREATE TABLE st AS SELECT ? AS s", (s,))
    # Requirement vecfit.c 2: per-dimension statistics (Keras axis=-1 on (N, D)).
    # Statistics accumulate in double whatever the encoding: compare both at 1e-13.
    close(f"fit-mean-{tag}", json.loads(one("SELECT norm_mean(s) FROM st")), data.mean(0), 1e-13, 1e-12)
    close(f"fit-var-{tag}", json.loads(one("SELECT norm_var(s) FROM st")), data.var(0), 1e-13, 1e-300)
    close(f"fit-std-ddof1-{tag}", json.loads(one("SELECT norm_std(s, 1) FROM st")), data.std(0, ddof=1), 1e-13, 1e-300)
    close(f"fit-min-{tag}", json.loads(one("SELECT norm_min(s) FROM st")), data.min(0), 0)
    close(f"fit-max-{tag}", json.loads(one("SELECT norm_max(s) FROM st")), data.max(0), 0)
    check(f"fit-count-{tag}", json.loads(one("SELECT norm_count(s) FROM st")) == [N] * D)

    rows = [from_value(r[0]) for r in q(f"SELECT norm_z({col}, (SELECT s FROM st)) FROM t ORDER BY i")]
    exp = StandardScaler().fit_transform(data)
    cmp = (lambda n, g, e: close(n, g, e, J, J)) if tag == "json" else f32_close
    cmp(f"z-per-dimension-{tag}", np.array(rows), exp)
    check(f"z-keeps-encoding-{tag}", all(isinstance(r[0], bytes if tag == "f32" else str)
                                          for r in q(f"SELECT norm_z({col}, (SELECT s FROM st)) FROM t LIMIT 3")))
    rows = [from_value(r[0]) for r in q(f"SELECT norm_minmax({col}, (SELECT s FROM st)) FROM t ORDER BY i")]
    cmp(f"minmax-per-dimension-{tag}", np.array(rows), MinMaxScaler().fit_transform(data))
    rows = [from_value(r[0]) for r in q(f"SELECT norm_minmax({col}, (SELECT s FROM st), -1, 1) FROM t ORDER BY i")]
    cmp(f"minmax-range-{tag}", np.array(rows), MinMaxScaler(feature_range=(-1, 1)).fit_transform(data))
    rows = [from_value(r[0]) for r in q(f"SELECT norm_maxabs({col}, (SELECT s FROM st)) FROM t ORDER BY i")]
    cmp(f"maxabs-per-dimension-{tag}", np.array(rows), MaxAbsScaler().fit_transform(data))

    # Inverse round trips.
    for kind, extra in (("z", ""), ("minmax", ", 'minmax'"), ("maxabs", ", 'maxabs'")):
        fwd = {"z": "norm_z", "minmax": "norm_minmax", "maxabs": "norm_maxabs"}[kind]
        rows = [from_value(r[0]) for r in q(f"SELECT norm_invert({fwd}({col}, s), s{extra}) FROM t, st ORDER BY i")]
        got = np.array(rows)
        if tag == "json":
            close(f"invert-{kind}-{tag}", got, data, 1e-12, 1e-9)
        else:  # forward rounded to float32, inverted, rounded again: a few float32 ulps of the range
            scale = np.maximum(np.abs(data).max(0), data.std(0))
            ok = np.all(np.abs(got - data) <= 4 * 2.0 ** -23 * scale)
            check(f"invert-{kind}-{tag}", ok, f"worst {np.max(np.abs(got - data) / scale):.3g} of the scale")

    # Per-row (sample axis, layer norm): row_fit(v) fits one vector's elements.
    rows = [from_value(r[0]) for r in q(f"SELECT norm_z({col}, row_fit({col})) FROM t ORDER BY i")]
    exp = (data - data.mean(1, keepdims=True)) / data.std(1, keepdims=True)
    cmp(f"z-per-row-{tag}", np.array(rows), exp)
    rows = [from_value(r[0]) for r in q(f"SELECT norm_minmax({col}, row_fit({col})) FROM t ORDER BY i")]
    exp = MinMaxScaler().fit_transform(data.T).T
    cmp(f"minmax-per-row-{tag}", np.array(rows), exp)
    rows = [from_value(r[0]) for r in q(f"SELECT norm_invert(norm_z({col}, row_fit({col})), row_fit({col})) FROM t ORDER BY i")]
    if tag == "json":
        close(f"invert-per-row-{tag}", np.array(rows), data, 1e-12, 1e-9)
    else:  # z rounded to float32, inverted, rounded again: a few float32 ulps of the row's scale
        scale = np.maximum(np.abs(data).max(1, keepdims=True), data.std(1, keepdims=True))
        check(f"invert-per-row-{tag}", np.all(np.abs(np.array(rows) - data) <= 4 * 2.0 ** -23 * scale))
    stats = q(f"SELECT norm_mean(row_fit({col})), norm_var(row_fit({col})) FROM t ORDER BY i")
    close(f"row-mean-{tag}", [r[0] for r in stats], data.mean(1), 1e-13, 1e-12)
    close(f"row-var-{tag}", [r[1] for r in stats], data.var(1), 1e-13)

    # axis=None: norm_merge(row_fit(v)) over the column.
    m, v = q(f"SELECT norm_mean(s), norm_var(s) FROM (SELECT norm_merge(row_fit({col})) s FROM t)")[0]
    close(f"axis-none-{tag}", [m, v], [data.mean(), data.var()], 1e-13)

    # Unit norms (scikit-learn Normalizer, per sample).
    for norm in ("l2", "l1", "max"):
        rows = [from_value(r[0]) for r in q(f"SELECT norm_unit({col}, '{norm}') FROM t ORDER BY i")]
        cmp(f"unit-{norm}-{tag}", np.array(rows), Normalizer(norm=norm).fit_transform(data))

    # Scalar state applied to vectors: every element uses the same statistics.
    s0 = one("SELECT norm_fit(x) FROM (SELECT value AS x FROM json_each((SELECT j FROM t WHERE i = 0)))")
    rows = [from_value(r[0]) for r in q(f"SELECT norm_z({col}, ?) FROM t ORDER BY i LIMIT 50", s0)]
    x0 = X[0]
    cmp(f"z-scalar-state-{tag}", np.array(rows), (data[:50] - x0.mean()) / x0.std())

    # GROUP BY, and merges of the groups = the fit of the whole.
    groups = q(f"SELECT g, norm_mean(norm_fit({col})), norm_var(norm_fit({col})) FROM t GROUP BY g ORDER BY g")
    ok = all(np.allclose(json.loads(gm), data[np.arange(N) % 7 == g].mean(0), rtol=1e-13, atol=1e-12) and
             np.allclose(json.loads(gv), data[np.arange(N) % 7 == g].var(0), rtol=1e-13, atol=0)
             for g, gm, gv in groups)
    check(f"group-by-{tag}", ok)
    merged = one(f"SELECT norm_json(norm_merge(s)) FROM (SELECT norm_fit({col}) s FROM t GROUP BY g)")
    whole = one("SELECT norm_json(s) FROM st")
    mj, wj = json.loads(merged), json.loads(whole)
    close(f"merge-equals-whole-mean-{tag}", mj["mean"], wj["mean"], 1e-15, 1e-300)
    close(f"merge-equals-whole-var-{tag}", mj["var"], wj["var"], 1e-15, 1e-300)
    check(f"merge-equals-whole-minmax-{tag}", mj["min"] == wj["min"] and mj["max"] == wj["max"])
    check(f"json-round-trip-{tag}", one("SELECT norm_state(norm_json(s)) = s FROM st") == 1)

# Sliding frames (vecacc.h 2, 4): 9 preceding .. current, and 3 preceding .. 2 following.
Xs = X[:400]
for frame, lo, hi in (("9 PRECEDING AND CURRENT ROW", -9, 0), ("3 PRECEDING AND 2 FOLLOWING", -3, 2)):
    rows = q(f"""SELECT norm_mean(s), norm_var(s), norm_min(s), norm_max(s) FROM (
                 SELECT i, norm_fit(j) OVER (ORDER BY i ROWS BETWEEN {frame}) s FROM t WHERE i < 400) ORDER BY i""")
    means, vars_, mins, maxs, known = [], [], [], [], True
    for k, (m, v, mn, mx) in enumerate(rows):
        w = Xs[max(0, k + lo):k + hi + 1]
        means.append((json.loads(m), w.mean(0)))
        vars_.append((json.loads(v), w.var(0)))
        if mn is None:
            known = False
        else:
            mins.append((json.loads(mn), w.min(0)))
            maxs.append((json.loads(mx), w.max(0)))
    tag = frame.split()[0] + "-" + frame.split()[3]
    close(f"sliding-mean-{tag}", [a for a, _ in means], [b for _, b in means], 1e-13, 1e-12)
    close(f"sliding-var-{tag}", [a for a, _ in vars_], [b for _, b in vars_], 1e-12, 1e-300)
    check(f"sliding-minmax-{tag}", all(np.array_equal(a, b) for a, b in mins + maxs))
    if lo == -9:
        check(f"sliding-minmax-always-known-{tag}", known)

# Frames reaching far ahead (vecacc.h): 63 FOLLOWING keeps exact extremes;
# 100 FOLLOWING may drop min/max while its first rows leave, never a wrong one,
# and has them again once those rows have left.
for ahead, always in ((63, True), (100, False)):
    rows = q(f"""SELECT norm_min(s), norm_max(s) FROM (
                 SELECT i, norm_fit(b) OVER (ORDER BY i ROWS BETWEEN 2 PRECEDING AND {ahead} FOLLOWING) s
                 FROM t WHERE i < 400) ORDER BY i""")
    right, missing_late = True, False
    for k, (mn, mx) in enumerate(rows):
        w = X32[:400][max(0, k - 2):k + ahead + 1]
        if mn is None:
            missing_late |= k > ahead + 3
            continue
        right &= json.loads(mn) == list(w.min(0)) and json.loads(mx) == list(w.max(0))
    check(f"following-{ahead}-extremes-right", right)
    check(f"following-{ahead}-extremes-known" if always else f"following-{ahead}-extremes-back-after-early-rows",
          not missing_late and (not always or all(r[0] is not None for r in rows)))

# A spike entering and leaving a frame leaves no trace (exact removal).
db.execute("CREATE TABLE sp(i INTEGER PRIMARY KEY, v TEXT)")
base = 1e8 + rng.standard_normal((60, 3))
spiky = base.copy()
spiky[20] = [1e12, -1e12, 3e15]
db.executemany("INSERT INTO sp VALUES (?, ?)", [(i, to_json(r)) for i, r in enumerate(spiky)])
rows = q("SELECT norm_json(norm_fit(v) OVER (ORDER BY i ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)) FROM sp ORDER BY i")
after = [json.loads(r[0])["var"] for r in rows[30:]]
exp = [spiky[k - 4:k + 1].var(0) for k in range(30, 60)]
close("spike-leaves-no-trace", after, exp, 1e-13)

# Missing elements (vec.h 1): skipped per dimension in fits, kept in transforms.
Xn = X[:500].copy()
mask = rng.random(Xn.shape) < 0.1
Xn[mask] = np.nan
db.execute("CREATE TABLE tn(i INTEGER PRIMARY KEY, j TEXT, b BLOB)")
db.executemany("INSERT INTO tn VALUES (?, ?, ?)", [(i, to_json(r), to_f32(r)) for i, r in enumerate(Xn)])
sn = one("SELECT norm_fit(j) FROM tn")
close("nulls-mean", json.loads(one("SELECT norm_mean(?)", sn)), np.nanmean(Xn, 0), 1e-13, 1e-12)
close("nulls-var", json.loads(one("SELECT norm_var(?)", sn)), np.nanvar(Xn, 0), 1e-13)
check("nulls-count", json.loads(one("SELECT norm_count(?)", sn)) == list((~mask).sum(0)))
rows = [from_value(r[0]) for r in q("SELECT norm_z(j, ?) FROM tn ORDER BY i", sn)]
close("nulls-z-json", np.array(rows), StandardScaler().fit(Xn).transform(Xn), J, J)
sb = one("SELECT norm_fit(b) FROM tn")
rows = [from_value(r[0]) for r in q("SELECT norm_z(b, ?) FROM tn ORDER BY i", sb)]
Xn32 = Xn.astype(np.float32).astype(np.float64)
f32_close("nulls-z-f32-nan", np.array(rows), StandardScaler().fit(Xn32).transform(Xn32))
rows = q("SELECT norm_mean(row_fit(j)) FROM tn ORDER BY i")
close("nulls-row-fit", [r[0] for r in rows], np.nanmean(Xn, 1), 1e-13, 1e-12)
rows = [from_value(r[0]) for r in q("SELECT norm_unit(j) FROM tn ORDER BY i")]
close("nulls-unit", np.array(rows), Xn / np.sqrt(np.nansum(Xn ** 2, 1, keepdims=True)), J, J)
check("all-null-dimension-gives-null", one("SELECT norm_fit(v) IS NULL FROM (SELECT '[1, null]' v UNION ALL SELECT '[2, null]')") == 1)

# Weights (vecfit.c 4) against numpy's weighted average.
w = rng.integers(0, 4, 300).astype(float)
db.execute("CREATE TABLE tw(i INTEGER PRIMARY KEY, j TEXT, w REAL)")
db.executemany("INSERT INTO tw VALUES (?, ?, ?)", [(i, to_json(X[i]), w[i]) for i in range(300)])
sw = one("SELECT norm_fit(j, w) FROM tw")
mw = np.average(X[:300], axis=0, weights=w)
close("weighted-mean", json.loads(one("SELECT norm_mean(?)", sw)), mw, 1e-13, 1e-12)
close("weighted-var", json.loads(one("SELECT norm_var(?)", sw)), np.average((X[:300] - mw) ** 2, axis=0, weights=w), 1e-12)

# A one-dimensional vector fits exactly as the number does (vecacc.h 1).
a = one("SELECT norm_json(norm_fit(x)) FROM (SELECT value AS x FROM json_each((SELECT json_group_array(j ->> '$[3]') FROM t)))")
b = one("SELECT norm_json(norm_fit('[' || (j ->> '$[3]') || ']')) FROM t")
ja, jb = json.loads(a), json.loads(b)
check("one-dimension-equals-scalar", ja["exact"]["mean"] == jb["exact"]["mean"][0] and ja["exact"]["m2"] == jb["exact"]["m2"][0],
      f"{ja['exact']} vs {jb['exact']}")
finish()

#!/usr/bin/python3
"""The mappings of docs/from-keras-and-sklearn.md, checked against
scikit-learn itself and against Keras's formulas (Keras is not installed:
its Normalization is re-implemented in numpy from its definition,
(x - mean) / max(sqrt(var), 1e-7) with the population variance, and
mean + y * max(sqrt(var), 1e-7) for invert=True).

Each check runs the SQL the guide shows on random data and compares every
value with the reference within a few units in the last place (the
references round more than we do). Prints "ok NAME" / "FAIL NAME: detail".
"""
import os
import sqlite3

import numpy as np
from sklearn.preprocessing import MaxAbsScaler, MinMaxScaler, Normalizer, StandardScaler

EXT = os.environ.get("NORMALIZE_EXT") or os.path.join(os.path.dirname(__file__), "..", "..", "dist", "normalize")
rng = np.random.default_rng(6)


def connect():
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(EXT)
    return db


def table(db, name, cols, rows):
    db.execute(f"CREATE TABLE {name}(id INTEGER PRIMARY KEY, {', '.join(c + ' REAL' for c in cols)})")
    db.executemany(f"INSERT INTO {name}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                   [tuple(None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v) for v in r)
                    for r in rows])


def check(name, got, want, rtol=1e-13, atol=1e-13):
    got = np.array([np.nan if g is None else g for g in np.ravel(got)], dtype=float)
    want = np.ravel(np.asarray(want, dtype=float))
    if got.shape == want.shape and np.allclose(got, want, rtol=rtol, atol=atol, equal_nan=True):
        print(f"ok {name}")
    else:
        bad = np.argmax(~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)) if got.shape == want.shape else 0
        print(f"FAIL {name}: at {bad}: got {got[bad] if got.size else None}, want {want[bad] if want.size else None}"
              f" (shapes {got.shape} {want.shape})")


def col(db, sql, *args):
    return [r[0] for r in db.execute(sql, args)]


X = np.column_stack([rng.normal(170, 10, 200), rng.normal(70, 15, 200) * 1e3, rng.uniform(-5, 5, 200)])
X_new = np.column_stack([rng.normal(170, 30, 50), rng.normal(70, 30, 50) * 1e3, rng.uniform(-9, 9, 50)])
COLS = ["a", "b", "c"]


def fitted(db, source="train"):
    """The fit-and-store step of the guide: one state per feature."""
    db.execute("CREATE TABLE scaler(feature TEXT PRIMARY KEY, s BLOB)")
    db.execute("INSERT INTO scaler " + " UNION ALL ".join(f"SELECT '{c}', norm_fit({c}) FROM {source}" for c in COLS))


def apply(db, expr, source="incoming"):
    """expr uses {x} and s; returns an (n, d) array over the rows of source."""
    out = []
    for c in COLS:
        out.append(col(db, f"SELECT {expr.replace('{x}', 'i.' + c)} FROM {source} AS i, scaler WHERE feature = ? "
                           "ORDER BY i.id", c))
    return np.column_stack(out)


def standard_scaler():
    db = connect()
    table(db, "train", COLS, X)
    table(db, "incoming", COLS, X_new)
    fitted(db)
    ref = StandardScaler().fit(X)
    check("StandardScaler.transform = norm_z(x, s)", apply(db, "norm_z({x}, s)"), ref.transform(X_new))
    check("StandardScaler.mean_ = norm_mean", apply(db, "norm_mean(s)")[0], ref.mean_)
    check("StandardScaler.var_ = norm_var", apply(db, "norm_var(s)")[0], ref.var_)
    check("StandardScaler.scale_ = norm_std", apply(db, "norm_std(s)")[0], ref.scale_)
    check("StandardScaler.n_samples_seen_ = norm_count", apply(db, "norm_count(s)")[0], [ref.n_samples_seen_] * 3)
    Z = ref.transform(X_new)
    table(db, "zs", COLS, Z)
    check("StandardScaler.inverse_transform = norm_invert", apply(db, "norm_invert({x}, s)", "zs"),
          ref.inverse_transform(Z), rtol=1e-12)
    ref = StandardScaler(with_mean=False).fit(X)
    check("StandardScaler(with_mean=False)", apply(db, "{x} / iif(norm_std(s) = 0, 1, norm_std(s))"), ref.transform(X_new))
    ref = StandardScaler(with_std=False).fit(X)
    check("StandardScaler(with_std=False)", apply(db, "{x} - norm_mean(s)"), ref.transform(X_new), atol=1e-9)


def standard_scaler_edge_cases():
    db = connect()
    Xc = np.column_stack([np.full(20, 4.0), rng.normal(0, 1, 20), rng.normal(0, 1, 20)])
    Xc[3, 1] = np.nan  # NaN ignored in fit, kept in transform
    table(db, "train", COLS, Xc)
    table(db, "incoming", COLS, Xc)
    fitted(db)
    ref = StandardScaler().fit(Xc)
    check("StandardScaler: zero variance gives x - mean, NaN skipped and kept", apply(db, "norm_z({x}, s)"),
          ref.transform(Xc))


def sample_weight():
    db = connect()
    x = rng.normal(10, 3, 100)
    for kind, w in [("integer", rng.integers(0, 5, 100).astype(float)), ("fractional", rng.uniform(0, 2, 100))]:
        db.execute("DROP TABLE IF EXISTS t")
        table(db, "t", ["x", "w"], np.column_stack([x, w]))
        ref = StandardScaler().fit(x.reshape(-1, 1), sample_weight=w)
        got = col(db, "SELECT norm_z(x, (SELECT norm_fit(x, w) FROM t)) FROM t ORDER BY id")
        check(f"StandardScaler(sample_weight {kind}) = norm_fit(x, w)", got, ref.transform(x.reshape(-1, 1)))
        (m, v), = db.execute("SELECT norm_mean(s), norm_var(s) FROM (SELECT norm_fit(x, w) AS s FROM t)")
        check(f"StandardScaler(sample_weight {kind}) mean_, var_", [m, v], [ref.mean_[0], ref.var_[0]])


def partial_fit():
    db = connect()
    batches = [X[:50], X[50:130], X[130:]]
    ref = StandardScaler()
    db.execute("CREATE TABLE scaler(feature TEXT PRIMARY KEY, s BLOB)")
    for k, batch in enumerate(batches):
        ref.partial_fit(batch)
        table(db, f"batch{k}", COLS, batch)
        if k == 0:
            db.execute("INSERT INTO scaler " + " UNION ALL ".join(f"SELECT '{c}', norm_fit({c}) FROM batch0" for c in COLS))
        else:
            for c in COLS:
                db.execute(f"UPDATE scaler SET s = (SELECT norm_merge(t.s) FROM (SELECT scaler.s AS s UNION ALL "
                           f"SELECT norm_fit({c}) FROM batch{k}) AS t) WHERE feature = '{c}'")
    table(db, "incoming", COLS, X_new)
    check("StandardScaler.partial_fit = norm_merge", apply(db, "norm_z({x}, s)"), ref.transform(X_new))
    stats = "norm_count(s), norm_mean(s), norm_var(s), norm_var(s, 1), norm_min(s), norm_max(s)"
    whole = [db.execute(f"SELECT {stats} FROM (SELECT norm_fit({c}) AS s FROM (SELECT {c} FROM batch0 UNION ALL "
                        f"SELECT {c} FROM batch1 UNION ALL SELECT {c} FROM batch2))").fetchone() for c in COLS]
    merged = [db.execute(f"SELECT {stats} FROM scaler WHERE feature = ?", (c,)).fetchone() for c in COLS]
    print("ok partial_fit state: the statistics of one fit of all batches" if whole == merged else
          f"FAIL partial_fit state: {merged} differ from one fit of all batches {whole}")


def minmax_scaler():
    db = connect()
    table(db, "train", COLS, X)
    table(db, "incoming", COLS, X_new)
    fitted(db)
    for rng_, clip in [((0, 1), False), ((-1, 2), False), ((-1, 2), True)]:
        ref = MinMaxScaler(feature_range=rng_, clip=clip).fit(X)
        expr = f"norm_minmax({{x}}, s, {rng_[0]}, {rng_[1]}, {int(clip)})"
        check(f"MinMaxScaler(feature_range={rng_}, clip={clip})", apply(db, expr), ref.transform(X_new), rtol=1e-12,
              atol=1e-12)
    ref = MinMaxScaler(feature_range=(-1, 2)).fit(X)
    Z = ref.transform(X_new)
    table(db, "zs", COLS, Z)
    check("MinMaxScaler.inverse_transform", apply(db, "norm_invert({x}, s, 'minmax', -1, 2)", "zs"),
          ref.inverse_transform(Z), rtol=1e-12)
    check("MinMaxScaler.data_min_, data_max_", [apply(db, "norm_min(s)")[0], apply(db, "norm_max(s)")[0]],
          [ref.data_min_, ref.data_max_], rtol=0, atol=0)
    Xc = np.column_stack([np.full(10, 3.0), np.arange(10.0), np.arange(10.0) ** 2])
    db2 = connect()
    table(db2, "train", COLS, Xc)
    fitted(db2)
    check("MinMaxScaler: constant feature", apply(db2, "norm_minmax({x}, s)", "train"),
          MinMaxScaler().fit_transform(Xc))


def maxabs_scaler():
    db = connect()
    table(db, "train", COLS, X)
    table(db, "incoming", COLS, X_new)
    fitted(db)
    ref = MaxAbsScaler().fit(X)
    check("MaxAbsScaler.transform = norm_maxabs", apply(db, "norm_maxabs({x}, s)"), ref.transform(X_new))
    check("MaxAbsScaler.max_abs_", apply(db, "max(abs(norm_min(s)), abs(norm_max(s)))")[0], ref.max_abs_, 0, 0)
    Z = ref.transform(X_new)
    table(db, "zs", COLS, Z)
    check("MaxAbsScaler.inverse_transform", apply(db, "norm_invert({x}, s, 'maxabs')", "zs"), ref.inverse_transform(Z))


def normalizer():
    db = connect()
    table(db, "train", COLS, X_new)
    got_max = np.array(db.execute("SELECT norm_maxabs(a, r), norm_maxabs(b, r), norm_maxabs(c, r) FROM "
                                  "(SELECT *, row_fit(a, b, c) AS r FROM train) ORDER BY id").fetchall())
    check("Normalizer(norm='max') = norm_maxabs(x, row_fit(...))", got_max, Normalizer(norm="max").fit_transform(X_new))
    got_l2 = np.array(db.execute("SELECT a / sqrt(a*a + b*b + c*c), b / sqrt(a*a + b*b + c*c), "
                                 "c / sqrt(a*a + b*b + c*c) FROM train ORDER BY id").fetchall())
    check("Normalizer(norm='l2') in plain SQL", got_l2, Normalizer(norm="l2").fit_transform(X_new), rtol=1e-12)


def keras():
    eps = 1e-7

    def keras_forward(x, mean, var):
        return (x - mean) / np.maximum(np.sqrt(var), eps)

    def keras_invert(y, mean, var):
        return mean + y * np.maximum(np.sqrt(var), eps)

    db = connect()
    Xk = X.copy()
    Xk[:, 2] = 2.5  # a constant feature: Keras divides by epsilon
    Xk[:7, 2] += 1e-9  # and one with a std below epsilon
    table(db, "train", COLS, Xk)
    table(db, "incoming", COLS, X_new)
    fitted(db)
    mean, var = Xk.mean(axis=0), Xk.var(axis=0)
    check("Keras Normalization(axis=-1) = norm_z(x, s, 1e-7)", apply(db, "norm_z({x}, s, 1e-7)"),
          keras_forward(X_new, mean, var), rtol=1e-9, atol=1e-9)
    check("Keras Normalization(invert=True) = norm_invert(y, s, 'z', 1e-7)",
          apply(db, "norm_invert({x}, s, 'z', 1e-7)"), keras_invert(X_new, mean, var), rtol=1e-12)
    got = col(db, "SELECT norm_z(a, norm_state('{\"mean\": 3.0, \"variance\": 4.0}'), 1e-7) FROM incoming ORDER BY id")
    check("Keras Normalization(mean=3, variance=4) = norm_state", got, keras_forward(X_new[:, 0], 3.0, 4.0))
    (s,), = db.execute("SELECT norm_merge(s) FROM scaler")
    got = col(db, "SELECT norm_z(b, ?, 1e-7) FROM incoming ORDER BY id", s)
    check("Keras Normalization(axis=None) = norm_merge of the features", got,
          keras_forward(X_new[:, 1], Xk.mean(), Xk.var()), rtol=1e-9, atol=1e-9)
    x = X[:, :1]  # shape (N, 1)
    per_value = keras_forward(x, x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True))  # axis=0 keeps N
    got = col(db, "SELECT norm_z(a, row_fit(a), 1e-7) FROM train ORDER BY id")
    check("Keras axis=0 on (N, 1) = row_fit(x): all zeros", got, per_value.ravel(), 0, 0)


for test in [standard_scaler, standard_scaler_edge_cases, sample_weight, partial_fit, minmax_scaler, maxabs_scaler,
             normalizer, keras]:
    test()

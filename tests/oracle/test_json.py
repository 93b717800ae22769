#!/usr/bin/python3
"""norm_json / norm_state.

- norm_json output is strict JSON with the fields of docs/functions.md
  (kind, count, mean, var, std, min, max, exact{count, mean, m2} as
  double-double pairs) and its values equal the accessors.
- norm_state(norm_json(s)) == s byte for byte, for many random states.
- Known statistics alone, like Keras's mean= / variance=:
  norm_state('{"mean":3,"var":4}') then norm_z(5, that) = 1.0;
  {"min":0,"max":10} works with norm_minmax, norm_mean gives NULL;
  with "count" such states merge with fitted ones.
"""

import json
import math
import os
import random
import sqlite3
import sys
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
from oracle import Report, exact_stats, lre  # noqa: E402


def strict_json(text):
    def reject(c):
        raise ValueError(f"non-standard constant {c}")
    return json.loads(text, parse_constant=reject)


def random_states(con, n=400):
    """(label, blob) for many random states: norm_fit, weighted, row_fit, merges."""
    rng = np.random.default_rng(31)
    rnd = random.Random(31)
    out = []
    for k in range(n):
        kind = k % 6
        if kind == 5:  # known statistics alone (Keras mean=/variance=), random subsets
            form = k // 6 % 4
            mean = float(rng.normal(0, 1e3))
            var = float(rng.exponential(10.0))
            lo = float(rng.normal(0, 100))
            hi = lo + float(rng.exponential(50.0))
            cnt = int(rng.integers(1, 1000))
            obj = [{"mean": mean, "var": var}, {"mean": mean, "std": math.sqrt(var)},
                   {"min": lo, "max": hi}, {"mean": mean, "var": var, "count": cnt}][form]
            b = con.execute("SELECT norm_state(?)", (json.dumps(obj),)).fetchone()[0]
            out.append((f"stats-only/{sorted(obj)}", b))
            continue
        size = int(rng.integers(1, 60))
        off = float(rng.choice([0.0, 1.0, -3.5, 1e8, 1e12, -1e15, 1e-9]))
        xs = [off + float(v) for v in rng.normal(0, float(rng.choice([1e-3, 1.0, 1e4])), size)]
        if kind == 0:
            oracle.load_table(con, "t", "x REAL", [(x,) for x in xs])
            b = con.execute("SELECT norm_fit(x) FROM t").fetchone()[0]
        elif kind == 1:
            # weights include extreme ones (subnormal, huge): the JSON text of
            # such counts must still give back the same bytes
            wset = [0.0, 0.5, 1.0, 3.0, 0.1] if k % 4 else [1e-310, 5e-324, 1e300, 2.5e-300]
            ws = [float(rng.choice(wset)) for _ in xs]
            ws[0] = wset[1]
            oracle.load_table(con, "t", "x REAL, w REAL", list(zip(xs, ws)))
            b = con.execute("SELECT norm_fit(x, w) FROM t").fetchone()[0]
        elif kind == 2:
            b = con.execute(oracle.row_fit_sql(len(xs)), xs).fetchone()[0]
        elif kind == 3:
            oracle.load_table(con, "t", "x REAL, p INTEGER", [(x, rnd.randrange(4)) for x in xs])
            b = con.execute("SELECT norm_merge(s) FROM (SELECT norm_fit(x) AS s FROM t "
                            "GROUP BY p)").fetchone()[0]
        elif k % 3:
            b = con.execute("SELECT row_fit(?)", (xs[0],)).fetchone()[0]
        else:  # subnormal and tiny values
            tiny = [float(v) * 1e-318 for v in rng.integers(-50, 50, 5)] + [2.5e-300, -7e-310]
            b = con.execute(oracle.row_fit_sql(len(tiny)), tiny).fetchone()[0]
        out.append((f"kind{kind}/n{size}/off{off:g}", b))
    return out


FIELDS = ("kind", "count", "mean", "var", "std", "min", "max", "exact")


def main():
    rep = Report("json.")
    con = oracle.connect_or_die(rep)

    # ---- the documented example: a state fitted on 1, 2, 3
    with rep.section("example"):
        s = con.execute("SELECT norm_fit(x) FROM (SELECT 1 AS x UNION ALL SELECT 2 "
                        "UNION ALL SELECT 3)").fetchone()[0]
        j = strict_json(con.execute("SELECT norm_json(?)", (s,)).fetchone()[0])
        rep.check("example.fields", set(FIELDS) <= set(j), f"fields {sorted(j)}")
        rep.check("example.kind", j.get("kind") == "moments", f"kind {j.get('kind')!r}")
        want = {"count": 3, "mean": 2.0, "var": 2 / 3, "std": math.sqrt(2 / 3), "min": 1.0,
                "max": 3.0}
        for k, v in want.items():
            rep.check(f"example.{k}", j.get(k) == v, f"{k} = {j.get(k)!r}, expected {v!r}")
        ex = j.get("exact", {})
        rep.check("example.exact", ex.get("count") == [3.0, 0.0] and ex.get("mean") == [2.0, 0.0]
                  and ex.get("m2") == [2.0, 0.0], f"exact {ex!r}")

    # ---- random states: fields, agreement with accessors, byte-for-byte round trip
    with rep.section("random"):
        states = random_states(con)
        bad_fields, bad_vals, bad_rt, bad_exact, bad_json2 = [], [], [], [], []
        for label, s in states:
            txt = con.execute("SELECT norm_json(?)", (s,)).fetchone()[0]
            try:
                j = strict_json(txt)
            except Exception as e:  # noqa: BLE001
                bad_fields.append(f"{label}: not JSON ({e}): {txt[:200]!r}")
                continue
            stats_only = label.startswith("stats-only")
            if not stats_only and not set(FIELDS) <= set(j):
                bad_fields.append(f"{label}: fields {sorted(j)}")
                continue
            st = oracle.stats_of_state(con, s)
            pairs = (("count", "count"), ("mean", "mean"), ("var", "var0"), ("std", "std0"),
                     ("min", "min"), ("max", "max"))
            for jk, sk in pairs:
                # a statistic missing from the JSON must be NULL from its accessor
                if j.get(jk) != st[sk]:
                    bad_vals.append(f"{label}: json {jk}={j.get(jk)!r} vs accessor {st[sk]!r}")
                    break
            if stats_only:
                back = con.execute("SELECT norm_state(?)", (txt,)).fetchone()[0]
                if back != s:
                    bad_rt.append(f"{label}: {s.hex()} -> {txt} -> "
                                  f"{back.hex() if isinstance(back, bytes) else back!r}")
                continue
            # exact: double-double pairs consistent with the rounded values
            try:
                ec, em, e2 = (j["exact"][k] for k in ("count", "mean", "m2"))
                cnt = Fraction(ec[0]) + Fraction(ec[1])
                m2 = Fraction(e2[0]) + Fraction(e2[1])
                ok = (len(ec) == len(em) == len(e2) == 2 and float(cnt) == float(st["count"])
                      and em[0] == st["mean"] and m2 >= 0)
                if m2 == 0:
                    ok = ok and st["var0"] == 0
                else:
                    ok = ok and lre(st["var0"], m2 / cnt) >= 14
                if not ok:
                    bad_exact.append(f"{label}: exact {j['exact']!r} vs {st!r}")
            except Exception as e:  # noqa: BLE001
                bad_exact.append(f"{label}: exact {j.get('exact')!r}: {e}")
            back = con.execute("SELECT norm_state(?)", (txt,)).fetchone()[0]
            if back != s:
                bad_rt.append(f"{label}: {s.hex()} -> {txt} -> "
                              f"{back.hex() if isinstance(back, bytes) else back!r}")
            elif con.execute("SELECT norm_json(norm_state(?))", (txt,)).fetchone()[0] != txt:
                bad_json2.append(f"{label}: json not stable")
        n = len(states)
        rep.check("random.json-fields", not bad_fields, "; ".join(bad_fields[:3]), note=f"{n} states")
        rep.check("random.json-equals-accessors", not bad_vals, "; ".join(bad_vals[:3]))
        rep.check("random.exact-consistent", not bad_exact, "; ".join(bad_exact[:3]))
        rep.check("random.state(json(s))==s bytes", not bad_rt,
                  f"{len(bad_rt)} of {n}: " + "; ".join(bad_rt[:2]))
        rep.check("random.json(state(json(s)))==json(s)", not bad_json2, "; ".join(bad_json2[:3]))

    # ---- known statistics, like Keras Normalization(mean=3, variance=4)
    with rep.section("keras"):
        s = con.execute("SELECT norm_state('{\"mean\":3,\"var\":4}')").fetchone()[0]
        rep.check("keras.state-is-blob", isinstance(s, bytes), f"got {s!r}")
        z = con.execute("SELECT norm_z(5, ?)", (s,)).fetchone()[0]
        rep.check("keras.mean3-var4-z(5)=1", z == 1.0, f"got {z!r}")
        r = con.execute("SELECT norm_mean(?), norm_var(?), norm_std(?)", (s, s, s)).fetchone()
        rep.check("keras.accessors", r == (3.0, 4.0, 2.0), f"got {r!r}")
        y = con.execute("SELECT norm_invert(1.0, ?)", (s,)).fetchone()[0]
        rep.check("keras.invert", y == 5.0, f"got {y!r}")
        s2 = con.execute("SELECT norm_state('{\"mean\":3,\"std\":2}')").fetchone()[0]
        z = con.execute("SELECT norm_z(5, ?), norm_z(5, ?, 1e-7)", (s2, s2)).fetchone()
        rep.check("keras.mean3-std2", z == (1.0, 1.0), f"got {z!r}")
        # Keras: (x - mean) / max(sqrt(var), eps); var 0 with eps 1e-7
        s3 = con.execute("SELECT norm_state('{\"mean\":3,\"var\":0}')").fetchone()[0]
        z = con.execute("SELECT norm_z(3.5, ?, 1e-7)", (s3,)).fetchone()[0]
        rep.check("keras.var0-eps", z is not None and abs(z - 0.5 / 1e-7) <= 1e-8 * 0.5 / 1e-7,
                  f"got {z!r}, expected {0.5 / 1e-7!r}")
        # round trip of a statistics-only state
        txt = con.execute("SELECT norm_json(?)", (s,)).fetchone()[0]
        try:
            j = strict_json(txt)
            rep.check("keras.json", j.get("mean") == 3 and j.get("var") == 4, f"{txt}")
        except Exception as e:  # noqa: BLE001
            rep.fail("keras.json", f"{txt!r}: {e}")
        back = con.execute("SELECT norm_state(norm_json(?))", (s,)).fetchone()[0]
        rep.check("keras.roundtrip-bytes", back == s,
                  f"{s.hex()} -> {txt} -> {back.hex() if isinstance(back, bytes) else back!r}")

    # ---- min/max only
    with rep.section("minmax-only"):
        s = con.execute("SELECT norm_state('{\"min\":0,\"max\":10}')").fetchone()[0]
        r = con.execute("SELECT norm_minmax(5, ?), norm_minmax(12, ?, 0, 1, 1), "
                        "norm_minmax(2.5, ?, -1, 1)", (s, s, s)).fetchone()
        rep.check("minmax-only.norm_minmax", r == (0.5, 1.0, -0.5), f"got {r!r}")
        r = con.execute("SELECT norm_mean(?), norm_var(?), norm_std(?)", (s, s, s)).fetchone()
        rep.check("minmax-only.no-mean", r == (None, None, None), f"got {r!r}")
        r = con.execute("SELECT norm_min(?), norm_max(?), norm_maxabs(-5, ?)", (s, s, s)).fetchone()
        rep.check("minmax-only.min-max-maxabs", r == (0.0, 10.0, -0.5), f"got {r!r}")
        y = con.execute("SELECT norm_invert(0.25, ?, 'minmax')", (s,)).fetchone()[0]
        rep.check("minmax-only.invert", y == 2.5, f"got {y!r}")
        # Assumption: docs say "count" may be given with a mean and variance;
        # with min/max alone it is either refused (an error naming norm_state)
        # or kept (then norm_count reports it).
        try:
            s = con.execute("SELECT norm_state('{\"min\":0,\"max\":10,\"count\":5}')"
                            ).fetchone()[0]
            r = con.execute("SELECT norm_count(?), norm_minmax(5, ?), norm_mean(?)",
                            (s, s, s)).fetchone()
            rep.check("minmax-only.with-count", r == (5, 0.5, None), f"accepted, but got {r!r}")
        except sqlite3.OperationalError as e:
            rep.check("minmax-only.with-count", oracle.error_names(str(e), "norm_state"),
                      f"error does not name norm_state: {e}")

    # ---- statistics with a count merge with fitted states (Keras/sklearn
    # combine batches by count-weighted means and variances)
    with rep.section("merge-with-count"):
        rng = np.random.default_rng(32)
        A = [float(v) for v in rng.normal(10, 2, 300)]
        B = [float(v) for v in rng.normal(-4, 5, 200)]
        a = exact_stats(A)
        jtxt = json.dumps({"mean": float(a["mean"]), "var": float(a["var0"]), "count": 300})
        sa = con.execute("SELECT norm_state(?)", (jtxt,)).fetchone()[0]
        oracle.load_table(con, "tb", "x REAL", [(x,) for x in B])
        m = con.execute("SELECT norm_merge(s) FROM (SELECT ? AS s UNION ALL "
                        "SELECT norm_fit(x) FROM tb)", (sa,)).fetchone()[0]
        st = oracle.stats_of_state(con, m)
        ex = exact_stats(A + B)
        # the JSON state holds rounded mean/var, so agreement is to ~1e-13 only
        rep.check("merge-with-count.count", st["count"] == 500, f"{st}")
        rep.close("merge-with-count.mean", st["mean"], float(ex["mean"]), rtol=1e-13)
        rep.close("merge-with-count.var", st["var0"], float(ex["var0"]), rtol=1e-13)
        # numpy cross-check of the same combination
        rep.close("merge-with-count.var-vs-numpy", st["var0"], float(np.var(A + B)), rtol=1e-12)

    rep.finish()


if __name__ == "__main__":
    main()

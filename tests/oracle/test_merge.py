#!/usr/bin/python3
"""norm_merge: states fitted on parts of a data set, merged, must describe
the whole data set.

mean and var (ddof 0 and 1) must reach LRE >= 14 against exact Fraction
arithmetic on the whole data AND agree with the whole fit to LRE >= 14;
count, min and max must be exact.  Parts: random partitions (including
1-row parts), parts with very different offsets (1e12, -1e12, 0), parts kept
in a table and merged through a subquery, parts in an ATTACHed database file,
GROUP BY merges, NULL states skipped.
"""

import os
import random
import sys
import tempfile
from fractions import Fraction

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
from oracle import Report, exact_stats, lre  # noqa: E402

MIN_LRE = 14.0


def check_merged(rep, con, label, merged, xs, ws=None, whole=None):
    """merged state vs exact stats of xs and vs the whole fit `whole`."""
    got = oracle.stats_of_state(con, merged)
    ex = exact_stats(xs, ws)
    bad = []
    for k in ("mean", "var0", "var1"):
        if ex[k] is None:
            continue
        v = lre(got[k], ex[k])
        if v < MIN_LRE:
            bad.append(f"{k}: LRE {v:.2f} vs exact (got {got[k]!r}, exact {float(ex[k])!r})")
    if whole is not None:
        gw = oracle.stats_of_state(con, whole)
        for k in ("mean", "var0", "var1"):
            if gw[k] is None and got[k] is None:
                continue
            if gw[k] == 0 and got[k] == 0:
                continue
            v = lre(got[k], Fraction(gw[k])) if gw[k] is not None else 0.0
            if v < MIN_LRE:
                bad.append(f"{k}: LRE {v:.2f} vs whole fit (merged {got[k]!r}, whole {gw[k]!r})")
    if got["count"] != ex["count"]:
        bad.append(f"count {got['count']!r} != {ex['count']}")
    if got["min"] != ex["min"]:
        bad.append(f"min {got['min']!r} != {ex['min']!r}")
    if got["max"] != ex["max"]:
        bad.append(f"max {got['max']!r} != {ex['max']!r}")
    rep.check(label, not bad, "; ".join(bad))


def random_partition(rng, n, max_parts):
    """Random part label per row; parts of very different sizes, including
    1-row parts."""
    k = rng.randint(2, max_parts)
    labels = [rng.randrange(k) for _ in range(n)]
    # force a few 1-row parts
    for j in range(3):
        if n > 10:
            labels[rng.randrange(n)] = k + j
    return labels


def main():
    rep = Report("merge.")
    con = oracle.connect_or_die(rep)
    nrng = np.random.default_rng(99)
    prng = random.Random(1234)

    datasets = {
        "normal": list(nrng.normal(5, 2, 3000)),
        "1e9+noise": list(1e9 + nrng.normal(0, 1, 3000)),
        "NumAcc4": [10000000.2] + [10000000.1, 10000000.3] * 500,
        "cauchy": list(nrng.standard_cauchy(2000)),
        "1e15+k/8": [1e15 + 0.125 * int(k) for k in nrng.integers(0, 64, 2000)],
    }

    # ---- random partitions, merged through a subquery (both contiguous and
    # scattered parts), in random merge order
    for name, xs in datasets.items():
        with rep.section(f"partition.{name}"):
            oracle.load_table(con, "t", "i INTEGER PRIMARY KEY, x REAL", list(enumerate(xs)))
            whole = con.execute("SELECT norm_fit(x) FROM t").fetchone()[0]
            for trial in range(4):
                if trial % 2 == 0:  # scattered labels
                    labels = random_partition(prng, len(xs), 40)
                else:  # contiguous runs with random cut points incl. 1-row runs
                    cuts = sorted(set(prng.sample(range(1, len(xs)), 30) + [5, 6, 7]))
                    labels, part = [], 0
                    for i in range(len(xs)):
                        if cuts and i == cuts[0]:
                            part += 1
                            cuts.pop(0)
                        labels.append(part)
                con.execute("DROP TABLE IF EXISTS lab")
                con.execute("CREATE TABLE lab(i INTEGER PRIMARY KEY, p INTEGER)")
                con.executemany("INSERT INTO lab VALUES (?,?)", list(enumerate(labels)))
                merged = con.execute(
                    "SELECT norm_merge(s) FROM (SELECT norm_fit(x) AS s FROM t JOIN lab USING (i) "
                    "GROUP BY p ORDER BY random())").fetchone()[0]
                check_merged(rep, con, f"partition.{name}.trial{trial}", merged, xs, whole=whole)

    # ---- every row its own part (1-row states), NumAcc3
    with rep.section("one-row-parts.NumAcc3"):
        xs = [1000000.2] + [1000000.1, 1000000.3] * 500
        oracle.load_table(con, "t", "i INTEGER PRIMARY KEY, x REAL", list(enumerate(xs)))
        merged = con.execute("SELECT norm_merge(s) FROM (SELECT norm_fit(x) AS s FROM t "
                             "GROUP BY i)").fetchone()[0]
        whole = con.execute("SELECT norm_fit(x) FROM t").fetchone()[0]
        check_merged(rep, con, "one-row-parts.NumAcc3", merged, xs, whole=whole)
        merged = con.execute("SELECT norm_merge(row_fit(x)) FROM t").fetchone()[0]
        check_merged(rep, con, "one-row-parts.NumAcc3.row_fit", merged, xs, whole=whole)

    # ---- parts with very different offsets, stored in a table
    with rep.section("offsets"):
        A = list(1e12 + nrng.normal(0, 1, 700))
        B = list(-1e12 + nrng.normal(0, 1, 900))
        C = list(nrng.normal(0, 1, 1))
        D = list(nrng.normal(3, 1e-3, 400))
        rows = [("A", x) for x in A] + [("B", x) for x in B] + [("C", x) for x in C] \
            + [("D", x) for x in D]
        oracle.load_table(con, "t", "part TEXT, x REAL", rows)
        con.execute("DROP TABLE IF EXISTS parts")
        con.execute("CREATE TABLE parts AS SELECT part, norm_fit(x) AS s FROM t GROUP BY part")
        whole = con.execute("SELECT norm_fit(x) FROM t").fetchone()[0]
        allx = A + B + C + D
        for order in ("part", "part DESC", "random()"):
            merged = con.execute(f"SELECT norm_merge(s) FROM (SELECT s FROM parts "
                                 f"ORDER BY {order})").fetchone()[0]
            check_merged(rep, con, f"offsets.table.order[{order}]", merged, allx, whole=whole)
        # only A and B: mean ~ 0 from huge cancelling offsets
        merged = con.execute("SELECT norm_merge(s) FROM parts WHERE part IN ('A','B')").fetchone()[0]
        check_merged(rep, con, "offsets.A+B", merged, A + B)
        # A with C: a 1-row part far from the rest
        merged = con.execute("SELECT norm_merge(s) FROM parts WHERE part IN ('A','C')").fetchone()[0]
        check_merged(rep, con, "offsets.A+C", merged, A + C)
        # incremental: merging step by step (state of state)
        s = None
        for p in ("D", "A", "C", "B"):
            s = con.execute("SELECT norm_merge(s) FROM (SELECT ? AS s UNION ALL "
                            "SELECT s FROM parts WHERE part = ?)", (s, p)).fetchone()[0]
        check_merged(rep, con, "offsets.incremental", s, allx, whole=whole)
        # merging a single state reproduces its statistics exactly
        one = con.execute("SELECT s FROM parts WHERE part='A'").fetchone()[0]
        m1 = con.execute("SELECT norm_merge(s) FROM (SELECT ? AS s)", (one,)).fetchone()[0]
        rep.check("offsets.single-state-identity",
                  oracle.stats_of_state(con, m1) == oracle.stats_of_state(con, one),
                  f"{oracle.stats_of_state(con, m1)} != {oracle.stats_of_state(con, one)}")

    # ---- weighted parts
    with rep.section("weighted"):
        xs = list(1e6 + nrng.normal(0, 3, 2000))
        ws = [float(w) for w in nrng.choice([0.0, 0.5, 1.0, 2.0, 3.25], 2000)]
        parts = [prng.randrange(7) for _ in xs]
        oracle.load_table(con, "tw", "p INTEGER, x REAL, w REAL", list(zip(parts, xs, ws)))
        whole = con.execute("SELECT norm_fit(x, w) FROM tw").fetchone()[0]
        merged = con.execute("SELECT norm_merge(s) FROM (SELECT norm_fit(x, w) AS s FROM tw "
                             "GROUP BY p)").fetchone()[0]
        check_merged(rep, con, "weighted.parts", merged, xs, ws, whole=whole)

    # ---- ATTACHed database file holding part of the states
    with rep.section("attach"):
        with tempfile.TemporaryDirectory() as tmp:
            xs = list(1e9 + nrng.normal(0, 1, 3000))
            first, second = xs[:1234], xs[1234:]
            other_path = os.path.join(tmp, "other.db")
            main_path = os.path.join(tmp, "main.db")
            c2 = oracle.connect(other_path)
            oracle.load_table(c2, "t", "x REAL", [(x,) for x in second])
            c2.execute("CREATE TABLE parts AS SELECT rowid % 5 AS p, norm_fit(x) AS s "
                       "FROM t GROUP BY rowid % 5")
            c2.commit()
            c2.close()
            c1 = oracle.connect(main_path)
            oracle.load_table(c1, "t", "x REAL", [(x,) for x in first])
            c1.execute("CREATE TABLE parts AS SELECT norm_fit(x) AS s FROM t")
            c1.commit()
            c1.execute("ATTACH DATABASE ? AS other", (other_path,))
            merged = c1.execute("SELECT norm_merge(s) FROM (SELECT s FROM main.parts "
                                "UNION ALL SELECT s FROM other.parts)").fetchone()[0]
            check_merged(rep, c1, "attach.main+other", merged, xs)
            merged = c1.execute("SELECT norm_merge(s) FROM other.parts").fetchone()[0]
            check_merged(rep, c1, "attach.other-only", merged, second)
            c1.execute("DETACH DATABASE other")
            c1.close()

    # ---- GROUP BY merge: per-group states from parts == per-group whole fits
    with rep.section("groupby"):
        n = 4000
        g = [prng.randrange(6) for _ in range(n)]
        offs = [0.0, 1e12, -1e12, 1e8, 1e-6, 42.0]
        xs = [offs[gi] + float(v) for gi, v in zip(g, nrng.normal(0, 1, n))]
        p = [prng.randrange(9) for _ in range(n)]
        oracle.load_table(con, "t", "g INTEGER, p INTEGER, x REAL", list(zip(g, p, xs)))
        con.execute("DROP TABLE IF EXISTS parts")
        con.execute("CREATE TABLE parts AS SELECT g, p, norm_fit(x) AS s FROM t GROUP BY g, p")
        rows = con.execute("SELECT g, norm_merge(s) FROM parts GROUP BY g ORDER BY g").fetchall()
        wholes = dict(con.execute("SELECT g, norm_fit(x) FROM t GROUP BY g").fetchall())
        rep.check("groupby.groups", [r[0] for r in rows] == sorted(set(g)), f"groups {rows!r}")
        for gi, s in rows:
            check_merged(rep, con, f"groupby.g{gi}", s, [x for x, gg in zip(xs, g) if gg == gi],
                         whole=wholes[gi])

    # ---- NULL states are skipped; no state left gives NULL
    with rep.section("nulls"):
        xs = list(nrng.normal(0, 1, 50))
        oracle.load_table(con, "t", "x REAL", [(x,) for x in xs])
        s = con.execute("SELECT norm_fit(x) FROM t").fetchone()[0]
        merged = con.execute("SELECT norm_merge(s) FROM (SELECT NULL AS s UNION ALL SELECT ? "
                             "UNION ALL SELECT NULL)", (s,)).fetchone()[0]
        check_merged(rep, con, "nulls.skipped", merged, xs, whole=s)
        r = con.execute("SELECT norm_merge(s) FROM (SELECT NULL AS s UNION ALL SELECT NULL)"
                        ).fetchone()[0]
        rep.check("nulls.all-null-gives-null", r is None, f"got {r!r}")
        r = con.execute("SELECT norm_merge(s) FROM (SELECT 1 AS s) WHERE 0").fetchone()[0]
        rep.check("nulls.no-rows-gives-null", r is None, f"got {r!r}")
        # state of an all-NULL group is NULL and is skipped by the merge
        oracle.load_table(con, "t2", "g INTEGER, x REAL",
                          [(0, x) for x in xs] + [(1, None), (1, None)])
        merged = con.execute("SELECT norm_merge(s) FROM (SELECT norm_fit(x) AS s FROM t2 "
                             "GROUP BY g)").fetchone()[0]
        check_merged(rep, con, "nulls.all-null-group", merged, xs, whole=s)

    rep.finish()


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Errors, NULLs and malformed states.

Every bad input must raise sqlite3.OperationalError whose message starts with
the function's name.  Malformed state blobs must be rejected (or, for
mutations that happen to stay well-formed, decode to a valid state) and must
never crash the process: the blob checks run in a child process, so that a
crash is reported as a FAIL with the blob that caused it.

Usage: test_errors.py                 all checks
       test_errors.py --child SEED    (internal) the malformed-state checks
       test_errors.py --one FN HEX    (internal) one call, to name a crasher
"""

import json
import math
import os
import random
import sqlite3
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402
from oracle import Report, error_names, is_finite_number  # noqa: E402

FUZZ_BLOBS = 10000

# (function name, SQL taking the blob as ?); every state-reading function
STATE_CALLS = [
    ("norm_z", "SELECT norm_z(1.5, ?)"),
    ("norm_minmax", "SELECT norm_minmax(1.5, ?)"),
    ("norm_maxabs", "SELECT norm_maxabs(1.5, ?)"),
    ("norm_invert", "SELECT norm_invert(0.5, ?)"),
    ("norm_count", "SELECT norm_count(?)"),
    ("norm_mean", "SELECT norm_mean(?)"),
    ("norm_var", "SELECT norm_var(?)"),
    ("norm_std", "SELECT norm_std(?)"),
    ("norm_min", "SELECT norm_min(?)"),
    ("norm_max", "SELECT norm_max(?)"),
    ("norm_json", "SELECT norm_json(?)"),
    ("norm_merge", "SELECT norm_merge(s) FROM (SELECT ? AS s)"),
]
# Functions that must agree on whether a blob is a valid state.  norm_merge and
# the transforms are left out: they may legitimately refuse a valid state that
# lacks what they need (e.g. a state without a count, or without a mean).
ACCESSORS = ("norm_count", "norm_mean", "norm_var", "norm_std", "norm_min", "norm_max",
             "norm_json")


# ---------------------------------------------------------------- simple errors

def simple_errors(rep, con):
    s = con.execute("SELECT row_fit(1.0, 2.0, 3.0)").fetchone()[0]
    oracle.load_table(con, "bad", "i INTEGER PRIMARY KEY, x", [(0, 1.0), (1, "abc"), (2, 3.0)])
    E = rep.expect_error
    # non-numeric text
    E("text.norm_fit", con, "SELECT norm_fit('abc')", (), "norm_fit", "not a number")
    E("text.norm_fit-column", con, "SELECT norm_fit(x) FROM bad", (), "norm_fit", "not a number")
    E("text.norm_fit-window", con, "SELECT norm_fit(x) OVER (ORDER BY i ROWS 1 PRECEDING) FROM bad",
      (), "norm_fit", "not a number")
    E("text.norm_fit-weight", con, "SELECT norm_fit(1.0, 'abc')", (), "norm_fit", "not a number")
    E("text.row_fit", con, "SELECT row_fit(1.0, 'abc')", (), "row_fit", "not a number")
    E("text.norm_z", con, "SELECT norm_z('abc', ?)", (s,), "norm_z", "not a number")
    E("text.norm_z-eps", con, "SELECT norm_z(1.0, ?, 'abc')", (s,), "norm_z", "not a number")
    E("text.norm_minmax", con, "SELECT norm_minmax('abc', ?)", (s,), "norm_minmax", "not a number")
    E("text.norm_minmax-lo", con, "SELECT norm_minmax(1.0, ?, 'x', 1)", (s,), "norm_minmax",
      "not a number")
    E("text.norm_maxabs", con, "SELECT norm_maxabs('abc', ?)", (s,), "norm_maxabs", "not a number")
    E("text.norm_invert", con, "SELECT norm_invert('abc', ?)", (s,), "norm_invert", "not a number")
    E("text.norm_var-ddof", con, "SELECT norm_var(?, 'abc')", (s,), "norm_var", "not a number")
    # Text that is not a well-formed decimal: not a number (assumption: 'inf',
    # 'nan', hex, '1,5', '' and '3 4' are all rejected, since the docs accept
    # only sign, digits, fraction, exponent and surrounding spaces).
    for t in ("inf", "nan", "Infinity", "0x10", "1,5", "", "3 4", "1e", "--1", "1.2.3"):
        E(f"text.norm_fit[{t!r}]", con, "SELECT norm_fit(?)", (t,), "norm_fit", "not a number")
    # BLOB where a number is expected
    E("blob.norm_fit", con, "SELECT norm_fit(x'00ff')", (), "norm_fit")
    E("blob.norm_fit-weight", con, "SELECT norm_fit(1.0, x'01')", (), "norm_fit")
    E("blob.row_fit", con, "SELECT row_fit(1.0, x'0102')", (), "row_fit")
    E("blob.norm_z", con, "SELECT norm_z(x'01', ?)", (s,), "norm_z")
    E("blob.norm_minmax-hi", con, "SELECT norm_minmax(1.0, ?, 0, x'01')", (s,), "norm_minmax")
    E("blob.norm_invert", con, "SELECT norm_invert(x'01', ?)", (s,), "norm_invert")
    # infinity (9e999 is +inf in SQL)
    E("inf.norm_fit", con, "SELECT norm_fit(9e999)", (), "norm_fit")
    E("inf.norm_fit-neg", con, "SELECT norm_fit(-9e999)", (), "norm_fit")
    E("inf.norm_fit-weight", con, "SELECT norm_fit(1.0, 9e999)", (), "norm_fit")
    E("inf.norm_fit-text-1e999", con, "SELECT norm_fit('1e999')", (), "norm_fit")
    E("inf.row_fit", con, "SELECT row_fit(1.0, 9e999)", (), "row_fit")
    E("inf.norm_z", con, "SELECT norm_z(9e999, ?)", (s,), "norm_z")
    E("inf.norm_z-eps", con, "SELECT norm_z(1.0, ?, 9e999)", (s,), "norm_z")
    E("inf.norm_minmax", con, "SELECT norm_minmax(-9e999, ?)", (s,), "norm_minmax")
    E("inf.norm_minmax-hi", con, "SELECT norm_minmax(1.0, ?, 0, 9e999)", (s,), "norm_minmax")
    E("inf.norm_maxabs", con, "SELECT norm_maxabs(9e999, ?)", (s,), "norm_maxabs")
    E("inf.norm_invert", con, "SELECT norm_invert(9e999, ?)", (s,), "norm_invert")
    E("inf.norm_fit-window", con,
      "SELECT norm_fit(x) OVER (ORDER BY x ROWS 2 PRECEDING) FROM "
      "(SELECT 1.0 AS x UNION ALL SELECT 9e999)", (), "norm_fit")
    # negative weight
    E("weight.negative", con, "SELECT norm_fit(1.0, -1)", (), "norm_fit")
    E("weight.negative-fraction", con, "SELECT norm_fit(1.0, -0.5)", (), "norm_fit")
    E("weight.negative-window", con,
      "SELECT norm_fit(x, w) OVER (ORDER BY x ROWS 1 PRECEDING) FROM "
      "(SELECT 1.0 AS x, 1 AS w UNION ALL SELECT 2.0, -3)", (), "norm_fit")
    # bad ddof: negative, non-integer, NULL, text -> errors.  (docs/functions.md:
    # "ddof must be a whole number >= 0 (anything else is an error). When
    # count <= ddof the variance is undefined and the result is NULL, like
    # SQL's var_samp of a single row" -- and like pandas' NaN.)
    for fn in ("norm_var", "norm_std"):
        for d in (-1, 0.5, 1.5, -0.0001, None):
            E(f"ddof.{fn}({d})", con, f"SELECT {fn}(?, ?)", (s, d), fn)
    E("ddof.norm_z-negative", con, "SELECT norm_z(1.0, ?, NULL, -1)", (s,), "norm_z")
    E("ddof.norm_z-fraction", con, "SELECT norm_z(1.0, ?, 1e-7, 0.5)", (s,), "norm_z")
    E("ddof.norm_invert-negative", con, "SELECT norm_invert(1.0, ?, 'z', NULL, -2)", (s,),
      "norm_invert")
    # count <= ddof: NULL (count is 3 here)
    for fn in ("norm_var", "norm_std"):
        for d in (3, 4, 1000000):
            r = con.execute(f"SELECT {fn}(?, ?)", (s, d)).fetchone()[0]
            rep.check(f"ddof.{fn}({d})-count<=ddof-null", r is None, f"got {r!r}")
        # an absurd whole-number ddof: NULL (count <= ddof) or an error naming
        # the function are both acceptable
        try:
            r = con.execute(f"SELECT {fn}(?, 1e300)", (s,)).fetchone()[0]
            rep.check(f"ddof.{fn}(1e300)", r is None, f"got {r!r}")
        except sqlite3.OperationalError as e:
            rep.check(f"ddof.{fn}(1e300)", error_names(str(e), fn), f"message {e}")
    r = con.execute("SELECT norm_var(row_fit(5.0), 1), norm_std(row_fit(5.0), 1)").fetchone()
    rep.check("ddof.count1-ddof1-null", r == (None, None), f"got {r!r}")
    r = con.execute("SELECT norm_var(norm_fit(x, 2.5), 3) FROM (SELECT 1.0 AS x)").fetchone()[0]
    rep.check("ddof.weighted-count<=ddof-null", r is None, f"got {r!r}")
    r = con.execute("SELECT norm_z(1.0, ?, NULL, 3), norm_z(1.0, ?, 1e-7, 3), "
                    "norm_invert(1.0, ?, 'z', NULL, 3)", (s, s, s)).fetchone()
    rep.check("ddof.transforms-count<=ddof-null", r == (None, None, None), f"got {r!r}")
    # valid ddof values work: 2 < count 3; 2 < 2.5 for weights; 1.0 is a whole number
    r = con.execute("SELECT norm_var(?, 2), norm_var(?, 0), norm_var(?, 1.0), norm_var(?, '1')",
                    (s, s, s, s)).fetchone()
    rep.check("ddof.valid", r == (2.0, 2.0 / 3, 1.0, 1.0), f"got {r!r}")
    # ddof other than 0 needs a count: a norm_state state without one is an
    # error for ddof=1 (docs: "count ... is needed ... for ddof other than 0"),
    # and with a count it is m2/(count-1) = var*count/(count-1).
    E("ddof.no-count", con, "SELECT norm_var(norm_state('{\"mean\":3,\"var\":4}'), 1)",
      (), "norm_var")
    r = con.execute("SELECT norm_var(norm_state('{\"mean\":3,\"var\":4,\"count\":10}'), 1)"
                    ).fetchone()[0]
    rep.check("ddof.with-count", r is not None and abs(r - 40 / 9) <= 1e-15 * 40 / 9,
              f"got {r!r}, expected {40 / 9!r}")
    r = con.execute("SELECT norm_var(norm_fit(x, 1.25), 2) FROM (SELECT 1.0 AS x UNION ALL "
                    "SELECT 3.0)").fetchone()[0]
    rep.check("ddof.valid-weighted", r is not None and abs(r - 2.5 / 0.5) < 1e-15,
              f"got {r!r}, expected 5.0")
    # wrong kind in norm_invert
    for k in ("bogus", "zz", "", "min max"):
        E(f"invert.kind[{k!r}]", con, "SELECT norm_invert(1.0, ?, ?)", (s, k), "norm_invert")
    E("invert.kind-number", con, "SELECT norm_invert(1.0, ?, 3)", (s,), "norm_invert")
    # a state argument that is not a BLOB
    E("state.text", con, "SELECT norm_z(1.0, 'abc')", (), "norm_z")
    E("state.integer", con, "SELECT norm_mean(3)", (), "norm_mean")
    E("state.real", con, "SELECT norm_var(3.5)", (), "norm_var")
    E("state.merge-text", con, "SELECT norm_merge(s) FROM (SELECT 'abc' AS s)", (), "norm_merge")
    # invalid JSON for norm_state.  Assumptions: negative var/std/count and
    # min > max are invalid statistics; a string where a number belongs is
    # invalid.
    for j in ("not json", "{", "[1,2]", "{\"mean\":\"x\",\"var\":1}", "{\"mean\":1,\"var\":-1}",
              "{\"mean\":1,\"std\":-2}", "{\"min\":5,\"max\":1}", "{\"mean\":1,\"var\":1,\"count\":-3}",
              "3", "\"str\"", "{\"mean\":1e999,\"var\":1}", "{\"mean\":1,\"var\":1}x",
              "{\"kind\":\"moments\",\"count\":3,\"mean\":2.0,\"var\":0.5,\"exact\":{\"count\":[3]}}"):
        E(f"state.json[{j!r}]", con, "SELECT norm_state(?)", (j,), "norm_state")
    E("state.json-blob", con, "SELECT norm_state(x'7b7d')", (), "norm_state")


def null_handling(rep, con):
    s = con.execute("SELECT row_fit(1.0, 2.0, 4.0)").fetchone()[0]
    r = con.execute("SELECT norm_fit(x) FROM (SELECT NULL AS x UNION ALL SELECT NULL)").fetchone()[0]
    rep.check("null.fit-only-nulls", r is None, f"got {r!r}")
    r = con.execute("SELECT norm_fit(x) FROM (SELECT 1 AS x) WHERE 0").fetchone()[0]
    rep.check("null.fit-no-rows", r is None, f"got {r!r}")
    r = con.execute("SELECT norm_fit(x, w) FROM (SELECT 1.0 AS x, NULL AS w UNION ALL "
                    "SELECT NULL, 2)").fetchone()[0]
    rep.check("null.fit-weight-null-skipped", r is None, f"got {r!r}")
    r = con.execute("SELECT norm_fit(x, w) FROM (SELECT 1.0 AS x, 0 AS w)").fetchone()[0]
    # assumption: weight 0 rows contribute nothing, so nothing is left -> NULL
    rep.check("null.fit-only-zero-weights", r is None, f"got {r!r}")
    r = con.execute("SELECT row_fit(NULL, NULL, NULL)").fetchone()[0]
    rep.check("null.row_fit-all-null", r is None, f"got {r!r}")
    r = con.execute("SELECT norm_z(NULL, ?), norm_z(2.0, NULL), norm_minmax(NULL, ?), "
                    "norm_minmax(2.0, NULL), norm_maxabs(NULL, ?), norm_maxabs(2.0, NULL), "
                    "norm_invert(NULL, ?), norm_invert(2.0, NULL)", (s, s, s, s)).fetchone()
    rep.check("null.transforms", all(v is None for v in r), f"got {r!r}")
    r = con.execute("SELECT norm_count(NULL), norm_mean(NULL), norm_var(NULL), norm_std(NULL), "
                    "norm_min(NULL), norm_max(NULL), norm_json(NULL)").fetchone()
    rep.check("null.accessors", all(v is None for v in r), f"got {r!r}")
    r = con.execute("SELECT norm_merge(NULL)").fetchone()[0]
    rep.check("null.merge", r is None, f"got {r!r}")
    r = con.execute("SELECT norm_state(NULL)").fetchone()[0]
    rep.check("null.state", r is None, f"got {r!r}")


# ---------------------------------------------------------------- malformed states

def valid_states(con):
    """A corpus of valid states of different kinds."""
    rnd = random.Random(5)
    out = []
    out.append(con.execute("SELECT row_fit(1.0, 2.0, 3.0)").fetchone()[0])
    out.append(con.execute("SELECT row_fit(42.0)").fetchone()[0])
    out.append(con.execute("SELECT row_fit(1e15, -1e15, 3.25, 1e-300)").fetchone()[0])
    out.append(con.execute("SELECT norm_fit(x, w) FROM (SELECT 1.0 AS x, 0.5 AS w UNION ALL "
                           "SELECT 3.0, 2.25)").fetchone()[0])
    vals = [rnd.gauss(1e9, 1) for _ in range(50)]
    out.append(con.execute(oracle.row_fit_sql(50), vals).fetchone()[0])
    for j in ('{"mean":3,"var":4}', '{"mean":3,"std":2,"count":10}', '{"min":0,"max":10}',
              '{"mean":-1.5,"var":0}'):
        try:
            out.append(con.execute("SELECT norm_state(?)", (j,)).fetchone()[0])
        except sqlite3.Error:
            pass
    return [b for b in out if isinstance(b, bytes)]


def call(con, fn, sql, blob):
    """('ok', value) or ('err', message) or ('bad', description)."""
    try:
        return ("ok", con.execute(sql, (blob,)).fetchone()[0])
    except sqlite3.OperationalError as e:
        return ("err", str(e))
    except Exception as e:  # noqa: BLE001
        return ("bad", f"{type(e).__name__}: {e}")


def json_strict(text):
    def reject(c):
        raise ValueError(f"non-standard JSON constant {c}")
    return json.loads(text, parse_constant=reject)


def judge_blob(con, blob, must_reject=False):
    """Run every state-reading function on blob.  Returns a list of problems
    (empty when all is well) and whether the blob was accepted."""
    problems = []
    res = {}
    for fn, sql in STATE_CALLS:
        kind, v = call(con, fn, sql, blob)
        res[fn] = (kind, v)
        if kind == "bad":
            problems.append(f"{fn}: {v}")
        elif kind == "err" and not error_names(v, fn):
            problems.append(f"{fn}: error message does not name the function: {v!r}")
    acc = {fn: res[fn][0] == "ok" for fn in ACCESSORS}
    accepted = any(acc.values()) or res["norm_merge"][0] == "ok"
    if accepted and not all(acc.values()):
        problems.append("inconsistent validation: accepted by "
                        f"{[f for f in ACCESSORS if acc[f]]}, rejected by "
                        f"{[(f, res[f][1]) for f in ACCESSORS if not acc[f]]}")
    if must_reject and accepted:
        problems.append(f"accepted a malformed blob (norm_json: {res['norm_json'][1]!r})")
    if accepted and not must_reject:
        for fn in ("norm_count", "norm_mean", "norm_var", "norm_std", "norm_min", "norm_max"):
            kind, v = res[fn]
            # a flipped dims field can turn a scalar state into a valid vector
            # state, whose accessors return JSON arrays (one value per dimension)
            values = json.loads(v) if isinstance(v, str) and v.startswith("[") else [v]
            if kind == "ok" and v is not None and not all(x is None or is_finite_number(x) for x in values):
                problems.append(f"{fn} returned non-finite / non-number {v!r}")
        for fn in ("norm_z", "norm_minmax", "norm_maxabs", "norm_invert"):
            # transforms may overflow to +-inf on extreme (but valid) states;
            # they must still return numbers
            kind, v = res[fn]
            if kind == "ok" and v is not None and not isinstance(v, float):
                problems.append(f"{fn} returned a non-number {v!r}")
        for fn in ("norm_var", "norm_std"):
            kind, v = res[fn]
            if kind == "ok" and is_finite_number(v) and v < 0:
                problems.append(f"{fn} returned negative {v!r}")
        kind, v = res["norm_count"]
        if kind == "ok" and is_finite_number(v) and v < 0:
            problems.append(f"norm_count returned negative {v!r}")
        mn, mx = res["norm_min"][1], res["norm_max"][1]
        if is_finite_number(mn) and is_finite_number(mx) and mn > mx:
            problems.append(f"min {mn!r} > max {mx!r}")
        kind, v = res["norm_json"]
        if kind == "ok" and v is not None:
            try:
                j = json_strict(v)
            except Exception as e:  # noqa: BLE001
                problems.append(f"norm_json gave invalid JSON {v[:200]!r}: {e}")
                j = None
            if isinstance(j, dict):
                # a statistic the JSON shows must be what its accessor returns
                for key, fn in (("count", "norm_count"), ("mean", "norm_mean"),
                                ("var", "norm_var"), ("std", "norm_std"),
                                ("min", "norm_min"), ("max", "norm_max")):
                    got = res[fn]
                    if got[0] == "ok" and isinstance(got[1], str) and got[1].startswith("["):
                        got = ("ok", json.loads(got[1]))  # a vector state's accessors give arrays
                    if key in j and got != ("ok", j[key]):
                        problems.append(f"json {key}={j[key]!r} but {fn} gave {res[fn]!r}")
                # a state with mean and var/std must standardize 1.5 to a number
                # (a NaN result would show up as NULL)
                if "mean" in j and ("var" in j or "std" in j):
                    for fn in ("norm_z", "norm_invert"):
                        if res[fn] == ("ok", None):
                            problems.append(f"{fn} gave NULL (NaN?) on a state with mean and var")
                if "min" in j and "max" in j:
                    for fn in ("norm_minmax", "norm_maxabs"):
                        if res[fn] == ("ok", None):
                            problems.append(f"{fn} gave NULL (NaN?) on a state with min and max")
        kind, v = res["norm_merge"]
        if kind == "ok" and v is not None:
            k2, m = call(con, "norm_mean", "SELECT norm_var(?)", v)
            if isinstance(m, str) and m.startswith("["):  # a vector state: one var per dimension
                m = max(json.loads(m), key=lambda x: -1 if x is None else x)
            if k2 != "ok" or (m is not None and not (is_finite_number(m) and m >= 0)):
                problems.append(f"norm_merge of an accepted blob gave a bad state: {k2} {m!r}")
    return problems, accepted


def mutate(rnd, corpus):
    base = bytearray(rnd.choice(corpus))
    op = rnd.randrange(9)
    specials = [struct.pack("<d", v) for v in (math.nan, math.inf, -math.inf, -1.0, -0.0,
                                                1e308, 5e-324, 0.0, -1e300, 2.0 ** 63)]
    if op == 0 and base:  # bit flips
        for _ in range(rnd.randint(1, 4)):
            i = rnd.randrange(len(base) * 8)
            base[i // 8] ^= 1 << (i % 8)
        what = "bitflips"
    elif op == 1 and base:  # truncation
        base = base[:rnd.randrange(len(base))]
        what = "truncate"
    elif op == 2:  # extension
        base += bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 24)))
        what = "extend"
    elif op == 3 and len(base) >= 8:  # double overwrite with NaN/inf/negative
        i = rnd.randrange(len(base) - 7)
        base[i:i + 8] = rnd.choice(specials)
        what = "double-overwrite"
    elif op == 4 and len(base) >= 8:  # aligned double overwrite
        i = rnd.randrange(len(base) // 8) * 8
        base[i:i + 8] = rnd.choice(specials)
        what = "aligned-double-overwrite"
    elif op == 5 and len(base) >= 4:  # 32-bit integer overwrite
        i = rnd.randrange(len(base) - 3)
        base[i:i + 4] = struct.pack("<I", rnd.choice([0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000,
                                                       255, 65535]))
        what = "int-overwrite"
    elif op == 6 and base:  # random bytes overwrite
        for _ in range(rnd.randint(1, 8)):
            base[rnd.randrange(len(base))] = rnd.randrange(256)
        what = "byte-overwrite"
    elif op == 7:  # splice two states
        other = rnd.choice(corpus)
        cut = rnd.randrange(len(base) + 1)
        base = base[:cut] + other[rnd.randrange(len(other) + 1):]
        what = "splice"
    else:  # valid header, random tail
        keep = rnd.randrange(min(len(base), 16) + 1)
        base = base[:keep] + bytes(rnd.randrange(256) for _ in range(rnd.randrange(80)))
        what = "header+random"
    return bytes(base), what


def child(seed):
    """The malformed-state checks; run in a child process."""
    rep = Report("errors.")
    con = oracle.connect_or_die(rep)
    last = os.environ.get("ORACLE_LAST_BLOB")
    corpus = valid_states(con)
    rep.check("states.corpus", len(corpus) >= 5, f"only {len(corpus)} valid states built")

    def record(blob):
        if last:
            with open(last, "w") as f:
                f.write(blob.hex())

    # each valid state is accepted by everything
    bad = []
    for b in corpus:
        record(b)
        p, acc = judge_blob(con, b)
        if p or not acc:
            bad.append(f"{b.hex()}: {p or 'rejected'}")
    rep.check("states.valid-accepted", not bad, "; ".join(bad)[:800])

    # foreign and random blobs must be rejected
    rnd = random.Random(seed)
    foreign = [b"", b"\x00", bytes(16), bytes(64), struct.pack("<4f", 1, 2, 3, 4),
               struct.pack("<3d", 3, 2, 1), b"SQLite format 3\x00", b'{"mean":3,"var":4}']
    foreign += [bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 120)))
                for _ in range(300)]
    bad = []
    for b in foreign:
        record(b)
        p, _ = judge_blob(con, b, must_reject=True)
        if p:
            bad.append(f"{b.hex()[:160]}: {p[0]}")
    rep.check("states.foreign-and-random-rejected", not bad,
              f"{len(bad)} of {len(foreign)}: " + "; ".join(bad[:3]))

    # every truncation of every valid state must be rejected
    bad = []
    for b in corpus:
        for n in range(len(b)):
            record(b[:n])
            p, _ = judge_blob(con, b[:n], must_reject=True)
            if p:
                bad.append(f"{b[:n].hex()} (len {n} of {len(b)}): {p[0]}")
    rep.check("states.truncations-rejected", not bad, f"{len(bad)} cases: " + "; ".join(bad[:3]))

    # every single-bit flip: rejected, or decodes to a valid state
    bad = []
    accepted = total = 0
    for b in corpus:
        for i in range(len(b) * 8):
            m = bytearray(b)
            m[i // 8] ^= 1 << (i % 8)
            m = bytes(m)
            record(m)
            p, acc = judge_blob(con, m)
            total += 1
            accepted += acc
            if p:
                bad.append(f"bit {i} of {b.hex()}: {p[0]}")
    rep.info(f"single-bit flips: {total}, accepted as valid states: {accepted}, problems: {len(bad)}")
    rep.check("states.single-bit-flips", not bad, f"{len(bad)} cases: " + "; ".join(bad[:3]),
              note=f"{total} flips, {accepted} accepted as valid states")

    # fuzz loop: random and mutated blobs through every state-reading function
    bad = []
    accepted = 0
    kinds = {}
    for k in range(FUZZ_BLOBS):
        if k % 10 == 0:
            blob = bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 160)))
            what = "random"
        else:
            blob, what = mutate(rnd, corpus)
        record(blob)
        p, acc = judge_blob(con, blob)
        accepted += acc
        kinds[what] = kinds.get(what, 0) + 1
        if p:
            bad.append(f"[{what}] {blob.hex()}: {p[0]}")
    rep.info(f"fuzz: {FUZZ_BLOBS} blobs, {accepted} accepted as valid states, {len(bad)} with problems")
    kinds_bad = {}
    for b in bad:
        key = b.split("]")[0] + "] " + b.split(": ", 1)[1][:50]
        kinds_bad[key] = kinds_bad.get(key, 0) + 1
    for key, cnt in sorted(kinds_bad.items(), key=lambda kv: -kv[1])[:10]:
        rep.info(f"fuzz problem x{cnt}: {key}")
    rep.check("fuzz.10000-blobs", not bad, f"{len(bad)} bad: " + "; ".join(bad[:3])[:1500],
              note=f"{FUZZ_BLOBS} blobs x {len(STATE_CALLS)} functions, {accepted} accepted")
    rep.info(f"fuzz mutation kinds: {sorted(kinds.items())}")
    rep.finish()


def one(fn, hexblob):
    con = oracle.connect()
    sql = dict(STATE_CALLS)[fn]
    print(call(con, fn, sql, bytes.fromhex(hexblob)))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        return child(int(sys.argv[2]))
    if len(sys.argv) >= 4 and sys.argv[1] == "--one":
        return one(sys.argv[2], sys.argv[3])
    rep = Report("errors.")
    con = oracle.connect_or_die(rep)
    with rep.section("simple"):
        simple_errors(rep, con)
    with rep.section("null"):
        null_handling(rep, con)
    con.close()

    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        last = os.path.join(tmp, "last_blob")
        env = dict(os.environ, ORACLE_LAST_BLOB=last)
        cp = oracle.run_child(rep, [sys.executable, os.path.abspath(__file__), "--child", "2024"],
                              "states.child", timeout=150, env=env)
        if cp is None or cp.returncode < 0:
            hexblob = open(last).read() if os.path.exists(last) else ""
            culprits = []
            for fn, _ in STATE_CALLS:
                try:
                    c = __import__("subprocess").run(
                        [sys.executable, os.path.abspath(__file__), "--one", fn, hexblob],
                        capture_output=True, text=True, timeout=20)
                    if c.returncode != 0:
                        culprits.append(f"{fn} (rc {c.returncode})")
                except Exception as e:  # noqa: BLE001
                    culprits.append(f"{fn} ({type(e).__name__})")
            rep.fail("states.crash-blob", f"last blob before the crash/hang: {hexblob!r}; "
                                          f"functions that crash or hang on it alone: {culprits}")
    rep.finish()


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Random and mutated vectors through every function that accepts a vector
or a vector state (ext/format/vec.h requirements 2-4, ext/sql/vecsql.h): each call must
return a value or raise an error whose message starts with the function's
name. A crash ends the process, which the runner reports as a failure.
Deterministic (fixed seed); a few thousand inputs, a few seconds."""
import os
import random
import sqlite3
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
from vecoracle import check, connect, finish  # noqa: E402

rnd = random.Random(3)
db = connect()

NUMBERS = ["0", "-0", "1", "-1", "2.5", "1e308", "-1e308", "1e999", "5e-324", "1e-320", "123456789012345678901234",
           "0.1", "3.0e+2", "7E-3", "-0.0", "null", "true", "\"1\"", "[]", "{}", "1.", ".5", "01", "+1", "NaN", "1e",
           "--1", "0x10", "Infinity"]
ALPHABET = "[]{},.-+eE0123456789 \t\n\"ntrufal\\\x00x"


def good_json(dims):
    parts = []
    for _ in range(dims):
        r = rnd.random()
        if r < 0.1:
            parts.append("null")
        elif r < 0.5:
            parts.append(repr(rnd.uniform(-1e3, 1e3)))
        elif r < 0.8:
            parts.append(str(rnd.randint(-10**6, 10**6)))
        else:
            parts.append(repr(rnd.choice([1e-300, 1e300, 5e-324, -2.5e-310, 1.7976931348623157e308])))
    return "[" + (", " if rnd.random() < 0.3 else ",").join(parts) + "]"


def mutate_text(s):
    s = list(s)
    for _ in range(rnd.randint(1, 3)):
        op = rnd.random()
        k = rnd.randrange(len(s) + 1)
        if op < 0.3 and s:
            del s[min(k, len(s) - 1)]
        elif op < 0.6:
            s.insert(k, rnd.choice(ALPHABET))
        elif op < 0.8:
            s.insert(k, rnd.choice(NUMBERS))
        else:
            s = s[:k]
    return "".join(s)


def mutate_blob(b):
    b = bytearray(b)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.random()
        if op < 0.5 and b:
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        elif op < 0.7:
            b = b[:rnd.randrange(len(b) + 1)]
        elif op < 0.85:
            b += bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 8)))
        elif b:
            k = rnd.randrange(len(b))
            b[k:k + 4] = rnd.choice([struct.pack("<f", float("inf")), struct.pack("<f", float("nan")),
                                     struct.pack("<I", 0x7f800001), struct.pack("<I", 1), b"NRMS"])
    return bytes(b)


def values():
    """Vectors: valid, mutated JSON, random text, random and mutated blobs."""
    out = []
    for _ in range(1200):
        dims = rnd.randint(1, 12)
        j = good_json(dims)
        out.append(j)
        out.append(mutate_text(j))
        out.append("".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 20))))
        b = struct.pack(f"<{dims}f", *[rnd.uniform(-100, 100) for _ in range(dims)])
        out.append(b)
        out.append(mutate_blob(b))
        out.append(bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 40))))
    out += ["[" + ",".join(["1"] * 65537) + "]", "[" + ",".join(["1.5"] * 65536) + "]", "[[1]]", "[1,[2]]", "[1]]", " [1] ",
            "[1,]", "[,1]", "[", "]", "", "[" * 100, "[1 2]", "[1e400]", "[-1e400]", "[null,null]", 1, 2.5, None]
    return out


def states():
    """Vector states: valid ones and mutated ones."""
    out = []
    for dims in (1, 2, 3, 7):
        rows = ",".join("('[" + ",".join(repr(rnd.uniform(-9, 9)) for _ in range(dims)) + "]')" for _ in range(5))
        s = db.execute(f"SELECT norm_fit(column1) FROM (VALUES {rows})").fetchone()[0]
        if s is None:
            continue
        out.append(s)
        for _ in range(150):
            out.append(mutate_blob(s))
    return out


calls = 0
bad = []


def run(fname, sql, *args):
    global calls
    calls += 1
    try:
        db.execute(sql, args).fetchall()
    except sqlite3.Error as e:
        msg = str(e)
        if not msg.startswith(fname + ":"):
            bad.append((fname, repr(args)[:120], msg))


vals = values()
sts = states()
sc = db.execute("SELECT norm_fit(column1) FROM (VALUES (1), (2), (5))").fetchone()[0]
for v in vals:
    run("norm_fit", "SELECT norm_fit(?)", v)
    run("norm_fit", "SELECT norm_fit(column1) FROM (VALUES (?), ('[1,2,3]'))", v)
    run("norm_fit", "SELECT norm_fit(?, 2)", v)
    run("row_fit", "SELECT row_fit(?)", v)
    run("norm_unit", "SELECT norm_unit(?)", v)
    run("norm_unit", "SELECT norm_unit(?, 'l1')", v)
    run("norm_z", "SELECT norm_z(?, ?)", v, sc)
    run("norm_z", "SELECT norm_z(?, ?, 1e-7, 1)", v, rnd.choice(sts))
    run("norm_minmax", "SELECT norm_minmax(?, ?, -1, 1, 1)", v, rnd.choice(sts))
    run("norm_maxabs", "SELECT norm_maxabs(?, ?)", v, rnd.choice(sts))
    run("norm_invert", "SELECT norm_invert(?, ?, 'minmax')", v, rnd.choice(sts))
for s in sts:
    run("norm_merge", "SELECT norm_merge(column1) FROM (VALUES (?), (?))", s, rnd.choice(sts))
    for f in ("norm_count", "norm_mean", "norm_min", "norm_max", "norm_json"):
        run(f, f"SELECT {f}(?)", s)
    run("norm_var", "SELECT norm_var(?, 1)", s)
    run("norm_std", "SELECT norm_std(?)", s)
    run("norm_z", "SELECT norm_z('[1,2,3]', ?)", s)
    run("norm_z", "SELECT norm_z(1, ?)", s)
    try:
        j = db.execute("SELECT norm_json(?)", (s,)).fetchone()[0]
    except sqlite3.Error:
        j = None
    if j:
        run("norm_state", "SELECT norm_state(?)", j)
        for _ in range(3):
            run("norm_state", "SELECT norm_state(?)", mutate_text(j))
# A sliding frame over random (partly invalid) rows.
db.execute("CREATE TABLE f(i INTEGER PRIMARY KEY, v)")
db.executemany("INSERT INTO f VALUES (?, ?)", [(i, good_json(4) if rnd.random() < 0.9 else rnd.choice(vals))
                                              for i in range(300)])
run("norm_fit", "SELECT norm_json(norm_fit(v) OVER (ORDER BY i ROWS BETWEEN 3 PRECEDING AND 1 FOLLOWING)) FROM f")

check("fuzz-every-error-names-its-function", not bad, f"{len(bad)} bad: {bad[:3]}")
check("fuzz-ran-many-calls", calls > 20000, f"{calls} calls")
finish()

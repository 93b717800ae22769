#!/usr/bin/python3
"""Runs every SQL example of docs/axes.md and compares what it returns with
the numpy expression in the comment above it (`<!-- numpy: EXPR -->`). The
setup block builds the tables; they are read back into numpy arrays (the
input data only), and every statistic is computed by numpy."""
import json
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from vecoracle import check, close, connect, finish  # noqa: E402

doc = open(os.path.join(os.path.dirname(__file__), "..", "..", "docs", "axes.md"), encoding="utf-8").read()
blocks = re.findall(r"<!-- (setup|numpy: (.*?)) -->\n```sql\n(.*?)```", doc, re.S)

db = connect()
setup = [b for b in blocks if b[0] == "setup"]
check("axes-doc-has-setup", len(setup) == 1)
db.executescript(setup[0][2])


def vectors(sql):
    return np.array([json.loads(r[0]) for r in db.execute(sql)], dtype=np.float64)


X1 = np.array([r[0] for r in db.execute("SELECT value FROM x ORDER BY i")], dtype=np.float64)
X2 = vectors("SELECT v FROM m ORDER BY i")
B = db.execute("SELECT count(DISTINCT batch) FROM b").fetchone()[0]
rows3 = vectors("SELECT v FROM b ORDER BY batch, t")
X3 = rows3.reshape(B, -1, rows3.shape[1])


def keras(a, keep):
    """Keras Normalization: mean and variance over every axis not kept."""
    reduce = tuple(d for d in range(a.ndim) if d not in keep)
    mean = a.mean(axis=reduce, keepdims=True)
    var = a.var(axis=reduce, keepdims=True)
    return (a - mean) / np.maximum(np.sqrt(var), 1e-7)


def flatten(rows):
    out = []
    for row in rows:
        for cell in row:
            if isinstance(cell, str) and cell.lstrip().startswith("["):
                out.extend(json.loads(cell))
            else:
                out.append(cell)
    return np.array(out, dtype=np.float64)


examples = [b for b in blocks if b[0] != "setup"]
check("axes-doc-has-examples", len(examples) >= 25, f"{len(examples)} examples")
for k, (_, expr, sql) in enumerate(examples, 1):
    name = f"axes-doc-{k}: {sql.strip().splitlines()[0][:60]}"
    try:
        got = flatten(db.execute(sql).fetchall())
    except Exception as e:  # noqa: BLE001 - report, do not stop
        check(name, False, f"SQL failed: {e}")
        continue
    exp = np.asarray(eval(expr, {"np": np, "X1": X1, "X2": X2, "X3": X3, "keras": keras}), dtype=np.float64).ravel()
    close(name, got, exp, 1e-12, 1e-12)
finish()

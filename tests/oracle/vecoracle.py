"""Small helpers shared by the vector oracle tests (tests/oracle/test_vec*.py):
loading the extension, encoding vectors, and ok/FAIL reporting."""
import json
import math
import os
import sqlite3
import struct
import sys

import numpy as np

FAILURES = []


def connect():
    ext = os.environ.get("NORMALIZE_EXT", os.path.join(os.path.dirname(__file__), "..", "..", "dist", "normalize"))
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(ext)
    return db


def to_json(row):
    """A JSON array whose numbers read back exactly (None -> null)."""
    return "[" + ",".join("null" if (v is None or (isinstance(v, float) and math.isnan(v))) else repr(float(v))
                          for v in row) + "]"


def to_f32(row):
    return np.asarray(row, dtype="<f4").tobytes()


def from_value(v):
    """A vector result (JSON text or float32 blob) as a float64 array (NaN for null)."""
    if isinstance(v, bytes):
        return np.frombuffer(v, dtype="<f4").astype(np.float64)
    return np.array([np.nan if x is None else x for x in json.loads(v)], dtype=np.float64)


def check(name, cond, detail=""):
    if cond:
        print(f"ok {name}")
    else:
        FAILURES.append(name)
        print(f"FAIL {name}: {detail}")


def close(name, got, exp, rtol, atol=0.0):
    """Elementwise |got - exp| <= rtol * |exp| + atol, NaNs in the same places."""
    got = np.asarray(got, dtype=np.float64)
    exp = np.asarray(exp, dtype=np.float64)
    if got.shape != exp.shape:
        return check(name, False, f"shape {got.shape} != {exp.shape}")
    nan_ok = np.array_equal(np.isnan(got), np.isnan(exp))
    m = ~np.isnan(exp)
    err = np.abs(got[m] - exp[m])
    bound = rtol * np.abs(exp[m]) + atol
    bad = err > bound
    if nan_ok and not bad.any():
        return check(name, True)
    if not nan_ok:
        return check(name, False, "missing elements differ")
    k = int(np.argmax(err - bound))
    return check(name, False, f"{int(bad.sum())} elements off; worst {got[m][k]!r} vs {exp[m][k]!r}")


def f32_close(name, got, exp):
    """got is float32 output: equal to exp rounded to float32, within one float32 ulp."""
    exp32 = np.asarray(exp, dtype=np.float64).astype(np.float32).astype(np.float64)
    ulp = np.spacing(np.abs(exp32).astype(np.float32)).astype(np.float64)
    return _ulp_close(name, got, exp32, ulp)


def _ulp_close(name, got, exp32, ulp):
    got = np.asarray(got, dtype=np.float64)
    nan_ok = np.array_equal(np.isnan(got), np.isnan(exp32))
    m = ~np.isnan(exp32)
    bad = np.abs(got[m] - exp32[m]) > ulp[m] + 1e-300
    if nan_ok and not bad.any():
        return check(name, True)
    return check(name, False, f"{int(bad.sum())} elements beyond one float32 ulp; nan_ok={nan_ok}")


def finish():
    sys.exit(1 if FAILURES else 0)

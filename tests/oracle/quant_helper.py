"""Helpers of the quantile oracle tests: a connection with the extension
loaded (Python's sqlite3, so no CLI in between) and ok/FAIL reporting."""
import os
import sqlite3

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LIB = os.environ.get("NORMALIZE_EXT", os.path.join(ROOT, "dist", "normalize"))
failures = 0


def connect():
    con = sqlite3.connect(":memory:")
    con.enable_load_extension(True)
    con.load_extension(LIB)
    return con


def check(name, cond, detail=""):
    global failures
    if cond:
        print(f"ok {name}")
    else:
        failures += 1
        print(f"FAIL {name}: {detail}")


def rel_close(a, b, tol=1e-12, floor=1e-300):
    """|a - b| <= tol * max(|a|, |b|) (floor: the magnitude below which both count as 0)."""
    return abs(a - b) <= tol * max(abs(a), abs(b), floor)

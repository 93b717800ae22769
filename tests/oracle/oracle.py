"""Shared helpers for the oracle tests of sqlite-normalize.

The oracle tests compare the extension with computations that do not depend
on it: exact rational arithmetic on the stored doubles (fractions.Fraction is
exact for every finite double), numpy and scikit-learn.  No expected value in
these tests was copied from the extension's output.

Each test script prints one line per check, "ok <name>" or
"FAIL <name>: <detail>", plus diagnostic lines starting with "# ", and exits 0
when every check passed, 1 otherwise.

The extension is loaded from $NORMALIZE_EXT, default <repo>/dist/normalize.
"""

import math
import os
import sqlite3
import subprocess
import sys
import traceback
from contextlib import contextmanager
from decimal import Decimal, localcontext
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXT = os.environ.get("NORMALIZE_EXT", os.path.join(ROOT, "dist", "normalize"))

LRE_CAP = 15.0


# ---------------------------------------------------------------- loading

def connect(path=":memory:"):
    """A connection with the extension loaded."""
    con = sqlite3.connect(path)
    con.enable_load_extension(True)
    con.load_extension(EXT)
    con.enable_load_extension(False)
    return con


def connect_or_die(report):
    try:
        return connect()
    except Exception as e:  # noqa: BLE001
        report.fail("load_extension", f"cannot load {EXT}: {e}")
        report.finish()


# ---------------------------------------------------------------- report

class Report:
    """Prints one line per check and remembers failures."""

    def __init__(self, prefix=""):
        self.prefix = prefix
        self.passed = 0
        self.failed = 0

    def _name(self, name):
        return f"{self.prefix}{name}"

    def ok(self, name, note=""):
        self.passed += 1
        print(f"ok {self._name(name)}" + (f" ({note})" if note else ""), flush=True)

    def fail(self, name, detail):
        self.failed += 1
        detail = str(detail).replace("\n", " | ")
        print(f"FAIL {self._name(name)}: {detail}", flush=True)

    def info(self, text):
        print(f"# {text}", flush=True)

    def check(self, name, cond, detail="", note=""):
        if cond:
            self.ok(name, note)
        else:
            self.fail(name, detail)
        return bool(cond)

    def close(self, name, got, want, rtol=1e-12, atol=0.0):
        """got ~ want within |got-want| <= atol + rtol*|want|.  None == None."""
        if want is None or got is None:
            return self.check(name, got is None and want is None,
                              f"got {got!r}, expected {want!r}")
        if not isinstance(got, (int, float)):
            return self.fail(name, f"got non-number {got!r}, expected {want!r}")
        err = abs(float(got) - float(want))
        ok = err <= atol + rtol * abs(float(want))
        return self.check(name, ok, f"got {got!r}, expected {want!r} (abs err {err:.3g})")

    def close_list(self, name, got, want, rtol=1e-12, atol=0.0):
        """Element-wise comparison; reports the first mismatch."""
        if len(got) != len(want):
            return self.fail(name, f"length {len(got)} != expected {len(want)}")
        for i, (g, w) in enumerate(zip(got, want)):
            if w is None or g is None:
                if not (w is None and g is None):
                    return self.fail(name, f"at {i}: got {g!r}, expected {w!r}")
                continue
            if not isinstance(g, (int, float)):
                return self.fail(name, f"at {i}: got non-number {g!r}, expected {w!r}")
            if not abs(float(g) - float(w)) <= atol + rtol * abs(float(w)):
                return self.fail(name, f"at {i}: got {g!r}, expected {w!r} "
                                       f"(abs err {abs(float(g) - float(w)):.3g})")
        return self.ok(name)

    def expect_error(self, name, con, sql, params=(), fn=None, contains=None):
        """The statement must raise sqlite3.OperationalError whose message
        starts with the function name `fn` (followed by a non-identifier
        character) and, if given, contains `contains`."""
        try:
            rows = con.execute(sql, params).fetchall()
        except sqlite3.OperationalError as e:
            msg = str(e)
            if fn is not None and not error_names(msg, fn):
                return self.fail(name, f"error message does not start with {fn!r}: {msg!r}")
            if contains is not None and contains not in msg:
                return self.fail(name, f"error message lacks {contains!r}: {msg!r}")
            return self.ok(name)
        except Exception as e:  # noqa: BLE001
            return self.fail(name, f"expected OperationalError, got {type(e).__name__}: {e}")
        return self.fail(name, f"expected an error from {sql!r}, got rows {rows!r}"[:400])

    @contextmanager
    def section(self, name):
        """Any unexpected exception inside becomes one FAIL line."""
        try:
            yield
        except Exception as e:  # noqa: BLE001
            tb = traceback.format_exc().strip().splitlines()
            where = tb[-3].strip() if len(tb) >= 3 else ""
            self.fail(name, f"unexpected {type(e).__name__}: {e} [{where}]")

    def finish(self):
        print(f"# {self.passed} passed, {self.failed} failed", flush=True)
        sys.exit(0 if self.failed == 0 else 1)


def error_names(msg, fn):
    """True when msg starts with fn followed by a non-identifier character."""
    if not msg.startswith(fn):
        return False
    rest = msg[len(fn):]
    return rest == "" or not (rest[0].isalnum() or rest[0] == "_")


# ---------------------------------------------------------------- exact arithmetic

def F(x):
    """Exact rational value of a double (or int)."""
    return Fraction(x)


def exact_moments(xs, ws=None):
    """(W, mean, m2) of the values as exact Fractions, NULLs (None) skipped;
    m2 = sum w (x - mean)^2.  Rows with weight 0 contribute nothing."""
    if ws is None:
        ws = [1] * len(xs)
    pts = [(F(x), F(w)) for x, w in zip(xs, ws)
           if x is not None and w is not None and w != 0]
    W = sum((w for _, w in pts), Fraction(0))
    if W == 0:
        return Fraction(0), None, None
    s1 = sum((w * x for x, w in pts), Fraction(0))
    mean = s1 / W
    m2 = sum((w * (x - mean) ** 2 for x, w in pts), Fraction(0))
    return W, mean, m2


def exact_stats(xs, ws=None):
    """dict with exact count, mean, var0, var1 (Fractions; var1 None when
    count <= 1), and min/max as floats over the contributing values."""
    W, mean, m2 = exact_moments(xs, ws)
    if ws is None:
        ws = [1] * len(xs)
    vals = [x for x, w in zip(xs, ws) if x is not None and w is not None and w != 0]
    return {
        "count": W,
        "mean": mean,
        "var0": None if mean is None else m2 / W,
        "var1": None if mean is None or W <= 1 else m2 / (W - 1),
        "min": min(vals) if vals else None,
        "max": max(vals) if vals else None,
    }


def exact_sqrt(fr, digits=40):
    """sqrt of a non-negative Fraction, correct to about `digits` digits,
    returned as a Fraction."""
    if fr == 0:
        return Fraction(0)
    with localcontext() as ctx:
        ctx.prec = digits + 10
        d = Decimal(fr.numerator) / Decimal(fr.denominator)
        return Fraction(d.sqrt())


def lre(computed, exact, cap=LRE_CAP):
    """Log relative error of a computed double against an exact Fraction.
    When the exact value is 0 this is the log ABSOLUTE error (NIST's
    convention for a certified value of zero).  None / non-finite -> 0."""
    if computed is None or not isinstance(computed, (int, float)):
        return 0.0
    if isinstance(computed, float) and not math.isfinite(computed):
        return 0.0
    exact = Fraction(exact)
    err = abs(Fraction(computed) - exact)
    if err == 0:
        return cap
    rel = err / abs(exact) if exact != 0 else err
    # log10 of a Fraction without underflow
    v = math.log10(rel.numerator) - math.log10(rel.denominator)
    return max(0.0, min(cap, -v))


def rel_err(computed, exact):
    """|computed - exact| / |exact| as a float (exact a Fraction, non-zero);
    absolute error when exact is 0; inf when computed is None."""
    if computed is None or not isinstance(computed, (int, float)):
        return math.inf
    if isinstance(computed, float) and not math.isfinite(computed):
        return math.inf
    err = abs(Fraction(computed) - Fraction(exact))
    if exact != 0:
        err /= abs(Fraction(exact))
    return float(err)


def is_finite_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


# ---------------------------------------------------------------- SQL helpers

def load_table(con, name, cols, rows):
    """CREATE TABLE name(cols) and insert rows (a list of tuples)."""
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(f"CREATE TABLE {name}({cols})")
    ncol = len(rows[0]) if rows else 1
    con.executemany(f"INSERT INTO {name} VALUES ({','.join('?' * ncol)})", rows)


STATS_SQL = ("norm_count(s), norm_mean(s), norm_var(s), "
             "CASE WHEN norm_count(s) > 1 THEN norm_var(s, 1) END, norm_std(s), "
             "CASE WHEN norm_count(s) > 1 THEN norm_std(s, 1) END, norm_min(s), norm_max(s)")
STATS_KEYS = ("count", "mean", "var0", "var1", "std0", "std1", "min", "max")


def stats_of_state(con, state):
    """Accessor values of a state blob as a dict keyed like STATS_KEYS."""
    row = con.execute(f"SELECT {STATS_SQL} FROM (SELECT ? AS s)", (state,)).fetchone()
    return dict(zip(STATS_KEYS, row))


def row_fit_sql(n):
    return f"SELECT row_fit({','.join('?' * n)})"


# ---------------------------------------------------------------- subprocess

def run_child(report, argv, label, timeout=120, env=None):
    """Run a child test process that prints ok/FAIL lines; relay them into
    `report`.  A crash (signal) or timeout becomes a FAIL.  Returns the
    CompletedProcess (or None on timeout)."""
    try:
        cp = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        for line in out.splitlines():
            _relay(report, line)
        report.fail(label, f"child timed out after {timeout}s")
        return None
    for line in cp.stdout.splitlines():
        _relay(report, line)
    if cp.returncode < 0:
        report.fail(label, f"child process killed by signal {-cp.returncode} "
                           f"(crash); stderr: {cp.stderr[-500:]!r}")
    elif cp.returncode not in (0, 1):
        report.fail(label, f"child exited with {cp.returncode}; stderr: {cp.stderr[-800:]!r}")
    return cp


def _relay(report, line):
    if line.startswith("ok "):
        report.passed += 1
        print(line, flush=True)
    elif line.startswith("FAIL "):
        report.failed += 1
        print(line, flush=True)
    elif line.startswith("# ") and "passed," in line and "failed" in line:
        pass  # the child's own summary line
    else:
        print(line, flush=True)

"""norm_z and norm_invert are rounded once: against exact arithmetic on what a
state holds (the double-double mean and m2 of norm_json's "exact" member, the
square root taken to 50 digits), every z-score must be the correctly rounded
quotient, bar values within 1e-25 relative of a rounding tie. Guards the
one-division z quotient of ext/sql/transform.c."""
import json
import math
import random
import sys
from decimal import Decimal, getcontext
from fractions import Fraction as F

sys.path.insert(0, __import__("os").path.dirname(__file__))
import oracle  # noqa: E402

getcontext().prec = 60
rep = oracle.Report()
con = oracle.connect()
rng = random.Random(20261125)


def exact_z(x, mean, m2, w):
    """(x - mean) / sqrt(m2 / w) as a Decimal with 60 digits."""
    var = Decimal(m2.numerator) / Decimal(m2.denominator) / (Decimal(w.numerator) / Decimal(w.denominator))
    num = Decimal(x.numerator) / Decimal(x.denominator) - Decimal(mean.numerator) / Decimal(mean.denominator)
    return num / var.sqrt()


def correctly_rounded(got, exact):
    """got is the double nearest exact (ties within 1e-25 relative excused)."""
    g = Decimal(got)
    lo, hi = Decimal(math.nextafter(got, -math.inf)), Decimal(math.nextafter(got, math.inf))
    err = abs(g - exact)
    if err <= abs(lo - exact) and err <= abs(hi - exact):
        return True
    tie = abs(abs(g - exact) - min(abs(lo - exact), abs(hi - exact)))
    return tie <= abs(exact) * Decimal("1e-25")


bad = []
cases = 0
for trial in range(60):
    offset = rng.choice([0.0, 1e3, 1e8, 1e12, -5e15, 1e-7])
    scale = rng.choice([1e-6, 1e-2, 1.0, 3.7, 1e4])
    xs = [offset + rng.gauss(0, scale) for _ in range(rng.randint(2, 200))]
    s = con.execute("SELECT norm_fit(value) FROM json_each(?)", (json.dumps(xs),)).fetchone()[0]
    ex = json.loads(con.execute("SELECT norm_json(?)", (s,)).fetchone()[0])["exact"]
    w = F(ex["count"][0]) + F(ex["count"][1])
    mean = F(ex["mean"][0]) + F(ex["mean"][1])
    m2 = F(ex["m2"][0]) + F(ex["m2"][1])
    if m2 == 0:
        continue
    probes = xs[:20] + [offset + rng.uniform(-10, 10) * scale for _ in range(20)]
    for x in probes:
        (z,) = con.execute("SELECT norm_z(?, ?)", (x, s)).fetchone()
        cases += 1
        if not correctly_rounded(z, exact_z(F(x), mean, m2, w)):
            bad.append((x, z, str(exact_z(F(x), mean, m2, w))[:30]))
rep.check(f"zround.correctly-rounded ({cases} z-scores)", not bad, f"{len(bad)} not correctly rounded, e.g. {bad[:3]}")
sys.exit(rep.finish())

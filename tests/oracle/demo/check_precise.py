#!/usr/bin/python3
"""Full-precision check of the statistics behind sql/demo.sql: the extension
(loaded through Python's sqlite3) against exact rational arithmetic / numpy.
Usage: check_precise.py path/to/extension (without .so)   (run by
tests/oracle/test_demo.py). Prints "N problems" and one indented line per
problem."""
import os, sys, math, sqlite3
SQL_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'sql')
from fractions import Fraction as F
import numpy as np

ext = sys.argv[1]
db = sqlite3.connect(':memory:')
db.enable_load_extension(True)
db.load_extension(ext)
db.executescript(open(os.path.join(SQL_DIR, 'iris.sql')).read())
db.executescript(open(os.path.join(SQL_DIR, 'nile.sql')).read())
q = lambda sql, *a: db.execute(sql, a).fetchall()

def ulps(got, exp):
    if got == exp: return 0.0
    if got is None or exp is None: return math.inf
    return abs(got - exp) / math.ulp(abs(exp)) if exp != 0 else abs(got) / 5e-324
worst = {}
problems = []
def note(name, got, exp, limit, ctx, abstol=0.0):
    u = ulps(got, exp)
    w = worst.get(name)
    if w is None or u > w[0]: worst[name] = (u, ctx, got, exp)
    if u > limit and not (got is not None and abs(got - exp) <= limit * math.ulp(abs(exp)) + abstol):
        problems.append(f'{name} {ctx}: expected {exp!r}, got {got!r} ({u:.1f} ulp, allowed {limit} ulp + {abstol:.2g})')
def ztol(x, m, var):
    # x - mean with a double mean: |error| <= ulp(mean) (+ rounding of the difference); divided by std
    sd = math.sqrt(float(var)) or 1.0
    return 2 * (math.ulp(abs(float(m))) + math.ulp(abs(x))) / sd

def ex_stats(vals):
    n = len(vals); m = sum(F(v) for v in vals) / n
    return n, m, sum((F(v) - m) ** 2 for v in vals) / n
def dsqrt(fr):
    from decimal import Decimal, getcontext
    getcontext().prec = 50
    return float((Decimal(fr.numerator) / Decimal(fr.denominator)).sqrt())
def ex_z(x, m, var):
    # correctly rounded z is hard with sqrt; use high-precision decimal
    from decimal import Decimal, getcontext
    getcontext().prec = 50
    num = Decimal((F(x) - m).numerator) / Decimal((F(x) - m).denominator)
    d = Decimal(var.numerator) / Decimal(var.denominator)
    return float(num / d.sqrt()) if d != 0 else float(F(x) - m)

# Nile rolling windows
rows = q("""SELECT year, flow, norm_count(s), norm_mean(s), norm_var(s), norm_std(s), norm_z(flow, s)
            FROM (SELECT year, flow, norm_fit(flow) OVER (ORDER BY year ROWS BETWEEN 10 PRECEDING AND 1 PRECEDING) AS s FROM nile)
            ORDER BY year""")
flows = [r[1] for r in rows]
for k, (y, x, n, m, v, sd, z) in enumerate(rows):
    prev = flows[max(0, k - 10):k]
    if not prev:
        if any(t is not None for t in (n, m, v, sd, z)): problems.append(f'nile {y}: empty frame should give NULLs, got {(n, m, v, sd, z)}')
        continue
    en, em, ev = ex_stats(prev)
    if n != en: problems.append(f'nile {y}: count {n} != {en}')
    note('nile rolling mean', m, float(em), 1, y)
    note('nile rolling var', v, float(ev), 1, y)
    note('nile rolling std', sd, dsqrt(ev), 1, y)
    note('nile rolling z', z, ex_z(x, em, ev), 4, y, ztol(x, em, ev))

# Iris: global and per-species z, row_fit
rows = q("""SELECT id, species, petal_length,
                   norm_z(petal_length, norm_fit(petal_length) OVER ()),
                   norm_z(petal_length, norm_fit(petal_length) OVER (PARTITION BY species)),
                   row_fit(sepal_length, sepal_width, petal_length, petal_width),
                   sepal_length, sepal_width, petal_width
            FROM iris ORDER BY id""")
allpl = [r[2] for r in rows]
sp = {}
for r in rows: sp.setdefault(r[1], []).append(r[2])
gst = ex_stats(allpl); spst = {k: ex_stats(v) for k, v in sp.items()}
for (i, s, pl, zg, zs, rs, sl, sw, pw) in rows:
    note('iris z global', zg, ex_z(pl, gst[1], gst[2]), 4, i, ztol(pl, gst[1], gst[2]))
    note('iris z per species', zs, ex_z(pl, spst[s][1], spst[s][2]), 4, i, ztol(pl, spst[s][1], spst[s][2]))
    vals = [sl, sw, pl, pw]; en, em, ev = ex_stats(vals)
    (rm, rv, rn), = q('SELECT norm_mean(?), norm_var(?), norm_count(?)', rs, rs, rs)
    note('iris row_fit mean', rm, float(em), 1, i)
    note('iris row_fit var', rv, float(ev), 1, i)
    if rn != 4: problems.append(f'iris row {i}: row_fit count {rn}')
    for j, x in enumerate(vals):
        (zz,), = q('SELECT norm_z(?, ?)', x, rs)
        note('iris row z', zz, ex_z(x, em, ev), 4, (i, j), ztol(x, em, ev))

# Stored scaler, held out rows, invert, minmax
(s,), = q('SELECT norm_fit(petal_length) FROM iris WHERE id % 5 <> 0')
train = [r[0] for r in q('SELECT petal_length FROM iris WHERE id % 5 <> 0')]
en, em, ev = ex_stats(train)
(m, v, c, mn, mx), = q('SELECT norm_mean(?), norm_var(?), norm_count(?), norm_min(?), norm_max(?)', s, s, s, s, s)
note('scaler mean', m, float(em), 1, 'train'); note('scaler var', v, float(ev), 1, 'train')
if (c, mn, mx) != (120, 1.0, 6.9): problems.append(f'scaler count/min/max {(c, mn, mx)}')
(j,), = q('SELECT norm_json(?)', s)
try:
    (s2,), = q('SELECT norm_state(norm_json(?))', s)
    if s2 != s: problems.append('norm_state(norm_json(s)) != s')
except sqlite3.Error as e:
    problems.append(f'norm_state(norm_json(s)): {e}')
print('norm_json:', j)
for i, x in q('SELECT id, petal_length FROM iris WHERE id % 5 = 0'):
    (z, back), = q('SELECT norm_z(?, ?), norm_invert(norm_z(?, ?), ?)', x, s, x, s, s)
    note('held-out z', z, ex_z(x, em, ev), 4, i, ztol(x, em, ev))
    note('held-out invert', back, x, 2, i)
for x in [0.5, 1.0, 3.95, 6.9, 7.5]:
    (y, yc, back), = q("SELECT norm_minmax(?, ?), norm_minmax(?, ?, 0, 1, 1), norm_invert(norm_minmax(?, ?), ?, 'minmax')", x, s, x, s, x, s, s)
    e = float((F(x) - F(1.0)) / (F(6.9) - F(1.0)))
    note('minmax', y, e, 2, x); note('minmax clip', yc, min(1.0, max(0.0, e)), 2, x); note('minmax invert', back, x, 2, x)

# Merge
a = q('SELECT norm_fit(sepal_length) FROM iris WHERE id <= 100')[0][0]
b = q('SELECT norm_fit(sepal_length) FROM iris WHERE id > 100')[0][0]
(mg,), = q('SELECT norm_merge(s) FROM (SELECT ? AS s UNION ALL SELECT ?)', a, b)
(fa,), = q('SELECT norm_fit(sepal_length) FROM iris')
(mg2,), = q('SELECT norm_merge(s) FROM (SELECT ? AS s UNION ALL SELECT ?)', b, a)
print('merge == fit bytes:', mg == fa, '; merge order-independent:', mg == mg2)
# Bytes may differ in the low halves of the double-double fields (docs/scaling.md);
# the statistics of both are compared with exact fractions below.
en, em, ev = ex_stats([r[0] for r in q('SELECT sepal_length FROM iris')])
for name, st in (('merge', mg), ('fit', fa)):
    (m, v), = q('SELECT norm_mean(?), norm_var(?)', st, st)
    note(f'{name} mean', m, float(em), 1, 'sepal'); note(f'{name} var', v, float(ev), 1, 'sepal')
# seed problem
for x, (w, wk, r, r1) in zip(range(1, 6), q("""WITH t(x) AS (VALUES (1),(2),(3),(4),(5)) SELECT norm_z(x, row_fit(x)), norm_z(x, row_fit(x), 1e-7),
      norm_z(x, norm_fit(x) OVER ()), norm_z(x, norm_fit(x) OVER (), NULL, 1) FROM t""")):
    note('seed wrong', w, 0.0, 0, x); note('seed wrong eps', wk, 0.0, 0, x)
    note('seed right', r, ex_z(x, F(3), F(2)), 1, x)
    note('seed ddof1 vs BigQuery', r1, [-1.2649110640673518, -0.6324555320336759, 0.0, 0.6324555320336759, 1.2649110640673518][x - 1], 1, x)

print('worst error per quantity (ulp):')
for k, (u, ctx, g, e) in worst.items():
    print(f'  {k:26s} {u:6.1f}  at {ctx}: got {g!r}, exact {e!r}')
print(f'{len(problems)} problems')
for p in problems: print('  ' + p)

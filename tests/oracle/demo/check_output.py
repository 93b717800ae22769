#!/usr/bin/python3
"""Independent check of every number sql/demo.sql prints (numpy + fractions).
Usage: check_output.py demo_output.txt   (run by tests/oracle/test_demo.py)

The data are read from the copies the demo's data came from (scikit-learn's
iris.csv, statsmodels' nile.csv), not from sql/*.sql, so the demo's data
files are checked too. Prints "N values checked, M problems" and one
indented line per problem."""
import sys, csv, json, math, re
from fractions import Fraction as F
import numpy as np

out = open(sys.argv[1], encoding='utf-8').read().splitlines()

# ---------- parse box and column tables ----------
tables = []
i = 0
while i < len(out):
    L = out[i]
    if L.startswith('┌'):
        rows = []
        i += 1
        while not out[i].startswith('└'):
            if out[i].startswith('│'):
                rows.append([c.strip() for c in out[i].strip('│').split('│')])
            i += 1
        tables.append((rows[0], rows[1:]))
    elif i + 1 < len(out) and re.fullmatch(r'-+( +-+)*', out[i + 1] or 'x') and not L.startswith('--'):
        spans = [m.span() for m in re.finditer(r'-+', out[i + 1])]
        def cut(s):
            return [s[a:(spans[k + 1][0] if k + 1 < len(spans) else None)].strip() for k, (a, b) in enumerate(spans)]
        hdr = cut(L)
        rows = []
        i += 2
        while i < len(out) and out[i].strip() and not out[i].startswith('┌') and re.match(r'\d{4} ', out[i]):
            rows.append(cut(out[i]))
            i += 1
        tables.append((hdr, rows))
        continue
    i += 1

problems = []
checked = 0
def cmp(where, got, exp, fmt=None, tol=None):
    """got: printed text. exp: float/int/str. fmt: printf format used by the demo."""
    global checked
    checked += 1
    if isinstance(exp, str):
        if got != exp:
            problems.append(f'{where}: expected {exp!r}, got {got!r}')
        return
    if exp is None:
        if got != '':
            problems.append(f'{where}: expected NULL, got {got!r}')
        return
    try:
        g = float(got)
    except ValueError:
        problems.append(f'{where}: expected {exp!r}, got non-number {got!r}')
        return
    if fmt:
        want = fmt % exp
        if got.strip() == want.strip() or (g == 0 and float(want) == 0):
            return
        # allow a last-digit difference only when exp sits on a rounding boundary
        dec = int(re.search(r'\.(\d+)', fmt).group(1))
        if abs(g - exp) <= 0.5 * 10 ** -dec + 1e-12:
            problems.append(f'{where}: rounding only: expected {want.strip()!r} (exact {exp!r}), got {got!r}')
        else:
            problems.append(f'{where}: expected {want.strip()!r} (exact {exp!r}), got {got!r}')
        return
    t = tol if tol is not None else 0.0
    if not (abs(g - exp) <= t * max(1.0, abs(exp))):
        problems.append(f'{where}: expected {exp!r}, got {got!r} (diff {g - exp:.3g})')

def table(idx, hdr_expect):
    h, rows = tables[idx]
    if h != hdr_expect:
        problems.append(f'table {idx}: header {h} != {hdr_expect}')
    return rows

# ---------- data ----------
iris = []
for k, r in enumerate(list(csv.reader(open('/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv')))[1:], 1):
    iris.append(dict(id=k, sl=float(r[0]), sw=float(r[1]), pl=float(r[2]), pw=float(r[3]),
                     sp=['setosa', 'versicolor', 'virginica'][int(r[4])]))
nile = [(int(y), float(v)) for y, v in list(csv.reader(open('/usr/lib/python3/dist-packages/statsmodels/datasets/nile/nile.csv')))[1:]]

def z(x, a, ddof=0):
    a = np.asarray(a, float); s = a.std(ddof=ddof)
    return (x - a.mean()) / (s if s != 0 else 1.0)

print(f'{len(tables)} tables parsed')
T = 0
# 1. seed problem
rows = table(T, ['x', 'wrong axis', 'wrong, eps 1e-7', 'right axis', 'right, ddof=1']); T += 1
xs = [1, 2, 3, 4, 5]
assert len(rows) == 5, rows
for r, x in zip(rows, xs):
    cmp(f'sec1 x={x} wrong axis', r[1], 0.0)
    cmp(f'sec1 x={x} wrong eps', r[2], 0.0)
    cmp(f'sec1 x={x} right axis', r[3], z(x, xs), '%7.4f')
    cmp(f'sec1 x={x} ddof=1', r[4], z(x, xs, 1), '%7.4f')
    # BigQuery ML reference values (REFERENCES.md)
bq = [-1.2649110640673518, -0.6324555320336759, 0, 0.6324555320336759, 1.2649110640673518]
for x, b in zip(xs, bq):
    assert abs(z(x, xs, 1) - b) < 1e-15

# 2. iris
PL = np.array([d['pl'] for d in iris])
bysp = {s: np.array([d['pl'] for d in iris if d['sp'] == s]) for s in ['setosa', 'versicolor', 'virginica']}
rows = table(T, ['id', 'species', 'petal len', 'z global', 'z in species']); T += 1
ids = [1, 2, 51, 52, 101, 102]
assert len(rows) == 6
for r, k in zip(rows, ids):
    d = iris[k - 1]
    cmp(f'sec2 id={k} id', r[0], str(k)); cmp(f'sec2 id={k} species', r[1], d['sp'])
    cmp(f'sec2 id={k} petal', r[2], d['pl'], tol=0)
    cmp(f'sec2 id={k} z global', r[3], z(d['pl'], PL), '%7.3f')
    cmp(f'sec2 id={k} z in species', r[4], z(d['pl'], bysp[d['sp']]), '%7.3f')
rows = table(T, ['species', 'n', 'mean cm', 'std cm', 'mean z global', 'mean z in sp', 'std z in sp']); T += 1
for r, s in zip(rows, ['setosa', 'versicolor', 'virginica']):
    a = bysp[s]; zg = np.array([z(v, PL) for v in a]); zs = np.array([z(v, a) for v in a])
    cmp(f'sec2 {s} species', r[0], s); cmp(f'sec2 {s} n', r[1], '50')
    cmp(f'sec2 {s} mean', r[2], a.mean(), '%.3f'); cmp(f'sec2 {s} std', r[3], a.std(), '%.3f')
    cmp(f'sec2 {s} mean z global', r[4], zg.mean(), '%7.3f')
    cmp(f'sec2 {s} mean z in sp', r[5], zs.mean(), '%7.3f')
    cmp(f'sec2 {s} std z in sp', r[6], zs.std(), '%.3f')
rows = table(T, ['id', 'species', 'row mean', 'row std', 'z sep len', 'z sep wid', 'z pet len', 'z pet wid']); T += 1
for r, k in zip(rows, [1, 51, 101]):
    d = iris[k - 1]; v = np.array([d['sl'], d['sw'], d['pl'], d['pw']])
    cmp(f'sec2 row id={k}', r[0], str(k)); cmp(f'sec2 row id={k} species', r[1], d['sp'])
    cmp(f'sec2 row id={k} mean', r[2], v.mean(), '%.3f'); cmp(f'sec2 row id={k} std', r[3], v.std(), '%.3f')
    for j, name in enumerate(['sl', 'sw', 'pl', 'pw']):
        cmp(f'sec2 row id={k} z {name}', r[4 + j], z(v[j], v), '%6.3f')
assert len(rows) == 3

# 3. stored scaler
train = [d['pl'] for d in iris if d['id'] % 5 != 0]
test = [d for d in iris if d['id'] % 5 == 0]
n = len(train); exm = sum(F(x) for x in train) / n; exm2 = sum((F(x) - exm) ** 2 for x in train)
def dd(fr):
    hi = float(fr); lo = float(fr - F(hi)); return [hi, lo]
rows = table(T, ['key', 'value']); T += 1
kv = {r[0]: r[1] for r in rows}
cmp('sec3 json kind', kv.get('kind', ''), 'moments')
cmp('sec3 json count', kv.get('count', ''), float(n), tol=0)
cmp('sec3 json mean', kv.get('mean', ''), float(exm), tol=5e-15)
cmp('sec3 json var', kv.get('var', ''), float(exm2 / n), tol=5e-15)
cmp('sec3 json std', kv.get('std', ''), math.sqrt(float(exm2 / n)), tol=5e-15)
cmp('sec3 json min', kv.get('min', ''), min(train), tol=0)
cmp('sec3 json max', kv.get('max', ''), max(train), tol=0)
try:
    ex = {k: json.loads(kv[f'exact.{k}']) for k in ('count', 'mean', 'm2') if f'exact.{k}' in kv}
    for key, want in [('count', dd(F(n))), ('mean', dd(exm)), ('m2', dd(exm2))]:
        got = ex.get(key)
        checked += 1
        if got is None or float(F(got[0]) + F(got[1]) - (F(want[0]) + F(want[1]))) != 0:
            # allow a double-double to be off by < 2^-104 relative
            exact = {'count': F(n), 'mean': exm, 'm2': exm2}[key]
            err = abs(F(got[0]) + F(got[1]) - exact) / exact if got else None
            if err is None or err > F(1, 2 ** 100):
                problems.append(f'sec3 json exact.{key}: expected ~{want}, got {got} (rel err {float(err) if err is not None else None})')
except Exception as e:
    problems.append(f'sec3 json exact unparsable: {e!r}')
mu = float(exm); sd = math.sqrt(float(exm2 / n))
rows = table(T, ['id', 'species', 'x', 'z = norm_z(x, s)', 'norm_invert(z, s)']); T += 1
for r, k in zip(rows, [25, 50, 75, 100, 125, 150]):
    d = iris[k - 1]
    cmp(f'sec3 id={k}', r[0], str(k)); cmp(f'sec3 id={k} species', r[1], d['sp']); cmp(f'sec3 id={k} x', r[2], d['pl'], tol=0)
    cmp(f'sec3 id={k} z', r[3], (d['pl'] - mu) / sd, '%7.4f')
    cmp(f'sec3 id={k} inverted (exact round trip)', r[4], repr(d['pl']) if r[4] == repr(d['pl']) else d['pl'], tol=0)
assert len(rows) == 6
rows = table(T, ['held-out rows', 'exact round trips', 'max |error|', 'mean z', 'std z']); T += 1
zt = np.array([(d['pl'] - mu) / sd for d in test])
cmp('sec3 held-out n', rows[0][0], '30')
rt = sum(1 for d in test if (((d['pl'] - mu) / sd) * sd + mu) == d['pl'])
print(f'  (python float round trip mean + z*std is exact for {rt}/30 held-out rows)')
print(f'  demo reports {rows[0][1]}/30 exact round trips, max |error| {rows[0][2]}')
checked += 1
if float(rows[0][2]) > 2.3e-16 * 7:
    problems.append(f'sec3 round trip: max |error| {rows[0][2]} exceeds 1 ulp of the values (<= 8.9e-16)')
cmp('sec3 held-out mean z', rows[0][3], zt.mean(), '%.4f'); cmp('sec3 held-out std z', rows[0][4], zt.std(), '%.4f')
rows = table(T, ['x', 'norm_minmax(x, s)', 'clipped', 'inverted']); T += 1
lo, hi = min(train), max(train)
for r, x in zip(rows, [0.5, 1.0, 3.95, 6.9, 7.5]):
    mm = (x - lo) / (hi - lo)
    cmp(f'sec3 minmax x={x}', r[0], x, tol=0)
    cmp(f'sec3 minmax x={x} scaled', r[1], mm, '%7.4f')
    cmp(f'sec3 minmax x={x} clipped', r[2], min(1.0, max(0.0, mm)), '%7.4f')
    cmp(f'sec3 minmax x={x} inverted', r[3], x, tol=2.3e-16)
    if r[3] != repr(x):
        print(f'  note: minmax round trip of {x} prints {r[3]}')
assert len(rows) == 5

# 4. Nile
years = [y for y, _ in nile]; flow = np.array([v for _, v in nile])
fmin, fmax = flow.min(), flow.max()
def roll(k):
    prev = flow[max(0, k - 10):k]
    return prev
rows = table(T, ['year', 'flow', 'mean10', 'std10', 'z', 'flag', 'bar']); T += 1
exp_years = list(range(1881, 1931))
assert [int(r[0]) for r in rows] == exp_years, [r[0] for r in rows]
for r in rows:
    y = int(r[0]); k = years.index(y); p = roll(k); v = flow[k]
    zz = (v - p.mean()) / p.std()
    cmp(f'sec4 {y} flow', r[1], str(int(v)))
    cmp(f'sec4 {y} mean10', r[2], p.mean(), '%6.1f')
    cmp(f'sec4 {y} std10', r[3], p.std(), '%5.1f')
    cmp(f'sec4 {y} z', r[4], zz, '%6.2f')
    cmp(f'sec4 {y} flag', r[5], 'LOW' if zz < -2 else 'HIGH' if zz > 2 else '')
    blen = int(math.floor(40 * (v - fmin) / (fmax - fmin) + 0.5))
    cmp(f'sec4 {y} bar', r[6], '#' * blen)
rows = table(T, ['year', 'flow', 'mean prev 10', 'std prev 10', 'z']); T += 1
flagged = []
for k in range(10, 100):
    p = roll(k); zz = (flow[k] - p.mean()) / p.std()
    if abs(zz) > 2: flagged.append((years[k], flow[k], p.mean(), p.std(), zz))
print('  expected flagged years:', [(f[0], round(f[4], 2)) for f in flagged])
if len(rows) != len(flagged):
    problems.append(f'sec4 flagged: expected years {[f[0] for f in flagged]}, got {[r[0] for r in rows]}')
for r, f in zip(rows, flagged):
    cmp(f'sec4 flagged year', r[0], str(f[0])); cmp(f'sec4 flagged {f[0]} flow', r[1], str(int(f[1])))
    cmp(f'sec4 flagged {f[0]} mean', r[2], f[2], '%6.1f'); cmp(f'sec4 flagged {f[0]} std', r[3], f[3], '%5.1f')
    cmp(f'sec4 flagged {f[0]} z', r[4], f[4], '%6.2f')
rows = table(T, ['years', 'n', 'mean', 'std']); T += 1
for r, (lab, a) in zip(rows, [('1871-1898', flow[:28]), ('1899-1970', flow[28:])]):
    cmp(f'sec4 {lab}', r[0], lab); cmp(f'sec4 {lab} n', r[1], str(len(a)))
    cmp(f'sec4 {lab} mean', r[2], a.mean(), '%.1f'); cmp(f'sec4 {lab} std', r[3], a.std(), '%.1f')

# 5. merge
rows = table(T, ['sepal length', 'n', 'mean', 'var', 'min', 'max']); T += 1
SL = [d['sl'] for d in iris]
def exact_stats(a):
    n = len(a); m = sum(F(x) for x in a) / n; v = sum((F(x) - m) ** 2 for x in a) / n
    return n, float(m), float(v), min(a), max(a)
for r, (lab, a) in zip(rows, [('batch A: ids 1-100', SL[:100]), ('batch B: ids 101-150', SL[100:]),
                              ('norm_merge(A, B)', SL), ('norm_fit(all 150 rows)', SL)]):
    n_, m_, v_, lo_, hi_ = exact_stats(a)
    cmp(f'sec5 {lab}', r[0], lab); cmp(f'sec5 {lab} n', r[1], str(n_))
    cmp(f'sec5 {lab} mean', r[2], m_, tol=5e-15)
    cmp(f'sec5 {lab} var', r[3], v_, tol=5e-15)
    cmp(f'sec5 {lab} min', r[4], lo_, tol=0); cmp(f'sec5 {lab} max', r[5], hi_, tol=0)
rows = table(T, ['same mean (all 53 bits)', 'same var (all 53 bits)', 'same count, min, max']); T += 1
cmp('sec5 same mean', rows[0][0], '1'); cmp('sec5 same var', rows[0][1], '1'); cmp('sec5 same count/min/max', rows[0][2], '1')

if T != len(tables):
    problems.append(f'{len(tables)} tables printed, {T} checked')
print(f'{checked} values checked, {len(problems)} problems')
for p in problems:
    print('  ' + p)

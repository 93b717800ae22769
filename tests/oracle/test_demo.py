#!/usr/bin/python3
"""make demo, checked: runs `sqlite3 :memory: < sql/demo.sql` from the
repository root, as the README says, and checks every number it prints
against numpy and exact fractions (demo/check_output.py), then the same
statistics at full precision through Python's sqlite3 (demo/check_precise.py).

Requirements:
 1. The demo runs without an error (it uses .bail on).
 2. Every value it prints matches the independent computation.
 3. The statistics behind it are correctly rounded (within the few ulps the
    transforms allow).
Prints "ok NAME" / "FAIL NAME: detail" ("skip" when the demo is not in this
checkout).
"""
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HERE = os.path.join(ROOT, "tests", "oracle", "demo")
SQLITE3 = os.environ.get("SQLITE3", "sqlite3")
EXT = os.environ.get("NORMALIZE_EXT") or os.path.join(ROOT, "dist", "normalize")
DATA = ["/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv",
        "/usr/lib/python3/dist-packages/statsmodels/datasets/nile/nile.csv"]

if not os.path.exists(os.path.join(ROOT, "sql", "demo.sql")):
    print("skip demo: sql/demo.sql is not in this checkout")
    sys.exit(0)
missing = [p for p in DATA if not os.path.exists(p)]
if missing:
    print(f"FAIL demo: reference data missing: {', '.join(missing)} (apt-get install python3-sklearn "
          "python3-statsmodels; .ci/run does)")
    sys.exit(0)

with open(os.path.join(ROOT, "sql", "demo.sql")) as f:
    demo = subprocess.run([SQLITE3, ":memory:"], stdin=f, capture_output=True, text=True, cwd=ROOT, timeout=120)
if demo.returncode != 0 or demo.stderr.strip():
    print(f"FAIL demo runs: status {demo.returncode}: {demo.stderr.strip()[:300]}")
    sys.exit(0)
print("ok demo runs (make demo)")

out_file = os.path.join(ROOT, "dist", "demo.out")
os.makedirs(os.path.dirname(out_file), exist_ok=True)
with open(out_file, "w") as f:
    f.write(demo.stdout)


def run_checker(name, args):
    p = subprocess.run(["/usr/bin/python3", os.path.join(HERE, name)] + args, capture_output=True, text=True,
                       cwd=ROOT, timeout=300)
    return p.returncode, p.stdout + p.stderr


rc, text = run_checker("check_output.py", [out_file])
m = re.search(r"^(\d+) values checked, (\d+) problems$", text, re.M)
if rc != 0 or not m:
    print(f"FAIL demo output check did not finish: {text.strip()[-400:]}")
elif m.group(2) != "0":
    for line in text[m.end():].strip().splitlines():
        print(f"FAIL demo output: {line.strip()}")
else:
    print(f"ok demo output: all {m.group(1)} printed values match numpy and exact fractions")

rc, text = run_checker("check_precise.py", [EXT])
m = re.search(r"^(\d+) problems$", text, re.M)
if rc != 0 or not m:
    print(f"FAIL demo precise check did not finish: {text.strip()[-400:]}")
elif m.group(1) != "0":
    for line in text[m.end():].strip().splitlines():
        print(f"FAIL demo statistics: {line.strip()}")
else:
    print("ok demo statistics at full precision: correctly rounded means and variances, z within its ulp bound")

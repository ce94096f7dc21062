#!/usr/bin/env python3
"""ref_table_check.py -- compare a fingerpost CSV with a reference CSV made by
a peer (tests/ref/...). Usage:
  ref_table_check.py EXPECTED GOT KEYS COLS [RELTOL]
KEYS and COLS are comma-separated column names (a column may be written
EXP=GOT when the names differ). Rows are matched on KEYS; every COLS cell
must agree to RELTOL relative (default 1e-9) or both be empty. Every
expected row must be present. Prints one line per mismatch and a summary;
exit 1 on any mismatch."""
import csv
import sys

exp_path, got_path, keys, cols = sys.argv[1:5]
tol = float(sys.argv[5]) if len(sys.argv) > 5 else 1e-9


def pairs(spec):
    return [tuple(c.split("=", 1)) if "=" in c else (c, c) for c in spec.split(",")]


keys, cols = pairs(keys), pairs(cols)
got = {}
for r in csv.DictReader(open(got_path, newline="")):
    got[tuple(r[g] for _, g in keys)] = r
bad = n = 0
for e in csv.DictReader(open(exp_path, newline="")):
    k = tuple(e[x] for x, _ in keys)
    g = got.get(k)
    n += 1
    if g is None:
        print(f"{k}: missing"); bad += 1; continue
    for ec, gc in cols:
        a, b = g[gc], e[ec]
        if a == "" or b == "":
            ok = a == b
        else:
            try:
                ok = abs(float(a) - float(b)) <= tol * abs(float(b)) + 1e-300
            except ValueError:
                ok = a == b
        if not ok:
            print(f"{k}: {gc} {a!r} != {b!r}"); bad += 1
print(f"{n} rows, {bad} mismatches")
sys.exit(1 if bad else 0)

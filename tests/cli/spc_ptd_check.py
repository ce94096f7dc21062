#!/usr/bin/env python3
"""spc_ptd_check.py -- compare `fingerpost trend -m spc --spc-points` output
with NHSRplotthedots' ptd_spc (tests/ref/spc/spc_expected.csv, made by
tests/ref/spc/make_ref.R). Usage: spc_ptd_check.py CASE EXPECTED GOT.
Every point's value, centre and limits agree to 1e-9 relative (an absolute
1e-12 floor for limits near zero); segment, special_cause_type and
point_type agree exactly. Prints one line per mismatch; exit 1 if any."""
import csv
import sys

case, exp_path, got_path = sys.argv[1:4]
exp = [r for r in csv.DictReader(open(exp_path)) if r["case"] == case]
got = {(r["area_code"], r["period"]): r for r in csv.DictReader(open(got_path))}
bad = 0


def close(a, b):
    if a == "" or b == "":
        return a == b
    a, b = float(a), float(b)
    return abs(a - b) <= 1e-9 * abs(b) + 1e-12


if not exp:
    print(f"{case}: no expected rows"); sys.exit(1)
for e in exp:
    key = (e["area"], e["period"])
    g = got.get(key)
    if g is None:
        print(f"{case} {key}: missing from fingerpost output"); bad += 1; continue
    for ek, gk in (("y", "value"), ("mean_col", "centre"), ("lpl", "lower"), ("upl", "upper")):
        if not close(g[gk], e[ek]):
            print(f"{case} {key}: {gk} {g[gk]} != {e[ek]}"); bad += 1
    if int(g["segment"]) != int(e["rebase_group"]):
        print(f"{case} {key}: segment {g['segment']} != {e['rebase_group']}"); bad += 1
    for ek, gk in (("special_cause_type", "special_cause_type"), ("point_type", "point_type")):
        if g[gk] != e[ek]:
            print(f"{case} {key}: {gk} '{g[gk]}' != '{e[ek]}'"); bad += 1
if len(got) != len(exp):
    print(f"{case}: {len(got)} points from fingerpost, {len(exp)} expected"); bad += 1
print(f"{case}: {len(exp)} points, {bad} mismatches")
sys.exit(1 if bad else 0)

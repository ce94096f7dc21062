#!/usr/bin/env python3
"""consistency.py REPORT_CSV COMPARE_CSV [--skip=FIELD] -- every field that `report` and
`compare` both show must agree, for every scorecard indicator with data.

Both commands are formatters of one assessment (fingerpost/assess.h), so
they must give the same period, value, England, region and neighbour
values, significance word, rank, quartile, trend and target status. The
report's scorecard.csv writes some numbers in full and some at the
indicator's decimal places; compare writes them at the indicator's decimal
places (the dictionary's dps, in full when it has none). So two numbers
agree when they are within half a unit in the last place of the one with
fewer decimals (the rounding of the other). Prints one line per mismatch and
exits 1 when there is any."""
import csv
import sys


def num_agrees(rep, cmp):
    if rep == "" or cmp == "":
        return rep == cmp
    dps = min(len(x.split(".")[1]) if "." in x else 0 for x in (rep, cmp))
    return abs(float(rep) - float(cmp)) <= 0.5 * 10 ** -dps * (1 + 1e-9) + 1e-12


def main():
    skip = set(a[7:] for a in sys.argv[3:] if a.startswith("--skip="))
    rep = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    cmp = {r["indicator"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
    numbers = [("value", "value"), ("england", "england"), ("region", "region"),
               ("neighbours", "neighbours")]
    words = [("period", "period"), ("compared_england", "vs_england"),
             ("compared_region", "vs_region_95"), ("compared_neighbours", "vs_neighbours_95"),
             ("rank", "rank"), ("n_ranked", "ranked_of"), ("quartile", "quartile"),
             ("trend", "trend"), ("trend_method", "trend_method"),
             ("trend_window", "trend_window"), ("trend_disagree", "trend_disagree"),
             ("target_status", "target_status")]
    bad = checked = 0
    for r in rep:
        code = r["indicator"]
        if not code or r["value"] == "":
            continue            # no public data, or no value for the area
        c = cmp.get(code)
        if c is None:
            print(f"{r['number']} {code}: in the report, not in compare")
            bad += 1
            continue
        checked += 1
        for rk, ck in numbers:
            if not num_agrees(r[rk], c[ck]):
                print(f"{r['number']} {code} {rk}: report {r[rk]!r}, compare {c[ck]!r}")
                bad += 1
        for rk, ck in words:
            if rk in skip:
                continue
            rv = r[rk]
            if rk == "rank" and rv == "0":
                rv = ""
            if rv != c[ck]:
                print(f"{r['number']} {code} {rk}: report {rv!r}, compare {c[ck]!r}")
                bad += 1
    print(f"{checked} indicators compared, {bad} mismatches")
    sys.exit(1 if bad or not checked else 0)


main()

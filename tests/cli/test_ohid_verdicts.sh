#!/bin/bash
# test_ohid_verdicts.sh -- `compare` reproduces OHID's own "Compared to
# England value or percentiles" column of the shipped Fingertips export
# (datasets/fingertips_injuries_0to14_90284.csv, indicator 90284, the rule
# OHID applies: England's value outside the area's 95% interval is
# significant, better or worse by the polarity, "lower is better") for every
# local-authority row OHID compares (Better, Similar or Worse), persons, male
# and female, every period: compare --all-areas --period P, joined on area
# (ONS code -> LA number through datasets/areas.csv) and period. Rows OHID
# marks "Not compared" are skipped, and so are the deprivation-decile rows
# (England by decile against England overall: not an area against England).
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "skip: python3 not found"; exit 77; }
D=$FP_SRC/datasets
X=$D/fingertips_injuries_0to14_90284.csv
periods=$(python3 -c "
import csv, sys
print(' '.join(sorted({r['Time period'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig'))})))" "$X")
for p in $periods; do
    f="$T/c_$(echo "$p" | tr / _).csv"
    "$FP" compare --all-columns --all-areas --indicator 90284,90284/Male,90284/Female --period "$p" -o "$f" 2>"$T/err"
    check "compare --period $p" $?
done
python3 - "$X" "$D/areas.csv" "$T" <<'PY' || fail=1
import csv, glob, sys
export, areas, tmp = sys.argv[1:4]
num = {}
for r in csv.DictReader(open(areas, encoding="utf-8")):
    for code in [r["ons_code"]] + [c for c in r["former_ons_codes"].split(";") if c]:
        num[code] = r["la_number"]
got = {}
for f in glob.glob(tmp + "/c_*.csv"):
    for r in csv.DictReader(open(f, encoding="utf-8")):
        got[(r["indicator"], r["area_code"], r["period"])] = r["vs_england_95"]
want = {"Better": "better", "Similar": "similar", "Worse": "worse"}
n = bad = 0
for r in csv.DictReader(open(export, encoding="utf-8-sig")):
    v = r["Compared to England value or percentiles"]
    if v not in want or r["Category Type"] or r["Area Code"] == "E92000001":
        continue
    ind = "90284" if r["Sex"] == "Persons" else "90284/" + r["Sex"]
    key = (ind, num.get(r["Area Code"], r["Area Code"]), r["Time period"])
    n += 1
    if got.get(key) != want[v]:
        bad += 1
        if bad <= 10:
            print("FAIL: %s %s %s: OHID %s, compare %s" % (key + (v, got.get(key))))
# 5,701 rows (Python over the export: not a category, not England, verdict
# Better/Similar/Worse), exact repeats included.
print("%s: %d of %d OHID verdicts reproduced" % ("ok" if not bad and n == 5701 else "FAIL", n - bad, n))
sys.exit(1 if bad or n != 5701 else 0)
PY
exit $fail

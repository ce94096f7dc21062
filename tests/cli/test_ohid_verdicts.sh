#!/bin/bash
# test_ohid_verdicts.sh -- `compare` reproduces OHID's own "Compared to
# England value or percentiles" column of the real Fingertips export
# (../shared/data/real/fingertips/injuries_0to14_90284_county_ua.csv, the
# same bytes as the shipped datasets/fingertips_injuries_0to14_90284.csv;
# indicator 90284, the rule OHID applies: England's value outside the area's
# 95% interval is significant, better or worse by the polarity, "lower is
# better") for every local-authority row OHID compares (Better, Similar or
# Worse), persons, male and female, every period: compare --all-areas
# --period P, joined on (indicator, area_code, period) where area_code must
# be the file's own Area Code (issue 18.4: the code the file gave, not the
# DfE LA number, which is the la_number column). Every local-authority row
# of the file must come out under its own Area Code. Rows OHID marks "Not
# compared" are skipped, and so are the deprivation-decile rows (England by
# decile against England overall: not an area against England).
#
# The export's parent for every council row is England (E92000001): it has
# no region rows and no "Compared to Region" column, so each row's region
# comparison must say why it is not made (issue 18.3: never "not compared"
# without a reason); region verdicts against a London region row are tested
# in test_area_geography.sh.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "skip: python3 not found"; exit 77; }
D=$FP_SRC/datasets
X=$D/fingertips_injuries_0to14_90284.csv
R=${FP_SHARED:-$FP_SRC/../shared}/data/real/fingertips/injuries_0to14_90284_county_ua.csv
[ -f "$R" ] && X=$R
periods=$(python3 -c "
import csv, sys
print(' '.join(sorted({r['Time period'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig'))})))" "$X")
for p in $periods; do
    f="$T/c_$(echo "$p" | tr / _).csv"
    "$FP" compare --all-columns --all-areas --indicator 90284,90284/Male,90284/Female --period "$p" -o "$f" "$X" 2>"$T/err"
    check "compare --period $p" $?
done
python3 - "$X" "$T" <<'PY' || fail=1
import csv, glob, sys
export, tmp = sys.argv[1:3]
got, rows = {}, []
for f in glob.glob(tmp + "/c_*.csv"):
    for r in csv.DictReader(open(f, encoding="utf-8")):
        got[(r["indicator"], r["area_code"], r["period"])] = r["vs_england_95"]
        rows.append(r)
want = {"Better": "better", "Similar": "similar", "Worse": "worse"}
n = bad = 0
keys = set()
for r in csv.DictReader(open(export, encoding="utf-8-sig")):
    if r["Category Type"] or r["Area Code"] == "E92000001" or r["Sex"] not in ("Persons", "Male", "Female"):
        continue
    ind = "90284" if r["Sex"] == "Persons" else "90284/" + r["Sex"]
    key = (ind, r["Area Code"], r["Time period"])
    keys.add(key)
    v = r["Compared to England value or percentiles"]
    if v not in want:
        continue
    n += 1
    if got.get(key) != want[v]:
        bad += 1
        if bad <= 10:
            print("FAIL: %s %s %s: OHID %s, compare %s" % (key + (v, got.get(key))))
# 5,701 rows (Python over the export: not a category, not England, verdict
# Better/Similar/Worse), exact repeats included.
print("%s: %d of %d OHID verdicts reproduced" % ("ok" if not bad and n == 5701 else "FAIL", n - bad, n))
# Every council row of the file, under the file's own Area Code, and no
# other code; la_number is the DfE number beside it.
# (Councils listed without a row at a period -- Dorset before 2012/13 --
# carry the code the file gives them at other periods.)
out = {(r["indicator"], r["area_code"], r["period"]) for r in rows}
codes = {k[1] for k in keys}
missing, extra = keys - out, {k for k in out if k[1] not in codes}
print("%s: area_code is the file's Area Code on all %d rows (%d missing, %d other)"
      % ("ok" if not missing and not extra else "FAIL", len(keys), len(missing), len(extra)))
for k in sorted(missing)[:5] + sorted(extra)[:5]:
    print("  ", k)
nonum = [r for r in rows if not r["la_number"].isdigit()]
print("%s: la_number is a DfE LA number on every row (%d without)" % ("FAIL" if nonum else "ok", len(nonum)))
# Region: the export has no region rows, so no row may be "not compared"
# without a reason.
silent = [r for r in rows if r["vs_region_95"] == "not compared" and "region not compared" not in r["note"]]
print("%s: every region 'not compared' has its reason (%d without)" % ("FAIL" if silent else "ok", len(silent)))
sys.exit(1 if bad or n != 5701 or missing or extra or nonum or silent else 0)
PY
exit $fail

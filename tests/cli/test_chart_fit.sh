#!/bin/bash
# test_chart_fit.sh -- charts fit for a paper (issue 18, item 10):
#  - a count (children looked after, not a rate) is never drawn against
#    England's or the region's total, which would flatten the area at the
#    bottom of an axis scaled to the nation: not in `chart trend`, `chart
#    compare`, the report's trend charts or its inline sparklines; the alt
#    text says why;
#  - spine-chart labels are never cut so that rows look alike: three
#    indicators whose names share their first 70 characters (and hold '%',
#    which gnuplot's tic formatter cuts to 50 bytes) are drawn in full,
#    wrapped; two 190-character names that differ only in the middle keep
#    the words that differ ("North", "South").
# Text is read back from the SVG with Python's XML parser.
. "$(dirname "$0")/lib.sh"
command -v gnuplot > /dev/null || { echo "skip: gnuplot not installed"; exit 77; }
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

"$PY" - "$T" <<'EOF2'
import csv, sys
out = sys.argv[1]
base = "Percentage of pupils persistently absent (10% or more of sessions), "
long_head = "Average waiting time for children's community health services referred by general practice and schools"
names = {
    "PA1": base + "state-funded primary schools, year to date",
    "PA2": base + "state-funded secondary schools, year to date",
    "PA3": base + "special schools, year to date",
    "LW1": long_head + " in the North, physiotherapy, speech and language therapy and dietetics (weeks), illustrative",
    "LW2": long_head + " in the South, physiotherapy, speech and language therapy and dietetics (weeks), illustrative",
    "CNT": "Number of children looked after",
}
areas = [("England", "E92000001", "country", "")] + \
        [("LA %d" % i, "E0699%04d" % i, "local authority", "North West") for i in range(1, 9)] + \
        [("North West", "E12000002", "region", "")]
with open(out + "/d.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["indicator", "indicator_name", "area", "area_code", "area_type", "region", "period", "value", "unit", "polarity"])
    for code, name in names.items():
        for k, (a, c, t, r) in enumerate(areas):
            for yr in (2022, 2023, 2024):
                if code == "CNT":
                    v = {"country": 80000, "region": 15000}.get(t, 300 + 20 * k) + 10 * (yr - 2022)
                    unit = "count"
                else:
                    v = 20 + k + 0.5 * (yr - 2022)
                    unit = "%"
                w.writerow([code, name, a, c, t, r, yr, v, unit, "low"])
with open(out + "/sc.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["number", "name", "theme", "lait_code"])
    w.writerow(["1", "Children looked after (number)", "Care", "CNT"])
    w.writerow(["2", "Persistent absence, primary", "School", "PA1"])
EOF2
D="$T/d.csv"
A=E06990003

# svg_text FILE: every <text> of an SVG, one per line (expat).
svg_text() {
    "$PY" -c 'import sys, xml.etree.ElementTree as ET
for e in ET.parse(sys.argv[1]).iter("{http://www.w3.org/2000/svg}text"): print("".join(e.itertext()))' "$1"
}

# ------------------------------------------------------------------ counts
"$FP" chart trend -i CNT -a $A --out "$T/ct" "$D" > /dev/null 2>&1
f=$(ls "$T"/ct/trend_CNT_*.csv 2> /dev/null | head -1)
[ -n "$f" ] && [ -z "$(cut -d, -f5,6 "$f" | tail -n +2 | tr -d ',\n')" ]
check "chart trend of a count: no England or region values in its table" $?
svg_text "${f%.csv}.svg" > "$T/tt"
! grep -qx "England" "$T/tt" && ! grep -qx "North West" "$T/tt"
check "... and no England or region line in the SVG's key" $?
grep -q "England and the region are not shown: the values are counts" "${f%.csv}.alt.txt"
check "... the alt text says why" $?
"$FP" chart compare -i CNT -a $A --out "$T/cc" "$D" > /dev/null 2>&1
f=$(ls "$T"/cc/compare_CNT_*.csv 2> /dev/null | head -1)
[ -n "$f" ] && ! grep -q "^England," "$f" && ! grep -q "^North West," "$f" && grep -q "^LA 3," "$f"
check "chart compare of a count: the areas' bars without England's and the region's totals" $?
"$FP" chart trend -i PA1 -a $A --out "$T/cp" "$D" > /dev/null 2>&1
f=$(ls "$T"/cp/trend_PA1_*.csv 2> /dev/null | head -1)
[ -n "$f" ] && [ -n "$(cut -d, -f5 "$f" | tail -n +2 | tr -d '\n')" ]
check "a percentage still has its England line" $?

"$FP" report -s "$T/sc.csv" -d "$D" -a $A -o "$T/r" > /dev/null 2>&1
check "report with a count line: exit 0" $?
[ -f "$T/r/charts/indicator_1.csv" ] && [ -z "$(cut -d, -f5,6 "$T/r/charts/indicator_1.csv" | tail -n +2 | tr -d ',\n')" ] &&
    [ -n "$(cut -d, -f5 "$T/r/charts/indicator_2.csv" | tail -n +2 | tr -d '\n')" ]
check "report: the count's trend chart has no England or region values; the percentage's has" $?
"$PY" - "$T/r/scorecard.html" <<'EOF2'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
sparks = re.findall(r'<svg class="spark".*?</svg>', html, flags=re.S)
assert len(sparks) == 2, len(sparks)
eng = ['class="eng"' in s for s in sparks]
assert eng.count(True) == 1 and eng.count(False) == 1, eng
EOF2
check "report: the count's sparkline has no England line; the percentage's has" $?

# ------------------------------------------------------------------- spine
"$FP" chart spine -a $A --out "$T/sp" "$D" > /dev/null 2>&1
f=$(ls "$T"/sp/spine_*.svg 2> /dev/null | head -1)
[ -n "$f" ] && svg_text "$f" > "$T/st"
check "chart spine: written" $?
"$PY" - "$T/st" <<'EOF2'
import sys
text = " ".join(l.strip() for l in open(sys.argv[1], encoding="utf-8"))
base = "Percentage of pupils persistently absent (10% or more of sessions), "
for tail in ("state-funded primary schools, year to date", "state-funded secondary schools, year to date",
             "special schools, year to date"):
    assert base + tail + " (2024)" in text, tail
assert " North, " in text and " South, " in text, "the words that differ were left out"
EOF2
check "spine labels: the 3 long '%' names drawn in full, wrapped; 'North' and 'South' kept" $?

exit $fail

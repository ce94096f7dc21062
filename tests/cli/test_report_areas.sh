#!/bin/bash
# test_report_areas.sh -- `fingerpost report --areas/--all-areas` on the
# shipped demo data: a folder per area (CODE-Name) and index.html linking
# each; every area's files byte-identical to a single-area run (the same
# SOURCE_DATE_EPOCH fixes the stamp), so loading the data once and drawing
# every chart in one batch changes nothing; the index's counts recomputed
# here from each scorecard.csv (compared_england); scorecard.xlsx read back
# with openpyxl and each sheet checked against scorecard.csv
# (report_workbook.py); and
# `compare -f xlsx` with the default columns likewise.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:?set FP_SRC to the source tree}
export FINGERPOST_NO_PROGRESS=1 SOURCE_DATE_EPOCH=1700000000

# Three areas, one given with its own option; "Isles of Scilly" has almost
# no data (the smallest authority), so its folder is the edge case.
"$FP" report --areas Sefton,Knowsley --areas "Isles of Scilly" --out "$T/m" 2> "$T/err"
check "--areas: exit 0" $?
for f in 343-Sefton 340-Knowsley 420-Isles_of_Scilly; do
    for x in scorecard.html scorecard.csv scorecard.md scorecard.xlsx; do
        [ -s "$T/m/$f/$x" ] || { echo "missing $f/$x"; false; }
    done
done
check "--areas: a folder per area (LA number-Name) with the four files" $?
[ "$(ls "$T/m" | tr '\n' ' ')" = "340-Knowsley 343-Sefton 420-Isles_of_Scilly index.html " ]
check "--areas: nothing else in the output folder (no batch scripts left)" $?
ls "$T/m/343-Sefton/charts/"*.svg > /dev/null 2>&1; check "--areas: charts drawn into each folder" $?

# Index: one link per area, in the order given, each to an existing page.
grep -o 'href="[^"]*/scorecard.html"' "$T/m/index.html" | sed 's/href="//; s/"$//' > "$T/links"
[ "$(tr '\n' ' ' < "$T/links")" = "343-Sefton/scorecard.html 340-Knowsley/scorecard.html 420-Isles_of_Scilly/scorecard.html " ]
check "index.html links each area's scorecard, in order" $?
while read -r l; do [ -f "$T/m/$l" ] || echo "dead link $l"; done < "$T/links" > "$T/dead"
[ ! -s "$T/dead" ]; st=$?; check "index.html: every link resolves $(cat "$T/dead")" $st
grep -q '<caption>' "$T/m/index.html" && grep -q '<th scope="row">' "$T/m/index.html" \
    && grep -q '<html lang="en-GB">' "$T/m/index.html"
check "index.html: table with caption, row headers, language" $?

# The index's summary, recomputed from each area's scorecard.csv: indicators
# with a comparison with England, and how many better / worse.
for f in 343-Sefton 340-Knowsley 420-Isles_of_Scilly; do
    want=$(/usr/bin/python3 - "$T/m/$f/scorecard.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
v = [r["compared_england"] for r in rows]
t = sum(1 for x in v if x and x != "not compared")
b = sum(1 for x in v if x.startswith("better"))
w = sum(1 for x in v if x.startswith("worse"))
print('%d of %d</td><td class="n">%d</td><td class="n">%d<' % (t, len(rows), b, w))
EOF
)
    grep -F "$f/scorecard.html" "$T/m/index.html" | grep -qF "$want" || echo "counts of $f differ ($want)"
done > "$T/cnt"
[ ! -s "$T/cnt" ]; st=$?; check "index.html: tested/better/worse counts equal those of each scorecard.csv $(cat "$T/cnt")" $st

# Each area's files equal a single-area run's, byte for byte (the workbook
# too: SOURCE_DATE_EPOCH fixes its creation time).
for a in Sefton Knowsley "Isles of Scilly"; do
    case $a in Sefton) f=343-Sefton ;; Knowsley) f=340-Knowsley ;; *) f=420-Isles_of_Scilly ;; esac
    "$FP" report --area "$a" --out "$T/one_$f" 2> /dev/null || echo "single run of $a failed"
    for x in scorecard.csv scorecard.xlsx scorecard.md scorecard.html; do
        cmp -s "$T/one_$f/$x" "$T/m/$f/$x" || echo "$f/$x differs from the single-area run"
    done
    diff -r "$T/one_$f/charts" "$T/m/$f/charts" > /dev/null || echo "$f/charts differ"
done > "$T/diffs"
[ ! -s "$T/diffs" ]; st=$?; check "every area's csv, xlsx, md, html and charts = the single-area run's $(cat "$T/diffs")" $st

# Options.
"$FP" report --area Sefton --all-areas --out "$T/x" 2> /dev/null; [ $? = 2 ]
check "--area with --all-areas: usage error" $?
"$FP" report --no-charts --area Sefton,Knowsley --out "$T/two" 2> /dev/null; [ $? = 2 ] && [ ! -e "$T/two" ]
check "--area naming two areas: usage error (--areas gives each a folder)" $?
"$FP" report --no-charts --areas Sefton,Nowhere --out "$T/n" 2> "$T/err"; [ $? = 1 ]
check "--areas with an unknown area: exit 1" $?
grep -q "area 'Nowhere' is not in the data" "$T/err" && [ -f "$T/n/343-Sefton/scorecard.csv" ]
check "... names it and still writes the others" $?
"$FP" report --no-charts --areas "Bristol, City of" --out "$T/b" 2> /dev/null \
    && [ -f "$T/b/801-Bristol_City_of/scorecard.csv" ]
check "--areas: a name with a comma is one area" $?
"$FP" report --help | grep -q -- "--all-areas"; check "--help documents --all-areas" $?

# Workbooks read back, cell by cell against the CSV.
openpyxl_python
if [ -n "$PY" ]; then
    for f in 343-Sefton 420-Isles_of_Scilly; do
        "$PY" "$SRC/tests/cli/report_workbook.py" "$T/m/$f/scorecard.xlsx" "$T/m/$f/scorecard.csv" > /dev/null
        check "$f: scorecard.xlsx's sheets hold scorecard.csv's cells (report_workbook.py)" $?
    done
    "$PY" - "$T/m/343-Sefton/scorecard.xlsx" <<'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
head = [c.value for c in ws[1]]
num, cmp = head.index("number") + 1, head.index("compared_england") + 1
rows = {ws.cell(r, num).value: r for r in range(2, ws.max_row + 1)}
# "1.10" stays text (Excel would read it as 1.1).
assert ws.cell(rows["1.10"], num).data_type == "s", "1.10 not text"
# The England verdict keeps its word and is filled (worse: red, better: green).
ok = 0
for r in rows.values():
    c = ws.cell(r, cmp)
    if c.value and c.value.startswith(("worse", "better")):
        assert c.fill.fgColor.rgb not in (None, "00000000"), "verdict %r not filled" % c.value
        ok += 1
assert ok > 0, "no verdict to check"
assert ws.title == "scorecard" and "sources" in wb.sheetnames
EOF
    check "scorecard.xlsx: '1.10' is text, England verdicts filled with the word kept" $?
    "$FP" compare --area Sefton -f xlsx -o "$T/c.xlsx" 2> /dev/null && "$FP" compare --area Sefton > "$T/c.csv" 2> /dev/null \
        && "$PY" "$XC" "$T/c.xlsx" "$T/c.csv" indicator > /dev/null
    check "compare -f xlsx (default columns) = its CSV, cell by cell" $?
fi

# compare's default columns and --columns.
"$FP" compare --area Sefton 2> /dev/null | head -1 | cut -d, -f1-18 > "$T/h"
[ "$(cat "$T/h")" = "indicator,indicator_name,area_name,period,value,lower95,upper95,england,region,neighbours,vs_england,rank,ranked_of,quartile,trend,trend_window,target_status,note" ]
check "compare: the default columns" $?
[ "$("$FP" compare --area Sefton --columns indicator,value,quintile 2> /dev/null | head -1 | cut -d, -f1-3)" = "indicator,value,quintile" ]
check "compare --columns chooses and orders" $?
"$FP" compare --area Sefton --columns nope > /dev/null 2>&1; [ $? = 2 ]; check "compare: unknown column is a usage error" $?
# Decimal places: 6wksBreast has dps 2 in the shipped data dictionary, and
# Sefton's neighbour mean is 34.75125 (scorecard.csv writes it in full):
# compare shows 34.75, and --dp 4 gives 34.7513 (half away from zero).
[ "$(csv_cell "$T/m/343-Sefton/scorecard.csv" neighbours 6wksBreast 4)" = 34.75125 ]
check "report: Sefton 6wksBreast neighbour mean 34.75125 in full" $?
"$FP" compare --area Sefton -i 6wksBreast > "$T/b.csv" 2> /dev/null
[ "$(csv_cell "$T/b.csv" neighbours 6wksBreast 1)" = 34.75 ]; check "compare: at the dictionary's 2 decimals" $?
"$FP" compare --area Sefton -i 6wksBreast --dp 4 > "$T/b4.csv" 2> /dev/null
[ "$(csv_cell "$T/b4.csv" neighbours 6wksBreast 1)" = 34.7513 ]; check "compare --dp 4" $?
exit $fail

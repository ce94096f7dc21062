#!/bin/bash
# test_valid_files.sh -- every workbook, SVG and HTML page fingerpost writes
# parses, whatever the input (issue 22, "Files that are not valid XML or not
# what Excel accepts"), read back by real parsers (parse_outputs.py:
# Python's expat for every XML part and SVG, openpyxl for workbooks,
# html.parser and a scan for characters XML forbids for HTML; xmllint too
# when installed; headless Chromium for the HTML pages when installed). The data put U+FFFF, U+FFFE, C0 controls, DEL, a C1
# control and markup characters into indicator, area, line and theme names.
# And Excel's limit of 32,767 characters a cell is counted in characters:
# a note of 20,000 'é' (40,000 bytes) is kept whole, one of 40,000 is cut
# to 32,767 characters with a warning, one of 20,000 U+1F600 (two UTF-16
# units each, as Excel counts) to 16,383.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
PARSE="$SRC/tests/cli/parse_outputs.py"
PY=""
for p in /usr/bin/python3 python3; do
    if command -v "$p" > /dev/null && "$p" -c 'import openpyxl' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "skip: python3-openpyxl not installed (scripts/deps.sh test installs it)"; exit 77; }

"$PY" - "$T" <<'EOF2'
import csv, sys
out = sys.argv[1]
bad = "A\uffffB\ufffeC\x01D\x1bE\x7fF\u0085G<&>'\""
with open(out + "/bad.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow("indicator,indicator_name,area,area_code,area_type,period,value,unit,polarity,numerator,denominator".split(","))
    for y, (e, s, o) in enumerate([(60, 45, 50), (61, 47, 52), (62, 50, 49)]):
        yr = 2021 + y
        w.writerow(["P", "Name " + bad, "England", "E92000001", "country", yr, e, "%", "higher", e * 10, 1000])
        w.writerow(["P", "Name " + bad, "Area " + bad, "E06000999", "local authority", yr, s, "%", "higher", s, 100])
        w.writerow(["P", "Name " + bad, "Other " + bad, "E06000998", "local authority", yr, o, "%", "higher", o, 100])
with open(out + "/nb.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["area_code", "neighbour_code", "rank"])
    w.writerow(["E06000999", "E06000998", 1])
with open(out + "/badsc.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["number", "name", "theme", "lait_code", "mapping_note"])
    w.writerow(["1.1", "Line " + bad, "Theme " + bad, "P", "Note " + bad])
with open(out + "/longsc.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["number", "name", "theme", "lait_code", "mapping_note"])
    w.writerow(["1.1", "Twenty thousand", "T", "EYFS_GLD", "\u00e9" * 20000])
    w.writerow(["1.2", "Forty thousand", "T", "EYFS_GLD", "\u00e9" * 40000])
    w.writerow(["1.3", "Astral", "T", "EYFS_GLD", "\U0001F600" * 20000])
EOF2

D="$T/bad.csv"
xmllint_all() {
    command -v xmllint > /dev/null || return 0
    for f in "$@"; do xmllint --noout "$f" 2> /dev/null || { echo "xmllint: $f"; return 1; }; done
}
xlsx_parts() {   # unzip a workbook's XML parts for xmllint
    rm -rf "$T/parts" && mkdir "$T/parts" && (cd "$T/parts" && "$PY" -c 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall()' "$1") &&
        xmllint_all $(find "$T/parts" -name '*.xml' -o -name '*.rels')
}

# Workbooks of the table commands.
for cmd in "compare --all-columns -a E06000999" "trend --all-columns" "areas" "indicators --all-columns"; do
    set -- $cmd
    out="$T/$1.xlsx"
    "$FP" $cmd -f xlsx -o "$out" "$D" 2> /dev/null
    rc=$?
    [ $rc = 0 ] && "$PY" "$PARSE" "$out" > /dev/null && xlsx_parts "$out"
    check "$1 -f xlsx with U+FFFF, U+FFFE and controls in names: every part parses, openpyxl loads it" $?
done

# Charts.
"$FP" chart trend -a E06000999 --out "$T/ct" "$D" "$T/nb.csv" > /dev/null 2>&1
"$FP" chart compare -a E06000999 --out "$T/ct" "$D" "$T/nb.csv" > /dev/null 2>&1
n=$(ls "$T"/ct/*.svg 2> /dev/null | wc -l)
[ "$n" -ge 2 ] && "$PY" "$PARSE" "$T"/ct/*.svg > /dev/null && xmllint_all "$T"/ct/*.svg
check "chart trend and compare: $n SVGs (names in <title> and labels) parse" $?

# The report: HTML, workbook, charts.
"$FP" report -s "$T/badsc.csv" -d "$D" -a E06000999 -o "$T/rb" > /dev/null 2>&1
check "report on names with forbidden characters: exit 0" $?
"$PY" "$PARSE" "$T/rb/scorecard.html" "$T/rb/scorecard.xlsx" "$T"/rb/charts/*.svg > /dev/null &&
    xlsx_parts "$T/rb/scorecard.xlsx" && xmllint_all "$T"/rb/charts/*.svg
check "report: scorecard.html, scorecard.xlsx and the chart SVGs parse" $?
# The same pages in a browser: headless Chromium (lib.sh's fp_chromium_pages).
# Without Chromium only this check is skipped.
"$FP" report -s "$T/badsc.csv" -d "$D" --areas E06000999,E06000998 -o "$T/rm" > /dev/null 2>&1
check "report --areas on names with forbidden characters: exit 0" $?
n=$(ls "$T"/rm/*/scorecard.html 2> /dev/null | wc -l)
[ "$n" = 2 ] && "$PY" "$PARSE" "$T/rm/index.html" "$T"/rm/*/scorecard.html "$T"/rm/*/scorecard.xlsx > /dev/null
check "report --areas: index.html and the $n areas' pages and workbooks parse" $?
if fp_chromium_find; then
    fp_chromium_pages "main table" "$T/rb/scorecard.html" "$T/rm/index.html" "$T"/rm/*/scorecard.html
    check "Chromium loads scorecard.html and index.html (names with forbidden characters): <main>, <table>, DOM elements as written" $?
else
    echo "skip: chromium not installed (scripts/deps.sh test installs it): the pages were not loaded in a browser"
fi
"$PY" - "$T/rb/scorecard.xlsx" <<'EOF2'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
vals = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
line = [v for v in vals if v.startswith("Line ")]
assert line and line[0].startswith("Line A\ufffdB\ufffdC"), line
EOF2
check "report workbook: U+FFFF and U+FFFE shown as U+FFFD, the rest of the name kept" $?

# Excel's cell limit, in characters.
"$FP" report --no-charts -s "$T/longsc.csv" -o "$T/rl" 2> "$T/err"
check "report with 20,000- and 40,000-character notes: exit 0" $?
grep -q "2 workbook cells were longer than Excel's 32767 characters and were cut" "$T/err"
check "... warns of the 2 cells cut (not the 20,000 'é' note of 40,000 bytes)" $?
"$PY" - "$T/rl/scorecard.xlsx" <<'EOF2'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
head = [c.value for c in ws[1]]
num, note = head.index("number") + 1, head.index("note") + 1
got = {ws.cell(r, num).value: ws.cell(r, note).value for r in range(2, ws.max_row + 1)}
assert got["1.1"] == "\u00e9" * 20000, len(got["1.1"])
assert got["1.2"] == "\u00e9" * 32767, len(got["1.2"])
assert got["1.3"] == "\U0001F600" * 16383, len(got["1.3"])
EOF2
check "workbook cells: 20,000 'é' whole; 40,000 cut to 32,767; U+1F600 x 20,000 cut to 16,383 (32,766 UTF-16 units)" $?
"$PY" "$PARSE" "$T/rl/scorecard.xlsx" > /dev/null; check "... and the workbook parses" $?

exit $fail

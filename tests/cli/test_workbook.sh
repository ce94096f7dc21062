#!/bin/bash
# test_workbook.sh -- the report's workbook and `-f xlsx` fit for a paper
# (issue 18, item 10): every number cell holds the full value and shows it
# with the indicator's decimals as its number format (not 60.7964297974597
# in General, not a rounded copy); the report's scorecard.xlsx is a
# scorecard sheet plus long sheets (targets, published_checks, time_series,
# neighbours) and sources, no sheet wider than 50 columns, each cell equal
# to scorecard.csv's (report_workbook.py, read with openpyxl).
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
openpyxl_python
[ -n "$PY" ] || exit 77

"$FP" report --no-charts --out "$T/r" 2> /dev/null; check "report on the shipped data: exit 0" $?
"$PY" "$SRC/tests/cli/report_workbook.py" "$T/r/scorecard.xlsx" "$T/r/scorecard.csv" > "$T/out"
rc=$?
check "scorecard.xlsx: scorecard, targets, published_checks, time_series, neighbours, sources; cells = scorecard.csv ($(cat "$T/out"))" $rc

# 1.1 EYFS: Sefton's tested 2021/22 value 60.7964297974597 (the newest,
# 2025, is LAIT's 65.2) is in full in scorecard.csv; the workbook cell holds
# that value and shows the dictionary's decimals, as do its interval and
# England beside it.
"$PY" - "$T/r/scorecard.xlsx" "$T/r/scorecard.csv" <<'EOF2'
import csv, re, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["scorecard"]
row = next(r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")) if r["number"] == "1.1")
head = [c.value for c in ws[1]]
cells = {ws.cell(r, 1).value: {h: ws.cell(r, j + 1) for j, h in enumerate(head)} for r in range(2, ws.max_row + 1)}
col = next(h for h in ("value", "tested_value") if h in row and "." in row[h] and len(row[h].split(".")[1]) > 6)
c = cells["1.1"][col]
assert abs(c.value - float(row[col])) <= 1e-14 * abs(c.value), (col, c.value, row[col])
assert re.fullmatch(r"0\.0+", c.number_format), (col, c.number_format)     # shown with decimals
pre = col[:-len("value")]
for h in ("lower95", "upper95", "england"):
    d = cells["1.1"].get(pre + h)
    assert d is None or d.value is None or d.number_format == c.number_format, (pre + h, d.number_format)
assert cells["1.1"]["rank"].value is None or cells["1.1"]["rank"].number_format == "0"
EOF2
check "1.1: the cell holds 60.7964297974597 in full, shown with the indicator's decimals (not General)" $?

# compare -f xlsx: 6wksBreast's neighbour mean is 34.75125; compare writes
# it at the dictionary's 2 decimals (34.75) and the workbook cell holds
# 34.75125 shown as 0.00. --dp 4: shown as 0.0000, still 34.75125.
"$FP" compare --area Sefton -i 6wksBreast -f xlsx -o "$T/b.xlsx" 2> /dev/null
"$FP" compare --area Sefton -i 6wksBreast --dp 4 -f xlsx -o "$T/b4.xlsx" 2> /dev/null
"$PY" - "$T/b.xlsx" "$T/b4.xlsx" <<'EOF2'
import sys, openpyxl
for path, fmt in ((sys.argv[1], "0.00"), (sys.argv[2], "0.0000")):
    ws = openpyxl.load_workbook(path).worksheets[0]
    head = [c.value for c in ws[1]]
    c = ws.cell(2, head.index("neighbours") + 1)
    assert abs(c.value - 34.75125) < 1e-12 and c.number_format == fmt, (path, c.value, c.number_format)
EOF2
check "compare -f xlsx: the neighbour mean 34.75125 in full, shown 0.00 (and 0.0000 with --dp 4)" $?
"$FP" compare --area Sefton -i 6wksBreast > "$T/b.csv" 2> /dev/null
"$PY" "$XC" "$T/b.xlsx" "$T/b.csv" indicator > /dev/null; check "... and shows what the CSV shows" $?

exit $fail

#!/bin/bash
# test_report_trend.sh -- trend cells that cannot contradict (issue 18.7):
# every output states the window the trend verdict rests on ("2021–2025,
# 5 points"), and when the Fingertips recent trend and Mann-Kendall
# disagree, every output says so -- the report's HTML trend cell, its
# Markdown and CSV, and compare (trend_window, trend_disagree, note).
#
# Sefton's looked-after rate (LAC, shipped LAIT data with counts derived
# from LACnum): the recent trend on 2021-2025 finds "decreasing" (99.8%)
# while Mann-Kendall on the ten values 2016-2025 finds no significant
# change. The expected windows are the periods of the shipped
# lait_scorecard.csv (Sefton's LAC values 2016..2025, one a year).
. "$(dirname "$0")/lib.sh"
export FINGERPOST_NO_PROGRESS=1 SOURCE_DATE_EPOCH=1700000000
W='2021–2025, 5 points'
D="methods disagree: Mann-Kendall (2016–2025, 10 points) finds 'no significant change'"
Dh="methods disagree: Mann-Kendall (2016–2025, 10 points) finds &apos;no significant change&apos;"

"$FP" report --area Sefton --no-charts --out "$T/r" 2> /dev/null
check "report: exit 0" $?
# The HTML trend cell of line 3.1: the verdict, its window and the note.
python3 - "$T/r/scorecard.html" "$W" "$Dh" <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
row = re.search(r'<tr id="ind-3\.1".*?</tr>', html, re.S).group(0)
cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
cell = [c for c in cells if "decreasing and getting better" in c]
assert cell, "no trend cell with the verdict"
c = cell[0]
assert '<div class="ind-sub trend-window">%s</div>' % sys.argv[2] in c, c
assert '<div class="ind-sub trend-disagree">%s</div>' % sys.argv[3] in c, c
EOF
check "report HTML: LAC's trend cell carries the window ($W) and the disagreement" $?
grep -F "| 3.1 |" "$T/r/scorecard.md" | head -1 | grep -qF "decreasing and getting better ($W); $D"
check "report Markdown: the same in the trend column" $?
[ "$(csv_cell "$T/r/scorecard.csv" trend_window LAC 4)" = "$W" ] \
    && [ "$(csv_cell "$T/r/scorecard.csv" trend_disagree LAC 4)" = "$D" ]
check "report CSV: trend_window and trend_disagree columns" $?

# A line whose methods agree carries the window and no disagreement; a
# Mann-Kendall verdict states its own window (6wksBreast: 8 values).
[ "$(csv_cell "$T/r/scorecard.csv" trend_disagree 6wksBreast 4)" = "" ] \
    && [ -n "$(csv_cell "$T/r/scorecard.csv" trend_window 6wksBreast 4)" ]
check "report CSV: agreeing methods: a window, no disagreement" $?
w=$(csv_cell "$T/r/scorecard.csv" trend_window 6wksBreast 4)
m=$(csv_cell "$T/r/scorecard.csv" trend_method 6wksBreast 4)
case "$m" in "Mann-Kendall, "*) n=${m#Mann-Kendall, }; n=${n%% points*};; *) n=x;; esac
case "$w" in *", $n points") true;; *) false;; esac
check "the window counts the points the method names ('$w' beside '$m')" $?

# compare: the same fields.
"$FP" compare --area Sefton -i LAC --all-columns -o "$T/c.csv" 2> /dev/null
[ "$(csv_cell "$T/c.csv" trend_window LAC 1)" = "$W" ] \
    && [ "$(csv_cell "$T/c.csv" trend_disagree LAC 1)" = "$D" ] \
    && csv_cell "$T/c.csv" note LAC 1 | grep -qF "$D"
check "compare: trend_window, trend_disagree and the note say the same" $?
"$FP" compare --area Sefton -i LAC 2> /dev/null | head -1 | grep -q ",trend,trend_window,"
check "compare: trend_window is a default column, beside trend" $?
exit $fail

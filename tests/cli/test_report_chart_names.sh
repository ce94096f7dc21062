#!/usr/bin/env bash
# test_report_chart_names.sh -- scorecard numbers that map to one chart file
# name ("1/1" and "1 1" both become indicator_1_1) get distinct charts, alt
# texts and tables (issue 14, item 6): nothing is overwritten.
. "$(dirname "$0")/lib.sh"
command -v gnuplot >/dev/null || { echo "gnuplot not installed"; exit 77; }
cat > "$T/sc.csv" <<'CSV'
number,name,theme,priority,lait_code,numerator_code,denominator_code,polarity
1/1,Children looked after,Heard,,LAC,LACnum,,Low
1 1,Child protection plans,Heard,,CPP_rate,,,
CSV
"$FP" report --scorecard "$T/sc.csv" --out "$T/o" 2>/dev/null
check "report exit 0" $?
n=$(ls "$T/o/charts" | grep -c '\.svg$')
[ "$n" = 2 ]; check "two charts, not one overwritten (got $n)" $?
[ -f "$T/o/charts/indicator_1_1.svg" ] && [ -f "$T/o/charts/indicator_1_1_2.svg" ]
check "second one is indicator_1_1_2" $?
grep -q 'looked after' "$T/o/charts/indicator_1_1.alt.txt" && grep -q 'protection' "$T/o/charts/indicator_1_1_2.alt.txt"
check "each alt text describes its own indicator" $?
grep -q 'indicator_1_1_2.svg' "$T/o/scorecard.html"; check "the page links the second chart" $?
exit $fail

#!/bin/bash
# test_chart_funnel_od.sh -- `fingerpost chart funnel --overdispersion` on the
# Fingertips injuries export (datasets/fingertips_injuries_0to14_90284.csv,
# indicator 90284, 2023/24, 151 counties and UAs), against the peers:
# tests/ref/funnel (tests/ref/funnel/make_ref.R: FunnelPlotR 0.6.0 and
# PHEindicatormethods 2.1.0 on the same counts, England's value as the
# target). tests/cli/funnel_vs_ref.py compares every area's limits (1e-6
# relative) and flag. Also: the flag column, phi and tau^2 in the alt text,
# a ratio funnel (--statistic ratio), and usage errors.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:?}
D="$SRC/datasets/fingertips_injuries_0to14_90284.csv"
R="$SRC/tests/ref/funnel"
PY=$(command -v python3) || { echo "skip: no python3"; exit 77; }

outside() { awk -F, 'NR > 1 && $NF != "Not significant" { n++ } END { print n + 0 }' "$1"; }

"$FP" chart funnel -i 90284 --out "$T/none" "$D" 2> "$T/err"
check "plain funnel exits 0" $?
[ "$(outside "$T/none/funnel_90284.csv")" = 113 ]
check "plain funnel: 113 of 151 outside the 95% limits (as before)" $?
grep -q "overdispersion phi 21.01" "$T/none/funnel_90284.alt.txt"
check "plain funnel: the alt text says the areas are overdispersed (phi 21.01)" $?
"$PY" "$SRC/tests/cli/funnel_vs_ref.py" "$T/none/funnel_90284.csv" "$R" none log winsorise 0.1 10000
check "plain funnel: flags = PHEindicatormethods assign_funnel_significance (pooled average, same flags here)" $?

for m in additive multiplicative; do
    "$FP" chart funnel -i 90284 --overdispersion $m --out "$T/$m" "$D" 2> "$T/err"
    check "--overdispersion $m exits 0" $?
    "$PY" "$SRC/tests/cli/funnel_vs_ref.py" "$T/$m/funnel_90284.csv" "$R" $m log winsorise 0.1 10000
    check "--overdispersion $m: limits and flags = reference (log scale, Winsorised 10%)" $?
done
n=$(outside "$T/additive/funnel_90284.csv")
[ "$n" = 18 ]
check "additive: 18 of 151 outside the 95% limits, not 113 (got $n)" $?
grep -q "additive: tau^2 0.04224, phi 21.01" "$T/additive/funnel_90284.alt.txt"
check "additive: alt text gives tau^2 and phi" $?
grep -q "95% limits (overdispersed)" "$T/additive/funnel_90284.gp"
check "additive: the key says the limits are overdispersed" $?

"$FP" chart funnel -i 90284 --overdispersion additive --od-trim truncate --out "$T/tr" "$D" 2> "$T/err"
check "--od-trim truncate exits 0" $?
"$PY" "$SRC/tests/cli/funnel_vs_ref.py" "$T/tr/funnel_90284.csv" "$R" additive log truncate 0.1 10000
check "truncated 10%: limits = reference, flags = FunnelPlotR funnel_plot (SHMI method)" $?
"$FP" chart funnel -i 90284 --overdispersion additive --od-scale sqrt --od-trim-by 0.05 --out "$T/sq" "$D" 2> "$T/err"
check "--od-scale sqrt --od-trim-by 0.05 exits 0" $?
"$PY" "$SRC/tests/cli/funnel_vs_ref.py" "$T/sq/funnel_90284.csv" "$R" additive sqrt winsorise 0.05 10000
check "sqrt scale, Winsorised 5%: limits and flags = reference" $?

# A ratio funnel: a small tidy file of observed and expected counts (ISR x 100).
# Expected flags from PHEindicatormethods 2.1.0 (commit 093fd28):
#   d <- data.frame(o = c(260, 40, 900, 140, 315), e = c(200, 50, 900, 200, 300))
#   assign_funnel_significance(d, o, e, statistic = "ratio")$significance
#   # High (0.001), Not significant, Not significant, Low (0.001), Not significant
cat > "$T/isr.csv" <<'CSV'
area_code,area_name,indicator,period,value,numerator,denominator,unit,polarity
E92000001,England,ISR,2024,100,5000,5000,ISR x 100,low
E08000001,Bolton,ISR,2024,130,260,200,ISR x 100,low
E08000002,Bury,ISR,2024,80,40,50,ISR x 100,low
E08000003,Manchester,ISR,2024,100,900,900,ISR x 100,low
E08000004,Oldham,ISR,2024,70,140,200,ISR x 100,low
E08000005,Rochdale,ISR,2024,105,315,300,ISR x 100,low
CSV
"$FP" chart funnel -i ISR --out "$T/isr" "$T/isr.csv" 2> "$T/err"
check "ratio funnel (unit 'ISR x 100') exits 0" $?
grep -q "against their expected counts" "$T/isr/funnel_ISR.alt.txt"
check "ratio funnel: against the expected counts" $?
[ "$(csv_cell "$T/isr/funnel_ISR.csv" flag Bolton 1)" = "High (0.001)" ]
check "ratio funnel: Bolton 260 of 200 expected is High (0.001) (exact/Byar's CI above 1)" $?
[ "$(csv_cell "$T/isr/funnel_ISR.csv" significance Bolton 1)" = "Worse" ]
check "ratio funnel: Bolton is Worse (lower is better)" $?
flags=$(awk -F, 'NR > 1 { printf "%s;", $NF }' "$T/isr/funnel_ISR.csv")
[ "$flags" = "High (0.001);Not significant;Not significant;Low (0.001);Not significant;" ]
check "ratio funnel: every flag = PHEindicatormethods (got $flags)" $?

"$FP" chart funnel -i 90284 --overdispersion lots --out "$T/x" "$D" > /dev/null 2> "$T/err"
[ $? = 2 ] && grep -q "none, multiplicative or additive" "$T/err"
check "bad --overdispersion is a usage error" $?
"$FP" chart funnel -i 90284 --od-trim truncate --od-trim-by 0.15 --out "$T/x" "$D" > /dev/null 2> "$T/err"
[ $? = 2 ] && grep -q "od-trim-by" "$T/err"
check "truncation into 1/0.15 groups is a usage error" $?
"$FP" chart funnel -i 90284 --statistic odds --out "$T/x" "$D" > /dev/null 2> "$T/err"
[ $? = 2 ]
check "bad --statistic is a usage error" $?
exit "$fail"

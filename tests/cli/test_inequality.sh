#!/bin/bash
# test_inequality.sh -- `fingerpost inequality` on the shipped Fingertips
# injuries export: its deprivation decile breakdowns become one series per
# sex, category type and period, and every SII, RII and limit (95%, 99.8%)
# of the 48 complete series equals PHEindicatormethods' phe_sii (commit
# 093fd288, run by tests/ref/sii/make_ref_fingertips.R after set.seed(1))
# to 1e-9 relative; incomplete series say why.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
REF=$SRC/tests/ref/sii
DATA=$SRC/datasets/fingertips_injuries_0to14_90284.csv
"$FP" inequality --all-columns "$DATA" > "$T/ineq.csv" 2> "$T/err"
check "inequality runs (exit 0)" $?
python3 "$(dirname "$0")/ref_table_check.py" "$REF/sii_fingertips_expected.csv" "$T/ineq.csv" \
    indicator,category_type,period \
    sii,sii_lower95_0cl,sii_upper95_0cl,sii_lower99_8cl,sii_upper99_8cl,rii,rii_lower95_0cl,rii_upper95_0cl,rii_lower99_8cl,rii_upper99_8cl 1e-9
check "48 decile series equal phe_sii's SII, RII and limits" $?
[ "$(grep -c ',rate,' "$T/ineq.csv")" = 57 ]; check "57 series, all rates" $?
grep -q '"County & UA deprivation deciles in England (IMD2019, 4/19 and 4/20 geog.)",970,England,2016/17,10,rate,.*2 of 10 quantiles have a value' "$T/ineq.csv"
check "an incomplete series says how many deciles it has" $?
grep -q '^90284/Male,.*(Male),"County & UA deprivation deciles' "$T/ineq.csv"
check "a sex breakdown stays apart from the category type" $?
"$FP" inequality -i 90284/Female --sii-ci analytic "$DATA" > "$T/f.csv"
[ "$(tail -n +2 "$T/f.csv" | cut -d, -f1 | sort -u)" = "90284/Female" ]; check "-i keeps one indicator" $?
"$FP" inequality --seed x "$DATA" > /dev/null 2>&1; [ $? = 2 ]; check "--seed x is a usage error" $?
"$FP" inequality "$SRC/tests/ref/spc/spc_input.csv" > "$T/none.csv" 2> "$T/none.err"
check "data without breakdowns: exit 0" $?
grep -q "no deprivation decile or quintile breakdowns" "$T/none.err"; check "... and a warning" $?
exit $fail

#!/bin/bash
# test_ees_options.sh -- the read options on the command line: validate's and
# trend's --ees-indicator and --polarity CODE=P, an indicator-definitions file
# with a polarity-only row, and their usage errors. Data: the fixture
# tests/data/real/ees_sample.csv (5 CLA rows at kept levels; Sefton 9 of 20).
. "$(dirname "$0")/lib.sh"
S=${FP_SRC:?}/tests/data/real/ees_sample.csv
"$FP" validate --ees-indicator 'CLA_MET=numerator:t_met,denominator:t_pupils,filter:social_care_group=CLA' \
    "$S" >"$T/out" 2>"$T/err"
check "validate --ees-indicator exits 0" $?
grep -qx "ees_sample.csv: ees, 5 rows" <(sed 's#.*/##' "$T/out"); check "5 rows of the defined indicator" $?
grep -qx "indicators: 1 (1 described)" "$T/out"; check "only the defined indicator" $?
"$FP" validate --ees-indicator 'CLA_MET=numerator:t_met' "$S" >"$T/out" 2>"$T/err"; [ $? = 2 ]
check "a definition without a value or denominator is a usage error" $?
grep -q "bad --ees-indicator 'CLA_MET=numerator:t_met': give value:COLUMN, or numerator:COLUMN and denominator:COLUMN" "$T/err"
check "and says why" $?
"$FP" validate --polarity 'X=sideways' "$S" >"$T/out" 2>"$T/err"; [ $? = 2 ]; check "bad --polarity CODE=P" $?
# A definitions file: the CLA_MET columns and a polarity-only row for it.
cat > "$T/defs.csv" <<'CSV'
indicator,name,value,numerator,denominator,filter,unit,polarity
CLA_MET,Met the standard (CLA),,t_met,t_pupils,social_care_group=CLA,%,
CLA_MET,,,,,,,low
CSV
"$FP" trend --method mk --area Sefton --indicator CLA_MET "$T/defs.csv" "$S" >"$T/t.csv" 2>"$T/err"
check "trend reads the definitions file" $?
[ "$(csv_cell "$T/t.csv" polarity CLA_MET 1)" = lower ]; check "polarity from the polarity-only row" $?
[ "$(csv_cell "$T/t.csv" area_code CLA_MET 1)" = 343 ]; check "Sefton keyed 343 through the identity" $?
"$FP" trend --method mk --area Sefton --indicator CLA_MET --polarity CLA_MET=high "$T/defs.csv" "$S" \
    >"$T/t.csv" 2>"$T/err"
[ "$(csv_cell "$T/t.csv" polarity CLA_MET 1)" = higher ]; check "--polarity CODE=P wins" $?
"$FP" trend --method mk --area E08000014 \
    --ees-indicator 'M=numerator:t_met,denominator:t_pupils,filter:social_care_group=CIN' "$S" \
    >"$T/t.csv" 2>"$T/err"
[ "$(csv_cell "$T/t.csv" area M 1)" = Sefton ]; check "trend --ees-indicator, --area by ONS code" $?
exit $fail

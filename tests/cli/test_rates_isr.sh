#!/bin/bash
# test_rates_isr.sh -- end-to-end tests of `fingerpost rates --type isr` and
# `--type israte` (indirectly standardised ratios and rates).
#
# Expected values come from PHEindicatormethods' own ISR test data, copied
# unchanged to tests/ref/phe/ (see its README.md):
#   input    testdata_DSR_ISR__testdata_multiarea_isr.csv (areas testdata_big,
#            testdata_small, testdata_tiny; one row per age band with count,
#            pop and the reference refcount, refpop: refpoptype = "field")
#   results  testdata_DSR_ISR__testresults_ISR.csv, rows 1-12: observed,
#            expected, ref_rate, value and the 95% and 99.8% limits that
#            calculate_ISRate (multiplier 100000 and 1000) and
#            calculate_ISRatio (refvalue 1 and 100) give for those areas.
# Its last four rows (Area1/Area2) come from an input set not in
# tests/ref/phe and are not used here (the unit test isr_phe checks them
# from their observed and expected columns).
# Tolerance: 1e-9 relative, as tests/unit/test_rates.c (isr_phe).
# The error groups are made up; their expected notes are fingerpost's own
# wording (docs/cli.md, rates).
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:?set FP_SRC to the source tree}
IN=$SRC/tests/ref/phe/testdata_DSR_ISR__testdata_multiarea_isr.csv
RES=$SRC/tests/ref/phe/testdata_DSR_ISR__testresults_ISR.csv
TOL=1e-9
[ -r "$IN" ] && [ -r "$RES" ] || { echo "FAIL: PHE test data missing in $SRC/tests/ref/phe"; exit 1; }

# The PHE result rows of one statistic, as a CSV with the header.
results() { { head -n 1 "$RES"; grep -F "\"$1\"" "$RES"; } > "$T/want.csv"; }

# compare OUT DESC: every area's numbers in OUT against want.csv.
compare() {
    local out=$1 desc=$2 area c got want
    for area in testdata_big testdata_small testdata_tiny; do
        for c in observed expected value lower95_0cl upper95_0cl lower99_8cl upper99_8cl; do
            got=$(csv_cell "$out" "$c" "$area" 1)
            want=$(csv_cell "$T/want.csv" "$c" "$area" 1)
            num_close "$got" "$want" "$TOL"
            check "$desc: $area $c = $want (got '$got')" $?
        done
        got=$(csv_cell "$out" method "$area" 1)
        want=$(csv_cell "$T/want.csv" method "$area" 1)
        [ "$got" = "$want" ]
        check "$desc: $area method $want (got '$got')" $?
    done
}

# 1. Ratios: calculate_ISRatio, refvalue 1 (the default) and 100.
"$FP" rates --type isr --group area "$IN" > "$T/isr1.csv"
check "isr exits 0" $?
results "indirectly standardised ratio x 1"
compare "$T/isr1.csv" "isr x 1"
head -n 1 "$T/isr1.csv" | grep -qx 'area,observed,expected,value,lower95_0cl,upper95_0cl,lower99_8cl,upper99_8cl,method,note,methods_version,data_version'
check "isr header" $?
grep -q ',fingerpost-methods-1,testdata_DSR_ISR__testdata_multiarea_isr.csv$' "$T/isr1.csv"
check "isr metadata columns" $?
[ "$(wc -l < "$T/isr1.csv")" -eq 4 ]
check "isr: one row per group" $?
# testdata_tiny has one band (10-14) with count, pop and refcount missing:
# counted as 0 as PHEindicatormethods does, and said so.
[ "$(csv_cell "$T/isr1.csv" note testdata_tiny 1)" = "missing values in 1 age band counted as 0" ]
check "isr: tiny's missing band noted" $?
[ -z "$(csv_cell "$T/isr1.csv" note testdata_big 1)" ]
check "isr: no note for big" $?

"$FP" rates --type isr --multiplier 100 --group area "$IN" > "$T/isr100.csv"
check "isr x 100 exits 0" $?
results "indirectly standardised ratio x 100"
compare "$T/isr100.csv" "isr x 100"

# 2. Rates: calculate_ISRate, multiplier 100000 (the default) and 1000.
"$FP" rates --type israte --group area "$IN" > "$T/rate1e5.csv"
check "israte exits 0" $?
results "indirectly standardised rate per 100000"
compare "$T/rate1e5.csv" "israte per 100000"
for area in testdata_big testdata_small testdata_tiny; do
    num_close "$(csv_cell "$T/rate1e5.csv" ref_rate "$area" 1)" "$(csv_cell "$T/want.csv" ref_rate "$area" 1)" "$TOL"
    check "israte per 100000: $area ref_rate" $?
done
"$FP" rates --type israte --multiplier 1000 --group area "$IN" > "$T/rate1e3.csv"
check "israte per 1000 exits 0" $?
results "indirectly standardised rate per 1000"
compare "$T/rate1e3.csv" "israte per 1000"

# 3. Other column names (--numerator/--denominator/--x-ref/--n-ref), and the
# reference given as a rate per 100,000 per band (--ref-rate): the same
# ratios. The rate column is refcount/refpop*100000 to 17 significant digits.
awk -F, 'BEGIN { OFS = "," }
  NR == 1 { print "area,band,deaths,people,eng_deaths,eng_people,eng_rate"; next }
  { r = ($6 == "" || $5 == "") ? "" : sprintf("%.17g", $5 / $6 * 100000)
    print $1, $2, $3, $4, $5, $6, r }' "$IN" > "$T/renamed.csv"
"$FP" rates --type isr -m 100 -g area -n deaths -d people --x-ref eng_deaths --n-ref eng_people \
    "$T/renamed.csv" > "$T/ren.csv"
check "isr with named columns exits 0" $?
results "indirectly standardised ratio x 100"
compare "$T/ren.csv" "isr, --x-ref/--n-ref"
"$FP" rates --type isr -m 100 -g area -n deaths -d people --ref-rate eng_rate --ref-rate-per 100000 \
    "$T/renamed.csv" > "$T/rr.csv"
check "isr --ref-rate exits 0" $?
compare "$T/rr.csv" "isr, --ref-rate per 100000"

# 4. Confidence levels, --dp and other formats.
"$FP" rates --type isr -m 100 -g area --confidence 90 --dp 2 "$IN" > "$T/dp.csv"
check "isr --confidence 90 --dp 2 exits 0" $?
head -n 1 "$T/dp.csv" | grep -q ',value,lower90_0cl,upper90_0cl,method,'
check "isr: limits named by level" $?
[ "$(csv_cell "$T/dp.csv" value testdata_big 1)" = "107.07" ]
check "isr --dp 2: 107.07" $?
"$FP" rates --type israte -g area -f json "$IN" > "$T/out.json"
check "israte --format json exits 0" $?
grep -q '"ref_rate"' "$T/out.json" && grep -q '"testdata_tiny"' "$T/out.json"
check "israte json has ref_rate and the groups" $?

# 5. Error groups: each gets a note and no value; the others are computed.
cat > "$T/err.csv" <<'CSV'
area,band,count,pop,refcount,refpop
ok,0-39,30,1000,200,10000
ok,40+,25,500,300,5000
zero_expected,0-39,3,1000,0,10000
zero_expected,40+,2,500,0,5000
negative,0-39,-3,1000,200,10000
negative,40+,20,500,300,5000
no_refpop,0-39,3,1000,200,
no_refpop,40+,20,500,300,5000
neg_pop,0-39,3,-1000,200,10000
=HYPERLINK(1),0-39,30,1000,200,10000
CSV
"$FP" rates --type isr -g area "$T/err.csv" > "$T/err_out.csv" 2> "$T/err.txt"
check "error groups: exit 0 (notes are data, not errors)" $?
# ok: O = 55, E = 1000*0.02 + 500*0.06 = 50, ratio 1.1; Byar's limits of 55
# (PHEindicatormethods::byars_lower/upper, docs/methods.md) divided by 50.
num_close "$(csv_cell "$T/err_out.csv" expected ok 1)" 50 "$TOL"; check "ok: expected 50" $?
num_close "$(csv_cell "$T/err_out.csv" value ok 1)" 1.1 "$TOL"; check "ok: ratio 1.1" $?
note() { csv_cell "$T/err_out.csv" note "$1" 1; }
value() { csv_cell "$T/err_out.csv" value "$1" 1; }
[ "$(note zero_expected)" = "zero or missing expected count" ] && [ -z "$(value zero_expected)" ]
st=$?; check "zero expected: note '$(note zero_expected)', no value" $st
[ "$(note negative)" = "negative count" ] && [ -z "$(value negative)" ]
st=$?; check "negative count: note '$(note negative)', no value" $st
[ "$(note no_refpop)" = "zero or missing reference population" ] && [ -z "$(value no_refpop)" ]
st=$?; check "missing refpop: note '$(note no_refpop)', no value" $st
[ "$(note neg_pop)" = "negative population or reference value" ] && [ -z "$(value neg_pop)" ]
st=$?; check "negative population: note '$(note neg_pop)', no value" $st
grep -q "^\"'=HYPERLINK(1)\"," "$T/err_out.csv"
check "group key guarded against formula injection" $?

# A cell that is not a number: that group noted, the rest computed, exit 1.
printf 'area,count,pop,refcount,refpop\nA,5,100,10,1000\nB,five,100,10,1000\nB,2,100,10,1000\n' > "$T/bad.csv"
"$FP" rates --type isr -g area "$T/bad.csv" > "$T/bad_out.csv" 2> "$T/bad.txt"
[ $? -eq 1 ]; check "text in a count cell: exit 1" $?
grep -q "bad.csv:3:2: warning: count 'five' is not a number" "$T/bad.txt"
st=$?; check "text cell reported as FILE:LINE:COL ($(head -n 1 "$T/bad.txt"))" $st
[ "$(csv_cell "$T/bad_out.csv" note B 1)" = "cells that are not numbers (reported on stderr)" ]
check "group B noted" $?
num_close "$(csv_cell "$T/bad_out.csv" value A 1)" 5 "$TOL"; check "group A computed (5/1)" $?
# A row with too few fields: its group noted, exit 1.
printf 'area,count,pop,refcount,refpop\nA,5,100,10,1000\nB,2,100,10\nB,2,100,10,1000\n' > "$T/short.csv"
"$FP" rates --type isr -g area "$T/short.csv" > "$T/short_out.csv" 2> /dev/null
[ $? -eq 1 ]; check "short row: exit 1" $?
[ "$(csv_cell "$T/short_out.csv" note B 1)" = "a row with the wrong number of fields (reported on stderr)" ] \
    && [ -z "$(csv_cell "$T/short_out.csv" value B 1)" ]
check "short row: group B noted, no value" $?

# 6. Usage and header errors.
"$FP" rates --type israte --ref-rate r "$IN" > /dev/null 2>&1
[ $? -eq 2 ]; check "israte with --ref-rate: usage error" $?
"$FP" rates --type rate --x-ref refcount "$IN" > /dev/null 2>&1
[ $? -eq 2 ]; check "--x-ref with --type rate: usage error" $?
"$FP" rates --type isr --ref-rate r --x-ref refcount "$IN" > /dev/null 2>&1
[ $? -eq 2 ]; check "--ref-rate with --x-ref: usage error" $?
"$FP" rates --type isr -g area --n-ref nosuch "$IN" > "$T/none.csv" 2> "$T/none.txt"
[ $? -eq 1 ] && grep -q "no column 'nosuch' in the header (use --n-ref" "$T/none.txt"
check "missing reference column: exit 1 with message" $?
"$FP" rates --help | grep -q 'israte'
check "--help lists isr and israte" $?

exit "$fail"

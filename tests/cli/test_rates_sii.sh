#!/bin/bash
# test_rates_sii.sh -- `rates --type sii` against PHEindicatormethods'
# phe_sii (commit 093fd288) on the package's own SII test data:
# tests/ref/sii/make_ref.R ran phe_sii on 14 cases (normal, rate and
# proportion values; SE or limits; deciles and quintiles; 10,000 and 100,000
# draws; multipliers 100, -100, -1, 0.5; log and logit transforms) for each
# of two areas after set.seed(1). fingerpost draws R's own random numbers, so
# with its default seed (1) every SII, RII, intercept and limit at 95% and
# 99.8% -- the simulated ones included -- agrees to 1e-9 relative. The
# analytic alternative is checked against the same formulas evaluated in R
# (sii_analytic.csv).
. "$(dirname "$0")/lib.sh"
REF=$(cd "$(dirname "$0")/../ref/sii" && pwd)
CHK="python3 $(dirname "$0")/ref_table_check.py"
COLS=sii=value,sii_lower95_0cl=lower95_0cl,sii_upper95_0cl=upper95_0cl,sii_lower99_8cl=lower99_8cl,sii_upper99_8cl=upper99_8cl,rii,rii_lower95_0cl,rii_upper95_0cl,rii_lower99_8cl,rii_upper99_8cl,intercept

run_case() {   # CASE EXPECTED FLAGS...
    local c=$1 exp=$2; shift 2
    awk -F, -v c="\"$c\"" 'NR == 1 || $1 == c' "$REF/sii_input.csv" > "$T/in_$c.csv"
    awk -F, -v c="\"$c\"" 'NR == 1 || $1 == c' "$REF/$exp" > "$T/exp_$c.csv"
    if "$FP" rates --type sii --group area "$@" "$T/in_$c.csv" > "$T/out_$c.csv" 2> "$T/err_$c"; then
        $CHK "$T/exp_$c.csv" "$T/out_$c.csv" area "$COLS" 1e-9 > "$T/chk_$c"
        st=$?; check "$c $* matches phe_sii ($(tail -1 "$T/chk_$c"))" $st
        [ $? = 0 ] || cat "$T/chk_$c"
    else
        cat "$T/err_$c"; check "$c runs" 1
    fi
}
run_case LE_SE sii_expected.csv --se se
run_case LE_CL sii_expected.csv
run_case LE_10K sii_expected.csv --se se --repetitions 10000
run_case LE_QUINT sii_expected.csv --se se
run_case RATE_SE sii_expected.csv --se se --value-type rate
run_case RATE_CL sii_expected.csv --value-type rate
run_case PROP_CL sii_expected.csv --value-type proportion
run_case PROP_X100 sii_expected.csv --value-type proportion -m 100
run_case PROP_XM100 sii_expected.csv --value-type proportion -m -100
run_case RATE_LOG sii_expected.csv --value-type rate --transform
run_case RATE_LOG_NEG sii_expected.csv --value-type rate --transform -m -1
run_case RATE_LOG_HALF sii_expected.csv --value-type rate --transform -m 0.5
run_case PROP_LOGIT sii_expected.csv --value-type proportion --transform
run_case PROP_LOGIT_NEG sii_expected.csv --value-type proportion --transform -m -1
run_case LE_SE sii_analytic.csv --se se --sii-ci analytic
run_case RATE_CL sii_analytic.csv --value-type rate --sii-ci analytic

# The seed is the interval's: another seed, another (close) interval, the
# same one every run; the method column says which.
awk -F, 'NR == 1 || $1 == "\"LE_SE\""' "$REF/sii_input.csv" > "$T/le.csv"
"$FP" rates --type sii --group area --se se --seed 7 "$T/le.csv" > "$T/s7a.csv"
"$FP" rates --type sii --group area --se se --seed 7 "$T/le.csv" > "$T/s7b.csv"
cmp -s "$T/s7a.csv" "$T/s7b.csv"; check "the same seed gives the same interval" $?
grep -q '"simulation 100000 reps, seed 7"' "$T/s7a.csv"; check "method names the draws and the seed" $?
a=$(csv_cell "$T/s7a.csv" lower95_0cl area1 1); b=$(csv_cell "$T/out_LE_SE.csv" lower95_0cl area1 1)
[ "$a" != "$b" ] && num_close "$a" "$b" 0.02; check "seed 7 differs from seed 1 by Monte Carlo error only" $?

# The package's refusals, as notes (one bad group never stops the others).
printf 'area,quantile,population,value,lowercl,uppercl\n' > "$T/bad.csv"
for q in 1 2 3 4; do echo "few,$q,100,$q,0.5,9" >> "$T/bad.csv"; done
for q in 1 2 3 4 5; do echo "negpop,$q,$([ $q = 3 ] && echo -5 || echo 100),$q,0.5,9" >> "$T/bad.csv"; done
for q in 1 2 3 4 5; do echo "ok,$q,100,$q,0.5,9" >> "$T/bad.csv"; done
"$FP" rates --type sii --group area "$T/bad.csv" > "$T/bad.out"
check "groups with problems do not fail the run" $?
[ "$(csv_cell "$T/bad.out" note few 1)" = "number of quantiles must be between 5 and 100" ]
check "4 quantiles: no SII" $?
csv_cell "$T/bad.out" note negpop 1 | grep -q "population of 0 or less"; check "negative population: no SII" $?
[ -n "$(csv_cell "$T/bad.out" value ok 1)" ]; check "the good group still has its SII" $?
"$FP" rates --type sii --repetitions 999 "$T/bad.csv" > /dev/null 2>&1; [ $? = 2 ]
check "--repetitions 999 is a usage error (the package needs 1000)" $?
"$FP" rates --type sii --transform "$T/bad.csv" > /dev/null 2>&1; [ $? = 2 ]
check "--transform with normal values is a usage error" $?
"$FP" rates --type rate --seed 3 "$T/bad.csv" > /dev/null 2>&1; [ $? = 2 ]
check "--seed without --type sii is a usage error" $?
"$FP" rates --type rate -m -1 "$T/bad.csv" > /dev/null 2>&1; [ $? = 2 ]
check "a negative multiplier outside sii is a usage error" $?
exit $fail

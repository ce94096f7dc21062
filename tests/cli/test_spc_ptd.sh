#!/bin/bash
# test_spc_ptd.sh -- `trend --method spc` against NHSRplotthedots on its own
# examples: the vignette's and README's ae_attendances series and the
# package's test series (tests/ref/spc/make_ref.R made the expected values
# with NHSRplotthedots 0.2.2; the flags below mirror its ptd_spc calls).
# Every point's centre and limits to 1e-9 relative, its special-cause rule
# (special_cause_type) and point type exactly; the assurance icon of the
# target cases as summary() gives it.
. "$(dirname "$0")/lib.sh"
REF=$(cd "$(dirname "$0")/../ref/spc" && pwd)
IN=$REF/spc_input.csv

run_case() {   # CASE FLAGS...
    local c=$1; shift
    if "$FP" trend -m spc --spc-points --all-columns -i "$c" "$@" "$IN" > "$T/$c.csv" 2> "$T/$c.err"; then
        python3 "$(dirname "$0")/spc_ptd_check.py" "$c" "$REF/spc_expected.csv" "$T/$c.csv"
        check "$c matches NHSRplotthedots" $?
    else
        cat "$T/$c.err"; check "$c runs" 1
    fi
}
run_case AE_STABLE --improvement-direction decrease
# The vignette rebases with 9 points left: NHSRplotthedots draws "trial limits"
# with a warning below 12 points, fingerpost needs --spc-min-points for them.
run_case AE_REBASE --improvement-direction decrease --rebase 2018-07 --spc-min-points 2
run_case AE_TARGET --improvement-direction decrease --target 1200
run_case RN_DEFAULT --improvement-direction increase
run_case RN_OUTLIER --improvement-direction increase
run_case RN_NEUTRAL --improvement-direction neutral
run_case RN_FIX12 --improvement-direction increase --fix-after-n-points 12
run_case RN_REBASE --improvement-direction increase --rebase 2020-11 --spc-min-points 2
run_case RN_TARGET --improvement-direction decrease --target 0.5
run_case SYN_TREND --improvement-direction increase

# The assurance icon (summary()'s assurance_type) and the latest variation.
for c in AE_TARGET RN_TARGET; do
    t=$([ $c = AE_TARGET ] && echo 1200 || echo 0.5)
    "$FP" trend -m spc -i $c --improvement-direction decrease --target $t --all-columns "$IN" > "$T/s$c.csv" 2>/dev/null
    want=$(csv_cell "$REF/spc_assurance.csv" assurance_type $c 1)
    got=$(csv_cell "$T/s$c.csv" spc_assurance_type $c 1)
    [ "$got" = "$want" ]; check "$c assurance_type '$got' = '$want'" $?
    want=$(csv_cell "$REF/spc_assurance.csv" variation_type $c 1)
    got=$(csv_cell "$T/s$c.csv" spc_variation_type $c 1)
    [ "$got" = "$want" ]; check "$c variation_type '$got' = '$want'" $?
done

# Options: bad values are usage errors (exit 2) naming the option.
"$FP" trend -m spc --fix-after-n-points 11 "$IN" > /dev/null 2> "$T/e1"
[ $? = 2 ] && grep -q "fix-after-n-points" "$T/e1"; check "--fix-after-n-points 11 is a usage error" $?
"$FP" trend -m spc --improvement-direction up "$IN" > /dev/null 2> "$T/e2"
[ $? = 2 ] && grep -q "improvement-direction" "$T/e2"; check "--improvement-direction up is a usage error" $?
"$FP" trend -m spc --rebase notaperiod "$IN" > /dev/null 2> "$T/e3"
[ $? = 2 ] && grep -q "rebase" "$T/e3"; check "--rebase notaperiod is a usage error" $?
# A rebase period outside the series is ignored, as ptd_spc ignores dates not in the data.
"$FP" trend -m spc -i RN_DEFAULT --rebase 2030-01 --all-columns "$IN" > "$T/r.csv" 2>/dev/null
[ "$(csv_cell "$T/r.csv" spc_segments RN_DEFAULT 1)" = 1 ]; check "rebase outside the series ignored" $?
"$FP" trend -m spc -i RN_REBASE --rebase 2020-11 --spc-min-points 2 --all-columns "$IN" > "$T/r2.csv" 2>/dev/null
[ "$(csv_cell "$T/r2.csv" spc_segments RN_REBASE 1)" = 2 ]; check "rebase gives two segments" $?
exit $fail

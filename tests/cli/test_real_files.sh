#!/bin/bash
# test_real_files.sh -- every file in $FP_SHARED/data/real/ (real Fingertips,
# fingertipsR, EES and ONS downloads kept unchanged; see its README.md) reads
# with `fingerpost validate` and no errors, on its own and all together.
# Skipped (77) when the shared folder is absent.
. "$(dirname "$0")/lib.sh"
R=${FP_SHARED:-/nonexistent}/data/real
[ -d "$R" ] || { echo "skip: $R not found"; exit 77; }
files=$(find "$R" -name '*.csv' | sort)
[ -n "$files" ] || { echo "skip: no files in $R"; exit 77; }
n=0
for f in $files; do
    n=$((n + 1))
    "$FP" validate "$f" >"$T/out" 2>"$T/err"; rc=$?
    [ $rc = 0 ] && grep -qx "errors: 0" "$T/out"
    st=$?; check "validate $(basename "$f") (exit $rc)" $st
    grep -q "cannot tell the format" "$T/err" && { echo "FAIL: format of $f"; fail=1; }
done
[ $n -ge 9 ]; check "$n real files found" $?
# What each format became (counts from Python's csv module over the files:
# the injuries export has 7,208 rows, 703 of them exact repeats).
"$FP" validate $files >"$T/out" 2>"$T/err"; rc=$?
[ $rc = 0 ]; check "all together exit 0" $?
for want in "injuries_0to14_90284_county_ua.csv: fingertips, 6505 rows" \
            "asthma_prevalence_fingertipsR.csv: fingertips, 42 rows" \
            "ons_mid-year_population_estimates_2012_to_2024.csv: ees, 2132 rows" \
            "errors: 0"; do
    grep -qF -- "$want" "$T/out"; check "stdout has '$want'" $?
done
grep -q "703 rows repeat an earlier row exactly" "$T/err"; check "exact repeats collapsed with a warning" $?
grep -q "indicator '90284': polarity 'lower is better' inferred from the export's own Better/Worse" "$T/err"
check "polarity inferred from OHID's labels, and said" $?
exit $fail

#!/bin/bash
# test_rates.sh -- end-to-end tests of `fingerpost rates`: stdout, stderr and
# exit status. Expected numbers are PHEindicatormethods' test data
# (tests/ref/phe, named per check); compared at 1e-9 relative with awk.
set -u
FP=${FINGERPOST:?set FINGERPOST to the fingerpost binary}
SRC=${FP_SRC:?set FP_SRC to the source tree}
PHE=$SRC/tests/ref/phe
T=$(mktemp -d)
trap 'bash "$(dirname "$0")/keep.sh" "$T" "$0"; rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# Compare column $3 of CSV $1 (our output, by header name) with column $4 of
# CSV $2 (expected, by header name), row by row, at relative tolerance 1e-9.
# Simple CSVs only (no embedded commas); quotes are stripped.
cmpcol() {
    awk -F, -v a="$3" -v b="$4" -v tag="$5" '
        function strip(s) { gsub(/"/, "", s); gsub(/\r/, "", s); return s }
        FNR == 1 { for (i = 1; i <= NF; i++) { h = strip($i); if (FILENAME == ARGV[1] && h == a) ca = i; if (FILENAME == ARGV[2] && h == b) cb = i } next }
        FILENAME == ARGV[1] { got[FNR] = strip($ca); n1 = FNR; next }
        { want = strip($cb); g = got[FNR]
          if (want == "" && g == "") next
          if (want == "" || g == "") { printf "%s row %d: got [%s] want [%s]\n", tag, FNR, g, want; bad = 1; next }
          d = g - want; if (d < 0) d = -d; w = want < 0 ? -want : want
          if (d > 1e-9 * (w > 1e-300 ? w : 1e-300)) { printf "%s row %d: got %s want %s\n", tag, FNR, g, want; bad = 1 } }
        END { exit bad }' "$1" "$2" || bad "$5 column $3"
}

# 1. Crude rates: testdata_Rate__testdata_Rate.csv (phe_rate), per 100 and per
#    100000 (the file has both; run each multiplier on its own rows).
head -1 "$PHE/testdata_Rate__testdata_Rate.csv" > "$T/r100.csv"
head -1 "$PHE/testdata_Rate__testdata_Rate.csv" > "$T/r1e5.csv"
grep ',100$' "$PHE/testdata_Rate__testdata_Rate.csv" >> "$T/r100.csv"
grep ',1e+05$' "$PHE/testdata_Rate__testdata_Rate.csv" >> "$T/r1e5.csv"
for m in 100 1e5; do
    mult=$m; [ "$m" = 1e5 ] && mult=100000
    "$FP" rates --type rate --multiplier "$mult" --numerator Numerator --denominator Denominator \
        "$T/r$m.csv" > "$T/out$m.csv" 2> "$T/err" || bad "rates rate exit status $? (per $m)"
    [ -s "$T/err" ] && bad "rates rate wrote to stderr: $(cat "$T/err")"
    for c in value lower95_0cl upper95_0cl lower99_8cl upper99_8cl; do
        cmpcol "$T/out$m.csv" "$T/r$m.csv" "$c" "$c" "rate per $m"
    done
done
# The method column matches phe_rate's, including blanks for missing numerators.
paste -d'|' <(cut -d, -f17 "$T/out1e5.csv" | tail -n +2) \
            <(cut -d, -f10 "$T/r1e5.csv" | tr -d '"' | tail -n +2) |
    awk -F'|' '$1 != $2 { print "method row " NR ": " $1 " vs " $2; b = 1 } END { exit b }' ||
    bad "rate methods differ from phe_rate"
grep -q '^"\?Area10"\?,10,,.*zero or missing denominator' "$T/out1e5.csv" ||
    bad "missing denominator row has no note"

# 2. Proportions: testdata_Proportion__testdata_Prop.csv (phe_proportion), x 1.
head -1 "$PHE/testdata_Proportion__testdata_Prop.csv" > "$T/p1.csv"
grep ',1$' "$PHE/testdata_Proportion__testdata_Prop.csv" >> "$T/p1.csv"
"$FP" rates --type proportion --multiplier 1 --numerator Numerator --denominator Denominator \
    "$T/p1.csv" > "$T/pout.csv" || bad "rates proportion exit status"
for c in value lower95_0cl upper95_0cl lower99_8cl upper99_8cl; do
    cmpcol "$T/pout.csv" "$T/p1.csv" "$c" "$c" "proportion"
done

# 3. DSR: testdata_DSR_ISR__testdata_multiarea.csv, ESP2013, per 100000, against
#    testdata_DSR_ISR__testresults_DSR.csv rows 5-7 (phe_dsr).
"$FP" rates --type dsr --group area "$PHE/testdata_DSR_ISR__testdata_multiarea.csv" \
    > "$T/dsr.csv" || bad "rates dsr exit status"
{ head -1 "$PHE/testdata_DSR_ISR__testresults_DSR.csv"; sed -n '6,8p' "$PHE/testdata_DSR_ISR__testresults_DSR.csv"; } > "$T/dsr_want.csv"
for c in value lower95_0cl upper95_0cl lower99_8cl upper99_8cl total_count total_pop; do
    cmpcol "$T/dsr.csv" "$T/dsr_want.csv" "$c" "$c" "dsr"
done
grep -q '^testdata_tiny,9,8970,,,,,,Dobson,total count below 10' "$T/dsr.csv" ||
    bad "DSR of a total count below 10 is not suppressed with a note"

# 3b. DSR for non-independent events: testdata_DSR_ISR__testdata_nonindepe.csv
#     (people with 1-4 events) against testresults_DSR.csv rows 9-12.
"$FP" rates --type dsr --group area --frequencies f1,f2,f3,f4 \
    "$PHE/testdata_DSR_ISR__testdata_nonindepe.csv" > "$T/dsrni.csv" || bad "rates dsr --frequencies exit status"
{ head -1 "$PHE/testdata_DSR_ISR__testresults_DSR.csv"; sed -n '10,13p' "$PHE/testdata_DSR_ISR__testresults_DSR.csv"; } > "$T/dsrni_want.csv"
for c in value lower95_0cl upper95_0cl lower99_8cl upper99_8cl total_count; do
    cmpcol "$T/dsrni.csv" "$T/dsrni_want.csv" "$c" "$c" "dsr non-independent"
done
grep -q 'non-independent events",total count below 10' "$T/dsrni.csv" || bad "non-independent DSR below 10 not suppressed"

# 4. Means: testdata_Mean__testdata_Mean_results.csv (phe_mean).
"$FP" rates --type mean --numerator value_sum --denominator value_count --sd stdev \
    "$PHE/testdata_Mean__testdata_Mean_results.csv" > "$T/mean.csv" || bad "rates mean exit status"
for c in lower95_0cl upper95_0cl lower99_8cl upper99_8cl; do
    cmpcol "$T/mean.csv" "$PHE/testdata_Mean__testdata_Mean_results.csv" "$c" "$c" "mean"
done

# 5. CSV handling: BOM, CRLF, quoted fields with commas and newlines, a
#    blank line; a cell that is not a number is noted, reported on stderr
#    with FILE:LINE:COL, the rest completes, exit 1.
printf '\xef\xbb\xbfarea,numerator,denominator\r\n"A, x",5,100\r\nB,abc,10\r\n\r\n"C\nD",1,0\r\nE,11,10\r\n' > "$T/messy.csv"
"$FP" rates --type proportion "$T/messy.csv" > "$T/messy_out.csv" 2> "$T/messy_err"
rc=$?
[ $rc -eq 1 ] || bad "non-numeric cell: exit $rc, want 1"
grep -q "messy.csv:3:2: warning: numerator 'abc' is not a number" "$T/messy_err" ||
    bad "non-numeric cell not reported as FILE:LINE:COL: $(cat "$T/messy_err")"
[ "$(head -c 4 "$T/messy_out.csv")" = "area" ] || bad "BOM not stripped from the header"
grep -q '^"A, x",5,100,5,' "$T/messy_out.csv" || bad "quoted field with a comma"
grep -q '^E,11,10,,,,,,Wilson,numerator above denominator' "$T/messy_out.csv" ||
    bad "numerator above denominator not noted for a proportion"
grep -q '^D",1,0,,,,,,Wilson,zero or missing denominator' "$T/messy_out.csv" ||
    bad "zero denominator not noted (or quoted newline lost)"
[ "$(grep -c fingerpost-methods "$T/messy_out.csv")" -eq 4 ] || bad "expected 4 data rows"
# ... while the same rows as rates compute (numerator above denominator is allowed).
"$FP" rates --type rate --multiplier 1 "$T/messy.csv" 2>/dev/null | grep -q '^E,11,10,1.1,' ||
    bad "a rate above 1 is refused"

# 6. --dp rounds half away from zero; --confidence picks the levels.
printf 'numerator,denominator\n1,8\n' > "$T/dp.csv"
"$FP" rates --type proportion --dp 1 --confidence 95 "$T/dp.csv" > "$T/dp_out.csv"
head -1 "$T/dp_out.csv" | grep -q '^numerator,denominator,value,lower95_0cl,upper95_0cl,method,note' ||
    bad "header with --confidence 95: $(head -1 "$T/dp_out.csv")"
grep -q '^1,8,12.5,' "$T/dp_out.csv" || bad "--dp 1 of 12.5: $(tail -1 "$T/dp_out.csv")"
printf 'numerator,denominator\n1,400\n' > "$T/dp2.csv"
"$FP" rates --type proportion --dp 2 --confidence 95 "$T/dp2.csv" | grep -q '^1,400,0.25,' ||
    bad "--dp 2 of 0.25"
"$FP" rates --type proportion --dp 0 "$T/dp2.csv" | grep -q '^1,400,0,' || bad "--dp 0 of 0.25"

# 7. Errors: malformed CSV (exit 1, nothing on stdout), missing column (exit 1),
#    usage errors (exit 2), --help (exit 0).
printf 'a,numerator,denominator\n"x,1,2\n' > "$T/broken.csv"
"$FP" rates --type rate "$T/broken.csv" > "$T/o" 2> "$T/e"; rc=$?
[ $rc -eq 1 ] || bad "malformed CSV: exit $rc"
[ -s "$T/o" ] && bad "malformed CSV left partial output"
grep -q 'broken.csv:2:1: quoted field not closed' "$T/e" || bad "malformed CSV message: $(cat "$T/e")"
"$FP" rates --type rate --numerator nope "$T/dp.csv" > "$T/o" 2> "$T/e"; rc=$?
[ $rc -eq 1 ] || bad "missing column: exit $rc"
grep -q "no column 'nope'" "$T/e" || bad "missing column message"
"$FP" rates --type nonsense "$T/dp.csv" 2> /dev/null; [ $? -eq 2 ] || bad "bad --type not exit 2"
"$FP" rates "$T/dp.csv" 2> /dev/null; [ $? -eq 2 ] || bad "missing --type not exit 2"
"$FP" rates --type rate --confidence 150,x "$T/dp.csv" 2> /dev/null; [ $? -eq 2 ] || bad "bad --confidence not exit 2"
"$FP" rates --type rate 2> /dev/null; [ $? -eq 2 ] || bad "no FILE not exit 2"
"$FP" rates --help | grep -q '^Exit status' || bad "--help has no exit status section"
"$FP" rates --type rate "$T/nonexistent.csv" 2> /dev/null; [ $? -eq 1 ] || bad "missing file not exit 1"

# 8. -o writes the file atomically; --format json works.
"$FP" rates --type rate -o "$T/out.csv" "$T/dp.csv" && [ -s "$T/out.csv" ] || bad "-o FILE"
"$FP" rates --type rate --format json "$T/dp.csv" | grep -q '"methods_version": "fingerpost-methods-1"' ||
    bad "json output lacks the methods version"

[ $fail -eq 0 ] && echo "test_rates.sh: all passed"
exit $fail

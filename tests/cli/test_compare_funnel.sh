#!/bin/bash
# test_compare_funnel.sh -- compare's funnel columns (funnel, funnel_phi,
# funnel_tau2, funnel_limits; --overdispersion, --od-trim, --od-trim-by,
# --od-scale as in chart funnel) on the Fingertips injuries export
# (datasets/fingertips_injuries_0to14_90284.csv, indicator 90284, 2023/24,
# 151 counties and UAs), against the peers in tests/ref/funnel (made by
# tests/ref/funnel/make_ref.R from FunnelPlotR 0.6.0, commit 9020d49, and
# PHEindicatormethods 2.1.0, commit 093fd28, on the same counts around
# England's value):
#  - every local authority's flag, by tests/cli/funnel_vs_ref.py: with
#    --overdispersion none, PHEindicatormethods' assign_funnel_significance
#    (phe_sig.csv); additive, FunnelPlotR's outlier flags and its limits
#    (units.csv, funnelplotr_flags.csv); multiplicative, Spiegelhalter's
#    limits from FunnelPlotR's phi (units.csv, "formula");
#  - phi and tau^2 against fits.csv, 1e-6 relative;
#  - compare and chart funnel agree flag for flag (one engine).
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:?}
D="$SRC/datasets/fingertips_injuries_0to14_90284.csv"
R="$SRC/tests/ref/funnel"
PY=$(command -v python3) || { echo "skip: no python3"; exit 77; }
COLS=area_code,area_name,denominator,funnel,funnel_phi,funnel_tau2,funnel_limits

# ref_fit DATASET SCALE TRIM TRIM_BY COLUMN: phi or tau2 of a reference fit.
ref_fit() {
    awk -F, -v d="\"$1\"" -v s="\"$2\"" -v t="\"$3\"" -v b="$4" -v c="$5" '
        NR == 1 { for (i = 1; i <= NF; i++) if ($i == "\"" c "\"") k = i; next }
        $1 == d && $2 == s && $3 == t && $4 + 0 == b + 0 { print $k; exit }' "$R/fits.csv"
}

# run NAME OPTIONS...: compare's funnel columns for every area into $T/NAME.csv.
run() {
    local name=$1
    shift
    "$FP" compare --all-areas -i 90284 -p 2023/24 "$@" --columns $COLS -o "$T/$name.csv" "$D" \
        2> "$T/err"
}

run none
check "compare with the funnel columns exits 0" $?
"$PY" "$SRC/tests/cli/funnel_vs_ref.py" "$T/none.csv" "$R" none log winsorise 0.1 10000
check "no --overdispersion: every flag = PHEindicatormethods assign_funnel_significance" $?
[ "$(csv_cell "$T/none.csv" funnel_limits Hartlepool 2)" = OHID ]
check "funnel_limits says OHID without --overdispersion" $?
[ -z "$(csv_cell "$T/none.csv" funnel England 2)" ] \
    && [ -z "$(csv_cell "$T/none.csv" funnel_phi England 2)" ]
check "England has no funnel flag and no phi" $?
n=$(awk -F, 'NR > 1 && /(0\.0|0\.00)[0-9]*\)/ { n++ } END { print n + 0 }' "$T/none.csv")
[ "$n" = 113 ]
check "OHID's limits: 113 of 151 outside 95% (as chart funnel; got $n)" $?

for spec in "additive log winsorise 0.1" "multiplicative log winsorise 0.1" \
            "additive log truncate 0.1" "additive sqrt winsorise 0.05"; do
    set -- $spec
    name="$1_$2_$3_$4"
    run "$name" --overdispersion "$1" --od-scale "$2" --od-trim "$3" --od-trim-by "$4"
    check "compare --overdispersion $spec exits 0" $?
    "$PY" "$SRC/tests/cli/funnel_vs_ref.py" "$T/$name.csv" "$R" "$1" "$2" "$3" "$4" 10000
    check "$spec: every flag = the reference's (FunnelPlotR / its phi)" $?
    for col in phi tau2; do
        got=$(csv_cell "$T/$name.csv" "funnel_$col" Hartlepool 2)
        want=$(ref_fit injuries "$2" "$3" "$4" "$col")
        num_close "$got" "$want" 1e-6
        check "$spec: funnel_$col $got = FunnelPlotR's $want" $?
    done
    [ "$(csv_cell "$T/$name.csv" funnel_limits Hartlepool 2)" = "$1" ]
    check "$spec: funnel_limits says $1" $?
done
n=$(awk -F, 'NR > 1 && /(0\.0|0\.00)[0-9]*\)/ { n++ } END { print n + 0 }' \
    "$T/additive_log_winsorise_0.1.csv")
[ "$n" = 18 ]
check "additive limits: 18 of 151 outside 95% (docs/methods.md; got $n)" $?

# One engine: compare's flag is chart funnel's, area by area (by name).
"$FP" chart funnel -i 90284 --overdispersion multiplicative --out "$T/ch" "$D" 2> "$T/err"
"$PY" - "$T/ch/funnel_90284.csv" "$T/multiplicative_log_winsorise_0.1.csv" <<'EOF'
import csv, sys
chart = {r['area']: r['flag'] for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))}
comp = {r['area_name']: r['funnel'] for r in csv.DictReader(open(sys.argv[2], encoding='utf-8'))
        if r['funnel']}
bad = [a for a in chart if comp.get(a) != chart[a]]
print('%d areas, %d differ %s' % (len(chart), len(bad), bad[:5]))
sys.exit(1 if bad or len(chart) != 151 or len(comp) != 151 else 0)
EOF
check "compare's flags = chart funnel's, all 151 areas" $?

# Proportions and ratios: the reference's generated units (inputs.csv: 80
# proportions around their pooled value, 70 observed/expected counts around
# 1) as a tidy file, unit k with the code E08000100 + k, England at the
# centre the reference used (the pooled proportion; a ratio of 1, i.e. 100).
tidy() { # DATASET INDICATOR UNIT
    awk -F, -v ds="\"$1\"" -v ind="$2" -v unit="$3" '
        NR > 1 && $1 == ds { n++; num[n] = $3; den[n] = $4; sn += $3; sd += $4 }
        END { print "area_code,area_name,indicator,period,value,numerator,denominator,unit,polarity"
              eng = unit == "%" ? 100 * sn / sd : 100
              printf "E92000001,England,%s,2024,%.17g,%d,%.17g,%s,high\n", ind, eng, sn, sd, unit
              for (i = 1; i <= n; i++)
                  printf "E08%06d,Area %d,%s,2024,%.17g,%d,%.17g,%s,high\n", 100 + i, i, ind,
                         100 * num[i] / den[i], num[i], den[i], unit }' "$R/inputs.csv"
}
tidy pr P % > "$T/pr.csv"
tidy sr S "ISR x 100" > "$T/sr.csv"
for spec in "pr P none arcsine winsorise 0.1" "pr P additive arcsine winsorise 0.1" \
            "pr P multiplicative arcsine truncate 0.05" "sr S none log winsorise 0.1" \
            "sr S additive log truncate 0.1" "sr S multiplicative sqrt winsorise 0.05"; do
    set -- $spec
    name="$1_$3_$4_$5_$6"
    "$FP" compare --all-areas -i "$2" --overdispersion "$3" --od-trim "$5" --od-trim-by "$6" \
        $([ "$4" = sqrt ] && echo --od-scale sqrt) --columns $COLS -o "$T/$name.csv" \
        "$T/$1.csv" 2> "$T/err"
    check "compare $spec exits 0" $?
    "$PY" "$SRC/tests/cli/funnel_vs_ref.py" "$T/$name.csv" "$R" "$3" "$4" "$5" "$6" 100 "$1"
    check "$spec: every flag = the reference's" $?
    for col in phi tau2; do
        got=$(csv_cell "$T/$name.csv" "funnel_$col" E08000101 1)
        want=$(ref_fit "$1" "$4" "$5" "$6" "$col")
        num_close "$got" "$want" 1e-6
        check "$spec: funnel_$col $got = FunnelPlotR's $want" $?
    done
done

"$FP" compare -a Hartlepool --overdispersion sometimes "$D" > /dev/null 2> "$T/err"
[ $? = 2 ] && grep -q "overdispersion" "$T/err"
check "bad --overdispersion is a usage error" $?
"$FP" compare -a Hartlepool --od-trim truncate --od-trim-by 0.3 "$D" > /dev/null 2> "$T/err"
[ $? = 2 ]
check "truncation needs 1/F whole: usage error" $?
exit "$fail"

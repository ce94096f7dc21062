#!/bin/bash
# test_compare_quantile.sh -- compare's quantile columns (--quantiles K,
# --quantile-within england|region, --quantile-order best|high|low, with
# --quintiles phe) on the Fingertips injuries export, 90284 in 2023/24:
# every county and UA's group equals PHEindicatormethods' phe_quantile
# (commit 093fd288; tests/ref/quantile/make_ref.R, quantile_expected.csv:
# the same values, nquantiles 5 and 10, invert TRUE and FALSE, ungrouped
# and after group_by(Parent Code)). Groups are whole numbers: exact.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
REF=$SRC/tests/ref/quantile/quantile_expected.csv
DATA=$SRC/datasets/fingertips_injuries_0to14_90284.csv

# cmp_ref CASE K INVERT FILE: compare's quantile column = the reference's.
cmp_ref() {
    python3 - "$REF" "$1" "$2" "$3" "$4" <<'PY'
import csv, sys
ref, case, k, inv, got = sys.argv[1:6]
want = {r['code']: r['quantile'] for r in csv.DictReader(open(ref))
        if r['case'] == case and r['k'] == k and r['invert'] == inv}
rows = {r['area_code']: r for r in csv.DictReader(open(got, encoding='utf-8'))}
bad = n = 0
for code, q in want.items():
    g = rows.get(code)
    gq = g['quantile'] if g else ''
    n += 1
    if gq != q:
        print('%s: %s, phe_quantile %s' % (code, gq, q)); bad += 1
print('%s k=%s invert=%s: %d areas, %d differ' % (case, k, inv, n, bad))
sys.exit(1 if bad or n != 153 else 0)
PY
}

for k in 5 10; do
    for within in england region; do
        case=$([ $within = region ] && echo injuries_by_region || echo injuries)
        for order in high low best; do
            inv=$([ $order = high ] && echo TRUE || echo FALSE)   # best: lower is better
            "$FP" compare --all-areas -i 90284 -p 2023/24 --quintiles phe --quantiles $k \
                --quantile-within $within --quantile-order $order \
                --columns area_code,area_name,value,quantile,quantile_of,quantile_within \
                -o "$T/q.csv" "$DATA" 2> "$T/err"
            check "compare --quantiles $k --quantile-within $within --quantile-order $order exits 0" $?
            cmp_ref $case $k $inv "$T/q.csv"
            check "$k groups within $within, order $order = phe_quantile (invert $inv)" $?
        done
    done
done
[ "$(csv_cell "$T/q.csv" quantile_within E06000001 1)" = "North East" ] \
    && [ "$(csv_cell "$T/q.csv" quantile_of E06000001 1)" = 10 ]
check "quantile_of and quantile_within say K and the region" $?
"$FP" compare -a Hartlepool -i 90284 --columns quantile "$DATA" > "$T/none.csv" 2> "$T/err"
[ "$(sed -n 2p "$T/none.csv" | cut -d, -f1)" = "" ]
check "no --quantiles: an empty quantile column" $?
for bad in "--quantiles 0" "--quantiles 2.5" "--quantiles 101" "--quantile-within county" \
           "--quantile-order up"; do
    "$FP" compare -a Hartlepool $bad "$DATA" > /dev/null 2> "$T/err"
    [ $? = 2 ]
    check "$bad is a usage error" $?
done
exit $fail

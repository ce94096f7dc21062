#!/bin/bash
# test_compare_goal.sh -- compare --goal CODE=GOAL (Fingertips' "compared to
# goal") and --percentiles quintiles|quartiles (its "compared with
# percentiles") on the Fingertips injuries export, 90284 (lower is better)
# in 2023/24, all 151 counties and UAs. The expected verdicts are worked
# here in Python from Fingertips' own definitions (fingertips-open,
# PholioVisualisationWS/Analysis: SingleValueTargetComparer,
# RangeTargetComparer, QuintilesComparer, ValueCategoriesCalculator; the
# library's unit test runs Fingertips' own test cases) with numpy's
# type-7 percentiles (Python's statistics.quantiles, method "inclusive")
# rounded to 10 places, on the values and 95% limits the export publishes.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
DATA=$SRC/datasets/fingertips_injuries_0to14_90284.csv

for spec in "80" "80:ci" "70..90"; do
    for pct in quintiles quartiles; do
        "$FP" compare --all-areas -i 90284 -p 2023/24 --dp 15 --goal "90284=$spec" \
            --percentiles $pct --columns area_code,value,lower95,upper95,goal,vs_goal,goal_rag,vs_percentiles,percentiles_category \
            -o "$T/g.csv" "$DATA" 2> "$T/err"
        check "compare --goal 90284=$spec --percentiles $pct exits 0" $?
        python3 - "$T/g.csv" "$spec" $pct <<'PY'
import csv, sys, statistics
path, spec, pct = sys.argv[1:4]
rows = [r for r in csv.DictReader(open(path, encoding='utf-8')) if r['value'] and r['area_code'] != 'E92000001']
k = 5 if pct == 'quintiles' else 4
vals = sorted(float(r['value']) for r in rows)
b = [vals[0]] + [round(q, 10) for q in statistics.quantiles(vals, n=k, method='inclusive')] + [vals[-1]]
bad = 0
for r in rows:
    v, lo, hi = float(r['value']), float(r['lower95']), float(r['upper95'])
    # Lower is better (the export's polarity).
    if '..' in spec:
        a, z = map(float, spec.split('..'))
        want = 'better' if v < a else 'worse' if v >= z else 'similar'
    elif spec.endswith(':ci'):
        g = float(spec[:-3])
        want = 'worse' if lo >= g else 'better' if hi < g else 'similar'
    else:
        want = 'better' if v <= float(spec) else 'worse'
    rag = {'better': 'Green', 'similar': 'Amber', 'worse': 'Red'}[want]
    cat = next(j for j in range(1, k + 1) if v <= b[j])   # not reversed: lower is better
    label = (['Lowest quintile', '2nd lowest quintile', 'Middle quintile', '2nd highest quintile',
              'Highest quintile'][cat - 1] if k == 5 else 'Q%d' % cat)
    got = (r['vs_goal'], r['goal_rag'], r['percentiles_category'], r['vs_percentiles'])
    if got != (want, rag, str(cat), label):
        print(r['area_code'], got, 'want', (want, rag, cat, label)); bad += 1
print('%d areas, %d differ' % (len(rows), bad))
sys.exit(1 if bad or len(rows) != 151 else 0)
PY
        check "goal $spec, $pct: every verdict and category = Fingertips' rules" $?
    done
done
"$FP" compare -a Hartlepool --goal 90284=x "$DATA" > /dev/null 2> "$T/err"
[ $? = 2 ] && grep -q "goal wants CODE=GOAL" "$T/err"
check "--goal 90284=x is a usage error" $?
"$FP" compare -a Hartlepool --goal 90284=9..8 "$DATA" > /dev/null 2> "$T/err"
[ $? = 2 ]
check "a range whose lower limit is above its upper is a usage error" $?
"$FP" compare -a Hartlepool --percentiles deciles "$DATA" > /dev/null 2> "$T/err"
[ $? = 2 ]
check "--percentiles deciles is a usage error" $?
"$FP" compare -a Hartlepool -i 90284 --columns goal,vs_goal "$DATA" > "$T/n.csv" 2> "$T/err"
[ "$(sed -n 2p "$T/n.csv" | cut -d, -f1-2)" = "," ]
check "no --goal: empty goal columns" $?
exit $fail

#!/bin/bash
# test_report_groups.sh -- report's Fingertips comparisons (issue 20):
# --quantiles, --quantile-within, --goal and --percentiles on the shipped
# data. Each scorecard line's new scorecard.csv cells (quantile,
# quantile_of, quantile_within, goal, vs_goal, goal_rag, vs_percentiles,
# percentiles_category) must equal the same columns of `compare` for the
# same area, indicator and period, run with the same options (compare's
# columns are tested against PHEindicatormethods' phe_quantile and
# Fingertips' goal and percentile rules in test_compare_quantiles.sh and
# its neighbours): the report only copies the assessment, so the expected
# values are compare's, exactly (text). The HTML and Markdown carry the
# sentence; without the options the CSV has none of the columns and no
# sentence is written.
. "$(dirname "$0")/lib.sh"
OPTS=(--quantiles 10 --quantile-within region --goal 90284=95:ci --goal FSP_NEW_GOODDEV=70
      --goal CLA_DENTAL=90 --percentiles quintiles)
"$FP" report --area Sefton --no-charts --out "$T/g" "${OPTS[@]}" > /dev/null 2> "$T/err"
check "report --area Sefton with the options exits 0" $?
"$FP" compare --area Sefton --all-columns -o "$T/cmp.csv" "${OPTS[@]}" 2> "$T/err2"
check "compare with the same options exits 0" $?
python3 - "$T/g/scorecard.csv" "$T/cmp.csv" <<'PY'
import csv, sys
rep = list(csv.DictReader(open(sys.argv[1], encoding='utf-8')))
cmp = {(r['indicator'], r['period']): r for r in csv.DictReader(open(sys.argv[2], encoding='utf-8'))}
cols = ['quantile', 'quantile_of', 'quantile_within', 'goal', 'vs_goal', 'goal_rag',
        'vs_percentiles', 'percentiles_category']
hdr = list(rep[0].keys())
# The new columns close the scorecard's own (after target_note), before
# the table writer's metadata columns.
i = hdr.index('target_note')
if hdr[i + 1:i + 1 + len(cols)] != cols:
    print('columns after target_note:', hdr[i + 1:i + 9]); sys.exit(1)
n = bad = 0
for L in rep:
    if not L['period']:
        if any(L[k] for k in cols): print(L['number'], 'has cells without data'); bad += 1
        continue
    c = cmp.get((L['indicator'], L['period']))
    if c is None: print(L['number'], L['indicator'], L['period'], 'not in compare'); bad += 1; continue
    n += 1
    for k in cols:
        if L[k] != c[k]: print(L['number'], L['indicator'], k, repr(L[k]), 'compare', repr(c[k])); bad += 1
goals = {L['indicator']: (L['goal'], L['vs_goal'], L['goal_rag']) for L in rep if L['goal']}
print('%d lines compared, %d differ; goals %s' % (n, bad, goals))
# Each goal given was judged (the three indicators are on the scorecard).
if n < 30 or len(goals) != 3 or any(g[1] == 'not compared' for g in goals.values()): bad += 1
if any(L['quantile_within'] not in ('', 'North West') for L in rep): bad += 1
sys.exit(1 if bad else 0)
PY
check "every line's quantile/goal/percentile cells = compare's (same options)" $?
grep -q 'class="ind-sub benchmarks">quantile [0-9]* of 10 (within North West); compared to goal 70: [a-z]* ([A-Z][a-z]*); compared with percentiles: ' "$T/g/scorecard.html"
check "the HTML says it" $?
grep -q '; quantile [0-9]* of 10 (within North West); compared to goal 95:ci: ' "$T/g/scorecard.md"
check "the Markdown says it" $?
"$FP" report --area Sefton --no-charts --out "$T/d" > /dev/null 2> "$T/err3"
check "report --area Sefton without them exits 0" $?
head -1 "$T/d/scorecard.csv" | tr ',' '\n' | grep -Eqx 'quantile|quantile_of|quantile_within|goal|vs_goal|goal_rag|vs_percentiles|percentiles_category'
st=$?; [ $st = 1 ]
check "without the options: none of the columns" $?
! grep -q 'compared to goal\|compared with percentiles\|benchmarks' "$T/d/scorecard.html" "$T/d/scorecard.md"
check "without the options: no sentence" $?
"$FP" report --area Sefton --no-charts --out "$T/u" --goal X > /dev/null 2>&1
st=$?; [ $st = 2 ]
check "--goal without CODE= is a usage error (exit 2)" $?
"$FP" report --area Sefton --no-charts --out "$T/u" --percentiles deciles > /dev/null 2>&1
st=$?; [ $st = 2 ]
check "--percentiles deciles is a usage error (exit 2)" $?
exit $fail

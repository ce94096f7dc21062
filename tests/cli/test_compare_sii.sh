#!/bin/bash
# test_compare_sii.sh -- compare's sii columns (sii, sii_lower95,
# sii_upper95, rii, rii_lower95, rii_upper95, sii_breakdown, sii_note) on
# the shipped Fingertips injuries export, whose deprivation decile
# breakdowns are England's: every England row of 90284, 90284/Male and
# 90284/Female from 2016/17 to 2023/24 equals PHEindicatormethods' phe_sii
# (commit 093fd288, after set.seed(1), 100,000 draws; made by
# tests/ref/sii/make_ref_fingertips.R into sii_fingertips_expected.csv) for
# the breakdown compare names, to 1e-9 relative (the same seed gives the
# same draws: see docs/methods.md); local authorities have no breakdown, so
# no SII. A small tidy file checks the note on an incomplete breakdown.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
REF=$SRC/tests/ref/sii/sii_fingertips_expected.csv
DATA=$SRC/datasets/fingertips_injuries_0to14_90284.csv
COLS=indicator,area_name,period,sii,sii_lower95,sii_upper95,rii,rii_lower95,rii_upper95,sii_breakdown,sii_note

: > "$T/all.csv"
for p in 2016/17 2017/18 2018/19 2019/20 2020/21 2021/22 2022/23 2023/24; do
    "$FP" compare -a England -p "$p" -i 90284,90284/Male,90284/Female --dp 15 --columns $COLS \
        -o "$T/one.csv" "$DATA" 2> "$T/err" || echo "FAIL: compare -p $p exit $?"
    if [ -s "$T/all.csv" ]; then tail -n +2 "$T/one.csv" >> "$T/all.csv"; else cp "$T/one.csv" "$T/all.csv"; fi
done
python3 - "$REF" "$T/all.csv" <<'EOF'
import csv, sys
ref = {(r['indicator'], r['category_type'], r['period']): r for r in csv.DictReader(open(sys.argv[1]))}
bad = n = 0
for g in csv.DictReader(open(sys.argv[2], encoding='utf-8')):
    e = ref.get((g['indicator'], g['sii_breakdown'], g['period']))
    if e is None:
        print('no reference for', g['indicator'], g['sii_breakdown'], g['period'], g['sii_note'])
        bad += 1
        continue
    for got, want in (('sii', 'sii'), ('sii_lower95', 'sii_lower95_0cl'), ('sii_upper95', 'sii_upper95_0cl'),
                      ('rii', 'rii'), ('rii_lower95', 'rii_lower95_0cl'), ('rii_upper95', 'rii_upper95_0cl')):
        n += 1
        if abs(float(g[got]) - float(e[want])) > 1e-9 * abs(float(e[want])):
            print(g['indicator'], g['period'], got, g[got], 'want', e[want])
            bad += 1
print('%d values, %d disagreements' % (n, bad))
sys.exit(1 if bad or n != 24 * 6 else 0)
EOF
check "England, 3 indicators x 8 periods: SII, RII and 95% limits = phe_sii (1e-9)" $?
grep -q '^90284,England,2023/24,.*"County & UA deprivation deciles in England (IMD2019, 4/23 geography)"' "$T/all.csv"
check "sii_breakdown names the deciles used" $?

"$FP" compare -a Hartlepool -i 90284 --columns area_name,sii,sii_breakdown,sii_note "$DATA" > "$T/la.csv" 2> "$T/err"
[ "$(sed -n 2p "$T/la.csv" | cut -d, -f1-4)" = "Hartlepool,,," ]
check "a local authority without a breakdown: no SII, no note" $?

# An incomplete quintile breakdown (no least deprived quintile) and a
# complete one with no limits: the note says why.
{
    echo "area_code,area_name,indicator,period,value,lower95_0cl,upper95_0cl,denominator,unit"
    echo "E92000001,England,X,2024,50,49,51,1000,%"
    for q in "Most deprived quintile" "Second most deprived quintile" "Middle quintile" \
             "Second least deprived quintile"; do
        echo "E92000001,England,X/Area deprivation quintiles: $q,2024,50,45,55,200,%"
    done
} > "$T/q.csv"
"$FP" compare -a England -i X --columns area_name,sii,sii_note "$T/q.csv" > "$T/q.out" 2> "$T/err"
grep -q '^England,,4 of 5 quantiles have a value,' "$T/q.out"
check "incomplete quintiles: '4 of 5 quantiles have a value'" $?
"$FP" compare -a England -i X --seed x "$T/q.csv" > /dev/null 2>&1
[ $? = 2 ]
check "--seed x is a usage error" $?
exit $fail

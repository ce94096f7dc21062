#!/bin/bash
# test_report_sii.sh -- the report's inequality: on the shipped data,
# Sefton's scorecard line 2.7 (Fingertips 90284, hospital admissions for
# injuries in children) carries England's slope and relative indices of
# inequality over the County & UA deprivation deciles in the line's period
# (the export breaks 90284 down by decile for England only), in the CSV
# (full precision), the HTML and the Markdown. The values equal
# PHEindicatormethods' phe_sii after set.seed(1), 100,000 draws
# (tests/ref/sii/sii_fingertips_expected.csv, made by
# tests/ref/sii/make_ref_fingertips.R) to 1e-9; a line without deciles has
# none.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
REF=$SRC/tests/ref/sii/sii_fingertips_expected.csv
"$FP" report --area Sefton --no-charts --out "$T/out" > /dev/null 2> "$T/err"
check "report --area Sefton exits 0" $?
CSV=$T/out/scorecard.csv
python3 - "$CSV" "$REF" <<'PY'
import csv, sys
rows = {r['number']: r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8'))}
L = rows['2.7']
ref = {(r['indicator'], r['category_type'], r['period']): r for r in csv.DictReader(open(sys.argv[2]))}
e = ref.get((L['indicator'], L['sii_breakdown'], L['period']))
bad = 0
if L['sii_area'] != 'England' or e is None:
    print('2.7:', L['sii_area'], L['indicator'], L['sii_breakdown'], L['period']); sys.exit(1)
for got, want in (('sii', 'sii'), ('sii_lower95', 'sii_lower95_0cl'), ('sii_upper95', 'sii_upper95_0cl'),
                  ('rii', 'rii'), ('rii_lower95', 'rii_lower95_0cl'), ('rii_upper95', 'rii_upper95_0cl')):
    if abs(float(L[got]) - float(e[want])) > 1e-9 * abs(float(e[want])):
        print(got, L[got], 'want', e[want]); bad += 1
print('2.7 %s %s: SII %s, RII %s; %d differ' % (L['period'], L['sii_breakdown'], L['sii'], L['rii'], bad))
others = [n for n, r in rows.items() if n != '2.7' and r['sii']]
if others: print('lines with an SII they should not have:', others); bad += 1
sys.exit(1 if bad else 0)
PY
check "line 2.7: England's SII, RII and 95% limits = phe_sii (1e-9); no other line has one" $?
grep -q 'inequality (England, County &amp; UA deprivation deciles in England (IMD2019, 4/23 geography)): SII -17.48 (95% CI -19.33 to -15.62) from the most to the least deprived, RII 0.785 (0.765 to 0.806)' "$T/out/scorecard.html"
check "the HTML says it, at the line's decimals" $?
grep -q 'inequality (England, County &amp; UA deprivation deciles' "$T/out/scorecard.md"
check "the Markdown says it" $?
exit $fail

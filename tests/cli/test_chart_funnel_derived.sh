#!/bin/bash
# test_chart_funnel_derived.sh -- `fingerpost chart funnel` with denominators
# derived from a count indicator (--numerator-code / --denominator-code,
# cli/derive.c), on the shipped demo data (datasets/: LAIT values only) and
# on a small tidy file mixing published and derived denominators. Checks the
# derived denominators in the .csv sidecar against values computed by hand
# from datasets/lait_scorecard.csv, the denominator_source column, the alt
# text, areas left out (manifest rows and the count in the alt text), usage
# and data errors, and that without the options nothing changes (the LAIT
# funnel is still not made, with the same reason; a tidy funnel's CSV keeps
# its 9 columns, and a tenth, each area's funnel flag).
#
# Expected values: Python 3 on datasets/lait_scorecard.csv (2025 is the
# latest period of LAC and %_2yr_olds; LAC is a rate per 10,000, %_2yr_olds
# a percentage, so denominator = count * multiplier / value):
#   import csv
#   rows = list(csv.DictReader(open('datasets/lait_scorecard.csv',
#                                   encoding='utf-8-sig', newline='')))
#   def val(code, area, year):
#       for r in rows:
#           if r['Short Desc'] == code and r['LA and Regions'] == area \
#              and r['Years'] == year:
#               return r['Values']
#   for area in ('Sefton', 'Wirral'):
#       lac, n = float(val('LAC', area, '2025')), float(val('LACnum', area, '2025'))
#       print(area, lac, n, repr(n * 10000 / lac))
#       p, m = float(val('%_2yr_olds', area, '2025')), float(val('No_2yr_olds', area, '2025'))
#       print(area, p, m, repr(m * 100 / p))
# gives
#   Sefton LAC 92, LACnum 506  -> 55000.0
#   Wirral LAC 103, LACnum 681 -> 66116.50485436893
#   Sefton %_2yr_olds 73.1, No_2yr_olds 533 -> 729.1381668946649
#   Wirral %_2yr_olds 73.3, No_2yr_olds 699 -> 953.6152796725785
#   Isles of Scilly %_2yr_olds 0, No_2yr_olds 0 -> cannot be derived (value 0)
#   CareLeaversNEET / NoCareLeavers: Sefton 41 / 168, Wirral 42 / 255
#     (denominators taken as they are; numerator 41 * 168 / 100 = 68.88).
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:?set FP_SRC to the source directory}
if ! command -v gnuplot >/dev/null 2>&1; then echo "gnuplot not installed: skipping"; exit 77; fi
export FINGERPOST_DATA="$SRC/datasets"
[ -s "$FINGERPOST_DATA/lait_scorecard.csv" ] || { echo "no demo data: skipping"; exit 77; }

# field FILE AREA COL: column COL of the row of AREA (names without commas).
field() { awk -F, -v a="$2" -v c="$3" '$1 == a { print $c; exit }' "$1"; }
# near X Y: |X - Y| <= 1e-9 |Y|.
near() { awk -v x="$1" -v y="$2" 'BEGIN { d = x - y; if (d < 0) d = -d; t = y < 0 ? -y : y;
                                          exit !(x != "" && d <= 1e-9 * t) }'; }

# --help documents the options.
"$FP" chart --help > "$T/help"
grep -q -- "--numerator-code \[IND=\]CODE" "$T/help"; check "--help shows --numerator-code" $?
grep -q -- "--denominator-code \[IND=\]CODE" "$T/help"; check "--help shows --denominator-code" $?

# Without the options: unchanged, the LAIT funnel is not made, same reason.
O="$T/old"
"$FP" chart funnel --indicator LAC --out "$O" 2> "$T/err"
check "funnel without options exits 0" $?
grep -q '^funnel,,LAC,,,,skipped,,no local authority has a denominator,' "$O/manifest.csv"
check "without options: not made, old reason" $?
! ls "$O"/funnel_LAC* >/dev/null 2>&1; check "without options: no funnel_LAC files" $?

# LAC with LACnum: denominators derived.
O="$T/lac"
"$FP" chart funnel --indicator LAC --numerator-code LACnum --area Sefton --out "$O" 2> "$T/err"
rc=$?
[ $rc = 0 ]; st=$?; check "derived LAC funnel exits 0 (got $rc: $(grep -v 'no neighbours' "$T/err" | head -c 300))" $st
C="$O/funnel_LAC_343.csv"
[ -s "$C" ] && [ -s "$O/funnel_LAC_343.svg" ]; check "derived LAC funnel drawn (.svg, .csv)" $?
[ "$(head -1 "$C")" = "area,value,denominator,lower95,upper95,lower998,upper998,significance,selected,denominator_source,flag" ]
check "CSV has a denominator_source column" $?
near "$(field "$C" Sefton 3)" 55000; st=$?; check "Sefton denominator 506 * 10000 / 92 = 55000 (got $(field "$C" Sefton 3))" $st
near "$(field "$C" Wirral 3)" 66116.50485436893; st=$?; check "Wirral denominator 681 * 10000 / 103 = 66116.504854 (got $(field "$C" Wirral 3))" $st
[ "$(field "$C" Sefton 2)" = 92 ]; check "Sefton value 92" $?
[ "$(field "$C" Sefton 10)" = "LACnum = 506; derived denominator 55000" ]; check "Sefton denominator source" $?
[ "$(field "$C" Sefton 9)" = 1 ]; check "Sefton selected" $?
grep -q 'Denominators derived from the count indicator LACnum as count x 10000 / value for [0-9]* areas; derived denominators are approximate because published values are rounded' "$O/funnel_LAC_343.svg"
check "alt text says the denominators were derived, from LACnum" $?
grep -q "Denominator (derived from LACnum)" "$O/funnel_LAC_343.gp"; check "x axis label names LACnum" $?
grep -q 'Sefton (highlighted): 92' "$O/funnel_LAC_343.svg"; check "alt text: Sefton highlighted" $?

# Two indicators with IND=CODE; Isles of Scilly (value 0) is left out.
O="$T/two"
"$FP" chart funnel --indicator LAC,%_2yr_olds --numerator-code LAC=LACnum \
    --numerator-code %_2yr_olds=No_2yr_olds --out "$O" 2> "$T/err"
check "two indicators with IND=CODE exit 0" $?
C="$O/funnel_2yr_olds.csv"
near "$(field "$C" Sefton 3)" 729.1381668946649; st=$?; check "Sefton 2-year-olds denominator 533 * 100 / 73.1 (got $(field "$C" Sefton 3))" $st
near "$(field "$C" Wirral 3)" 953.6152796725785; st=$?; check "Wirral 2-year-olds denominator 699 * 100 / 73.3 (got $(field "$C" Wirral 3))" $st
near "$(field "$O/funnel_LAC.csv" Wirral 3)" 66116.50485436893; check "LAC derived too" $?
! grep -q '^Isles of Scilly,' "$C"; check "Isles of Scilly not plotted" $?
grep -q ',skipped series,Isles of Scilly,denominator not derived: value 0: denominator cannot be derived,' "$O/manifest.csv"
check "Isles of Scilly listed in the manifest with why" $?
grep -q '1 area left out: no denominator could be derived\.' "$O/funnel_2yr_olds.svg"
check "alt text counts the area left out" $?

# Denominator indicator: denominators taken as they are.
O="$T/den"
"$FP" chart funnel --indicator CareLeaversNEET --denominator-code NoCareLeavers --out "$O" 2> "$T/err"
check "--denominator-code exits 0" $?
C="$O/funnel_CareLeaversNEET.csv"
[ "$(field "$C" Sefton 3)" = 168 ] && [ "$(field "$C" Wirral 3)" = 255 ]
check "denominators from NoCareLeavers: Sefton 168, Wirral 255" $?
[ "$(field "$C" Sefton 10)" = "NoCareLeavers = 168; derived numerator 68.9" ]; check "source names NoCareLeavers" $?
grep -q 'Denominators taken from the indicator NoCareLeavers for' "$O/funnel_CareLeaversNEET.svg"
check "alt text names NoCareLeavers" $?

# Usage and data errors.
"$FP" chart funnel --numerator-code LACnum --out "$T/u1" 2> "$T/err"; [ $? = 2 ]
check "plain CODE with every indicator is a usage error" $?
grep -q "IND=CODE" "$T/err"; check "usage error says IND=CODE" $?
"$FP" chart trend --area Sefton --indicator LAC --numerator-code LACnum --out "$T/u2" 2> "$T/err"
check "--numerator-code with trend: shared preparation, derived counts give intervals" $?
"$FP" chart funnel --indicator LAC --numerator-code NoSuchCode --out "$T/u3" 2> "$T/err"; [ $? = 1 ]
check "unknown count indicator is a data error" $?
grep -q "no indicator 'NoSuchCode' in the data" "$T/err"; check "data error names the code" $?
grep -q 'no local authority has a denominator, and none could be derived from NoSuchCode' "$T/u3/manifest.csv"
check "manifest says why the chart was not made" $?

# A tidy file: published denominators stay; without options 9 columns.
cat > "$T/tidy.csv" <<'CSV'
indicator,indicator_name,area,area_code,area_type,region,period,numerator,denominator,value,unit,polarity
P,Test percent,England,E92000001,country,,2023,5000,10000,50,%,higher
P,Test percent,Aa,A1,local authority,,2023,40,100,40,%,higher
P,Test percent,Bb,A2,local authority,,2023,,,45,%,higher
P,Test percent,Cc,A3,local authority,,2023,,,30,%,higher
PN,Test count,Bb,A2,local authority,,2023,,,90,count,
CSV
O="$T/tidy-old"
"$FP" chart funnel --indicator P --out "$O" "$T/tidy.csv" 2> "$T/err"
check "tidy funnel without options exits 0" $?
[ "$(head -1 "$O/funnel_P.csv")" = "area,value,denominator,lower95,upper95,lower998,upper998,significance,selected,flag" ]
check "tidy funnel CSV header: the columns before, then each area's funnel flag" $?
[ "$(grep -c '^[AB][ab],' "$O/funnel_P.csv")" = 1 ]; check "without options only the published denominator is plotted" $?
O="$T/tidy-new"
"$FP" chart funnel --indicator P --numerator-code PN --out "$O" "$T/tidy.csv" 2> "$T/err"
check "tidy funnel with --numerator-code exits 0" $?
[ "$(field "$O/funnel_P.csv" Aa 3)" = 100 ] && [ "$(field "$O/funnel_P.csv" Aa 10)" = published ]
check "published denominator kept and labelled" $?
near "$(field "$O/funnel_P.csv" Bb 3)" 200; check "derived 90 * 100 / 45 = 200" $?
grep -q ',skipped series,Cc,denominator not derived: no value of PN for this area and period,' "$O/manifest.csv"
check "area without a count listed with why" $?
grep -q 'published with the data for 1 area;' "$O/funnel_P.svg"; check "alt text counts published denominators" $?

exit $fail

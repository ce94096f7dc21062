#!/bin/bash
# test_compare.sh -- end-to-end tests of `fingerpost compare`.
# A small tidy file with intervals and counts (indicator P, percent, higher is
# better) and a neighbour-pairs file; expected numbers worked by hand from the
# definitions in docs/methods.md or computed in R 4:
#   quantile(c(45, 70, 45, 30, 55), type = 7) = 30 45 45 55 70
#     -> Sefton 45 is in the lowest quartile -> band D (higher is better)
#   rank(-c(70, 45, 30, 55, 45), ties.method = "min") -> Sefton 3 of 5
#   percentile: values strictly worse than 45: {30} -> 100 * 1 / 4 = 25
#   neighbours A1 70, A2 45, A4 missing: mean 57.5, "2 of 3"; pooled
#     (70 + 90) / (100 + 200) = 53.333...%, Wilson 95% (R formula):
#     47.681490758540605, 58.900889433295752
#   prop.test(c(45, 620), c(100, 1000), correct = FALSE)$p.value
#     = 0.00091627410376299008  (vs England: significantly lower -> worse)
#   Fingertips rule: England 62 > upper95 60 and > upper998 61.5 -> worse at
#     both levels, "worse (99.8%)", colour #7F0000 (fingerpost's darker red);
#     North West 60 = upper95 exactly -> similar (limits included).
#   change 2022 -> 2023: 45 - 52 = -7 (-13.461538461538462%); 2020 -> 2023:
#     45 - 40 = 5 (12.5%). Deviation from England: -17 (-27.419354838709676%).
#   target "50 or national higher" = max(50, 62) = 62: not met, fell from 52
#     -> off track.
#   quintiles of the LAs' 2023 values {45 (Sefton), 70, 45, 30, 55}, 1 = best:
#     type7: quantile(c(45,70,45,30,55), c(.2,.4,.6,.8)) = 42 45 49 58, Sefton's
#       45 is in (42, 45] -> ascending group 2 -> best-first 4;
#     ntile: descending 70 | 55 | 45 (Sefton, first by input order) | 45 | 30 -> 3;
#     phe (invert): rank(70 - v, ties "min") = 3, floor(6 - ceiling((6 - 3) / 1)) = 3.
# On the shipped LAIT demo data (Sefton, LA 343), the rank, band, percentile
# and neighbour mean for Under18concep 2022 were recomputed in R by
# tests/ref/compare/lait_ranks.R: rank 108 of 151, band C, percentile
# 28.666666666666668, SN mean 18.38 (10 of 10) -- checked when the demo data
# has that indicator.
. "$(dirname "$0")/lib.sh"
# col FILE NAME [ROW-FILTER-AREA]: the value of column NAME in the row of area.
col() { csv_cell "$1" "$2" "${3-}" 3 4; }

cat > "$T/data.csv" <<'CSV'
indicator,indicator_name,area,area_code,area_type,region,period,numerator,denominator,value,unit,polarity,lower95_0cl,upper95_0cl,lower99_8cl,upper99_8cl
P,Test percent,England,E92000001,country,,2023,620,1000,62,%,higher,59.0,64.9,57.1,66.6
P,Test percent,North West,E12000002,region,,2023,300,500,60,%,higher,55.6,64.2,53.0,66.6
P,Test percent,Sefton,E08000014,local authority,North West,2020,40,100,40,%,higher,,,,
P,Test percent,Sefton,E08000014,local authority,North West,2021,50,100,50,%,higher,,,,
P,Test percent,Sefton,E08000014,local authority,North West,2022,52,100,52,%,higher,,,,
P,Test percent,Sefton,E08000014,local authority,North West,2023,45,100,45,%,higher,35.6,60,31,61.5
P,Test percent,Aa,A1,local authority,North West,2023,70,100,70,%,higher,,,,
P,Test percent,Bb,A2,local authority,North West,2023,90,200,45,%,higher,,,,
P,Test percent,Cc,A3,local authority,North West,2023,30,100,30,%,higher,,,,
P,Test percent,Dd,A4,local authority,North West,2022,55,100,55,%,higher,,,,
P,Test percent,Ee,A5,local authority,North West,2023,55,100,55,%,higher,,,,
CSV
cat > "$T/nb_test.csv" <<'CSV'
area,neighbour
E08000014,A1
E08000014,A2
E08000014,A4
CSV

"$FP" compare --all-columns --area Sefton --target 'P=50 or national higher' "$T/data.csv" "$T/nb_test.csv" > "$T/out.csv" 2> "$T/err"
check "exit 0" $?
[ "$(wc -l < "$T/out.csv")" = 2 ]; check "one row" $?
O="$T/out.csv"
[ "$(col "$O" period Sefton)" = 2023 ]; check "latest period 2023" $?
[ "$(col "$O" value Sefton)" = 45 ]; check "value 45" $?
[ "$(col "$O" england Sefton)" = 62 ]; check "England 62" $?
[ "$(col "$O" region_name Sefton)" = "North West" ]; check "region name" $?
[ "$(col "$O" region Sefton)" = 60 ]; check "region 60" $?
[ "$(col "$O" neighbours Sefton)" = 57.5 ]; check "neighbour mean 57.5" $?
[ "$(col "$O" neighbours_n Sefton)" = "2 of 3" ]; check "2 of 3 neighbours" $?
[ "$(col "$O" vs_england_95 Sefton)" = worse ]; check "vs England 95 worse" $?
[ "$(col "$O" vs_england Sefton)" = "worse (99.8%)" ]; check "vs England both levels" $?
[ "$(col "$O" rag_colour Sefton)" = "#7F0000" ]; check "RAG colour from the Fingertips rule" $?
[ "$(col "$O" vs_region_95 Sefton)" = similar ]; check "region exactly on the limit: similar" $?
[ "$(col "$O" vs_neighbours_95 Sefton)" = similar ]; check "vs neighbours similar" $?
[ "$(col "$O" test_england Sefton)" = worse ]; check "two-sample test vs England" $?
num_close "$(col "$O" test_england_p Sefton)" 0.00091627410376299008 1e-8; check "prop.test p-value (R)" $?
[ "$(col "$O" rank Sefton)" = 3 ]; check "rank 3 (tie takes lowest)" $?
[ "$(col "$O" ranked_of Sefton)" = 5 ]; check "of 5" $?
[ "$(col "$O" quartile Sefton)" = D ]; check "quartile D" $?
num_close "$(col "$O" percentile Sefton)" 25 1e-12; check "percentile 25" $?
[ "$(col "$O" neighbour_rank Sefton)" = "2 of 3" ]; check "rank among neighbours" $?
[ "$(col "$O" quintile Sefton)" = 4 ]; check "type-7 quintile 4" $?
for m in ntile:3 phe:3; do
    "$FP" compare --all-columns --area Sefton --quintiles ${m%%:*} "$T/data.csv" "$T/nb_test.csv" > "$T/q.csv" 2>/dev/null
    [ "$(col "$T/q.csv" quintile Sefton)" = ${m##*:} ]; check "quintile ${m%%:*} = ${m##*:}" $?
    [ "$(col "$T/q.csv" quintiles Sefton)" = ${m%%:*} ]; check "quintile method ${m%%:*} named" $?
done
num_close "$(col "$O" change_1 Sefton)" -7 1e-12; check "change 1 = -7" $?
num_close "$(col "$O" change_1_pct Sefton)" -13.461538461538462 1e-12; check "change 1 %" $?
num_close "$(col "$O" change_3 Sefton)" 5 1e-12; check "change 3 = 5" $?
num_close "$(col "$O" diff_england_pct Sefton)" -27.419354838709676 1e-12; check "deviation % from England" $?
num_close "$(col "$O" target Sefton)" 62 1e-12; check "target value 62" $?
[ "$(col "$O" target_status Sefton)" = "off track" ]; check "target off track" $?
[ "$(col "$O" neighbours_version Sefton)" = nb_test ]; check "neighbour version printed" $?
[ "$(col "$O" methods_version Sefton)" = fingerpost-methods-1 ]; check "methods version printed" $?

# Pooled neighbours with a Wilson interval.
"$FP" compare --all-columns --area E08000014 --neighbour-stat pooled "$T/data.csv" "$T/nb_test.csv" > "$T/pool.csv" 2>/dev/null
check "pooled exit 0" $?
num_close "$(col "$T/pool.csv" neighbours Sefton)" 53.333333333333336 1e-12; check "pooled 160/300" $?
num_close "$(col "$T/pool.csv" neighbours_lower95 Sefton)" 47.681490758540605 1e-9; check "pooled Wilson lower (R)" $?
num_close "$(col "$T/pool.csv" neighbours_upper95 Sefton)" 58.900889433295752 1e-9; check "pooled Wilson upper (R)" $?
[ "$(col "$T/pool.csv" neighbour_stat Sefton)" = pooled ]; check "stat named" $?

# --versus: a named area, or a list aggregated like the neighbours.
"$FP" compare --all-columns --area Sefton --versus A1,A3 "$T/data.csv" "$T/nb_test.csv" > "$T/vs.csv" 2>/dev/null
num_close "$(col "$T/vs.csv" versus Sefton)" 50 1e-12; check "versus mean of A1, A3 = 50" $?
[ "$(col "$T/vs.csv" versus_n Sefton)" = "2 of 2" ]; check "versus 2 of 2" $?
[ "$(col "$T/vs.csv" vs_versus_95 Sefton)" = similar ]; check "50 inside (35.6, 60): similar" $?
"$FP" compare --all-columns --area Sefton --versus Aa "$T/data.csv" "$T/nb_test.csv" > "$T/vs1.csv" 2>/dev/null
[ "$(col "$T/vs1.csv" vs_versus_998 Sefton)" = worse ]; check "70 above 61.5: worse at 99.8%" $?
"$FP" compare --all-columns --area Sefton --versus Nowhere "$T/data.csv" > /dev/null 2>&1; [ $? = 1 ]; check "unknown --versus area" $?

# A period that skips a year: no change is reported. 2022 for Sefton: change 1
# from 2021 = 2; change 3 needs 2019: empty.
"$FP" compare --all-columns --area Sefton --period 2022 "$T/data.csv" "$T/nb_test.csv" > "$T/p22.csv" 2>/dev/null
num_close "$(col "$T/p22.csv" change_1 Sefton)" 2 1e-12; check "period 2022 change 1" $?
[ -z "$(col "$T/p22.csv" change_3 Sefton)" ]; check "no 3-period change before the series" $?
[ "$(col "$T/p22.csv" vs_england_95 Sefton)" = "not compared" ]; check "no England value in 2022: not compared" $?

# No published interval but counts: Wilson limits from the rates module. R:
#   w <- function(x, n, l) { z <- qnorm(l + (1 - l) / 2)
#     100 * (2*x + z^2 + c(-1, 1) * z * sqrt(z^2 + 4*x*(1 - x/n))) / (2 * (n + z^2)) }
#   w(52, 100, .95) = 42.316577765223968 61.535448241948089
#   w(52, 100, .998) = 37.074080089853716 66.577236161026462
# Dd (A4) has 55 in 2022: inside both -> similar.
"$FP" compare --all-columns --area Sefton --period 2022 --versus Dd "$T/data.csv" "$T/nb_test.csv" > "$T/w.csv" 2>/dev/null
num_close "$(col "$T/w.csv" lower95 Sefton)" 42.316577765223968 1e-9; check "computed Wilson lower 95 (R)" $?
num_close "$(col "$T/w.csv" upper998 Sefton)" 66.577236161026462 1e-9; check "computed Wilson upper 99.8 (R)" $?
[ "$(col "$T/w.csv" vs_versus_95 Sefton)" = similar ]; check "55 within the computed interval" $?
col "$T/w.csv" note Sefton | grep -q "computed from the counts (Wilson)"; check "note says limits were computed" $?

# --all-areas: one row per LA; JSON and Markdown.
"$FP" compare --all-columns --all-areas -f json "$T/data.csv" "$T/nb_test.csv" > "$T/all.json" 2>/dev/null
check "all-areas json exit 0" $?
[ "$(grep -c '"area_code"' "$T/all.json")" = 6 ]; check "6 LAs" $?
"$FP" compare --all-columns --area Sefton -f md "$T/data.csv" "$T/nb_test.csv" | grep -q '^| P | Test percent |'; check "markdown row" $?

# Errors.
"$FP" compare --all-columns "$T/data.csv" 2>/dev/null; [ $? = 2 ]; check "no --area: usage error" $?
"$FP" compare --all-columns --area Nowhere "$T/data.csv" 2> "$T/e"; [ $? = 1 ]; check "unknown area: data error" $?
grep -q "area 'Nowhere' is not in the data" "$T/e"; check "unknown area message" $?
"$FP" compare --all-columns --area Sefton --indicator P,Q "$T/data.csv" > "$T/pq.csv" 2> "$T/e"; [ $? = 1 ]; check "unknown indicator exit 1" $?
[ "$(wc -l < "$T/pq.csv")" = 2 ]; check "the known indicator is still done" $?
"$FP" compare --all-columns --area Sefton --neighbours sn_nope "$T/data.csv" 2>/dev/null; [ $? = 1 ]; check "unknown neighbour model" $?
"$FP" compare --all-columns --area Sefton --neighbour-stat mode "$T/data.csv" 2>/dev/null; [ $? = 2 ]; check "bad stat: usage" $?
"$FP" compare --all-columns --area Sefton --target 'P=lots' "$T/data.csv" 2>/dev/null; [ $? = 2 ]; check "bad target: usage" $?
"$FP" compare --all-columns --area Sefton --quintiles sextile "$T/data.csv" 2>/dev/null; [ $? = 2 ]; check "bad quintile method: usage" $?
"$FP" compare --all-columns --help | grep -q "Usage: fingerpost compare"; check "--help" $?

# Shipped demo data (LAIT subset): Sefton = 343.
"$FP" compare --all-columns --area 343 --indicator Under18concep > "$T/demo.csv" 2>/dev/null
if [ $? = 0 ] && [ "$(col "$T/demo.csv" period Sefton)" = 2022 ]; then
    [ "$(col "$T/demo.csv" rank Sefton)" = 108 ]; check "demo: rank 108 (R)" $?
    [ "$(col "$T/demo.csv" ranked_of Sefton)" = 151 ]; check "demo: of 151 (R)" $?
    [ "$(col "$T/demo.csv" quartile Sefton)" = C ]; check "demo: band C (R)" $?
    num_close "$(col "$T/demo.csv" percentile Sefton)" 28.666666666666668 1e-12; check "demo: percentile (R)" $?
    num_close "$(col "$T/demo.csv" neighbours Sefton)" 18.38 1e-12; check "demo: SN mean 18.38 (R)" $?
    [ "$(col "$T/demo.csv" neighbours_n Sefton)" = "10 of 10" ]; check "demo: 10 of 10" $?
    [ "$(col "$T/demo.csv" neighbours_version Sefton)" = sn_may_2025 ]; check "demo: sn_may_2025 by default" $?
else
    echo "skip: demo data has no Under18concep 2022"
fi
exit $fail

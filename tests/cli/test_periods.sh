#!/bin/bash
# test_periods.sh -- periods that know what time they cover (issues 22 and
# 18.6). Regression tests that failed before the fix: equivalent labels of
# one period were kept apart ("2019/20", "2019-20" and "201920" were three
# periods and compare picked one; "Jun-19" for the area and "2019-06" for
# England left England blank), and periods of different kinds ordered by
# kind (any month after any quarter: 2020-05 was "latest" before 2020 Q4).
# Expected values by hand from the files written below.
. "$(dirname "$0")/lib.sh"

printf 'indicator,area,area_code,period,value,lower95_0cl,upper95_0cl,unit,polarity\n' >"$T/jun.csv"
printf 'I,Sefton,E08000014,Jun-19,50,45,55,%%,higher\nI,England,E92000001,2019-06,40,39.5,40.5,%%,higher\n' >>"$T/jun.csv"
"$FP" compare --area Sefton -o "$T/jun.out.csv" "$T/jun.csv" 2>/dev/null
[ "$(csv_cell "$T/jun.out.csv" england I 1)" = 40 ]; check "Jun-19 and 2019-06 are one period: England compared" $?
[ "$(csv_cell "$T/jun.out.csv" vs_england I 1)" = better ]; check "Jun-19: better than England" $?

{
    printf 'indicator,area,area_code,period,value,unit,polarity\n'
    printf 'S,Sefton,E08000014,2017/18,10,%%,higher\nS,Sefton,E08000014,2018-19,11,%%,higher\n'
    printf 'S,Sefton,E08000014,201920,12,%%,higher\nS,England,E92000001,2019/20,9,%%,higher\n'
} >"$T/split.csv"
"$FP" validate "$T/split.csv" >"$T/v.out" 2>/dev/null
grep -qx "periods: 3" "$T/v.out"; check "2017/18, 2018-19, 201920 and 2019/20: three periods" $?
"$FP" compare --area Sefton -o "$T/split.out.csv" "$T/split.csv" 2>/dev/null
[ "$(csv_cell "$T/split.out.csv" period S 1)" = 201920 ]; check "201920 is the latest (the area's own label)" $?
[ "$(csv_cell "$T/split.out.csv" england S 1)" = 9 ]; check "England's 2019/20 is the same period" $?

{
    printf 'indicator,area,area_code,period,value,unit,polarity\n'
    printf 'M,Sefton,E08000014,2020 Q1,50,%%,higher\nM,Sefton,E08000014,2020-05,60,%%,higher\n'
    printf 'M,Sefton,E08000014,2020 Q4,70,%%,higher\n'
} >"$T/mix.csv"
"$FP" compare --area Sefton -o "$T/mix.out.csv" "$T/mix.csv" 2>/dev/null
[ "$(csv_cell "$T/mix.out.csv" period M 1)" = "2020 Q4" ]; check "2020 Q4 is later than 2020-05" $?
[ "$(csv_cell "$T/mix.out.csv" value M 1)" = 70 ]; check "the latest value is 2020 Q4's" $?

# Issue 18.6: a target due 2026-07 on academic-year data (EES time_identifier
# "Academic year", latest 2024/25) is judged against 2025/26 (September to
# August), not 2026/27 (April to March, as before).
{
    echo "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,pt_rwm_met"
    v=(50 52 55 57 60)
    for i in 0 1 2 3 4; do
        y=$((2020 + i)); yy=$(printf '%02d' $(((y + 1) % 100)))
        echo "$y$yy,Academic year,National,E92000001,England,,,,,,62"
        echo "$y$yy,Academic year,Local authority,E92000001,England,E12000002,North West,343,E08000014,Sefton,${v[$i]}"
    done
} >"$T/ac.csv"
printf 'number,name,lait_code,polarity,target_rule,target_date,plan_area
1,KS2 RWM,pt_rwm_met,High,65,2026-07,Sefton
' >"$T/sc.csv"
"$FP" compare --scorecard "$T/sc.csv" --area Sefton --all-columns -o "$T/ac.out.csv" "$T/ac.csv" 2>/dev/null
csv_cell "$T/ac.out.csv" note pt_rwm_met 1 | grep -q "target due 2025/26, after the latest value (2024/25): projected"
check "academic years: due 2026-07 is 2025/26" $?
sed 's/Academic year/Financial year/' "$T/ac.csv" >"$T/fy.csv"
"$FP" compare --scorecard "$T/sc.csv" --area Sefton --all-columns -o "$T/fy.out.csv" "$T/fy.csv" 2>/dev/null
csv_cell "$T/fy.out.csv" note pt_rwm_met 1 | grep -q "target due 2026/27, after the latest value (2024/25): projected"
check "financial years: due 2026-07 is 2026/27" $?
# The projection of a percentage stays within 0-100 (logit scale).
lo=$(csv_cell "$T/ac.out.csv" projected_lower95 pt_rwm_met 1); hi=$(csv_cell "$T/ac.out.csv" projected_upper95 pt_rwm_met 1)
awk -v l="$lo" -v h="$hi" 'BEGIN { exit !(l != "" && l > 0 && h < 100) }'; check "projection within 0-100 ($lo to $hi)" $?

# Issue 22: a target year of 99999999999999 is an error at its line, not a
# projection to year 276447231.
printf 'number,name,lait_code,polarity,target_rule,target_date,plan_area
2,Bad date,pt_rwm_met,High,65,99999999999999-01,Sefton
' >"$T/sc2.csv"
"$FP" compare --scorecard "$T/sc2.csv" --area Sefton --all-columns -o "$T/bad.out.csv" "$T/ac.csv" 2>"$T/err"
grep -q "sc2.csv:2: warning: target date '99999999999999-01' of 2 is out of range" "$T/err"; check "out-of-range due date: a clear message at FILE:LINE" $?
! grep -q 276447231 "$T/bad.out.csv"; check "out-of-range due date: no year 276447231" $?
exit $fail

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
exit $fail

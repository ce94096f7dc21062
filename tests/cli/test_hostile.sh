#!/bin/bash
# test_hostile.sh -- hostile inputs and conditions (issue 14): each check is
# the regression test of one hardening item. Run under ASan/UBSan by
# ./test.sh, so a use-after-free or overflow fails here too.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}

# ------------------------------------------------------------------ item 1
# A bad weight is reported (quoting the weight) before the list is freed:
# a usage error, never a crash (exit 139 under the old code).
printf 'code,a,b\nP,1,2\nQ,2,3\nR,4,1\n' > "$T/chars.csv"
"$FP" neighbours --k 1 -w 1,abc "$T/chars.csv" > "$T/out" 2> "$T/err"
[ $? = 2 ]; check "neighbours -w 1,abc: usage error exit 2" $?
grep -q "weight 'abc' is not a number" "$T/err"; check "neighbours -w 1,abc names the weight" $?

# ------------------------------------------------------------------ data
# A small tidy file: Sefton, two neighbours, England; one area is named
# with OWASP's formula payload, one with a byte that is not UTF-8 and an
# escape sequence (ESC [ 2 J clears a terminal).
EVIL="=cmd|' /C calc'!A0"
BAD=$(printf 'Bad\377\033[2JArea')
cat > "$T/data.csv" <<CSV
indicator,indicator_name,area,area_code,area_type,region,period,numerator,denominator,value,unit,polarity,lower95_0cl,upper95_0cl
P,Test percent,England,E92000001,country,,2022,6100,10000,61,%,higher,60.0,62.0
P,Test percent,England,E92000001,country,,2023,6200,10000,62,%,higher,61.0,63.0
P,Test percent,Sefton,E08000014,local authority,North West,2022,40,100,40,%,higher,30.9,49.8
P,Test percent,Sefton,E08000014,local authority,North West,2023,45,100,45,%,higher,35.6,54.8
P,Test percent,"$EVIL",A1,local authority,North West,2023,70,100,70,%,higher,60.4,78.1
P,Test percent,$BAD,A2,local authority,North West,2023,90,200,45,%,higher,38.3,51.9
CSV
printf 'area,neighbour\nE08000014,A1\nE08000014,A2\n' > "$T/nb.csv"
HAVE_GNUPLOT=0
command -v gnuplot > /dev/null 2>&1 && HAVE_GNUPLOT=1

# ------------------------------------------------------------------ item 5
# The .csv tables beside charts guard formula cells (compare, funnel).
if [ $HAVE_GNUPLOT = 1 ]; then
    mkdir -p "$T/c5"
    "$FP" chart compare -a Sefton --out "$T/c5" "$T/data.csv" "$T/nb.csv" > /dev/null 2>&1
    check "chart compare with a formula area name: exit 0" $?
    grep -qF "\"'=cmd|' /C calc'!A0\"" "$T"/c5/*.csv; check "compare chart table guards =cmd" $?
    ! grep -q "^=cmd\|,=cmd" "$T"/c5/*.csv; check "no raw =cmd cell in chart tables" $?
    "$FP" chart funnel -a Sefton --out "$T/c5" "$T/data.csv" "$T/nb.csv" > /dev/null 2>&1
    grep -lF "\"'=cmd|' /C calc'!A0\"" "$T"/c5/*funnel*.csv > /dev/null; check "funnel chart table guards =cmd" $?
fi

# ------------------------------------------------------------------- also
# trend --help names the column the output has (mk_p_method, not mk_exact).
"$FP" trend --help > "$T/help"
grep -q 'mk_p_method' "$T/help" && ! grep -q 'mk_exact' "$T/help"; check "trend --help names mk_p_method" $?
# -c as a fraction or a percentage, the same in trend and rates.
"$FP" trend -m mk -c 0.95 > "$T/t1.csv" && "$FP" trend -m mk -c 95 > "$T/t2.csv"
check "trend -c 0.95 and -c 95 run" $?
cmp -s "$T/t1.csv" "$T/t2.csv"; check "trend -c 95 means 0.95" $?
"$FP" trend -m mk -c 100 > /dev/null 2>&1
[ $? = 2 ]; check "trend -c 100 is a usage error" $?
printf 'numerator,denominator\n30,100\n' > "$T/p.csv"
"$FP" rates -t proportion -c 0.95 "$T/p.csv" > "$T/r1.csv" && "$FP" rates -t proportion -c 95 "$T/p.csv" > "$T/r2.csv"
check "rates -c 0.95 and -c 95 run" $?
cmp -s "$T/r1.csv" "$T/r2.csv"; check "rates -c 0.95 means 95" $?

exit "$fail"

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

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

exit "$fail"

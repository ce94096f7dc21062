#!/bin/bash
# test_check_status.sh -- no CLI test passes a status that its own message
# has already overwritten. In `check "got $(cat f)" $?` the command
# substitution runs before $? is expanded, so $? is the substitution's status
# (0) and the check passes whatever happened: 29 checks were written so
# until issue 22's second round (one hid a memory leak, two hid test bugs).
# Such a check must take the status first: `st=$?; check "got $(cat f)" $st`
# (tests/cli/lib.sh). This test looks for the pattern in every CLI test.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
grep -nE 'check ".*(\$\(|`).*" \$\?' "$SRC"/tests/cli/*.sh |
    grep -vE '^[^:]*:[0-9]+:[[:space:]]*#' | grep -v '/test_check_status.sh:' > "$T/bad"
[ ! -s "$T/bad" ]; st=$?; check "no check whose message runs a command before \$? is read $(head -5 "$T/bad")" $st
# The pattern is found when it is there (the check above is not vacuous).
printf '%s\n' 'false; check "got $(echo x)" $?' > "$T/sample.sh"
grep -qE 'check ".*(\$\(|`).*" \$\?' "$T/sample.sh"
check "the pattern is recognised" $?
exit $fail

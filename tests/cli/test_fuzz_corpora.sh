#!/bin/bash
# test_fuzz_corpora.sh -- the fuzzers' saved inputs through `fingerpost
# validate` (issue 14: the hostile-input suite runs the fuzzers' corpora). Every
# file in tests/fuzz/regressions and any tests/fuzz/corpus* folder is read with
# format detection, and its payload (the file without the harness's control
# byte) with every --format and with --json: each run must end with exit 0
# (read) or 1 (data error), never a crash, a signal, a usage error or a hang,
# and --json must still print one JSON object. Run under ASan/UBSan by
# ./test.sh. The readers themselves replay the corpora in the fuzz.* tests
# (tests/fuzz/replay.c).
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
FORMATS="auto lait fingertips ees tidy dictionary la-codes areas indicators neighbours-dfe neighbours-pairs"

n=0
for dir in "$SRC"/tests/fuzz/regressions "$SRC"/tests/fuzz/corpus*; do
    [ -d "$dir" ] || continue
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        b=$(basename "$f")
        tail -c +2 "$f" > "$T/payload"
        timeout 60 "$FP" validate "$f" > /dev/null 2>&1; rc=$?
        [ $rc = 0 ] || [ $rc = 1 ]; check "validate $b: exit 0 or 1 (got $rc)" $?
        for fmt in $FORMATS; do
            timeout 60 "$FP" validate --format "$fmt" "$T/payload" > /dev/null 2>&1; rc=$?
            [ $rc = 0 ] || [ $rc = 1 ]; check "validate --format $fmt $b (payload): exit 0 or 1 (got $rc)" $?
        done
        timeout 60 "$FP" validate --json "$T/payload" > "$T/json" 2> "$T/err"; rc=$?
        [ $rc = 0 ] || [ $rc = 1 ]; check "validate --json $b: exit 0 or 1 (got $rc)" $?
        if command -v python3 > /dev/null 2>&1; then
            python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/json" 2> /dev/null
            check "validate --json $b: one valid JSON object" $?
        fi
        n=$((n + 1))
    done
done
[ $n -gt 0 ]; check "corpus files found ($n)" $?
exit $fail

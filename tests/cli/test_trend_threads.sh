#!/bin/bash
# test_trend_threads.sh -- `trend` computes series in threads (issue 22) and
# its output must be the same bytes as the serial run (--threads 1): for
# every method, in CSV, JSON and Markdown, with --wide and --spc-points, on
# an input of 9,000 series (three batches of 4,096, so slices and batches
# both meet), for 2, 3 and 7 threads. The reference is the serial run itself.
. "$(dirname "$0")/lib.sh"

# 3 indicators x 3,000 areas x 8 years, counts out of 1,000 (deterministic).
awk 'BEGIN { print "indicator,area,area_code,period,numerator,denominator,value,unit"
    s = 12345
    for (i = 0; i < 3; i++) for (a = 0; a < 3000; a++) for (p = 0; p < 8; p++) {
        s = (s * 1103515245 + 12345) % 2147483648; x = 100 + (s % 800)
        if (p == 5 && a % 7 == 0) continue          # a gap now and then
        printf "I%d,Area %d,C%07d,%d,%d,1000,%.1f,%%\n", i, a, a, 2014 + p, x, x / 10 } }' > "$T/in.csv"

for opts in "--method all" "--method all -f json" "--method recent,mk -f md" \
            "--method recent --wide" "--method spc --spc-points"; do
    "$FP" trend $opts --threads 1 -o "$T/one" "$T/in.csv" 2> "$T/e1"; rc1=$?
    [ $rc1 = 0 ] && [ -s "$T/one" ]; st=$?; check "trend $opts --threads 1 runs (got $rc1: $(head -c 200 "$T/e1"))" $st
    for n in 2 3 7; do
        "$FP" trend $opts --threads $n -o "$T/many" "$T/in.csv" 2> "$T/en"; rcn=$?
        [ $rcn = $rc1 ] && cmp -s "$T/one" "$T/many" && cmp -s "$T/e1" "$T/en"
        check "trend $opts --threads $n: byte-identical to --threads 1" $?
    done
done
# The default (every core) is the same too.
"$FP" trend --method all -o "$T/def" "$T/in.csv" 2> /dev/null
"$FP" trend --method all --threads 1 -o "$T/one" "$T/in.csv" 2> /dev/null
cmp -s "$T/one" "$T/def"; check "trend --method all (every core): byte-identical" $?
for bad in 0 1e1 0x2 257 ""; do
    "$FP" trend --threads "$bad" "$T/in.csv" > /dev/null 2> "$T/e"; rc=$?
    [ $rc = 2 ] && grep -q -- "--threads wants a whole number from 1 to 256" "$T/e"
    check "trend --threads '$bad': usage error (got $rc)" $?
done
exit $fail

#!/bin/bash
# bench_rates.sh -- end-to-end throughput of `fingerpost rates` (issue 3).
#
#   scripts/bench_rates.sh BUILD_DIR [MB] [BASELINE_FINGERPOST]
#
# Generates a CSV of about MB megabytes (default 1000) with
# `bench_rates --gen` in a temporary directory under /tmp (deleted on exit),
# runs `fingerpost rates --type rate` on it writing with -o FILE and to
# standard output, and prints wall time, user and system CPU, peak RSS and
# MB/s of input (wall and per CPU-second). With a baseline binary, runs it
# the same way and checks the outputs are byte-identical. Results:
# docs/performance.md, "Rates and confidence intervals".
set -euo pipefail
B=${1:?usage: bench_rates.sh BUILD_DIR [MB] [BASELINE_FINGERPOST]}
MB=${2:-1000}
BASE=${3:-}
T=$(mktemp -d /tmp/bench_rates.XXXXXX)
trap 'rm -rf "$T"' EXIT

"$B/bench/bench_rates" --gen "$T/in.csv" "$MB"
bytes=$(stat -c %s "$T/in.csv")

# run LABEL OUTFILE MODE BINARY: MODE is -o (atomic named file) or stdout.
run() {
    local label=$1 out=$2 mode=$3 bin=$4
    rm -f "$out"
    if [ "$mode" = -o ]; then
        /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$bin" rates --type rate "$T/in.csv" -o "$out"
    else
        /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$bin" rates --type rate "$T/in.csv" > "$out"
    fi
    awk -v l="$label" -v b="$bytes" -v o="$(stat -c %s "$out")" '{
        mb = b / 1e6; cpu = $2 + $3
        printf "%-22s %7.2f s wall %7.2f s user %6.2f s sys %7d KB max RSS | %6.1f MB/s wall %6.1f MB/s per CPU-s | output %.0f MB\n",
               l, $1, $2, $3, $4, mb / $1, mb / cpu, o / 1e6 }' "$T/time"
}

echo "input: $bytes bytes; load: $(cut -d' ' -f1-3 /proc/loadavg)"
run "rates -o FILE" "$T/out.csv" -o "$B/fingerpost"
run "rates > FILE (stdout)" "$T/out2.csv" stdout "$B/fingerpost"
cmp "$T/out.csv" "$T/out2.csv" || { echo "FAIL: -o and stdout outputs differ"; exit 1; }
rm -f "$T/out2.csv"
if [ -n "$BASE" ]; then
    run "baseline -o FILE" "$T/base.csv" -o "$BASE"
    cmp "$T/out.csv" "$T/base.csv" || { echo "FAIL: output differs from the baseline"; exit 1; }
    echo "outputs byte-identical to the baseline"
fi

#!/bin/bash
# trend_threads.sh -- `fingerpost trend --method all` on ROWS rows (default
# 5,000,000: 50,000 areas x 10 indicators x 10 years, the shape of
# bench_scale trend), serial (--threads 1) and threaded (--threads N, default
# every core), timed with /usr/bin/time (wall, user, peak RSS), and the two
# outputs compared byte for byte. A benchmark, not a test: results go in
# docs/performance.md with the machine and load.
#   bench/trend_threads.sh [ROWS] [THREADS]    (run from the source tree; needs build/)
set -eu
ROWS=${1:-5000000}
THREADS=${2:-}
FP=${FINGERPOST:-build/fingerpost}
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
${BENCH:-build/bench/bench_scale} trend-file "$ROWS" "$D/in.csv"
ls -l "$D/in.csv"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
run() {
    /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB peak" "$FP" trend --method all "$@" \
        -o "$D/out$1$2.csv" "$D/in.csv"
}
echo "--threads 1:"; run --threads 1
if [ -n "$THREADS" ]; then echo "--threads $THREADS:"; run --threads "$THREADS"; T=$THREADS
else echo "default (every core):"; /usr/bin/time -f "%e s wall, %U s user, %S s sys, %M KB peak" \
        "$FP" trend --method all -o "$D/outdefault.csv" "$D/in.csv"; T=default; fi
if [ "$T" = default ]; then cmp "$D/out--threads1.csv" "$D/outdefault.csv"
else cmp "$D/out--threads1.csv" "$D/out--threads$T.csv"; fi && echo "outputs byte-identical"

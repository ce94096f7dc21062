#!/usr/bin/env bash
# bench_ingest.sh -- ingest benchmark: the 40 MB LAIT file and a generated
# file 25 times larger (in /tmp, removed afterwards).
#   scripts/bench_ingest.sh [BUILD_DIR] [RUNS]
# The big file is bds_long.csv repeated 25 times with the indicator code
# prefixed by the copy number ("7_LAC"), so it is 25 x 434 distinct
# indicators, not duplicates. Each run is a fresh process (bench_ingest);
# /usr/bin/time -v gives the peak RSS too when available. Best of RUNS.
# Then, end to end through the CLI, `fingerpost validate FILE` (load, index,
# checks, report), timed by /usr/bin/time (wall, including process start).
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
B=${1:-$HERE/build}
RUNS=${2:-3}
L=${FP_SHARED:-$HERE/../shared}/data/lait/bds_long.csv
[ -f "$L" ] || { echo "bench_ingest.sh: $L not found" >&2; exit 2; }
cmake --build "$B" --target bench_ingest fingerpost >/dev/null
BIN=$B/bench/bench_ingest
[ -x "$BIN" ] || BIN=$B/bench_ingest
BIG=$(mktemp /tmp/fp_bench_ingest_XXXXXX.csv)
trap 'rm -f "$BIG"' EXIT
head -1 "$L" > "$BIG"
# (a quoted code keeps its opening quote first: "X,Y" -> "7_X,Y")
for k in $(seq 1 25); do tail -n +2 "$L" | sed -e "s/^\"/\"${k}_/" -e t -e "s/^/${k}_/" >> "$BIG"; done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
for f in "$L" "$BIG"; do
    echo "== $f ($(stat -c %s "$f") bytes)"
    for r in $(seq 1 "$RUNS"); do
        if [ -x /usr/bin/time ]; then
            /usr/bin/time -f "time -v: max RSS %M KB, elapsed %e s, user %U s, sys %S s" "$BIN" "$f"
        else
            "$BIN" "$f"
        fi
    done
done
FP=$B/fingerpost
if [ -x /usr/bin/time ] && [ -x "$FP" ]; then
    for f in "$L" "$BIG"; do
        echo "== fingerpost validate $(basename "$f") ($(stat -c %s "$f") bytes)"
        for r in $(seq 1 "$RUNS"); do
            /usr/bin/time -f "validate: elapsed %e s, user %U s, sys %S s, max RSS %M KB" \
                "$FP" validate "$f" >/dev/null 2>/tmp/fp_bench_validate.$$ || true
            tail -1 /tmp/fp_bench_validate.$$
        done
    done
    rm -f /tmp/fp_bench_validate.$$
fi

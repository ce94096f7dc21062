#!/bin/bash
# bench_report_areas.sh -- benchmark `fingerpost report --all-areas`: the
# scorecard report (the shipped Sefton scorecard, 43 lines) for every local
# authority of the shipped data, with charts, against the target of 60 s on
# a 2-core machine. Where the time goes is measured by phase: a one-area
# run without charts (load and prepare the data once, one report), the
# all-areas run without charts (plus every area's model and files), and
# the full run (plus the charts, drawn in one batch render over all areas);
# and, when perf is installed, the functions with most samples in the full
# run (fingerpost only: gnuplot runs in processes of its own, timed as the
# charts phase). Results go in docs/performance.md, "Report for every area".
#
# Usage: scripts/bench_report_areas.sh [BUILD_DIR] [RUNS]
set -eu
BUILD=${1:-build}
RUNS=${2:-3}
FP="$BUILD/fingerpost"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export FINGERPOST_NO_PROGRESS=1 SOURCE_DATE_EPOCH=0
now() { date +%s.%N; }
# run LABEL ARGS...: time `fingerpost report ARGS` RUNS times (fresh output
# folder each time), print each wall time and the best.
run() {
    local label=$1 best=""
    shift
    for i in $(seq "$RUNS"); do
        rm -rf "$OUT/o"
        local t0 t1 t
        t0=$(now); "$FP" report "$@" --out "$OUT/o" 2> /dev/null; t1=$(now)
        t=$(echo "$t1 - $t0" | bc -l)
        printf '%s run %d: %.2f s\n' "$label" "$i" "$t" >&2
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "gnuplot: $(gnuplot --version)"
one=$(run "one area, no charts" --no-charts --area Sefton)
nc=$(run "all areas, no charts" --no-charts --all-areas)
full=$(run "all areas, charts" --all-areas)
areas=$(ls -d "$OUT"/o/*/ | wc -l)
charts=$(ls "$OUT"/o/*/charts/*.svg | wc -l)
bytes=$(du -sm "$OUT/o" | cut -f1)
printf 'all areas with charts: %d areas, %d charts, %d MB, best of %d: %.2f s (target 60 s)\n' \
    "$areas" "$charts" "$bytes" "$RUNS" "$full"
printf 'phases (best runs): load + prepare + 1 report %.2f s; %d more models and files %.2f s (%.1f ms an area); charts %.2f s (%.1f ms a chart)\n' \
    "$one" "$((areas - 1))" "$(echo "$nc - $one" | bc -l)" "$(echo "($nc - $one) * 1000 / ($areas - 1)" | bc -l)" \
    "$(echo "$full - $nc" | bc -l)" "$(echo "($full - $nc) * 1000 / $charts" | bc -l)"
/usr/bin/time -f 'full run: %e s elapsed, %U s user, %S s system (fingerpost and its gnuplots), max RSS of fingerpost %M KB' \
    "$FP" report --all-areas --out "$OUT/t" 2>&1 >/dev/null | tail -1
if command -v perf > /dev/null && perf record -q -g -o "$OUT/perf.data" "$FP" report --all-areas --no-charts \
        --out "$OUT/p" > /dev/null 2>&1; then
    echo "perf (all areas, no charts; fingerpost's own time), top functions by self time:"
    perf report -i "$OUT/perf.data" --no-children --stdio --percent-limit 2 2> /dev/null \
        | grep -E '^ +[0-9.]+%' | head -12
fi

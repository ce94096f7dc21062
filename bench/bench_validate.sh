#!/usr/bin/env bash
# bench_validate.sh -- `fingerpost validate` end to end on the 40 MB LAIT
# file (issue 22: the plausibility sweep must stay linear; target >= 300 MB/s
# on a quiet machine). A benchmark, not a test.
#   bench/bench_validate.sh [FINGERPOST] [RUNS]
# Two runs per round: bds_long.csv alone (units unknown: the sweep checks
# signs and ranges only where a unit says so) and with its data_dictionary.csv
# and la_code_list.csv (units known: every England and region value of an
# average is checked against the regions' and the authorities' range). Best
# wall time and best CPU time (user + sys) of RUNS fresh processes each,
# timed by /usr/bin/time (including process start); MB/s is the data file's
# size over it. On a shared machine the CPU time is the steadier figure.
set -eu
HERE=$(cd "$(dirname "$0")/.." && pwd)
FP=$(realpath "${1:-$HERE/build/fingerpost}")
RUNS=${2:-5}
L=${FP_SHARED:-$HERE/../shared}/data/lait
[ -f "$L/bds_long.csv" ] || { echo "bench_validate.sh: $L/bds_long.csv not found" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_validate.sh: /usr/bin/time not found" >&2; exit 2; }
bytes=$(stat -c %s "$L/bds_long.csv")
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "binary: $FP"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for args in "bds_long.csv" "bds_long.csv data_dictionary.csv la_code_list.csv"; do
    best= bestcpu=
    for r in $(seq 1 "$RUNS"); do
        (cd "$L" && /usr/bin/time -f "%e %U %S %M" -o "$tmp" "$FP" validate $args >/dev/null 2>&1) || true
        read -r e u s m <"$tmp"
        echo "  validate $args: elapsed $e s, user $u s, sys $s s, max RSS $m KB"
        c=$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')
        if [ -z "$best" ] || awk -v a="$e" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$e; fi
        if [ -z "$bestcpu" ] || awk -v a="$c" -v b="$bestcpu" 'BEGIN { exit !(a < b) }'; then bestcpu=$c; fi
    done
    awk -v b="$best" -v c="$bestcpu" -v n="$bytes" -v a="$args" 'BEGIN {
        printf "best: validate %s: %.2f s wall (%.0f MB/s), %.2f s CPU (%.0f MB/s)\n", a, b,
               (b > 0 ? n / 1e6 / b : 0), c, (c > 0 ? n / 1e6 / c : 0) }'
done

#!/bin/bash
# alternate.sh OLD NEW RUNS ARGS... -- run two builds of fingerpost alternately RUNS
# times each with ARGS and print the min, median and max CPU time (perf stat
# task-clock: user + sys, ms) of each: on a shared machine the CPU time of
# alternating runs is the comparable figure. A benchmark helper, not a test.
set -u
OLD=$(realpath "$1"); NEW=$(realpath "$2"); RUNS=$3; shift 3
T=$(mktemp)
trap 'rm -f "$T" "$T.ps"' EXIT
: > "$T"
for i in $(seq 1 $RUNS); do
  for b in old new; do
    bin=$OLD; [ $b = new ] && bin=$NEW
    perf stat -x, -e task-clock -o "$T.ps" $bin "$@" >/dev/null 2>&1 || true
    echo "$b $(grep task-clock "$T.ps" | cut -d, -f1)" >> "$T"
  done
done
for b in old new; do
  grep "^$b " "$T" | cut -d' ' -f2 | sort -n | awk -v b=$b '{a[NR]=$1} END {printf "%s: min %.1f ms, median %.1f ms, max %.1f ms (n=%d)\n", b, a[1], a[int((NR+1)/2)], a[NR], NR}'
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"

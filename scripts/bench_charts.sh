#!/bin/bash
# bench_charts.sh -- benchmark `fingerpost chart trend`: trend charts (SVG) for
# every local authority for 20 LAIT indicators (about 3,000 charts), batched
# (many charts per gnuplot process, one process per core), against one gnuplot
# per chart (same number of processes at once) on a 300-chart sample
# (2 indicators), extrapolated per chart. Data loading is timed on its own (a
# one-chart run) and subtracted to give rendering throughput; end-to-end
# figures are printed too. Results go in docs/performance.md, "Charts".
#
# Usage: scripts/bench_charts.sh [BUILD_DIR] [SHARED_DIR]
set -eu
BUILD=${1:-build}
SHARED=${2:-$(dirname "$0")/../../shared}
FP="$BUILD/fingerpost"
L="$SHARED/data/lait"
DATA=("$L/bds_long.csv" "$L/data_dictionary.csv" "$L/sn_may_2025.csv")
INDS=LAC,CPP_rate,Under18concep,Section_47,StayingPut,Sept_Guarantee,Work_Force_Vac_Rate,Work_Force_TO_Rate,Work_Force_Agecy_Rate,Work_Force_SWAbsence,Work_Force_AvgNumCase_SW,Unacc_Asylmn_Seek_Childn,TotAbs,TotAuthAbs,TotUnAuthAbs,TotPerAbNew,SecTotAbs,SecAuth,SecUnauth,SecFSM
SAMPLE=LAC,CPP_rate
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
export FINGERPOST_NO_PROGRESS=1
now() { date +%s.%N; }
count() { ls "$1" | grep -c '\.svg$' || true; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "gnuplot: $(gnuplot --version)"

t0=$(now); "$FP" chart trend --area Sefton --indicator LAC --out "$OUT/load" "${DATA[@]}" 2>/dev/null || true; t1=$(now)
load=$(echo "$t1 - $t0" | bc -l)
printf 'load + 1 chart: %.2f s\n' "$load"

t0=$(now); "$FP" chart trend --all-areas --indicator "$INDS" --out "$OUT/batch" "${DATA[@]}" 2>/dev/null || true; t1=$(now)
nb=$(count "$OUT/batch"); tb=$(echo "$t1 - $t0" | bc -l)
printf 'batched: %d charts in %.2f s end to end (%.1f charts/s); rendering %.2f s (%.1f charts/s)\n' \
    "$nb" "$tb" "$(echo "$nb / $tb" | bc -l)" "$(echo "$tb - $load" | bc -l)" "$(echo "$nb / ($tb - $load)" | bc -l)"

t0=$(now); "$FP" chart trend --all-areas --indicator "$SAMPLE" --per-process 1 --out "$OUT/single" "${DATA[@]}" 2>/dev/null || true; t1=$(now)
ns=$(count "$OUT/single"); ts=$(echo "$t1 - $t0" | bc -l)
rs=$(echo "$ns / ($ts - $load)" | bc -l)
printf 'one gnuplot per chart: %d charts in %.2f s end to end; rendering %.2f s (%.1f charts/s); extrapolated to %d charts: %.1f s\n' \
    "$ns" "$ts" "$(echo "$ts - $load" | bc -l)" "$rs" "$nb" "$(echo "$nb / $rs + $load" | bc -l)"
printf 'speed-up of batching (rendering throughput): %.1fx\n' "$(echo "($nb / ($tb - $load)) / $rs" | bc -l)"

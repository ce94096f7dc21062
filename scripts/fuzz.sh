#!/usr/bin/env bash
# fuzz.sh -- build a libFuzzer harness for the CSV readers and run it.
#   scripts/fuzz.sh [SECONDS] [TARGET]   (default 600 s, fuzz_csv; run niced;
#   not part of CI). TARGET fuzz_csv: the readers; fuzz_fast: the CSV fast
#   path against libcsv (tests/fuzz/fuzz_fast.c); fuzz_json: fetch's JSON
#   reader and the overlay / EES definitions generators (fuzz_json.c), seeded
#   with the API responses under tests/fetch.
# Builds in build-fuzz/ with clang, ASan and UBSan; seeds the corpus with the
# files under tests/data and the first lines of the shared LAIT files; keeps
# the corpus in build-fuzz/corpus (corpus_fuzz_fast for fuzz_fast) and any
# crash in build-fuzz/crash-*.
set -eu
SECS=${1:-600}
T=${2:-fuzz_csv}
case $T in fuzz_csv) C=corpus ;; fuzz_fast) C=corpus_fuzz_fast ;; fuzz_json) C=corpus_fuzz_json ;;
    *) echo "fuzz.sh: unknown target $T (fuzz_csv, fuzz_fast or fuzz_json)" >&2; exit 2 ;; esac
HERE=$(cd "$(dirname "$0")/.." && pwd)
B=${FP_FUZZ_BUILD:-$HERE/build-fuzz}   # build directory (env override)
command -v clang >/dev/null || { echo "fuzz.sh: clang is needed (apt-get install clang)" >&2; exit 2; }
cmake -S "$HERE" -B "$B" -DCMAKE_C_COMPILER=clang -DFP_FUZZ=ON -DFP_SANITIZE=ON \
      -DFP_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$B" --target "$T" -j2 >/dev/null
mkdir -p "$B/$C" "$B/seeds"
if [ "$T" = fuzz_json ]; then
    cp "$HERE"/tests/fetch/ees/*.json "$HERE"/tests/fetch/fingertips/*.json "$B/seeds/"
fi
i=0
for f in $(find "$HERE/tests/data" -name '*.csv' -size -64k) "$HERE"/datasets/*.csv; do
    [ -f "$f" ] && [ "$T" != fuzz_json ] || continue
    i=$((i + 1))
    # The first byte picks the reader (fuzz_csv: byte % 11; 0x29 is EES with
    # definitions) or the mode (fuzz_fast).
    for b in 00 01 02 03 04 05 06 07 08 09 0a 29; do
        { printf "\\x$b"; head -c 8000 "$f"; } > "$B/seeds/s${i}_$b.csv"
    done
done
SH=$HERE/../shared/data/lait
for f in bds_long.csv data_dictionary.csv la_code_list.csv sn_may_2025.csv sn_april_2021.csv; do
    [ -f "$SH/$f" ] && [ "$T" != fuzz_json ] && { printf '\x00'; head -c 6000 "$SH/$f"; } > "$B/seeds/shared_$f"
done
cd "$B"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
nice -n 10 "./tests/fuzz/$T" -max_total_time="$SECS" -max_len=65536 -rss_limit_mb=2048 \
    -timeout=20 -print_final_stats=1 "$C" seeds

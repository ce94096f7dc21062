#!/usr/bin/env bash
# identity.sh -- check that a refactoring changed no output (issue 19).
#
#   scripts/identity.sh snapshot BUILD_DIR OUT   every file the CLI tests write
#       (FP_TEST_KEEP, tests/cli/keep.sh) into OUT/tests, and the shipped-data
#       runs (report --all-areas with charts, the default report, compare,
#       trend, rates, chart, validate) with their stdout and stderr into OUT/runs
#   scripts/identity.sh diff OLD NEW             compare two snapshots byte for
#       byte; exit 0 when identical
#
# Snapshots are taken with SOURCE_DATE_EPOCH fixed (the reports' and
# workbooks' stamps). Workbooks (.xlsx) are compared by their unzipped parts
# (zip timestamps are not output); temporary directory names
# (/tmp/tmp.XXXXXXXXXX) are replaced with /TMP, the snapshot's own folder
# with /SNAP and the build's source folder (the shipped datasets/ are named
# by it) with /SRC, because each run has its own. Left out, as they differ from
# run to run whatever the code: the fetch test's folder (a local server on a
# random port), *.pids, port, time, chrome.err, FIFOs and dangling links,
# mktemp folders inside the
# tests, and test_chart's data hash and PNGs (its data hold the test's
# temporary folder name). The shared data folder becomes /SHARED. Nothing
# else is normalised.
# Typical use: snapshot the merge base's build, snapshot the branch's build,
# diff. Takes a few minutes (the CLI test suite plus ~160 areas' reports).
set -euo pipefail
cmd=${1:-}
case "$cmd" in
snapshot)
    build=$(cd "$2" && pwd); out=$3
    src=$(cd "$(dirname "$0")/.." && pwd)
    fp=$build/fingerpost
    rm -rf "$out"; mkdir -p "$out/runs"; out=$(cd "$out" && pwd)
    # The stamps of reports and workbooks are fixed (reproducible-builds.org),
    # so two snapshots taken at different times can be compared.
    export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1764000000}
    # The tests that need ../shared find it from this script's tree, so a
    # build made elsewhere (the base, from git archive) runs them too; the
    # build's own source folder is recorded for the diff to normalise.
    export FP_SHARED=${FP_SHARED:-$src/../shared}
    sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build/CMakeCache.txt" > "$out/source_dir"
    FP_TEST_KEEP=$out/tests ctest --test-dir "$build" -R '^cli\.' -j2 > "$out/ctest.log" 2>&1 || true
    grep -E "tests passed|tests failed" "$out/ctest.log" || true
    r=$out/runs
    run() { # NAME ARG...: a failing command is output too (its exit status in NAME.rc)
        local name=$1 rc=0; shift
        (cd "$r" && "$fp" "$@" > "$r/$name.stdout" 2> "$r/$name.stderr") || rc=$?
        echo "$rc" > "$r/$name.rc"
    }
    run report_all report --all-areas --out "$r/report_all"
    run report_default report --out "$r/report_default"
    run compare_all compare --all-areas --all-columns
    run compare_sefton compare --area Sefton
    run compare_json compare --area Sefton -f json
    run trend_all trend --method all
    run rates rates --type rate --numerator Count --denominator Denominator --multiplier 10000 "$src/datasets/fingertips_injuries_0to14_90284.csv"
    run validate validate "$src"/datasets/lait_scorecard.csv "$src"/datasets/fingertips_injuries_0to14_90284.csv "$src"/datasets/ees_*.csv "$src"/datasets/sn_*.csv "$src"/datasets/local_send_kpis.csv
    run indicators indicators
    run areas areas
    run inequality inequality
    run chart_trend chart trend --area Sefton --out "$r/chart_trend"
    run chart_funnel chart funnel -i 90284 --out "$r/chart_funnel"
    run chart_spine chart spine --area Sefton --out "$r/chart_spine"
    run chart_spc chart spc --area Sefton --out "$r/chart_spc"
    run chart_compare chart compare --area Sefton --out "$r/chart_compare"
    echo "identity: snapshot in $out"
    ;;
diff)
    old=$2; new=$3
    norm() { # DIR -> a normalised copy's path
        local d src tree=; d=$(mktemp -d); src=$(cd "$1" && pwd)
        [ -s "$1/source_dir" ] && tree=$(cat "$1/source_dir")
        cp -r "$1/." "$d"; rm -f "$d/source_dir"
        find "$d" -name '*.xlsx' | while read -r x; do
            mkdir "$x.unzipped" && (cd "$x.unzipped" && unzip -q "$x") && rm "$x"
        done
        # Paths into the snapshot itself (chart manifests, messages) name
        # its folder: /SNAP in both.
        # The shared data folder (../shared, however the build names it) is
        # /SHARED; this script's tree, which the runs name, is /SRC too.
        local here shared; here=$(cd "$(dirname "$0")/.." && pwd)
        shared=$(cd "$here/../shared" 2> /dev/null && pwd -P || echo /nonexistent)
        find "$d" -type f ! -name ctest.log -print0 | xargs -0 sed -i -E \
            -e 's#/tmp/tmp\.[A-Za-z0-9]{10}#/TMP#g' -e "s#$src#/SNAP#g" \
            -e "s#$here/\.\./shared#/SHARED#g" -e "s#$shared#/SHARED#g" \
            ${tree:+-e "s#$tree/\.\./shared#/SHARED#g" -e "s#$tree#/SRC#g"} \
            -e "s#$here#/SRC#g" 2> /dev/null || true
        # test_chart's data name its own temporary folder (the name of the
        # area that must never run), so their data version's hash and the
        # PNG that draws the name differ from run to run.
        if [ -d "$d/tests/test_chart" ]; then
            find "$d/tests/test_chart" -name manifest.csv -print0 \
                | xargs -0 -r sed -i -E 's/data\.csv#[0-9a-f]{16}/data.csv#HASH/g'
            rm -f "$d"/tests/test_chart/png/*.png
        fi
        # What differs from run to run whatever the code: the fetch tests'
        # local server (random port, cache keys made from its URL), process
        # ids and timings of the interrupt and hostile-input tests, the
        # browser's own log, and mktemp folders inside tests.
        rm -rf "$d/tests/test_fetch"
        # FIFOs and dangling links the hostile-input tests leave are not
        # output (diff -r cannot compare them).
        find "$d" -mindepth 1 \( -type p -o -xtype l \) -delete 2> /dev/null || true
        find "$d" -mindepth 1 \( -name '*.pids' -o -name port -o -name time -o -name chrome.err \
            -o -name 'tmp.??????????' \) -prune -exec rm -rf {} + 2> /dev/null || true
        echo "$d"
    }
    a=$(norm "$old"); b=$(norm "$new")
    rc=0
    diff -r -q -x ctest.log "$a" "$b" || rc=1
    [ $rc = 0 ] && echo "identity: identical ($(find "$a" -type f | wc -l) files)"
    rm -rf "$a" "$b"
    exit $rc
    ;;
*)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

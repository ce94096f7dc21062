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
# Workbooks (.xlsx) are compared by their unzipped parts (zip timestamps are
# not output); SOURCE_DATE_EPOCH fixes the time stamps; the snapshot's own
# path, temporary directory names (/tmp/tmp.XXXXXXXXXX), the local test
# server's port, the build's source folder and the shared data folder are
# replaced (so a base built from git archive elsewhere compares), and a few volatile files (pids, timings, cache
# entries named after URLs) are skipped. Nothing else is normalised.
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
    export SOURCE_DATE_EPOCH=1700000000 # the reports' and workbooks' time stamps
    echo "$out" > "$out/path"
    # The tests that need ../shared find it from this script's tree, so a
    # build made elsewhere (a base from git archive) runs them too; the
    # build's own source folder (it names the shipped datasets/) is recorded
    # for the diff to normalise.
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
        local d; d=$(mktemp -d)
        cp -r "$1/." "$d"
        find "$d" -name '*.xlsx' | while read -r x; do
            mkdir "$x.unzipped" && (cd "$x.unzipped" && unzip -q "$x") && rm "$x"
        done
        chmod -R u+rwX "$d"
        local tree=; [ -s "$1/source_dir" ] && tree=$(cat "$1/source_dir")
        python3 - "$d" "$(cat "$1/path")" "$tree" "$(cd "$(dirname "$0")/.." && pwd)" <<'PY'
import os, re, sys
top, snap = sys.argv[1], sys.argv[2].encode()
# The build's source tree and this script's (the runs name its datasets/)
# are /SRC; the shared data folder, however a build names it, is /SHARED.
trees = [t.encode() for t in sys.argv[3:] if t]
shared = [t + b"/../shared" for t in trees] + [os.path.realpath(t + b"/../shared") for t in trees]
subs = [(re.compile(re.escape(snap)), b"/SNAP"),
        (re.compile(rb"/tmp/tmp\.[A-Za-z0-9]{10}"), b"/TMP"),
        (re.compile(rb"(127\.0\.0\.1|localhost):[0-9]+"), rb"\1:PORT")]
subs += [(re.compile(re.escape(p)), b"/SHARED") for p in shared]
subs += [(re.compile(re.escape(t)), b"/SRC") for t in trees]
for root, dirs, files in os.walk(top):
    for f in files:
        p = os.path.join(root, f)
        if not os.path.isfile(p) or os.path.islink(p):
            continue
        with open(p, "rb") as h:
            data = h.read()
        new = data
        for rx, rep in subs:
            new = rx.sub(rep, new)
        if new != data:
            with open(p, "wb") as h:
                h.write(new)
PY
        echo "$d"
    }
    a=$(norm "$old"); b=$(norm "$new")
    rc=0
    # Volatile by nature: process ids, timings, the test server's port and
    # the cache entries named after its URLs, Chromium's own files, FIFOs.
    # test_chart's hostile titles hold the test's own temporary path, so the
    # data hash in its manifests and the pixels of its PNG differ every run;
    # test_fetch's server log lists concurrent requests in arrival order.
    diff -r -q -x ctest.log -x path -x source_dir -x '*.pids' -x time -x port -x 'chrome.err' -x 'tmp.*' \
        -x urls -x log.tsv -x '*.provenance.txt' -x fifo -x dangling.csv "$a" "$b" |
        grep -v -E '/tests/test_chart/[^ ]*(manifest\.csv|\.png) and |/tests/test_fetch/log and ' > "$a.diff" || true
    [ -s "$a.diff" ] && { cat "$a.diff"; rc=1; }
    rm -f "$a.diff"
    [ $rc = 0 ] && echo "identity: identical ($(find "$a" -type f | wc -l) files)"
    rm -rf "$a" "$b"
    exit $rc
    ;;
*)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac

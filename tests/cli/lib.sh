# lib.sh -- the preamble and helpers shared by the CLI tests. Sourced by a
# test (`. "$(dirname "$0")/lib.sh"`), never run on its own: the test_*.sh
# glob in tests/CMakeLists.txt does not pick it up. Sets FP (the binary,
# from $FINGERPOST), T (a temporary directory removed on exit) and fail.
set -u
FP=${FINGERPOST:?set FINGERPOST to the binary}
T=$(mktemp -d)
# With FP_TEST_KEEP set (scripts/identity.sh), every file the test wrote is
# copied to $FP_TEST_KEEP/<test name> before T is removed, so that two builds'
# outputs can be compared byte for byte.
fp_keep() { bash "$(dirname "$0")/keep.sh" "$1" "$0"; }
trap 'fp_keep "$T"; rm -rf "$T"' EXIT
fail=0

# check DESCRIPTION STATUS: prints "ok: ..." or "FAIL: ..."; a nonzero STATUS
# fails the test (exit "$fail" at the end). A DESCRIPTION with a command
# substitution, $(...), resets $? before STATUS is expanded, so such a check
# must take the status first: `st=$?; check "got $(cat f)" $st` (29 checks
# written as `check "... $(...)" $?` passed whatever happened, issue 22).
check() { if [ "$2" != 0 ]; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi; }

# num_close GOT WANT RELTOL: status 0 when |GOT - WANT| <= RELTOL * |WANT|
# (an empty GOT is never close).
num_close() { awk -v g="$1" -v w="$2" -v r="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; a = w < 0 ? -w : w; if (g == "") exit 1; exit !(d <= r * a + 1e-300) }'; }

# csv_cell FILE NAME VALUE COL...: column NAME (by header) of the first data
# row in which any of the 1-based columns COL... equals VALUE. RFC 4180
# quoting is understood (commas and "" inside quotes; one line per row).
csv_cell() {
    local file=$1 name=$2 value=$3
    shift 3
    awk -v name="$name" -v value="$value" -v cols="$*" '
      function parse(line, arr,   n, i, c, q, f) { n = 0; f = ""; q = 0
        for (i = 1; i <= length(line); i++) { c = substr(line, i, 1)
          if (q) { if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { f = f c; i++ } else q = 0 } else f = f c }
          else if (c == "\"") q = 1; else if (c == ",") { arr[++n] = f; f = "" } else f = f c }
        arr[++n] = f; return n }
      BEGIN { nk = split(cols, kc, " ") }
      NR == 1 { n = parse($0, h); for (i = 1; i <= n; i++) if (h[i] == name) k = i; next }
      { parse($0, r); for (j = 1; j <= nk; j++) if (r[kc[j]] == value) { print r[k]; exit } }' "$file"
}

# openpyxl_python: sets PY to a python3 that can import openpyxl (the
# workbook tests read xlsx back with it), or to "" after printing a skip
# line; XC to the cell-by-cell checker tests/cli/xlsx_vs_csv.py (needs SRC).
openpyxl_python() {
    PY=""
    for p in python3 /usr/bin/python3; do
        if command -v "$p" > /dev/null && "$p" -c 'import openpyxl' 2> /dev/null; then PY=$p; break; fi
    done
    XC="$SRC/tests/cli/xlsx_vs_csv.py"
    [ -n "$PY" ] || echo "skip: python3-openpyxl not installed (scripts/deps.sh test installs it)"
}

# fetch_server_start: starts tests/fetch/server.py (127.0.0.1 only; recorded
# API responses at the real paths) for the fetch tests, sets SERVER and URL,
# and stops it on exit. Exits 77 (skip) when fetch was built without libcurl
# (test_fetch_nocurl.sh checks that build) or there is no python3.
fetch_server_start() {
    if "$FP" fetch ees --data-set x --out "$T/probe" --cache "$T/probe-cache" --base-url http://127.0.0.1:9 --retries 0 --timeout 1 2>&1 | grep -q "built without libcurl"; then
        echo "skip: built without libcurl (test_fetch_nocurl.sh checks that build)"
        exit 77
    fi
    command -v python3 >/dev/null || { echo "skip: no python3 for the test server"; exit 77; }
    python3 "${FP_SRC:?}/tests/fetch/server.py" "$FP_SRC" "$T/port" "$T/log" &
    SERVER=$!
    trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; fp_keep "$T"; rm -rf "$T"' EXIT
    for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
    [ -s "$T/port" ] || { echo "FAIL: the test server did not start"; exit 1; }
    URL="http://127.0.0.1:$(cat "$T/port")"
}

#!/usr/bin/env bash
# test_fetch.sh -- `fingerpost fetch` end to end against a local HTTP server
# (tests/fetch/server.py, 127.0.0.1 only) serving recorded real Fingertips and
# EES responses at the real API paths (tests/fetch/README.md says where each
# came from). Covers: fetch fingertips and ees, the files validating with 0
# errors and compare/report running on them, polarity and unit from the
# fetched Fingertips metadata (not inferred), the cache (conditional
# requests, --refresh, --offline, provenance, the data version naming the
# cached body), and every fault: slow server (timeout), 500 then 200
# (retry), always 500, 404, truncated body, HTML with 200 (by type and by
# content), empty body, redirect (followed) and redirect loop, huge body
# (--max-size), disk full (a file size limit, ulimit -f: unprivileged, no
# tmpfs needed) and interrupt mid-download (SIGINT and SIGTERM). After each
# fault nothing partial is left in --out or in the cache.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:?}

if ! "$FP" fetch --help >/dev/null; then echo "FAIL: fetch --help"; exit 1; fi
fetch_server_start
export XDG_CACHE_HOME="$T/xdg"
export FINGERPOST_NO_PROGRESS=1
CACHE="$XDG_CACHE_HOME/fingerpost"
FT=(fingertips --indicator 90284 --area-type 402)
EES=(ees --data-set e1ae9201-2fff-d376-8fa3-bd3c3660d4c8)
FAST=(--timeout 1 --retries 2 --retry-wait 0.05)

# nothing_partial DIR: no temporary or partial file in DIR or the cache.
nothing_partial() {
    ! find "$1" "$CACHE" -name '.part*' -o -name '*.tmp*' 2>/dev/null | grep -q .
}

# ------------------------------------------------------------ fingertips
"$FP" fetch "${FT[@]}" --out "$T/ft" --base-url "$URL/ok" >"$T/ft.out" 2>"$T/ft.err"
check "fetch fingertips exits 0" $?
for f in fingertips_90284_at402.csv fingertips_90284_at402.meta.csv fingertips_90284_at402.provenance.txt; do
    [ -s "$T/ft/$f" ]; check "fetch fingertips writes $f" $?
done
cmp -s "$T/ft/fingertips_90284_at402.csv" "$SRC/datasets/fingertips_injuries_0to14_90284.csv"
check "the data file is the served bytes, unchanged" $?
grep -q '^url=.*/ok/api/all_data/csv/by_indicator_id?indicator_ids=90284&child_area_type_id=402$' "$T/ft/fingertips_90284_at402.provenance.txt"
check "provenance names the data URL" $?
grep -q '^etag="' "$T/ft/fingertips_90284_at402.provenance.txt" \
    && grep -q '^last_modified=Mon, 01 Dec 2025 09:00:00 GMT' "$T/ft/fingertips_90284_at402.provenance.txt"
check "provenance keeps ETag and Last-Modified" $?
grep -q "ok 200 /api/indicator_metadata/csv/by_indicator_id?indicator_ids=90284" "$T/log"
check "the metadata endpoint is asked for the same indicator" $?

"$FP" validate "$T"/ft/*.csv >"$T/val.out" 2>"$T/val.err"
check "fetched Fingertips files validate (exit 0)" $?
grep -q '^errors: 0$' "$T/val.out"; check "fetched Fingertips files: 0 errors" $?
grep -q 'fingertips_90284_at402.meta.csv: fingertips-meta' "$T/val.out"
check "the metadata file is recognised as Fingertips metadata" $?

# Polarity and unit from the metadata, not inferred.
"$FP" compare --area Sefton --columns indicator,period,polarity,unit,vs_england \
    "$T/ft/fingertips_90284_at402.csv" >"$T/cmp.csv" 2>"$T/cmp.err"
check "compare runs on the fetched data" $?
[ "$(csv_cell "$T/cmp.csv" polarity 90284 1)" = "lower" ]
check "polarity of 90284 is Fingertips' 'RAG - Low is good' (lower)" $?
grep -q "polarity 'lower' and unit 'per 10,000' from the Fingertips metadata" "$T/cmp.err"
check "compare says the polarity and unit came from the metadata" $?
! grep -q "inferred" "$T/cmp.err"
check "neither polarity nor unit is inferred when the metadata gives them" $?
! grep -q "Better/Worse labels say" "$T/cmp.err"
check "OHID's own verdicts agree with the metadata's polarity" $?
hash=$(sed -n 's/^hash=//p' "$T/ft/fingertips_90284_at402.provenance.txt" | head -1)
ver=$(csv_cell "$T/cmp.csv" data_version 90284 1)
case "$ver" in *"fingertips_90284_at402.csv#$hash"*) true ;; *) false ;; esac
check "the data version in compare's output names the download ($hash)" $?
cmp -s "$CACHE/objects/$hash" "$T/ft/fingertips_90284_at402.csv"
check "the cache keeps that body as objects/HASH" $?
# The same data without its metadata: polarity only by inference.
mkdir -p "$T/nometa" && cp "$T/ft/fingertips_90284_at402.csv" "$T/nometa/"
"$FP" compare --area Sefton "$T/nometa/fingertips_90284_at402.csv" >/dev/null 2>"$T/nometa.err"
grep -q "polarity 'lower is better' inferred" "$T/nometa.err" || grep -q "inferred" "$T/nometa.err"
check "without the metadata beside it the polarity is inferred (the difference)" $?

"$FP" report --area Sefton --data "$T/ft/fingertips_90284_at402.csv" --out "$T/rep" --no-charts >/dev/null 2>"$T/rep.err"
check "report runs on the fetched data" $?
grep -q "^2.7,.*,90284,2023/24," "$T/rep/scorecard.csv"
check "the scorecard's line 2.7 is computed from the fetched file" $?

# ------------------------------------------------------------ the cache
"$FP" fetch "${FT[@]}" --out "$T/ft" --base-url "$URL/ok" >"$T/ft2.out" 2>/dev/null
check "a second fetch exits 0" $?
[ "$(grep -c 'ok 304 ' "$T/log")" -eq 5 ]
check "a second fetch asks conditionally and gets 304 for all five downloads (data, metadata, areas, regions, mapping)" $?
grep -q "not-modified" "$T/ft2.out"; check "and says the files were not modified" $?
"$FP" fetch "${FT[@]}" --out "$T/ft" --base-url "$URL/ok" --refresh >/dev/null 2>&1
[ "$(grep -c 'ok 200 /api/all_data' "$T/log")" -eq 2 ]
check "--refresh downloads again" $?
n=$(wc -l <"$T/log")
"$FP" fetch "${FT[@]}" --out "$T/off" --base-url "$URL/ok" --offline >"$T/off.out" 2>&1
check "--offline serves from the cache" $?
[ "$(wc -l <"$T/log")" -eq "$n" ]; check "--offline touches no network" $?
cmp -s "$T/off/fingertips_90284_at402.csv" "$T/ft/fingertips_90284_at402.csv"
check "--offline gives the same bytes" $?
"$FP" fetch fingertips --indicator 1 --area-type 402 --out "$T/off2" --base-url "$URL/ok" --offline 2>"$T/off2.err"
[ $? -eq 1 ] && grep -q "not in the cache" "$T/off2.err" && [ ! -e "$T/off2" ]
check "--offline without a cached copy fails and writes nothing" $?
[ "$(awk -F'\t' '{print NF}' "$CACHE/log.tsv" | sort -u)" = 7 ]
check "log.tsv: one 7-field line per request" $?
"$FP" fetch "${FT[@]}" --out "$T/ftc" --base-url "$URL/ok" --cache "$T/own-cache" >/dev/null 2>&1
[ -d "$T/own-cache/objects" ] && [ -s "$T/own-cache/log.tsv" ]
check "--cache DIR is used instead of the default" $?

# ------------------------------------------------------------ ees
"$FP" fetch "${EES[@]}" --out "$T/ees" --base-url "$URL/ok" >"$T/ees.out" 2>"$T/ees.err"
check "fetch ees exits 0" $?
E=ees_e1ae9201-2fff-d376-8fa3-bd3c3660d4c8
[ -s "$T/ees/$E.csv" ] && [ -s "$T/ees/$E.meta.json" ] && [ -s "$T/ees/$E.provenance.txt" ]
check "fetch ees writes the CSV, the metadata JSON and the provenance" $?
python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); assert m["indicators"][0]["column"]' "$T/ees/$E.meta.json"
check "the EES metadata is the served JSON (indicators listed)" $?
grep -q "ok 200 /v1/data-sets/e1ae9201-2fff-d376-8fa3-bd3c3660d4c8/csv" "$T/log" \
    && grep -q "ok 200 /v1/data-sets/e1ae9201-2fff-d376-8fa3-bd3c3660d4c8/meta" "$T/log"
check "EES: /v1/data-sets/ID/csv and /meta asked" $?
"$FP" fetch "${EES[@]}" --version 1.0 --out "$T/eesv" --base-url "$URL/ok" >/dev/null 2>&1
grep -q "/v1/data-sets/e1ae9201-2fff-d376-8fa3-bd3c3660d4c8/csv?dataSetVersion=1.0" "$T/log" \
    && [ -s "$T/eesv/${E}_v1.0.csv" ]
check "EES --version asks for dataSetVersion" $?
"$FP" validate "$T/ees/$E.csv" >"$T/eval.out" 2>/dev/null
check "fetched EES file validates (exit 0)" $?
grep -q '^errors: 0$' "$T/eval.out"; check "fetched EES file: 0 errors" $?
"$FP" compare --area Sefton "$T/ees/$E.csv" >"$T/ecmp.csv" 2>/dev/null
check "compare runs on the fetched EES file" $?
grep -q "$E.csv#" "$T/ecmp.csv"; check "compare's data version names the EES download" $?

# ------------------------------------------------------------ faults
# fault MODE WANT_RC MESSAGE [extra options]: fetch under /MODE/, expect the
# exit status and the message, and nothing left in --out or the cache.
fault() {
    local mode=$1 want=$2 msg=$3
    shift 3
    rm -rf "$T/f_$mode"
    "$FP" fetch "${FT[@]}" --out "$T/f_$mode" --base-url "$URL/$mode" "${FAST[@]}" "$@" \
        >"$T/f_$mode.out" 2>"$T/f_$mode.err"
    local rc=$?
    [ "$rc" -eq "$want" ] && { [ -z "$msg" ] || grep -qF -- "$msg" "$T/f_$mode.err"; } \
        && nothing_partial "$T/f_$mode"
    check "fault $mode: exit $want, '$msg', nothing partial" $?
    if [ "$want" -ne 0 ]; then
        [ ! -e "$T/f_$mode" ]; check "fault $mode: --out not even created" $?
    fi
}
fault slow 1 "timed out (nothing received for 1 s; --timeout) (gave up after 3 attempts)"
fault flaky 0 "HTTP 500; retrying in 0.05 s (1 of 2)"
[ -s "$T/f_flaky/fingertips_90284_at402.csv" ]; check "fault flaky: the retry succeeded" $?
fault e500 1 "fingerpost: fetch: $URL/e500/api/all_data/csv/by_indicator_id?indicator_ids=90284&child_area_type_id=402: HTTP 500 (gave up after 3 attempts)"
[ "$(grep -c '^e500 500 ' "$T/log")" -eq 3 ]; check "fault e500: 1 + 2 retries" $?
fault e404 1 "fingerpost: fetch: $URL/e404/api/all_data/csv/by_indicator_id?indicator_ids=90284&child_area_type_id=402: HTTP 404"
[ "$(grep -c '^e404 404 ' "$T/log")" -eq 1 ]; check "fault e404: not retried" $?
fault trunc 1 "the transfer ended early (1203742 of 2407484 bytes) (gave up after 3 attempts)"
fault html 1 "the server sent an HTML page (text/html; charset=utf-8), not CSV data"
fault htmlcsv 1 "the server sent an HTML page (text/csv), not CSV data"
fault empty 1 "the server sent an empty body; nothing was saved"
fault redirect 0 ""
cmp -s "$T/f_redirect/fingertips_90284_at402.csv" "$T/ft/fingertips_90284_at402.csv"
check "fault redirect: followed to the same bytes" $?
fault loop 1 "redirects"
fault huge 1 "larger than the limit of 1048576 bytes (--max-size)" --max-size 1
# Disk full: a 1 MiB file size limit (ulimit -f counts KiB in bash) makes
# the 2.4 MB download fail with EFBIG in the cache.
rm -rf "$T/full" "$T/full-cache"
(ulimit -f 1024; "$FP" fetch "${FT[@]}" --out "$T/full" --cache "$T/full-cache" --base-url "$URL/ok" \
    --retries 0 >/dev/null 2>"$T/full.err")
[ $? -eq 1 ] && grep -q "cannot write to the cache: File too large; nothing was saved" "$T/full.err" \
    && [ ! -e "$T/full" ] && [ -z "$(find "$T/full-cache" -type f)" ]
check "disk full (ulimit -f): error, no file left in --out or the cache" $?
# Interrupt mid-download: the server sends 64 KiB and stalls. Job control on,
# so the background fetch does not ignore SIGINT.
for sig in INT TERM; do
    rm -rf "$T/int" "$T/int-cache"
    set -m
    "$FP" fetch "${FT[@]}" --out "$T/int" --cache "$T/int-cache" --base-url "$URL/hang" --timeout 30 \
        >/dev/null 2>&1 &
    pid=$!
    set +m
    for _ in $(seq 100); do find "$T/int-cache" -name '.part*' 2>/dev/null | grep -q . && break; sleep 0.05; done
    sleep 0.3
    kill -"$sig" "$pid"
    wait "$pid"
    rc=$?
    want=$([ "$sig" = INT ] && echo 130 || echo 143)
    [ "$rc" -eq "$want" ] && [ ! -e "$T/int" ] && [ -z "$(find "$T/int-cache" -type f)" ]
    check "SIG$sig mid-download: exit $want, the partial file removed, nothing in --out" $?
done

# ------------------------------------------------------------ usage
"$FP" fetch fingertips --area-type 402 --out "$T/u" 2>/dev/null; [ $? -eq 2 ]
check "fingertips without --indicator or --profile: usage error" $?
"$FP" fetch fingertips --indicator '90284;rm' --area-type 402 --out "$T/u" 2>/dev/null; [ $? -eq 2 ]
check "a non-numeric indicator ID is refused" $?
"$FP" fetch ees --data-set '../x' --out "$T/u" 2>/dev/null; [ $? -eq 2 ]
check "an EES ID with a path in it is refused" $?
"$FP" fetch ees --data-set x --base-url file:///etc --out "$T/u" 2>/dev/null; [ $? -eq 2 ]
check "a non-http base URL is refused" $?
"$FP" fetch nomis 2>/dev/null; [ $? -eq 2 ]; check "an unknown source: usage error" $?
[ ! -e "$T/u" ]; check "usage errors write nothing" $?
exit $fail

#!/usr/bin/env bash
# test_fetch_nocurl.sh -- fingerpost built without libcurl (tests/fingerpost_nocurl,
# the same program with cli/fetch compiled without FP_HAVE_CURL): every other
# command works, `fetch` says how to enable it (exit 2) and touches nothing,
# and `fetch --offline` still serves what the cache holds.
. "$(dirname "$0")/lib.sh"
NC=${FP_BUILD:?}/tests/fingerpost_nocurl
[ -x "$NC" ] || { echo "skip: $NC not built"; exit 77; }

"$NC" fetch --help | grep -q "^Usage: fingerpost fetch"
check "fetch --help works without libcurl" $?
"$NC" fetch fingertips --indicator 90284 --area-type 402 --out "$T/out" --cache "$T/cache" 2>"$T/err"
rc=$?
[ $rc -eq 2 ] && grep -q "built without libcurl. To enable fetch, install libcurl4-openssl-dev" "$T/err"
check "fetch says how to enable it (exit 2)" $?
[ ! -e "$T/out" ] && [ ! -e "$T/cache" ]; check "and writes nothing" $?
"$NC" validate "${FP_SRC:?}/datasets/fingertips_injuries_0to14_90284.csv" >/dev/null 2>&1
check "the other commands work (validate)" $?

# A cache entry as a build with libcurl leaves it (cli/fetch/fetch.h):
# objects/HASH and urls/KEY, KEY the 64-bit FNV-1a hash of the URL's bytes
# (fpc_hash_str).
url_key() {
    python3 - "$1" <<'PY'
import sys
h = 1469598103934665603
for c in sys.argv[1].encode():
    h = ((h ^ c) * 1099511628211) % 2**64
print("%016x" % h)
PY
}
url="https://api.education.gov.uk/statistics/v1/data-sets/abc-1/csv"
src="$FP_SRC/datasets/ees_cla_health.csv"
mkdir -p "$T/cache/objects" "$T/cache/urls"
hash=$("$NC" validate "$src" 2>/dev/null | sed -n 's/^data version: ees_cla_health.csv#//p')
cp "$src" "$T/cache/objects/$hash"
printf 'url=%s\nfetched=2025-12-01T09:00:00Z\netag=\nlast_modified=\nhash=%s\nbytes=%s\ncontent_type=text/csv\n' \
    "$url" "$hash" "$(wc -c <"$src")" >"$T/cache/urls/$(url_key "$url")"
"$NC" fetch ees --data-set abc-1 --out "$T/off" --cache "$T/cache" --offline >"$T/off.out" 2>"$T/off.err"
# The metadata URL is not cached: the fetch fails as a whole and writes nothing.
[ $? -eq 1 ] && grep -q "/meta: not in the cache" "$T/off.err" && [ ! -e "$T/off" ]
check "--offline without the metadata cached: nothing written" $?
meta_url="https://api.education.gov.uk/statistics/v1/data-sets/abc-1/meta"
printf '{"indicators": []}\n' >"$T/cache/objects/00000000000000aa"
printf 'url=%s\nfetched=2025-12-01T09:00:00Z\nhash=00000000000000aa\nbytes=19\n' "$meta_url" >"$T/cache/urls/$(url_key "$meta_url")"
"$NC" fetch ees --data-set abc-1 --out "$T/off" --cache "$T/cache" --offline >"$T/off.out" 2>"$T/off.err"
check "--offline serves the cache without libcurl" $?
cmp -s "$T/off/ees_abc-1.csv" "$src"; check "the cached bytes, unchanged" $?
grep -q "ees_abc-1.csv#$hash	offline" "$T/off.out"; check "listed with the data version and 'offline'" $?
exit $fail

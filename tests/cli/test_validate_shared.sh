#!/usr/bin/env bash
# test_validate_shared.sh -- `fingerpost validate` on the real DfE LAIT files
# in $FP_SHARED/data/lait (skipped with 77 when absent) and on the shipped demo
# data in datasets/. Expected counts were computed with Python's csv module
# (see tests/unit/test_ingest_lait.c for the code): 640,900 rows after the 170
# rows with period "0", 434 indicators, 170 areas in bds_long.csv plus "1000
# England (discontinued)" from la_code_list.csv, 55 periods (64 labels; "2016-17" is "2016/17"), 93,713 missing,
# 158 + 156 neighbour lists.
set -u
FP=${FINGERPOST:?}
SRC=${FP_SRC:?}
L=${FP_SHARED:-/nonexistent}/data/lait
[ -f "$L/bds_long.csv" ] || { echo "skip: $L/bds_long.csv not found"; exit 77; }
TMP=$(mktemp -d)
trap 'bash "$(dirname "$0")/keep.sh" "$TMP" "$0"; rm -rf "$TMP"' EXIT
fail=0
(cd "$L" && "$FP" validate bds_long.csv data_dictionary.csv la_code_list.csv sn_may_2025.csv \
    sn_april_2021.csv >"$TMP/out" 2>"$TMP/err")
rc=$?
[ $rc = 0 ] || { echo "FAIL: exit $rc"; head "$TMP/err"; fail=1; }
for want in "bds_long.csv: lait, 640900 rows" "data_dictionary.csv: dictionary, 0 rows" \
            "sn_may_2025.csv: neighbours-dfe, 158 neighbour lists" \
            "sn_april_2021.csv: neighbours-dfe, 156 neighbour lists" \
            "rows: 640900" "indicators: 434 (434 described)" \
            "areas: 171 (158 local authorities, 11 regions, 1 countries, 1 other)" \
            "periods: 55" "missing: 93713" "duplicates: 0" "neighbour lists: 314 in 2 models" \
            "errors: 0" "result: usable"; do
    grep -qxF -- "$want" "$TMP/out" || { echo "FAIL: stdout lacks '$want'"; fail=1; }
done
for want in "fingerpost: bds_long.csv:175612:3: warning: period '0' is not a recognised period" \
            "fingerpost: sn_april_2021.csv:154:6: warning: area 942 (Cumberland) has no neighbours listed" \
            "fingerpost: data_dictionary.csv:3575:5: warning: indicator 'CINPermExclusion' is described again"; do
    grep -qF -- "$want" "$TMP/err" || { echo "FAIL: stderr lacks '$want'"; fail=1; }
done
grep -q "data version: data_dictionary.csv#[0-9a-f]\{16\}; la_code_list.csv#[0-9a-f]\{16\}; bds_long.csv#[0-9a-f]\{16\}" "$TMP/out" \
    || { echo "FAIL: data version"; grep version "$TMP/out"; fail=1; }
[ $fail = 0 ] && echo "ok   shared LAIT files"

# JSON on the same files parses and agrees.
(cd "$L" && "$FP" validate --json bds_long.csv sn_may_2025.csv >"$TMP/j" 2>"$TMP/err") \
    || { echo "FAIL: json exit"; fail=1; }
if command -v python3 >/dev/null; then
    python3 - "$TMP/j" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
want = {"rows": 640900, "indicators": 434, "areas": 170, "periods": 55, "missing": 93713,
        "neighbour_lists": 158, "error_count": 0}
bad = {k: (j[k], v) for k, v in want.items() if j[k] != v}
if bad or j["errors"]:
    print("FAIL json:", bad, j["errors"][:3]); sys.exit(1)
print("ok   json on shared files")
PY
fi

# The shipped demo data validates cleanly.
D=$SRC/datasets
if ls "$D"/*.csv >/dev/null 2>&1; then
    files=$(ls "$D"/*.csv | grep -v '/scorecard')
    "$FP" validate $files >"$TMP/out" 2>"$TMP/err"; rc=$?
    if [ $rc = 0 ] && grep -qx "errors: 0" "$TMP/out"; then echo "ok   demo datasets"
    else echo "FAIL demo datasets: exit $rc"; head "$TMP/err"; fail=1; fi
fi
exit $fail

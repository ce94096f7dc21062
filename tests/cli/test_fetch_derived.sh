#!/usr/bin/env bash
# test_fetch_derived.sh -- what `fingerpost fetch` makes beside the data and
# the loader reads by itself, end to end against the local server
# (tests/fetch/server.py; tests/fetch/README.md says which responses are
# recorded and which composed):
#   - the Fingertips area hierarchy (areas of the area type, regions,
#     parent_to_child_areas) written as NAME.areas.csv, from which an area the
#     area identity does not know gets its region;
#   - `fetch lookups`: lookups.areas.csv, an overlay on top of the identity,
#     with what it adds and changes reported, and its precedence and
#     conflicts (errors naming both lines);
#   - EES indicator definitions generated from the data set's recorded /meta
#     (NAME.indicators.csv), used with no hand-written definition;
#   - the README's recipe, fetch then report, for a council, run end to end.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:?}

fetch_server_start
export XDG_CACHE_HOME="$T/xdg"
export FINGERPOST_NO_PROGRESS=1
F=fingertips_90284_at402

# ------------------------------------------------- the area hierarchy
"$FP" fetch fingertips --indicator 90284 --area-type 402 --out "$T/ft" --base-url "$URL/ok" >"$T/ft.out" 2>"$T/ft.err"
check "fetch fingertips exits 0" $?
grep -q "ok 200 /api/areas/by_area_type?area_type_id=402$" "$T/log" \
    && grep -q "ok 200 /api/areas/by_area_type?area_type_id=6$" "$T/log" \
    && grep -q "ok 200 /api/parent_to_child_areas?child_area_type_id=402&parent_area_type_id=6$" "$T/log"
check "the areas, the regions and the parent-to-child mapping are asked for" $?
[ -s "$T/ft/$F.areas.csv" ]; check "the hierarchy is written beside the data as $F.areas.csv" $?
grep -q "^$T/ft/$F.areas.csv	$F.areas.csv#[0-9a-f]\{16\}	made	" "$T/ft.out"
check "standard output lists it with its data version, as made" $?
[ "$(csv_cell "$T/ft/$F.areas.csv" region E08000014 1)" = "North West region" ] \
    && [ "$(csv_cell "$T/ft/$F.areas.csv" parent_code E08000014 1)" = "E12000002" ]
check "Sefton (E08000014) lies in the North West region (E12000002)" $?
[ "$(grep -c '^file=(kept in the cache' "$T/ft/$F.provenance.txt")" -eq 3 ] \
    && grep -q "^file=$F.areas.csv$" "$T/ft/$F.provenance.txt"
check "provenance names the three hierarchy downloads and the file made from them" $?
h=$(sed -n "s/^.*$F.areas.csv#\([0-9a-f]*\).*/\1/p" "$T/ft.out")
cmp -s "$XDG_CACHE_HOME/fingerpost/objects/$h" "$T/ft/$F.areas.csv"
check "the cache keeps the file made as objects/HASH too (an old run can be repeated)" $?
# The data file's own rows give England as every area's parent (it was
# exported with parent type 15): the region can only come from the hierarchy.
[ "$(csv_cell "$T/ft/$F.csv" 'Parent Code' E08000014 5)" = "E92000001" ]
check "the data file itself names no region for Sefton" $?

# An area identity that knows none of the councils: their region comes from
# the fetched hierarchy, read automatically beside the data.
printf 'la_number,ons_code,name,type,region\n970,E92000001,England,country,\n' >"$T/ident.csv"
"$FP" areas --columns area_code,area,region "$T/ident.csv" "$T/ft/$F.csv" >"$T/areas.csv" 2>"$T/areas.err"
check "areas runs with the hierarchy beside the data" $?
[ "$(csv_cell "$T/areas.csv" region E08000014 1)" = "North West" ]
check "an area the identity does not know gets its region from the hierarchy" $?
[ "$(csv_cell "$T/areas.csv" region E09000033 1)" = "London" ] \
    && [ "$(csv_cell "$T/areas.csv" region E06000065 1)" = "Yorkshire and the Humber" ]
check "so do Westminster (London) and North Yorkshire's new code" $?
"$FP" validate "$T/ident.csv" "$T/ft/$F.csv" 2>&1 | grep -q "$F.areas.csv: warning: area overlay: 162 new areas, 0 new codes"
check "the overlay's summary says what it added (9 regions and 153 councils)" $?
mkdir -p "$T/bare" && cp "$T/ft/$F.csv" "$T/ft/$F.meta.csv" "$T/bare/"
"$FP" areas --columns area_code,area,region "$T/ident.csv" "$T/bare/$F.csv" >"$T/bare.csv" 2>/dev/null
[ -z "$(csv_cell "$T/bare.csv" region E08000014 1)" ]
check "without the hierarchy beside it the same area has no region (the difference)" $?

"$FP" validate "$T/ft/$F.csv" >"$T/val.out" 2>"$T/val.err"
check "the fetched file with its hierarchy validates (exit 0)" $?
grep -q '^errors: 0$' "$T/val.out"; check "with 0 errors" $?
grep -q "^data version: .*$F.csv#[0-9a-f]*; $F.areas.csv#[0-9a-f]\{16\}" "$T/val.out"
check "the data version names the hierarchy file too" $?
"$FP" validate "$T/ft/$F.areas.csv" >"$T/valo.out" 2>&1
check "the overlay on its own validates" $?
grep -q "$F.areas.csv: areas" "$T/valo.out"; check "and is recognised as an areas file" $?

# --parent-area-type other than regions (15, England): the parents of that
# type and the regions are both asked for; the overlay has both.
"$FP" fetch fingertips --indicator 90284 --area-type 402 --parent-area-type 15 --out "$T/pt" --base-url "$URL/ok" >/dev/null 2>"$T/pt.err"
check "fetch with --parent-area-type 15 exits 0" $?
grep -q "ok 200 /api/parent_to_child_areas?child_area_type_id=402&parent_area_type_id=15$" "$T/log" \
    && grep -q "ok 200 /api/areas/by_area_type?area_type_id=15$" "$T/log"
check "the parents of type 15 and their mapping are asked for" $?
P=fingertips_90284_at402_pt15
[ "$(csv_cell "$T/pt/$P.areas.csv" parent_code E08000014 1)" = "E92000001" ] \
    && [ "$(csv_cell "$T/pt/$P.areas.csv" parent_name E08000014 1)" = "England" ] \
    && [ "$(csv_cell "$T/pt/$P.areas.csv" region E08000014 1)" = "North West region" ]
check "the overlay gives the parent (England) and still the region (North West)" $?
# A hierarchy download that fails fails the fetch as a whole (the test server
# has no areas of type 204): nothing is written.
"$FP" fetch fingertips --indicator 90284 --area-type 402 --parent-area-type 204 --out "$T/pt2" --base-url "$URL/ok" >/dev/null 2>"$T/pt2.err"
[ $? -eq 1 ] && grep -q "fingerpost: fetch: .*/api/areas/by_area_type?area_type_id=204: HTTP 404" "$T/pt2.err" && [ ! -e "$T/pt2" ]
check "a failed hierarchy download fails the fetch, nothing written" $?

# ------------------------------------------------------------ lookups
"$FP" fetch lookups --out "$T/lk" --base-url "$URL/ok" >"$T/lk.out" 2>"$T/lk.err"
check "fetch lookups exits 0" $?
grep -q "ok 200 /api/areas/by_area_type?area_type_id=502$" "$T/log" \
    && grep -q "ok 200 /api/parent_to_child_areas?child_area_type_id=502&parent_area_type_id=6$" "$T/log"
check "lookups asks for the county/UA areas (502) and their regions" $?
[ -s "$T/lk/lookups.areas.csv" ] && [ -s "$T/lk/lookups.provenance.txt" ]
check "lookups writes lookups.areas.csv and its provenance" $?
grep -q "adds a name to 815 (North Yorkshire): also named 'North Yorkshire UA'" "$T/lk.out"
check "lookups reports each name it adds to the shipped identity" $?
grep -q "lookups.areas.csv: against the shipped area identity: 0 new areas, 0 new codes, 3 more names, 0 regions given, 0 regions changed, 0 conflicts" "$T/lk.out"
check "lookups reports the tally against the shipped identity" $?
"$FP" fetch lookups --area-type 402,502 --out "$T/lk2" --base-url "$URL/ok" >/dev/null 2>&1
[ "$(tr -d '\r' <"$T/lk2/lookups.areas.csv" | grep -c ',402$')" -eq 153 ] \
    && [ "$(tr -d '\r' <"$T/lk2/lookups.areas.csv" | grep -c ',502$')" -eq 0 ]
check "two area types: an area in both is written once" $?
# Against an identity that swaps two councils' codes, lookups reports the
# conflicts as errors naming both lines, keeps the overlay, and exits 1.
mkdir -p "$T/swap"
printf 'la_number,ons_code,name,type,region\n343,E08000011,Sefton,MD,North West\n340,E08000014,Knowsley,MD,North West\n' >"$T/swap/areas.csv"
FINGERPOST_DATA="$T/swap" "$FP" fetch lookups --out "$T/lk3" --base-url "$URL/ok" >"$T/lk3.out" 2>"$T/lk3.err"
[ $? -eq 1 ] && [ -s "$T/lk3/lookups.areas.csv" ]
check "lookups conflicting with the identity: exit 1, the overlay still written" $?
grep -q "^fingerpost: $T/lk3/lookups.areas.csv:[0-9]*:2: area overlay: code E08000011 is area 343 (Sefton, area identity line 2) but name 'Knowsley' is area 340 (Knowsley, area identity line 3); row not used" "$T/lk3.err"
check "each conflict is an error naming the overlay's line and both identity lines" $?
grep -q "2 conflicts$" "$T/lk3.out"; check "and the tally counts them" $?
"$FP" fetch lookups --area-type x --out "$T/u" 2>/dev/null; [ $? -eq 2 ] && [ ! -e "$T/u" ]
check "lookups --area-type wants numbers" $?
"$FP" fetch lookups --indicator 1 --out "$T/u" 2>/dev/null; [ $? -eq 2 ]
check "lookups refuses fingertips' options" $?

# Precedence and conflicts, with a small identity and a small overlay (both
# written here): the overlay's region wins, a known name gets a new code, a
# new code and name is a new area; a code of one area with another's name,
# and a new code for an abolished area, are errors naming both lines.
mkdir -p "$T/ov"
cat >"$T/ov/ident.csv" <<'EOF'
la_number,ons_code,name,type,region,valid_from,valid_to
970,E92000001,England,country,,,
343,E08000014,Sefton,MD,North East,,
340,E08000011,Knowsley,MD,North West,,
815,E10000023,North Yorkshire,SC,Yorkshire and The Humber,,
909,E10000006,Cumbria,SC,North West,,2023-03-31
EOF
cat >"$T/ov/lookups.areas.csv" <<'EOF'
ons_code,name,short_name,type,region,parent_code,parent_name,area_type_id
E08000014,Sefton,Sefton,,North West region,E12000002,North West region,502
E06000065,North Yorkshire,North Yorkshire UA,,Yorkshire and the Humber region,E12000003,Yorkshire and the Humber region,502
E08000011,Sefton,Sefton,,North West region,E12000002,North West region,502
E06000099,Newtown,Newtown,UA,South East region,E12000008,South East region,502
E06000098,Cumbria,Cumbria,,North West region,E12000002,North West region,502
EOF
cp "$T/ft/$F.csv" "$T/ov/"
"$FP" validate "$T/ov/ident.csv" "$T/ov/$F.csv" >"$T/ov.val" 2>"$T/ov.err"
[ $? -eq 1 ]; check "validate: the overlay's conflicts are errors (exit 1)" $?
"$FP" areas --columns area_code,area,region,ons_code "$T/ov/ident.csv" "$T/ov/$F.csv" >"$T/ov.csv" 2>/dev/null
[ "$(csv_cell "$T/ov.csv" region 343 1)" = "North West" ]
check "the overlay's region wins over the identity's (Sefton: North West, was North East)" $?
[ "$(csv_cell "$T/ov.csv" area_code E06000065 4)" = "815" ]
check "a known name with a new code: North Yorkshire 815 gets E06000065 (the data's rows keyed by it find 815)" $?
grep -q "^fingerpost: $T/ov/lookups.areas.csv:4:2: area overlay: code E08000011 is area 340 (Knowsley, area identity line 4) but name 'Sefton' is area 343 (Sefton, area identity line 3); row not used" "$T/ov.err"
check "a code of one area with another's name is an error naming both lines" $?
grep -q "^fingerpost: $T/ov/lookups.areas.csv:6:1: area overlay: 'Cumbria' with code E06000098 is area 909 (Cumbria, area identity line 6), which ended on its valid_to date" "$T/ov.err"
check "a new code for an abolished area is an error naming both lines" $?
grep -q "lookups.areas.csv: warning: area overlay: 1 new areas, 1 new codes, 1 more names, 0 regions given, 1 regions changed, 2 conflicts" "$T/ov.err"
check "the summary counts additions, changes and conflicts" $?
grep -q "^$T/ov/lookups.areas.csv: areas" "$T/ov.val" || grep -q "lookups.areas.csv" "$T/ov.val"
check "validate names the overlay it read" $?
# The data file's own NAME.areas.csv comes after lookups.areas.csv and wins.
printf 'ons_code,name,short_name,type,region,parent_code,parent_name,area_type_id\nE08000014,Sefton,Sefton,,North East region,E12000001,North East region,402\n' >"$T/ov/$F.areas.csv"
"$FP" areas --columns area_code,area,region "$T/ov/ident.csv" "$T/ov/$F.csv" >"$T/ov2.csv" 2>/dev/null
[ "$(csv_cell "$T/ov2.csv" region 343 1)" = "North East" ]
check "precedence: the data file's own overlay comes last and wins" $?

# ------------------------------------------------------------ EES
E=ees_e1ae9201-2fff-d376-8fa3-bd3c3660d4c8
"$FP" fetch ees --data-set e1ae9201-2fff-d376-8fa3-bd3c3660d4c8 --out "$T/ees" --base-url "$URL/absence" >"$T/ees.out" 2>"$T/ees.err"
check "fetch ees exits 0" $?
[ -s "$T/ees/$E.indicators.csv" ]; check "indicator definitions are generated beside the data" $?
python3 - "$T/ees/$E.indicators.csv" "$SRC/tests/fetch/ees/meta_e1ae9201.json" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
meta = json.load(open(sys.argv[2]))
want = [(i["column"], i["label"]) for i in meta["indicators"]]
assert [(r["indicator"], r["name"]) for r in rows] == want, rows
# The one filter, establishment_type, is pinned to its isAggregate option.
agg = [o["label"] for o in meta["filters"][0]["options"] if o.get("isAggregate")]
assert all(r["filter"] == "establishment_type=" + agg[0] for r in rows), rows
assert all(r["value"] == r["indicator"] and r["source"] == "%s.csv" % sys.argv[1].split("/")[-1][:-len(".indicators.csv")] for r in rows)
PY
check "one definition per indicator of the recorded /meta, named by its label, filter pinned to Total" $?
head -1 "$T/ees/$E.indicators.csv" | tr -d '\r' | cmp -s - <(head -1 "$SRC/datasets/ees_indicators.csv")
check "in the format of datasets/ees_indicators.csv" $?
"$FP" validate "$T/ees/$E.csv" >"$T/eval.out" 2>"$T/eval.err"
check "the fetched EES file validates (exit 0)" $?
grep -q '^errors: 0$' "$T/eval.out"; check "with 0 errors" $?
! grep -q "no indicator definition fits" "$T/eval.err"
check "the generated definitions fit the file (no fallback)" $?
"$FP" indicators "$T/ees/$E.csv" >"$T/eind.csv" 2>/dev/null
[ "$(csv_cell "$T/eind.csv" name count_absent_sessions 1)" = "Number of overall absence sessions" ] \
    && [ "$(csv_cell "$T/eind.csv" n_periods count_absent_sessions 1)" = "3" ]
check "the loader uses them: count_absent_sessions, named from the metadata, 3 periods" $?
"$FP" compare --area England --columns indicator,period,value "$T/ees/$E.csv" >"$T/ecmp.csv" 2>/dev/null
[ "$(csv_cell "$T/ecmp.csv" value count_enrolments 1)" = "4185000" ]
check "the value is the Total row's (count_enrolments 2023/24 = 2300000 + 1800000 + 85000 = 4185000)" $?
grep -q "$E.indicators.csv#[0-9a-f]\{16\}" "$T/eval.out"
check "the data version names the definitions file" $?
# Definitions given by hand for the same file win over the generated ones.
printf 'indicator,name,source,value,filter\nABS,Absence sessions (hand),%s.csv,count_absent_sessions,establishment_type=Primary schools\n' "$E" >"$T/hand.csv"
"$FP" indicators "$T/hand.csv" "$T/ees/$E.csv" >"$T/hind.csv" 2>/dev/null
grep -q "^ABS," "$T/hind.csv" && ! grep -q "^count_absent_sessions," "$T/hind.csv"
check "hand-written definitions for the file replace the generated ones" $?

# ------------------------------------------- the README's recipe
# fetch then report, for a council (README, "From nothing to a scorecard").
"$FP" fetch fingertips --indicator 90284 --area-type 402 --out "$T/data" --base-url "$URL/ok" >/dev/null 2>&1 \
    && "$FP" report --area Sefton --data "$T/data/$F.csv" --out "$T/report" --no-charts >/dev/null 2>"$T/rep.err"
check "the recipe runs end to end: fetch, then report" $?
[ -s "$T/report/scorecard.csv" ] && grep -q "90284" "$T/report/scorecard.csv"
check "the scorecard holds the fetched indicator" $?
"$FP" report --area Knowsley --data "$T/data/$F.csv" --out "$T/report2" --no-charts >/dev/null 2>&1
check "and for another council from the same download" $?
"$FP" validate "$T/data/"*.csv >"$T/dval.out" 2>/dev/null
grep -q '^errors: 0$' "$T/dval.out"; check "every file the recipe fetched validates with 0 errors" $?
exit $fail

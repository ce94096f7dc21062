#!/bin/bash
# test_area_identity.sh -- one identity per area (datasets/areas.csv): a
# Fingertips row for E08000014 and a LAIT row for 343 are one area, found by
# its ONS code, LA number, name or an alias; unknown names get "did you mean".
# Expected values are cells of the shipped files: Sefton's 2023/24 value of
# Fingertips indicator 90284 is 92.78719 (95% 83.86067-101.92432, 415 of
# 44,726), England 72.71223, and OHID's own "Compared to England" cell for
# that row is "Worse" (fingertips_injuries_0to14_90284.csv, line of Sefton,
# Persons, 2023/24); the mean of the ten 2025 neighbours' values is 91.368875
# (Python: statistics.mean of the ten cells).
. "$(dirname "$0")/lib.sh"
for key in Sefton E08000014 343 sefton " SEFTON "; do
    "$FP" compare --all-columns --area "$key" --indicator 90284 >"$T/out.csv" 2>"$T/err"
    check "compare --area '$key' exits 0" $?
    [ "$(csv_cell "$T/out.csv" value 90284 1)" = 92.78719 ]; check "$key: value 92.78719" $?
    [ "$(csv_cell "$T/out.csv" period 90284 1)" = 2023/24 ]; check "$key: period 2023/24" $?
    # area_code is the code the file gave (Fingertips: the ONS code); the DfE
    # LA number has its own column.
    [ "$(csv_cell "$T/out.csv" area_code 90284 1)" = E08000014 ]; check "$key: the file's code" $?
    [ "$(csv_cell "$T/out.csv" la_number 90284 1)" = 343 ]; check "$key: la_number 343" $?
    [ "$(csv_cell "$T/out.csv" england 90284 1)" = 72.71223 ]; check "$key: England 72.71223" $?
    [ "$(csv_cell "$T/out.csv" vs_england_95 90284 1)" = worse ]; check "$key: worse than England, as OHID" $?
    num_close "$(csv_cell "$T/out.csv" neighbours 90284 1)" 91.368875 1e-9; check "$key: neighbour mean" $?
    [ "$(csv_cell "$T/out.csv" neighbours_n 90284 1)" = "10 of 10" ]; check "$key: 10 of 10 neighbours" $?
done
# The same area carries LAIT's values: LAC (LAIT, keyed 343) by ONS code.
"$FP" compare --all-columns --area E08000014 --indicator LAC,90284 >"$T/both.csv" 2>"$T/err"
[ "$(wc -l < "$T/both.csv")" = 3 ]; check "LAIT and Fingertips rows for one area" $?
[ -n "$(csv_cell "$T/both.csv" value LAC 1)" ]; check "LAIT value found by ONS code" $?
# With the shared Fingertips export given beside the shipped LAIT data.
R=${FP_SHARED:-/nonexistent}/data/real/fingertips/injuries_0to14_90284_county_ua.csv
if [ -f "$R" ]; then
    D=$FP_SRC/datasets
    for key in Sefton E08000014 343; do
        "$FP" compare --all-columns --area "$key" --indicator 90284 "$D/areas.csv" "$D/lait_scorecard.csv" \
            "$D/data_dictionary.csv" "$D/la_code_list.csv" "$D/sn_may_2025.csv" "$R" \
            >"$T/s.csv" 2>"$T/err"
        [ "$(csv_cell "$T/s.csv" value 90284 1)" = 92.78719 ] &&
            [ "$(csv_cell "$T/s.csv" vs_england_95 90284 1)" = worse ]
        check "shared export, --area $key: 92.78719, worse" $?
    done
fi
# Aliases and names of changed authorities.
for pair in "St Helens:342" "St. Helens:342" "Hull:810" "Bristol:801" "Herefordshire, County of:884" \
            "E06000023:801" "Telford & Wrekin:894"; do
    key=${pair%:*} want=${pair##*:}
    "$FP" compare --all-columns --area "$key" --indicator LAC >"$T/a.csv" 2>"$T/err"
    [ "$(csv_cell "$T/a.csv" area_code LAC 1)" = "$want" ]; check "--area '$key' is $want" $?
done
# Did you mean.
"$FP" compare --all-columns --area Sefon >"$T/o" 2>"$T/err"; [ $? = 1 ]; check "unknown area: exit 1" $?
grep -q "area 'Sefon' is not in the data (give a name, code or old LA number); did you mean 'Sefton'?" "$T/err"; check "did you mean Sefton" $?
"$FP" compare --all-columns --area "Kingston upon Hul" >"$T/o" 2>"$T/err"
grep -q "did you mean 'Kingston Upon Hull, City of'" "$T/err"; check "did you mean Hull" $?
"$FP" compare --all-columns --area Qwertyuiop >"$T/o" 2>"$T/err"
grep -q "area 'Qwertyuiop' is not in the data (give a name, code or old LA number)" "$T/err"
check "nothing near: no suggestion" $?
exit $fail

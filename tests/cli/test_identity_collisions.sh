#!/bin/bash
# test_identity_collisions.sh -- issue 22, "Identity collisions": no area's
# rows are silently given to another.
#  1. An alias in an area identity that equals another area's code or LA
#     number is an error naming both lines; the code keeps its own area.
#  2. An EES row whose old_la_code is one council's and new_la_code
#     another's is an error naming the line, and not given to either; the
#     genuine row of the new code's council is then still read.
#  3. Names that differ only in Unicode normalisation (NFC "Ynys Môn" and NFD
#     "Ynys Mo" + U+0302 + "n") are one area, in the identity and in a file
#     without codes.
# Before the fix: (1) Wirral's value went to Sefton, whose alias "344" and
# Wirral's own code "E08000014" alias took the rows silently; (2) the row
# was given to Wirral and Wirral's genuine row then rejected as a repeat;
# (3) two areas.
. "$(dirname "$0")/lib.sh"
cat > "$T/areas.csv" <<'CSV'
la_number,ons_code,name,type,region,valid_from,valid_to,predecessors,successors,former_ons_codes,aliases,note
343,E08000014,Sefton,MD,North West,,,,,,344,
344,E08000015,Wirral,MD,North West,,,,,,E08000014;Wirral Council,
970,E92000001,England,country,,,,,,,,
CSV
cat > "$T/data.csv" <<'CSV'
indicator,area,area_code,period,value
I,Sefton,E08000014,2023,10
I,Wirral,E08000015,2023,20
I,England,E92000001,2023,15
CSV
"$FP" validate "$T/areas.csv" "$T/data.csv" > "$T/v" 2> "$T/e"
grep -q 'areas.csv:3:1: code 344 of Wirral is an alias of area 343 (Sefton) on line 2' "$T/e"
check "an LA number that is another area's alias: error naming both lines" $?
grep -q "areas.csv:3:11: alias 'E08000014' of area 344 (Wirral) is the code of area 343 (Sefton, line 2)" "$T/e"
check "an alias that is another area's code: error naming both lines" $?
"$FP" compare --all-columns --area 344 -i I "$T/areas.csv" "$T/data.csv" > "$T/c" 2> /dev/null
[ "$(csv_cell "$T/c" area_name I 1)" = Wirral ]; check "--area 344 is Wirral (not Sefton's alias)" $?
[ "$(csv_cell "$T/c" value I 1)" = 20 ]; check "... with Wirral's value" $?
"$FP" compare --all-columns --area E08000014 -i I "$T/areas.csv" "$T/data.csv" > "$T/c" 2> /dev/null
[ "$(csv_cell "$T/c" area_name I 1)" = Sefton ]; check "E08000014 is Sefton (not Wirral's alias)" $?
[ "$(csv_cell "$T/c" value I 1)" = 10 ]; check "... with Sefton's value" $?

# 2. EES: line 3 says Sefton's LA number with Wirral's ONS code.
{
    echo 'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,avg_score'
    echo '2023,Calendar year,National,E92000001,England,,,,,,50'
    echo '2023,Calendar year,Local authority,E92000001,England,E12000002,North West,343,E08000015,Sefton,40'
    echo '2023,Calendar year,Local authority,E92000001,England,E12000002,North West,344,E08000015,Wirral,45'
    echo '2023,Calendar year,Local authority,E92000001,England,E12000002,North West,343,E08000014,Sefton,41'
} > "$T/ees.csv"
"$FP" compare --all-columns --all-areas "$T/ees.csv" > "$T/c" 2> "$T/e"
grep -q 'ees.csv:3:9: new code E08000015 is Wirral (LA 344, area identity line [0-9]*) but old code 343 is Sefton (line [0-9]*); row skipped' "$T/e"
check "EES old and new codes of two councils: error naming the line" $?
[ "$(csv_cell "$T/c" value Wirral 4)" = 45 ]; check "Wirral keeps its genuine row (45)" $?
[ "$(csv_cell "$T/c" value Sefton 4)" = 41 ]; check "Sefton keeps its genuine row (41)" $?
! grep -q 'repeat' "$T/e"; check "no row rejected as a repeat" $?

# 3. Unicode normalisation: NFC and NFD spellings of one name.
nfc=$(printf 'Ynys M\xc3\xb4n')
nfd=$(printf 'Ynys Mo\xcc\x82n')
{
    echo 'indicator,area,period,value'
    echo "I,$nfc,2022,1"
    echo "I,$nfd,2023,2"
    echo 'I,England,2023,3'
} > "$T/u.csv"
"$FP" areas "$T/u.csv" > "$T/a" 2> /dev/null
[ "$(grep -c 'Ynys' "$T/a")" = 1 ]; check "NFC and NFD names are one area" $?
"$FP" trend --area "$nfd" -i I "$T/u.csv" > "$T/t" 2> /dev/null
[ "$(csv_cell "$T/t" n_points I 1)" = 2 ]; check "... with both rows (2 points)" $?
printf 'la_number,ons_code,name,type,region\n901,W06000001,%s,UA,Wales\n' "$nfc" > "$T/wa.csv"
printf 'indicator,area,period,value\nI,%s,2023,5\n' "$nfd" > "$T/w.csv"
"$FP" areas "$T/wa.csv" "$T/w.csv" 2> /dev/null | grep -q '^901,'
check "an NFD name finds the identity's NFC area" $?
exit $fail

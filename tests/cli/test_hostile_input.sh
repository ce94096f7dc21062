#!/bin/bash
# test_hostile_input.sh -- hostile inputs (issue 14, reader side): every
# command reads through the one CSV layer, so binary and unbounded input is
# refused quickly in bounded memory; every input is read once, so standard
# input ("-"), FIFOs and process substitutions work wherever a data file is
# accepted; intervals that cannot be intervals and rows shorter than their
# header are reported (FILE:LINE:COL / FILE:LINE warnings), and such an
# interval drives no comparison. Expected values are cells of the files
# written here; the limits are those of cli/io/io.h (FPC_MAX_FIELD 1 MiB,
# FPC_MAX_FIELDS 65,536, 64 MiB a row).
. "$(dirname "$0")/lib.sh"
bad() { echo "FAIL: $*"; fail=1; }

# Peak resident set of a command in KB (GNU time), or empty without it.
peak_kb() { if [ -x /usr/bin/time ]; then /usr/bin/time -f %M -o "$T/time" "$@"; else "$@"; fi; }
# Under AddressSanitizer the shadow memory alone is tens of MB: allow 400 MB.
MAXKB=409600

# 1. Unbounded input: /dev/zero and a 2 GB sparse file (all NUL bytes) are
#    binary: exit 1 within seconds, small peak memory, for rates,
#    neighbours, report --scorecard and validate.
truncate -s 2G "$T/sparse.csv" 2>/dev/null || : > "$T/sparse.csv"
for input in /dev/zero "$T/sparse.csv"; do
    for cmd in "rates -t rate" "neighbours --k 1" "validate"; do
        rm -f "$T/time"
        peak_kb timeout 20 "$FP" $cmd "$input" > "$T/o" 2> "$T/e"; rc=$?
        [ $rc -eq 1 ] || bad "$cmd $input: exit $rc (want 1)"
        grep -q 'binary data (NUL byte at offset 0)' "$T/e" || bad "$cmd $input: message $(head -c 300 "$T/e")"
        [ "$cmd" != validate ] && [ -s "$T/o" ] && bad "$cmd $input: wrote output"
        if [ -s "$T/time" ]; then
            kb=$(tail -1 "$T/time")
            [ "$kb" -lt $MAXKB ] || bad "$cmd $input: peak memory $kb KB"
        fi
    done
    timeout 20 "$FP" report --area Sefton --scorecard "$input" --out "$T/rep" > /dev/null 2> "$T/e"; rc=$?
    [ $rc -eq 1 ] || bad "report --scorecard $input: exit $rc (want 1)"
    grep -q 'binary data' "$T/e" || bad "report --scorecard $input: message $(head -c 300 "$T/e")"
done
rm -f "$T/sparse.csv"
echo "ok: binary input refused"

# 2. A text header, then one 20 MB row of commas (past 65,536 fields), then
#    a good row: the long row is an error at its line and first extra
#    column, memory stays bounded, the good row is still computed, exit 1
#    and (rates: malformed CSV) no output.
{ printf 'numerator,denominator\n'; head -c 20000000 /dev/zero | tr '\0' ','; printf '\n5,100\n'; } > "$T/commas.csv"
peak_kb timeout 60 "$FP" rates -t rate "$T/commas.csv" > "$T/o" 2> "$T/e"; rc=$?
[ $rc -eq 1 ] || bad "rates commas: exit $rc"
grep -q 'commas.csv:2:65537: row has more than 65536 fields or 64 MiB; row skipped' "$T/e" ||
    bad "rates commas: message $(head -c 300 "$T/e")"
[ -s "$T/o" ] && bad "rates commas: wrote output"
if [ -s "$T/time" ]; then kb=$(tail -1 "$T/time"); [ "$kb" -lt $MAXKB ] || bad "rates commas: peak $kb KB"; fi
{ printf 'code,a\nP,1\nQ,2\n'; head -c 20000000 /dev/zero | tr '\0' ','; printf '\nR,4\n'; } > "$T/commas2.csv"
timeout 60 "$FP" neighbours --k 1 "$T/commas2.csv" > "$T/o" 2> "$T/e"; rc=$?
[ $rc -eq 1 ] || bad "neighbours commas: exit $rc"
grep -q 'commas2.csv:4:65537: row has more than' "$T/e" || bad "neighbours commas: $(head -c 300 "$T/e")"
[ "$(wc -l < "$T/o")" = 4 ] || bad "neighbours commas: the three good areas not written: $(cat "$T/o")"
# One field of 100 MB without a newline: stopped at 64 MiB.
{ printf 'numerator,denominator\n'; head -c 100000000 /dev/zero | tr '\0' 'a'; } > "$T/long.csv"
peak_kb timeout 60 "$FP" rates -t rate "$T/long.csv" > "$T/o" 2> "$T/e"; rc=$?
[ $rc -eq 1 ] || bad "rates long field: exit $rc"
grep -q 'long.csv:2:1: field grows past 64 MiB' "$T/e" || bad "rates long field: $(head -c 300 "$T/e")"
rm -f "$T/commas.csv" "$T/commas2.csv" "$T/long.csv"
echo "ok: overlong rows and fields"

# 3. Read once: "-", FIFOs and <(...) for every command that reads data.
cat > "$T/data.csv" <<'CSV'
indicator,indicator_name,area,area_code,area_type,region,period,numerator,denominator,value,unit,polarity,lower95_0cl,upper95_0cl
P,Test percent,England,E92000001,country,,2022,600,1000,60,%,higher,56.9,63.0
P,Test percent,England,E92000001,country,,2023,620,1000,62,%,higher,59.0,64.9
P,Test percent,Sefton,E08000014,local authority,North West,2022,40,100,40,%,higher,30.9,49.8
P,Test percent,Sefton,E08000014,local authority,North West,2023,45,100,45,%,higher,35.6,54.8
P,Test percent,Wirral,E08000015,local authority,North West,2023,50,100,50,%,higher,40.4,59.6
CSV
"$FP" compare --all-columns --area Sefton "$T/data.csv" > "$T/want" 2> /dev/null || bad "compare on a file"
"$FP" compare --all-columns --area Sefton - < "$T/data.csv" > "$T/got" 2> "$T/e"; rc=$?
[ $rc -eq 0 ] || bad "compare -: exit $rc: $(cat "$T/e")"
# The data version names the input: "data.csv#HASH" for the file,
# "stdin#HASH" for standard input, with the same hash (the same bytes).
sed 's/data\.csv#/stdin#/g' "$T/want" | cmp -s - "$T/got" || bad "compare -: output differs from the file's"
"$FP" compare --all-columns --area Sefton <(cat "$T/data.csv") > "$T/got" 2> "$T/e"; rc=$?
[ $rc -eq 0 ] || bad "compare <(...): exit $rc: $(cat "$T/e")"
[ "$(grep -c Sefton "$T/got")" = 1 ] || bad "compare <(...): no Sefton row"
# Areas are resolved through the area identity (Sefton E08000014 is LA 343)
# and shown by the code the file gave (E08000014).
"$FP" trend --area Sefton - < "$T/data.csv" > "$T/got" 2> "$T/e"; rc=$?
[ $rc -eq 0 ] || bad "trend -: exit $rc: $(cat "$T/e")"
grep -q '^P,Test percent,E08000014,Sefton,' "$T/got" || bad "trend -: no Sefton series"
"$FP" validate - < "$T/data.csv" > "$T/got" 2>&1; rc=$?
[ $rc -eq 0 ] || bad "validate -: exit $rc"
grep -q 'result: usable' "$T/got" || bad "validate -: $(cat "$T/got")"
mkfifo "$T/fifo"
( cat "$T/data.csv" > "$T/fifo" ) &
timeout 20 "$FP" trend --area Sefton "$T/fifo" > "$T/got" 2> "$T/e"; rc=$?
wait
[ $rc -eq 0 ] || bad "trend FIFO: exit $rc (124 is a hang): $(cat "$T/e")"
grep -q '^P,Test percent,E08000014,Sefton,' "$T/got" || bad "trend FIFO: no Sefton series"
( cat "$T/data.csv" > "$T/fifo" ) &
timeout 20 "$FP" validate "$T/fifo" > "$T/got" 2>&1; rc=$?
wait
[ $rc -eq 0 ] || bad "validate FIFO: exit $rc: $(cat "$T/got")"
printf 'numerator,denominator\n5,100\n' | "$FP" rates -t rate --confidence 95 --dp 1 - > "$T/got" 2> "$T/e"
grep -q '^5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,stdin$' "$T/got" || bad "rates -: $(cat "$T/got" "$T/e")"
printf 'code,a\nP,1\nQ,2\nR,4\n' | "$FP" neighbours --k 1 - > "$T/got" 2> "$T/e"; rc=$?
[ $rc -eq 0 ] || bad "neighbours -: exit $rc: $(cat "$T/e")"
grep -q '^P,Q,1,' "$T/got" || bad "neighbours -: $(cat "$T/got")"
grep -q 'knn-stdin' "$T/got" || bad "neighbours -: version not knn-stdin"
"$FP" neighbours --k 1 <(printf 'code,a\nP,1\nQ,2\nR,4\n') > "$T/got" 2> "$T/e" || bad "neighbours <(...): $(cat "$T/e")"
grep -q '^R,Q,1,' "$T/got" || bad "neighbours <(...): $(cat "$T/got")"
printf 'number,name,lait_code\n1,Test percent,P\n' > "$T/sc.csv"
timeout 120 "$FP" report --area Sefton --scorecard - --data "$T/data.csv" --out "$T/rep" --no-charts \
    < "$T/sc.csv" > /dev/null 2> "$T/e"; rc=$?
[ $rc -eq 0 ] || bad "report --scorecard -: exit $rc: $(cat "$T/e")"
[ -s "$T/rep/scorecard.csv" ] || bad "report --scorecard -: no scorecard.csv"
# The Fingertips reader reads its file twice (the main age of each
# indicator first) and an area identity's header is read to tell it from an
# ONS lookup: both still read standard input, FIFOs and <(...) once.
FT=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}/datasets/fingertips_injuries_0to14_90284.csv
AR=$(dirname "$FT")/areas.csv
if [ -f "$FT" ] && [ -f "$AR" ]; then
    "$FP" compare --all-columns --area Sefton --indicator 90284 "$FT" > "$T/want" 2> /dev/null || bad "compare Fingertips file"
    "$FP" compare --all-columns --area Sefton --indicator 90284 - < "$FT" > "$T/got" 2> "$T/e"; rc=$?
    [ $rc -eq 0 ] || bad "compare Fingertips -: exit $rc: $(head -c 300 "$T/e")"
    sed 's/fingertips_injuries_0to14_90284\.csv#/stdin#/g' "$T/want" | cmp -s - "$T/got" ||
        bad "compare Fingertips -: output differs from the file's"
    ( cat "$FT" > "$T/fifo" ) &
    timeout 20 "$FP" validate "$T/fifo" > "$T/got" 2>&1; rc=$?
    wait
    [ $rc -eq 0 ] || bad "validate Fingertips FIFO: exit $rc (124 is a hang)"
    grep -q 'result: usable' "$T/got" || bad "validate Fingertips FIFO: $(tail -3 "$T/got")"
    "$FP" validate <(cat "$AR") > "$T/got" 2>&1; rc=$?
    [ $rc -eq 0 ] || bad "validate areas <(...): exit $rc"
    grep -q 'described again' "$T/got" && bad "validate areas <(...): read as an ONS lookup"
    "$FP" compare --all-columns --area Sefton --indicator 90284 <(cat "$AR") "$FT" > "$T/got" 2> /dev/null ||
        bad "compare with the identity as <(...)"
    grep -q '^90284,.*,E08000014,Sefton,' "$T/got" || bad "compare with the identity as <(...): no Sefton row"
fi
echo "ok: standard input, FIFOs and <(...)"

# 4. Silent acceptance: lower above upper, a value outside its interval,
#    a short row. Warnings with FILE:LINE:COL (FILE:LINE for the row); the
#    interval is dropped, so it cannot colour the comparison.
cat > "$T/ci.csv" <<'CSV'
indicator,indicator_name,area,area_code,area_type,region,period,numerator,denominator,value,unit,polarity,lower95_0cl,upper95_0cl
P,Test percent,England,E92000001,country,,2023,620,1000,62,%,higher,59.0,64.9
P,Test percent,Sefton,E08000014,local authority,North West,2023,,,45,%,higher,70,40
P,Test percent,Wirral,E08000015,local authority,North West,2023,,,45,%,higher,50,70
P,Test percent,Knowsley,E08000011,local authority,North West,2023,,,45,%,higher,40,50
P,Test percent,Halton,E06000006,local authority,North West,2023,,,44,%,higher
CSV
"$FP" validate "$T/ci.csv" > "$T/o" 2>&1
grep -q 'ci.csv:3:13: warning: 95% lower limit 70 is above the upper limit 40; the interval is dropped' "$T/o" ||
    bad "lower > upper warning: $(cat "$T/o")"
grep -q 'ci.csv:4:10: warning: value 45 is outside its own 95% interval \[50, 70\]; the interval is dropped' "$T/o" ||
    bad "value outside CI warning: $(cat "$T/o")"
grep -q 'ci.csv:6: warning: row has 12 fields, the header has 14; the missing cells are read as empty' "$T/o" ||
    bad "short row warning: $(cat "$T/o")"
for a in Sefton Wirral; do
    "$FP" compare --all-columns --area $a "$T/ci.csv" > "$T/c.csv" 2> /dev/null
    [ "$(csv_cell "$T/c.csv" vs_england $a 4)" = "not compared" ] || bad "$a: compared on a dropped interval"
    [ "$(csv_cell "$T/c.csv" not_compared_reason $a 4)" = "no confidence interval" ] || bad "$a: reason"
    [ -z "$(csv_cell "$T/c.csv" lower95 $a 4)" ] || bad "$a: dropped interval still shown"
done
"$FP" compare --all-columns --area Knowsley "$T/ci.csv" > "$T/c.csv" 2> /dev/null
[ "$(csv_cell "$T/c.csv" vs_england Knowsley 4)" = "worse" ] || bad "Knowsley's sound interval [40, 50] vs 62: not worse"
# The EES reader (an interval mapped with lower95:/upper95:) drops such
# intervals the same way.
{
    echo 'time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,avg_score,lo,hi'
    echo '201819,Academic year,Local authority,E92000001,England,E12000002,North West,343,E08000014,Sefton,-1.5,-1.3,-1.7'
    echo '201920,Academic year,Local authority,E92000001,England,E12000002,North West,343,E08000014,Sefton,-1.5,-1.4,-1.2'
} > "$T/ees.csv"
"$FP" validate --ees-indicator 'AVG=value:avg_score,lower95:lo,upper95:hi' "$T/ees.csv" > /dev/null 2> "$T/e" ||
    bad "EES intervals: exit $?"
grep -q 'ees.csv:2:12: warning: 95% lower limit -1.3 is above the upper limit -1.7; the interval is dropped' "$T/e" ||
    bad "EES lower above upper: $(cat "$T/e")"
grep -q 'ees.csv:3:11: warning: value -1.5 is outside its own 95% interval \[-1.4, -1.2\]' "$T/e" ||
    bad "EES value outside its interval: $(cat "$T/e")"
echo "ok: intervals and short rows"

# 5. A period that no area has (2014) is a gap in `chart spc`, as in `trend
#    -m spc`: the chart's table has an empty 2014 row and the same limits
#    as trend's (the moving range is not taken across the gap). Before,
#    the chart joined 2013 to 2015: lcl 41.770, trend 41.669.
{
    echo 'indicator,area,area_code,period,value,unit,polarity'
    echo 'P,England,E92000001,2010,50,%,higher'
    y=2010
    for v in 40 42 41 43 - 44 46 45 47 46 48 49 50 51; do
        [ "$v" != - ] && echo "P,Sefton,E08000014,$y,$v,%,higher"
        y=$((y + 1))
    done
} > "$T/gap.csv"
"$FP" trend -m spc --all-columns --area Sefton "$T/gap.csv" > "$T/tr.csv" 2> /dev/null
lcl=$(csv_cell "$T/tr.csv" spc_lower Sefton 4)
num_close "$lcl" 41.66937062937063 1e-9 || bad "trend spc lower limit $lcl"
if command -v gnuplot > /dev/null; then
    "$FP" chart spc --area Sefton --out "$T/ch" "$T/gap.csv" > /dev/null 2> "$T/e" || bad "chart spc: $(cat "$T/e")"
    grep -q '^2014,,,,,$' "$T/ch/spc_P_343.csv" || bad "chart spc: no gap row for 2014: $(cat "$T/ch/spc_P_343.csv")"
    got=$(csv_cell "$T/ch/spc_P_343.csv" lcl 2015 1)
    num_close "$got" "$lcl" 1e-12 || bad "chart spc lcl $got, trend $lcl"
    echo "ok: chart spc breaks at a period no area has"
else
    echo "skip: chart spc gap (no gnuplot)"
fi

# 6. A count dropped as invalid (146 of 100 for a percentage, 2021) makes
#    the recent trend give that reason, not "missing values".
cat > "$T/inv.csv" <<'CSV'
indicator,area,area_code,period,numerator,denominator,value,unit,polarity
P,Sefton,E08000014,2018,40,100,40,%,higher
P,Sefton,E08000014,2019,42,100,42,%,higher
P,Sefton,E08000014,2020,44,100,44,%,higher
P,Sefton,E08000014,2021,146,100,46,%,higher
P,Sefton,E08000014,2022,48,100,48,%,higher
P,Sefton,E08000014,2023,50,100,50,%,higher
CSV
"$FP" trend -m recent --all-columns "$T/inv.csv" > "$T/tr.csv" 2> "$T/e"
grep -q 'inv.csv:5:5: numerator 146 is above denominator 100' "$T/e" || bad "invalid count not reported: $(cat "$T/e")"
got=$(csv_cell "$T/tr.csv" recent_reason Sefton 4)
[ "$got" = "a count is negative or above its denominator" ] || bad "recent trend reason: '$got'"

# 7. A mean of one value keeps the value with no interval, as
#    PHEindicatormethods' phe_mean (R/Means.R: mean = value_sum /
#    value_count; sd() of one value is NA, so the limits are NA).
printf 'sum,count,sd\n5,1,\n' | "$FP" rates -t mean - > "$T/m.csv" 2> "$T/e"
grep -q "^5,1,,5,,,,,Student's t-distribution,a single value: no interval," "$T/m.csv" ||
    bad "single-value mean: $(cat "$T/m.csv" "$T/e")"
echo "ok: recent trend reason for an invalid count; single-value mean"

exit $fail

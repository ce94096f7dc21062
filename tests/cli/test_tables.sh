#!/bin/bash
# test_tables.sh -- the analyst's table features: `indicators` and `areas`
# (list and search), "did you mean" for names not found, names with commas,
# --columns / --all-columns, numbers (15 significant digits, dictionary dps,
# --dp), XLSX workbooks read back with openpyxl and checked cell by cell
# against the CSV of the same command, and `trend --wide`.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}

# A small LAIT file with its dictionary (dps 1 for PROJ) and a name with a comma.
cat > "$T/lait.csv" <<'EOF2'
Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region
PROJ,Projection,2016,Alpha,60.1,901,North East
PROJ,Projection,2017,Alpha,62.3,901,North East
PROJ,Projection,2018,Alpha,61.8,901,North East
PROJ,Projection,2019,Alpha,65.04,901,North East
PROJ,Projection,2016,"Beta, City of",50,902,North East
PROJ,Projection,2018,"Beta, City of",c,902,North East
PROJ,Projection,2019,"Beta, City of",49,902,North East
R10K,"Rate per 10,000",2018,Alpha,51.98,901,North East
R10K,"Rate per 10,000",2019,Alpha,52.5,901,North East
EOF2
cat > "$T/dict.csv" <<'EOF2'
Measure_short,Measure,Polarity,y_axis_name,dps
PROJ,Projection,High,Percentage,1
R10K,"Rate per 10,000",Low,"Rate per 10,000",2
EOF2
D="$T/dict.csv $T/lait.csv"

# ---------------------------------------------------------------- indicators
"$FP" indicators $D > "$T/ind.csv"; check "indicators exit 0" $?
[ "$(head -1 "$T/ind.csv")" = "indicator,name,unit,polarity,first_period,last_period,n_periods,n_areas,source,methods_version,data_version" ]
check "indicators default columns" $?
[ "$(csv_cell "$T/ind.csv" n_areas PROJ 1)" = 2 ] && [ "$(csv_cell "$T/ind.csv" n_periods PROJ 1)" = 4 ] &&
    [ "$(csv_cell "$T/ind.csv" first_period PROJ 1)" = 2016 ] && [ "$(csv_cell "$T/ind.csv" last_period PROJ 1)" = 2019 ]
check "indicators: periods and coverage (c is not a value)" $?
"$FP" indicators --all-columns $D > "$T/inda.csv"
[ "$(csv_cell "$T/inda.csv" dps R10K 1)" = 2 ] && [ "$(csv_cell "$T/inda.csv" latest_areas PROJ 1)" = 2 ]
check "indicators --all-columns: dps and latest_areas" $?
"$FP" indicators --search "rate 10,000" $D > "$T/s.csv"
[ "$(wc -l < "$T/s.csv")" = 2 ] && grep -q '^R10K,' "$T/s.csv"; check "indicators --search: every word" $?
"$FP" indicators --search "projektion" $D > "$T/s.csv" 2> "$T/err"; check "search with no match exits 0" $?
grep -q "did you mean 'Projection'?" "$T/err"; check "search with no match suggests" $?

# --------------------------------------------------------------------- areas
"$FP" areas $D > "$T/areas.csv"; check "areas exit 0" $?
[ "$(csv_cell "$T/areas.csv" area 902 1)" = "Beta, City of" ] && [ "$(csv_cell "$T/areas.csv" n_indicators 901 1)" = 2 ]
check "areas: name with a comma, indicators with a value" $?
"$FP" areas --search beta $D | grep -q '^902,"Beta, City of",902,local authority,North East,1,'
check "areas --search" $?
"$FP" areas --kind region $D > "$T/r.csv"; check "areas --kind region exit 0" $?
"$FP" areas --kind county $D 2> /dev/null; [ $? = 2 ]; check "bad --kind exit 2" $?

# ------------------------------------------------------------- did you mean
"$FP" trend -a "Beta" $D > /dev/null 2> "$T/err"; [ $? = 1 ]; check "unknown area exit 1" $?
grep -q "area 'Beta' is not in the data (give a name, code or old LA number); did you mean 'Beta, City of'?" "$T/err"
check "did you mean: a name that starts a word" $?
"$FP" trend -i PRJO $D > /dev/null 2> "$T/err"; [ $? = 1 ]; check "unknown indicator exit 1" $?
grep -q "indicator 'PRJO' is not in the data; did you mean 'PROJ'?" "$T/err"; check "did you mean: edit distance" $?
if [ -f "$SRC/datasets/la_code_list.csv" ]; then
    # "St Helens" and "Bristol" are names of the area identity
    # (datasets/areas.csv): found, not suggested.
    "$FP" trend -a "St Helens" -a "Bristol" -i LAC > /dev/null 2> "$T/err"; check "St Helens, Bristol: found through the identity" $?
    "$FP" trend -a "St-Helenss" -i LAC > /dev/null 2> "$T/err"
    grep -q "did you mean 'St. Helens'" "$T/err"; check "did you mean: punctuation ignored (St-Helenss)" $?
    "$FP" trend -a "Bristle" -i LAC > /dev/null 2> "$T/err"
    grep -q "did you mean 'Bristol, City of'" "$T/err"; check "did you mean: an identity alias (Bristol) shown as the area's name" $?
fi

# ---------------------------------------------------------- names with commas
"$FP" trend -m mk -i "Rate per 10,000" $D > "$T/c.csv" 2> "$T/err"; check "a name with a comma is one indicator" $?
[ "$(tail -n +2 "$T/c.csv" | cut -d, -f1 | sort -u)" = R10K ]; check "... and selects it" $?
"$FP" trend -m mk -a "Beta, City of" $D > "$T/c.csv"; check "an area name with a comma" $?
"$FP" trend -m mk -i PROJ,R10K -a 901 $D > "$T/c.csv"; check "a list of codes is split" $?
[ "$(tail -n +2 "$T/c.csv" | wc -l)" = 2 ]; check "... into two indicators" $?
"$FP" trend -m mk -i PROJ,R10X $D > /dev/null 2> "$T/err"; [ $? = 1 ]; check "a list with an unknown piece exit 1" $?
grep -q "indicator 'R10X' is not in the data; did you mean 'R10K'?" "$T/err"; check "... names the piece" $?

# ------------------------------------------------------------------- columns
"$FP" trend -m mk --columns area,indicator,mk_label $D > "$T/c.csv"; check "--columns exit 0" $?
[ "$(head -1 "$T/c.csv")" = "area,indicator,mk_label,methods_version,data_version" ]; check "--columns order" $?
grep -q '^Alpha,PROJ,' "$T/c.csv"; check "--columns cells follow" $?
"$FP" trend -m mk --columns indicator,nope $D > /dev/null 2> "$T/err"; [ $? = 2 ]; check "unknown column exit 2" $?
grep -q "unknown column 'nope' in --columns; the columns are: indicator, indicator_name," "$T/err"; check "unknown column lists the names" $?
"$FP" trend -m mk --columns indicator --all-columns $D > /dev/null 2>&1; [ $? = 2 ]; check "--columns with --all-columns exit 2" $?
[ "$("$FP" trend -m mk $D | head -1 | tr ',' '\n' | wc -l)" -lt "$("$FP" trend -m mk --all-columns $D | head -1 | tr ',' '\n' | wc -l)" ]
check "the default set is shorter than --all-columns" $?
"$FP" trend -m mk --columns indicator,mk_tau -f json $D | python3 -c 'import json,sys; d=json.load(sys.stdin); assert list(d["rows"][0]) == ["indicator", "mk_tau"]'
check "--columns in JSON" $?

# ------------------------------------------------------------------- numbers
# Binary noise: mean of 51.98 and 52.5 etc. Nothing is written with more
# than 15 significant digits.
"$FP" trend --all-columns $D > "$T/all.csv"
awk -F, 'NR > 1 { for (i = 1; i <= NF; i++) if ($i ~ /^-?[0-9]*\.?[0-9]+(e[-+][0-9]+)?$/) {
    s = $i; sub(/e.*/, "", s); gsub(/[-.]/, "", s); sub(/^0+/, "", s); if (length(s) > 15) { print $i; bad = 1 } } }
    END { exit bad }' "$T/all.csv"
check "no number beyond 15 significant digits" $?
"$FP" trend -m mk --dp 2 --columns indicator,area,mk_tau,sen_slope -i PROJ -a Alpha $D > "$T/dp.csv"
[ "$(csv_cell "$T/dp.csv" mk_tau PROJ 1)" = "0.67" ]; check "--dp 2 (tau = 4/6 = 0.67)" $?
"$FP" trend --dp x $D 2> /dev/null; [ $? = 2 ]; check "bad --dp exit 2" $?

# --------------------------------------------------------------------- wide
"$FP" trend --wide -m mk $D > "$T/w.csv"; check "--wide exit 0" $?
[ "$(head -1 "$T/w.csv")" = "indicator,indicator_name,area_code,area,unit,2016,2017,2018,2019,mk_label,methods_version,data_version" ]
check "--wide: one column per period, then the verdicts" $?
[ "$(csv_cell "$T/w.csv" 2019 Alpha 4 | head -1)" = 65.0 ]; check "--wide: value at the dictionary's dps (65.04 -> 65.0)" $?
[ "$(csv_cell "$T/w.csv" 2018 R10K 1)" = 51.98 ] && [ "$(csv_cell "$T/w.csv" 2016 R10K 1)" = "" ]
check "--wide: dps 2, no value is empty" $?
[ "$(csv_cell "$T/w.csv" 2018 902 3)" = c ] && [ "$(csv_cell "$T/w.csv" 2017 902 3)" = "" ]
check "--wide: a suppressed value keeps its code" $?

# --------------------------------------------------------------------- rates
printf 'area,num,den\nA,5,100\nB,7,200\n' > "$T/r.csv"
"$FP" rates --type proportion -n num -d den --columns area,value,lower95_0cl --dp 2 "$T/r.csv" > "$T/ro.csv"
check "rates --columns exit 0" $?
[ "$(sed -n 1,2p "$T/ro.csv" | cut -d, -f1-3 | tr '\n' ' ')" = "area,value,lower95_0cl A,5.00,2.15 " ]
check "rates --columns (Wilson 95% lower for 5/100: 2.15)" $?
"$FP" rates --type proportion -n num -d den --columns area,bogus "$T/r.csv" > /dev/null 2> "$T/err"; [ $? = 2 ]
check "rates: unknown column exit 2" $?
grep -q "the columns are: area, num, den, value," "$T/err"; check "rates: unknown column lists the input's columns too" $?

# ------------------------------------------------------- validate --problems
printf 'indicator,area,period,value,unit\nX,A,2019,1,%%\nX,A,20x9,2,%%\nX,B,2019,abc,%%\n' > "$T/bad.csv"
"$FP" validate --problems csv "$T/bad.csv" > "$T/p.csv" 2> "$T/p.err"; [ $? = 1 ]; check "validate --problems exit 1 on errors" $?
[ ! -s "$T/p.err" ]; check "validate --problems: nothing on stderr" $?
[ "$(head -1 "$T/p.csv")" = "file,line,column,severity,message,methods_version,data_version" ] &&
    [ "$(csv_cell "$T/p.csv" column 3 2)" = 3 ] && [ "$(csv_cell "$T/p.csv" severity 4 2)" = error ]
check "validate --problems: one row per problem with line and column" $?
"$FP" validate --problems csv --columns line,severity "$T/bad.csv" 2> /dev/null | head -1 | grep -q '^line,severity,methods_version'
check "validate --problems --columns" $?
"$FP" validate -o "$T/x.csv" "$T/bad.csv" 2> /dev/null; [ $? = 2 ]; check "validate -o without --problems exit 2" $?

# ------------------------------------------- tidy input: "15%" and months
cat > "$T/tidy.csv" <<'EOF2'
indicator,area,area_code,period,value,unit
PCT,Alpha,E1,Jun-19,15%,%
PCT,Alpha,E1,Jul-19,16.5 %,%
PCT,Alpha,E1,2019-08,17,%
PCT,Alpha,E1,2019M09,x,%
QTR,Alpha,E1,2019 Q1,1,count
QTR,Alpha,E1,Apr-Jun 2019,2,count
QTR,Alpha,E1,Q3-19,3,count
EOF2
"$FP" validate "$T/tidy.csv" > "$T/v.out" 2> "$T/v.err"; check "tidy with 15% and Jun-19 validates" $?
[ "$(grep -c 'percent sign' "$T/v.err")" = 1 ] && grep -q 'tidy.csv:2:5: warning: 2 values written with a percent sign ("15%") read as the number before it (15)' "$T/v.err"
check "one warning per file for percent signs, at the first" $?
"$FP" trend --wide -m mk -i PCT "$T/tidy.csv" > "$T/tw.csv" 2> /dev/null
[ "$(head -1 "$T/tw.csv" | cut -d, -f6-9)" = "Jun-19,Jul-19,2019-08,2019M09" ]; check "month labels in time order" $?
[ "$(csv_cell "$T/tw.csv" Jun-19 PCT 1),$(csv_cell "$T/tw.csv" Jul-19 PCT 1),$(csv_cell "$T/tw.csv" 2019M09 PCT 1)" = "15,16.5,x" ]
check "15% read as 15" $?
"$FP" trend --all-columns -m mk -i QTR "$T/tidy.csv" > "$T/tq.csv" 2> /dev/null
[ "$(csv_cell "$T/tq.csv" n_points QTR 1)" = 3 ] && [ "$(csv_cell "$T/tq.csv" n_breaks QTR 1)" = 0 ]
check "quarters 2019 Q1, Apr-Jun 2019, Q3-19 form one series without gaps" $?

# --------------------------------------------------------------------- xlsx
openpyxl_python
if [ -n "$PY" ]; then
    "$FP" trend --all-columns -f xlsx -o "$T/t.xlsx" $D; check "trend xlsx exit 0" $?
    "$FP" trend --all-columns $D > "$T/t.csv"
    "$PY" "$XC" "$T/t.xlsx" "$T/t.csv" indicator area_code first_period; check "trend xlsx = csv, cell by cell" $?
    "$FP" trend --wide -m mk -f xlsx -o "$T/w.xlsx" $D && "$PY" "$XC" "$T/w.xlsx" "$T/w.csv" area_code
    check "trend --wide xlsx = csv (the 'c' cell is text)" $?
    "$FP" indicators --all-columns -f xlsx $D > "$T/i.xlsx"; check "xlsx to a redirected stdout" $?
    "$PY" "$XC" "$T/i.xlsx" "$T/inda.csv" indicator; check "indicators xlsx = csv" $?
    "$FP" areas -f xlsx -o "$T/a.xlsx" $D && "$PY" "$XC" "$T/a.xlsx" "$T/areas.csv" area_code old_code
    check "areas xlsx = csv, codes as text" $?
    "$FP" rates --type proportion -n num -d den -f xlsx -o "$T/r.xlsx" "$T/r.csv" &&
        "$FP" rates --type proportion -n num -d den "$T/r.csv" > "$T/rall.csv" &&
        "$PY" "$XC" "$T/r.xlsx" "$T/rall.csv" area
    check "rates xlsx = csv (the fast CSV path)" $?
    "$FP" validate --problems xlsx -o "$T/p.xlsx" "$T/bad.csv"
    "$PY" "$XC" "$T/p.xlsx" "$T/p.csv" file message; check "validate --problems xlsx = csv" $?
    "$FP" neighbours --k 1 -f xlsx -o "$T/n.xlsx" "$T/r.csv" 2> /dev/null &&
        "$FP" neighbours --k 1 "$T/r.csv" > "$T/n.csv" 2> /dev/null && "$PY" "$XC" "$T/n.xlsx" "$T/n.csv" area neighbour
    check "neighbours xlsx = csv" $?
    "$FP" trend -m mk --dp 2 -f xlsx -o "$T/dp.xlsx" --columns indicator,area,mk_tau,sen_slope -i PROJ -a Alpha $D
    "$PY" - "$T/dp.xlsx" <<'EOF2'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
c = ws["C2"]
# The full value (the CSV shows 0.67), shown with two decimals.
assert c.value != 0.67 and round(c.value, 2) == 0.67 and c.number_format == "0.00", (c.value, c.number_format)
EOF2
    check "xlsx: --dp 2 is the full number with format 0.00" $?
    # compare: England 62 (59.0-64.9), North West 60; Sefton 45 (35.6-60):
    # worse than England at 99.8% (upper998 61.5 < 62: "worse (99.8%)"),
    # similar to the region (60 = upper95, limits included); see test_compare.sh.
    cat > "$T/cmp_data.csv" <<'EOF2'
indicator,indicator_name,area,area_code,area_type,region,period,numerator,denominator,value,unit,polarity,lower95_0cl,upper95_0cl,lower99_8cl,upper99_8cl
P,Test percent,England,E92000001,country,,2023,620,1000,62,%,higher,59.0,64.9,57.1,66.6
P,Test percent,North West,E12000002,region,,2023,300,500,60,%,higher,55.6,64.2,53.0,66.6
P,Test percent,Sefton,E08000014,local authority,North West,2023,45,100,45,%,higher,35.6,60,31,61.5
P,Test percent,Aa,A1,local authority,North West,2023,70,100,70,%,higher,,,,
EOF2
    "$FP" compare --all-columns --area Sefton -f xlsx -o "$T/cmp.xlsx" "$T/cmp_data.csv" 2> /dev/null &&
        "$FP" compare --all-columns --area Sefton "$T/cmp_data.csv" > "$T/cmp.csv" 2> /dev/null
    "$PY" "$XC" "$T/cmp.xlsx" "$T/cmp.csv" area_code; check "compare xlsx = csv" $?
    "$PY" - "$T/cmp.xlsx" <<'EOF2'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
head = [c.value for c in ws[1]]
row = {h: ws.cell(row=2, column=i + 1) for i, h in enumerate(head)}
# fp_cmp_colour: "worse (99.8%)" #7F0000 (white text), "similar" #FFC000.
e, r = row["vs_england"], row["vs_region_95"]
assert e.value == "worse (99.8%)" and e.fill.fgColor.rgb[-6:] == "7F0000", (e.value, e.fill.fgColor.rgb)
assert e.font.color.rgb[-6:] == "FFFFFF", e.font.color.rgb
assert r.value == "similar" and r.fill.fgColor.rgb[-6:] == "FFC000", (r.value, r.fill.fgColor.rgb)
c = row["rag_colour"]
assert c.value == "#7F0000" and c.fill.fgColor.rgb[-6:] == "7F0000", (c.value, c.fill.fgColor.rgb)
EOF2
    check "xlsx: verdict and colour cells filled with the RAG colour, word kept" $?
fi
"$FP" trend -f xlsx $D < /dev/null > /dev/null; check "xlsx to a file descriptor that is not a terminal" $?
"$FP" trend -f xlsm $D 2> "$T/err"; [ $? = 2 ]; check "unknown format exit 2" $?
grep -q "csv, tsv, md, json, xlsx" "$T/err"; check "unknown format lists xlsx" $?

exit $fail

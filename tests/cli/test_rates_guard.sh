#!/bin/bash
# test_rates_guard.sh -- `fingerpost rates` guards echoed text cells against
# spreadsheet formula injection on every output path, as the table writer
# does (fpc_csv_guard_needed in cli/util.c; OWASP's CSV injection advice: a
# leading apostrophe, inside quotes, for a cell starting with =, @, or a
# sign that does not start a number, e.g. OWASP's "-2+3+cmd|..."; numbers
# such as -0.41 and a lone "-" are left alone). Paths: the fast CSV writer
# for lines split in place (no quote on the line: "direct") and for lines
# parsed by libcsv (a quoted cell on the line), and fpc_table (--format tsv).
# Expected lines are written out in full; the numbers are those of
# test_rates.sh's exact Poisson rate 5 per 100 (x 100000, 95%, 1 dp).
set -u
FP=${FINGERPOST:?set FINGERPOST to the fingerpost binary}
T=$(mktemp -d)
trap 'bash "$(dirname "$0")/keep.sh" "$T" "$0"; rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# check NAME FORMAT INPUT: run rates on INPUT and compare with $T/want.
check() {
    "$FP" rates --type rate --confidence 95 --dp 1 --format "$2" "$3" > "$T/got" 2> "$T/err"
    local rc=$?
    [ $rc -eq 0 ] || bad "$1: exit status $rc: $(cat "$T/err")"
    [ -s "$T/err" ] && bad "$1: wrote to stderr: $(cat "$T/err")"
    diff "$T/want" "$T/got" > "$T/diff" || { bad "$1: output differs (want <, got >)"; cat "$T/diff"; }
}

# 1. Quoted input lines (libcsv, then the fast writer's csv_put / fpc_table).
cat > "$T/quoted.csv" <<'CSV'
area,numerator,denominator
"=HYPERLINK(""http://x"",""y"")",5,100
"@SUM(A1)",5,100
"+cmd|' /C calc'!A0",5,100
"-2+3",5,100
"-0.41",5,100
"-",5,100
"Bristol, City of",5,100
CSV
cat > "$T/want" <<'OUT'
area,numerator,denominator,value,lower95_0cl,upper95_0cl,method,note,methods_version,data_version
"'=HYPERLINK(""http://x"",""y"")",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
"'@SUM(A1)",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
"'+cmd|' /C calc'!A0",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
"'-2+3",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
-0.41,5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
-,5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
"Bristol, City of",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
OUT
check "quoted lines, csv" csv "$T/quoted.csv"

tab=$(printf '\t')
sed "s/,/$tab/g" > "$T/want" <<'OUT'
area,numerator,denominator,value,lower95_0cl,upper95_0cl,method,note,methods_version,data_version
"'=HYPERLINK(""http://x"";""y"")",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
"'@SUM(A1)",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
"'+cmd|' /C calc'!A0",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
"'-2+3",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
-0.41,5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
-,5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
Bristol; City of,5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,quoted.csv
OUT
sed -i 's/;/,/g' "$T/want"      # the commas inside cells, kept out of the tab step
check "quoted lines, tsv" tsv "$T/quoted.csv"

# 2. Unquoted input lines (split in place, copied by the fast writer unless
#    a cell needs the guard). No quote or comma can be in such a cell.
cat > "$T/direct.csv" <<'CSV'
area,numerator,denominator
=HYPERLINK(x),5,100
@SUM(A1),5,100
+cmd|' /C calc'!A0,5,100
-2+3,5,100
-0.41,5,100
-,5,100
Bristol City of,5,100
CSV
cat > "$T/want" <<'OUT'
area,numerator,denominator,value,lower95_0cl,upper95_0cl,method,note,methods_version,data_version
"'=HYPERLINK(x)",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,direct.csv
"'@SUM(A1)",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,direct.csv
"'+cmd|' /C calc'!A0",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,direct.csv
"'-2+3",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,direct.csv
-0.41,5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,direct.csv
-,5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,direct.csv
Bristol City of,5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,direct.csv
OUT
check "unquoted lines, csv" csv "$T/direct.csv"
sed -i "s/,/$tab/g" "$T/want"
check "unquoted lines, tsv" tsv "$T/direct.csv"

# 3. Every echoed cell, not just the first column: header names, the other
#    columns, a DSR group key, the input file name (data_version), and CRLF
#    and BOM input still on the in-place path.
printf '\357\273\277code,=name,numerator,denominator\r\nE1,@x,5,100\r\n"E2",-1-1,5,100\r\n' > "$T/=crlf.csv"
cat > "$T/want" <<'OUT'
code,"'=name",numerator,denominator,value,lower95_0cl,upper95_0cl,method,note,methods_version,data_version
E1,"'@x",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,"'=crlf.csv"
E2,"'-1-1",5,100,5000.0,1623.5,11668.3,Exact,,fingerpost-methods-1,"'=crlf.csv"
OUT
check "header, other columns and file name, csv" csv "$T/=crlf.csv"

{ echo "area,age,count,pop"
  for a in '=A' '-B'; do
      for i in $(seq 1 19); do echo "$a,$i,$((i * 3)),$((i * 1000))"; done
  done; } > "$T/dsr.csv"
"$FP" rates --type dsr --group area --confidence 95 --dp 1 "$T/dsr.csv" > "$T/got" 2> "$T/err" ||
    bad "dsr: exit status $?: $(cat "$T/err")"
cut -d, -f1 "$T/got" | tail -n +2 > "$T/keys"
printf '%s\n' "\"'=A\"" "\"'-B\"" | diff - "$T/keys" > /dev/null ||
    bad "dsr group keys not guarded: $(tr '\n' ' ' < "$T/keys")"

[ $fail -eq 0 ] && echo "4 groups passed" || echo "FAILED"
exit $fail

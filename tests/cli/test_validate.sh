#!/usr/bin/env bash
# test_validate.sh -- `fingerpost validate` on the malformed-file corpus in
# tests/data/malformed/ (each trap of issue 2: BOM, CRLF, quoted commas and
# newlines, thousands separators, repeated header names, blank trailing lines,
# suppression codes, binary garbage, an empty file, a truncated quoted field,
# a 10 MB field, numerator above denominator, a negative count, a zero
# denominator, a non-numeric value), asserting the exact exit status and
# message of each; then options, usage errors and --json.
set -u
FP=${FINGERPOST:?set FINGERPOST to the fingerpost binary}
SRC=${FP_SRC:?set FP_SRC to the source tree}
M=$SRC/tests/data/malformed
TMP=$(mktemp -d)
trap 'bash "$(dirname "$0")/keep.sh" "$TMP" "$0"; rm -rf "$TMP"' EXIT
fail=0

# expect NAME STATUS STDERR-SUBSTRING -- ARGS...: run validate from the
# corpus directory (so messages carry the bare file name) and check both.
expect() {
    local name=$1 want=$2 msg=$3
    shift 4
    local got
    (cd "$M" && "$FP" validate "$@" >"$TMP/out" 2>"$TMP/err")
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL $name: exit $got, want $want"; sed 's/^/  stderr: /' "$TMP/err" | head -5; fail=1
        return
    fi
    if [ -n "$msg" ] && ! grep -qF -- "$msg" "$TMP/err"; then
        echo "FAIL $name: stderr lacks: $msg"; sed 's/^/  stderr: /' "$TMP/err" | head -5; fail=1
        return
    fi
    echo "ok   $name"
}

expect traps_ok 0 "fingerpost: traps_ok.csv:1:8: warning: column 'value' repeated (first at column 7); the first is used" -- traps_ok.csv
grep -qx "rows: 3" "$TMP/out" || { echo "FAIL traps_ok: want 3 rows"; cat "$TMP/out"; fail=1; }
grep -qF "inferred 'per 10,000' because value = 10000 x numerator / denominator in 3 of 3 rows" "$TMP/err" \
    || { echo "FAIL traps_ok: quoted thousands separators not read as numbers"; fail=1; }
expect lait_codes 0 "" -- lait_codes.csv
grep -qx "missing: 8" "$TMP/out" || { echo "FAIL lait_codes: want missing 8 (c x z low .. - : empty)"; cat "$TMP/out"; fail=1; }
grep -qx "rows: 10" "$TMP/out" || { echo "FAIL lait_codes: want 10 rows"; fail=1; }
expect binary 1 "fingerpost: binary.csv: binary data (NUL byte at offset 5): not a text CSV file" -- binary.csv
expect not_utf8 1 "fingerpost: not_utf8.csv:1:1: header is not valid UTF-8 text (binary or wrongly encoded file)" -- not_utf8.csv
expect empty 1 "fingerpost: empty.csv: empty file" -- empty.csv
expect blank 1 "fingerpost: blank.csv: no header row (the file is blank)" -- blank.csv
expect truncated_quote 1 "fingerpost: truncated_quote.csv:3:2: quoted field not closed before the end of the file; row dropped" -- truncated_quote.csv
expect num_above_den 1 "fingerpost: num_above_den.csv:3:4: numerator 12 is above denominator 10 for a proportion; numerator and denominator ignored" -- num_above_den.csv
expect negative_count 1 "fingerpost: negative_count.csv:2:4: negative count -5 (numerator); numerator and denominator ignored" -- negative_count.csv
expect zero_denominator 1 "fingerpost: zero_denominator.csv:2:5: denominator is 0: no rate or proportion can be formed; numerator and denominator ignored" -- zero_denominator.csv
expect bad_value 1 "fingerpost: bad_value.csv:3:4: value 'abc' is neither a number nor a missing-value code (c, x, z, low, .., -, :); row skipped" -- bad_value.csv
expect bad_period 1 "fingerpost: bad_period.csv:2:3: period '2016/18' is not a recognised period" -- bad_period.csv
expect short_row 1 "fingerpost: short_row.csv:2: row has 2 fields, expected 4; row skipped" -- short_row.csv
expect unknown_format 1 "fingerpost: unknown_format.csv:1: cannot tell the format from the header ('foo,bar,baz'); name it with --format" -- unknown_format.csv
expect missing_file 1 "fingerpost: no_such.csv: cannot open: No such file or directory" -- no_such.csv

# Text after a closing quote (issue 22): an error at the row's line and
# field, and every later row is still read (libcsv's lenient mode merged the
# next rows into the quoted field: 'rows: 2', exit 0).
printf 'area,indicator,period,value\nI1,"Bville"x,2020,2\nA1,X,2020,3\nA2,X,2020,4\nA3,"X",2020,5\n' > "$TMP/quote.csv"
"$FP" validate "$TMP/quote.csv" > "$TMP/out" 2> "$TMP/err"; rc=$?
if [ $rc = 1 ] && grep -qF "quote.csv:2:2: text ('x') after the closing quote of a quoted field; row skipped" "$TMP/err" &&
   grep -qx "rows: 3" "$TMP/out"; then echo "ok   text after a closing quote"
else echo "FAIL text after a closing quote: exit $rc"; cat "$TMP/err" "$TMP/out" | head; fail=1; fi
printf 'a,b\n"open,1\n2,3\n4,5\n' > "$TMP/open.csv"
"$FP" validate --format neighbours-pairs "$TMP/open.csv" > /dev/null 2> "$TMP/err"
grep -qF "open.csv:2:1: quoted field not closed before the end of the file; row dropped (lines 3 to 4 read again as rows)" "$TMP/err" &&
    echo "ok   unclosed quote names the lines it read again" || { echo "FAIL unclosed quote: $(cat "$TMP/err")"; fail=1; }
# The lines an unclosed quote took are read again as rows (issue 22: the good
# row after it was lost), and the error is at the quote's line and field.
printf 'indicator,area_code,area,period,value\n1,E06000001,Hartlepool,2020,5\n1,E06000001,"Hartlepool,2021,6\n1,E06000001,Hartlepool,2022,7\n' > "$TMP/open2.csv"
"$FP" validate "$TMP/open2.csv" > "$TMP/out" 2> "$TMP/err"; rc=$?
if [ $rc = 1 ] && grep -qF "open2.csv:3:3: quoted field not closed before the end of the file; row dropped (line 4 read again as a row)" "$TMP/err" &&
   grep -qx "rows: 2" "$TMP/out" && grep -qx "periods: 2" "$TMP/out"; then echo "ok   unclosed quote: later rows still read"
else echo "FAIL unclosed quote: later rows: exit $rc"; cat "$TMP/err" "$TMP/out" | head; fail=1; fi
# Text past the header's columns is said, not dropped without a word (issue
# 22); empty trailing cells are not.
printf 'indicator,area_code,area,period,value\n1,E06000001,Hartlepool,2020,5,extra\n1,E06000001,Hartlepool,2021,6,,\n' > "$TMP/extra.csv"
"$FP" validate --verbose "$TMP/extra.csv" > "$TMP/out" 2> "$TMP/err"
if grep -qF "extra.csv:2:6: warning: row has 6 fields, the header has 5; the text past the header's columns is ignored" "$TMP/err" &&
   [ "$(grep -c 'past the header' "$TMP/err")" = 1 ] && grep -qx "rows: 2" "$TMP/out"; then echo "ok   text past the header's columns"
else echo "FAIL text past the header's columns"; cat "$TMP/err"; fail=1; fi
# A quoted field that runs past 64 MiB over many lines: its row is an error
# at the quote, and the lines it took are read again (issue 22: the rest of
# the file was not read). A3 keeps its own line number.
{ printf 'area,indicator,period,value\nA0,X,2019,4\nA1,"open,2020,1\n'
  head -c 68157440 /dev/zero | tr '\0' '\n'; printf 'A2,X,2020,5\nA3,X,20x1,6\n'; } > "$TMP/run.csv"
"$FP" validate "$TMP/run.csv" > "$TMP/out" 2> "$TMP/err"; rc=$?
if [ $rc = 1 ] && grep -qF "run.csv:3:2: quoted field grows past 64 MiB without ending; row dropped (lines 4 to 67108856 read again as rows)" "$TMP/err" &&
   grep -qF "run.csv:68157445:3: period '20x1'" "$TMP/err" && grep -qx "rows: 2" "$TMP/out"; then echo "ok   runaway quoted field: later rows still read"
else echo "FAIL runaway quoted field: exit $rc"; head -c 600 "$TMP/err"; cat "$TMP/out"; fail=1; fi
rm -f "$TMP/run.csv"
# Old Mac line ends (CR only): each row has its own line (issue 22: all were line 1).
printf 'indicator,area_code,area,period,value\r1,E06000001,Hartlepool,2020,5\r1,E06000001,Hartlepool,x,6\r' > "$TMP/cr.csv"
"$FP" validate "$TMP/cr.csv" > "$TMP/out" 2> "$TMP/err"
grep -qF "cr.csv:3:4: period 'x' is not a recognised period" "$TMP/err" &&
    echo "ok   CR-only file: line numbers" || { echo "FAIL CR-only file: $(cat "$TMP/err")"; fail=1; }

# A 10 MB field (made here rather than kept in the tree): the row is an
# error, the rows around it are read.
{
    printf 'indicator,area,period,value\nLAC,Sefton,2016,1\nLAC,"'
    head -c 10485760 /dev/zero | tr '\0' 'a'
    printf '",2017,2\nLAC,Sefton,2018,3\n'
} > "$M/../big_field.tmp.csv" 2>/dev/null || { cp /dev/null "$M/../big_field.tmp.csv"; }
mv "$M/../big_field.tmp.csv" "$TMP/big_field.csv"
(cd "$TMP" && "$FP" validate big_field.csv >"$TMP/out" 2>"$TMP/err"); got=$?
if [ "$got" = 1 ] && grep -qF "fingerpost: big_field.csv:3:2: field longer than 1048576 bytes (1 MiB); row skipped" "$TMP/err" \
   && grep -qx "rows: 2" "$TMP/out"; then
    echo "ok   big_field"
else
    echo "FAIL big_field: exit $got"; head -c 600 "$TMP/err"; cat "$TMP/out"; fail=1
fi

# --format forces a reader; --json gives one object with the counts and errors
# (the tidy file names its area "Sefton", which is the LAIT area 343 read first).
expect format_forced 1 "fingerpost: traps_ok.csv:1: missing column 'Short Desc'" -- --format lait traps_ok.csv
(cd "$M" && "$FP" validate --json lait_codes.csv bad_value.csv >"$TMP/out" 2>"$TMP/err"); got=$?
if [ "$got" != 1 ] || [ -s "$TMP/err" ]; then echo "FAIL json: exit $got or stderr not empty"; cat "$TMP/err"; fail=1; fi
for want in '"rows": 12' '"indicators": 1' '"areas": 2' '"periods": 9' '"missing": 9' \
            '{"file": "bad_value.csv", "line": 3, "column": 4, "message": "value '"'"'abc'"'"' is neither a number nor a missing-value code (c, x, z, low, .., -, :); row skipped"}'; do
    grep -qF -- "$want" "$TMP/out" || { echo "FAIL json: lacks $want"; cat "$TMP/out"; fail=1; }
done
if command -v python3 >/dev/null; then
    python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/out" || { echo "FAIL json: not valid JSON"; fail=1; }
fi
[ $fail = 0 ] && echo "ok   json"

# Usage errors exit 2.
expect usage_nofile 2 "fingerpost validate: no FILE given" --
expect usage_format 2 "fingerpost validate: unknown format 'xml'" -- --format xml traps_ok.csv
(cd "$M" && "$FP" validate --help >"$TMP/out" 2>&1) && grep -q "Exit status" "$TMP/out" \
    && echo "ok   help" || { echo "FAIL help"; fail=1; }

# Neighbour pairs (two-column form).
printf 'area,neighbour,band\n343,344,very close\n343,340,close\n344,343,\n' > "$TMP/pairs.csv"
(cd "$TMP" && "$FP" validate pairs.csv >"$TMP/out" 2>"$TMP/err"); got=$?
if [ "$got" = 0 ] && grep -qx "neighbour lists: 2 in 1 models" "$TMP/out"; then echo "ok   pairs"
else echo "FAIL pairs: exit $got"; cat "$TMP/out" "$TMP/err"; fail=1; fi

exit $fail

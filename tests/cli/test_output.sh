#!/usr/bin/env bash
# test_output.sh -- properties every table output shares (cli/util.c): CSV text that a
# spreadsheet would run as a formula is neutralised with a leading apostrophe (OWASP CSV
# injection advice) while numbers and "-" stay as they are; outputs are atomic, so a failed
# run leaves no file behind; every row carries the methods and data versions.
set -u
fail=0
bad() { echo "FAIL: $*"; fail=1; }
tmp=$(mktemp -d); trap 'bash "$(dirname "$0")/keep.sh" "$tmp" "$0"; rm -rf "$tmp"' EXIT
printf 'indicator,area,period,value,unit\nX,"=HYPERLINK(1)",2016,-5,score\nX,"-",2016,3,score\n' > "$tmp/inj.csv"
"$FINGERPOST" compare --all-columns --all-areas -o "$tmp/out.csv" "$tmp/inj.csv" 2>/dev/null
grep -q "\"'=HYPERLINK(1)\"" "$tmp/out.csv" || bad "formula-like area name not guarded"
grep -q '^X,,-,-,' "$tmp/out.csv" || bad "area '-' should be written unchanged"
grep -q ',-5,' "$tmp/out.csv" || bad "negative number should be written unchanged"
head -1 "$tmp/out.csv" | grep -q 'methods_version' || bad "no methods_version column"
head -1 "$tmp/out.csv" | grep -q 'data_version' || bad "no data_version column"
# A run that fails (unknown area) must not leave a partial or temporary file.
"$FINGERPOST" compare --area "No such place" -o "$tmp/fail.csv" "$tmp/inj.csv" >/dev/null 2>&1
[ -e "$tmp/fail.csv" ] && bad "failed run left an output file"
ls "$tmp" | grep -q tmp && bad "temporary file left behind: $(ls "$tmp")"
[ $fail -eq 0 ] && echo "1 passed, 0 failed" || echo "0 passed, 1 failed"
exit $fail

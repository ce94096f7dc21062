#!/bin/bash
# test_messages.sh -- issue 22 (hardening, round two), the classes that are
# about what the user is told: one parser for whole-number options, usage
# errors before any data are read and in our words (not getopt's), no
# duplicate column, no empty --out, nothing cut or ignored without a word
# (long codes, --map to a missing column, long searches), numbers never cut
# by a fixed buffer, Markdown that passes no HTML from the data, neighbour
# models checked (an area as its own neighbour, a neighbour twice), and
# warnings summarised per file and kind (--quiet, --verbose). Each check
# failed before the change it guards. Expected values are the inputs written
# here and the messages as documented in docs/cli.md.
. "$(dirname "$0")/lib.sh"

# A small tidy file with a row whose warning would show if it were read.
cat > "$T/d.csv" <<'CSV'
indicator,indicator_name,area,area_code,area_type,period,numerator,denominator,value,unit
P,Test,England,E92000001,country,2023,600,1000,60,%
P,Test,Sefton,E08000014,local authority,2023,45,100,45,%
P,Test,Wirral,E08000015,local authority,2023,1e200,100,1e200,%
CSV

# 1. Whole-number options: one parser, the same words everywhere.
for args in "compare --area Sefton --dp 1e1" "compare --area Sefton --dp 0x2" "rates -t rate --dp 1e1" \
            "trend --dp 2.0" "neighbours --k 1e1" "chart trend --area Sefton --out $T/c --width 0x100"; do
    "$FP" $args "$T/d.csv" > "$T/o" 2> "$T/e"; rc=$?
    [ $rc = 2 ] && grep -q "wants a whole number from\|wants a whole number of at least" "$T/e" &&
        ! grep -q warning "$T/e"
    st=$?; check "$args: usage error in one form (got $rc: $(head -c 200 "$T/e"))" $st
done
"$FP" compare --area Sefton --dp 2 "$T/d.csv" > /dev/null 2>&1; check "--dp 2 accepted" $?

# 2. Usage errors in our words, before the data are read (the warning of
#    the 1e200 row never shows).
"$FP" validate --bogus "$T/d.csv" > /dev/null 2> "$T/e"; rc=$?
[ $rc = 2 ] && grep -qx "fingerpost validate: unknown option '--bogus'" "$T/e" && ! grep -q "unrecognized" "$T/e"
st=$?; check "validate --bogus: our message, exit 2 (got $rc: $(head -c 200 "$T/e"))" $st
"$FP" validate --format > /dev/null 2> "$T/e"; rc=$?
[ $rc = 2 ] && grep -q "option '--format' needs a value" "$T/e"; check "validate --format: needs a value" $?
for cmd in "compare --area Sefton" "trend" "areas" "indicators"; do
    "$FP" $cmd --columns bogus "$T/d.csv" > "$T/o" 2> "$T/e"; rc=$?
    [ $rc = 2 ] && grep -q "unknown column 'bogus'" "$T/e" && ! grep -q "warning" "$T/e" && [ ! -s "$T/o" ]
    check "$cmd --columns bogus: usage error before loading (got $rc)" $?
done
"$FP" compare --area Sefton --columns area_name,area_name -f json "$T/d.csv" > "$T/o" 2> "$T/e"; rc=$?
[ $rc = 2 ] && grep -q "column 'area_name' is named twice in --columns" "$T/e" && [ ! -s "$T/o" ]
check "--columns a,a: refused, no JSON with a repeated key (got $rc)" $?
for cmd in "report --area Sefton" "chart trend --area Sefton"; do
    "$FP" $cmd --out= "$T/d.csv" > /dev/null 2> "$T/e"; rc=$?
    [ $rc = 2 ] && grep -q -- "--out wants a directory name, not an empty one" "$T/e" && ! grep -q Success "$T/e"
    st=$?; check "$cmd --out=: usage error, not 'Success' (got $rc: $(head -c 200 "$T/e"))" $st
done
"$FP" trend -o '' "$T/d.csv" > /dev/null 2> "$T/e"; rc=$?
[ $rc = 2 ]; check "trend -o '': usage error" $?

# 3. Nothing ignored or cut without a word.
printf 'indicator,area,period,Rate\nX,A1,2020,3\n' > "$T/m.csv"
"$FP" validate --format tidy --map value=Nonexistent "$T/m.csv" > /dev/null 2> "$T/e"; rc=$?
[ $rc = 1 ] && grep -q "m.csv:1: no column 'Nonexistent' (--map value=Nonexistent)" "$T/e"
st=$?; check "--map value=Nonexistent is an error (got $rc: $(head -c 200 "$T/e"))" $st
long=$(printf 'N%.0s' $(seq 1 1500))
printf 'indicator,area,period,value\nY%s,A1,2020,3\nY%sQ,A1,2020,4\nZ,A1,2020,5\n' "$long" "$long" > "$T/long.csv"
"$FP" validate "$T/long.csv" > "$T/o" 2> "$T/e"; rc=$?
[ $rc = 1 ] && [ "$(grep -c 'indicator code with its breakdown (sex, age, category) is longer than 1023 bytes; row skipped' "$T/e")" = 2 ] &&
    grep -qx "rows: 1" "$T/o" && ! grep -q "already given" "$T/e"
check "indicator codes past 1,023 bytes: an error each, never cut and merged (got $rc)" $?
words=$(seq 1 3000 | sed 's/^/qqw/' | tr '\n' ' ')
"$FP" indicators --search "$words" "$T/d.csv" > /dev/null 2> "$T/e"
n=$(wc -c < "$T/e")
[ "$n" -lt 3000 ] && grep -q "and 2990 more words that no indicator has" "$T/e"
check "indicators --search with 3,000 unknown words: $n bytes of warnings (was the search repeated per word)" $?

# 4. Numbers never cut: 1e200 with --dp 2 is written whole (exponent form).
"$FP" compare --area Wirral --all-columns --dp 2 "$T/d.csv" > "$T/o" 2> /dev/null
grep -q '1e+200' "$T/o" && ! grep -Eq '[0-9]{40}' "$T/o"
check "--dp 2 on 1e200: '1e+200', no run of 40 digits" $?

# 5. Markdown passes no HTML from the data.
sed 's/Sefton,E08000014/<script>alert(1)<\/script> \& Co,X0000001/' "$T/d.csv" > "$T/html.csv"
"$FP" compare --area X0000001 -f md --columns area_name,value "$T/html.csv" > "$T/o" 2> /dev/null
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co' "$T/o" && ! grep -q '<script>' "$T/o"
check "compare -f md escapes HTML in names" $?

# 6. Neighbour models: an area as its own neighbour and a neighbour listed
#    twice are warnings at their cell, left out, in validate and where used.
printf 'area,neighbour\nE08000014,E08000015\nE08000014,E08000014\nE08000014,E08000015\n' > "$T/nb.csv"
"$FP" validate "$T/nb.csv" > /dev/null 2> "$T/e"
# (the codes are given as the model's keys: Sefton is DfE's old LA number 343)
grep -q "nb.csv:3:2: warning: area 343 is listed as its own neighbour; left out" "$T/e" &&
    grep -q "nb.csv:4:2: warning: area 343 lists neighbour 344 twice; the repeat is left out" "$T/e"
st=$?; check "validate: self and repeated neighbours (got $(head -c 300 "$T/e"))" $st
"$FP" compare --area Sefton --all-columns "$T/d.csv" "$T/nb.csv" > "$T/o" 2> "$T/e"
grep -q "is listed as its own neighbour" "$T/e" && [ "$(csv_cell "$T/o" neighbours_n P 1)" = "1 of 1" ]
st=$?; check "compare: the same warnings, and the model has one neighbour (got n=$(csv_cell "$T/o" neighbours_n P 1))" $st

# 7. Noise: warnings summarised per file and kind; --quiet none, --verbose all.
"$FP" compare --area Sefton > /dev/null 2> "$T/e"; n=$(wc -l < "$T/e")
[ "$n" -le 12 ] && grep -q "more warnings of this kind" "$T/e"
check "compare on the demo data: $n warning lines (was 89)" $?
"$FP" compare --area Sefton --quiet > /dev/null 2> "$T/e"
[ ! -s "$T/e" ]; check "--quiet: no warnings" $?
"$FP" compare --area Sefton --verbose > /dev/null 2> "$T/e"; n=$(wc -l < "$T/e")
[ "$n" -ge 80 ]; check "--verbose: every warning ($n lines)" $?
"$FP" compare --area Sefton --quiet --bogus > /dev/null 2> "$T/e"; rc=$?
[ $rc = 2 ]; check "--quiet does not hide usage errors (got $rc)" $?
exit $fail

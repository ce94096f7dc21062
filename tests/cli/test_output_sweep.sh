#!/bin/bash
# test_output_sweep.sh -- every workbook, SVG and HTML page fingerpost writes
# from the SHIPPED demo data (datasets/, the default inputs) parses in real
# parsers (issue 22: "every xlsx/SVG/HTML the tests write is parsed by a real
# parser"); test_valid_files.sh does the same for hostile input.
#
# Written: `report` (the default Sefton report, and --all-areas: 153
# councils, London's and names such as 'Bristol, City of', 'St. Helens' and
# 'Stockton-on-Tees' among them, each with its charts/ and workbook, and
# index.html), every `chart` kind listed in `chart --help` for five areas
# (funnel for one: it draws every council), and the -f xlsx workbooks of
# compare, trend, indicators, areas, rates, inequality and validate
# --problems.
# Read back by:
#   parse_outputs.py  Python's expat for every SVG and every XML part of a
#                     workbook, openpyxl for workbooks (every cell),
#                     html.parser with balanced tags for HTML (and expat for
#                     its inline SVGs)
#   xmllint           every SVG and every workbook part (when installed)
#   Chromium          every HTML page loaded headless (lib.sh's
#                     fp_chromium_pages): it comes back at its own URL with
#                     <main> and a <table>, and Chromium's DOM has the
#                     elements the file wrote, no more, no fewer
# A failure names the file and the parser's message. Without Chromium the
# other parsers still run and the test then exits 77 with a "skip:" line.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
PARSE="$SRC/tests/cli/parse_outputs.py"
export FINGERPOST_NO_PROGRESS=1
PY=""
for p in /usr/bin/python3 python3; do
    command -v "$p" > /dev/null && { PY=$p; break; }
done
[ -n "$PY" ] || { echo "skip: no python3 (scripts/deps.sh test installs it)"; exit 77; }
"$PY" -c 'import openpyxl' 2> /dev/null ||
    echo "note: python3-openpyxl not installed: workbooks are checked by expat and xmllint only"
D="$SRC/datasets"
AREAS=(-a Sefton -a Westminster -a 'City of London' -a 'Bristol, City of' -a 'St. Helens')

# run NAME ARG...: runs fingerpost ARG..., which must exit 0.
run() {
    local name=$1
    shift
    "$FP" "$@" --quiet > /dev/null 2> "$T/err"
    local st=$?
    [ $st = 0 ] || echo "   exit $st: $(head -3 "$T/err")"
    check "$name" $st
}

# 1. Write.
run "report (default: Sefton)" report -o "$T/report"
run "report --all-areas" report --all-areas -o "$T/all"
kinds=$("$FP" chart --help | sed -n '/^Kinds:/,/^Options:/p' | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
[ "$(echo $kinds | wc -w)" -ge 5 ]; st=$?
check "chart kinds from chart --help: $(echo $kinds)" $st
for k in $kinds; do
    if [ "$k" = funnel ]; then
        run "chart funnel -a 'Bristol, City of'" chart funnel -a 'Bristol, City of' --out "$T/chart-$k"
    else
        run "chart $k for Sefton, Westminster, City of London, Bristol, St. Helens" chart "$k" "${AREAS[@]}" --out "$T/chart-$k"
    fi
done
mkdir -p "$T/xlsx"
run "compare -f xlsx (every column, five areas)" compare --all-columns "${AREAS[@]}" -f xlsx -o "$T/xlsx/compare.xlsx"
run "trend -f xlsx (every column, Westminster)" trend --all-columns -a Westminster -f xlsx -o "$T/xlsx/trend.xlsx"
run "indicators -f xlsx" indicators --all-columns -f xlsx -o "$T/xlsx/indicators.xlsx"
run "areas -f xlsx" areas --all-columns -f xlsx -o "$T/xlsx/areas.xlsx"
run "rates --type rate -f xlsx (the Fingertips injuries export)" rates --type rate --numerator Count \
    --denominator Denominator -f xlsx -o "$T/xlsx/rates.xlsx" "$D/fingertips_injuries_0to14_90284.csv"
run "inequality -f xlsx" inequality -f xlsx -o "$T/xlsx/inequality.xlsx"
# validate exits 1 on the shipped files' data errors; its workbook is still written.
"$FP" validate --quiet --problems xlsx -o "$T/xlsx/validate.xlsx" "$D"/*.csv > /dev/null 2>&1
[ -s "$T/xlsx/validate.xlsx" ]
check "validate --problems xlsx on datasets/*.csv wrote its workbook" $?

# 2. Everything written, by kind (Chromium's profiles, in tmp.*, aside).
find "$T" -path "$T/tmp.*" -prune -o \( -name '*.xlsx' -o -name '*.svg' -o -name '*.html' \) -type f -print | sort > "$T/files"
nx=$(grep -c '\.xlsx$' "$T/files"); ns=$(grep -c '\.svg$' "$T/files"); nh=$(grep -c '\.html$' "$T/files")
[ "$nx" -ge 160 ] && [ "$ns" -ge 4000 ] && [ "$nh" -ge 155 ]
check "written: $nx workbooks, $ns SVGs, $nh HTML pages (want >= 160, 4000, 155)" $?

# 3. Python: expat, openpyxl, html.parser.
"$PY" "$PARSE" - < "$T/files" > "$T/parsed" 2> "$T/parse.err"
st=$?
[ $st = 0 ] || head -20 "$T/parse.err"
check "parse_outputs.py: $(cat "$T/parsed")" $st

# 4. xmllint: every SVG and every workbook's XML parts.
if command -v xmllint > /dev/null; then
    grep '\.svg$' "$T/files" | tr '\n' '\0' | xargs -0 xmllint --noout > "$T/xmllint.err" 2>&1
    st=$?
    [ $st = 0 ] || head -20 "$T/xmllint.err"
    check "xmllint: $ns SVGs" $st
    # Each workbook's parts under tmp.parts/ at the workbook's own path.
    grep '\.xlsx$' "$T/files" | "$PY" -c '
import os, sys, zipfile
root, base = sys.argv[1], sys.argv[2]
for line in sys.stdin:
    path = line.rstrip("\n")
    zipfile.ZipFile(path).extractall(os.path.join(root, os.path.relpath(path, base)))
' "$T/tmp.parts" "$T"
    find "$T/tmp.parts" -type f \( -name '*.xml' -o -name '*.rels' \) > "$T/parts"
    np=$(wc -l < "$T/parts")
    tr '\n' '\0' < "$T/parts" | xargs -0 xmllint --noout > "$T/xmllint.err" 2>&1
    st=$?
    [ $st = 0 ] || head -20 "$T/xmllint.err"
    [ "$np" -ge "$nx" ] || st=1
    check "xmllint: the $np XML parts of the $nx workbooks" $st
    rm -rf "$T/tmp.parts"
else
    echo "note: xmllint not installed (libxml2-utils; scripts/deps.sh test installs it): skipped"
fi

# 5. Chromium: every page, in one headless run.
if fp_chromium_find; then
    grep '\.html$' "$T/files" > "$T/pages"
    mapfile -t pages < "$T/pages"
    fp_chromium_pages "main table" "${pages[@]}"
    check "Chromium: $nh pages load with <main> and <table>, DOM elements as written" $?
else
    [ $fail = 0 ] || exit 1
    echo "skip: chromium not installed (scripts/deps.sh test installs it): the HTML pages were not loaded in a browser"
    exit 77
fi
exit $fail

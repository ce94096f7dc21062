#!/bin/bash
# test_report_html.sh -- load scorecard.html from disk in headless Chromium:
# every scorecard indicator row rendered, no broken images (every image is an
# inline SVG or a data: URI, so nothing is fetched), no network references,
# and a screenshot kept as a test artifact under the build directory
# ($FP_BUILD/test-artifacts/scorecard.png). Skips (77) only when Chromium is
# not installed.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:?set FP_SRC to the source tree}
BUILD=${FP_BUILD:-$(dirname "$FP")}
if ! fp_chromium_find; then
    echo "skip: chromium not installed (scripts/deps.sh test installs it)"
    exit 77
fi
export FINGERPOST_NO_PROGRESS=1
bad() { echo "FAIL: $*"; fail=1; }

"$FP" report --out "$T/out" 2> "$T/err" || { echo "FAIL: report exit $?: $(cat "$T/err")"; exit 1; }
HTML=$T/out/scorecard.html

# 1. The DOM as Chromium built it.
fp_chromium --dump-dom "file://$HTML" > "$T/dom.html" || bad "chromium --dump-dom failed: $(tail -3 "$T/chrome.err")"
[ -s "$T/dom.html" ] || bad "empty DOM"
grep -q '</html>' "$T/dom.html" || bad "DOM not complete"

# Every scorecard row: the definition's numbers, each a rendered <tr data-indicator>.
awk -F, 'NR > 1 { n = $1; gsub(/"/, "", n); print n }' "$SRC/datasets/scorecard_sefton.csv" > "$T/numbers"
n=$(wc -l < "$T/numbers")
[ "$n" -ge 40 ] || bad "only $n scorecard rows"
while read -r num; do
    grep -q "<tr id=\"ind-$num\" class=\"ind[^\"]*\" data-indicator=\"$num\">" "$T/dom.html" \
        || bad "indicator $num not rendered"
done < "$T/numbers"
rows=$(grep -o 'data-indicator="' "$T/dom.html" | wc -l)
[ "$rows" -eq "$n" ] || bad "$rows indicator rows rendered, want $n"
# The overview (tartan rug), methods section, and at least one trend chart.
grep -q 'id="overview"' "$T/dom.html" || bad "no overview section"
grep -q 'id="methods"' "$T/dom.html" || bad "no methods section"
grep -q 'fingerpost-methods-1' "$T/dom.html" || bad "methods version not shown"
sparks=$(grep -o '<svg class="spark"' "$T/dom.html" | wc -l)
[ "$sparks" -ge 20 ] || bad "only $sparks inline trend charts"
# Every inline chart has a text alternative.
noalt=$(grep -o '<svg class="spark"[^>]*>' "$T/dom.html" | grep -vc 'aria-label=')
[ "$noalt" -eq 0 ] || bad "$noalt charts without aria-label"

# 2. No broken images: every <img> has a data: URI (none are expected), and
#    nothing refers to the network or to other files for rendering.
if grep -o '<img[^>]*>' "$T/dom.html" | grep -v 'src="data:' > "$T/imgs"; then
    bad "images not inline: $(head -3 "$T/imgs")"
fi
if grep -Eo '(src|href)="(https?:)?//[^"]*"' "$HTML" > "$T/net"; then
    bad "network references: $(head -3 "$T/net")"
fi
grep -Eq '<(script|link)[^>]*(src|href)=' "$HTML" && bad "external script or stylesheet"
# Colour is never alone: every comparison badge carries its word.
grep -o '<span class="badge"[^>]*>[^<]*</span>' "$T/dom.html" | grep -Evq '>[^ ]+ (better|worse|similar|higher|lower|not compared|better \(99.8%\)|worse \(99.8%\)|higher \(99.8%\)|lower \(99.8%\))<' \
    && bad "a badge without its word"

# 3. Screenshot, kept as an artifact.
ART=$BUILD/test-artifacts
mkdir -p "$ART"
fp_chromium --window-size=1500,2400 --hide-scrollbars --screenshot="$ART/scorecard.png" "file://$HTML" > /dev/null \
    || bad "screenshot failed: $(tail -3 "$T/chrome.err")"
[ -s "$ART/scorecard.png" ] || bad "no screenshot"
sig=$(head -c 8 "$ART/scorecard.png" | od -An -tx1 | tr -d ' \n')
[ "$sig" = "89504e470d0a1a0a" ] || bad "screenshot is not a PNG"
size=$(wc -c < "$ART/scorecard.png")
[ "$size" -gt 50000 ] || bad "screenshot only $size bytes (blank page?)"
# Print layout renders too (print CSS): a PDF of the page.
fp_chromium --print-to-pdf="$ART/scorecard.pdf" --no-pdf-header-footer "file://$HTML" > /dev/null \
    || bad "print to PDF failed"
[ "$(head -c 4 "$ART/scorecard.pdf" 2>/dev/null)" = "%PDF" ] || bad "print output is not a PDF"
echo "artifacts: $ART/scorecard.png $ART/scorecard.pdf"
exit $fail

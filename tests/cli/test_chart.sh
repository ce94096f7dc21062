#!/bin/bash
# test_chart.sh -- end-to-end tests of `fingerpost chart`.
# A small tidy file (indicator P, percent, higher is better, with 95% CIs and
# counts) gives every chart kind something to draw; an area whose name holds
# quotes, backquotes, system(), ';' and a shell command checks that nothing
# from the data is ever executed. Checks: exit codes, files beside each chart
# (.svg/.png, .gp, .dat, .csv, .alt.txt), alt text in SVG and PNG, manifest rows (written,
# skipped series with reasons, charts not made), usage errors, a missing
# gnuplot, and that a re-run of a .gp reproduces the chart.
. "$(dirname "$0")/lib.sh"
if ! command -v gnuplot >/dev/null 2>&1; then echo "gnuplot not installed: skipping"; exit 77; fi

PWN="$T/pwned"
EVIL="Evil'; system(\"touch $PWN\") \`touch $PWN\` ; print 'x"
EVIL_CSV=${EVIL//\"/\"\"}   # the name as a CSV field: quotes doubled (RFC 4180)
cat > "$T/data.csv" <<CSV
indicator,indicator_name,area,area_code,area_type,region,period,numerator,denominator,value,unit,polarity,lower95_0cl,upper95_0cl
P,Test percent,England,E92000001,country,,2021,6000,10000,60,%,higher,59.0,61.0
P,Test percent,England,E92000001,country,,2022,6100,10000,61,%,higher,60.0,62.0
P,Test percent,England,E92000001,country,,2023,6200,10000,62,%,higher,61.0,63.0
P,Test percent,North West,E12000002,region,,2021,290,500,58,%,higher,53.6,62.2
P,Test percent,North West,E12000002,region,,2023,300,500,60,%,higher,55.6,64.2
P,Test percent,Sefton,E08000014,local authority,North West,2021,40,100,40,%,higher,30.9,49.8
P,Test percent,Sefton,E08000014,local authority,North West,2022,,,,%,higher,,
P,Test percent,Sefton,E08000014,local authority,North West,2023,45,100,45,%,higher,35.6,54.8
P,Test percent,Wirral,A1,local authority,North West,2023,70,100,70,%,higher,60.4,78.1
P,Test percent,Knowsley,A2,local authority,North West,2023,90,200,45,%,higher,38.3,51.9
P,Test percent,"$EVIL_CSV",A3,local authority,North West,2023,30,100,30,%,higher,22.0,39.5
P,Test percent,"$EVIL_CSV",A3,local authority,North West,2022,33,100,33,%,higher,24.6,42.7
P,Test percent,Halton,A5,local authority,North West,2023,55,100,55,%,higher,45.2,64.4
CSV
cat > "$T/nb.csv" <<'CSV'
area,neighbour
E08000014,A1
E08000014,A2
E08000014,A3
CSV
D="$T/data.csv $T/nb.csv"

# --help and usage errors.
"$FP" chart --help > "$T/help" 2>&1
check "--help exits 0" $?
grep -q "Usage: fingerpost chart KIND" "$T/help"; check "--help shows usage" $?
"$FP" chart trend --area Sefton $D 2> "$T/err"; [ $? = 2 ]; check "no --out is a usage error" $?
grep -q -- "--out DIR is required" "$T/err"; check "usage message says why" $?
"$FP" chart pie --area Sefton --out "$T/x" $D 2> "$T/err"; [ $? = 2 ]; check "unknown kind is a usage error" $?
"$FP" chart trend --out "$T/x" $D 2> "$T/err"; [ $? = 2 ]; check "trend without an area is a usage error" $?

# Trend: SVG + sidecars, alt text, skipped neighbour series listed.
O="$T/trend"
"$FP" chart trend --area Sefton --indicator P --target P=50 --out "$O" $D 2> "$T/err"
check "trend exits 0" $?
for ext in svg gp dat csv alt.txt; do
    [ -s "$O/trend_P_343.$ext" ]; check "trend .$ext written" $?
done
[ "$(sed -n 1p "$O/trend_P_343.alt.txt")" = "Trend chart: Test percent, Sefton" ] &&
    [ -z "$(sed -n 2p "$O/trend_P_343.alt.txt")" ]; check "trend .alt.txt: title line, blank line" $?
sed -n 3p "$O/trend_P_343.alt.txt" | grep -q '^Line chart of Test percent for Sefton from 2021 to 2023'
check "trend .alt.txt: description" $?
grep -q '<title id="fp-title">Trend chart: Test percent, Sefton</title>' "$O/trend_P_343.svg"
check "trend SVG alt title" $?
grep -q '<desc id="fp-desc">Line chart of Test percent for Sefton from 2021 to 2023' "$O/trend_P_343.svg"
check "trend SVG alt description" $?
grep -q 'width="800" height="450"' "$O/trend_P_343.svg"; check "trend SVG 800x450" $?
# 2022 is missing for Sefton: a gap (NaN), never joined.
grep -q '^2 NaN NaN NaN 61 NaN ' "$O/trend_P_343.dat"; check "gap written as NaN" $?
grep -q "title 'Target: 50" "$O/trend_P_343.gp"; check "target line" $?
grep -q '^kind,chart,indicator,area,file,file_type,status,series,reason,methods_version,data_version$' "$O/manifest.csv"
check "manifest header with versions" $?
[ "$(grep -c ',written,' "$O/manifest.csv")" = 5 ]; check "manifest lists 5 files" $?
grep -q ',alt text,written,' "$O/manifest.csv"; check "manifest lists the alt text" $?
# The region has a 2022 gap but values; nothing is skipped here.
( cd "$O" && rm trend_P_343.svg && gnuplot trend_P_343.gp 2>/dev/null )
[ -s "$O/trend_P_343.svg" ]; check "the .gp re-renders the chart" $?

# Every kind, with the evil area selected: nothing executed, text literal.
for kind in trend compare spine spc funnel; do
    O="$T/$kind-evil"
    "$FP" chart "$kind" --area A3 --indicator P --min-points 2 --out "$O" $D 2> "$T/err-$kind"
    rc=$?
    [ $rc = 0 ]; st=$?; check "$kind (evil name) exits 0 (got $rc: $(head -c 300 "$T/err-$kind"))" $st
    n=$(ls "$O"/*.svg 2>/dev/null | wc -l)
    [ "$n" = 1 ]; check "$kind draws one SVG" $?
    grep -qF "Evil'; system(\"touch $PWN\") \`touch $PWN\` ; print 'x" "$O"/*.svg; check "$kind shows the name literally" $?
    grep -qF "Evil&apos;; system(&quot;touch $PWN&quot;) \`touch $PWN\` ; print &apos;x" "$O"/*.svg
    check "$kind alt text holds the name, XML-escaped" $?
    if command -v xmllint >/dev/null 2>&1; then
        xmllint --noout "$O"/*.svg 2>/dev/null; check "$kind SVG is well-formed XML (alt text inserted)" $?
    fi
    ( cd "$O" && for f in *.gp; do gnuplot "$f" >/dev/null 2>&1; done )
done
[ ! -e "$PWN" ]; check "no command from the data was executed" $?

# Compare: bars for the area, neighbours, region and England.
O="$T/compare"
"$FP" chart compare --area Sefton --indicator P --out "$O" $D 2> "$T/err"
check "compare exits 0" $?
C="$O/compare_P_343.csv"
[ "$(head -1 "$C")" = "area,value,lower95,upper95,significance,benchmark,selected" ]; check "compare table header" $?
grep -q '^Wirral,70,60.4,78.1,Similar,0,0$' "$C"; check "Wirral similar (England 62 inside 60.4..78.1)" $?
grep -q '^Sefton,45,35.6,54.8,Worse,0,1$' "$C"; check "Sefton worse (England 62 above 54.8), selected" $?
grep -q '^England,62,61,63,,1,0$' "$C"; check "England is a benchmark bar" $?

# PNG on request.
O="$T/png"
"$FP" chart compare --area Sefton --indicator P --png --out "$O" $D 2> "$T/err"
check "png exits 0" $?
head -c 8 "$O/compare_P_343.png" | od -An -c | grep -q 'P   N   G'; check "PNG signature" $?
# The alt text is inside the PNG as iTXt chunks (keyword, NUL, flag 0,
# method 0, language en-GB, NUL, empty translated keyword, NUL, text) and
# the file still ends with IEND; the unit test checks the CRCs.
LC_ALL=C grep -aq "iTXtTitle...en-GB..Compare areas: Test percent, 2023" "$O/compare_P_343.png"
check "PNG iTXt Title" $?
LC_ALL=C grep -aq "iTXtDescription...en-GB..Horizontal bar chart of Test percent, 2023 for 6 areas" "$O/compare_P_343.png"
check "PNG iTXt Description" $?
[ "$(tail -c 8 "$O/compare_P_343.png" | od -An -tx1 | tr -d ' \n')" = 49454e44ae426082 ]
check "PNG ends with IEND" $?
[ "$(head -1 "$O/compare_P_343.alt.txt")" = "Compare areas: Test percent, 2023" ]
check "PNG .alt.txt written" $?
ls "$O" | grep -q tmp && { echo "FAIL: temporary files left: $(ls "$O")"; fail=1; }

# Funnel: binomial limits around England 62%; Wirral 70/100 inside 95%?
O="$T/funnel"
"$FP" chart funnel --indicator P --out "$O" $D 2> "$T/err"
check "funnel exits 0" $?
[ -s "$O/funnel_P.svg" ]; check "funnel drawn" $?
grep -q 'binomial' "$O/funnel_P.svg"; check "funnel alt text names the limits" $?

# Skipped series and charts not made are in the manifest.
O="$T/skip"
cat > "$T/empty.csv" <<'CSV'
indicator,indicator_name,area,area_code,area_type,region,period,value,unit,polarity
Q,Empty,England,E92000001,country,,2021,,%,higher
Q,Empty,Sefton,E08000014,local authority,North West,2021,,%,higher
Q,Empty,Sefton,E08000014,local authority,North West,2022,,%,higher
CSV
"$FP" chart trend --area Sefton --indicator Q --out "$O" "$T/empty.csv" 2> "$T/err"
check "all-missing chart exits 0" $?
[ "$(ls "$O" | grep -c svg)" = 0 ]; check "no image for an all-missing chart" $?
grep -q ',skipped series,Sefton,all values missing,' "$O/manifest.csv"; check "skipped series listed with reason" $?
grep -q 'nothing to plot' "$O/manifest.csv"; check "skipped chart listed" $?
grep -q 'charts written, 1 skipped' "$T/err"; check "summary on stderr" $?

# A missing gnuplot: exit 1, a message, no image and no 0-byte file.
O="$T/nognuplot"
FINGERPOST_GNUPLOT=/nonexistent/gnuplot "$FP" chart trend --area Sefton --indicator P --out "$O" $D 2> "$T/err"
[ $? = 1 ]; check "missing gnuplot exits 1" $?
grep -q "cannot run" "$T/err"; check "missing gnuplot is reported" $?
[ "$(find "$O" -name '*.svg' | wc -l)" = 0 ]; check "no image without gnuplot" $?
grep -q ',failed,' "$O/manifest.csv"; check "failure in the manifest" $?

# No progress output when stderr is not a terminal.
O="$T/quiet"
"$FP" chart trend --area Sefton --indicator P --out "$O" $D 2> "$T/err"
[ ! -s "$T/err" ]; check "quiet when stderr is not a terminal" $?

# Spine on the shipped demo data: count indicators (England's value is a national total)
# are skipped with their reason; long names are wrapped (never cut) and keep their period.
O="$T/spine_demo"
"$FP" chart spine --area Sefton --out "$O" 2> "$T/err"
[ $? = 0 ]; check "spine on demo data exits 0" $?
grep -q '^spine,,LACnum,.*,skipped,,a count: not comparable' "$O/manifest.csv"; check "spine skips counts" $?
grep -qF "set label 'Children in year 6 who are overweight or'.\"\\n\".'obese (2025)'" "$O/spine_343.gp"
check "spine label wrapped whole, period kept" $?

exit $fail

#!/bin/bash
# test_hostile.sh -- hostile inputs and conditions (issue 14): each check is
# the regression test of one hardening item. Run under ASan/UBSan by
# ./test.sh, so a use-after-free or overflow fails here too.
. "$(dirname "$0")/lib.sh"
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}

# ------------------------------------------------------------------ item 1
# A bad weight is reported (quoting the weight) before the list is freed:
# a usage error, never a crash (exit 139 under the old code).
printf 'code,a,b\nP,1,2\nQ,2,3\nR,4,1\n' > "$T/chars.csv"
"$FP" neighbours --k 1 -w 1,abc "$T/chars.csv" > "$T/out" 2> "$T/err"
[ $? = 2 ]; check "neighbours -w 1,abc: usage error exit 2" $?
grep -q "weight 'abc' is not a number" "$T/err"; check "neighbours -w 1,abc names the weight" $?

# ------------------------------------------------------------------ data
# A small tidy file: Sefton, two neighbours, England; one area is named
# with OWASP's formula payload, one with a byte that is not UTF-8 and an
# escape sequence (ESC [ 2 J clears a terminal).
EVIL="=cmd|' /C calc'!A0"
BAD=$(printf 'Bad\377\033[2JArea')
cat > "$T/data.csv" <<CSV
indicator,indicator_name,area,area_code,area_type,region,period,numerator,denominator,value,unit,polarity,lower95_0cl,upper95_0cl
P,Test percent,England,E92000001,country,,2022,6100,10000,61,%,higher,60.0,62.0
P,Test percent,England,E92000001,country,,2023,6200,10000,62,%,higher,61.0,63.0
P,Test percent,Sefton,E08000014,local authority,North West,2022,40,100,40,%,higher,30.9,49.8
P,Test percent,Sefton,E08000014,local authority,North West,2023,45,100,45,%,higher,35.6,54.8
P,Test percent,"$EVIL",A1,local authority,North West,2023,70,100,70,%,higher,60.4,78.1
P,Test percent,$BAD,A2,local authority,North West,2023,90,200,45,%,higher,38.3,51.9
CSV
printf 'area,neighbour\nE08000014,A1\nE08000014,A2\n' > "$T/nb.csv"
HAVE_GNUPLOT=0
command -v gnuplot > /dev/null 2>&1 && HAVE_GNUPLOT=1
# running PID: status 0 when the process exists and is not a zombie (a
# killed child whose parent died stays a zombie until init reaps it).
running() { local s; s=$(ps -o stat= -p "$1" 2> /dev/null); [ -n "$s" ] && [ "${s#Z}" = "$s" ]; }

# ------------------------------------------------------------------ item 5
# The .csv tables beside charts guard formula cells (compare, funnel).
if [ $HAVE_GNUPLOT = 1 ]; then
    mkdir -p "$T/c5"
    "$FP" chart compare -a Sefton --out "$T/c5" "$T/data.csv" "$T/nb.csv" > /dev/null 2>&1
    check "chart compare with a formula area name: exit 0" $?
    grep -qF "\"'=cmd|' /C calc'!A0\"" "$T"/c5/*.csv; check "compare chart table guards =cmd" $?
    ! grep -q "^=cmd\|,=cmd" "$T"/c5/*.csv; check "no raw =cmd cell in chart tables" $?
    "$FP" chart funnel -a Sefton --out "$T/c5" "$T/data.csv" "$T/nb.csv" > /dev/null 2>&1
    grep -lF "\"'=cmd|' /C calc'!A0\"" "$T"/c5/*funnel*.csv > /dev/null; check "funnel chart table guards =cmd" $?
fi

# ------------------------------------------------------------------ item 3
# -o never replaces what is not a regular file: a FIFO gets the output
# written through (and stays a FIFO); a symlink keeps pointing at its file,
# which is replaced; a dangling link and a directory are refused.
printf 'numerator,denominator\n30,100\n' > "$T/p3.csv"
mkfifo "$T/fifo"
cat "$T/fifo" > "$T/fifo.out" &
reader=$!
"$FP" rates -t proportion -o "$T/fifo" "$T/p3.csv" 2> "$T/err"
check "rates -o FIFO: exit 0" $?
wait $reader
[ -p "$T/fifo" ]; fifo_ok=$?
check "the FIFO is still a FIFO" $fifo_ok
grep -q '^30,100,' "$T/fifo.out"; check "the output went through the FIFO" $?
ls "$T" | grep -q 'fifo\.tmp'; [ $? != 0 ]; check "no temporary file beside the FIFO" $?
echo old > "$T/real.csv"
ln -s real.csv "$T/link.csv"
"$FP" rates -t proportion -o "$T/link.csv" "$T/p3.csv"
check "rates -o symlink: exit 0" $?
[ -L "$T/link.csv" ]; check "the symlink is still a symlink" $?
grep -q '^30,100,' "$T/real.csv"; check "its target holds the output" $?
ln -s missing.csv "$T/dangling.csv"
"$FP" rates -t proportion -o "$T/dangling.csv" "$T/p3.csv" 2> "$T/err"
[ $? = 1 ] && grep -q 'symbolic link to a missing file' "$T/err"; check "a dangling symlink is refused" $?
[ ! -e "$T/missing.csv" ]; check "nothing created through the dangling link" $?
"$FP" rates -t proportion -o /dev/stdout "$T/p3.csv" | grep -q '^30,100,'
check "rates -o /dev/stdout into a pipe writes through" $?
"$FP" rates -t proportion -o "$T" "$T/p3.csv" 2> "$T/err"
[ $? = 1 ] && grep -q 'is a directory' "$T/err"; check "a directory is refused" $?
# /dev/null only once the FIFO test has shown write-through (run as root,
# the old rename would have replaced the device node).
if [ $fifo_ok = 0 ] && [ -c /dev/null ]; then
    "$FP" rates -t proportion -o /dev/null "$T/p3.csv"
    check "rates -o /dev/null: exit 0" $?
    [ -c /dev/null ]; check "/dev/null is still a character device" $?
fi

# ------------------------------------------------------------------ item 2
# A gnuplot that never returns: each batch is killed (its process group)
# after --chart-timeout seconds, the chart it hung on fails, the others
# are drawn, and no .fp-batch-* or temporary file is left.
if [ $HAVE_GNUPLOT = 1 ]; then
    REAL_GNUPLOT=$(command -v gnuplot)
    cat > "$T/hang-gnuplot" <<SH
#!/bin/sh
# Hangs (with a child in its process group) on scripts that draw Wirral;
# runs the real gnuplot otherwise.
echo \$\$ >> "$T/gp.pids"
if grep -q 'A1' "\$1"; then
    sleep 300 &
    echo \$! >> "$T/gp.pids"
    wait
fi
exec "$REAL_GNUPLOT" "\$@"
SH
    chmod +x "$T/hang-gnuplot"
    mkdir -p "$T/c2"
    start=$(date +%s)
    FINGERPOST_GNUPLOT="$T/hang-gnuplot" "$FP" chart trend -a Sefton,A1 --per-process 1 -j 1 \
        --chart-timeout 1 --out "$T/c2" "$T/data.csv" "$T/nb.csv" > /dev/null 2> "$T/err"
    rc=$?
    took=$(( $(date +%s) - start ))
    [ $rc = 1 ]; check "chart with a hanging gnuplot: exit 1 (a chart failed)" $?
    [ $took -lt 30 ]; check "chart with a hanging gnuplot returns ($took s)" $?
    grep -q 'did not finish within 1 s' "$T/err"; check "the hung chart is reported" $?
    ls "$T"/c2/*.svg 2> /dev/null | grep -q .; check "the other chart is still drawn" $?
    grep -q 'failed.*did not finish' "$T/c2/manifest.csv"; check "the manifest lists the failed chart" $?
    [ -z "$(ls -A "$T/c2" | grep -e '^\.fp-batch' -e '\.tmp')" ]; check "no .fp-batch-* or temporary files left" $?
    alive=0
    for p in $(cat "$T/gp.pids"); do running "$p" && alive=1; done
    [ $alive = 0 ]; check "no gnuplot (or child of it) left running" $?
    "$FP" chart trend -a Sefton --chart-timeout abc --out "$T/c2" "$T/data.csv" > /dev/null 2>&1
    [ $? = 2 ]; check "--chart-timeout abc is a usage error" $?
    # report takes the same --chart-timeout: with a gnuplot that always
    # hangs, every chart fails after its batch is killed, the report is
    # still written (exit 0, the charts left out with a warning each) and
    # nothing is left running or behind.
    cat > "$T/hang-all" <<SH
#!/bin/sh
echo \$\$ >> "$T/rep.pids"
sleep 300 &
echo \$! >> "$T/rep.pids"
wait
SH
    chmod +x "$T/hang-all"
    start=$(date +%s)
    FINGERPOST_GNUPLOT="$T/hang-all" "$FP" report --chart-timeout 1 --out "$T/r2" > /dev/null 2> "$T/err"
    rc=$?
    took=$(( $(date +%s) - start ))
    [ $rc = 0 ]; check "report with a hanging gnuplot: exit 0 (charts left out)" $?
    [ $took -lt 60 ]; check "report --chart-timeout 1 with a hanging gnuplot returns ($took s)" $?
    grep -q 'chart for .* failed: .*\(did not finish within 1 s\|timed out\)' "$T/err"; check "report names the charts that failed" $?
    [ -s "$T/r2/scorecard.html" ] && [ -s "$T/r2/scorecard.csv" ]; check "report written without the charts" $?
    [ -z "$(ls -A "$T/r2/charts" | grep -e '^\.fp-batch' -e '\.tmp')" ]; check "report: no .fp-batch-* or temporary files left" $?
    alive=0
    for p in $(cat "$T/rep.pids"); do running "$p" && alive=1; done
    [ $alive = 0 ]; check "report: no gnuplot (or child of it) left running" $?
    "$FP" report --chart-timeout -3 --out "$T/r2" > /dev/null 2> "$T/err"
    [ $? = 2 ] && grep -q "chart-timeout wants seconds" "$T/err"; check "report --chart-timeout -3 is a usage error" $?
fi

# ------------------------------------------------------------------ item 7
# An output directory beginning with '-' is not read by gnuplot as an
# option; a control character in it is refused (gnuplot would write
# elsewhere); bytes that are not UTF-8 reach gnuplot unchanged.
if [ $HAVE_GNUPLOT = 1 ]; then
    (cd "$T" && "$FP" chart trend -a Sefton --out -dash data.csv nb.csv > /dev/null 2> "$T/err")
    check "chart --out -dash: exit 0" $?
    ls "$T"/-dash/*.svg > /dev/null 2>&1; check "charts written in ./-dash" $?
    NL="$T/new
line"
    "$FP" chart trend -a Sefton --out "$NL" "$T/data.csv" > /dev/null 2> "$T/err"
    [ $? = 2 ] && grep -q 'control character' "$T/err"; check "a newline in --out is refused" $?
    [ ! -e "$NL" ] && [ ! -e "$T/new" ]; check "nothing written for the newline path" $?
    LAT="$T/d$(printf '\351')"
    "$FP" chart trend -a Sefton --out "$LAT" "$T/data.csv" > /dev/null 2> "$T/err"
    check "chart --out with a Latin-1 byte: exit 0" $?
    ls "$LAT"/*.svg > /dev/null 2>&1; check "charts written in the Latin-1 directory itself" $?
fi

# ------------------------------------------------------------------ item 9
# SIGINT and SIGTERM: temporary files (the manifest's, the batch scripts,
# the images) removed, the gnuplot started killed, exit 128 + signal.
if [ $HAVE_GNUPLOT = 1 ]; then
    cat > "$T/sleep-gnuplot" <<SH
#!/bin/sh
echo \$\$ >> "$T/sig.pids"
sleep 300 &
echo \$! >> "$T/sig.pids"
wait
SH
    chmod +x "$T/sleep-gnuplot"
    for sig in INT TERM; do
        rm -f "$T/sig.pids"
        mkdir -p "$T/c9$sig"
        # Job control on, so the background job does not ignore SIGINT.
        set -m
        FINGERPOST_GNUPLOT="$T/sleep-gnuplot" "$FP" chart trend -a Sefton --chart-timeout 0 \
            --out "$T/c9$sig" "$T/data.csv" "$T/nb.csv" > /dev/null 2>&1 &
        pid=$!
        set +m
        for i in $(seq 100); do [ -s "$T/sig.pids" ] && [ $(wc -l < "$T/sig.pids") -ge 2 ] && break; sleep 0.1; done
        [ -n "$(ls -A "$T/c9$sig" | grep -e '^\.fp-batch' -e '\.tmp')" ]; check "SIG$sig: temporary files exist while rendering" $?
        kill -$sig $pid
        wait $pid
        rc=$?
        want=$(( 128 + $(kill -l $sig) ))
        [ $rc = $want ]; check "SIG$sig: exit $want (got $rc)" $?
        [ -z "$(ls -A "$T/c9$sig" | grep -e '^\.fp-batch' -e '\.tmp')" ]; check "SIG$sig: no temporary files left" $?
        alive=0
        for p in $(cat "$T/sig.pids"); do running "$p" && alive=1; done
        [ $alive = 0 ]; check "SIG$sig: the gnuplot started (and its child) killed" $?
    done
fi

# ----------------------------------------------------------------- item 11
# Bytes that are not UTF-8 and escape sequences from data: JSON stays valid
# UTF-8 JSON (U+FFFD, control characters escaped), CSV cells get U+FFFD,
# and messages on the terminal show ESC as a visible \x1b.
cp "$T/data.csv" "$T/u8.csv"
printf 'P,Test percent,Halton,A3,local authority,North West,2023,5,10,4\377\033[2Jx,%%,higher,1,2\n' >> "$T/u8.csv"
"$FP" validate --json "$T/u8.csv" > "$T/v.json" 2> /dev/null
json_ok() { python3 -c 'import json, sys; json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))' "$1"; }
if command -v python3 > /dev/null 2>&1; then
    json_ok "$T/v.json"; check "validate --json with bad bytes in a quoted cell: valid JSON" $?
    grep -q 'u001b' "$T/v.json"; check "validate --json escapes ESC" $?
    "$FP" compare --all-columns -a A2 -f json "$T/data.csv" "$T/nb.csv" > "$T/c.json" 2> /dev/null
    json_ok "$T/c.json"; check "compare -f json with a bad area name: valid JSON" $?
    grep -q 'Bad\\ufffd\|Bad�' "$T/c.json"; check "compare -f json: the bad byte is U+FFFD" $?
fi
"$FP" compare --all-columns -a A2 "$T/data.csv" "$T/nb.csv" > "$T/c.csv" 2> /dev/null
grep -q 'Bad�' "$T/c.csv"; check "compare CSV: the bad byte is U+FFFD" $?
! LC_ALL=C grep -q "$(printf '\377')" "$T/c.csv"; check "compare CSV: no raw 0xFF byte" $?
"$FP" validate "$T/u8.csv" > /dev/null 2> "$T/err"
! LC_ALL=C grep -q "$(printf '\033')" "$T/err"; check "validate messages carry no raw ESC" $?
grep -qF '\x1b[2J' "$T/err"; check "validate messages show ESC as \\x1b" $?
"$FP" compare --all-columns -a "$(printf 'x\033]0;pwn\007')" "$T/data.csv" > /dev/null 2> "$T/err"
! LC_ALL=C grep -q "$(printf '\033')" "$T/err"; check "an --area with ESC is quoted without it" $?
# rates' fast CSV path (cells copied, not through fpc_table) replaces bad
# bytes the same way: an unquoted cell (copied in place), a quoted one, a
# guarded formula cell and a sequence cut short at the end of a cell
# (E2 82 of the euro sign's E2 82 AC: two bytes, two U+FFFD, as
# fpc_utf8_clean and every fpc_table output do), while a valid e-acute
# (C3 A9) is kept. The expected bytes are written out by hand; the same
# rows through fpc_table (--columns naming every column) must match.
printf 'area,numerator,denominator\nBad\377Area,5,100\n"Q\376,x",3,50\n=ok\351,1,2\nCaf\303\251 \342\202,1,2\n"Caf\303\251 \342\202",1,2\n' > "$T/r8.csv"
"$FP" rates -t proportion "$T/r8.csv" > "$T/r8.out" 2> /dev/null
check "rates with bad bytes: exit 0" $?
! LC_ALL=C grep -q "$(printf '[\376\377\351]')" "$T/r8.out"; check "rates CSV: no raw bad byte" $?
FFFD=$(printf '\357\277\275')
# (the input's cells: what is left once value, limits, method and the rest go)
got=$(sed -n '2,6p' "$T/r8.out" | sed 's/,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,Wilson.*//' | tr '\n' '|')
want="Bad${FFFD}Area,5,100|\"Q${FFFD},x\",3,50|\"'=ok${FFFD}\",1,2|Caf$(printf '\303\251') ${FFFD}${FFFD},1,2|Caf$(printf '\303\251') ${FFFD}${FFFD},1,2|"
[ "$got" = "$want" ]; check "rates CSV: bad bytes are U+FFFD, valid UTF-8 kept (got $got)" $?
if command -v iconv > /dev/null 2>&1; then
    iconv -f UTF-8 -t UTF-8 "$T/r8.out" > /dev/null 2>&1; check "rates CSV output is valid UTF-8" $?
fi
"$FP" rates -t proportion --columns area,numerator,denominator,value,lower95_0cl,upper95_0cl,lower99_8cl,upper99_8cl,method,note \
    "$T/r8.csv" > "$T/r8.table" 2> /dev/null
cmp -s "$T/r8.out" "$T/r8.table"; check "rates: the fast path and fpc_table write the same bytes" $?

# ------------------------------------------------------------------- also
# trend --help names the column the output has (mk_p_method, not mk_exact).
"$FP" trend --help > "$T/help"
grep -q 'mk_p_method' "$T/help" && ! grep -q 'mk_exact' "$T/help"; check "trend --help names mk_p_method" $?
# -c as a fraction or a percentage, the same in trend and rates.
"$FP" trend -m mk -c 0.95 > "$T/t1.csv" && "$FP" trend -m mk -c 95 > "$T/t2.csv"
check "trend -c 0.95 and -c 95 run" $?
cmp -s "$T/t1.csv" "$T/t2.csv"; check "trend -c 95 means 0.95" $?
"$FP" trend -m mk -c 100 > /dev/null 2>&1
[ $? = 2 ]; check "trend -c 100 is a usage error" $?
printf 'numerator,denominator\n30,100\n' > "$T/p.csv"
"$FP" rates -t proportion -c 0.95 "$T/p.csv" > "$T/r1.csv" && "$FP" rates -t proportion -c 95 "$T/p.csv" > "$T/r2.csv"
check "rates -c 0.95 and -c 95 run" $?
cmp -s "$T/r1.csv" "$T/r2.csv"; check "rates -c 0.95 means 95" $?

exit "$fail"

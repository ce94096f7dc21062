#!/bin/bash
# test_verbosity.sh -- --quiet / --verbose on every command that reads data,
# and usage errors before any data are read (issue 22, "Noise").
#
# 1. Each command reads a file with four warnings of one kind (text past the
#    header's columns) or, for rates, three (a numerator that is not a
#    number): by default the first is shown and then one summary line with
#    the count; --verbose shows every one; --quiet none. Before issue 22,
#    indicators, areas, trend, inequality and report showed none at all, even
#    with --verbose, and rates showed every one by default.
# 2. Each command is given a bad option value (and an input whose reading
#    warns): the exit status is 2 and the usage error is the first and only
#    line (with its "Try 'fingerpost CMD --help'" line): no reader warning or FILE:LINE message precedes it, because every
#    option is checked before any data are read. Before issue 22,
#    inequality --columns, neighbours --weights/--columns, compare/chart
#    --period and empty --area/--indicator/--versus/--neighbours values were
#    only found after loading (or not at all).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

printf 'indicator,area_code,area,period,value\n1,E06000001,Hartlepool,2020,5,a\n1,E06000001,Hartlepool,2021,6,b\n1,E06000002,Middlesbrough,2021,7,c\n1,E06000002,Middlesbrough,2022,8,d\n' > w.csv
printf 'area,numerator,denominator\nA,1,10\nB,q,10\nC,y,20\nD,w,20\n' > r.csv
printf 'area,x,y\nA,1,2\nB,2,3\nC,3,1\nD,5,6\nE,1,1\n' > n.csv

# 1. Summarised, every one, none.
while IFS='|' read -r cmd kind want; do
    [ -n "$cmd" ] || continue
    "$FP" $cmd > /dev/null 2> e0; "$FP" $cmd --verbose > /dev/null 2> e1
    "$FP" $cmd --quiet > /dev/null 2> e2
    n0=$(grep -v "more warnings of this kind" e0 | grep -c "warning: .*$kind")
    s0=$(grep -c "more warnings of this kind" e0)
    n1=$(grep -c "warning: .*$kind" e1); n2=$(grep -c "warning" e2)
    [ "$n0" = 1 ] && [ "$s0" -ge 1 ]; check "$cmd: the first warning and a count by default (got $n0, $s0 summary)" $?
    [ "$n1" = "$want" ]; check "$cmd --verbose: all $want warnings (got $n1)" $?
    [ "$n2" = 0 ]; check "$cmd --quiet: no warning (got $n2)" $?
done <<'EOF'
indicators w.csv|the header has 5|4
areas w.csv|the header has 5|4
trend -m recent w.csv|the header has 5|4
compare --area Hartlepool w.csv|the header has 5|4
inequality w.csv|the header has 5|4
chart trend --area Hartlepool --out c w.csv|the header has 5|4
report --data w.csv --area Hartlepool --no-charts --out rep|the header has 5|4
rates -t rate r.csv|is not a number|3
EOF
# report's scorecard names 48 indicators this file lacks: one line and a count.
"$FP" report --data w.csv --area Hartlepool --no-charts --out rep 2> e0 > /dev/null
n=$(grep -c "is not in the data" e0)
[ "$n" -le 2 ]; check "report: absent scorecard indicators summarised ($n lines)" $?
# validate shows every warning by default (it is the command for that).
"$FP" validate w.csv > /dev/null 2> e0
[ "$(grep -c 'the header has 5' e0)" = 4 ]; check "validate: every warning by default" $?

# 2. Usage errors first.
while read -r line; do
    [ -n "$line" ] || continue
    eval "\"\$FP\" $line" > out 2> err; rc=$?
    first=$(head -1 err)
    case "$first" in "fingerpost "*": "*) ok=0 ;; *) ok=1 ;; esac
    [ $rc = 2 ] && [ $ok = 0 ] && [ "$(grep -vc "^Try 'fingerpost" err)" = 1 ] &&
        ! grep -q "warning\|\.csv:[0-9]" err
    st=$?; check "$line: usage error first, exit 2 (got $rc: $(head -c 200 err))" $st
done <<'EOF'
validate --format bogus w.csv
validate --unit bogus w.csv
validate --problems csv --columns bogus w.csv
indicators --columns bogus w.csv
indicators --dp x w.csv
areas --kind bogus w.csv
areas --columns bogus w.csv
rates --type bogus r.csv
rates --type rate --columns bogus r.csv
rates --type rate --dp 1e1 r.csv
rates --type sii --repetitions 5 r.csv
compare --area Hartlepool --columns bogus w.csv
compare --area Hartlepool --period 20x0 w.csv
compare --area Hartlepool --neighbour-stat bogus w.csv
compare --area Hartlepool --target bogus w.csv
compare --area '' w.csv
compare --area Hartlepool --versus '' w.csv
compare --area Hartlepool --indicator '' w.csv
compare --area Hartlepool --neighbours '' w.csv
trend --method bogus w.csv
trend --columns bogus w.csv
trend --threads 0 w.csv
trend --rebase x w.csv
trend --area '' w.csv
trend --indicator '' w.csv
inequality --columns bogus w.csv
inequality --seed x w.csv
inequality --format bogus w.csv
chart trend --out c --area Hartlepool --period 20x0 w.csv
chart trend --out c --area '' w.csv
chart funnel --out c --area Hartlepool --od-trim-by x w.csv
chart trend --out c --area Hartlepool --width x w.csv
report --data w.csv --out rep --chart-timeout x
report --data w.csv --out rep --area ''
report --data w.csv --out rep --neighbours ''
neighbours --k x n.csv
neighbours --k 1 --weights 1,x n.csv
neighbours --k 1 --vars x,y --weights 1,2,3 n.csv
neighbours --k 1 --columns bogus n.csv
neighbours --k 1 --dp x n.csv
EOF
exit $fail

#!/bin/bash
# test_common_opts.sh -- the option glue shared by subcommands (cli/common_opts.c):
# comma lists with empty items, a name repeated more often than the data has
# areas or indicators (once overran chart's index arrays), and the one wording
# of "not in the data" for unknown areas and indicators in chart and compare.
. "$(dirname "$0")/lib.sh"

cat > "$T/d.csv" <<'CSV'
indicator,area_code,area_name,period,value,unit
X,E06000001,Hartlepool,2019,5,percent
X,E06000001,Hartlepool,2020,6,percent
CSV

# One area and one indicator in the data; each named four times, with empty items.
if command -v gnuplot >/dev/null 2>&1; then
"$FP" chart trend --area E06000001,,E06000001 --area E06000001,E06000001 \
    --indicator X,X, --indicator ,X,X --out "$T/o1" "$T/d.csv" >"$T/out" 2>"$T/err"
check "chart: repeated names exit 0" $?
n=$(grep -c '^trend,trend_X_805,.*,image,written' "$T/o1/manifest.csv")
[ "$n" = 1 ]; check "chart: the repeated chart written once (got $n)" $?
[ -s "$T/o1/trend_X_805.svg" ]; check "chart: the SVG exists" $?
else
    echo "gnuplot not installed: chart rendering checks skipped"
fi

"$FP" chart trend --area Nowhere --indicator Y --out "$T/o2" "$T/d.csv" >"$T/out" 2>"$T/err"
[ $? = 1 ]; check "chart: unknown names exit 1" $?
grep -q "area 'Nowhere' is not in the data" "$T/err"; check "chart: unknown area message" $?
grep -q "indicator 'Y' is not in the data" "$T/err"; check "chart: unknown indicator message" $?

"$FP" compare --all-columns --area E06000001 --indicator X,,Y "$T/d.csv" >"$T/out" 2>"$T/err"
[ $? = 1 ]; check "compare: unknown indicator exits 1" $?
grep -q "indicator 'Y' is not in the data" "$T/err"; check "compare: unknown indicator message" $?
grep -q "indicator '' " "$T/err"; [ $? != 0 ]; check "compare: empty list item ignored" $?

exit $fail

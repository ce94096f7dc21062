#!/bin/bash
# test_rates_le.sh -- `rates --type le` against PHEindicatormethods'
# phe_life_expectancy (commit 093fd288): tests/ref/le/make_ref.R ran the
# package's own function on its test tables (df1, df_widecis_plus,
# df_grouped_with_warnings) and 20 random tables; every value, limit (95%
# and 99.8%) and cumulative count agrees to 1e-12 relative, and every value
# the package withholds (NA) is empty here.
. "$(dirname "$0")/lib.sh"
REF=$(cd "$(dirname "$0")/../ref/le" && pwd)
CHK="python3 $(dirname "$0")/ref_table_check.py"

"$FP" rates --type le --group area "$REF/le_input.csv" > "$T/le.csv" 2> "$T/le.err"
check "rates --type le runs (exit 0)" $?
$CHK "$REF/le_expected.csv" "$T/le.csv" area,startage \
    value,lower95_0cl,upper95_0cl,lower99_8cl,upper99_8cl,pops_used,dths_used 1e-12
check "every life expectancy and limit matches phe_life_expectancy to 1e-12" $?

# The package's rules, in words.
note() { csv_cell "$T/le.csv" note "$1" 1 | head -1; }
[ "$(note negdeaths)" = "a band has negative deaths" ]; check "negative deaths: no table" $?
[ "$(note negpops)" = "a band has a population of zero or less" ]; check "population <= 0: no table" $?
[ "$(note deathsgtpops)" = "a band has more deaths than population" ]; check "deaths > population: no table" $?
[ "$(note lowpops)" = "total population of 5,000 or less" ]; check "population <= 5000: no table" $?
grep -q '^wide_2,90,.*,"Chiang, using Silcocks et al for confidence limits",95% confidence interval wider than 20 years: value withheld' "$T/le.csv"
check "a 95% interval wider than 20 years withholds the value, keeps the limits" $?

# At one start age (le_age), another column layout, and 19 bands.
"$FP" rates --type le --group area --le-age 0,65 -c 95 "$REF/le_input.csv" > "$T/le0.csv"
[ "$(grep -c '^df1,' "$T/le0.csv")" = 2 ] && grep -q '^df1,65,155483,8276,18.768568517' "$T/le0.csv"
check "--le-age 0,65 keeps those ages (df1 at 65: 18.76856852, the package's test answer to 8 dp)" $?
printf 'band,d,p\n' > "$T/b19.csv"
awk -F, 'NR > 1 && $1 == "\"df1\"" && $2 != 90 { print $2 "," $3 "," $4 }' "$REF/le_input.csv" >> "$T/b19.csv"
"$FP" rates --type le --age band -n d -d p "$T/b19.csv" > "$T/b19.out"
grep -q "19 age bands: life expectancy needs the 20 bands" "$T/b19.out"; check "19 bands: no table, as the package" $?
"$FP" rates --type le --age band -n d -d p --any-bands "$T/b19.csv" > "$T/b19any.out"
[ -n "$(csv_cell "$T/b19any.out" value 0 2)" ]; check "--any-bands: a table ending at 85+" $?
"$FP" rates --type le --le-age x "$REF/le_input.csv" > /dev/null 2>&1
[ $? = 2 ]; check "--le-age x is a usage error" $?
"$FP" rates --type rate --age x "$REF/le_input.csv" > /dev/null 2>&1
[ $? = 2 ]; check "--age without --type le is a usage error" $?
exit $fail

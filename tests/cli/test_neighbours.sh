#!/bin/bash
# test_neighbours.sh -- end-to-end tests of `fingerpost neighbours`.
# Expected neighbours and distances were computed in R 4 (base):
#   x <- matrix(c(10.2, 3, 150,  12.5, 2.5, 90,  9.8, 4.1, 200,  15.0, 1.0, 60,
#                 11.1, 3.3, 140,  8.0, 5.5, 260,  13.3, 2.2, 100), ncol = 3, byrow = TRUE)
#   w <- c(2, 1, 0.5); z <- scale(x)
#   D <- sqrt(outer(1:7, 1:7, Vectorize(function(a, b) sum(w * (z[a, ] - z[b, ])^2))))
#   for (a in 1:7) { dd <- D[a, ]; dd[a] <- Inf; o <- order(dd)[1:3]; print(o); print(dd[o]) }
# e.g. row 1 (P): 5 3 2 (T R Q) at 0.58725488688077365 0.95195727080500403 1.5486872095894948
. "$(dirname "$0")/lib.sh"

printf 'code,a,b,c\nP,10.2,3,150\nQ,12.5,2.5,90\nR,9.8,4.1,200\nS,15.0,1.0,60\nT,11.1,3.3,140\nU,8.0,5.5,260\nV,13.3,2.2,100\n' > "$T/chars.csv"

"$FP" neighbours --k 3 --weights 2,1,0.5 "$T/chars.csv" > "$T/out.csv" 2> "$T/err"
check "exit 0" $?
[ "$(head -1 "$T/out.csv" | grep -c '^area,neighbour,rank,distance,methods_version')" = 1 ]; check "header columns" $?
[ "$(wc -l < "$T/out.csv")" = 22 ]; check "21 pairs" $?
got=$(awk -F, 'NR>1 && $1=="P" {printf "%s ", $2}' "$T/out.csv")
[ "$got" = "T R Q " ]; check "P's neighbours T R Q (R)" $?
got=$(awk -F, 'NR>1 && $1=="U" {printf "%s ", $2}' "$T/out.csv")
[ "$got" = "R P T " ]; check "U's neighbours R P T (R)" $?
d=$(awk -F, '$1=="P" && $3==1 {print $4}' "$T/out.csv")
num_close "$d" 0.58725488688077365 1e-12; check "P-T distance 0.587254886880774 (R)" $?
d=$(awk -F, '$1=="S" && $3==3 {print $4}' "$T/out.csv")
num_close "$d" 2.9486796058677052 1e-12; check "S third distance 2.94867960586771 (R)" $?
grep -q 'knn-chars' "$T/out.csv"; check "version from file name" $?

# Unweighted; R: same code with w <- c(1, 1, 1): P's nearest is T at 0.4813...
"$FP" neighbours --k 1 --id code --vars a,b "$T/chars.csv" --version mine -f json > "$T/out.json"
check "json exit 0" $?
grep -q '"neighbours_version": "mine"' "$T/out.json"; check "json meta version" $?

# A bad row is reported with file:line:col and left out; exit 1, output still written.
printf 'code,a,b\nP,1,2\nQ,x,3\nR,2,2\nS,5,1\n' > "$T/bad.csv"
"$FP" neighbours --k 1 "$T/bad.csv" > "$T/bad.out" 2> "$T/bad.err"
[ $? = 1 ]; check "bad row exit 1" $?
grep -q "bad.csv:3:2: 'x' is not a number" "$T/bad.err"; check "bad row message FILE:LINE:COL" $?
[ "$(wc -l < "$T/bad.out")" = 4 ]; check "other rows still done" $?

# The CSV `neighbours` writes is a neighbour model for compare (issue 15):
# Sefton's nearest by x are A1 (|3 - 2| = 1) and A2 (|3 - 5| = 2), so the
# neighbour mean of P is (70 + 50) / 2 = 60, "2 of 2".
printf 'code,x\nE08000014,3\nA1,2\nA2,5\nA3,9\n' > "$T/nchars.csv"
"$FP" neighbours --k 2 "$T/nchars.csv" > "$T/nb.csv"; check "neighbours for compare exit 0" $?
cat > "$T/pdata.csv" <<'EOF2'
indicator,area,area_code,area_type,period,value,unit,polarity
P,England,E92000001,country,2023,62,%,higher
P,Sefton,E08000014,local authority,2023,45,%,higher
P,Aa,A1,local authority,2023,70,%,higher
P,Bb,A2,local authority,2023,50,%,higher
P,Cc,A3,local authority,2023,10,%,higher
EOF2
"$FP" validate "$T/nb.csv" 2>&1 | grep -q "neighbours-pairs"; check "validate detects the neighbours output" $?
"$FP" compare --all-columns --area Sefton "$T/pdata.csv" "$T/nb.csv" > "$T/cmp.csv" 2> "$T/cmp.err"; check "compare reads it" $?
[ "$(csv_cell "$T/cmp.csv" neighbours P 1)" = 60 ] && [ "$(csv_cell "$T/cmp.csv" neighbours_n P 1)" = "2 of 2" ]
check "compare: neighbour mean 60 from the neighbours output" $?
# report too, asking for the model by the version the file records
# (neighbours_version), on the shipped data with a toy characteristic.
SRC=${FP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
DS="$SRC/datasets"
if [ -f "$DS/lait_scorecard.csv" ]; then
    "$FP" areas --kind la --columns area_code,n_indicators > "$T/lach.csv"
    "$FP" neighbours --k 5 --id area_code --vars n_indicators --version toy-model "$T/lach.csv" > "$T/toy.csv"
    "$FP" report --area Sefton --out "$T/rep" --no-charts -n toy-model -d "$DS/data_dictionary.csv" \
        -d "$DS/la_code_list.csv" -d "$DS/lait_scorecard.csv" -d "$T/toy.csv" > /dev/null 2> "$T/rep.err"
    check "report with the neighbours output exit 0" $?
    ! grep -q "not loaded" "$T/rep.err" && grep -q "toy-model" "$T/rep/scorecard.csv"
    check "report uses the model by its recorded version" $?
fi
"$FP" neighbours --k 1 --weights 2,1,0.5 --columns area,neighbour,distance --dp 3 "$T/chars.csv" > "$T/nc.csv"
[ "$(head -1 "$T/nc.csv")" = "area,neighbour,distance,methods_version,data_version,neighbours_version,neighbours_model" ]
check "neighbours --columns" $?
[ "$(awk -F, '$1=="P" {print $3}' "$T/nc.csv")" = 0.587 ]; check "neighbours --dp 3" $?

# Usage errors: exit 2.
"$FP" neighbours "$T/chars.csv" 2>/dev/null; [ $? = 2 ]; check "--k required" $?
"$FP" neighbours --k 3 --weights 1,2 "$T/chars.csv" 2>/dev/null; [ $? = 2 ]; check "weights count" $?
"$FP" neighbours --k 0 "$T/chars.csv" 2>/dev/null; [ $? = 2 ]; check "k >= 1" $?
"$FP" neighbours --k 7 "$T/chars.csv" 2>/dev/null; [ $? = 1 ]; check "k too large is a data error" $?
"$FP" neighbours --k 2 "$T/missing.csv" 2> "$T/e"; [ $? = 1 ]; check "missing file exit 1" $?
"$FP" neighbours --help | grep -q "Usage: fingerpost neighbours"; check "--help" $?
exit $fail

#!/bin/bash
# test_neighbours.sh -- end-to-end tests of `fingerpost neighbours`.
# Expected neighbours and distances were computed in R 4 (base):
#   x <- matrix(c(10.2, 3, 150,  12.5, 2.5, 90,  9.8, 4.1, 200,  15.0, 1.0, 60,
#                 11.1, 3.3, 140,  8.0, 5.5, 260,  13.3, 2.2, 100), ncol = 3, byrow = TRUE)
#   w <- c(2, 1, 0.5); z <- scale(x)
#   D <- sqrt(outer(1:7, 1:7, Vectorize(function(a, b) sum(w * (z[a, ] - z[b, ])^2))))
#   for (a in 1:7) { dd <- D[a, ]; dd[a] <- Inf; o <- order(dd)[1:3]; print(o); print(dd[o]) }
# e.g. row 1 (P): 5 3 2 (T R Q) at 0.58725488688077365 0.95195727080500403 1.5486872095894948
set -u
FP=${FINGERPOST:?set FINGERPOST to the binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
check() { # description, condition result
    if [ "$2" != 0 ]; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi
}
num_close() { # got want reltol
    awk -v g="$1" -v w="$2" -v r="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; a = w < 0 ? -w : w; exit !(d <= r * a) }'
}

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

# Usage errors: exit 2.
"$FP" neighbours "$T/chars.csv" 2>/dev/null; [ $? = 2 ]; check "--k required" $?
"$FP" neighbours --k 3 --weights 1,2 "$T/chars.csv" 2>/dev/null; [ $? = 2 ]; check "weights count" $?
"$FP" neighbours --k 0 "$T/chars.csv" 2>/dev/null; [ $? = 2 ]; check "k >= 1" $?
"$FP" neighbours --k 7 "$T/chars.csv" 2>/dev/null; [ $? = 1 ]; check "k too large is a data error" $?
"$FP" neighbours --k 2 "$T/missing.csv" 2> "$T/e"; [ $? = 1 ]; check "missing file exit 1" $?
"$FP" neighbours --help | grep -q "Usage: fingerpost neighbours"; check "--help" $?
exit $fail

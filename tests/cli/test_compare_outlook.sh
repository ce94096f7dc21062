#!/bin/bash
# test_compare_outlook.sh -- `fingerpost compare` target outlook: with a
# --target, the last columns (target_period, projected_value,
# projected_lower95, projected_upper95, target_outlook) project the area's
# series to the target period (--target-by, default the period after the
# row's) by least squares with a 95% prediction interval, the rule `fingerpost
# trend --method project` uses (fp_trend_project via fpc_project).
#
# Expected values are from R 4 (predict.lm), computed once and pasted here.
# A percentage is projected on the logit scale (issue 18: a straight line's
# interval for SEN went to -54.8%): its values come from
# tests/ref/projection/logit_projection.R (lm on qlogis(value / 100), values
# of 0 or 100% squeezed as Smithson & Verkuilen 2006, 100 * plogis() of the
# prediction interval); the straight-line values below are kept for the
# record. Straight lines:
#   p <- function(t, y, t0) print(predict(lm(y ~ t), data.frame(t = t0),
#                                         interval = "prediction"), digits = 17)
#   # SEN_EHC_Excpt_20wks, Sefton (LA 343), 2016-2024, as in datasets/lait_scorecard.csv:
#   sen <- c(100, 91, 13.8, 23, 66.900000000000006, 61.1, 27.4, 40.4, 53.1)
#   p(2016:2024, sen, 2025)  # 30.125 -54.803146208433432 115.05314620843343
#   p(2016:2024, sen, 2026)  # 25.556666666667297 -64.322835004232175 115.43616833756677
#   exp(predict(lm(log(sen) ~ t), data.frame(t = 2026), interval = "prediction"))
#     with t <- 2016:2024    # 34.299156765297042 3.9702045823281762 296.31524784562811
#   # KS2_SEN_Writing_Progress, Sefton: 2020 and 2021 not published ("-"), a gap:
#   p(c(2017, 2018, 2019, 2022, 2023), c(-6.1, -6.7, -4.67, -4.38, -4.53), 2024)
#                            # -3.9056716417910593 -7.0543981019080988 -0.75694518167401981
#   # The tidy series below: 2018 absent from the time axis.
#   p(c(2016, 2017, 2019, 2020), c(20, 24, 31, 33), 2022)
#                            # 40.199999999999818 34.813085655606173 45.586914344393463
#   p(c(2016, 2017, 2019), c(20, 24, 31), 2020)   # with --period 2019
#                            # 34.714285714287143 28.974207516708262 40.454363911866025
# Cross-check in Python (numpy 1.24 / statsmodels 0.13, years from 2000):
#   sm.OLS(y, sm.add_constant(t - 2000)).fit().get_prediction(...).summary_frame()
# agrees on the fits to 1e-15 and np.polyfit(t, y, 1) on the central values; its
# limits differ from R by ~4e-10 relative because scipy 1.10's t.ppf(0.975, 7)
# is off in the tenth digit (2.3646242510 vs R's qt 2.3646242516), so R is the
# reference. The library uses GSL's t quantile and matches R to ~1e-14.
# Judgement: the target (here "75 or national higher" = max(75, England 46.4)
# = 75; "national" = England 2023 -4.41) against the whole interval: all on
# the right side -> on track, none -> not on track, else uncertain.
. "$(dirname "$0")/lib.sh"
# col FILE NAME INDICATOR: column NAME of the first row of INDICATOR.
col() { csv_cell "$1" "$2" "${3-}" 1; }
REL=1e-9

# ---------------------------------------------------- shipped demo data
SEN=SEN_EHC_Excpt_20wks
KS2=KS2_SEN_Writing_Progress
# --dp 15: the projection in full, to check it against R (compare writes it
# at the indicator's decimal places by default).
"$FP" compare --all-columns --dp 15 --area 343 --indicator $SEN,$KS2,LAC --target "$SEN=75 or national higher" \
    --target "$KS2=national" > "$T/demo.csv" 2> "$T/err"
check "demo: exit 0" $?
O="$T/demo.csv"
if [ "$(col "$O" period $SEN)" = 2024 ]; then
    # The new columns come after note: the existing columns keep their places.
    head -1 "$O" | grep -q ',target_rule,target,target_status,note,target_period,projected_value,projected_lower95,projected_upper95,target_outlook,ci_source,trend,trend_method,trend_window,trend_disagree,la_number,funnel,funnel_phi,funnel_tau2,funnel_limits,sii,sii_lower95,sii_upper95,rii,rii_lower95,rii_upper95,sii_breakdown,sii_note,quantile,quantile_of,quantile_within,goal,vs_goal,goal_rag,vs_percentiles,percentiles_category,methods_version,'
    check "demo: new columns at the end, before the metadata" $?
    [ "$(col "$O" target_status $SEN)" = "on track" ]; check "demo: target_status unchanged (latest change, 40.4 -> 53.1)" $?
    num_close "$(col "$O" target $SEN)" 75 1e-15; check "demo: target max(75, 46.4) = 75" $?
    [ "$(col "$O" target_period $SEN)" = 2025 ]; check "demo: default target period is the next one" $?
    # A percentage on the logit scale (logit_projection.R): inside 0-100.
    num_close "$(col "$O" projected_value $SEN)" 26.965170042075666 $REL; check "demo: projected 2025 (R, logit scale)" $?
    num_close "$(col "$O" projected_lower95 $SEN)" 0.76913961642043938 $REL; check "demo: lower 95% prediction limit (R), above 0" $?
    num_close "$(col "$O" projected_upper95 $SEN)" 94.619849837069012 $REL; check "demo: upper 95% prediction limit (R), below 100" $?
    [ "$(col "$O" target_outlook $SEN)" = "uncertain whether the target will be met" ]; check "demo: 75 inside the interval: uncertain" $?
    # A gap: 2020 and 2021 were not published; the fit uses the 5 real years.
    [ "$(col "$O" period $KS2)" = 2023 ]; check "gap: row period 2023" $?
    num_close "$(col "$O" target $KS2)" -4.41 1e-12; check "gap: national target = England -4.41" $?
    # The shipped series_breaks.csv declares a break at 2022 (no KS2 in 2020
    # and 2021): the projection uses 2022-2023 only, too few points.
    [ "$(col "$O" target_outlook $KS2)" = "cannot be projected" ]; check "break: 2 points after the 2022 break" $?
    col "$O" note $KS2 | grep -q "methodology break (no KS2 assessments in 2020 and 2021"; check "break: the note names it" $?
    # Without the breaks file the gap is bridged: LAIT data alone.
    DS="$(dirname "$0")/../../datasets"
    "$FP" compare --all-columns --dp 15 --area 343 --indicator $KS2 --target "$KS2=national" "$DS/lait_scorecard.csv" \
        "$DS/data_dictionary.csv" "$DS/la_code_list.csv" > "$T/gap.csv" 2>/dev/null
    O2="$T/gap.csv"
    num_close "$(col "$O2" projected_value $KS2)" -3.9056716417910593 $REL; check "gap: projected 2024 (R, 2020-21 left out)" $?
    num_close "$(col "$O2" projected_lower95 $KS2)" -7.0543981019080988 $REL; check "gap: lower limit (R)" $?
    num_close "$(col "$O2" projected_upper95 $KS2)" -0.75694518167401981 $REL; check "gap: upper limit (R)" $?
    col "$O2" note $KS2 | grep -q "projected from 5 points (2 missing periods left out)"; check "gap: note says what was left out" $?
    # No target for LAC: the new columns stay empty.
    [ -z "$(col "$O" target_period LAC)$(col "$O" projected_value LAC)$(col "$O" target_outlook LAC)" ]
    check "no target: outlook columns empty" $?

    "$FP" compare --all-columns --area Sefton --indicator $SEN --target "$SEN=75 or national higher" \
        --target-by 2026 > "$T/d26.csv" 2>/dev/null
    [ "$(col "$T/d26.csv" target_period $SEN)" = 2026 ]; check "--target-by 2026" $?
    num_close "$(col "$T/d26.csv" projected_value $SEN)" 22.424025899640839 $REL; check "--target-by 2026: projected (R, logit)" $?
    num_close "$(col "$T/d26.csv" projected_lower95 $SEN)" 0.48211369437393631 $REL; check "--target-by 2026: lower (R, logit)" $?
    num_close "$(col "$T/d26.csv" projected_upper95 $SEN)" 94.519775995872081 $REL; check "--target-by 2026: upper (R, logit)" $?
    "$FP" compare --all-columns --area Sefton --indicator $SEN --target "$SEN=75 or national higher" \
        --target-by 2026 --projection loglinear > "$T/dlog.csv" 2>/dev/null
    num_close "$(col "$T/dlog.csv" projected_value $SEN)" 34.299156765297042 $REL; check "loglinear: projected (R exp(predict))" $?
    num_close "$(col "$T/dlog.csv" projected_lower95 $SEN)" 3.9702045823281762 $REL; check "loglinear: lower (R)" $?
    num_close "$(col "$T/dlog.csv" projected_upper95 $SEN)" 296.31524784562811 $REL; check "loglinear: upper (R)" $?
    # The same projection as `fingerpost trend --method project` (one code path).
    "$FP" trend -m project --project-to 2026 --target 75 -i $SEN -a 343 > "$T/trend.csv" 2>/dev/null
    [ "$(col "$T/trend.csv" project_fit $SEN)" = "$(col "$T/d26.csv" projected_value $SEN)" ]
    check "same projection as trend --method project" $?
    [ "$(col "$T/trend.csv" project_outlook $SEN)" = "$(col "$T/d26.csv" target_outlook $SEN)" ]
    check "same outlook as trend --method project" $?
else
    echo "skip: demo data has no $SEN 2024"
fi

# ------------------------------------------------------------ tidy data
# G: 2018 absent from the time axis (a break, not a missing value); F: two
# points only; N: no polarity.
cat > "$T/data.csv" <<'CSV'
indicator,indicator_name,area,area_code,area_type,region,period,value,unit,polarity
G,Gapped,England,E92000001,country,,2020,30,%,higher
G,Gapped,Sefton,E08000014,local authority,North West,2016,20,%,higher
G,Gapped,Sefton,E08000014,local authority,North West,2017,24,%,higher
G,Gapped,Sefton,E08000014,local authority,North West,2019,31,%,higher
G,Gapped,Sefton,E08000014,local authority,North West,2020,33,%,higher
F,Few,Sefton,E08000014,local authority,North West,2019,5,%,lower
F,Few,Sefton,E08000014,local authority,North West,2020,4,%,lower
N,No polarity,Sefton,E08000014,local authority,North West,2018,1,%,
N,No polarity,Sefton,E08000014,local authority,North West,2019,2,%,
N,No polarity,Sefton,E08000014,local authority,North West,2020,3,%,
CSV
"$FP" compare --all-columns --area Sefton --target G=30 --target F=3 --target N=5 --target-by 2022 "$T/data.csv" > "$T/t.csv" 2> "$T/err"
check "tidy: exit 0" $?
O="$T/t.csv"
num_close "$(col "$O" projected_value G)" 41.865236219073473 $REL; check "break in time: projected 2022 (R, logit)" $?
num_close "$(col "$O" projected_lower95 G)" 33.296726898726057 $REL; check "break in time: lower (R, logit)" $?
num_close "$(col "$O" projected_upper95 G)" 50.954355610921318 $REL; check "break in time: upper (R, logit)" $?
[ "$(col "$O" target_outlook G)" = "on track to meet the target" ]; check "interval above 30: on track" $?
col "$O" note G | grep -q "projected from 4 points (1 missing period left out)"; check "break counted in the note" $?
[ "$(col "$O" target_outlook F)" = "cannot be projected" ]; check "two points: cannot be projected" $?
[ -z "$(col "$O" projected_value F)" ]; check "two points: no projected value" $?
[ "$(col "$O" target_period F)" = 2022 ]; check "two points: target period still shown" $?
col "$O" note F | grep -q "cannot be projected to 2022: not enough data points"; check "two points: reason in note" $?
[ "$(col "$O" target_status F)" = "on track" ]; check "two points: target_status still from the latest change (5 -> 4, lower is better)" $?
num_close "$(col "$O" projected_value N)" 9.0368166659130473 $REL; check "no polarity: still projected (1, 2, 3% -> 9.04%, logit scale, R)" $?
[ -z "$(col "$O" target_outlook N)" ]; check "no polarity: no outlook" $?
col "$O" note N | grep -q "target not assessed: no polarity"; check "no polarity: note" $?

"$FP" compare --all-columns --area Sefton --target G=55 --target-by 2022 "$T/data.csv" > "$T/t50.csv" 2>/dev/null
[ "$(col "$T/t50.csv" target_outlook G)" = "not on track to meet the target" ]; check "interval below 55: not on track" $?
"$FP" compare --all-columns --area Sefton --indicator G --target G=30 "$T/data.csv" > "$T/tdef.csv" 2>/dev/null
[ "$(col "$T/tdef.csv" target_period G)" = 2021 ]; check "default: the period after 2020" $?
"$FP" compare --all-columns --area Sefton --indicator G --target G=30 --target-by 2020 "$T/data.csv" > "$T/tpast.csv" 2>/dev/null
[ "$(col "$T/tpast.csv" target_outlook G)" = "cannot be projected" ]; check "target period not after the row's: cannot be projected" $?
col "$T/tpast.csv" note G | grep -q "not after the period compared"; check "... and says why" $?
"$FP" compare --all-columns --area Sefton --indicator G --target G=30 --target-by 2021/22 "$T/data.csv" > "$T/tkind.csv" 2>/dev/null
col "$T/tkind.csv" note G | grep -q "not of the same kind as the series"; check "2021/22 for a calendar-year series: says why" $?
# --period: the series stops at the period compared.
"$FP" compare --all-columns --area Sefton --indicator G --target G=30 --period 2019 "$T/data.csv" > "$T/t19.csv" 2>/dev/null
[ "$(col "$T/t19.csv" target_period G)" = 2020 ]; check "--period 2019: default target 2020" $?
num_close "$(col "$T/t19.csv" projected_value G)" 35.451137366009853 $REL; check "--period 2019: 2020 left out of the fit (R, logit)" $?
num_close "$(col "$T/t19.csv" projected_upper95 G)" 51.473190801196111 $REL; check "--period 2019: upper (R, logit)" $?

# Usage errors.
"$FP" compare --all-columns --area Sefton --target-by soon "$T/data.csv" 2>/dev/null; [ $? = 2 ]; check "bad --target-by: usage" $?
"$FP" compare --all-columns --area Sefton --projection cubic "$T/data.csv" 2>/dev/null; [ $? = 2 ]; check "bad --projection: usage" $?
"$FP" compare --all-columns --help | grep -q -- "--target-by PERIOD"; check "--help documents --target-by" $?
exit $fail

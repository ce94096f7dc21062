#!/bin/bash
# test_plausibility.sh -- plausibility flags hold on real files (issues 18
# and 22). England's or a region's value is flagged only when the data
# present show it cannot be the average it claims to be: never because some
# councils are suppressed or rounded (DfE's absence_la.csv, where England's
# 0.8% was called "likely a count where a rate is expected" 70 times), never
# on a count's total or a total of scores; each flag names FILE:LINE and
# says why. Expected verdicts by hand from the constructed file below: the
# weighted average of the regions (or of every authority, none suppressed)
# lies within their range.
. "$(dirname "$0")/lib.sh"
D="$(dirname "$0")/../../datasets"

# An absence_la.csv-like EES file built from the shipped area identity: every
# current council of datasets/areas.csv, the first 15 suppressed ("c"), the
# rest published to one decimal between 0.9 and 3.0; England 0.8 (below every
# published council but within the regions, 0.6 to 1.2). A second indicator,
# a rate per 100,000, is complete (councils 61 to 60 + n, regions 100 to 180)
# and England's value is a count (1258): flagged, at its line.
command -v python3 >/dev/null || { echo "python3 not installed"; exit 77; }
python3 - "$D/areas.csv" "$T/absence_la.csv" <<'PY'
import csv, sys
regions = ["North East", "North West", "Yorkshire and The Humber", "East Midlands",
           "West Midlands", "East of England", "London", "South East", "South West"]
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as o:
    w = csv.writer(o, lineterminator="\n")
    w.writerow(["time_period", "time_identifier", "geographic_level", "country_code",
                "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
                "la_name", "pt_unauth_holiday", "entrants_rate_per_100000"])
    w.writerow(["202324", "Academic year", "National", "E92000001", "England", "", "", "",
                "", "", "0.8", "1258"])
    for i, r in enumerate(regions):
        w.writerow(["202324", "Academic year", "Regional", "E92000001", "England",
                    "E1200000%d" % (i + 1), r, "", "", "", "%.1f" % (0.6 + 0.075 * i),
                    "%d" % (100 + 10 * i)])
    n = 0
    for row in csv.DictReader(f):
        if row["valid_to"] or row["type"] in ("region", "country"):
            continue
        n += 1
        v = "c" if n <= 15 else "%.1f" % (0.9 + (n % 22) / 10)
        w.writerow(["202324", "Academic year", "Local authority", "E92000001", "England", "",
                    "", row["la_number"], row["ons_code"], row["name"], v, "%d" % (60 + n)])
PY
"$FP" validate "$T/absence_la.csv" >"$T/out" 2>"$T/err"
check "validate reads the absence-like file" $?
! grep -q 'implausible value: pt_unauth_holiday' "$T/err"
check "absence: suppressed and rounded councils raise no flag on England" $?
grep -q "absence_la.csv:2: warning: implausible value: entrants_rate_per_100000, England, 2023/24: 1258 lies outside the range of every local authority (61 to [0-9]*), which an average of them cannot: likely a count where a rate is expected" "$T/err"
check "a count in England's row of a complete rate is flagged at FILE:LINE with the reason" $?
[ "$(grep -c 'implausible value' "$T/err")" = 1 ]
check "absence: exactly one flag" $?

# The shipped datasets: no flag on England or a region except LAIT's
# first-time entrants (England 1258 and so on: a count in a rate's row,
# outside every region), each at its FILE:LINE.
"$FP" validate "$D"/*.csv >"$T/out" 2>"$T/err"
grep 'implausible value' "$T/err" >"$T/flags"
awk -F'implausible value: ' '{ split($2, f, ", "); if (f[2] == "England" || f[2] ~ /^(North|South|East|West|Yorkshire|London|Inner London|Outer London)/) print }' \
    "$T/flags" | grep -v '^.*FirstYJS, England' >"$T/agg"
[ ! -s "$T/agg" ]; check "shipped data: no England/region flag but FirstYJS" $?
[ "$(grep -c 'FirstYJS, England' "$T/flags")" = 9 ]; check "shipped data: FirstYJS England flagged in its 9 years" $?
! grep -v 'lait_scorecard.csv:[0-9][0-9]*: warning' "$T/flags" | grep -q .
check "shipped data: every flag names FILE:LINE" $?

# Every real download in $FP_SHARED/data/real: no plausibility flag on
# England or a region (their own published comparisons use them).
R=${FP_SHARED:-/nonexistent}/data/real
if [ -d "$R" ]; then
    for f in $(find "$R" -name '*.csv' | sort); do
        "$FP" validate "$f" >"$T/out" 2>"$T/err"
        ! grep -q 'implausible value' "$T/err"
        st=$?; check "real: no plausibility flag on $(basename "$f")" $st
    done
else
    echo "skip: $R not found (real-file part)"
fi
exit $fail

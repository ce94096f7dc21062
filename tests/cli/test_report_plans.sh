#!/bin/bash
# test_report_plans.sh -- a plan belongs to its area, and every area of
# `report --areas/--all-areas` gets its own folder (issues 18 and 22).
#
# - The shipped scorecard is Sefton's plan (plan_area): its targets,
#   milestones, published-figure checks and title apply to Sefton only.
#   Every other council gets the same indicators, titled "Indicators for
#   Knowsley (Sefton's scorecard set)", with no target; compare --scorecard
#   likewise judges the targets for Sefton only.
# - --all-areas leaves out councils that no longer exist (the identity's
#   valid_to: 835 Dorset (Pre LG), 836 Poole (Pre LG), ...) and lists them
#   as former in index.html; naming one with --areas still reports it.
# - Areas whose names clean to one folder name ("Aα" and "Aβ" both
#   "A_"; "." and "..") each get a folder, and index.html links each to its
#   own. ("A B", "A/B" and "A_B" are one area to the readers, whose name
#   keys read punctuation as a space, so they no longer test this: the rows
#   after the first are errors. The check's status was lost to a command
#   substitution in its message until issue 22's second round, so this went
#   unnoticed.)
# - Messages: --areas '' is a usage error (never Sefton's report); an area
#   named twice is reported once; a failed index.html is never announced as
#   written; "with charts" only when a chart was drawn.
. "$(dirname "$0")/lib.sh"
export FINGERPOST_NO_PROGRESS=1 SOURCE_DATE_EPOCH=1700000000

# ---------------------------------------------------------------- plans
"$FP" report --all-areas --no-charts --out "$T/all" 2> "$T/err"
check "--all-areas: exit 0" $?
python3 - "$T/all" > "$T/plans" <<'EOF'
import csv, glob, os, re, sys
bad = []
for d in sorted(glob.glob(os.path.join(sys.argv[1], "*", ""))):
    folder = os.path.basename(os.path.dirname(d))
    rows = list(csv.DictReader(open(os.path.join(d, "scorecard.csv"), encoding="utf-8")))
    area = folder.split("-", 1)[1]
    goals = [k for r in rows for k, v in r.items() if v and (
        k.startswith(("milestone_", "published_", "check_", "fingerpost_"))
        or k in ("target_rule", "target_value", "target_due", "target_rule_dated",
                 "target_goal", "target_judged_period", "target_judged_value",
                 "target_verdict"))]
    status = [r["target_status"] for r in rows if r["target_status"] not in ("", "no target")]
    h1 = re.search(r"<h1>([^<]*)</h1>", open(os.path.join(d, "scorecard.html"), encoding="utf-8").read()).group(1)
    if area == "Sefton":
        if not goals or not status or h1 != "Children&apos;s Strategy Score Card: Sefton":
            bad.append("Sefton lost its plan: %d goal cells, %d statuses, %r" % (len(goals), len(status), h1))
    else:
        if goals or status:
            bad.append("%s carries Sefton's plan: %s %s" % (folder, goals[:3], status[:3]))
        if not h1.startswith("Indicators for ") or not h1.endswith("(Sefton&apos;s scorecard set)"):
            bad.append("%s heading %r" % (folder, h1))
if bad: print("\n".join(bad))
EOF
[ ! -s "$T/plans" ]
st=$?; check "--all-areas: only Sefton carries a target, milestone or published check; others are 'Indicators for X (Sefton's scorecard set)' $(head -3 "$T/plans")" $st
grep -q "<h1>Indicators for Knowsley (Sefton&apos;s scorecard set)</h1>" "$T/all/340-Knowsley/scorecard.html"
check "Knowsley's page: 'Indicators for Knowsley (Sefton's scorecard set)'" $?
grep -q "^# Indicators for Knowsley (Sefton's scorecard set)" "$T/all/340-Knowsley/scorecard.md"
check "Knowsley's Markdown: the same heading" $?
[ "$(csv_cell "$T/all/340-Knowsley/scorecard.csv" value LAC 4)" != "" ]
check "Knowsley keeps the indicators (LAC has a value)" $?
[ "$(csv_cell "$T/all/343-Sefton/scorecard.csv" target_status "SEND 1/2a" 1)" != "no target" ]
check "Sefton keeps its targets (SEND 1/2a judged)" $?

# Former councils: no folder, listed in the index.
ls "$T/all" | grep -E '^(835|836|837|909|928)-' > "$T/formerdirs"
[ ! -s "$T/formerdirs" ]; st=$?; check "--all-areas: no folder for an abolished council $(cat "$T/formerdirs")" $st
for a in "Dorset (Pre LG)" "Poole (Pre LG)" "Bournemouth (Pre LG)" Northamptonshire Cumbria; do
    grep -A200 "Former councils</h2>" "$T/all/index.html" | grep -qF "<th scope=\"row\">$a</th>" \
        || echo "$a not listed as former"
done > "$T/formerlist"
[ ! -s "$T/formerlist" ]; st=$?; check "index.html lists the former councils $(cat "$T/formerlist")" $st
ls -d "$T/all/838-Dorset" "$T/all/839-Bournemouth_Christchurch_and_Poole" > /dev/null 2>&1
check "... while their successors are reported" $?
"$FP" report --areas "Poole (Pre LG)" --no-charts --out "$T/poole" 2> /dev/null \
    && [ -f "$T/poole/836-Poole_Pre_LG_/scorecard.csv" ]
check "a former council named with --areas is reported" $?

# compare --scorecard: the plan's targets for Sefton only.
SC="$(dirname "$0")/../../datasets/scorecard_sefton.csv"
"$FP" compare --area Knowsley --scorecard "$SC" --all-columns -o "$T/k.csv" 2> /dev/null
[ "$(csv_cell "$T/k.csv" target_rule EHC_20WK_NO_EXC 1)" = "" ] \
    && [ "$(csv_cell "$T/k.csv" target_status EHC_20WK_NO_EXC 1)" = "no target" ]
check "compare --area Knowsley --scorecard (Sefton's): no target" $?
"$FP" compare --area Knowsley --target "EHC_20WK_NO_EXC=75" --all-columns -o "$T/k2.csv" 2> /dev/null
[ "$(csv_cell "$T/k2.csv" target_rule EHC_20WK_NO_EXC 1)" = "75" ]
check "compare --target still applies to any area" $?

# A plan naming Knowsley is Knowsley's: its targets apply there.
python3 - "$SC" "$T/knowsley_plan.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
for r in rows:
    r["plan_area"] = "Knowsley"
w = csv.DictWriter(open(sys.argv[2], "w", encoding="utf-8", newline=""), fieldnames=list(rows[0]))
w.writeheader()
w.writerows(rows)
EOF
"$FP" report --area Knowsley --scorecard "$T/knowsley_plan.csv" --no-charts --out "$T/kp" 2> /dev/null
grep -q "<h1>Children&apos;s Strategy Score Card: Knowsley</h1>" "$T/kp/scorecard.html" \
    && [ "$(csv_cell "$T/kp/scorecard.csv" target_status "SEND 1/2a" 1)" != "no target" ]
check "a plan for Knowsley given: Knowsley's targets and title" $?

# Several plans: --all-areas-style runs with Sefton's and Knowsley's plans
# give each its own targets and title; a third council gets Sefton's set
# without targets. A second plan for an area already covered is not used.
"$FP" report --areas Sefton,Knowsley,Wirral --scorecard "$SC" --scorecard "$T/knowsley_plan.csv" \
    --no-charts --out "$T/mp" 2> "$T/err"
check "two plans: exit 0" $?
grep -q "<h1>Children&apos;s Strategy Score Card: Knowsley</h1>" "$T/mp/340-Knowsley/scorecard.html" \
    && [ "$(csv_cell "$T/mp/340-Knowsley/scorecard.csv" target_status "SEND 1/2a" 1)" != "no target" ] \
    && grep -q "<h1>Children&apos;s Strategy Score Card: Sefton</h1>" "$T/mp/343-Sefton/scorecard.html" \
    && [ "$(csv_cell "$T/mp/343-Sefton/scorecard.csv" target_status "SEND 1/2a" 1)" != "no target" ] \
    && grep -q "<h1>Indicators for Wirral (Sefton&apos;s scorecard set)</h1>" "$T/mp/344-Wirral/scorecard.html" \
    && [ "$(csv_cell "$T/mp/344-Wirral/scorecard.csv" target_status "SEND 1/2a" 1)" = "no target" ]
check "two plans: Sefton and Knowsley each judged on their own plan, Wirral on none" $?
cmp -s "$T/mp/340-Knowsley/scorecard.csv" "$T/kp/scorecard.csv"
check "... Knowsley's report = a run with its plan alone" $?
grep -q "Councils reported on their own plan: Knowsley" "$T/mp/index.html"
check "... index.html names the councils on their own plan" $?
"$FP" report --area Sefton --scorecard "$SC" --scorecard "$SC" --no-charts --out "$T/mp2" 2> "$T/err"
grep -q "not used: an earlier --scorecard is that area's plan" "$T/err"
check "a second plan for the same council: not used, with a warning" $?

# ------------------------------------------------------------- folders
cat > "$T/coll.csv" <<'EOF'
indicator,indicator_name,area,area_code,area_type,region,period,numerator,denominator,value,unit,polarity
I1,Test,A B,,la,,2020,5,50,10,%,higher
I1,Test,Aα,,la,,2020,6,50,12,%,higher
I1,Test,Aβ,,la,,2020,7,50,14,%,higher
I1,Test,.,,la,,2020,8,50,16,%,higher
I1,Test,..,,la,,2020,9,50,18,%,higher
I1,Test,index.html,,la,,2020,9,50,18,%,higher
I1,Test,England,,country,,2020,100,1000,10,%,higher
EOF
printf 'number,name,theme,lait_code\n1,Test,T,I1\n' > "$T/sc.csv"
"$FP" report --all-areas --no-charts --scorecard "$T/sc.csv" --data "$T/coll.csv" --out "$T/coll" 2> "$T/err"
check "colliding names: exit 0" $?
python3 - "$T/coll" > "$T/collbad" <<'EOF'
import os, re, sys
out = sys.argv[1]
idx = open(os.path.join(out, "index.html"), encoding="utf-8").read()
links = re.findall(r'<a href="([^"]*)/scorecard.html">([^<]*)</a>', idx)
names = [n for _, n in links]
want = ["A B", "A\u03b1", "A\u03b2", ".", "..", "index.html"]
if sorted(names) != sorted(want):
    print("index names", names)
folders = [f for f, _ in links]
if len(set(f.lower() for f in folders)) != len(folders):
    print("shared folders", folders)
for f, n in links:
    p = os.path.join(out, f, "scorecard.html")
    h1 = re.search(r"<h1>([^<]*)</h1>", open(p, encoding="utf-8").read()).group(1)
    esc = n.replace("&", "&amp;").replace(".", ".")
    if not h1.endswith(": " + esc):
        print("folder %s holds %r, not %r" % (f, h1, n))
    if f in (".", "..") or "/" in f:
        print("unsafe folder", f)
EOF
[ ! -s "$T/collbad" ]; st=$?; check "A B, Aα, Aβ, ., .. and index.html: a folder each, linked to its own page $(head -3 "$T/collbad")" $st
[ -f "$T/coll/index.html" ] && [ ! -e "$T/scorecard.html" ]
check "... index.html intact, nothing written above --out" $?

# ------------------------------------------------------------ messages
"$FP" report --areas '' --no-charts --out "$T/empty" 2> "$T/err"; [ $? = 2 ] && [ ! -e "$T/empty" ]
check "--areas '': usage error, nothing written (was Sefton's report)" $?
grep -q "names no area" "$T/err"; check "... saying --areas names no area" $?
"$FP" report --areas Sefton,343 --areas Sefton --no-charts --out "$T/rep" 2> "$T/err"
check "repeated areas: exit 0" $?
[ "$(grep -c 'scorecard.html">' "$T/rep/index.html")" = 1 ] && grep -q "named more than once" "$T/err"
check "an area named three times is listed once, with a warning" $?
grep -q "wrote $T/rep/index.html and 1 scorecard folders (" "$T/err"
check "... and the closing line counts it once, without 'with charts' under --no-charts" $?

mkdir -p "$T/full/index.html/x"    # index.html cannot be written there
"$FP" report --areas Sefton,Knowsley --no-charts --out "$T/full" 2> "$T/err"; rc=$?
[ $rc = 1 ] && ! grep -q "wrote.*index.html" "$T/err" && grep -q "index.html NOT written" "$T/err"
check "index.html not written: exit 1, and never 'wrote index.html'" $?

FINGERPOST_GNUPLOT=/bin/false "$FP" report --areas Sefton --out "$T/nochart" 2> "$T/err"
! grep -q "with charts" "$T/err" && grep -q "without charts (none could be drawn)" "$T/err"
check "every chart failed: the closing line does not say 'with charts'" $?
FINGERPOST_GNUPLOT=/bin/false "$FP" report --area Sefton --out "$T/nochart1" 2> "$T/err"
! grep -q "and charts/" "$T/err" && grep -q "no chart could be drawn" "$T/err"
check "one area, every chart failed: no 'and charts/'" $?
exit $fail

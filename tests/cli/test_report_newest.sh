#!/bin/bash
# test_report_newest.sh -- a scorecard line shows the newest value any
# loaded source of its measure holds (issue 18.1).
#
# A line is one measure that may come from several sources: its lait_code
# and its other_codes (the shipped scorecard maps 1.1 EYFS to EES EYFS_GLD,
# with counts to 2021/22, and to LAIT FSP_NEW_GOODDEV, values only to
# 2025). The line shows the newest; where that one cannot be tested (no
# counts or interval) and an older source can, both are shown: the newest
# value with "not tested: no counts or interval for 2025", and the tested
# one with its period. Every table shows the period, the overview grid
# included.
#
# Expected values, independently of fingerpost's choice:
#  - 1.1: LAIT FSP_NEW_GOODDEV, Sefton 2025 = 65.2, read from
#    datasets/lait_scorecard.csv here; the tested value is EES EYFSP 2021/22
#    gld_number / children_number = 1771 / 2913 (datasets/ees_eyfsp_2022.csv)
#    with its Wilson 95% interval computed here (Wilson 1927; the formula of
#    R's PHEindicatormethods::phe_proportion), relative tolerance 1e-9.
#  - SEND 1/2a: LAIT SEN_EHC_Excpt_20wks, Sefton 2024 = 53.1; tested EES
#    SEN2 EHC_20WK_NO_EXC 2022.
#  - Every line: each source's own latest period from `fingerpost compare`
#    per code; the newest is the one whose period ends latest (a split year
#    2024/25 ends in 2025), a tie going to the source with an interval.
. "$(dirname "$0")/lib.sh"
export FINGERPOST_NO_PROGRESS=1 SOURCE_DATE_EPOCH=1700000000
SRC=$(cd "$(dirname "$0")/../.." && pwd)
SC="$SRC/datasets/scorecard_sefton.csv"

"$FP" report --area Sefton --no-charts --out "$T/r" 2> /dev/null
check "report: exit 0" $?
CSV="$T/r/scorecard.csv"

python3 - "$CSV" "$SRC/datasets" <<'EOF'
import csv, math, re, sys
rows = {r["number"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
d = sys.argv[2]
lait = [r for r in csv.DictReader(open(d + "/lait_scorecard.csv", encoding="utf-8"))
        if r["LA and Regions"] == "Sefton"]
def lait_latest(code):
    v = [(int(r["Years"]), float(r["Values"])) for r in lait
         if r["Short Desc"] == code and re.match(r"^-?[0-9.]+$", r["Values"])]
    return max(v)
ees = [r for r in csv.DictReader(open(d + "/ees_eyfsp_2022.csv", encoding="utf-8"))
       if r["la_name"] == "Sefton" and r["characteristic"] == "Total"]
x, n = float(ees[0]["gld_number"]), float(ees[0]["children_number"])
z = 1.959963984540054
p = x / n
c = (2 * x + z * z) / (2 * (n + z * z))
h = z * math.sqrt(z * z + 4 * x * (1 - p)) / (2 * (n + z * z))
bad = []
def rel(a, b, tol=1e-9):
    return a != "" and abs(float(a) - b) <= tol * abs(b)
r = rows["1.1"]
y, v = lait_latest("FSP_NEW_GOODDEV")
if (r["indicator"], r["period"]) != ("FSP_NEW_GOODDEV", str(y)) or not rel(r["value"], v):
    bad.append("1.1 shows %s %s %s, want FSP_NEW_GOODDEV %d %g" % (r["indicator"], r["period"], r["value"], y, v))
if r["not_tested_note"] != "not tested: no counts or interval for %d" % y:
    bad.append("1.1 note %r" % r["not_tested_note"])
if (r["tested_indicator"], r["tested_period"]) != ("EYFS_GLD", "2021/22"):
    bad.append("1.1 tested %s %s" % (r["tested_indicator"], r["tested_period"]))
if not (rel(r["tested_value"], 100 * p) and rel(r["tested_lower95"], 100 * (c - h))
        and rel(r["tested_upper95"], 100 * (c + h))):
    bad.append("1.1 tested %s (%s, %s), want %.6f (%.6f, %.6f)" % (
        r["tested_value"], r["tested_lower95"], r["tested_upper95"], 100 * p, 100 * (c - h), 100 * (c + h)))
if r["tested_compared_england"] != "worse (99.8%)":
    bad.append("1.1 tested verdict %r" % r["tested_compared_england"])
r = rows["SEND 1/2a"]
y, v = lait_latest("SEN_EHC_Excpt_20wks")
if (r["indicator"], r["period"]) != ("SEN_EHC_Excpt_20wks", str(y)) or not rel(r["value"], v) or y != 2024:
    bad.append("SEND 1/2a shows %s %s %s, want 2024 53.1" % (r["indicator"], r["period"], r["value"]))
if (r["tested_indicator"], r["tested_period"], r["tested_compared_england"]) != ("EHC_20WK_NO_EXC", "2022", "worse (99.8%)"):
    bad.append("SEND 1/2a tested %s %s %s" % (r["tested_indicator"], r["tested_period"], r["tested_compared_england"]))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
check "1.1 shows LAIT 2025 = 65.2 beside EES 2021/22 tested (Wilson limits), SEND 1/2a LAIT 2024 = 53.1 beside EES 2022" $?

# Every line: the newest period any of its sources holds for Sefton.
python3 - "$SC" > "$T/codes" <<'EOF'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["lait_code"] and r["lait_code"] != "no public data":
        codes = [r["lait_code"]] + [c.strip() for c in r.get("other_codes", "").split(";") if c.strip()]
        print(r["number"] + "\t" + "\t".join(codes))
EOF
cut -f2- "$T/codes" | tr '\t' '\n' | sort -u | paste -sd, > "$T/all_codes"
"$FP" compare --area Sefton -i "$(cat "$T/all_codes")" --all-columns -o "$T/c.csv" 2> /dev/null
python3 - "$CSV" "$T/c.csv" "$T/codes" <<'EOF'
import csv, re, sys
rep = {r["number"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
cmp = {r["indicator"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
def end_year(p):
    m = re.match(r"^(\d{4})(?:/(\d{2}))?(?:-(\d{2,4}))?", p)
    y = int(m.group(1))
    if m.group(2): y += 1
    return y
bad = 0
lines = 0
for line in open(sys.argv[3], encoding="utf-8"):
    num, *codes = line.rstrip("\n").split("\t")
    have = [(c, cmp[c]) for c in codes if c in cmp and cmp[c]["value"] != ""]
    if not have:
        continue
    lines += 1
    newest = max(end_year(r["period"]) for c, r in have)
    r = rep[num]
    if end_year(r["period"]) != newest:
        print("%s shows %s %s; a source has %d" % (num, r["indicator"], r["period"], newest))
        bad += 1
    tested = [(c, x) for c, x in have if x["ci_source"]]
    if r["ci_method"] == "" and tested and r["ci_note"] != "" :
        best = max(end_year(x["period"]) for c, x in tested)
        if end_year(r["tested_period"] or "0") != best:
            print("%s: tested %r, want a period ending %d" % (num, r["tested_period"], best))
            bad += 1
print("%d lines checked, %d wrong" % (lines, bad))
sys.exit(1 if bad or lines < 20 else 0)
EOF
check "every scorecard line shows the newest period any loaded source holds, the tested one beside it" $?

# Every table shows the period: the overview grid (tartan rug) has a
# Period column, each row the period of its line.
python3 - "$T/r/scorecard.html" <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
rug = re.search(r'<table class="rug">.*?</table>', html, re.S).group(0)
assert ">Period</th>" in rug, "no Period header in the overview grid"
row = re.search(r'<a href="#ind-1\.1">1\.1</a>.*?</tr>', rug, re.S).group(0)
assert '<td class="per">2025</td>' in row, row[:300]
row = re.search(r'<a href="#ind-SEND 1/2a">.*?</tr>', rug, re.S).group(0)
assert '<td class="per">2024</td>' in row, row[:300]
line = re.search(r'<tr id="ind-1\.1".*?</tr>', html, re.S).group(0)
assert "not tested: no counts or interval for 2025" in line, "no untested note"
assert "tested for <b>2021/22</b> (EYFS_GLD)" in line, "no tested value"
EOF
check "HTML: the overview grid shows each line's period; line 1.1 shows both values" $?
grep -F "| 1.1 |" "$T/r/scorecard.md" | grep -qF "| 2025 | 65.2 (no interval) |" \
    && grep -F "| 1.1 |" "$T/r/scorecard.md" | grep -qF "not tested: no counts or interval for 2025; tested for 2021/22, EYFS_GLD: 60.8 (59.0–62.6) worse (99.8%)"
check "Markdown: 1.1 at 2025 with the 2021/22 test beside it" $?

# The report and compare agree on the chosen source (as test_consistency).
[ "$(csv_cell "$T/c.csv" period FSP_NEW_GOODDEV 1)" = 2025 ] \
    && [ "$(csv_cell "$T/c.csv" vs_england FSP_NEW_GOODDEV 1)" = "$(csv_cell "$CSV" compared_england 1.1 1)" ]
check "compare on the chosen source gives the report's period and verdict" $?

# A tie goes to the source that can be tested: 3.5 dental checks are 2025
# in both EES (counts) and LAIT (values only).
[ "$(csv_cell "$CSV" indicator 3.5 1)" = CLA_DENTAL ] && [ "$(csv_cell "$CSV" period 3.5 1)" = 2025 ] \
    && [ "$(csv_cell "$CSV" tested_indicator 3.5 1)" = "" ]
check "same period in two sources: the tested one (3.5 CLA_DENTAL)" $?

# Other areas too (the rule is the area's own data): Knowsley's 1.1.
"$FP" report --area Knowsley --no-charts --out "$T/k" 2> /dev/null
[ "$(csv_cell "$T/k/scorecard.csv" period 1.1 1)" = 2025 ] \
    && [ "$(csv_cell "$T/k/scorecard.csv" tested_period 1.1 1)" = 2021/22 ]
check "Knowsley: 1.1 at 2025 with 2021/22 tested" $?
exit $fail

#!/bin/bash
# test_area_geography.sh -- the region, code, kind and notes a Fingertips
# export gives are what compare reports (issue 18, items 3, 4, 8 and 9).
#
# The fixtures are built by Python from the real export shipped as
# datasets/fingertips_injuries_0to14_90284.csv (indicator 90284, 2023/24,
# persons): its 33 London boroughs' rows with Fingertips' own parent for a
# "Counties & UAs" export by region (Parent Code E12000007, "London
# region"), plus a London region row whose value is the boroughs' pooled
# rate (sum of counts / sum of denominators x 10,000, computed here). The
# expected region verdict of each borough is OHID's rule, computed here
# independently: the region's value below the borough's published 95% lower
# limit means the borough is significantly higher, hence "worse" (90284:
# lower is better, as the export's own Better/Worse labels say); above the
# upper limit "better"; else "similar". The fixture carries it as OHID's
# "Compared to Region value or percentiles" column.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "skip: python3 not found"; exit 77; }
X=$FP_SRC/datasets/fingertips_injuries_0to14_90284.csv
python3 - "$X" "$T" <<'PY' || exit 1
import csv, sys
src, tmp = sys.argv[1:3]
rows = [r for r in csv.DictReader(open(src, encoding="utf-8-sig"))
        if not r["Category Type"] and r["Sex"] == "Persons" and r["Time period"] == "2023/24"]
hdr = list(csv.DictReader(open(src, encoding="utf-8-sig")).fieldnames)
col = "Compared to Region value or percentiles"
hdr.insert(hdr.index("Compared to England value or percentiles") + 1, col)
eng = [r for r in rows if r["Area Code"] == "E92000001"][0]
lon = [r for r in rows if r["Area Code"].startswith("E09")]
assert len(lon) == 33, len(lon)
num = sum(float(r["Count"]) for r in lon if r["Count"])
den = sum(float(r["Denominator"]) for r in lon if r["Count"])
region = 10000 * num / den
def verdict(r):
    if not r["Lower CI 95.0 limit"]:
        return "Not compared"
    lo, up = float(r["Lower CI 95.0 limit"]), float(r["Upper CI 95.0 limit"])
    return "Worse" if region < lo else "Better" if region > up else "Similar"
def write(path, parent, extra=()):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, hdr)
        w.writeheader()
        e = dict(eng); e[col] = "Not compared"; w.writerow(e)
        reg = dict(eng)
        reg.update({"Area Code": "E12000007", "Area Name": "London region", "Area Type": "Regions",
                    "Parent Code": "E92000001", "Parent Name": "England", "Value": repr(region),
                    "Lower CI 95.0 limit": "", "Upper CI 95.0 limit": "", "Lower CI 99.8 limit": "",
                    "Upper CI 99.8 limit": "", "Count": repr(num), "Denominator": repr(den), col: ""})
        w.writerow(reg)
        for r in lon:
            r = dict(r)
            r[col] = verdict(r)
            if parent:
                r["Parent Code"], r["Parent Name"] = "E12000007", "London region"
            w.writerow(r)
        for r in extra:
            w.writerow(r)
write(tmp + "/parent.csv", True)
write(tmp + "/noparent.csv", False)
# Values that are not the area's own, counts without a denominator, and a
# combined authority among councils (indicator 99001, made up): Barnet's
# value is allocated from its police force area; Sefton-like small count 3.
extra = []
base = dict(lon[0]); base.update({"Indicator ID": "99001", "Indicator Name": "Test DSR",
                                  "Denominator": "", "Value note": "", col: ""})
def add(code, name, atype, value, count, note=""):
    r = dict(base)
    r.update({"Area Code": code, "Area Name": name, "Area Type": atype, "Value": value,
              "Lower CI 95.0 limit": str(float(value) - 5), "Upper CI 95.0 limit": str(float(value) + 5),
              "Count": count, "Value note": note,
              "Compared to England value or percentiles": "Not compared" if note else "Similar"})
    extra.append(r)
add("E92000001", "England", "England", "50", "100000")
add("E09000003", "Barnet", "Counties & UAs", "40", "200",
    "LAs are allocated the rate of the police force area within which they sit")
add("E09000004", "Bexley", "Counties & UAs", "45", "3")
for i, (code, name) in enumerate([("E09000005", "Brent"), ("E09000006", "Bromley"),
                                  ("E09000008", "Croydon"), ("E09000009", "Ealing")]):
    add(code, name, "Counties & UAs", str(30 + 10 * i), "500")
add("E47000001", "Greater Manchester Combined Authority", "Combined authorities", "10", "900")
write(tmp + "/notes.csv", True, extra)
PY

# 18.3: the file's parent (London region) is the region for every borough,
# although the identity puts them in Inner or Outer London; with no parent
# in the file, the data's region rows decide (London, the region above
# Inner/Outer London). Both agree with OHID's rule on all 32 boroughs.
for f in parent noparent; do
    "$FP" compare --all-columns --all-areas -i 90284 "$T/$f.csv" -o "$T/c_$f.csv" 2>"$T/err"
    check "compare on $f.csv" $?
    python3 - "$T/$f.csv" "$T/c_$f.csv" "$f" <<'PY'; check "$f: region verdicts are OHID's" $?
import csv, sys
fix, out, what = sys.argv[1:4]
want = {r["Area Code"]: r["Compared to Region value or percentiles"].lower()
        for r in csv.DictReader(open(fix, encoding="utf-8"))
        if r["Area Code"].startswith("E09") and r["Compared to Region value or percentiles"] != "Not compared"}
got = {r["area_code"]: r for r in csv.DictReader(open(out, encoding="utf-8"))}
bad = [(c, w, got.get(c, {}).get("vs_region_95")) for c, w in want.items()
       if got.get(c, {}).get("vs_region_95") != w or got[c]["region_name"] != "London"]
print("%s: %d of %d region verdicts agree (%s)" % (what, len(want) - len(bad), len(want),
      ", ".join(sorted({v for v in want.values()}))))
for b in bad[:5]:
    print("  ", b)
sys.exit(1 if bad or len(want) != 32 else 0)   # City of London: no value
PY
done

# Inner/Outer London only where the data's region rows are those: a tidy
# file with an Inner London row compares Camden with Inner London.
cat > "$T/inner.csv" <<'CSV'
indicator,area,area_code,period,value,lower95_0cl,upper95_0cl,polarity,unit
I,England,E92000001,2023,50,,,lower,per 10000
I,Inner London,E13000001,2023,60,,,lower,per 10000
I,London,E12000007,2023,40,,,lower,per 10000
I,Camden,E09000007,2023,55,52,58,lower,per 10000
I,Barnet,E09000003,2023,55,52,58,lower,per 10000
CSV
"$FP" compare --all-columns --all-areas "$T/inner.csv" -o "$T/c_inner.csv" 2>"$T/err"
check "compare on inner.csv" $?
[ "$(csv_cell "$T/c_inner.csv" region_name Camden 4)" = "London (Inner)" ]; check "Camden: Inner London, whose row the data have" $?
[ "$(csv_cell "$T/c_inner.csv" vs_region_95 Camden 4)" = better ]; check "Camden better than Inner London's 60" $?
# Barnet (Outer London, which the data lack): London's 40 -> worse.
[ "$(csv_cell "$T/c_inner.csv" region_name Barnet 4)" = London ]; check "Barnet: London (no Outer London row)" $?
[ "$(csv_cell "$T/c_inner.csv" vs_region_95 Barnet 4)" = worse ]; check "Barnet worse than London's 40" $?

# A parent the data have no row for: not compared, with the reason.
sed 's/E12000007,London region,E92000001/E12000099,Nowhere region,E92000001/' "$T/parent.csv" |
    grep -v '^[^,]*,[^,]*,E92000001,England,E12000099' > "$T/noregion.csv"
python3 - "$T/parent.csv" "$T/noregion.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
w = csv.DictWriter(open(sys.argv[2], "w", newline="", encoding="utf-8"), rows[0].keys())
w.writeheader()
for r in rows:
    if r["Area Code"] == "E12000007":
        continue
    w.writerow(r)
PY
"$FP" compare --all-columns --area Camden -i 90284 "$T/noregion.csv" -o "$T/c_nr.csv" 2>"$T/err"
check "compare without the parent's row" $?
[ "$(csv_cell "$T/c_nr.csv" vs_region_95 90284 1)" = "not compared" ]; check "no London row: not compared" $?
csv_cell "$T/c_nr.csv" note 90284 1 | grep -q "region not compared: the data have no row for London region (the source's parent area)"
check "... with the reason" $?

# 18.4: the code the file gave, and the LA number beside it.
[ "$(csv_cell "$T/c_parent.csv" la_number E09000007 3)" = 202 ]; check "Camden: la_number 202" $?
"$FP" trend --all-columns --area Camden -i 90284 "$T/parent.csv" -o "$T/t.csv" 2>/dev/null
check "trend" $?
[ "$(csv_cell "$T/t.csv" area_code 90284 1)" = E09000007 ]; check "trend: area_code E09000007" $?
[ "$(csv_cell "$T/t.csv" la_number 90284 1)" = 202 ]; check "trend: la_number 202" $?

# 18.9: the value note is shown; an allocated value is not compared (OHID:
# "Not compared") with the reason; a count without a denominator is kept
# and the small-number rule uses it (Bexley: 3 events, fewer than 10).
"$FP" compare --all-columns --all-areas -i 99001 --polarity 99001=low "$T/notes.csv" -o "$T/c_notes.csv" 2>"$T/err"
check "compare on notes.csv" $?
csv_cell "$T/c_parent.csv" note E09000012 3 | grep -q "publisher's note: Value for Hackney and City of London combined"
check "Hackney: the Value note is shown" $?
# City of London's value is blank, its note the reason: "–" with the note,
# not "x (not available)".
csv_cell "$T/c_parent.csv" note E09000001 3 | grep -q "^value – (Value for Hackney and City of London combined)"
check "City of London: a blank value is '–' with the publisher's reason" $?
! csv_cell "$T/c_parent.csv" note E09000001 3 | grep -q "value x"; check "... not 'x'" $?
[ "$(csv_cell "$T/c_notes.csv" vs_england_95 Barnet 4)" = "not compared" ]; check "Barnet (allocated): not compared" $?
csv_cell "$T/c_notes.csv" note Barnet 4 | grep -q "not compared: the value is not the area's own"
check "... with the reason" $?
csv_cell "$T/c_notes.csv" note Barnet 4 | grep -q "publisher's note: LAs are allocated the rate of the police force area"
check "... and the note" $?
[ "$(csv_cell "$T/c_notes.csv" numerator Bexley 4)" = 3 ]; check "Bexley: count 3 kept without a denominator" $?
csv_cell "$T/c_notes.csv" note Bexley 4 | grep -q "small numbers: rank and quartile withheld (3 events"
check "Bexley: small-number rule on the count" $?

# 18.8: Greater Manchester Combined Authority (E47000001, "Combined
# authorities") is not a council: it is not among --all-areas' councils,
# and the councils are ranked among themselves (6 with a value; 7 if the
# combined authority were counted, as it was before).
! grep -q "Greater Manchester" "$T/c_notes.csv"; check "the combined authority is not a council" $?
[ "$(csv_cell "$T/c_notes.csv" ranked_of Brent 4)" = 6 ]; check "Brent ranked of the 6 councils" $?
"$FP" compare --all-columns --area E47000001 -i 99001 --polarity 99001=low "$T/notes.csv" -o "$T/c_ca.csv" 2>"$T/err"
check "compare the combined authority" $?
[ "$(csv_cell "$T/c_ca.csv" rank 99001 1)" = "" ]; check "the combined authority is not ranked among councils" $?
"$FP" areas "$T/notes.csv" 2>/dev/null | grep -q '^E47000001,.*,combined authority,'
check "areas: kind 'combined authority'" $?
exit $fail

#!/usr/bin/env python3
"""make_datasets.py -- build fingerpost's shipped demo data in datasets/.

Run from anywhere when the shared data folder exists (default ../shared beside
the source tree, or give its path as the first argument):

    python3 scripts/make_datasets.py [SHARED_DIR [OWNER/REPO=GIT_DIR]...]

Files that are not in SHARED_DIR are read from clones of their public
repositories (dfe-analytical-services/CSC_outcomes_and_enablers,
.../SEND-AP-Inclusion-Dashboard, .../nccis_localauthority_dashboard,
.../attendance-data-dashboard), given
as OWNER/REPO=GIT_DIR, at the commits named in WITH_COUNTS.

It writes, from SHARED_DIR/data/lait/ (DfE LAIT snapshot, April 2026):
  datasets/lait_scorecard.csv  rows of bds_long.csv whose `Short Desc` is one of
                               the CODES below, byte-for-byte unchanged, same
                               header, original row order
  datasets/data_dictionary.csv the dictionary rows for those codes, unchanged
                               (same header, same quoting, multi-line fields)
  datasets/sn_april_2021.csv, datasets/sn_may_2025.csv, datasets/la_code_list.csv
                               copied unchanged

CODES is the union of the LAIT indicators that the Sefton scorecard definition
(datasets/scorecard_sefton.csv, written by hand) maps to, and the count
indicators from which denominators can be derived. The script checks that
every code used by the scorecard is present in the output.
"""
import csv
import io
import os
import shutil
import subprocess
import sys

# Indicators the Sefton "Children's Strategy Score Card" and SEND KPIs map to.
SCORECARD_CODES = [
    "FSP_NEW_GOODDEV", "FSP_Gooddev_With_SENSTATE", "KS2RWM_Expected_STD",
    "NEW_KS2_RWM_Sen_Withsta", "AVG_Prog8_Score", "SEN_Stat_AVG_Prog8_Score",
    "SFPriPerAbNew", "SFSecPerAbNew", "SpecPerAbNew", "16-17 NEET",
    "6wksBreast", "ExcessRec", "ExcessYr6", "HospAd0-14", "Hosp_Adm_Alc_<18yrs",
    "Under18concep", "LAC", "CPP_rate", "LAC_Fixed_ Ex", "LACDental%",
    "LAC_KS2_ExpStd_RWM", "LAC_EngMaths9-4", "CareLeaversNEET", "ChildPov",
    "%_2yr_olds", "FirstYJS", "KS2_SEN_Writing_Progress",
    "KS2_SEN_Maths_Progress", "SEN_EHC_Excpt_20wks",
]
# Count indicators published beside some of those values: numerators
# (LACnum beside LAC, CPP_Num beside CPP_rate, No_2yr_olds beside %_2yr_olds)
# and denominators (NoCareLeavers beside CareLeaversNEET).
COUNT_CODES = ["LACnum", "CPP_Num", "No_2yr_olds", "NoCareLeavers"]
CODES = SCORECARD_CODES + COUNT_CODES

# Indicator codes of the files with counts (Fingertips IDs, the codes that
# datasets/ees_indicators.csv defines).
OTHER_CODES = {"90284", "CLA_KS2_RWM", "CLA_KS4_EM94", "CLA_DENTAL", "EYFS_GLD", "EYFS_GLD_EHC",
               "EHC_20WK_NO_EXC", "NEET_16_17", "PA_PRIMARY", "PA_SECONDARY", "PA_SPECIAL"}

COPIED = ["sn_april_2021.csv", "sn_may_2025.csv", "la_code_list.csv"]


# Boundary changes of English upper-tier authorities since 2019 (MHCLG
# structural change orders; ONS Code History Database). Each entry:
# DfE LA number -> (valid_from, valid_to, predecessors, successors, note).
CHANGES = {
    "835": ("", "2019-03-31", "", "838;839",
            "2019-04-01: Dorset County Council abolished; Christchurch went to "
            "Bournemouth, Christchurch and Poole (839), the rest to the Dorset unitary (838)"),
    "836": ("", "2019-03-31", "", "839", "2019-04-01: merged into Bournemouth, Christchurch and Poole (839)"),
    "837": ("", "2019-03-31", "", "839", "2019-04-01: merged into Bournemouth, Christchurch and Poole (839)"),
    "838": ("2019-04-01", "", "835", "", "2019-04-01: Dorset unitary, from Dorset County (835) without Christchurch"),
    "839": ("2019-04-01", "", "835;836;837", "",
            "2019-04-01: from Bournemouth (837), Poole (836) and Christchurch (part of Dorset County, 835)"),
    "825": ("", "", "", "", "2020-04-01: Buckinghamshire County Council became a unitary authority "
            "(E10000002 -> E06000060), same LA number"),
    "928": ("", "2021-03-31", "", "940;941",
            "2021-04-01: Northamptonshire split into North (940) and West (941) Northamptonshire"),
    "940": ("2021-04-01", "", "928", "", "2021-04-01: from Northamptonshire (928)"),
    "941": ("2021-04-01", "", "928", "", "2021-04-01: from Northamptonshire (928)"),
    "909": ("", "2023-03-31", "", "942;943",
            "2023-04-01: Cumbria split into Cumberland (942) and Westmorland and Furness (943)"),
    "942": ("2023-04-01", "", "909", "", "2023-04-01: from Cumbria (909)"),
    "943": ("2023-04-01", "", "909", "", "2023-04-01: from Cumbria (909)"),
    "815": ("", "", "", "", "2023-04-01: North Yorkshire County Council became a unitary authority "
            "(E10000023 -> E06000065), same LA number"),
    "933": ("", "", "", "", "2023-04-01: Somerset County Council became a unitary authority "
            "(E10000027 -> E06000066), same LA number"),
}
# Names people use that no source file spells out.
EXTRA_ALIASES = {
    "801": ["Bristol", "City of Bristol"],
    "810": ["Hull", "Kingston upon Hull", "City of Kingston upon Hull"],
    "884": ["County of Herefordshire"],
    "342": ["St Helens"],
    "840": ["County Durham"],
    "839": ["BCP"],
    "835": ["Dorset County", "Dorset (pre-2019)"],
    "909": ["Cumbria County"],
    "928": ["Northamptonshire County"],
}
# ONS codes of the regions and England (ONS Register of Geographic Codes);
# LAIT's region numbers 980-990.
REGION_CODES = {
    "970": "E92000001", "980": "E12000001", "981": "E12000002", "982": "E12000003",
    "983": "E12000004", "984": "E12000005", "985": "E12000006", "986": "E12000007",
    "987": "E13000001", "988": "E13000002", "989": "E12000008", "990": "E12000009",
}
AREA_HEADER = ["la_number", "ons_code", "name", "type", "region", "valid_from", "valid_to",
               "predecessors", "successors", "former_ons_codes", "aliases", "note"]


def make_areas(shared, out):
    """datasets/areas.csv: one row per area LAIT knows (la_code_list.csv),
    with its ONS codes over time from the EES files (old_la_code beside
    new_la_code, by year), names from LAIT, EES and the ONS lookup, and the
    boundary changes above."""
    lait = os.path.join(shared, "data", "lait")
    real = os.path.join(shared, "data", "real")
    rows = []
    with open(os.path.join(lait, "la_code_list.csv"), encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            rows.append(r)
    codes = {}     # la number -> {ons code: last year seen}
    names = {}     # la number -> set of names
    region_names = {}
    for fn in sorted(os.listdir(os.path.join(real, "ees"))):
        with open(os.path.join(real, "ees", fn), encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                lvl = r["geographic_level"]
                if lvl == "Local authority" and r["old_la_code"]:
                    y = int(r["time_period"][:4])
                    d = codes.setdefault(r["old_la_code"], {})
                    d[r["new_la_code"]] = max(d.get(r["new_la_code"], 0), y)
                    names.setdefault(r["old_la_code"], set()).add(r["la_name"])
                elif lvl == "Regional":
                    region_names[r["region_code"]] = r["region_name"]
    ons_names = {}
    with open(os.path.join(real, "lookups", "LTLA-UTLA_Apr23_Lookup_England-Wales.csv"),
              encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            ons_names[r["UTLA23CD"]] = r["UTLA23NM"]
    used = {}      # normalised name -> la number, so one name names one area

    def norm(s):
        s = s.lower().replace("&", " and ")
        return " ".join("".join(ch if ch.isalnum() else " " for ch in s).split())
    out_rows = []
    # Current areas claim names first, so "Dorset" is the unitary (838), not the
    # former county (835) whose EES rows were also named "Dorset".
    order = sorted(rows, key=lambda r: 1 if CHANGES.get(r["LA Number"], ("", ""))[1] else 0)
    for r in order:
        num, name = r["LA Number"], r["LA Name"]
        if num == "1000":
            continue
        used.setdefault(norm(name), num)
    for r in order:
        num, name = r["LA Number"], r["LA Name"]
        if num == "1000":
            continue   # "England (discontinued)": no area
        kind = {"NA": ""}.get(r["Type"], r["Type"])
        if num == "970":
            kind, region = "country", ""
        elif "980" <= num <= "990":
            kind, region = "region", ""
        else:
            region = r["Region"]
        if num in REGION_CODES:
            ons, former = REGION_CODES[num], []
        else:
            by_year = sorted(codes.get(num, {}).items(), key=lambda kv: kv[1])
            if not by_year:
                sys.exit("make_datasets.py: no ONS code for LA %s %s" % (num, name))
            ons = by_year[-1][0]
            former = [c for c, _ in by_year[:-1]]
        cand = set(names.get(num, set()))
        if ons in ons_names:
            cand.add(ons_names[ons])
        if ons in region_names:
            cand.add(region_names[ons])
        if kind == "region":
            # Fingertips names regions "North West region".
            for a in list(cand) + [name]:
                cand.add(a + " region")
        cand.update(EXTRA_ALIASES.get(num, []))
        aliases = []
        for a in sorted(cand):
            # The program matches names case-insensitively but not across
            # punctuation, so "St Helens" is kept beside "St. Helens".
            k = norm(a)
            if a.lower() == name.lower() or a.lower() in (x.lower() for x in aliases):
                continue
            if used.setdefault(k, num) != num:
                continue
            aliases.append(a)
        vf, vt, pre, suc, note = CHANGES.get(num, ("", "", "", "", ""))
        out_rows.append([num, ons, name, kind, region, vf, vt, pre, suc, ";".join(former),
                         ";".join(aliases), note])
    out_rows.sort(key=lambda x: (x[3] in ("country", "region"), x[2]))
    with open(os.path.join(out, "areas.csv"), "w", encoding="utf-8", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(AREA_HEADER)
        w.writerows(out_rows)
    print("datasets/areas.csv: %d areas" % len(out_rows))


# Real files with counts, so that the scorecard can test significance:
# (file in datasets/, path under SHARED_DIR/data/real or None, repository,
#  commit, path in the repository, row filter or None). Kept rows are
# byte-for-byte as published, in their original order.
CSC = "dfe-analytical-services/CSC_outcomes_and_enablers"
CSC_COMMIT = "2f5d11a431050523dab58810083259d3313029ae"
SEND = "dfe-analytical-services/SEND-AP-Inclusion-Dashboard"
SEND_COMMIT = "b215e61ee7717f3263380f3c9dba53232b1b7c16"
NCCIS = "dfe-analytical-services/nccis_localauthority_dashboard"
NCCIS_COMMIT = "7be8eb365c9f9f229cee3a5b78ade0538b5cef03"
ATT = "dfe-analytical-services/attendance-data-dashboard"
ATT_COMMIT = "8f4979c0dfb9300d017e69b0c8e73072ae75e989"
CLA_GROUP = "CLA 12 months at 31 March"
WITH_COUNTS = [
    ("fingertips_injuries_0to14_90284.csv", "fingertips/injuries_0to14_90284_county_ua.csv",
     CSC, CSC_COMMIT, "data-raw/la_hospital_admissions_2324.csv", None),
    ("ees_ks2_cla.csv", "ees/ks2_la.csv", CSC, CSC_COMMIT, "data-raw/ks2_la.csv",
     lambda r: r["social_care_group"] == CLA_GROUP),
    ("ees_ks4_cla.csv", None, CSC, CSC_COMMIT, "data-raw/ks4_la.csv",
     lambda r: r["social_care_group"] == CLA_GROUP),
    ("ees_cla_health.csv", None, CSC, CSC_COMMIT, "data-raw/la_conviction_health_outcome_cla.csv",
     lambda r: r["characteristic"] == "Health assessments: Children looked after all ages"),
    ("ees_eyfsp_2022.csv", None, SEND, SEND_COMMIT, "data/eyfsp/1_eyfsp_headline_measures_2022.csv",
     # The file's header names the columns "characteristic, characteristic_type"
     # but its rows hold the type first ("SEN provision", "EHC plan"): the
     # value is in the column headed characteristic_type.
     lambda r: r["geographic_level"] != "Local authority district" and r["gender"] == "Total"
     and r["characteristic_type"] in ("Total", "EHC plan")),
    ("ees_sen2_mi.csv", None, SEND, SEND_COMMIT, "data/ehc_plans/sen2_mi.csv", None),
    ("ees_neet_2025.csv", None, NCCIS, NCCIS_COMMIT, "data/UD_NEETNK_LA_dashboard_final.csv", None),
    ("ees_attendance_ytd_2026.csv", None, ATT, ATT_COMMIT, "data/EES_ytd_data.csv", None),
]


def read_source(shared, rel, repo, commit, path, gits):
    """The bytes of a source file: from SHARED_DIR/data/real when it is
    there, else from a clone of its repository (git show COMMIT:PATH)."""
    if rel and os.path.exists(os.path.join(shared, "data", "real", rel)):
        with open(os.path.join(shared, "data", "real", rel), "rb") as f:
            return f.read()
    if repo not in gits:
        sys.exit("make_datasets.py: %s needs a clone of %s: give %s=GIT_DIR" % (path, repo, repo))
    return subprocess.run(["git", "--git-dir", gits[repo], "show", "%s:%s" % (commit, path)],
                          check=True, capture_output=True).stdout


def make_with_counts(shared, out, gits):
    for name, rel, repo, commit, path, keep in WITH_COUNTS:
        data = read_source(shared, rel, repo, commit, path, gits)
        if keep is None:
            with open(os.path.join(out, name), "wb") as g:
                g.write(data)
            print("datasets/%s: copied" % name)
            continue
        text = data.decode("utf-8")
        lines = text.splitlines(keepends=True)
        hdr = next(csv.reader([lines[0].lstrip("\ufeff")]))
        kept = [lines[0]]
        for ln in lines[1:]:
            row = dict(zip(hdr, next(csv.reader([ln]))))
            if keep(row):
                kept.append(ln)
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as g:
            g.write("".join(kept))
        print("datasets/%s: %d rows" % (name, len(kept) - 1))


def write_local_example(out):
    """datasets/local_send_kpis.csv: a filled example of the local-data
    template (docs/data-formats.md, "Local data") for SEND KPIs 1/3, 1/5,
    3/3, 4/1 and 5/1-5/4. The values are ILLUSTRATIVE, made up for the demo
    (quarterly counts, an annual survey, monthly waiting times drifting
    towards the plan's targets with a little seasonal wobble); they are not
    Sefton's figures and the indicator names say so."""
    import math
    rows = []

    def add(ind, name, period, value, unit, pol, num="", den=""):
        rows.append(dict(indicator=ind, indicator_name=name + " (ILLUSTRATIVE example data, not Sefton figures)",
                         area="Sefton", area_code="343", area_type="la", region="North West",
                         period=period, numerator=num, denominator=den, value=value, unit=unit,
                         polarity=pol))
    qs = ["2019 Q3", "2019 Q4", "2020 Q1", "2020 Q2", "2020 Q3", "2020 Q4", "2021 Q1", "2021 Q2"]
    for ind, name, nums, dens in [
            ("SEND_1_3", "EHCP reviews completed on time, Year 6 and Year 11 (%)",
             [8, 23, 42, 43, 47, 46, 47, 51], [50, 48, 52, 47, 51, 49, 50, 53]),
            ("SEND_1_5", "EHCP health advice completed within six weeks of the request (%)",
             [29, 33, 41, 42, 46, 47, 48, 52], [50, 50, 52, 48, 51, 50, 51, 54])]:
        for p, n, d in zip(qs, nums, dens):
            add(ind, name, p, repr(round(100 * n / d, 2)), "%", "higher", n, d)
    for p, n, d in zip(["2019 Q4", "2020 Q2", "2020 Q4", "2021 Q2"], [54, 89, 113, 118], [120, 122, 121, 124]):
        add("SEND_3_3", "Staff who have completed EHCP training (%)", p, repr(round(100 * n / d, 2)), "%",
            "higher", n, d)
    for p, n, d in zip(["2019", "2020", "2021"], [62, 83, 84], [150, 180, 170]):
        add("SEND_4_1", "Parents and carers trusting the local area to provide support (survey, %)", p,
            repr(round(100 * n / d, 2)), "%", "higher", n, d)
    months = ["%d-%02d" % ym for ym in [(2019, 9), (2019, 10), (2019, 11), (2019, 12)]
              + [(2020, m) for m in range(1, 13)] + [(2021, m) for m in range(1, 7)]]
    for ind, name, start, end in [
            ("SEND_5_1", "Average waiting time for paediatric dietetics (weeks)", 9.0, 7.4),
            ("SEND_5_2", "Average waiting time for paediatric occupational therapy (weeks)", 15.0, 11.2),
            ("SEND_5_3", "Average waiting time for paediatric physiotherapy (weeks)", 6.0, 5.6),
            ("SEND_5_4", "Average waiting time for paediatric speech and language therapy (weeks)", 30.0, 19.5)]:
        n = len(months)
        for i, m in enumerate(months):
            v = start + (end - start) * i / (n - 1) + 0.4 * math.sin(i * 1.3)
            add(ind, name, m, "%.1f" % v, "mean", "lower")
    with open(os.path.join(out, "local_send_kpis.csv"), "w", encoding="utf-8", newline="") as g:
        w = csv.DictWriter(g, fieldnames=list(rows[0].keys()), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.dirname(here)
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(src, "..", "shared")
    lait = os.path.join(shared, "data", "lait")
    out = os.path.join(src, "datasets")
    if not os.path.isdir(lait):
        sys.exit("make_datasets.py: %s not found" % lait)
    os.makedirs(out, exist_ok=True)
    write_local_example(out)
    want = set(CODES)

    # bds_long.csv has no multi-line fields: filter line by line so that kept
    # rows stay byte-for-byte as published.
    found = set()
    n = 0
    with open(os.path.join(lait, "bds_long.csv"), "r", encoding="utf-8", newline="") as f, \
         open(os.path.join(out, "lait_scorecard.csv"), "w", encoding="utf-8", newline="") as g:
        header = f.readline()
        g.write(header)
        for line in f:
            code = next(csv.reader([line]))[0]
            if code in want:
                g.write(line)
                found.add(code)
                n += 1
    missing = want - found
    if missing:
        sys.exit("make_datasets.py: not in bds_long.csv: %s" % sorted(missing))

    # data_dictionary.csv has multi-line quoted fields: find each record's
    # raw text span with the csv module reading from a line iterator, then
    # copy the raw text of wanted records unchanged.
    with open(os.path.join(lait, "data_dictionary.csv"), "r", encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.splitlines(keepends=True)
    pos = 0

    def records():
        nonlocal pos
        buf = []
        quotes = 0
        for ln in lines:
            buf.append(ln)
            quotes += ln.count('"')
            if quotes % 2 == 0:
                yield "".join(buf)
                buf = []
                quotes = 0
        if buf:
            yield "".join(buf)

    recs = list(records())
    hdr = next(csv.reader(io.StringIO(recs[0])))
    col = hdr.index("Measure_short")
    kept = [recs[0]]
    dfound = set()
    for r in recs[1:]:
        fields = next(csv.reader(io.StringIO(r)))
        if len(fields) > col and fields[col] in want and fields[col] not in dfound:
            kept.append(r)
            dfound.add(fields[col])
    with open(os.path.join(out, "data_dictionary.csv"), "w", encoding="utf-8", newline="") as g:
        g.write("".join(kept))
    dmissing = want - dfound
    if dmissing:
        print("make_datasets.py: note: no dictionary row for %s" % sorted(dmissing))

    make_areas(shared, out)
    gits = dict(a.split("=", 1) for a in sys.argv[2:])
    make_with_counts(shared, out, gits)

    for name in COPIED:
        shutil.copyfile(os.path.join(lait, name), os.path.join(out, name))

    # The scorecard definition must only name codes that are shipped.
    sc = os.path.join(out, "scorecard_sefton.csv")
    if os.path.exists(sc):
        with open(sc, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for k in ("lait_code", "numerator_code", "denominator_code"):
                    v = row.get(k, "")
                    if v and v != "no public data" and v not in found \
                            and v not in OTHER_CODES:
                        sys.exit("make_datasets.py: scorecard %s uses %s=%s not shipped"
                                 % (row["number"], k, v))
    print("datasets/lait_scorecard.csv: %d rows, %d indicators" % (n, len(found)))
    print("datasets/data_dictionary.csv: %d indicators" % len(dfound))


if __name__ == "__main__":
    main()

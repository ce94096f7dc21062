#!/usr/bin/env python3
"""make_datasets.py -- build fingerpost's shipped demo data in datasets/.

Run from anywhere when the shared data folder exists (default ../shared beside
the source tree, or give its path as the first argument):

    python3 scripts/make_datasets.py [SHARED_DIR]

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

COPIED = ["sn_april_2021.csv", "sn_may_2025.csv", "la_code_list.csv"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.dirname(here)
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(src, "..", "shared")
    lait = os.path.join(shared, "data", "lait")
    out = os.path.join(src, "datasets")
    if not os.path.isdir(lait):
        sys.exit("make_datasets.py: %s not found" % lait)
    os.makedirs(out, exist_ok=True)
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

    for name in COPIED:
        shutil.copyfile(os.path.join(lait, name), os.path.join(out, name))

    # The scorecard definition must only name codes that are shipped.
    sc = os.path.join(out, "scorecard_sefton.csv")
    if os.path.exists(sc):
        with open(sc, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for k in ("lait_code", "numerator_code", "denominator_code"):
                    v = row.get(k, "")
                    if v and v != "no public data" and v not in found:
                        sys.exit("make_datasets.py: scorecard %s uses %s=%s not shipped"
                                 % (row["number"], k, v))
    print("datasets/lait_scorecard.csv: %d rows, %d indicators" % (n, len(found)))
    print("datasets/data_dictionary.csv: %d indicators" % len(dfound))


if __name__ == "__main__":
    main()

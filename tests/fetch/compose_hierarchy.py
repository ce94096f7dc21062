#!/usr/bin/env python3
"""compose_hierarchy.py -- makes the Fingertips area-hierarchy responses the
fetch tests serve (tests/fetch/README.md says why they are composed: no
public repository in the store holds a saved response of these endpoints).

The JSON shapes are those of the Fingertips API source
(ukhsa-collaboration/fingertips-open: AreasController.cs routes
`areas/by_area_type` -> IList<IArea>, serialised by PholioObjects Area.cs as
{"Code", "Name", "Short", "AreaTypeId"}; `parent_to_child_areas` ->
Dictionary<string, IEnumerable<string>>, parent code -> child codes), as
fingertips_py get_areas_for_area_type() and fingertipsR read them.

The areas are the 153 county/UA codes and names of the recorded data file
datasets/fingertips_injuries_0to14_90284.csv (its Area Code, Area Name);
the same areas are served as area type 402 and 502; the nine regions and which region each area lies in are those of
datasets/areas.csv (ONS). Run from the repository root:
    python3 tests/fetch/compose_hierarchy.py
"""
import csv
import json
import os

OUT = os.path.join("tests", "fetch", "fingertips")
# Fingertips names regions "North West region" (cli/io/read_lait.c).
REGIONS = [("E12000001", "North East region", "North East"),
           ("E12000002", "North West region", "North West"),
           ("E12000003", "Yorkshire and the Humber region", "Yorkshire and The Humber"),
           ("E12000004", "East Midlands region", "East Midlands"),
           ("E12000005", "West Midlands region", "West Midlands"),
           ("E12000006", "East of England region", "East of England"),
           ("E12000007", "London region", "London"),
           ("E12000008", "South East region", "South East"),
           ("E12000009", "South West region", "South West")]


def main():
    ident = {}
    with open(os.path.join("datasets", "areas.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for code in [r["ons_code"]] + [c for c in r["former_ons_codes"].split(";") if c]:
                ident[code] = r["region"]
    areas = {}
    with open(os.path.join("datasets", "fingertips_injuries_0to14_90284.csv"), encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["Area Type"].startswith("Counties"):
                areas[r["Area Code"]] = r["Area Name"]
    region_code = {short: code for code, _, short in REGIONS}
    inner = {"Inner London": "London", "Outer London": "London"}
    mapping = {code: [] for code, _, _ in REGIONS}
    for code in sorted(areas):
        rg = inner.get(ident.get(code, ""), ident.get(code, ""))
        mapping[region_code[rg]].append(code)
    # The data file's areas are "Counties & UAs (from Apr 2023)": Fingertips
    # area type 502; the tests serve them for 402 too (fetch's default test
    # request), as the data file is.
    rg = [{"Code": c, "Name": n, "Short": s, "AreaTypeId": 6} for c, n, s in REGIONS]
    files = [("areas_6.json", rg)]
    for t in (402, 502):
        files.append(("areas_%d.json" % t,
                      [{"Code": c, "Name": n, "Short": n, "AreaTypeId": t} for c, n in sorted(areas.items())]))
        files.append(("parent_to_child_%d_6.json" % t, mapping))
    # England (area type 15) as the parent of every area: what the API gives
    # for --parent-area-type 15 (the data file was exported that way).
    files.append(("areas_15.json", [{"Code": "E92000001", "Name": "England", "Short": "England",
                                     "AreaTypeId": 15}]))
    files.append(("parent_to_child_402_15.json", {"E92000001": sorted(areas)}))
    for name, obj in files:
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
            json.dump(obj, f, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main()

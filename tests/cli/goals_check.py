#!/usr/bin/env python3
"""goals_check.py SCORECARD_CSV DEFINITION_CSV -- every target and milestone
in a report's scorecard.csv has a verdict consistent with its value and its
date (issue 13):
 - met / missed only on a value for the period that holds the due date
   (years hold their months; a split year 2020/21 holds April 2020 to March
   2021; a quarter its three months; a month itself), and met exactly when
   the value is on the right side of the goal for the line's polarity;
 - on track / not on track / uncertain only for a period after the data
   (marked "(projected)");
 - "not assessed" with no judged value.
Polarity comes from the scorecard definition. Prints each inconsistency and
exits 1 if there is any."""
import csv
import re
import sys


def holds(period, due):
    m = re.fullmatch(r"(\d{4})-(\d{2})", due)
    if not m:
        return True                     # a period label: judged on itself
    y, mo = int(m.group(1)), int(m.group(2))
    p = period.replace(" (projected)", "")
    if re.fullmatch(r"\d{4}", p):
        return int(p) == y
    q = re.fullmatch(r"(\d{4}) Q(\d)", p)
    if q:
        return int(q.group(1)) == y and int(q.group(2)) == (mo - 1) // 3 + 1
    mm = re.fullmatch(r"(\d{4})-(\d{2})", p)
    if mm:
        return (int(mm.group(1)), int(mm.group(2))) == (y, mo)
    s = re.fullmatch(r"(\d{4})/(\d{2})", p)
    if s:
        start = int(s.group(1))
        return (y == start and mo >= 4) or (y == start + 1 and mo <= 3)
    return False


def main():
    pol = {r["number"]: r["polarity"].lower() for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    prefixes = ["target_"] + [f"milestone_{k}_" for k in range(1, 20)]
    bad = checked = 0
    for r in rows:
        for pre in prefixes:
            if pre + "verdict" not in r or not r[pre + "verdict"]:
                continue
            checked += 1
            v, per, due = r[pre + "verdict"], r[pre + "judged_period"], r[pre + "due"]
            val, goal = r[pre + "judged_value"], r[pre + "goal"]
            where = f"{r['number']} {pre}due {due}"
            if v in ("met", "missed"):
                if "(projected)" in per or not val or not goal:
                    print(f"{where}: {v} without a value for its period ({per!r}, {val!r}, {goal!r})"); bad += 1; continue
                if not holds(per, due):
                    print(f"{where}: judged on {per}, which does not hold {due}"); bad += 1
                high = pol.get(r["number"], "high").startswith("h")
                ok = float(val) >= float(goal) if high else float(val) <= float(goal)
                if ok != (v == "met"):
                    print(f"{where}: {v} but {val} against {goal} ({'higher' if high else 'lower'} is better)"); bad += 1
            elif v in ("on track", "not on track", "uncertain"):
                if "(projected)" not in per:
                    print(f"{where}: {v} for {per}, a period the data cover"); bad += 1
            elif v == "not assessed":
                if val:
                    print(f"{where}: not assessed but a value {val}"); bad += 1
            else:
                print(f"{where}: unknown verdict {v!r}"); bad += 1
    print(f"{checked} targets and milestones checked, {bad} inconsistent")
    sys.exit(1 if bad or not checked else 0)


main()

#!/usr/bin/env python3
"""report_workbook.py -- check a report's scorecard.xlsx against its
scorecard.csv (tests/cli/test_report_areas.sh, test_workbook.sh).

Usage: report_workbook.py scorecard.xlsx scorecard.csv

The workbook (issue 18, item 10) holds:
  scorecard         one row a line: the CSV's columns up to the goals, less
                    the published-figure checks; every cell equal to the
                    CSV's, numbers the full values (xlsx_vs_csv.same_number)
                    shown with the indicator's decimals, never General
                    where the CSV's value is not a whole number
  targets           one row a goal: the CSV's target_* and milestone_N_*
                    cells, long
  published_checks  one row a published figure: the CSV's published_*,
                    fingerpost_* and check_* cells, split at ';'
  time_series       one row a period of each line; the line's own period
                    holds its value
  neighbours        one row a neighbour of each line; their mean is the
                    CSV's `neighbours` when every neighbour has a value
  sources           the metadata
No sheet has more than 50 columns. Exit 0, or 1 with the first problem.
"""
import csv
import os
import sys

import openpyxl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from xlsx_vs_csv import same_number  # noqa: E402


def fail(msg):
    sys.stderr.write("report_workbook: " + msg + "\n")
    sys.exit(1)


def sheet(wb, name):
    ws = wb[name]
    rows = list(ws.iter_rows())
    head = [c.value for c in rows[0]]
    return head, [{h: c for h, c in zip(head, r)} for r in rows[1:]]


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    want = ["scorecard", "targets", "published_checks", "time_series", "neighbours", "sources"]
    if wb.sheetnames != want:
        fail("sheets %r, not %r" % (wb.sheetnames, want))
    for ws in wb.worksheets:
        if ws.max_column > 50:
            fail("sheet %s has %d columns" % (ws.title, ws.max_column))
    head, rows = sheet(wb, "scorecard")
    if wb["scorecard"].freeze_panes != "A2":
        fail("scorecard header not frozen")
    if len(rows) != len(table):
        fail("%d scorecard rows, %d CSV rows" % (len(rows), len(table)))
    cols = list(table[0].keys())
    pos = [cols.index(h) if h in cols else -1 for h in head]
    if -1 in pos or pos != sorted(pos):
        fail("scorecard columns %r are not the CSV's in order" % head)
    for h in head:
        if h.startswith(("published_", "fingerpost_", "check_", "milestone_")) or h == "target_due":
            fail("column %s belongs on another sheet" % h)
    by_number = {}
    for x, c in zip(rows, table):
        by_number[c["number"]] = (x, c)
        for h in head:
            cell, v = x[h], c[h]
            where = "scorecard %s %s" % (c["number"], h)
            if v == "":
                if cell.value is not None:
                    fail("%s: CSV empty, workbook %r" % (where, cell.value))
            elif isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                if not same_number(v, cell.value, cell.number_format):
                    fail("%s: CSV %r, workbook %r (%s)" % (where, v, cell.value, cell.number_format))
                if h in ("value", "england") and float(v) != int(float(v)) \
                        and cell.number_format == "General" and c.get("indicator") not in ("",):
                    fail("%s: %r shown General, not with the indicator's decimals" % (where, cell.value))
            elif cell.value != v:
                fail("%s: CSV %r, workbook %r" % (where, v, cell.value))
    # targets: every goal of the CSV, long.
    thead, trows = sheet(wb, "targets")
    n_goals = 0
    for c in table:
        for k in c:
            if (k == "target_due" or (k.startswith("milestone_") and k.endswith("_due"))) and c[k]:
                n_goals += 1
    if len(trows) != n_goals:
        fail("targets: %d rows, the CSV has %d goals" % (len(trows), n_goals))
    for t in trows:
        c = by_number[t["number"].value][1]
        keys = ["target"] + ["milestone_%d" % m for m in range(1, 10)]
        match = [k for k in keys if c.get(k + "_due") == t["due"].value
                 and c.get(k + "_verdict") == t["verdict"].value]
        if not match:
            fail("targets: %s due %s not in the CSV" % (t["number"].value, t["due"].value))
    # published checks: the CSV's published figures, one row each.
    chead, crows = sheet(wb, "published_checks")
    n_pub = sum(len(c[k].split(";")) for c in table for k in
                ("published_area", "published_neighbours", "published_england") if c[k])
    if len(crows) != n_pub:
        fail("published_checks: %d rows, the CSV quotes %d figures" % (len(crows), n_pub))
    for r in crows:
        if r["agreement"].value not in ("agrees", "differs", "not in data"):
            fail("published_checks: agreement %r" % r["agreement"].value)
    # time series: the line's period holds its value.
    shead, srows = sheet(wb, "time_series")
    seen = 0
    for s in srows:
        x, c = by_number[s["number"].value]
        if s["period"].value == c["period"] and c["value"]:
            if not same_number(c["value"], s["value"].value, s["value"].number_format):
                fail("time_series %s %s: %r, scorecard %r" % (c["number"], c["period"], s["value"].value, c["value"]))
            seen += 1
    if seen == 0:
        fail("time_series: no line's own period")
    # neighbours: their mean is the scorecard's neighbours value when all have one.
    nhead, nrows = sheet(wb, "neighbours")
    groups = {}
    for n in nrows:
        groups.setdefault(n["number"].value, []).append(n["value"].value)
    checked = 0
    for num, vals in groups.items():
        c = by_number[num][1]
        if c["neighbours"] and all(v is not None for v in vals) and c["neighbours_used"] == str(len(vals)):
            mean = sum(vals) / len(vals)
            if abs(mean - float(c["neighbours"])) > 1e-9 * max(1, abs(mean)):
                fail("neighbours %s: mean %r, scorecard %r" % (num, mean, c["neighbours"]))
            checked += 1
    print("%d scorecard rows, %d goals, %d checks, %d series points, %d neighbour values (%d means checked)"
          % (len(rows), len(trows), len(crows), len(srows), len(nrows), checked))


main()

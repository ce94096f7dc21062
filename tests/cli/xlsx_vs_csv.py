#!/usr/bin/env python3
"""xlsx_vs_csv.py -- check a fingerpost workbook cell by cell against the CSV
of the same command (tests/cli/test_tables.sh).

Usage: xlsx_vs_csv.py BOOK.xlsx TABLE.csv [TEXTCOL...]

The first worksheet must hold the CSV's columns except the trailing
metadata columns (methods_version, data_version, ...: every row repeats them
in the CSV; the workbook has them once, on the "sources" sheet), in the same
order and with the same rows. A CSV cell that is empty must be an empty
workbook cell; a numeric workbook cell holds the full value and shows it
with its number format: it must equal float() of the CSV cell, or agree
with the CSV's 15 significant digits (relative 1e-14), or, when the CSV
shows the cell's decimals ("0.00": 2), round half away from zero to the
CSV text; a text cell must equal the CSV text. Each TEXTCOL named must hold text in every non-empty row (codes
such as "343" must never become numbers). Also checks the frozen header row,
the autofilter over the whole table and the sources sheet. Exit 0 or 1 with
the first difference on stderr. Needs python3-openpyxl.
"""
import csv
import re
import sys
from decimal import Decimal, ROUND_HALF_UP

import openpyxl


def fail(msg):
    sys.stderr.write("xlsx_vs_csv: " + msg + "\n")
    sys.exit(1)


def same_number(text, x, fmt):
    """Whether workbook number x, shown with number format fmt, is the
    number the CSV writes as text (see the module's docstring)."""
    f = float(text)
    if f == x or abs(f - x) <= 1e-14 * abs(x):
        return True
    m = re.fullmatch(r"0(?:\.(0+))?", fmt or "")
    if not m:
        return False
    d = len(m.group(1) or "")
    shown = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)
    if shown == 0:
        shown = abs(shown)
    return format(shown, "f") == text


def main():
    book, table = sys.argv[1], sys.argv[2]
    textcols = sys.argv[3:]
    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    with open(table, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    xcells = list(ws.iter_rows())
    xrows = [[c.value for c in row] for row in xcells]
    ncol = len(xrows[0]) if xrows else 0
    # The CSV columns after the workbook's are metadata: one value on every row.
    meta = {}
    for c in range(ncol, len(head)):
        vals = {r[c] for r in rows[1:]}
        if len(vals) > 1:
            fail("CSV column %s varies but is not in the workbook" % head[c])
        if vals:
            meta[head[c]] = vals.pop()
    if len(xrows) != len(rows):
        fail("%d workbook rows, %d CSV rows" % (len(xrows), len(rows)))
    if list(xrows[0][:ncol]) != head[:ncol] or len(xrows[0]) != ncol:
        fail("header %r differs from %r" % (xrows[0], head[:ncol]))
    cells = 0
    for r, (xr, cr) in enumerate(zip(xrows[1:], rows[1:]), start=2):
        for c in range(ncol):
            x, v = xr[c], cr[c]
            fmt = xcells[r - 1][c].number_format
            where = "row %d column %s" % (r, head[c])
            if v == "":
                if x is not None:
                    fail("%s: CSV empty, workbook %r" % (where, x))
            elif isinstance(x, (int, float)) and not isinstance(x, bool):
                if not same_number(v, x, fmt):
                    fail("%s: CSV %r, workbook number %r shown as %r" % (where, v, x, fmt))
            elif x != v:
                fail("%s: CSV %r, workbook %r" % (where, v, x))
            if head[c] in textcols and v != "" and not isinstance(x, str):
                fail("%s: %r should be text" % (where, x))
            cells += 1
    if ws.freeze_panes != "A2":
        fail("header not frozen (%r)" % ws.freeze_panes)
    last = openpyxl.utils.get_column_letter(ncol)
    if ws.auto_filter.ref != "A1:%s%d" % (last, len(rows)):
        fail("autofilter %r" % ws.auto_filter.ref)
    src = {k: v for k, v in wb["sources"].iter_rows(min_row=2, values_only=True)
           if k != "source"}
    for k, v in meta.items():
        if src.get(k) != v:
            fail("sources sheet %s = %r, CSV %r" % (k, src.get(k), v))
    print("%d cells match" % cells)


if __name__ == "__main__":
    main()

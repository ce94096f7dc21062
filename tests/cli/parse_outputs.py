#!/usr/bin/env python3
"""parse_outputs.py -- parse fingerpost's output files with real parsers
(tests/cli/test_valid_files.sh; issue 22, "valid files always").

Usage: parse_outputs.py FILE...

  *.xlsx  every XML part of the zip parsed by Python's expat
          (xml.etree.ElementTree), then the workbook loaded by openpyxl
          when it is installed (every cell read)
  *.svg   parsed by expat
  *.html  no character that XML 1.0 forbids (C0 other than tab, LF, CR;
          U+FFFE, U+FFFF) and no byte that is not UTF-8, then parsed by
          html.parser with every tag balanced as written; every inline <svg>
          parsed by expat

Exit 0 when every file parses; else 1 with the first problem on stderr.
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def fail(msg):
    sys.stderr.write("parse_outputs: " + msg + "\n")
    sys.exit(1)


def check_xlsx(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    ET.fromstring(z.read(name))
                except ET.ParseError as e:
                    fail("%s: %s: %s" % (path, name, e))
    try:
        import openpyxl
    except ImportError:
        return
    try:
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                pass
    except Exception as e:  # openpyxl raises many kinds
        fail("%s: openpyxl: %s" % (path, e))


def check_svg(path):
    try:
        ET.parse(path)
    except ET.ParseError as e:
        fail("%s: %s" % (path, e))


class Tags(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr", "path", "circle", "line", "rect", "polyline", "stop"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            raise ValueError("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else ""))
        self.stack.pop()


def check_html(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail("%s: not UTF-8: %s" % (path, e))
    m = FORBIDDEN.search(text)
    if m:
        fail("%s: character U+%04X at offset %d" % (path, ord(m.group()), m.start()))
    p = Tags()
    try:
        p.feed(text)
        p.close()
    except ValueError as e:
        fail("%s: %s" % (path, e))
    for svg in re.findall(r"<svg\b.*?</svg>", text, flags=re.S):
        try:
            ET.fromstring(svg)
        except ET.ParseError as e:
            fail("%s: inline SVG: %s" % (path, e))


def main():
    if len(sys.argv) < 2:
        fail("no files")
    for path in sys.argv[1:]:
        if path.endswith(".xlsx"):
            check_xlsx(path)
        elif path.endswith(".svg"):
            check_svg(path)
        elif path.endswith(".html"):
            check_html(path)
        else:
            fail("%s: unknown kind" % path)
    print("%d files parse" % (len(sys.argv) - 1))


main()

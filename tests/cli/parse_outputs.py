#!/usr/bin/env python3
"""parse_outputs.py -- parse fingerpost's output files with real parsers
(tests/cli/test_valid_files.sh; issue 22, "valid files always").

Usage: parse_outputs.py FILE...
       parse_outputs.py - < LIST    (the files named one a line on stdin)

  *.xlsx  every XML part of the zip parsed by Python's expat
          (xml.etree.ElementTree), then the workbook loaded by openpyxl
          when it is installed (every cell read)
  *.svg   parsed by expat
  *.html  no character that XML 1.0 forbids (C0 other than tab, LF, CR;
          U+FFFE, U+FFFF) and no byte that is not UTF-8, then parsed by
          html.parser with every tag balanced as written; every inline <svg>
          parsed by expat

Every file is checked: each one that fails is named on stderr with the
parser's message ("parse_outputs: FILE: message"). Prints the count of
files parsed by kind; exits 0 when every file parses, else 1.
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Bad(Exception):
    """One file failed to parse: the message names the file."""


def fail(msg):
    raise Bad(msg)


def check_xlsx(path):
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        fail("%s: %s" % (path, e))
    with z:
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
        sys.stderr.write("parse_outputs: no files\n")
        sys.exit(1)
    paths = sys.argv[1:]
    if paths == ["-"]:
        paths = [line for line in sys.stdin.read().split("\n") if line]
    checks = {".xlsx": check_xlsx, ".svg": check_svg, ".html": check_html}
    ok = {kind: 0 for kind in checks}
    bad = 0
    for path in paths:
        kind = next((k for k in checks if path.endswith(k)), None)
        try:
            if kind is None:
                fail("%s: unknown kind" % path)
            checks[kind](path)
            ok[kind] += 1
        except Bad as e:
            sys.stderr.write("parse_outputs: %s\n" % e)
            bad += 1
        except OSError as e:
            sys.stderr.write("parse_outputs: %s: %s\n" % (path, e))
            bad += 1
    print("%d files parse (%s)%s" % (sum(ok.values()),
          ", ".join("%d %s" % (ok[k], k[1:]) for k in checks),
          "; %d do not" % bad if bad else ""))
    sys.exit(1 if bad else 0)


main()

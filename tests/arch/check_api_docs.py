#!/usr/bin/env python3
"""check_api_docs.py -- every FP_API function says how it fails (issue 19).

    check_api_docs.py SOURCE_DIR

Reads the public headers (stats/include/fingerpost.h and
stats/include/fingerpost/*.h). Each `FP_API` declaration must have a comment:
the block comment that ends on the line above it, or above the group of
declarations it belongs to (declarations on consecutive lines share one
comment), or a comment on its own line. That comment must say what happens
on failure: a status code (FP_E...), "Errors as ..." another function, or
in words ("cannot fail", "never NULL", "NULL when ...", "NaN ...", "fails",
"returns ..."). A heuristic, not a proof: it catches a declaration with no
comment and one whose comment never speaks of failure.

Exit status 0 when every declaration passes, 1 otherwise (each listed).
"""
import glob
import os
import re
import sys

FAILURE = re.compile(r"FP_E[A-Z]+|[Ee]rrors? as|[Cc]annot fail|[Nn]ever fails|[Nn]ever NULL|"
                     r"\bNULL\b|\bNaN\b|\bfail|[Rr]eturns?\b|\bunknown\b|\"\"")


def comment_for(lines, i):
    """The text of the comment documenting the declaration at line i, or None."""
    own = lines[i].split("/*", 1)
    trailing = ""
    if len(own) == 2:
        # a trailing comment, possibly continued on the next lines
        trailing, j = own[1], i
        while "*/" not in trailing and j + 1 < len(lines):
            j += 1
            trailing += " " + lines[j]
    above = comment_above(lines, i)
    if above is None and not trailing:
        return None
    return trailing + " " + (above or "")


def comment_above(lines, i):
    """The block comment above declaration i (or above its group), or None."""
    j = i - 1
    while True:
        # step over the other declarations of a group (and their continuation lines)
        while j >= 0 and lines[j].strip() and not lines[j].rstrip().endswith("*/"):
            if lines[j].lstrip().startswith(("#", "}", "typedef", "{")):
                return None
            j -= 1
        if j < 0 or not lines[j].strip():
            return None
        k = j
        while k >= 0 and "/*" not in lines[k]:
            k -= 1
        if lines[k].split("/*", 1)[0].strip():
            j = k - 1  # the trailing comment of another declaration of the group
            continue
        return " ".join(lines[k:j + 1])


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: check_api_docs.py SOURCE_DIR\n")
        return 2
    inc = os.path.join(argv[1], "stats", "include")
    headers = [os.path.join(inc, "fingerpost.h")] + sorted(glob.glob(os.path.join(inc, "fingerpost", "*.h")))
    bad = total = 0
    for h in headers:
        with open(h, encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        for i, line in enumerate(lines):
            if not line.startswith("FP_API"):
                continue
            total += 1
            name = re.search(r"(\w+)\s*\(", line)
            name = name.group(1) if name else line.strip()
            c = comment_for(lines, i)
            where = "%s:%d: %s" % (os.path.relpath(h, argv[1]), i + 1, name)
            if c is None:
                print("%s: no comment" % where)
                bad += 1
            elif not FAILURE.search(c):
                print("%s: the comment does not say how it fails" % where)
                bad += 1
    if bad:
        print("arch.api_docs: %d of %d FP_API functions undocumented on failure" % (bad, total))
        return 1
    print("arch.api_docs: all %d FP_API functions say how they fail" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

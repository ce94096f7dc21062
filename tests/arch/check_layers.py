#!/usr/bin/env python3
"""check_layers.py -- the architecture check of issue 19 (ctest `arch.layers`).

    check_layers.py SOURCE_DIR BUILD_DIR [ALLOWED]

Two kinds of violation are looked for in the product sources (stats/, plots/,
cli/; tests/ are white-box and may include private headers):

1. Upward includes.  The layers are, bottom to top: stats/ (libfingerpost),
   plots/, cli/ (cli/io/ below cli/commands/ and cli/report/).  A file may
   include only from its own layer or below:
     - stats/ includes nothing from plots/ or cli/;
     - plots/ includes nothing from cli/;
     - cli/io/ includes nothing from cli/commands/ or cli/report/;
     - no file outside cli/io/ includes cli/io/read_internal.h (the readers'
       private header; commands use the public io header).
   Only direct `#include "..."` lines are read; a name is resolved as the
   compiler would find it: beside the including file, as a path relative to
   it, or else by its file name among the headers of stats/, plots/ and cli/.

2. Call circles between source files.  Each object file of libfingerpost
   (fingerpost_objs), the plots library (fpplots), the CLI library (fpcli),
   `fetch` (fpfetch, or fpfetch_nocurl) and the program (fingerpost) is read
   with `nm` ($NM when set; CMake passes CMAKE_NM): file A depends on file B when A leaves undefined a symbol B
   defines.  Every strongly connected component of more than one file is a
   circle (Tarjan's algorithm), printed with the symbols that close it.

ALLOWED (default tests/arch/allowed.txt) lists the violations that existed
when the check landed, each with who removes it.  The check fails on any
violation not in the list AND on any entry that no longer occurs exactly, so
the list can only shrink: whoever removes a violation deletes its line (or,
when a circle shrinks, replaces the line by the smaller circle printed here).

Exit status: 0 clean (allowed violations only), 1 violations or stale
entries, 2 usage or tool error.
"""
import os
import re
import subprocess
import sys
from collections import defaultdict

PRODUCT_DIRS = ("stats", "plots", "cli")
# The CMake targets whose objects make the program, in layer order.  fpfetch
# is an alias of fpfetch_nocurl when libcurl is absent, so either may exist.
TARGETS = ("fingerpost_objs", "fpplots", "fpcli", ("fpfetch", "fpfetch_nocurl"), "fingerpost")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def product_files(src):
    """Every .c and .h file under stats/, plots/ and cli/, as repo-relative paths."""
    out = []
    for top in PRODUCT_DIRS:
        for root, _dirs, files in os.walk(os.path.join(src, top)):
            for f in files:
                if f.endswith((".c", ".h")):
                    out.append(os.path.relpath(os.path.join(root, f), src))
    return sorted(out)


def resolve(src, includer, name, by_basename):
    """The repo-relative path `#include "name"` in includer refers to, or None."""
    here = os.path.dirname(includer)
    cand = os.path.normpath(os.path.join(here, name))
    if os.path.isfile(os.path.join(src, cand)):
        return cand
    for top in ("stats/include",):  # the public include root (fingerpost/x.h)
        cand = os.path.normpath(os.path.join(top, name))
        if os.path.isfile(os.path.join(src, cand)):
            return cand
    hits = by_basename.get(os.path.basename(name), [])
    if len(hits) == 1:
        return hits[0]
    return None  # a system or third-party header


def layer_rule(includer, target):
    """The rule `includer includes target` breaks, or None."""
    def under(path, d):
        return path == d or path.startswith(d + "/")
    if os.path.basename(target) == "read_internal.h" and not under(includer, "cli/io"):
        return "private cli/io/read_internal.h outside cli/io/"
    if under(includer, "stats") and (under(target, "cli") or under(target, "plots")):
        return "stats/ includes from a layer above"
    if under(includer, "plots") and under(target, "cli"):
        return "plots/ includes from cli/"
    if under(includer, "cli/io") and (under(target, "cli/commands") or under(target, "cli/report")):
        return "cli/io/ includes from commands/report"
    return None


def include_violations(src):
    files = product_files(src)
    by_basename = defaultdict(list)
    for f in files:
        if f.endswith(".h"):
            by_basename[os.path.basename(f)].append(f)
    found = {}
    for f in files:
        with open(os.path.join(src, f), encoding="utf-8", errors="replace") as fh:
            for lineno, line in enumerate(fh, 1):
                m = INCLUDE_RE.match(line)
                if not m:
                    continue
                target = resolve(src, f, m.group(1), by_basename)
                if target is None:
                    continue
                why = layer_rule(f, target)
                if why:
                    found[("include", f, target)] = "%s:%d: %s" % (f, lineno, why)
    return found, len(files)


def object_files(build):
    """{repo-relative source path: object path} for the program's targets."""
    objs = {}
    for t in TARGETS:
        names = t if isinstance(t, tuple) else (t,)
        for name in names:
            d = os.path.join(build, "CMakeFiles", name + ".dir")
            if os.path.isdir(d):
                break
        else:
            raise SystemExit("check_layers: no objects of target %s in %s" % ("/".join(names), build))
        for root, _dirs, files in os.walk(d):
            for f in files:
                if f.endswith(".c.o"):
                    obj = os.path.join(root, f)
                    objs[os.path.relpath(obj, d)[:-2]] = obj
    return objs


def symbols(obj):
    """(defined, undefined) global symbol sets of one object file."""
    res = subprocess.run([os.environ.get("NM") or "nm", "-P", obj], capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit("check_layers: nm %s: %s" % (obj, res.stderr.strip()))
    defined, undefined = set(), set()
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        sym, kind = parts[0], parts[1]
        if kind == "U":
            undefined.add(sym)
        elif kind.isupper():  # global: T D B R C W V ...
            defined.add(sym)
    return defined, undefined


def sccs(nodes, edges):
    """Tarjan's strongly connected components (iterative), each a sorted list."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter[0]; counter[0] += 1
        stack.append(root); on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1
                    stack.append(w); on.add(w)
                    work.append((w, iter(sorted(edges[w]))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == v:
                        break
                out.append(sorted(comp))
    return out


def call_circles(build):
    objs = object_files(build)
    defs, undefs = {}, {}
    owner = {}
    for src, obj in objs.items():
        defs[src], undefs[src] = symbols(obj)
        for s in defs[src]:
            owner.setdefault(s, src)
    edges = defaultdict(set)
    via = defaultdict(set)
    for src in objs:
        for s in undefs[src]:
            dst = owner.get(s)
            if dst and dst != src:
                edges[src].add(dst)
                via[(src, dst)].add(s)
    found = {}
    for comp in sccs(sorted(objs), edges):
        if len(comp) < 2:
            continue
        lines = []
        members = set(comp)
        for a in comp:
            for b in sorted(edges[a] & members):
                lines.append("    %s -> %s: %s" % (a, b, ", ".join(sorted(via[(a, b)]))))
        found[("cycle",) + tuple(comp)] = "circle of %d files:\n%s" % (len(comp), "\n".join(lines))
    return found, len(objs)


def read_allowed(path):
    """{violation key: (line number, owner)} from the allow-list."""
    allowed = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split()
            owners = [i for i, w in enumerate(words) if w.startswith("@")]
            if not owners or words[0] not in ("include", "cycle"):
                raise SystemExit("%s:%d: expected `include FROM TO @owner ...` or "
                                 "`cycle FILE FILE... @owner ...`" % (path, lineno))
            paths = words[1:owners[0]]
            if words[0] == "include" and len(paths) != 2 or words[0] == "cycle" and len(paths) < 2:
                raise SystemExit("%s:%d: wrong number of paths" % (path, lineno))
            key = ("include", paths[0], paths[1]) if words[0] == "include" \
                else ("cycle",) + tuple(sorted(paths))
            allowed[key] = (lineno, words[owners[0]])
    return allowed


def main(argv):
    if len(argv) not in (3, 4):
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    src, build = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    allowed_path = argv[3] if len(argv) == 4 else os.path.join(src, "tests", "arch", "allowed.txt")
    allowed = read_allowed(allowed_path)

    includes, nfiles = include_violations(src)
    circles, nobjs = call_circles(build)
    found = dict(includes)
    found.update(circles)

    bad = 0
    print("arch.layers: %d source files read for includes, %d object files for calls"
          % (nfiles, nobjs))
    for kind, title in (("include", "upward includes"), ("cycle", "call circles")):
        keys = sorted(k for k in found if k[0] == kind)
        print("\n%s: %d" % (title, len(keys)))
        for k in keys:
            if k in allowed:
                lineno, who = allowed[k]
                status = "allowed (%s:%d, %s removes it)" % (os.path.basename(allowed_path), lineno, who.lstrip("@"))
            else:
                status = "NOT ALLOWED"
                bad += 1
            if kind == "include":
                print("  %s  [%s]\n    %s -> %s" % (found[k], status, k[1], k[2]))
            else:
                print("  [%s] %s" % (status, found[k]))
    stale = sorted((v[0], k) for k, v in allowed.items() if k not in found)
    if stale:
        print("\nallow-list entries that no longer occur (delete them, or write the smaller circle):")
        for lineno, k in stale:
            print("  %s:%d: %s" % (allowed_path, lineno, " ".join(k)))
        bad += len(stale)
    if bad:
        print("\narch.layers: FAILED (%d problem%s)" % (bad, "" if bad == 1 else "s"))
        return 1
    print("\narch.layers: ok (%d allowed violation%s left)" % (len(found), "" if len(found) == 1 else "s"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

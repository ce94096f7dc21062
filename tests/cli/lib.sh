# lib.sh -- the preamble and helpers shared by the CLI tests. Sourced by a
# test (`. "$(dirname "$0")/lib.sh"`), never run on its own: the test_*.sh
# glob in tests/CMakeLists.txt does not pick it up. Sets FP (the binary,
# from $FINGERPOST), T (a temporary directory removed on exit) and fail.
set -u
FP=${FINGERPOST:?set FINGERPOST to the binary}
T=$(mktemp -d)
# With FP_TEST_KEEP set (scripts/identity.sh), every file the test wrote is
# copied to $FP_TEST_KEEP/<test name> before T is removed, so that two builds'
# outputs can be compared byte for byte.
fp_keep() { bash "$(dirname "$0")/keep.sh" "$1" "$0"; }
trap 'fp_keep "$T"; rm -rf "$T"' EXIT
fail=0

# check DESCRIPTION STATUS: prints "ok: ..." or "FAIL: ..."; a nonzero STATUS
# fails the test (exit "$fail" at the end). A DESCRIPTION with a command
# substitution, $(...), resets $? before STATUS is expanded, so such a check
# must take the status first: `st=$?; check "got $(cat f)" $st` (29 checks
# written as `check "... $(...)" $?` passed whatever happened, issue 22).
check() { if [ "$2" != 0 ]; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi; }

# num_close GOT WANT RELTOL: status 0 when |GOT - WANT| <= RELTOL * |WANT|
# (an empty GOT is never close).
num_close() { awk -v g="$1" -v w="$2" -v r="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; a = w < 0 ? -w : w; if (g == "") exit 1; exit !(d <= r * a + 1e-300) }'; }

# csv_cell FILE NAME VALUE COL...: column NAME (by header) of the first data
# row in which any of the 1-based columns COL... equals VALUE. RFC 4180
# quoting is understood (commas and "" inside quotes; one line per row).
csv_cell() {
    local file=$1 name=$2 value=$3
    shift 3
    awk -v name="$name" -v value="$value" -v cols="$*" '
      function parse(line, arr,   n, i, c, q, f) { n = 0; f = ""; q = 0
        for (i = 1; i <= length(line); i++) { c = substr(line, i, 1)
          if (q) { if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { f = f c; i++ } else q = 0 } else f = f c }
          else if (c == "\"") q = 1; else if (c == ",") { arr[++n] = f; f = "" } else f = f c }
        arr[++n] = f; return n }
      BEGIN { nk = split(cols, kc, " ") }
      NR == 1 { n = parse($0, h); for (i = 1; i <= n; i++) if (h[i] == name) k = i; next }
      { parse($0, r); for (j = 1; j <= nk; j++) if (r[kc[j]] == value) { print r[k]; exit } }' "$file"
}

# openpyxl_python: sets PY to a python3 that can import openpyxl (the
# workbook tests read xlsx back with it), or to "" after printing a skip
# line; XC to the cell-by-cell checker tests/cli/xlsx_vs_csv.py (needs SRC).
openpyxl_python() {
    PY=""
    for p in python3 /usr/bin/python3; do
        if command -v "$p" > /dev/null && "$p" -c 'import openpyxl' 2> /dev/null; then PY=$p; break; fi
    done
    XC="$SRC/tests/cli/xlsx_vs_csv.py"
    [ -n "$PY" ] || echo "skip: python3-openpyxl not installed (scripts/deps.sh test installs it)"
}

# fetch_server_start: starts tests/fetch/server.py (127.0.0.1 only; recorded
# API responses at the real paths) for the fetch tests, sets SERVER and URL,
# and stops it on exit. Exits 77 (skip) when fetch was built without libcurl
# (test_fetch_nocurl.sh checks that build) or there is no python3.
fetch_server_start() {
    if "$FP" fetch ees --data-set x --out "$T/probe" --cache "$T/probe-cache" --base-url http://127.0.0.1:9 --retries 0 --timeout 1 2>&1 | grep -q "built without libcurl"; then
        echo "skip: built without libcurl (test_fetch_nocurl.sh checks that build)"
        exit 77
    fi
    command -v python3 >/dev/null || { echo "skip: no python3 for the test server"; exit 77; }
    python3 "${FP_SRC:?}/tests/fetch/server.py" "$FP_SRC" "$T/port" "$T/log" &
    SERVER=$!
    trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; fp_keep "$T"; rm -rf "$T"' EXIT
    for _ in $(seq 100); do [ -s "$T/port" ] && break; sleep 0.1; done
    [ -s "$T/port" ] || { echo "FAIL: the test server did not start"; exit 1; }
    URL="http://127.0.0.1:$(cat "$T/port")"
}

# Headless Chromium, the browser check of the HTML the tests write (issue 22:
# every page loads in a real browser). fp_chromium_find sets CHROMIUM
# ($CHROMIUM, else /usr/bin/chromium, else chromium on PATH) and returns 1
# when there is none (scripts/deps.sh test installs Debian's chromium).
fp_chromium_find() {
    CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
    [ -x "$CHROMIUM" ] || CHROMIUM=$(command -v chromium 2> /dev/null) || CHROMIUM=""
    [ -n "$CHROMIUM" ]
}

# fp_chromium ARG...: runs Chromium headless on ARG... (e.g. --dump-dom URL)
# with a fresh profile under $T, no sandbox (tests may run as root), no GPU,
# no background network, sync or updates, killed after 120 s; its stderr goes
# to $T/chrome.err. Returns Chromium's status.
fp_chromium() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$T")" "$@" 2> "$T/chrome.err"
}

# fp_chromium_pages "SELECTOR..." FILE...: loads every HTML FILE in one
# Chromium run (a page of iframes, one per FILE, checked by a script once all
# have loaded; --allow-file-access-from-files lets it read them) and checks
# that each came back as a document at its own URL, that every
# space-separated CSS SELECTOR matches in it, and that Chromium's DOM has as
# many elements of each name as the file has start tags (html, head, body and
# tbody, which the parser adds, aside; text inside script and style elements
# and comments not counted): an element left open that swallows the rest of
# the page as text (title, textarea, style, a comment), a stray end tag, or
# misnesting the parser repairs by adding or dropping elements shows up as a
# difference. Prints "chromium: FILE: problem"
# for each page that fails and returns 1; 0 when all pass and Chromium
# exited 0.
fp_chromium_pages() {
    local sel=$1 f u d
    shift
    d=$(mktemp -d -p "$T")
    {
        printf '<!DOCTYPE html><html><head><meta charset="utf-8"><title>pages</title></head><body>\n'
        for f in "$@"; do
            # A file URL: percent-encode what a URL or the attribute would take.
            u=$(printf '%s' "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" |
                sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g' -e 's/?/%3F/g' -e 's/"/%22/g' -e 's/&/%26/g' -e 's/</%3C/g' -e 's/>/%3E/g')
            printf '<iframe data-file="%s" src="file://%s"></iframe>\n' "$(printf '%s' "$f" | sed -e 's/&/\&amp;/g' -e 's/"/\&quot;/g' -e 's/</\&lt;/g')" "$u"
        done
        printf '<pre id="out">not run</pre><script data-sel="%s">\n' "$sel"
        cat <<'EOJS'
var implied = { html: 1, head: 1, body: 1, tbody: 1 };
function tally(list) { var c = {}; for (var i = 0; i < list.length; i++) c[list[i]] = (c[list[i]] || 0) + 1; return c; }
function written(text) {
  text = text.replace(/<!--[\s\S]*?-->/g, '').replace(/(<(script|style)\b[^>]*>)[\s\S]*?(<\/\2\s*>)/gi, '$1$3');
  var re = /<([A-Za-z][A-Za-z0-9-]*)/g, m, names = [];
  while ((m = re.exec(text))) names.push(m[1].toLowerCase());
  return tally(names);
}
function check(f, sels) {
  var d = f.contentDocument, src = f.getAttribute('src'), problems = [];
  if (!d || !d.documentElement || !d.body) return ['did not load (no document)'];
  if (d.URL !== f.src) return ['came back as ' + d.URL];
  sels.forEach(function (s) { if (!d.querySelector(s)) problems.push('no ' + s); });
  var x = new XMLHttpRequest();
  x.open('GET', src, false); x.overrideMimeType('text/html; charset=utf-8'); x.send();
  var want = written(x.responseText), all = d.getElementsByTagName('*'), names = [];
  for (var i = 0; i < all.length; i++) names.push(all[i].localName.toLowerCase());
  var got = tally(names), seen = {};
  Object.keys(want).concat(Object.keys(got)).forEach(function (n) {
    if (implied[n] || seen[n]) return;
    seen[n] = 1;
    if ((want[n] || 0) !== (got[n] || 0))
      problems.push((want[n] || 0) + ' <' + n + '> written, ' + (got[n] || 0) + ' in the DOM');
  });
  return problems;
}
window.addEventListener('load', function () {
  var sels, lines = [], frames = document.querySelectorAll('iframe');
  sels = document.querySelector('script[data-sel]').getAttribute('data-sel').split(' ').filter(Boolean);
  frames.forEach(function (f) {
    var p;
    try { p = check(f, sels); } catch (e) { p = ['' + e]; }
    lines.push((p.length ? 'FAIL ' : 'ok ') + f.getAttribute('data-file') + (p.length ? ': ' + p.join('; ') : ''));
  });
  lines.push('checked ' + frames.length);
  document.getElementById('out').textContent = lines.join('\n');
});
</script></body></html>
EOJS
    } > "$d/pages.html"
    fp_chromium --allow-file-access-from-files --dump-dom "file://$d/pages.html" > "$d/dom.html"
    local rc=$?
    sed -n '/<pre id="out">/,/<\/pre>/p' "$d/dom.html" | sed -e 's/<pre id="out">//' -e 's/<\/pre>.*//' \
        -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' -e 's/&amp;/\&/g' > "$d/result"
    if [ $rc != 0 ]; then
        echo "chromium: exit $rc: $(tail -3 "$T/chrome.err")"
        return 1
    fi
    if ! grep -qx "checked $#" "$d/result"; then
        echo "chromium: the check did not run on the $# pages: $(head -3 "$d/result")"
        return 1
    fi
    if grep '^FAIL ' "$d/result" | sed 's/^FAIL /chromium: /' | grep .; then
        return 1
    fi
    return 0
}

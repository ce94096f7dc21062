#!/usr/bin/env python3
"""server.py -- a local stand-in for the Fingertips and EES APIs, for the
`fingerpost fetch` tests (tests/cli/test_fetch*.sh). Started by the test,
listening on 127.0.0.1 only; serves recorded real responses (see
tests/fetch/README.md) at the real API paths, under a first path segment
that chooses how the server misbehaves:

  /ok/...          the recorded response, with ETag and Last-Modified;
                   If-None-Match / If-Modified-Since give 304
  /slow/...        waits 5 s before answering (timeouts)
  /flaky/...       500 on the first request for each path, then /ok/
  /e500/...        always 500
  /e404/...        404 with an HTML error page
  /trunc/...       Content-Length of the whole body, half of it sent, closed
  /html/...        200 with an HTML sign-in page (text/html)
  /htmlcsv/...     200 with an HTML page labelled text/csv
  /empty/...       200 with an empty body
  /redirect/...    302 to the same path under /ok/
  /loop/...        302 to itself, for ever
  /huge/...        200, no Content-Length, 64 MB of CSV rows streamed
  /hang/...        headers and the first 64 KiB, then silence for 60 s
  /absence/...     as /ok/, but the EES data set's CSV is a composed file
                   that matches its recorded /meta (pupil absence), for the
                   generated indicator definitions

Usage: server.py REPO_ROOT PORT_FILE LOG_FILE. Writes the chosen port to
PORT_FILE, then one line per request to LOG_FILE: "MODE STATUS PATH?QUERY".
"""
import hashlib
import http.server
import os
import socketserver
import sys
import threading
import time
import urllib.parse

ROOT = sys.argv[1]
PORT_FILE = sys.argv[2]
LOG_FILE = sys.argv[3]
HERE = os.path.join(ROOT, "tests", "fetch")

FT_ID = "90284"
EES_ID = "e1ae9201-2fff-d376-8fa3-bd3c3660d4c8"
# (path, required query parameters) -> (file, content type)
ROUTES = [
    ("/api/all_data/csv/by_indicator_id", {"indicator_ids": FT_ID, "child_area_type_id": "402"},
     os.path.join(ROOT, "datasets", "fingertips_injuries_0to14_90284.csv"), "text/csv"),
    ("/api/indicator_metadata/csv/by_indicator_id", {"indicator_ids": FT_ID},
     os.path.join(HERE, "fingertips", "indicator_metadata_90284.csv"), "text/csv"),
    ("/api/areas/by_area_type", {"area_type_id": "402"},
     os.path.join(HERE, "fingertips", "areas_402.json"), "application/json"),
    ("/api/areas/by_area_type", {"area_type_id": "502"},
     os.path.join(HERE, "fingertips", "areas_502.json"), "application/json"),
    ("/api/parent_to_child_areas", {"child_area_type_id": "502", "parent_area_type_id": "6"},
     os.path.join(HERE, "fingertips", "parent_to_child_502_6.json"), "application/json"),
    ("/api/areas/by_area_type", {"area_type_id": "15"},
     os.path.join(HERE, "fingertips", "areas_15.json"), "application/json"),
    ("/api/parent_to_child_areas", {"child_area_type_id": "402", "parent_area_type_id": "15"},
     os.path.join(HERE, "fingertips", "parent_to_child_402_15.json"), "application/json"),
    ("/api/areas/by_area_type", {"area_type_id": "6"},
     os.path.join(HERE, "fingertips", "areas_6.json"), "application/json"),
    ("/api/parent_to_child_areas", {"child_area_type_id": "402", "parent_area_type_id": "6"},
     os.path.join(HERE, "fingertips", "parent_to_child_402_6.json"), "application/json"),
    ("/v1/data-sets/%s/csv" % EES_ID, {},
     os.path.join(ROOT, "datasets", "ees_cla_health.csv"), "text/csv"),
    ("/v1/data-sets/%s/meta" % EES_ID, {},
     os.path.join(HERE, "ees", "meta_e1ae9201.json"), "application/json"),
]
LAST_MODIFIED = "Mon, 01 Dec 2025 09:00:00 GMT"
HTML = (b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
        b"<body><p>Service unavailable: please sign in.</p></body></html>\n")

seen = {}
lock = threading.Lock()


def log(mode, status, target):
    with lock, open(LOG_FILE, "a") as f:
        f.write("%s %d %s\n" % (mode, status, target))


def route(path, query):
    q = urllib.parse.parse_qs(query)
    for rpath, need, fname, ctype in ROUTES:
        if path != rpath:
            continue
        if all(q.get(k, [""])[0].replace(",", "%2C") == v for k, v in need.items()):
            return fname, ctype
    return None, None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, ctype="text/csv", extra=None, length=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = urllib.parse.urlsplit(self.path)
        segs = parts.path.split("/", 2)
        mode = segs[1] if len(segs) > 1 else ""
        rest = "/" + (segs[2] if len(segs) > 2 else "")
        target = rest + ("?" + parts.query if parts.query else "")
        fname, ctype = route(rest, parts.query)
        orig = mode
        if mode == "absence":
            mode = "ok"
            if rest == "/v1/data-sets/%s/csv" % EES_ID:
                fname = os.path.join(HERE, "ees", "absence_e1ae9201.csv")
        if mode == "flaky":
            with lock:
                n = seen.get(target, 0)
                seen[target] = n + 1
            mode = "e500" if n == 0 else "ok"
        if mode == "redirect" or mode == "loop":
            dest = ("/ok" if mode == "redirect" else "/loop") + target
            log(orig, 302, target)
            self.send(302, b"", extra={"Location": dest})
            return
        if mode == "e500":
            log(orig, 500, target)
            self.send(500, b"Internal Server Error\n", "text/plain")
            return
        if mode == "e404" or fname is None:
            log(orig, 404, target)
            self.send(404, b"<html><body><h1>404 Not Found</h1></body></html>\n", "text/html")
            return
        if mode == "html":
            log(orig, 200, target)
            self.send(200, HTML, "text/html; charset=utf-8")
            return
        if mode == "htmlcsv":
            log(orig, 200, target)
            self.send(200, HTML, "text/csv")
            return
        if mode == "empty":
            log(orig, 200, target)
            self.send(200, b"", ctype)
            return
        if mode == "huge":
            log(orig, 200, target)
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Connection", "close")
            self.end_headers()
            row = b"90284,E92000001,2023/24,1.0\n" * 4096
            try:
                for _ in range(64 * 1024 * 1024 // len(row)):
                    self.wfile.write(row)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        with open(fname, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:32]
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if mode == "slow":
            time.sleep(5)
        if mode == "ok" and (self.headers.get("If-None-Match") == etag
                             or self.headers.get("If-Modified-Since") == LAST_MODIFIED):
            log(orig, 304, target)
            self.send_response(304)
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            return
        if mode == "trunc":
            log(orig, 200, target)
            self.send(200, body[: len(body) // 2], ctype, headers, length=len(body))
            self.close_connection = True
            return
        if mode == "hang":
            log(orig, 200, target)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:65536])
            self.wfile.flush()
            time.sleep(60)
            self.close_connection = True
            return
        log(orig, 200, target)
        self.send(200, body, ctype, headers)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass   # clients hang up on purpose (size limit, interrupts)


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = PORT_FILE + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, PORT_FILE)
    srv.serve_forever()


if __name__ == "__main__":
    main()

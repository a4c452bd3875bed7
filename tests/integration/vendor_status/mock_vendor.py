#!/usr/bin/python3
"""A mock vendor status page for Pharos's vendor poller tests. Loopback only.

Serves the recorded Statuspage sequence in --fixtures (files sorted by name: step 0, 1, …) at
/api/v2/incidents.json with an ETag and Last-Modified per step, answering 304 to a matching
If-None-Match or If-Modified-Since. Prints one JSON line {"port": N} when ready.
/api/v2/summary.json carries the components of the step: CDN is partial_outage while the incident
is open (steps 1 and 2), operational otherwise; DNS is operational unless /_control?dns=S sets it
(a component down without any incident). Also with ETags and 304s.
Control (not logged):
  /_control?step=N            serve step N
  /_control?dns=S             DNS's status in summary.json (operational, major_outage, …)
  /_control?mode=M            ok | error (503) | limit (429, Retry-After: 120) | html | truncate |
                              hang (never answers) | huge | future (the step with its
                              times moved to 2031: a vendor lying about its times)
  /_log                       JSON list of the logged requests: path, if_none_match,
                              if_modified_since, status
Exits when stdin closes (the test process died) or after --lifetime seconds.
"""
import argparse, hashlib, json, os, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

STATE = {"step": 0, "mode": "ok", "dns": "operational", "log": []}
LOCK = threading.Lock()
STEPS = []


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    entry = None  # the request being answered, logged before the answer goes out (a test may ask
                  # for /_log the moment it has the answer)

    def send(self, status, body=b"", ctype="application/json", headers=None):
        if self.entry is not None:
            self.entry["status"] = status
            with LOCK:
                STATE["log"].append(self.entry)
            self.entry = None
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def control(self, url):
        q = parse_qs(url.query)
        with LOCK:
            if "step" in q:
                STATE["step"] = int(q["step"][0])
            if "mode" in q:
                STATE["mode"] = q["mode"][0]
            if "dns" in q:
                STATE["dns"] = q["dns"][0]
        self.send(200, b"ok", "text/plain")

    def document(self):
        with LOCK:
            step, mode = STATE["step"], STATE["mode"]
        body = STEPS[step]
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(1717200000 + step * 60))
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if mode == "hang":
            self.entry["status"] = 0
            with LOCK:
                STATE["log"].append(self.entry)
            self.entry = None
            time.sleep(30)
            return 0
        if mode == "error":
            self.send(503, b"upstream unavailable", "text/plain")
            return 503
        if mode == "limit":
            self.send(429, b"slow down", "text/plain", headers={"Retry-After": "120"})
            return 429
        if mode == "html":
            self.send(200, b"<!DOCTYPE html><html><body>We'll be right back</body></html>", "text/html")
            return 200
        if mode == "truncate":
            self.send(200, body[: len(body) // 2], headers={"ETag": '"cut"'})
            return 200
        if mode == "future":
            self.send(200, body.replace(b"2024-06-01T12", b"2031-06-01T12"), headers={"ETag": '"future"'})
            return 200
        if mode == "huge":
            self.send(200, b"{" + b" " * (512 * 1024) + b"}")
            return 200
        if (inm is not None and inm == etag) or (inm is None and ims == modified):
            self.send(304, headers={"ETag": etag})
            return 304
        self.send(200, body, headers={"ETag": etag, "Last-Modified": modified})
        return 200

    def summary(self):
        with LOCK:
            step, mode, dns = STATE["step"], STATE["mode"], STATE["dns"]
        if mode != "ok":
            return self.document()  # the same failure as the incidents document
        cdn = "partial_outage" if step in (1, 2) else "operational"
        body = json.dumps({
            "page": {"id": "acmepage", "name": "Acme Cloud", "url": "https://status.acme-cloud.example",
                     "updated_at": "2024-06-01T12:00:00Z"},
            "components": [
                {"id": "edge", "name": "Edge", "group": True, "status": cdn},
                {"id": "cdn", "name": "CDN", "status": cdn, "group_id": "edge",
                 "updated_at": "2024-06-01T12:0%d:00Z" % step},
                {"id": "dns", "name": "DNS", "status": dns,
                 "updated_at": "2024-05-01T00:00:00Z"},
                {"id": "dash", "name": "Dashboard", "status": "operational"}],
            "incidents": []}).encode()
        etag = '"s' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, headers={"ETag": etag})
        self.send(200, body, headers={"ETag": etag})

    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/_control":
            return self.control(url)
        if url.path == "/_log":
            with LOCK:
                data = json.dumps(STATE["log"]).encode()
            return self.send(200, data)
        self.entry = {"path": url.path, "if_none_match": self.headers.get("If-None-Match"),
                      "if_modified_since": self.headers.get("If-Modified-Since")}
        if url.path == "/api/v2/incidents.json":
            self.document()
        elif url.path == "/api/v2/summary.json":
            self.summary()
        else:
            self.send(404, b"not found", "text/plain")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--lifetime", type=int, default=300)
    args = parser.parse_args()
    for name in sorted(os.listdir(args.fixtures)):
        with open(os.path.join(args.fixtures, name), "rb") as f:
            STEPS.append(f.read())
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    deadline = time.time() + args.lifetime

    def watch_stdin():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=watch_stdin, daemon=True).start()
    while time.time() < deadline:
        time.sleep(0.2)
    os._exit(0)


if __name__ == "__main__":
    main()

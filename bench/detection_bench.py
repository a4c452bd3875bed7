#!/usr/bin/python3
"""Detection latency of incident automation (issue 6), measured end to end on loopback.

Starts a toggleable HTTP target and `pharos serve` with one http monitor (interval 1s, fall 3,
rise 1, short automation holds), then induces N outages one after another. For each, the latency
is the incident's `created_at` (from /api/v2/incidents/unresolved.json, millisecond precision)
minus the moment the target started failing. Bar: every one within interval × fall + 1 s = 4 s.

Usage: bench/detection_bench.py [--outages 100] [--pharos build/src/cli/pharos]
Loopback only; every wait is bounded.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, threading, time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import urlopen

STATE = {"failing": False}


class Target(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        status = 500 if STATE["failing"] else 200
        body = b"down" if STATE["failing"] else b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def get_json(port, path):
    with urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
        return json.load(r)


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def wait_for(predicate, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--outages", type=int, default=100)
    ap.add_argument("--pharos", default="build/src/cli/pharos")
    args = ap.parse_args()

    target = ThreadingHTTPServer(("127.0.0.1", 0), Target)
    threading.Thread(target=target.serve_forever, daemon=True).start()
    tport = target.server_address[1]

    work = tempfile.mkdtemp(prefix="pharos-detect-")
    with open(os.path.join(work, "pharos.yaml"), "w") as f:
        f.write(f"""page: {{ name: Bench }}
components: [ {{ id: api, name: API }} ]
monitors:
  - {{ name: api-health, component: api, kind: http, url: "http://127.0.0.1:{tport}/",
      interval: 1s, timeout: 900ms, fall: 3, rise: 1 }}
automation: {{ monitoring_after: 1s, resolve_after: 1s, reopen_within: 0 }}
log_level: warn
""")
    proc = subprocess.Popen([os.path.abspath(args.pharos), "--config", "pharos.yaml", "--data",
                             "data", "serve", "--listen", "127.0.0.1:0"], cwd=work,
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    port = int(line.strip().rsplit(":", 1)[1])
    latencies = []
    try:
        for n in range(args.outages):
            # Let the monitor see health first (rise), then fail at a random phase of the interval.
            time.sleep(1.2 + (n % 10) / 10)
            STATE["failing"] = True
            t0 = time.time()
            incident = wait_for(lambda: (get_json(port, "/api/v2/incidents/unresolved.json")
                                         ["incidents"] or [None])[0], timeout=15)
            STATE["failing"] = False
            if not incident:
                print(f"outage {n}: no incident within 15 s", file=sys.stderr)
                latencies.append(float("inf"))
                continue
            latencies.append(parse_time(incident["created_at"]) - t0)
            wait_for(lambda: not get_json(port, "/api/v2/incidents/unresolved.json")["incidents"],
                     timeout=20)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        target.shutdown()
    bar = 1.0 * 3 + 1.0
    finite = sorted(l for l in latencies if l != float("inf"))
    q = lambda p: finite[min(len(finite) - 1, int(p * len(finite)))] if finite else float("nan")
    print(f"outages {len(latencies)}  detected {len(finite)}")
    print(f"latency s: min {finite[0]:.3f}  p50 {statistics.median(finite):.3f}  "
          f"p95 {q(0.95):.3f}  max {finite[-1]:.3f}")
    over = sum(1 for l in latencies if l > bar)
    print(f"bar interval x fall + 1s = {bar:.1f}s: {len(latencies) - over}/{len(latencies)} within")
    return 0 if over == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

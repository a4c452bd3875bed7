#!/usr/bin/python3
"""Detection latency of incident automation (issue 6), and no incident from noise, end to end on
loopback.

Starts two HTTP targets and `pharos serve` with two http monitors on two components:
  api    interval 1s, fall 3, rise 1, against a target the bench switches to HTTP 500 N times (an
         outage each, at a varying phase of the interval); latency = the incident's `created_at`
         (from /api/v2/incidents.json, millisecond precision) − the moment the target started
         failing. Bar: every one within interval × fall + 1 s = 4 s.
  noise  interval 1s, the default thresholds (fall 5, rise 2), against a target that answers 500
         to 5 % of requests at random, for the whole run. Bar: no incident ever names it.

Usage: bench/detection_bench.py [--outages 100] [--pharos build/src/cli/pharos] [--smoke]
  --smoke: 2 outages (~20 s) for CI: the bench still runs; its figures mean little.
Loopback only; every wait is bounded; pharos is stopped on every exit path.
"""
import argparse, json, os, random, shutil, signal, statistics, subprocess, sys, tempfile, threading, time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.request import urlopen

import pharos_process

STATE = {"failing": False, "noise_requests": 0, "noise_failures": 0}
NOISE = random.Random(5)
NOISE_SHARE = 0.05


class Target(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/noise"):
            STATE["noise_requests"] += 1
            failing = NOISE.random() < NOISE_SHARE
            STATE["noise_failures"] += failing
        else:
            failing = STATE["failing"]
        body = b"down" if failing else b"ok"
        self.send_response(500 if failing else 200)
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


def write_config(work, tport):
    with open(os.path.join(work, "pharos.yaml"), "w") as f:
        f.write(f"""page: {{ name: Bench }}
components: [ {{ id: api, name: API }}, {{ id: noise, name: Noisy }} ]
monitors:
  - {{ name: api-health, component: api, kind: http, url: "http://127.0.0.1:{tport}/",
      interval: 1s, timeout: 900ms, fall: 3, rise: 1 }}
  - {{ name: noise-health, component: noise, kind: http, url: "http://127.0.0.1:{tport}/noise",
      interval: 1s, timeout: 900ms }}
automation: {{ monitoring_after: 1s, resolve_after: 1s, reopen_within: 0 }}
log_level: warn
""")


def unresolved(port, component):
    for incident in get_json(port, "/api/v2/incidents/unresolved.json")["incidents"]:
        if any(c["id"] == component for c in incident.get("components", [])):
            return incident
    return None


def measure_outages(port, outages):
    latencies = []
    for n in range(outages):
        # Let the monitor see health first (rise), then fail at a varying phase of the interval.
        time.sleep(1.2 + (n % 10) / 10)
        STATE["failing"] = True
        t0 = time.time()
        incident = wait_for(lambda: unresolved(port, "api"), timeout=15)
        STATE["failing"] = False
        if not incident:
            print(f"outage {n}: no incident within 15 s", file=sys.stderr)
            latencies.append(float("inf"))
            continue
        latencies.append(parse_time(incident["created_at"]) - t0)
        wait_for(lambda: not unresolved(port, "api"), timeout=20)
    return latencies


def noise_incidents(port):
    return [i["name"] for i in get_json(port, "/api/v2/incidents.json")["incidents"]
            if any(c["id"] == "noise" for c in i.get("components", []))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--outages", type=int, default=100)
    ap.add_argument("--pharos", default="build/src/cli/pharos")
    ap.add_argument("--smoke", action="store_true")
    args = ap.parse_args()
    if args.smoke:
        args.outages = 2
    # SIGTERM unwinds like Ctrl-C, so the finally below stops pharos.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    target = ThreadingHTTPServer(("127.0.0.1", 0), Target)
    target.daemon_threads = True
    threading.Thread(target=target.serve_forever, daemon=True).start()
    work = tempfile.mkdtemp(prefix="pharos-detect-")
    write_config(work, target.server_address[1])
    proc = None
    try:
        proc, url = pharos_process.start_serve(os.path.abspath(args.pharos), work,
                                               ["--config", "pharos.yaml", "--data", "data"])
        port = int(url.rsplit(":", 1)[1])
        started = time.monotonic()
        latencies = measure_outages(port, args.outages)
        noisy = noise_incidents(port)
        noise_minutes = (time.monotonic() - started) / 60
    finally:
        if proc:
            pharos_process.stop(proc)
        target.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    bar = 1.0 * 3 + 1.0
    finite = sorted(l for l in latencies if l != float("inf"))
    q = lambda p: finite[min(len(finite) - 1, int(p * len(finite)))] if finite else float("nan")
    print(f"outages {len(latencies)}  detected {len(finite)}")
    if finite:
        print(f"latency s: min {finite[0]:.3f}  p50 {statistics.median(finite):.3f}  "
              f"p95 {q(0.95):.3f}  max {finite[-1]:.3f}")
    over = sum(1 for l in latencies if l > bar)
    print(f"bar interval x fall + 1s = {bar:.1f}s: {len(latencies) - over}/{len(latencies)} within")
    print(f"noise: {STATE['noise_failures']} of {STATE['noise_requests']} checks failed "
          f"({100.0 * STATE['noise_failures'] / max(1, STATE['noise_requests']):.1f} %) over "
          f"{noise_minutes:.1f} min; incidents naming it: {len(noisy)} (bar 0)")
    return 0 if over == 0 and not noisy else 1


if __name__ == "__main__":
    sys.exit(main())

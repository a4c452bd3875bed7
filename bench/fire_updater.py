#!/usr/bin/env python3
"""Posts an incident update once a second and measures how soon each shows on the public page.

Used by bench/fire_bench.sh while wrk loads the page. Each update's body carries a fresh nonce;
once the management API has accepted it (PATCH /incidents/{id}; Pharos answers only once the
page shows the change), the public `/` is fetched every POLL seconds, on a fresh connection and
gzipped as browsers ask, until the nonce is in it. The time from sending the update to the first
page that shows it is the update's visibility latency (the API's answer time is recorded too).
One JSON line per update goes to OUT; the run ends when the file STOP appears, after MOST
updates, or on SIGTERM. When PHASE is given, each line also carries the phase the bench was in
when the update was sent (the file's first line, read at each send: e.g. "quiet" or "pharos"
while wrk hits Pharos), so the figures can be told apart by what else the machine was doing.

usage: fire_updater.py PHAROS_URL TOKEN INCIDENT_ID OUT STOP MOST [PHASE]
"""
import gzip
import json
import os
import signal
import sys
import time
import urllib.request

POLL = 0.005     # seconds between page fetches while an update is not yet visible
GIVE_UP = 10.0   # an update not visible after this long is recorded as lost (visible_s null)
STATUSES = ("identified", "monitoring", "investigating")


def patch_incident(base, token, incident, body, status):
    data = json.dumps({"incident": {"status": status, "body": body}}).encode()
    request = urllib.request.Request(
        f"{base}/api/manage/v1/incidents/{incident}", data=data, method="PATCH",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        answer.read()


def page_has(base, needle):
    # As a browser asks (and as wrk does here): gzip, so the poll reads the ~40 KB the page's
    # readers get, not the ~600 KB plain page, which took ~0.5 s to write under fire.
    request = urllib.request.Request(f"{base}/", headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            body = answer.read()
            if answer.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            return needle in body
    except OSError:
        return False  # refused or timed out under load: the next poll tries again


def read_phase(path):
    if not path:
        return None
    try:
        with open(path) as f:
            return f.readline().strip() or None
    except OSError:
        return None


def main():
    base, token, incident, out, stop, most = sys.argv[1:7]
    phase_file = sys.argv[7] if len(sys.argv) > 7 else None
    running = [True]
    signal.signal(signal.SIGTERM, lambda *_: running.__setitem__(0, False))
    with open(out, "a") as sink:
        for n in range(int(most)):
            if not running[0] or os.path.exists(stop):
                break
            phase = read_phase(phase_file)
            started = time.monotonic()
            nonce = f"fire{os.getpid()}x{n}"
            patch_incident(base, token, incident, f"Update {n}: still working on it ({nonce}).",
                           STATUSES[n % len(STATUSES)])
            accepted = time.monotonic()
            visible = None
            while running[0] and time.monotonic() - accepted < GIVE_UP:
                if page_has(base, nonce.encode()):
                    visible = time.monotonic() - started
                    break
                time.sleep(POLL)
            if visible is None and not running[0]:
                break  # stopped while polling: the update was not given its time
            sink.write(json.dumps({"n": n, "phase": phase, "post_s": round(accepted - started, 4),
                                   "visible_s": None if visible is None else round(visible, 4)})
                       + "\n")
            sink.flush()
            time.sleep(max(0.0, 1.0 - (time.monotonic() - started)))


if __name__ == "__main__":
    main()

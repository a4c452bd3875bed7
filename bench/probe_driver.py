#!/usr/bin/python3
"""Drives prometheus-blackbox-exporter at a fixed probe rate for bench/probe_bench.sh.

usage: probe_driver.py EXPORTER_PORT TARGET_URL RATE SECONDS
Sends GET /probe?module=http_2xx&target=URL at RATE per second (spread over worker threads on
keep-alive connections) for SECONDS and prints {"probes": n, "succeeded": k, "seconds": s}.
"""
import http.client, json, sys, threading, time, urllib.parse

port, target, rate, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
threads = 16
path = "/probe?module=http_2xx&target=" + urllib.parse.quote(target, safe="")
lock = threading.Lock()
counts = {"probes": 0, "succeeded": 0}


def worker(offset):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    period = threads / rate
    start = time.monotonic() + offset * period / threads
    end = time.monotonic() + seconds
    n = 0
    while True:
        due = start + n * period
        if due >= end:
            break
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        n += 1
        try:
            conn.request("GET", path)
            body = conn.getresponse().read()
        except (OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        with lock:
            counts["probes"] += 1
            counts["succeeded"] += b"\nprobe_success 1" in body


began = time.monotonic()
pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
for t in pool:
    t.start()
for t in pool:
    t.join()
counts["seconds"] = round(time.monotonic() - began, 3)
print(json.dumps(counts))

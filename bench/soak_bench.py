#!/usr/bin/python3
"""Soak (issue 17): the whole `pharos serve` for half an hour under a normal bad day, watched for
growth in memory and open files.

Runs, all on 127.0.0.1:
- `pharos serve` with --monitors http monitors: all but 100 of them (30 s apart) check a healthy
  nginx (--target); the 100 flapping ones (10 s apart, fall 2, rise 1) check a target in this
  process that answers 200 for 90 s, then 500 for as long, over and over, so automation opens and
  resolves incidents and notifications go out the whole time;
- a webhook receiver (the alert route of `notify:`) that is up for 120 s, then gone (its port
  refuses connections) for 60 s, over and over, so deliveries fail, back off and are retried;
- page traffic: two clients asking for `/`, summary.json, incidents.json and `/history` (gzip,
  as browsers do) about 20 times a second each.
Every 30 s it records Pharos's RSS (VmRSS), open files (/proc/PID/fd), threads and
CPU. After --duration seconds it compares the samples after --warmup: the median RSS of the last
five samples against the first five, and the most open files late against early. Bar: neither
grows (RSS within 5 %, open files within 16). Prints one line per sample and the verdict.

Usage: bench/soak_bench.py --pharos BINARY --target URL [--monitors 10000] [--duration 1800]
  [--warmup 300] [--smoke]
  --smoke (CI, ~45 s): 200 monitors, seconds-long phases; fails only when Pharos exits, the page
  stops answering, or no webhook arrives after the receiver came back (a growth verdict over
  seconds means nothing).
Every loop is bounded by --duration; everything started is stopped on every exit path.
"""
import argparse, os, shutil, signal, socket, statistics, sys, tempfile, threading, time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pharos_process
from scale_config import scale_config

# The phases of a full run and of the smoke run (seconds; monitor counts).
FULL = {"flapping": 100, "flap_interval": 10, "sample": 30, "flap": 90, "receiver_up": 120,
        "receiver_down": 60}
SMOKE = {"monitors": 200, "duration": 40, "warmup": 10, "flapping": 10, "flap_interval": 1,
         "sample": 2, "flap": 6, "receiver_up": 8, "receiver_down": 6}


class Quiet(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(handler, port=0):
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def flapping_target(period):
    """Answers 200 for `period` seconds, then 500 for as long, from its start."""
    started = time.monotonic()

    class Flap(Quiet):
        def do_GET(self):
            up = int((time.monotonic() - started) / period) % 2 == 0
            body = b"ok\n" if up else b"failing\n"
            self.send_response(200 if up else 500)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except BrokenPipeError:
                pass  # libcurl with FAILONERROR hangs up on a 500 without reading the body
    return serve(Flap)


class Receiver:
    """A webhook receiver that comes and goes on one port."""
    def __init__(self):
        self.received = 0
        self.received_after_return = 0
        self.returned = False
        self.lock = threading.Lock()
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.server = None

    def up(self):
        owner = self

        class Hook(Quiet):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with owner.lock:
                    owner.received += 1
                    owner.received_after_return += owner.returned
                self.send_response(204)
                self.end_headers()
        self.server = serve(Hook, self.port)

    def down(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
        self.returned = True  # the next up() is a return


def page_traffic(base, stop, counts):
    paths = ["/", "/api/v2/summary.json", "/api/v2/incidents.json", "/history"]
    n = 0
    while not stop.is_set():
        request = urllib.request.Request(base + paths[n % len(paths)],
                                         headers={"Accept-Encoding": "gzip"})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                answer.read()
            counts["ok"] += 1
        except OSError:
            counts["failed"] += 1
        n += 1
        stop.wait(0.05)


def sample(pid):
    status = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            status[key] = value.split()
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return {"rss_kib": int(status["VmRSS"][0]), "hwm_kib": int(status["VmHWM"][0]),
            "threads": int(status["Threads"][0]), "fds": len(os.listdir(f"/proc/{pid}/fd")),
            "cpu_s": (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")}


def write_config(path, args, flap_url, hook_port):
    with open(path, "w") as f:
        f.write(scale_config(args.monitors, 30, args.target, name="Soak", flapping=args.flapping,
                             flap_url=flap_url, flap_interval=args.flap_interval))
        f.write("notify:\n"
                f"  - {{ kind: webhook, url: \"http://127.0.0.1:{hook_port}/hook\" }}\n"
                "  - { kind: delivery, backoff_base: 1s, backoff_max: 10s, timeout: 5s }\n")


def verdict(samples, warmup):
    late = [s for s in samples if s["t"] >= warmup]
    if len(late) < 10:
        return None
    first, last = late[:5], late[-5:]
    rss0 = statistics.median(s["rss_kib"] for s in first)
    rss1 = statistics.median(s["rss_kib"] for s in last)
    fds0 = max(s["fds"] for s in first)
    fds1 = max(s["fds"] for s in last)
    return {"rss_start_mib": rss0 / 1024, "rss_end_mib": rss1 / 1024, "fds_start": fds0,
            "fds_end": fds1, "rss_ok": rss1 <= rss0 * 1.05, "fds_ok": fds1 <= fds0 + 16}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pharos", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--monitors", type=int, default=10000)
    parser.add_argument("--duration", type=float, default=1800)
    parser.add_argument("--warmup", type=float, default=300)
    parser.add_argument("--smoke", action="store_true")
    args = argparse.Namespace(**{**vars(parser.parse_args()), **FULL})
    if args.smoke:
        vars(args).update(SMOKE)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("soak: terminated"))

    workdir = tempfile.mkdtemp(prefix="pharos-soak-")
    flapper = flapping_target(args.flap)
    receiver = Receiver()
    receiver.up()
    write_config(os.path.join(workdir, "pharos.yaml"), args,
                 f"http://127.0.0.1:{flapper.server_address[1]}/", receiver.port)
    stop = threading.Event()
    counts = {"ok": 0, "failed": 0}
    proc = None
    try:
        with open(os.path.join(workdir, "pharos.err"), "w") as err:
            proc, url = pharos_process.start_serve(args.pharos, workdir, ["--log-level", "warn"],
                                                   stderr=err)
        clients = [threading.Thread(target=page_traffic, args=(url, stop, counts), daemon=True)
                   for _ in range(2)]
        for c in clients:
            c.start()
        print(f"soak: {time.strftime('%FT%TZ', time.gmtime())}, {os.cpu_count()} cores, load "
              f"{os.getloadavg()[0]:.1f}; {args.monitors} monitors ({args.flapping} flapping every "
              f"{args.flap:.0f} s), receiver up {args.receiver_up:.0f} s / down "
              f"{args.receiver_down:.0f} s, {args.duration:.0f} s, samples every {args.sample:.0f} s",
              flush=True)
        samples, started = [], time.monotonic()
        cycle = args.receiver_up + args.receiver_down
        while (elapsed := time.monotonic() - started) < args.duration:
            if proc.poll() is not None:
                sys.exit(f"soak: FAIL (pharos exited with {proc.returncode} after {elapsed:.0f} s)")
            should_be_up = elapsed % cycle < args.receiver_up
            if should_be_up and receiver.server is None:
                receiver.up()
            elif not should_be_up and receiver.server is not None:
                receiver.down()
            s = sample(proc.pid)
            s["t"] = elapsed
            samples.append(s)
            print(f"  t={elapsed:6.0f}s rss={s['rss_kib'] / 1024:6.1f} MiB fds={s['fds']:4d} "
                  f"threads={s['threads']:3d} cpu={s['cpu_s']:7.1f} s page ok/failed="
                  f"{counts['ok']}/{counts['failed']} webhooks={receiver.received} "
                  f"receiver={'up' if receiver.server else 'down'}", flush=True)
            time.sleep(min(args.sample, max(0.0, args.duration - elapsed)))
        stop.set()
        v = verdict(samples, args.warmup)
        cpu = samples[-1]["cpu_s"] - samples[0]["cpu_s"]
        print(f"\nsoak: {len(samples)} samples; CPU {100 * cpu / max(1, samples[-1]['t'] - samples[0]['t']):.1f} % "
              f"of a core; peak RSS {samples[-1]['hwm_kib'] / 1024:.1f} MiB; page {counts['ok']} ok, "
              f"{counts['failed']} failed; webhooks {receiver.received} "
              f"({receiver.received_after_return} after the receiver came back)")
        if v:
            print(f"after {args.warmup:.0f} s: RSS {v['rss_start_mib']:.1f} -> {v['rss_end_mib']:.1f} MiB "
                  f"(median of the first and last five samples), open files {v['fds_start']} -> "
                  f"{v['fds_end']}")
            print("bar (RSS within 5 %, open files within 16, after the warm-up):",
                  "not judged in a smoke run" if args.smoke
                  else "MET" if v["rss_ok"] and v["fds_ok"] else "NOT MET")
        if args.smoke:
            broken = counts["ok"] == 0 or receiver.received_after_return == 0 or len(samples) < 5
            print("smoke:", "FAIL (no page answers, or no webhook after the receiver came back)"
                  if broken else "ok")
            sys.exit(1 if broken else 0)
    finally:
        stop.set()
        if proc:
            pharos_process.stop(proc, timeout=15)
        receiver.down()
        flapper.shutdown()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Hostile sockets against one HTTP server on loopback, and probes of its page meanwhile.

A holder process opens IDLE sockets that send nothing and SLOW sockets that send a request head
one header line per second and never finish it (slowloris); whatever the server closes is opened
again (at most --reopen-rate per second), so the pressure stays on. Once every socket has been
opened, the main process probes the page every --interval seconds (a fresh connection, GET, the
whole answer read, --timeout per probe) and prints one JSON line: probes, answered (status 200),
p50/p99 latency of the answered ones in ms, and what the holder saw.

Used by bench/conn_pressure.sh; only 127.0.0.0/8 targets are accepted.
"""
import argparse
import collections
import json
import multiprocessing
import resource
import select
import socket
import statistics
import sys
import time


def raise_fd_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def open_socket(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    try:
        s.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass  # in progress: held all the same
    except OSError:
        s.close()
        return None
    return s


class Holder:
    def __init__(self, port, idle, slow, reopen_rate):
        self.port, self.reopen_rate = port, reopen_rate
        self.kinds = ["idle"] * idle + ["slow"] * slow
        self.socks = [None] * len(self.kinds)
        self.by_fd = {}
        self.lines = [0] * len(self.kinds)
        self.poller = select.epoll()
        self.opened = self.closed_by_server = 0
        self.to_open = collections.deque(range(len(self.kinds)))
        self.slow = [i for i, k in enumerate(self.kinds) if k == "slow"]
        self.next_slow = 0

    def open(self, i):
        s = open_socket(self.port)
        self.socks[i], self.lines[i] = s, 0
        if s is None:
            self.to_open.append(i)
            return
        self.opened += 1
        self.by_fd[s.fileno()] = i
        self.poller.register(s.fileno(), select.EPOLLIN | select.EPOLLRDHUP)

    def drop(self, i):
        s = self.socks[i]
        self.poller.unregister(s.fileno())
        del self.by_fd[s.fileno()]
        s.close()
        self.socks[i] = None
        self.to_open.append(i)

    def held(self):
        return sum(1 for s in self.socks if s is not None)

    def service(self, budget):
        """Notices closed sockets, reopens up to `budget`, advances slow ones; returns reopens."""
        for fd, _ in self.poller.poll(0.01):
            i = self.by_fd.get(fd)
            if i is None:
                continue
            try:
                self.socks[i].recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                pass
            # Closed, reset, or answered (a 408/400 before closing): the slot is gone either way.
            self.drop(i)
            self.closed_by_server += 1
        reopened = 0
        while self.to_open and reopened < budget:
            self.open(self.to_open.popleft())
            reopened += 1
        self.advance_slow()
        return reopened

    def advance_slow(self):
        """Sends the next header line on about 1/20 of the slow sockets (each every ~1 s at 20
        rounds a second)."""
        slow = self.slow
        if not slow:
            return
        step = max(1, len(slow) // 20)
        for i in slow[self.next_slow:self.next_slow + step]:
            s = self.socks[i]
            if s is None:
                continue
            line = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" if self.lines[i] == 0 else b"X-Slow: 1\r\n"
            try:
                s.send(line)
                self.lines[i] += 1
            except OSError:
                pass  # not connected yet, or closed: the poller will tell
        self.next_slow = (self.next_slow + step) % len(slow)


def hold(port, idle, slow, reopen_rate, ready, stop, report):
    raise_fd_limit()
    h = Holder(port, idle, slow, reopen_rate)
    deadline = time.monotonic() + 120
    while h.opened < len(h.kinds) and time.monotonic() < deadline:  # each socket opened once
        h.service(1000)
    ready.set()
    last = time.monotonic()
    while not stop.is_set():
        now = time.monotonic()
        h.service(max(1, int(reopen_rate * (now - last))))
        last = now
    report.put({"held_at_end": h.held(), "opened": h.opened,
                "closed_by_server": h.closed_by_server})


def probe(port, path, timeout):
    """Seconds to a complete 200 answer, or None."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(max(0.001, timeout - (time.monotonic() - started)))
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
                head, sep, body = data.partition(b"\r\n\r\n")
                if sep:
                    lengths = [l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                    if lengths and len(body) >= int(lengths[0].split(b":")[1]):
                        break
            if data.startswith(b"HTTP/1.1 200"):
                return time.monotonic() - started
    except OSError:
        pass
    return None


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--path", default="/")
    p.add_argument("--idle", type=int, default=10000)
    p.add_argument("--slow", type=int, default=2000)
    p.add_argument("--probes", type=int, default=80)
    p.add_argument("--interval", type=float, default=0.5)
    p.add_argument("--timeout", type=float, default=5.0)
    p.add_argument("--reopen-rate", type=float, default=500.0)
    p.add_argument("--pid", type=int, help="server process whose RSS is sampled at the end")
    a = p.parse_args()
    if raise_fd_limit() < a.idle + a.slow + 100:
        sys.exit(f"conn_pressure_client: the fd hard limit is below {a.idle + a.slow + 100}")
    ready, stop, report = multiprocessing.Event(), multiprocessing.Event(), multiprocessing.Queue()
    holder = multiprocessing.Process(target=hold, args=(a.port, a.idle, a.slow, a.reopen_rate,
                                                        ready, stop, report))
    holder.start()
    try:
        if not ready.wait(150):
            sys.exit("conn_pressure_client: the holder did not open its sockets")
        latencies, answered = [], 0
        next_at = time.monotonic()
        for _ in range(a.probes):
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += a.interval
            took = probe(a.port, a.path, a.timeout)
            if took is not None:
                answered += 1
                latencies.append(took * 1000)
        rss = rss_kib(a.pid) if a.pid else None
        stop.set()
        held = report.get(timeout=30)
    finally:
        stop.set()
        holder.join(30)
        if holder.is_alive():
            holder.kill()
    latencies.sort()
    pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else None
    print(json.dumps({"probes": a.probes, "answered": answered,
                      "p50_ms": statistics.median(latencies) if latencies else None,
                      "p99_ms": pct(0.99), "max_ms": latencies[-1] if latencies else None,
                      "server_rss_kib": rss, **held}))


if __name__ == "__main__":
    main()

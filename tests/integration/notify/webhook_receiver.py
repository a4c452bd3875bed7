#!/usr/bin/python3
"""Webhook receiver for the notification tests.

Listens on 127.0.0.1 (--port 0 = ephemeral; a fixed port to come back on the same address after
being "down"), prints the port on the first line of stdout, answers every POST with 200 and
appends one JSON object per request to --out: the delivery id, event and signature headers and the
raw body. The test verifies signatures and order from that file. Requests to paths starting with
/slow are answered only after --slow-seconds (a peer that hangs). With --peer-process, each record
also names the process that sent it ("pid": the process owning the client end of the connection,
found through /proc; 0 when not found): the cluster tests tell which node delivered what. With
--record-first, a /slow request is recorded before the wait rather than after it (its sender is
then known while it still waits for the answer).
"""
import argparse
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()


def hex_endpoint(address, port):
    """An IPv4 endpoint as /proc/net/tcp writes it: 127.0.0.1:80 is 0100007F:0050."""
    packed = bytes(int(part) for part in address.split("."))
    return "%08X:%04X" % (int.from_bytes(packed, "little"), port)


def peer_process(client, server):
    """The pid of the process holding the client end of the connection (0 if not found)."""
    local, remote = hex_endpoint(*client), hex_endpoint(*server)
    inode = None
    with open("/proc/net/tcp", encoding="ascii") as table:
        next(table)
        for line in table:
            fields = line.split()
            if fields[1] == local and fields[2] == remote:
                inode = fields[9]
                break
    if inode is None:
        return 0
    wanted = "socket:[%s]" % inode
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fds = os.listdir("/proc/%s/fd" % pid)
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink("/proc/%s/fd/%s" % (pid, fd)) == wanted:
                    return int(pid)
            except OSError:
                continue
    return 0


def make_handler(out, slow_seconds, record_peer, record_first):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            slow = self.path.startswith("/slow")
            if slow and not record_first:
                time.sleep(slow_seconds)
            record = {
                "path": self.path,
                "delivery": self.headers.get("X-Pharos-Delivery", ""),
                "idempotency_key": self.headers.get("Idempotency-Key", ""),
                "event": self.headers.get("X-Pharos-Event", ""),
                "signature": self.headers.get("X-Pharos-Signature", ""),
                "content_type": self.headers.get("Content-Type", ""),
                "body": body,
            }
            if record_peer:
                record["pid"] = peer_process(self.client_address, self.server.server_address)
            with lock:
                with open(out, "a", encoding="utf-8") as f:
                    f.write(json.dumps(record) + "\n")
            if slow and record_first:
                time.sleep(slow_seconds)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--slow-seconds", type=float, default=5.0)
    parser.add_argument("--peer-process", action="store_true")
    parser.add_argument("--record-first", action="store_true")
    args = parser.parse_args()
    ThreadingHTTPServer.allow_reuse_address = True
    handler = make_handler(args.out, args.slow_seconds, args.peer_process, args.record_first)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


main()

#!/usr/bin/python3
"""Webhook receiver for the notification tests.

Listens on 127.0.0.1 (--port 0 = ephemeral; a fixed port to come back on the same address after
being "down"), prints the port on the first line of stdout, answers every POST with 200 and
appends one JSON object per request to --out: the delivery id, event and signature headers and the
raw body. The test verifies signatures and order from that file. Requests to paths starting with
/slow are answered only after --slow-seconds (a peer that hangs).
"""
import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()


def make_handler(out, slow_seconds):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            if self.path.startswith("/slow"):
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
            with lock:
                with open(out, "a", encoding="utf-8") as f:
                    f.write(json.dumps(record) + "\n")
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
    args = parser.parse_args()
    ThreadingHTTPServer.allow_reuse_address = True
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(args.out, args.slow_seconds))
    print(server.server_address[1], flush=True)
    server.serve_forever()


main()

#!/usr/bin/python3
"""A controllable check target for Pharos's monitor tests. Loopback only.

Listens on 127.0.0.1 (HTTP, port chosen by the kernel) and on the same port of each --node
address (e.g. 127.0.0.2, 127.0.0.3), plus HTTPS on 127.0.0.1 when --cert/--key are given.
Prints one JSON line {"http": port, "https": port} when ready. Paths:
  /healthy            200 {"status":"ok","db":"ok"}; 404 when the connection reached --sick-node
  /404 /500           that status
  /slow?ms=N          waits N ms, then 200
  /reset              closes the connection with a TCP reset
  /hang               never answers (the client must time out)
  /huge               an endless body
  /jwt?exp_in=S       {"token": "<JWT whose exp is now+S>"}
  /expiry?in=S        {"expires_at": "<ISO time now+S>"}
  /metrics            Prometheus text; open_connections{pool="main"} rises by 10 per scrape
  /host               200 with the Host header as body
  /request            200 {"method": M, "mark": the X-Probe-Mark header or "none"} (also POST)
Exits when stdin closes (the test process died) or after --lifetime seconds.
"""
import argparse, base64, json, os, socket, ssl, struct, sys, threading, time
from datetime import datetime, timezone, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

ARGS = None
GAUGE = {"value": 100}
GAUGE_LOCK = threading.Lock()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, no 40 ms delayed-ACK stall

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/json"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.do_GET()

    def do_GET(self):
        url = urlparse(self.path)
        q = parse_qs(url.query)
        local = self.connection.getsockname()[0]
        if url.path == "/healthy":
            if ARGS.sick_node and local == ARGS.sick_node:
                return self.send(404, '{"error":"not found"}')
            return self.send(200, '{"status":"ok","db":"ok"}')
        if url.path == "/404":
            return self.send(404, "not found", "text/plain")
        if url.path == "/500":
            return self.send(500, "boom", "text/plain")
        if url.path == "/slow":
            time.sleep(int(q.get("ms", ["1000"])[0]) / 1000.0)
            return self.send(200, '{"status":"ok"}')
        if url.path == "/reset":
            # SO_LINGER 0 makes close() send RST; detach so no Python file object keeps it open.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            os.close(self.connection.detach())
            self.close_connection = True
            self.wfile = open(os.devnull, "wb")
            return
        if url.path == "/hang":
            time.sleep(ARGS.lifetime)
            return
        if url.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(100000):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        if url.path == "/jwt":
            exp = int(time.time()) + int(q.get("exp_in", ["3600"])[0])
            token = ".".join([b64(b'{"alg":"none","typ":"JWT"}'),
                              b64(json.dumps({"sub": "storage", "exp": exp}).encode()), ""])
            return self.send(200, json.dumps({"token": token}))
        if url.path == "/expiry":
            at = datetime.now(timezone.utc) + timedelta(seconds=int(q.get("in", ["3600"])[0]))
            return self.send(200, json.dumps({"expires_at": at.strftime("%Y-%m-%dT%H:%M:%SZ")}))
        if url.path == "/metrics":
            with GAUGE_LOCK:
                GAUGE["value"] += 10
                v = GAUGE["value"]
            body = ("# TYPE open_connections gauge\n"
                    'open_connections{pool="main"} %d\n'
                    'open_connections{pool="other"} 1\n' % v)
            return self.send(200, body, "text/plain; version=0.0.4")
        if url.path == "/request":
            return self.send(200, json.dumps({"method": self.command,
                                              "mark": self.headers.get("X-Probe-Mark", "none")}))
        if url.path == "/host":
            return self.send(200, self.headers.get("Host", ""), "text/plain")
        return self.send(404, "unknown path", "text/plain")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()


def main():
    global ARGS
    p = argparse.ArgumentParser()
    p.add_argument("--node", action="append", default=[])
    p.add_argument("--sick-node", default="")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--lifetime", type=int, default=120)
    ARGS = p.parse_args()
    main_server = Server(("127.0.0.1", 0), Handler)
    port = main_server.server_address[1]
    serve(main_server)
    for node in ARGS.node:
        serve(Server((node, port), Handler))
    https_port = 0
    if ARGS.cert:
        tls = Server(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(ARGS.cert, ARGS.key)
        tls.socket = ctx.wrap_socket(tls.socket, server_side=True)
        https_port = tls.server_address[1]
        serve(tls)
    print(json.dumps({"http": port, "https": https_port}), flush=True)
    deadline = time.time() + ARGS.lifetime
    # Stop when the test closes our stdin or the lifetime ends, whichever is first.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    while time.time() < deadline:
        time.sleep(0.2)
    os._exit(0)


if __name__ == "__main__":
    main()

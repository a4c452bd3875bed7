"""Starting and stopping `pharos serve` from the Python benches (imported, not run)."""
import subprocess
import threading


def start_serve(binary, workdir, args=(), timeout=60, stderr=None):
    """Runs `BINARY serve --listen 127.0.0.1:0 ARGS…` in WORKDIR and waits (at most TIMEOUT s)
    for its `listening on http://HOST:PORT` line (other lines, such as the one-time admin setup
    address, come before it). Returns (process, base URL); kills it and raises if none came."""
    proc = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", *args], cwd=workdir,
                            stdout=subprocess.PIPE, stderr=stderr, text=True)
    found = {}

    def reader():
        for line in proc.stdout:
            if line.startswith("listening on "):
                found["url"] = line.split(" ", 2)[2].strip()
                break
        for _ in proc.stdout:  # keep draining, so the server never blocks on a full pipe
            pass

    threading.Thread(target=reader, daemon=True).start()
    waited = 0.0
    while "url" not in found and proc.poll() is None and waited < timeout:
        threading.Event().wait(0.05)
        waited += 0.05
    if "url" not in found:
        stop(proc)
        raise RuntimeError(f"pharos printed no 'listening on' line within {timeout} s")
    return proc, found["url"]


def stop(proc, timeout=10):
    """SIGTERM, then SIGKILL after TIMEOUT s; waits for the process either way."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()

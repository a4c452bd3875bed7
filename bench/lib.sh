# Helpers shared by the bench scripts (sourced, not run). Every server they start listens on
# 127.0.0.1 only, inside the caller's $work directory.

# bench_args [--smoke] [BUILD] (called with the script's "$@"): the arguments every bench takes;
# sets smoke (1 with --smoke, else 0) and build (BUILD as an absolute path, default build/).
bench_args() {
  smoke=0
  if [[ "${1:-}" == "--smoke" ]]; then smoke=1; shift; fi
  build=$(realpath "${1:-build}")
}

# stop_all PID…: SIGTERM to each PID given (empty ones are skipped), then waits for it: for the
# benches' cleanup traps, so nothing they started outlives them.
stop_all() {
  local pid
  for pid in "$@"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  done
}

# The servers the benches compare Pharos with: Debian's, found on PATH or where Debian puts them.
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
exporter_bin=$(command -v prometheus-blackbox-exporter || echo /usr/bin/prometheus-blackbox-exporter)

# raise_fd_limit: open files up to 65536, or the hard limit when that is lower (a bench holds
# thousands of connections).
raise_fd_limit() { ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# tree_ticks PID: CPU ticks of PID and its children, those that exited (reaped by PID) included:
# a database server and its backends.
tree_ticks() {
  python3 - "$1" <<'PY'
import os, sys
pid, ticks = sys.argv[1], 0
for p in filter(str.isdigit, os.listdir('/proc')):
    try: f = open(f'/proc/{p}/stat').read().rsplit(')', 1)[1].split()
    except OSError: continue
    if p == pid or f[1] == pid: ticks += int(f[11]) + int(f[12])
    if p == pid: ticks += int(f[13]) + int(f[14])  # children that exited, reaped by pid
print(ticks)
PY
}
json_field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
median() { python3 -c "import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

# start_pharos DIR BINARY [ARGS…]: `BINARY --demo serve --listen 127.0.0.1:0 ARGS…` in DIR (its
# stdout and stderr in DIR/pharos.out and .err); sets pharos_pid and pharos_url once it listens.
# With PHAROS_DEMO=0 the demo is left out: DIR/pharos.yaml is served.
start_pharos() {
  local dir=$1 binary=$2 demo=()
  shift 2
  [[ "${PHAROS_DEMO:-1}" == 1 ]] && demo=(--demo)
  (cd "$dir" && exec "$binary" "${demo[@]}" serve --listen 127.0.0.1:0 "$@" >"$dir/pharos.out" 2>"$dir/pharos.err") &
  pharos_pid=$!
  for _ in $(seq 1 300); do
    grep -q '^listening on ' "$dir/pharos.out" 2>/dev/null && break
    sleep 0.1
  done
  pharos_url=$(sed -n 's/^listening on //p' "$dir/pharos.out")
  [[ -n "$pharos_url" ]] || { echo "pharos did not start"; tail -5 "$dir/pharos.err"; return 1; }
}

# start_nginx DIR [CONNECTIONS]: nginx serving a small static file from DIR/www, at most
# CONNECTIONS connections (default 16384); sets nginx_pid and target (its URL).
start_nginx() {
  local dir=$1 connections=${2:-16384} port
  port=$(free_port)
  mkdir -p "$dir/www" "$dir/nginx"
  chmod 755 "$dir"  # nginx workers run as www-data and must read the file
  printf '{"status":"ok"}\n' >"$dir/www/healthz"
  cat >"$dir/nginx/nginx.conf" <<CONF
worker_processes 1;
worker_rlimit_nofile $((connections + 1024));
daemon off;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/error.log warn;
events { worker_connections $connections; }
http {
  access_log off;
  client_body_temp_path $dir/nginx;
  proxy_temp_path $dir/nginx;
  fastcgi_temp_path $dir/nginx;
  uwsgi_temp_path $dir/nginx;
  scgi_temp_path $dir/nginx;
  server { listen 127.0.0.1:$port; root $dir/www; }
}
CONF
  "$nginx_bin" -c "$dir/nginx/nginx.conf" -p "$dir/nginx" &
  nginx_pid=$!
  target="http://127.0.0.1:$port/healthz"
  for _ in $(seq 1 50); do python3 -c "import urllib.request; urllib.request.urlopen('$target')" 2>/dev/null && break; sleep 0.1; done
  python3 -c "import urllib.request; urllib.request.urlopen('$target')" || { echo "nginx does not serve $target"; return 1; }
}

# require_tools BENCH HINT TOOL…: exits 1 naming the first TOOL that is neither an executable
# path nor a command on PATH, with HINT (how to get it).
require_tools() {
  local bench=$1 hint=$2 tool
  shift 2
  for tool in "$@"; do
    [[ -x "$tool" ]] || command -v "$tool" >/dev/null || { echo "$bench: $tool is missing ($hint)"; exit 1; }
  done
}

# Debian's newest PostgreSQL server binaries, and how to run them (as postgres when we are root).
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_pg=()
[[ $(id -u) == 0 ]] && as_pg=(runuser -u postgres --)

# start_postgres DIR [SERVER OPTIONS…]: a throwaway PostgreSQL in DIR/data on 127.0.0.1 (trust
# auth, no fsync at initdb); sets pg_port and pg_pid. stop_postgres DIR stops it (safe to call
# when it never started, e.g. from a cleanup trap).
start_postgres() {
  local dir=$1
  shift
  pg_port=$(free_port)
  mkdir -p "$dir"
  [[ ${#as_pg[@]} -gt 0 ]] && chown postgres "$dir"
  "${as_pg[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale -E UTF8 --no-sync >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
    "-p $pg_port -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null
  pg_pid=$(head -1 "$dir/data/postmaster.pid")
}
stop_postgres() {
  [[ -f "$1/data/postmaster.pid" ]] && "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$1/data" -m immediate stop >/dev/null 2>&1 || true
}

# measure_exporter DIR TARGET RATE SECONDS: prometheus-blackbox-exporter on 127.0.0.1 driven by
# bench/probe_driver.py at RATE probes/s of TARGET for SECONDS (after a 1 s warm-up); sets
# exporter_probes (successful probes) and exporter_cpu (its user+system CPU-seconds over the
# window; the driver's own CPU is not counted) and prints one line. exporter_pid is set while
# it runs, for the caller's cleanup trap.
measure_exporter() {
  local dir=$1 target=$2 rate=$3 seconds=$4 port before after out bench_dir
  bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  printf '%s\n' 'modules:' '  http_2xx:' '    prober: http' '    timeout: 5s' \
    '    http: { preferred_ip_protocol: ip4, valid_status_codes: [200] }' >"$dir/blackbox.yml"
  port=$(free_port)
  "$exporter_bin" --config.file="$dir/blackbox.yml" --web.listen-address="127.0.0.1:$port" \
    --log.level=warn >"$dir/exporter.log" 2>&1 &
  exporter_pid=$!
  for _ in $(seq 1 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break; sleep 0.1; done
  python3 "$bench_dir/probe_driver.py" "$port" "$target" "$rate" 1 >/dev/null  # warm-up
  before=$(cpu_ticks "$exporter_pid")
  out=$(python3 "$bench_dir/probe_driver.py" "$port" "$target" "$rate" "$seconds")
  after=$(cpu_ticks "$exporter_pid")
  kill "$exporter_pid"; wait "$exporter_pid" 2>/dev/null || true; exporter_pid=""
  exporter_probes=$(json_field "$out" succeeded)
  exporter_cpu=$(python3 -c "print(($after - $before) / $(getconf CLK_TCK))")
  echo "exporter: $out cpu_seconds=$exporter_cpu"
}

# scale_settings (after bench_args): what the benches of the whole server at scale share, from
# the environment — MONITORS (default 10000), INTERVAL (seconds, 30), WARMUP (seconds, 60), RUNS
# (3) — or the smoke sizes (200 monitors at 2 s, 4 s of warm-up, one run); sets pharos (the
# binary) and monitors, interval, warmup, runs.
scale_settings() {
  pharos="$build/src/cli/pharos"
  monitors=${MONITORS:-10000}
  interval=${INTERVAL:-30}
  warmup=${WARMUP:-60}
  runs=${RUNS:-3}
  if ((smoke)); then monitors=200; interval=2; warmup=4; runs=1; fi
}

# write_scale_config PATH MONITORS INTERVAL TARGET: a pharos.yaml of 100 components and MONITORS
# http monitors of TARGET, INTERVAL seconds apart, spread evenly over the components.
write_scale_config() { python3 "$(dirname "${BASH_SOURCE[0]}")/scale_config.py" "$@"; }

# start_static_nginx DIR SITE: nginx serving the files under SITE as fast as it can (a worker per
# core, sendfile, open_file_cache, unlimited keep-alive, a FILE.gz beside FILE to clients that
# accept gzip), its config and logs in DIR; sets static_pid and static_url.
start_static_nginx() {
  local dir=$1 site=$2 port
  port=$(free_port)
  mkdir -p "$dir/tmp"
  chmod 755 "$dir"  # nginx workers run as an unprivileged user when started as root
  chmod -R a+rX "$site"
  cat >"$dir/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=100 inactive=60s;
  gzip_static on;  # FILE.gz, where present, to clients that accept gzip
  types { text/html html; application/json json; }
  default_type application/octet-stream;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server {
    listen 127.0.0.1:$port;
    root $site;
    index index.html;
  }
}
CONF
  "$nginx_bin" -c "$dir/nginx.conf" -p "$dir" &
  static_pid=$!
  static_url="http://127.0.0.1:$port"
  for _ in $(seq 1 50); do curl -sf "$static_url/" -o /dev/null && return 0; sleep 0.1; done
  echo "nginx does not serve $site"; cat "$dir/nginx-error.log"; return 1
}

# wrk_measure URL CONNECTIONS DURATION THREADS [HEADER]: one wrk run (HEADER, e.g.
# "Accept-Encoding: gzip", sent with every request); prints "req_per_s p50_ms p99_ms errors"
# (errors: non-2xx/3xx answers plus socket errors).
wrk_measure() {
  local header=()
  [[ -n "${5:-}" ]] && header=(-H "$5")
  wrk -t"$4" -c"$2" -d"$3" "${header[@]}" --latency "$1" 2>&1 | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v):
    n, unit = re.match(r"([\d.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"\n\s+50%\s+(\S+)", text).group(1))
p99 = ms(re.search(r"\n\s+99%\s+(\S+)", text).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errors = (int(bad.group(1)) if bad else 0) + (sum(map(int, sock.groups())) if sock else 0)
print(f"{rps:.0f} {p50:.3f} {p99:.3f} {errors}")'
}

#!/usr/bin/env bash
# Connection pressure: Pharos vs nginx with the same connection cap, in one run, on loopback.
#
# Starts `pharos --demo serve --max-connections CAP` and nginx (worker_connections CAP) serving
# the very bytes of Pharos's page as a static file. For each of RUNS runs and each server in turn,
# bench/conn_pressure_client.py holds IDLE sockets that send nothing and SLOW slowloris sockets
# (a header line a second, never finished), reopening whatever the server closes (at most
# REOPEN_RATE a second), and meanwhile probes / every INTERVAL s, PROBES times, on a fresh
# connection (5 s per probe). Prints each run, then medians: probes answered, p50/p99 of the
# answered ones, and Pharos/nginx ratios.
# Bar (PRODUCT.md, issue 17): Pharos answers >= 99 % of probes with p99 <= 50 ms.
#
# Usage: bench/conn_pressure.sh [--smoke] [BUILD_DIR | PHAROS_BINARY]   (default build/)
#   env: RUNS (3), IDLE (10000), SLOW (2000), CAP (10000), PROBES (80), INTERVAL (0.5),
#        REOPEN_RATE (500). --smoke: seconds, small numbers (CAP 200, 300 idle, 100 slow, 10
#        probes, 1 run) and a non-zero exit when Pharos answers under 90 % of its probes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"

smoke=0
if [[ "${1:-}" == --smoke ]]; then smoke=1; shift; fi
arg=${1:-build}
binary=$(realpath "$arg")
[[ -d "$binary" ]] && binary="$binary/src/cli/pharos"
[[ -x "$binary" ]] || { echo "conn_pressure: no pharos binary at $binary"; exit 1; }
if ((smoke)); then
  runs=1 idle=300 slow=100 cap=200 probes=10 interval=0.2 reopen=200
else
  runs=${RUNS:-3} idle=${IDLE:-10000} slow=${SLOW:-2000} cap=${CAP:-10000}
  probes=${PROBES:-80} interval=${INTERVAL:-0.5} reopen=${REOPEN_RATE:-500}
fi
ulimit -n "$(ulimit -Hn)"

work=$(mktemp -d /tmp/pharos-conn-XXXXXX)
pharos_pid=""
nginx_pid=""
cleanup() {
  [[ -n "$pharos_pid" ]] && kill "$pharos_pid" 2>/dev/null && wait "$pharos_pid" 2>/dev/null || true
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_pharos "$work" "$binary" --max-connections "$cap"
pharos_port=${pharos_url##*:}

start_nginx "$work" "$cap"
curl -sf "$pharos_url/" -o "$work/www/index.html"
chmod a+r "$work/www/index.html"
nginx_port=$(sed -E 's|http://127.0.0.1:([0-9]+)/.*|\1|' <<<"$target")
curl -sf "http://127.0.0.1:$nginx_port/" | cmp -s - "$work/www/index.html" ||
  { echo "conn_pressure: nginx does not serve the page's bytes"; exit 1; }

echo "conn_pressure: $(date -u +%FT%TZ) on $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "conn_pressure: cap $cap, $idle idle + $slow slowloris sockets (reopened up to $reopen/s), $probes probes every ${interval}s, $runs runs"
grep -E 'http\.limits|max_connections_lowered' "$work/pharos.err" | sed 's/^/  pharos log: /' || true
results="$work/results.txt"
for run in $(seq 1 "$runs"); do
  for server in pharos nginx; do
    port=$pharos_port pid=$pharos_pid
    [[ $server == nginx ]] && port=$nginx_port pid=""
    line=$(python3 "$here/conn_pressure_client.py" --port "$port" --idle "$idle" --slow "$slow" \
      --probes "$probes" --interval "$interval" --reopen-rate "$reopen" ${pid:+--pid "$pid"})
    echo "$server $line" >>"$results"
    echo "  run $run $server: $line"
    sleep 2  # let the server close what the holder left
  done
done

python3 - "$results" "$smoke" <<'PY'
import json, statistics, sys
rows = {"pharos": [], "nginx": []}
for line in open(sys.argv[1]):
    server, data = line.split(" ", 1)
    rows[server].append(json.loads(data))
def med(server, key):
    vals = [r[key] for r in rows[server] if r[key] is not None]
    return statistics.median(vals) if vals else float("nan")
print()
print(f"{'server':<8}{'answered':>12}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'closed by server':>18}")
for s in ("pharos", "nginx"):
    answered = med(s, "answered")
    print(f"{s:<8}{answered:>7.0f}/{rows[s][0]['probes']:<4}{med(s,'p50_ms'):>9.2f}{med(s,'p99_ms'):>9.2f}"
          f"{med(s,'max_ms'):>9.2f}{med(s,'closed_by_server'):>18.0f}")
pairs = list(zip(rows["pharos"], rows["nginx"]))
def ratio(key):
    vals = [p[key] / n[key] for p, n in pairs if p[key] and n[key]]
    return statistics.median(vals) if vals else float("nan")
print(f"ratios Pharos/nginx (median of per-run pairs): answered {ratio('answered'):.2f}, "
      f"p50 {ratio('p50_ms'):.2f}, p99 {ratio('p99_ms'):.2f}")
rss = [r["server_rss_kib"] for r in rows["pharos"] if r.get("server_rss_kib")]
if rss:
    print(f"pharos RSS while held: {statistics.median(rss) / 1024:.1f} MiB (median)")
probes = rows["pharos"][0]["probes"]
share = med("pharos", "answered") / probes
ok = share >= 0.99 and med("pharos", "p99_ms") <= 50
print("bar (Pharos answers >= 99 % of probes, p99 <= 50 ms):", "MET" if ok else "NOT MET")
if sys.argv[2] == "1" and min(r["answered"] for r in rows["pharos"]) < 0.9 * probes:
    sys.exit("conn_pressure --smoke: Pharos answered under 90 % of its probes")
PY

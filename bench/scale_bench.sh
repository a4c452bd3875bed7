#!/usr/bin/env bash
# Several `pharos serve` nodes on one PostgreSQL vs one node on SQLite (docs/scale-out.md).
#
# 1. One node on SQLite: BIG http monitors every INTERVAL against a local nginx file; CPU per check
#    = the node's CPU / checks (results rows written) over a WINDOW after a warm-up.
# 2. NODES nodes (one location) on a throwaway PostgreSQL with the same config: CPU per check =
#    (every node's CPU + the server's: postmaster and backends) / checks over the same window.
#    Bar (issue 16): ≤ 1.5 × the SQLite node's.
# 3. While they check: wrk against each node's status page (req/s), if wrk is installed.
# 4. kill -9 of one node: seconds until every check lease is held by a live node again (its
#    checks then run from their next slot: add one interval for the first check).
#
# Usage: bench/scale_bench.sh [--smoke] [BUILD_DIR]
#   env: BIG (monitors, default 30000), INTERVAL (default 30s), NODES (default 3),
#        WARMUP (seconds, default 40), WINDOW (seconds, default 60), LEASE_TTL (default 6s).
#   --smoke: 200 monitors at 1 s, 2 nodes, short windows (~40 s), for .ci/run: checks that it
#   runs end to end; its figures mean nothing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_args "$@"
binary="$build/src/cli/pharos"
big=${BIG:-30000}; interval=${INTERVAL:-30s}; nodes=${NODES:-3}
warmup=${WARMUP:-40}; window=${WINDOW:-60}; ttl=${LEASE_TTL:-6s}
if ((smoke)); then big=200; interval=1s; nodes=2; warmup=5; window=5; ttl=3s; fi
require_tools scale_bench "scripts/setup.sh --test; build pharos" python3 "$binary" "$pg_bin/initdb"
raise_fd_limit

work=$(mktemp -d /tmp/pharos-scale-bench-XXXXXX)
nginx_pid=""
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  stop_postgres "$work/pg"
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
start_nginx "$work"

# config DIR STORAGE: a pharos.yaml with BIG monitors of $target.
config() {
  mkdir -p "$1"
  python3 - "$1/pharos.yaml" "$2" "$big" "$target" "$interval" "$ttl" <<'PY'
import sys
path, storage, n, target, every, ttl = sys.argv[1:]
with open(path, "w") as f:
    f.write(f'page: {{ name: Bench }}\nstorage: "{storage}"\nnode: {{ lease_ttl: {ttl} }}\n')
    f.write("components:\n  - { id: api, name: API }\nmonitors:\n")
    for i in range(int(n)):
        f.write(f'  - {{ name: m{i}, component: api, kind: http, url: "{target}", interval: {every} }}\n')
PY
}
# serve DIR NAME [ARGS…]: starts a node, waits for its listening line; sets node_pid, node_url.
serve() {
  local dir=$1 name=$2; shift 2
  (cd "$dir" && exec "$binary" --log-level warn serve --listen 127.0.0.1:0 "$@" >"$dir/$name.out" 2>"$dir/$name.err") &
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 1 600); do grep -q '^listening on ' "$dir/$name.out" 2>/dev/null && break; sleep 0.1; done
  node_url=$(sed -n 's/^listening on //p' "$dir/$name.out")
  [[ -n "$node_url" ]] || { echo "scale_bench: $name did not start"; cat "$dir/$name.err"; exit 1; }
}
page_rate() {  # req/s of the status page of URL for 5 s ("n/a" without wrk)
  command -v wrk >/dev/null || { echo n/a; return; }
  wrk -t1 -c20 -d5s "$1/" 2>/dev/null | awk '/Requests\/sec/ {print $2}'
}

# --- 1. one node on SQLite --------------------------------------------------------------------
config "$work/sqlite" "sqlite:$work/sqlite/pharos.db"
serve "$work/sqlite" node
sqlite_pid=$node_pid
sleep "$warmup"
sqlite3_count() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM check_results').fetchone()[0])" "$work/sqlite/pharos.db"; }
c0=$(cpu_ticks "$sqlite_pid"); r0=$(sqlite3_count)
sleep "$window"
c1=$(cpu_ticks "$sqlite_pid"); r1=$(sqlite3_count)
sqlite_us=$(python3 -c "import os; t=os.sysconf('SC_CLK_TCK'); n=$r1-$r0; print(round(($c1-$c0)/t/n*1e6, 1) if n else 0)")
echo "sqlite: $((r1 - r0)) checks in ${window}s, $sqlite_us µs CPU per check"
kill "$sqlite_pid"; wait "$sqlite_pid" 2>/dev/null || true

# --- 2. NODES nodes on PostgreSQL -------------------------------------------------------------
start_postgres "$work/pg" -c max_connections=200
pg_sql() { "$pg_bin/psql" -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -d scale -c "$1"; }
"$pg_bin/psql" -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -c "CREATE DATABASE scale"
config "$work/pg" "postgres://postgres@127.0.0.1:$pg_port/scale"
node_pids=(); node_urls=()
for i in $(seq 1 "$nodes"); do
  serve "$work/pg" "node$i" --location default
  node_pids+=("$node_pid"); node_urls+=("$node_url")
done
nodes_cpu() { local s=0; for p in "${node_pids[@]}"; do s=$((s + $(cpu_ticks "$p"))); done; echo "$s"; }
sleep "$warmup"
c0=$(( $(nodes_cpu) + $(tree_ticks "$pg_pid") )); r0=$(pg_sql "SELECT count(*) FROM check_results")
sleep "$window"
c1=$(( $(nodes_cpu) + $(tree_ticks "$pg_pid") )); r1=$(pg_sql "SELECT count(*) FROM check_results")
pg_us=$(python3 -c "import os; t=os.sysconf('SC_CLK_TCK'); n=$r1-$r0; print(round(($c1-$c0)/t/n*1e6, 1) if n else 0)")
echo "postgres, $nodes nodes: $((r1 - r0)) checks in ${window}s, $pg_us µs CPU per check (nodes + server)"
echo "leases per node: $(pg_sql "SELECT string_agg(count::text, ' ') FROM (SELECT count(*) AS count FROM cluster_leases WHERE node IS NOT NULL AND scope LIKE 'check:%' GROUP BY node) c")"

# --- 3. page req/s of each node while checks run ----------------------------------------------
for i in "${!node_urls[@]}"; do echo "node$((i + 1)) page req/s while checking: $(page_rate "${node_urls[$i]}")"; done

# --- 4. kill -9 of one node: until its leases are held by live nodes --------------------------
victim=${node_pids[0]}
kill -9 "$victim"
start=$(date +%s.%N)
wait "$victim" 2>/dev/null || true
# Node ids are "<name>/<random>" and a node's default name is "<host>:<pid>".
live="SELECT count(*) FROM cluster_leases WHERE scope = 'check:default' AND node NOT LIKE '%:$victim/%' AND node IN (SELECT id FROM cluster_nodes WHERE expires_at > (extract(epoch from clock_timestamp()) * 1000)::bigint)"
resumed=n/a
for _ in $(seq 1 600); do
  if [[ $(pg_sql "$live") == "$big" ]]; then resumed=$(python3 -c "print(round($(date +%s.%N) - $start, 2))"); break; fi
  sleep 0.1
done
echo
echo "== $big monitors every $interval, $nodes nodes, lease_ttl $ttl; $("$pg_bin/postgres" --version) defaults =="
echo "CPU per check (µs), one sqlite node:             $sqlite_us"
echo "CPU per check (µs), $nodes postgres nodes + server: $pg_us"
echo "ratio:                                           $(python3 -c "print(round($pg_us / $sqlite_us, 2) if $sqlite_us > 0 else 'n/a')")  (bar <= 1.5)"
echo "killed node's leases held again after (s):       $resumed  (+ up to one interval to the first check)"
[[ "$resumed" != n/a ]]

#!/usr/bin/env bash
# Check results and the notification outbox stored in SQLite vs PostgreSQL, in one run.
#
# 1. Results: the probe bench's workload (bench/probe_bench.cpp: the real Monitoring service, BIG
#    http monitors at a 30 s interval against a local nginx file, results and rollups written in
#    batches) once with results in SQLite, once in PostgreSQL. CPU per check = (Pharos's CPU +,
#    for PostgreSQL, the server's own CPU: postmaster and every backend) / checks, over the same
#    measured window. Bar (issue 15): PostgreSQL ≤ 1.5 × SQLite.
# 2. Outbox: a burst of EVENTS incident events fanned out to TARGETS recipients and every
#    delivery recorded (bench/store_bench.cpp), on each engine: wall time and CPU (Pharos +
#    server).
# The PostgreSQL server is a throwaway one (initdb into the work directory, as the postgres user
# when run as root) with its default settings (fsync on, synchronous_commit on, shared_buffers
# 128MB), on a free loopback port.
#
# Usage: bench/store_bench.sh [--smoke] [BUILD_DIR]
#   env: BIG (monitors, default 10000), DURATION (seconds, default 30), RUNS (default 3),
#        EVENTS (default 1000), TARGETS (default 10).
#   --smoke: a few seconds (300 monitors at 1 s, 3 s window, 20 events, one run), for .ci/run:
#   checks that the bench runs on both engines; its figures mean nothing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_args "$@"
probe_bin="$build/tests/integration/monitor/probe_bench"
outbox_bin="$build/tests/integration/storage/store_bench"
big=${BIG:-10000}; interval=30000; duration=${DURATION:-30}; runs=${RUNS:-3}
events=${EVENTS:-1000}; targets=${TARGETS:-10}
if ((smoke)); then big=300; interval=1000; duration=3; runs=1; events=20; targets=5; fi
require_tools store_bench "scripts/setup.sh --test; ninja probe_bench store_bench" python3 "$probe_bin" "$outbox_bin" "$pg_bin/initdb"
raise_fd_limit

work=$(mktemp -d /tmp/pharos-store-bench-XXXXXX)
nginx_pid=""
cleanup() {
  stop_postgres "$work/pg"
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
start_nginx "$work"

# --- PostgreSQL: a throwaway server -----------------------------------------------------------
start_postgres "$work/pg"
pg_version=$("$pg_bin/postgres" --version)
pg_sql() { "$pg_bin/psql" -qAt -h 127.0.0.1 -p "$pg_port" -U postgres -c "$1"; }
fresh_db() { pg_sql "DROP DATABASE IF EXISTS $1" 2>/dev/null; pg_sql "CREATE DATABASE $1"; echo "postgres://postgres@127.0.0.1:$pg_port/$1"; }
tree_cpu() {  # CPU seconds of the server and its backends
  python3 -c "import os,sys; print(int(sys.argv[1]) / os.sysconf('SC_CLK_TCK'))" "$(tree_ticks "$1")"
}
per_check() { python3 -c "import json,sys; o=json.loads(sys.argv[1]); ok=o['checks']; print(round((o['cpu_seconds']+o['server_cpu_seconds'])/ok*1e6, 1) if ok else 0)" "$1"; }

sqlite_us=(); pg_us=(); sqlite_checks=(); pg_checks=(); sqlite_burst=(); pg_burst=()
for run in $(seq 1 "$runs"); do
  out=$("$probe_bin" "$target" "$big" "$interval" "$duration" "$work/results-$run.db")
  sqlite_us+=("$(per_check "$out")"); sqlite_checks+=("$(json_field "$out" checks)")
  echo "run $run results sqlite:   $out"
  url=$(fresh_db "results_$run")
  out=$(PHAROS_BENCH_SERVER_PID=$pg_pid "$probe_bin" "$target" "$big" "$interval" "$duration" "$url")
  pg_us+=("$(per_check "$out")"); pg_checks+=("$(json_field "$out" checks)")
  echo "run $run results postgres: $out"

  out=$("$outbox_bin" "sqlite:$work/outbox-$run.db" "$events" "$targets")
  sqlite_burst+=("$(json_field "$out" seconds)")
  echo "run $run outbox sqlite:    $out"
  url=$(fresh_db "outbox_$run")
  before=$(tree_cpu "$pg_pid")
  out=$("$outbox_bin" "$url" "$events" "$targets")
  server=$(python3 -c "print(round($(tree_cpu "$pg_pid") - $before, 3))")
  pg_burst+=("$(json_field "$out" seconds)")
  echo "run $run outbox postgres:  $out server_cpu_seconds=$server"
done

s=$(median "${sqlite_us[@]}"); p=$(median "${pg_us[@]}")
echo
echo "== medians of $runs runs: $big monitors every $((interval / 1000)) s, ${duration}s windows; $pg_version defaults =="
echo "checks in the window, sqlite / postgres:    $(median "${sqlite_checks[@]}") / $(median "${pg_checks[@]}")"
echo "CPU per check (µs), sqlite:                 $s"
echo "CPU per check (µs), postgres (+ server):    $p"
echo "ratio postgres/sqlite:                      $(python3 -c "print(round($p / $s, 2) if $s > 0 else 'n/a')")  (bar <= 1.5)"
echo "outbox burst of $events events x $targets targets, seconds sqlite / postgres: $(median "${sqlite_burst[@]}") / $(median "${pg_burst[@]}")"

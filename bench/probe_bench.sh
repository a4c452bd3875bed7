#!/usr/bin/env bash
# Pharos's probe engine vs prometheus-blackbox-exporter (Debian) on loopback, in one run.
#
# Both probe the same local nginx URL (a small static file) at the same rate (RATE checks per
# second, fresh connection per check): Pharos as RATE http monitors with a 1 s interval
# (bench/probe_bench.cpp runs the real Monitoring service, results stored in SQLite), the
# exporter driven by bench/probe_driver.py with GET /probe at RATE per second. CPU time is each
# prober's own user+system time over the measured window (the exporter's from /proc/PID/stat; the
# driver's CPU is not counted against it). Then Pharos alone with 10,000 monitors at a 30 s
# interval for RSS and schedule lateness. Every step runs RUNS times; medians are printed.
# Bars (PRODUCT.md): checks per CPU-second >= 2 x the exporter's; RSS with 10,000 monitors
# <= 64 MiB; lateness p99 <= 100 ms.
#
# Usage: bench/probe_bench.sh [--smoke] [BUILD_DIR] ; env: RATE (default 500), DURATION (seconds,
#        default 20), RUNS (default 3), BIG (monitors for the RSS run, default 10000).
#        --smoke (CI, ~25 s): tiny sizes, one run; fails only when a prober checked nothing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_args "$@"
bench_bin="$build/tests/integration/monitor/probe_bench"
rate=${RATE:-500}
duration=${DURATION:-20}
runs=${RUNS:-3}
big=${BIG:-10000}
big_seconds=30
if ((smoke)); then rate=50; duration=3; runs=1; big=500; big_seconds=5; fi
require_tools probe_bench "scripts/setup.sh --test; ninja probe_bench" python3 "$nginx_bin" "$exporter_bin" "$bench_bin"
raise_fd_limit

work=$(mktemp -d /tmp/pharos-probe-bench-XXXXXX)
nginx_pid=""
exporter_pid=""
cleanup() {
  [[ -n "$exporter_pid" ]] && kill "$exporter_pid" 2>/dev/null || true
  [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# --- the target: nginx serving a small static file -----------------------------------------
start_nginx "$work"


pharos_rates=(); bb_rates=(); rss=(); late50=(); late99=()
for run in $(seq 1 "$runs"); do
  # Pharos: RATE monitors, 1 s interval.
  out=$("$bench_bin" "$target" "$rate" 1000 "$duration" "$work/pharos-$run.db")
  pharos_rates+=("$(json_field "$out" checks_per_cpu_second)")
  echo "run $run pharos:   $out"

  # Exporter: same rate through the driver.
  echo -n "run $run "
  measure_exporter "$work" "$target" "$rate" "$duration"
  bb_rates+=("$(python3 -c "print(round($exporter_probes / $exporter_cpu) if $exporter_cpu > 0 else 0)")")

  # Pharos alone with BIG monitors at a 30 s interval: memory and lateness.
  out=$("$bench_bin" "$target" "$big" 30000 "$big_seconds" "$work/pharos-big-$run.db")
  rss+=("$(json_field "$out" rss_kib)")
  late50+=("$(json_field "$out" lateness_p50_ms)")
  late99+=("$(json_field "$out" lateness_p99_ms)")
  echo "run $run pharos $big monitors: $out"
done

p=$(median "${pharos_rates[@]}")
b=$(median "${bb_rates[@]}")
echo
echo "== medians of $runs runs (rate $rate checks/s, ${duration}s windows) =="
echo "pharos   checks per CPU-second: $p"
echo "exporter checks per CPU-second: $b"
echo "ratio pharos/exporter:          $(python3 -c "print(round($p / $b, 2) if $b > 0 else 'n/a')")  (bar >= 2)"
echo "pharos RSS with $big monitors:  $(python3 -c "print(round($(median "${rss[@]}") / 1024, 1))") MiB  (bar <= 64)"
echo "schedule lateness p50 / p99:    $(median "${late50[@]}") / $(median "${late99[@]}") ms (histogram bucket upper bounds; bar p99 <= 100)"
if ((smoke)); then
  # The bench must still run end to end: both probers checked something.
  python3 -c "import sys; sys.exit(0 if $p > 0 and $b > 0 else 1)" || {
    echo "smoke: FAIL (a prober checked nothing)"; exit 1; }
  echo "smoke: ok"
fi

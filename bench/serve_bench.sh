#!/usr/bin/env bash
# The whole `pharos serve` at scale vs prometheus-blackbox-exporter (Debian), in one run.
#
# probe_bench.sh measures the probe engine in a harness; this measures what users run: the
# server with MONITORS http monitors (INTERVAL apart, over 100 components) against a local nginx,
# with automation, roll-ups, node health, store writes, the page and /metrics all live. After
# WARMUP seconds (the first rounds and the first site builds), it takes the server's own
# user+system CPU (/proc/PID/stat) and its completed checks (pharos_checks_total on /metrics)
# over WINDOW seconds: CPU per check. Then RSS (VmRSS, and the peak VmHWM) and the size of one
# /metrics scrape. The exporter is driven at the same check rate (MONITORS / INTERVAL per second)
# by bench/probe_driver.py; its CPU per probe is the reference. Every step runs RUNS times;
# medians are printed.
# Bars (issue #17): CPU per check <= 0.11 ms and >= 8 x cheaper than the exporter's; RSS <= 64 MiB.
#
# Usage: bench/serve_bench.sh [--smoke] [BUILD_DIR] ; env: MONITORS (default 10000), INTERVAL
#        (seconds, default 30), WARMUP (seconds, default 60), WINDOW (seconds, default 60),
#        RUNS (default 3).
#        --smoke (CI, ~40 s): 200 monitors at 2 s, one short run; fails only when nothing was
#        checked or /metrics did not answer.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_args "$@"
scale_settings
window=${WINDOW:-60}
if ((smoke)); then window=6; fi
require_tools serve_bench "scripts/setup.sh --test; scripts/build.sh default" python3 "$exporter_bin" "$pharos"
raise_fd_limit

work=$(mktemp -d /tmp/pharos-serve-bench-XXXXXX)
nginx_pid=""
exporter_pid=""
pharos_pid=""
cleanup() {
  stop_all "$pharos_pid" "$exporter_pid" "$nginx_pid"
  rm -rf "$work"
}
trap cleanup EXIT

start_nginx "$work"
tick=$(getconf CLK_TCK)

# checks_total URL: pharos_checks_total from one /metrics scrape (its size in bytes to stderr).
checks_total() {
  python3 - "$1" <<'PY'
import sys, urllib.request
body = urllib.request.urlopen(sys.argv[1] + "/metrics", timeout=10).read()
print(len(body), file=sys.stderr)
for line in body.decode().splitlines():
    if line.startswith("pharos_checks_total "):
        print(int(float(line.split()[1])))
        break
else:
    sys.exit("no pharos_checks_total in /metrics")
PY
}
status_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }


pharos_ms=(); bb_ms=(); rss=(); hwm=(); metrics_bytes=()
rate=$(python3 -c "print($monitors / $interval)")
for run in $(seq 1 "$runs"); do
  dir="$work/pharos-$run"
  mkdir -p "$dir"
  write_scale_config "$dir/pharos.yaml" "$monitors" "$interval" "$target"
  PHAROS_DEMO=0 start_pharos "$dir" "$pharos"
  url=$pharos_url
  sleep "$warmup"
  before_cpu=$(cpu_ticks "$pharos_pid")
  before_checks=$(checks_total "$url" 2>/dev/null)
  sleep "$window"
  after_cpu=$(cpu_ticks "$pharos_pid")
  after_checks=$(checks_total "$url" 2>"$work/metrics-size")
  checks=$((after_checks - before_checks))
  cpu=$(python3 -c "print(($after_cpu - $before_cpu) / $tick)")
  ms=$(python3 -c "print(round(1000 * $cpu / $checks, 4) if $checks > 0 else 0)")
  pharos_ms+=("$ms")
  rss+=("$(status_kib "$pharos_pid" VmRSS)")
  hwm+=("$(status_kib "$pharos_pid" VmHWM)")
  metrics_bytes+=("$(cat "$work/metrics-size")")
  echo "run $run pharos serve: checks=$checks cpu_seconds=$cpu ms_per_check=$ms rss_kib=${rss[-1]} hwm_kib=${hwm[-1]} metrics_bytes=${metrics_bytes[-1]}"
  kill "$pharos_pid"; wait "$pharos_pid" 2>/dev/null || true; pharos_pid=""

  echo -n "run $run "
  measure_exporter "$work" "$target" "$rate" "$window"
  bb_ms+=("$(python3 -c "print(round(1000 * $exporter_cpu / $exporter_probes, 4) if $exporter_probes > 0 else 0)")")
done

p=$(median "${pharos_ms[@]}")
b=$(median "${bb_ms[@]}")
echo
echo "== medians of $runs runs ($monitors monitors at ${interval}s = $rate checks/s; ${window}s windows after ${warmup}s) =="
echo "pharos serve CPU per check: $p ms  (bar <= 0.11)"
echo "exporter CPU per check:     $b ms"
echo "exporter/pharos:            $(python3 -c "print(round($b / $p, 2) if $p > 0 else 'n/a')")  (bar >= 8)"
echo "pharos serve RSS / peak:    $(python3 -c "print(round($(median "${rss[@]}") / 1024, 1))") / $(python3 -c "print(round($(median "${hwm[@]}") / 1024, 1))") MiB  (bar <= 64)"
echo "one /metrics scrape:        $(median "${metrics_bytes[@]}") bytes"
if ((smoke)); then
  python3 -c "import sys; sys.exit(0 if $p > 0 and $b > 0 else 1)" || {
    echo "smoke: FAIL (pharos or the exporter checked nothing)"; exit 1; }
  echo "smoke: ok"
fi

#!/usr/bin/env bash
# Pharos vs nginx serving the very same bytes, on loopback, in one run.
#
# Starts `pharos --demo serve` and nginx (Debian nginx-light) with a config written to a temp dir,
# saves what Pharos serves for / and /api/v2/summary.json to files that nginx serves as static
# files, then runs wrk against both in turn (alternating, RUNS times) at 100 and 1,000
# connections and prints the medians of req/s, p50 and p99, and the Pharos/nginx ratios.
# Bar (PRODUCT.md): req/s ratio >= 0.9 and p99 <= 1.5 x nginx's at 1,000 connections.
#
# Usage: bench/page_bench.sh [--smoke] [PHAROS_BINARY] ; env: DURATION (default 10s), RUNS
#        (default 3), THREADS (wrk threads, default 2). wrk, nginx and Pharos share the cores.
#        --smoke (CI, ~15 s): one run of 1 s per step; fails only when Pharos answers nothing or
#        answers with errors, since figures that short mean little.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

smoke=0
if [[ "${1:-}" == "--smoke" ]]; then smoke=1; shift; fi
binary=$(realpath "${1:-build/src/cli/pharos}")
duration=${DURATION:-10s}
runs=${RUNS:-3}
if ((smoke)); then duration=1s; runs=1; fi
wrk_threads=${THREADS:-2}
require_tools page_bench "scripts/setup.sh --test" wrk curl python3 "$nginx_bin"
raise_fd_limit

work=$(mktemp -d /tmp/pharos-bench-XXXXXX)
pharos_pid=""
static_pid=""
cleanup() {
  stop_all "$pharos_pid" "$static_pid"
  rm -rf "$work"
}
trap cleanup EXIT

# --- Pharos ---------------------------------------------------------------------------------
start_pharos "$work" "$binary" --log-level warn

# --- the same bytes, as static files for nginx -----------------------------------------------
mkdir -p "$work/site/api/v2"
curl -sf "$pharos_url/" -o "$work/site/index.html"
curl -sf "$pharos_url/api/v2/summary.json" -o "$work/site/api/v2/summary.json"
start_static_nginx "$work" "$work/site"
nginx_url=$static_url
if ! curl -s "$nginx_url/" | cmp -s - "$work/site/index.html"; then
  echo "page_bench: nginx does not serve the saved bytes"; cat "$work/nginx-error.log"; exit 1
fi

# --- wrk ---------------------------------------------------------------------------------------
measure() { wrk_measure "$1" "$2" "$duration" "$wrk_threads"; }

echo "page_bench: $(date -u +%FT%TZ) on $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "page_bench: pharos $pharos_url, nginx $nginx_url, wrk -t$wrk_threads -d$duration, $runs runs"
results="$work/results.txt"
for run in $(seq 1 "$runs"); do
  for path in / /api/v2/summary.json; do
    for conns in 100 1000; do
      p=$(measure "$pharos_url$path" "$conns")
      n=$(measure "$nginx_url$path" "$conns")
      echo "$path $conns pharos $p" >>"$results"
      echo "$path $conns nginx $n" >>"$results"
      echo "  run $run $path c=$conns  pharos: $p   nginx: $n"
    done
  done
done

python3 - "$results" "$smoke" <<'PY'
import statistics, sys
smoke = sys.argv[2] == "1"
# Pharos and nginx are measured back to back for each (run, path, conns), so each pair shares
# the machine's load at that moment; the ratio of a pair is the robust figure on a busy machine.
runs = {}
for line in open(sys.argv[1]):
    path, conns, server, rps, p50, p99, errors = line.split()
    runs.setdefault((path, int(conns), server), []).append(
        (float(rps), float(p50), float(p99), int(errors)))
print()
print(f"{'path':<22}{'conns':>6} {'pharos req/s':>13} {'nginx req/s':>12} {'ratio':>6}   "
      f"{'p50 ms P/N':>15}   {'p99 ms P/N':>17} {'p99 ratio':>9} {'errors P/N':>11}")
ok = True
for path in ("/", "/api/v2/summary.json"):
    for conns in (100, 1000):
        p, n = runs[(path, conns, "pharos")], runs[(path, conns, "nginx")]
        med = lambda rows, i: statistics.median(r[i] for r in rows)
        ratio = statistics.median(a[0] / b[0] for a, b in zip(p, n))
        p99r = statistics.median(a[2] / b[2] for a, b in zip(p, n))
        ok &= ratio >= 0.9 and (conns != 1000 or p99r <= 1.5)
        print(f"{path:<22}{conns:>6} {med(p,0):>13.0f} {med(n,0):>12.0f} {ratio:>6.2f}   "
              f"{med(p,1):>7.2f}/{med(n,1):<7.2f}   {med(p,2):>8.2f}/{med(n,2):<8.2f} {p99r:>9.2f} "
              f"{sum(r[3] for r in p):>5}/{sum(r[3] for r in n):<5}")
print()
print("req/s and latency columns: medians over runs; ratio columns: median of the per-run")
print("Pharos/nginx ratios (each pair measured back to back).")
print("bar (req/s ratio >= 0.9; p99 <= 1.5x nginx at 1000 conns):", "MET" if ok else "NOT MET")
if smoke:
    # The bench must still run end to end: Pharos answered every step, without errors.
    rows = [r for (path, conns, server), rs in runs.items() if server == "pharos" for r in rs]
    broken = [r for r in rows if r[0] <= 0 or r[3] > 0]
    print("smoke:", "FAIL (Pharos answered nothing or with errors)" if broken else "ok")
    sys.exit(1 if broken else 0)
PY

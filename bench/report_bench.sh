#!/usr/bin/env bash
# Reports over a year (issue 19): ReportService::report over 365 days for 1,000 components, each
# with one monitor, in at most 1 s. The history is generated first (bench/report_bench.cpp says
# what it holds) into a SQLite database in a temporary directory; then the report runs RUNS times
# on it and the median is compared with the bar.
#
# Usage: bench/report_bench.sh [--smoke] [BUILD_DIR]
#   env: COMPONENTS (default 1000), DAYS (default 365), RUNS (default 5); DB: a database that
#   `report_bench generate DB COMPONENTS DAYS` wrote before (about 3 minutes for the full size):
#   it is reused, and kept.
# Each run also times ReportService::daily over the same days and components (what the public
# /uptime page and the 90-day bars ask for); its median is printed, the bar is the report's.
#   --smoke: 50 components over 30 days, one run, for .ci/run: checks that the bench runs; its
#   figure means nothing and no bar applies.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_args "$@"
bin="$build/tests/unit/reports/report_bench"
components=${COMPONENTS:-1000}; days=${DAYS:-365}; runs=${RUNS:-5}
if ((smoke)); then components=50; days=30; runs=1; fi
[[ -x "$bin" ]] || { echo "report_bench: $bin is missing (ninja report_bench)"; exit 1; }

if [[ -n "${DB:-}" && -f "$DB" ]]; then
  db=$DB
  echo "reusing $db, $(du -h "$db" | cut -f1) on disk"
else
  work=$(mktemp -d /tmp/pharos-report-bench-XXXXXX)
  trap 'rm -rf "$work"' EXIT
  db="$work/pharos.db"
  started=$(date +%s)
  "$bin" generate "$db" "$components" "$days"
  echo "generated in $(( $(date +%s) - started )) s, $(du -h "$db" | cut -f1) on disk"
fi
out=$("$bin" run "$db" "$components" "$days" "$runs")
echo "$out"
median=$(echo "$out" | sed -n 's/.*"median_seconds":\([0-9.]*\).*/\1/p')
cpu=$(echo "$out" | sed -n 's/.*"median_cpu_seconds":\([0-9.]*\).*/\1/p')
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if ((smoke)); then
  echo "report_bench (smoke): ran in ${median} s"
  exit 0
fi
if awk -v m="$median" 'BEGIN { exit !(m <= 1.0) }'; then
  echo "report_bench: ${components} components over ${days} days in ${median} s, CPU ${cpu} s (bar: ≤ 1 s) — met"
else
  echo "report_bench: ${components} components over ${days} days in ${median} s, CPU ${cpu} s (bar: ≤ 1 s) — NOT met"
  exit 1
fi

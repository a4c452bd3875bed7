#!/usr/bin/env bash
# The 30-minute soak: see bench/soak_bench.py. Starts the nginx that the healthy monitors check,
# then the driver (which runs `pharos serve`, the flapping target, the webhook receiver and the
# page traffic), and stops everything on every exit path.
# Usage: bench/soak_bench.sh [--smoke] [BUILD_DIR] ; env: DURATION (seconds, default 1800),
#        WARMUP (seconds, default 300), MONITORS (default 10000).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_args "$@"
pharos="$build/src/cli/pharos"
require_tools soak_bench "scripts/setup.sh --test; scripts/build.sh default" python3 "$pharos"
raise_fd_limit

work=$(mktemp -d /tmp/pharos-soak-bench-XXXXXX)
nginx_pid=""
driver_pid=""
cleanup() {
  stop_all "$driver_pid" "$nginx_pid"
  rm -rf "$work"
}
trap cleanup EXIT
start_nginx "$work"

args=(--pharos "$pharos" --target "$target")
if ((smoke)); then
  args+=(--smoke)
else
  args+=(--duration "${DURATION:-1800}" --warmup "${WARMUP:-300}" --monitors "${MONITORS:-10000}")
fi
/usr/bin/python3 "$here/soak_bench.py" "${args[@]}" &
driver_pid=$!
status=0
wait "$driver_pid" || status=$?
driver_pid=""
exit "$status"

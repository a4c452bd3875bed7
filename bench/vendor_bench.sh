#!/usr/bin/env bash
# Vendor polling cost: see bench/vendor_bench.py. Usage: bench/vendor_bench.sh [--smoke] [BUILD_DIR]
# env: RUNS (default 3), DURATION seconds per run (default 180).
set -euo pipefail
smoke=()
if [[ "${1:-}" == "--smoke" ]]; then smoke=(--smoke); shift; fi
build=${1:-build}
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec /usr/bin/python3 "$(dirname "$0")/vendor_bench.py" --pharos "$build/src/cli/pharos" \
  --runs "${RUNS:-3}" --duration "${DURATION:-180}" "${smoke[@]}"

#!/usr/bin/env bash
# Sets up, builds and runs the demo page on http://127.0.0.1:8080 (Ctrl-C to stop).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/src/cli/pharos serve --demo "$@"

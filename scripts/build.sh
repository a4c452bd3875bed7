#!/usr/bin/env bash
# Configures and builds Pharos. `scripts/build.sh asan` builds the sanitizer preset in build-asan/.
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-default}"
cmake --preset "$preset" >/dev/null
# Two cores: two compile jobs keep memory in check while Beast/JSON headers compile.
cmake --build --preset "$preset" -- -j"$(nproc)"

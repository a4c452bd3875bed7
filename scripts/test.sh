#!/usr/bin/env bash
# Sets up (packages for the build and for the real peers the tests start), builds and runs every
# test: unit, integration, browser, and a bounded fuzzing run. `scripts/test.sh --asan` instead builds with
# AddressSanitizer + UndefinedBehaviorSanitizer and runs the unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
if [[ "${1:-}" == "--asan" ]]; then
  scripts/build.sh asan
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --preset asan -j"$(nproc)"
else
  scripts/build.sh default
  ctest --preset default -j"$(nproc)"
  # The importer on a few labelled real incident pages (bench/import_score.py), so it never rots.
  python3 bench/import_score.py build/src/cli/pharos --smoke --quiet --min 0.95
  # The importer's parsers under libFuzzer (clang, ASan+UBSan), a bounded time per target.
  tests/fuzz/run.sh "${PHAROS_FUZZ_SECONDS:-20}"
fi

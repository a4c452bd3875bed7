#!/usr/bin/env bash
# Runs the browser test: installs playwright-core from the lockfile when node_modules is missing,
# then drives Debian's Chromium. Usage: tests/browser/run.sh PHAROS_BINARY SCREENSHOT_DIR [TEST_FILE]
# (TEST_FILE defaults to status_page.test.mjs).
set -euo pipefail
binary=$(realpath "$1")
out=$(realpath -m "$2")
test_file=${3:-status_page.test.mjs}
cd "$(dirname "$0")"
if [[ ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund --ignore-scripts >/dev/null
fi
exec node "$test_file" "$binary" "$out"

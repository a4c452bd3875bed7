#!/usr/bin/env bash
# Installs the Debian 12 packages Pharos needs, skipping those already present.
#   scripts/setup.sh          build + run dependencies
#   scripts/setup.sh --test   also the real peers the tests start (nginx, PostgreSQL, SMTP sink, Chromium…)
# Idempotent: a second run installs nothing. Must run as root (or with sudo available).
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build pkg-config ccache git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libcurl4-openssl-dev libsqlite3-dev libpq-dev libyaml-cpp-dev
  libfmt-dev libspdlog-dev libcli11-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libsodium-dev libssl-dev libhowardhinnant-date-dev tzdata
  libgumbo-dev libbrotli-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)
test_packages=(
  nginx-light wrk curl openssl postgresql python3 python3-aiosmtpd python3-feedparser
  chromium prometheus-blackbox-exporter
  clang libclang-rt-14-dev   # libFuzzer for tests/fuzz/run.sh
  clang-format               # .ci/format-check (clang-format 14, .clang-format)
)

packages=("${build_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then
  packages+=("${test_packages[@]}")
  # Browser tests drive Chromium through playwright-core (npm). A machine may already carry a
  # Node.js that bundles npm (e.g. a vendor build); Debian's npm conflicts with it, so only ask
  # for Debian's when no npm is on the PATH.
  if ! command -v npm >/dev/null 2>&1; then packages+=(nodejs npm); fi
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Builds the importer's libFuzzer targets with clang and runs each for a bounded time.
#   tests/fuzz/run.sh [SECONDS_PER_TARGET]     (default 30; CI: tests/fuzz/run.sh 60)
# Seeds each corpus with tests/fixtures/import. Exits non-zero when a target crashes, leaks or
# times out on one input (-timeout=10 s); the crashing input is left in build-fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
build=build-fuzz
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
CC=clang CXX=clang++ cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build" -j2
mkdir -p "$build/artifacts"
status=0
for target in aggregator statuspage_page instatus statuspage_json feed html time_text general; do
  corpus="$build/corpus/$target"
  mkdir -p "$corpus"
  # libFuzzer inputs start with one option byte (see fuzz_importer.cpp): 0x0b = date, tz, vendor.
  while IFS= read -r f; do
    { printf '\x0b'; cat "$f"; } > "$corpus/seed-$(basename "$f")"
  done < <(find tests/fixtures/import -type f ! -path '*/corpus/*.json' ! -name '*.md' | sort)
  echo "fuzz: $target for ${seconds}s"
  if ! "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" "$corpus" \
      2> "$build/$target.log"; then
    echo "fuzz: $target FAILED (see $build/$target.log)" >&2
    tail -40 "$build/$target.log" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|Done" "$build/$target.log" | tail -2
  fi
done
exit $status

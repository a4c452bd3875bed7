#!/usr/bin/env bash
# Several pages from one instance (issue 20): what one rebuild of the public site costs with
# PAGES further pages against the main page alone (the reference), same store, same run,
# medians and their ratio (bench/pages_bench.cpp says what the store holds). A rebuild reads the
# store once per distinct time zone and renders each page from that data filtered to its scope,
# so N pages must cost far less than N + 1 rebuilds; the figure says how much.
#
# Usage: bench/pages_bench.sh [--smoke] [BUILD_DIR]
#   env: COMPONENTS (default 100), INCIDENTS (default 500), PAGES (default 5), RUNS (default 7)
#   --smoke: 20 components, 20 incidents, 2 pages, one run, for .ci/run: checks that the bench
#   runs; its figure means nothing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
source "$here/lib.sh"
bench_args "$@"
bin="$build/tests/unit/site/pages_bench"
components=${COMPONENTS:-100}; incidents=${INCIDENTS:-500}; pages=${PAGES:-5}; runs=${RUNS:-7}
if ((smoke)); then components=20; incidents=20; pages=2; runs=1; fi
[[ -x "$bin" ]] || { echo "pages_bench: $bin is missing (ninja pages_bench)"; exit 1; }

work=$(mktemp -d /tmp/pharos-pages-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
out=$("$bin" "$work" "$components" "$incidents" "$pages" "$runs")
echo "$out"
last=$(echo "$out" | tail -n 1)
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if ((smoke)); then
  echo "pages_bench (smoke): ran"
else
  echo "pages_bench: $components components, $incidents incidents, $pages pages: $last"
fi

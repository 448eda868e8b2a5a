#!/usr/bin/env bash
# The dump import at real scale: generate a synthetic dump once (about
# 200,000 crates, 1.9 M versions, 12 M dependency rows, 90 days of daily
# downloads), import it under /usr/bin/time -v (wall time, peak memory), then
# time lookups. Targets: import <= 90 s and <= 2 GiB; one lookup <= 1 ms.
#
#   crates/cratescope-dump/benches/import.sh [DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
dir="${1:-${TMPDIR:-/tmp}/cratescope-dump-bench}"
target="${CARGO_TARGET_DIR:-$here/target}"
cd "$here"
cargo bench -p cratescope-dump --bench import --no-run 2>&1 | tail -1
bin="$(ls -t "$target"/release/deps/import-* | grep -v '\.d$' | head -1)"
mkdir -p "$dir"
if [ ! -f "$dir/db-dump.tar.gz" ]; then
  "$bin" gen "$dir"
fi
/usr/bin/time -v "$bin" import "$dir" 2> "$dir/time.txt"
grep -E "Elapsed \(wall clock\)|Maximum resident set size|Percent of CPU" "$dir/time.txt"
"$bin" lookup "$dir"

#!/usr/bin/env bash
# The whole ecosystem at real scale (issue 22, and the dump import of issue
# 23): generate a synthetic dump shaped like crates.io (about 200,000
# crates, 1.9 M versions, 12 M dependency rows, 90 days of daily downloads,
# RustSec-style advisories beside it), import it, then score every crate on
# the shallow tier, each step under /usr/bin/time -v (wall, CPU, peak RSS).
# Finally the top 10 of two categories, their emerging crates and the
# alternatives of two flagged crates, for an expert to check.
#
# Targets: import <= 60 s and <= 2 GiB; shallow pass <= 30 s and <= 2 GiB.
#
#   benches/ecosystem.sh [DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-${TMPDIR:-/tmp}/cratescope-ecosystem-bench}"
target="${CARGO_TARGET_DIR:-$here/target}"
cd "$here"
cargo bench -p cratescope-dump --bench import --no-run 2>&1 | tail -1
cargo bench -p cratescope-engine --bench shallow --no-run 2>&1 | tail -1
import="$(ls -t "$target"/release/deps/import-* | grep -v '\.d$' | head -1)"
shallow="$(ls -t "$target"/release/deps/shallow-* | grep -v '\.d$' | head -1)"
mkdir -p "$dir"
if [ ! -f "$dir/db-dump.tar.gz" ]; then
  "$import" gen "$dir"
fi
report() {
  grep -E "Elapsed \(wall clock\)|User time|System time|Maximum resident set size|Percent of CPU" "$1"
}
echo "== import"
/usr/bin/time -v "$import" import "$dir" 2> "$dir/import-time.txt"
report "$dir/import-time.txt"
echo "== shallow pass"
/usr/bin/time -v "$shallow" pass "$dir" 2> "$dir/pass-time.txt"
report "$dir/pass-time.txt"
echo "== lists"
"$shallow" top "$dir" parsing web-programming::http-server
uptime

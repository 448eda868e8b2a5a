#!/usr/bin/env bash
# Wall time of `cratescope report` over the built-in catalog from a warm cache
# (issue 8: ≤ 10 s). The first run fills the cache (network: sparse index and
# .crate downloads); the next RUNS runs are timed. GitHub and crates.io API
# answers are whatever this machine can reach; nothing here needs them.
#
# usage: crates/cratescope-cli/benches/report_warm.sh [CACHE_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../../.."
CACHE="${1:-${TMPDIR:-/tmp}/cratescope-bench-cache}"
RUNS="${2:-3}"
ADVISORY_DB="${CRATESCOPE_ADVISORY_DB:-$PWD/testdata/advisory-db}"
cargo build --release -p cratescope-cli --bin cratescope >&2
BIN=target/release/cratescope
OUT="$(mktemp -d)"
export CRATESCOPE_CACHE_DIR="$CACHE" CRATESCOPE_ADVISORY_DB="$ADVISORY_DB"
echo "warming $CACHE" >&2
"$BIN" report --out "$OUT/warmup.md" 2>"$OUT/warmup.err" || true
tail -1 "$OUT/warmup.err" >&2
for i in $(seq 1 "$RUNS"); do
  start=$(date +%s.%N)
  "$BIN" report --format html --out "$OUT/matrix.html" 2>"$OUT/run.err"
  end=$(date +%s.%N)
  printf 'warm run %d: %.2f s (%s)\n' "$i" "$(echo "$end - $start" | bc)" "$(tail -1 "$OUT/run.err")"
done
rm -rf "$OUT"

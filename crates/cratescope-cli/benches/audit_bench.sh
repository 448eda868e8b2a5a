#!/usr/bin/env bash
# Audit bench (issue 6): wall time of `cratescope audit` on a lockfile of
# >= 200 packages (default: this workspace's Cargo.lock, ~410 packages) with a
# warm cargo cache, first with an empty cratescope cache, then again (served
# from the evaluation cache); and `cargo audit` on the same lockfile, offline
# against the same RustSec snapshot, for comparison.
#
# Usage: benches/audit_bench.sh [MANIFEST] [ADVISORY_DB]
# Needs: a release build (cargo build --release -p cratescope-cli); cargo-audit
# on PATH or in $CARGO_AUDIT (optional). Prints one line per run.
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
manifest="${1:-$here/Cargo.toml}"
db="${2:-$here/../shared/fixtures/advisory-db}"
bin="$here/target/release/cratescope"
[ -x "$bin" ] || { echo "build first: cargo build --release -p cratescope-cli" >&2; exit 2; }
cache="$(mktemp -d)"
trap 'rm -rf "$cache"' EXIT
lock="$(dirname "$manifest")/Cargo.lock"
echo "lockfile: $lock ($(grep -c '^\[\[package\]\]' "$lock") packages), cores: $(nproc)"

run() { # label, command...
  local label="$1"; shift
  local start end
  start=$(date +%s.%N)
  set +e; "$@" >/dev/null 2>"$cache/stderr"; local rc=$?; set -e
  end=$(date +%s.%N)
  printf '%-40s %6.2f s  (exit %d)\n' "$label" "$(echo "$end - $start" | bc)" "$rc"
}

export CRATESCOPE_CACHE_DIR="$cache/cratescope"
run "cratescope audit (empty cache)" "$bin" audit --offline --manifest-path "$manifest" --advisory-db "$db" --format json
run "cratescope audit (second run)" "$bin" audit --offline --manifest-path "$manifest" --advisory-db "$db" --format json
run "cratescope audit --lockfile (second run)" "$bin" audit --offline --lockfile "$lock" --advisory-db "$db" --format json
ca="${CARGO_AUDIT:-$(command -v cargo-audit || true)}"
if [ -n "$ca" ]; then
  run "cargo audit --no-fetch --db" "$ca" audit --no-fetch --db "$db" --file "$lock"
  run "cargo audit (again)" "$ca" audit --no-fetch --db "$db" --file "$lock"
else
  echo "cargo-audit not found: cargo install cargo-audit@0.22.2 --locked"
fi

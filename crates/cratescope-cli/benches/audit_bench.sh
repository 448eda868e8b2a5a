#!/usr/bin/env bash
# Audit bench (issues 6 and 16): wall and CPU time of `cratescope audit`
# (release build, offline, cargo's cache warm) on real lockfiles:
#   peerbench  ~210 packages (lockfiles.sh)
#   workspace  this workspace's Cargo.lock, ~420 packages
# cold = a fresh cratescope cache (every card computed), warm = the same
# command again (cards read back from the verified cache), next to
# `cargo audit --no-fetch` on the same lockfile and database.
# Targets (issue 16): cold <= 3 s (~210) and <= 5 s (~420), warm <= 0.3 s.
#
# Usage: crates/cratescope-cli/benches/audit_bench.sh [ADVISORY_DB] [RUNS]
# Needs what audit_parity.sh needs. Prints one line per measurement (the
# median of RUNS runs, default 3) and the machine's core count and load.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
DB="${1:-$ROOT/testdata/advisory-db}"
RUNS="${2:-3}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/cratescope"
[ -x "$BIN" ] || { echo "build first: cargo build --release -p cratescope-cli" >&2; exit 2; }
TOOLS="${BENCH_TOOLS:-$TARGET/bench-tools}"
CARGO_AUDIT="$TOOLS/bin/cargo-audit"
if [ ! -x "$CARGO_AUDIT" ]; then
  cargo install cargo-audit --version 0.22.2 --locked --root "$TOOLS"
fi
source "$(dirname "$0")/lockfiles.sh"
(cd "$ROOT" && cargo fetch --quiet --locked)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# measure LABEL SETUP -- COMMAND...: median wall and CPU seconds of RUNS runs;
# SETUP (a shell snippet) runs before each, untimed.
measure() {
  local label="$1" setup="$2"; shift 3
  local walls=() cpus=() rc=0
  for _ in $(seq "$RUNS"); do
    eval "$setup"
    set +e
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    set -e
    read -r wall user sys <"$tmp/time"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)")
  done
  local mw mc
  mw="$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")"
  mc="$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p")"
  printf '%-44s %6.2f s wall %6.2f s CPU  (exit %d)\n' "$label" "$mw" "$mc" "$rc"
}

echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg), runs: $RUNS (median)"
for spec in "peerbench:$PEERBENCH" "workspace:$ROOT"; do
  name="${spec%%:*}" dir="${spec#*:}"
  lock="$dir/Cargo.lock"
  n="$(packages_in "$lock")"
  export CRATESCOPE_CACHE_DIR="$tmp/cache-$name"
  args=(audit --offline --format json --advisory-db "$DB" --manifest-path "$dir/Cargo.toml")
  measure "$name ($n pkgs) cratescope cold" "rm -rf '$CRATESCOPE_CACHE_DIR'" -- "$BIN" "${args[@]}"
  measure "$name ($n pkgs) cratescope warm" ":" -- "$BIN" "${args[@]}"
  measure "$name ($n pkgs) cargo audit --no-fetch" ":" -- \
    "$CARGO_AUDIT" audit --no-fetch --db "$DB" --file "$lock"
done

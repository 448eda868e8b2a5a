#!/usr/bin/env bash
# Real lockfiles for the audit benches (sourced by audit_parity.sh and
# audit_bench.sh): scratch projects generated with cargo, then fetched so
# cargo's cache is warm (what a CI job has after `cargo build`).
#
#   peerbench  serde serde_json tokio reqwest clap anyhow regex chrono tracing
#              rand (DEPENDENCIES.md §3: ~210 packages)
#   legacy     failure atty yaml-rust (unmaintained and unsound crates)
#
# Needs the network through cargo the first time; later runs reuse them.
# Sets: WORK (where they live).

WORK="${BENCH_WORK:-${CARGO_TARGET_DIR:-$ROOT/target}/bench-lockfiles}"
mkdir -p "$WORK"

# make_project NAME CRATE[:FEATURES]...
make_project() {
  local name="$1"; shift
  local dir="$WORK/$name"
  if [ ! -f "$dir/Cargo.lock" ]; then
    rm -rf "$dir"
    cargo new --quiet --lib --vcs none --name "$name" "$dir"
    for spec in "$@"; do
      local krate="${spec%%:*}" features=""
      [ "$krate" != "$spec" ] && features="${spec#*:}"
      if [ -n "$features" ]; then
        (cd "$dir" && cargo add --quiet "$krate" --features "$features")
      else
        (cd "$dir" && cargo add --quiet "$krate")
      fi
    done
    (cd "$dir" && cargo generate-lockfile --quiet)
  fi
  # Every package's .crate in cargo's cache (a no-op once fetched).
  (cd "$dir" && cargo fetch --quiet --locked)
  echo "$dir"
}

packages_in() { grep -c '^\[\[package\]\]' "$1"; }

PEERBENCH="$(make_project peerbench serde:derive serde_json tokio:full reqwest:json clap:derive anyhow regex chrono tracing rand)"
LEGACY="$(make_project legacy failure atty yaml-rust)"

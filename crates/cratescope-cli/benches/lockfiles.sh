#!/usr/bin/env bash
# Real lockfiles for the audit benches (sourced by audit_parity.sh and
# audit_bench.sh): scratch projects generated with cargo, then fetched so
# cargo's cache is warm (what a CI job has after `cargo build`).
#
#   peerbench  serde serde_json tokio reqwest clap anyhow regex chrono tracing
#              rand (DEPENDENCIES.md §3: ~210 packages)
#   legacy     failure atty yaml-rust (unmaintained and unsound crates)
#   vulnerable old releases with known vulnerabilities (smallvec 1.6.0,
#              time 0.1.43, chrono 0.4.19, regex 1.5.4, hyper 0.14.9,
#              tokio 1.8.0, rustls 0.20.0, h2 0.3.10) and serde locked at
#              the yanked 1.0.95 (`cargo update --precise`)
#
# Needs the network through cargo the first time; later runs reuse them.
# Sets: WORK (where they live).

# Outside this repository: `cargo new` inside our workspace would add the
# scratch projects to its members (and resolve them together).
WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/cratescope-bench-lockfiles}"
mkdir -p "$WORK"

# make_project NAME CRATE[@REQ][:FEATURES]... (AFTER: a command run in the
# project once its lockfile is generated)
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
    if [ -n "${AFTER:-}" ]; then (cd "$dir" && eval "$AFTER"); fi
  fi
  # Every package's .crate in cargo's cache (a no-op once fetched).
  (cd "$dir" && cargo fetch --quiet --locked)
  echo "$dir"
}

packages_in() { grep -c '^\[\[package\]\]' "$1"; }

PEERBENCH="$(make_project peerbench serde:derive serde_json tokio:full reqwest:json clap:derive anyhow regex chrono tracing rand)"
LEGACY="$(make_project legacy failure atty yaml-rust)"
VULNERABLE="$(AFTER='cargo update --quiet -p serde --precise 1.0.95' make_project vulnerable \
  smallvec@=1.6.0 time@=0.1.43 chrono@=0.4.19 regex@=1.5.4 hyper@=0.14.9 tokio@=1.8.0 \
  rustls@=0.20.0 h2@=0.3.10 serde@1)"

#!/usr/bin/env bash
# Parity with cargo-audit (issue 16): on real lockfiles and the same RustSec
# database, the set of advisory ids per package that `cargo audit --json`
# 0.22 reports must equal the one `cratescope audit --format json` reports
# (vulnerabilities, unsound, unmaintained, notices, and yanked versions as
# the id `yanked`). Prints one line per lockfile and exits 1 on any
# difference, showing it.
#
# Lockfiles: this workspace's Cargo.lock, peerbench (~210 packages), legacy
# (failure, atty, yaml-rust) and vulnerable (old releases with known
# vulnerabilities, a yanked serde); see lockfiles.sh.
#
# Usage: crates/cratescope-cli/benches/audit_parity.sh [ADVISORY_DB]
# Needs: cargo (network the first time: cargo-audit is installed pinned,
# `cargo install cargo-audit --version 0.22.2 --locked`, and the scratch
# projects are generated), jq, a release build of cratescope
# (cargo build --release -p cratescope-cli).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
DB="${1:-$ROOT/testdata/advisory-db}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/cratescope"
[ -x "$BIN" ] || { echo "build first: cargo build --release -p cratescope-cli" >&2; exit 2; }
TOOLS="${BENCH_TOOLS:-$TARGET/bench-tools}"
CARGO_AUDIT="$TOOLS/bin/cargo-audit"
if [ ! -x "$CARGO_AUDIT" ] || ! "$CARGO_AUDIT" audit --version | grep -q '0\.22\.'; then
  cargo install cargo-audit --version 0.22.2 --locked --root "$TOOLS"
fi
source "$(dirname "$0")/lockfiles.sh"
(cd "$ROOT" && cargo fetch --quiet --locked)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export CRATESCOPE_CACHE_DIR="$tmp/cache"
failed=0

# ids_cargo_audit LOCKFILE: "name@version id" lines.
ids_cargo_audit() {
  set +e
  "$CARGO_AUDIT" audit --json --no-fetch --db "$DB" --file "$1" >"$tmp/ca.json" 2>"$tmp/ca.err"
  local rc=$?
  set -e
  # 0: nothing found, 1: vulnerabilities found; anything else is a failure.
  if [ "$rc" -gt 1 ] || ! jq -e . "$tmp/ca.json" >/dev/null 2>&1; then
    echo "cargo audit failed ($rc): $(head -3 "$tmp/ca.err")" >&2; exit 2
  fi
  jq -r '(.vulnerabilities.list[] | "\(.package.name)@\(.package.version) \(.advisory.id)"),
         (.warnings | to_entries[] | .value[] |
            "\(.package.name)@\(.package.version) \(if .advisory then .advisory.id else .kind end)")' \
     "$tmp/ca.json" | sort -u
}

# ids_cratescope LOCKFILE: the same lines from cratescope's report.
ids_cratescope() {
  set +e
  "$BIN" audit --offline --format json --advisory-db "$DB" --lockfile "$1" >"$tmp/cs.json" 2>"$tmp/cs.err"
  local rc=$?
  set -e
  if [ "$rc" -gt 1 ]; then
    echo "cratescope audit failed ($rc): $(head -3 "$tmp/cs.err")" >&2; exit 2
  fi
  jq -r '.packages[] | . as $p | (.advisories // [])[] | "\($p.crate)@\($p.version) \(.id)"' \
     "$tmp/cs.json" | sort -u
}

compare() { # label lockfile
  local label="$1" lock="$2"
  ids_cargo_audit "$lock" >"$tmp/a"
  ids_cratescope "$lock" >"$tmp/b"
  local n_pkg n_ids n_crates
  n_pkg="$(packages_in "$lock")"
  n_ids="$(wc -l <"$tmp/a")"
  n_crates="$(cut -d' ' -f1 "$tmp/a" | sort -u | wc -l)"
  if diff -u "$tmp/a" "$tmp/b" >"$tmp/diff"; then
    printf '%-10s %4d packages: identical, %3d findings on %3d packages (%s)\n' \
      "$label" "$n_pkg" "$n_ids" "$n_crates" \
      "$(jq -r '"vulnerabilities \(.vulnerabilities.count)" + ([.warnings | to_entries[] | ", \(.key) \(.value | length)"] | join(""))' "$tmp/ca.json")"
  else
    printf '%-10s %4d packages: DIFFERENT (- cargo audit, + cratescope)\n' "$label" "$n_pkg"
    tail -n +3 "$tmp/diff"
    failed=1
  fi
}

echo "cargo-audit $("$CARGO_AUDIT" audit --version | awk '{print $2}'), database $DB"
compare workspace "$ROOT/Cargo.lock"
compare peerbench "$PEERBENCH/Cargo.lock"
compare legacy "$LEGACY/Cargo.lock"
compare vulnerable "$VULNERABLE/Cargo.lock"
exit "$failed"

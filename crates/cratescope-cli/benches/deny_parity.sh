#!/usr/bin/env bash
# Parity with cargo-deny (issue 24) for the checks teams keep it for:
# licences, bans (denied crates and duplicate versions) and sources. Both
# tools read the same deny.toml (cratescope as its policy) on the same
# workspace (cargo-deny with --workspace: every member is a root, as every
# member is for cratescope); the script prints, per check, what each reports
# and where they differ, as "check name@version" lines, and exits 1 on any
# difference (docs/audit.md, "Parity with cargo-deny", explains the ones by
# design).
#
# Usage: crates/cratescope-cli/benches/deny_parity.sh [WORKSPACE_DIR] [DENY_TOML]
#        (default: this workspace and benches/deny-parity.toml)
# Needs: cargo-deny (installed pinned into target/bench-tools the first
# time: `cargo install cargo-deny --locked`), jq, a build of cratescope
# (release if there is one, else debug), the workspace's crates fetched
# (`cargo fetch`), and the RustSec snapshot for cratescope's own audit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
WS="$(cd "${1:-$ROOT}" && pwd)"
DENY="$(cd "$(dirname "${2:-$(dirname "$0")/deny-parity.toml}")" && pwd)/$(basename "${2:-deny-parity.toml}")"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/cratescope"
[ -x "$BIN" ] || BIN="$TARGET/debug/cratescope"
[ -x "$BIN" ] || { echo "build first: cargo build -p cratescope-cli" >&2; exit 2; }
TOOLS="${BENCH_TOOLS:-$TARGET/bench-tools}"
CARGO_DENY="$TOOLS/bin/cargo-deny"
[ -x "$CARGO_DENY" ] || cargo install cargo-deny --locked --root "$TOOLS"
DB="${CRATESCOPE_ADVISORY_DB:-$ROOT/testdata/advisory-db}"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Keep the raw outputs when asked (to read the differences).
[ -n "${KEEP:-}" ] && trap 'cp -r "$tmp" "$KEEP"; rm -rf "$tmp"' EXIT

# cargo-deny: diagnostics as JSON lines on stderr.
set +e
"$CARGO_DENY" --manifest-path "$WS/Cargo.toml" --workspace --format json --offline --config "$DENY" \
  check licenses bans sources 2>"$tmp/deny.jsonl" >/dev/null
set -e
jq -r 'select(.type == "diagnostic") | .fields as $f
  | ($f.graphs // [])[] | .Krate as $k
  | if $f.code == "rejected" or $f.code == "unlicensed" then "license \($k.name)@\($k.version)"
    elif $f.code == "banned" then "banned \($k.name)@\($k.version)"
    elif $f.code == "duplicate" then "duplicate \($k.name)"
    elif ($f.code | test("source")) then "source \($k.name)@\($k.version)"
    else empty end' "$tmp/deny.jsonl" | sort -u >"$tmp/deny"

# cratescope: the same lines from its report (the deny.toml as the policy).
set +e
"$BIN" audit --offline --manifest-path "$WS/Cargo.toml" --policy "$DENY" \
  --advisory-db "$DB" --format json >"$tmp/cs.json" 2>"$tmp/cs.err"
rc=$?
set -e
[ "$rc" -le 1 ] || { echo "cratescope failed ($rc): $(head -3 "$tmp/cs.err")" >&2; exit 2; }
jq -r '.packages[] | . as $p | (.problems // [])[]
  | if .rule == "license" or .rule == "license-unknown" then "license \($p.crate)@\($p.version)"
    elif .rule == "banned" then "banned \($p.crate)@\($p.version)"
    elif .rule == "duplicate" then "duplicate \($p.crate)"
    elif .rule == "git-package" or .rule == "other-registry-package" then "source \($p.crate)@\($p.version)"
    else empty end' "$tmp/cs.json" | sort -u >"$tmp/cs"
# A duplicate is one line per crate name on both sides.
packages="$(jq '.summary.packages' "$tmp/cs.json")"

echo "workspace $WS ($packages packages), policy $DENY"
echo "cargo-deny $("$CARGO_DENY" --version | awk '{print $2}'), cratescope $("$BIN" --version | awk '{print $2}')"
printf '%-10s %10s %10s %8s %8s\n' check cargo-deny cratescope both agree
failed=0
for check in license banned duplicate source; do
  a="$(grep -c "^$check " "$tmp/deny" || true)"
  b="$(grep -c "^$check " "$tmp/cs" || true)"
  both="$(comm -12 <(grep "^$check " "$tmp/deny" || true) <(grep "^$check " "$tmp/cs" || true) | wc -l)"
  agree=yes
  [ "$a" = "$b" ] && [ "$a" = "$both" ] || { agree=no; failed=1; }
  printf '%-10s %10s %10s %8s %8s\n' "$check" "$a" "$b" "$both" "$agree"
done
if [ "$failed" = 1 ]; then
  echo "differences (- cargo-deny only, + cratescope only):"
  diff <(cat "$tmp/deny") <(cat "$tmp/cs") | grep '^[<>]' | sed 's/^</-/; s/^>/+/' || true
fi
exit "$failed"

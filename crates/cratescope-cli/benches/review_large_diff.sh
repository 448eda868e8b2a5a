#!/usr/bin/env bash
# A diff of thousands of packages (issue 24, "bounded time and output"):
# generates a base and a head lockfile with N packages each (half bumped,
# a quarter added, a quarter removed, added ones in chains), audits the head
# against the base offline with an empty cargo home (every change is "not
# evaluated": the cost measured is the diff, the judging and the output),
# and prints wall time, peak RSS and the Markdown's size.
#
# Usage: crates/cratescope-cli/benches/review_large_diff.sh [N]   (default 4000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
N="${1:-4000}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="$TARGET/release/cratescope"
[ -x "$BIN" ] || BIN="$TARGET/debug/cratescope"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 - "$N" "$tmp" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
src = 'registry+https://github.com/rust-lang/crates.io-index'
def lock(pkgs):
    s = 'version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\ndependencies = [\n'
    roots = [p for p in pkgs if p[3]]
    s += ''.join(f' "{p[0]}",\n' for p in roots) + ']\n'
    for name, ver, deps, _ in pkgs:
        s += f'\n[[package]]\nname = "{name}"\nversion = "{ver}"\nsource = "{src}"\n'
        if deps:
            s += 'dependencies = [\n' + ''.join(f' "{d}",\n' for d in deps) + ']\n'
    return s
half, quarter = n // 2, n // 4
base = [(f"kept-{i}", "1.0.0", [], True) for i in range(half)]
base += [(f"gone-{i}", "0.1.0", [], True) for i in range(quarter)]
head = [(f"kept-{i}", "1.0.1", [], True) for i in range(half)]
# Added packages in chains of 10: one direct change brings nine.
for i in range(quarter):
    nxt = [f"new-{i + 1}"] if (i + 1) % 10 and i + 1 < quarter else []
    head.append((f"new-{i}", "0.1.0", nxt, i % 10 == 0))
open(f"{out}/base.lock", "w").write(lock(base))
open(f"{out}/Cargo.lock", "w").write(lock(head))
PY
cat > "$tmp/policy.toml" <<'TOML'
[audit]
unevaluable = "warn"
max_advisory_db_age_days = 3650
TOML
export CARGO_HOME="$tmp/cargo-home" CRATESCOPE_CACHE_DIR="$tmp/cache"
/usr/bin/time -v "$BIN" audit --offline --lockfile "$tmp/Cargo.lock" --base "$tmp/base.lock" \
  --policy "$tmp/policy.toml" --format markdown --allow-missing-advisory-db \
  >"$tmp/out.md" 2>"$tmp/time.txt" || true
wall="$(grep 'Elapsed (wall clock)' "$tmp/time.txt" | awk '{print $NF}')"
rss="$(grep 'Maximum resident set size' "$tmp/time.txt" | awk '{print $NF}')"
echo "$N packages per side ($BIN): wall $wall, peak RSS $((rss / 1024)) MiB, Markdown $(wc -c <"$tmp/out.md") bytes, $(grep -c '^| ' "$tmp/out.md") table rows"
head -c 600 "$tmp/out.md"; echo

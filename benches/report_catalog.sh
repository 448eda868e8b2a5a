#!/usr/bin/env bash
# `report` of the built-in catalog from downloaded files (issue 23: target
# <= 4 s): every registry file the report reads is on disk, no analysis and
# no evaluation is cached, and the run is `--offline`, so what is timed is
# reading the index, the `.crate` archives, the advisory database, and the
# analysis and scoring of every catalog crate (git history and the web APIs
# are not read offline: their signals are unavailable, which costs nothing).
#
# "Downloaded" is cargo's own download: a scratch project depending on every
# crate of the built-in catalog, `cargo generate-lockfile` + `cargo fetch`
# into a CARGO_HOME of its own (cargo's index cache and `.crate` cache are
# what cratescope reads offline). About 1,800 packages, 2.3 GB, fetched once
# and reused by later runs.
#
# Each row: median CPU seconds (user + system, workers included), wall
# seconds and peak RSS (MiB) of RUNS runs, each with an empty cratescope
# cache and history store.
#
# Usage: benches/report_catalog.sh ADVISORY_DB [RUNS]
# Env: CRATESCOPE_BIN (default target/release/cratescope), BENCH_WORK
# (default ${TMPDIR:-/tmp}/cratescope-bench-report: the scratch project and
# its CARGO_HOME).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DB="$(cd "${1:?usage: benches/report_catalog.sh ADVISORY_DB [RUNS]}" && pwd)"
RUNS="${2:-3}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${CRATESCOPE_BIN:-$TARGET/release/cratescope}"
[ -x "$BIN" ] || { echo "build first: cargo build --release -p cratescope-cli" >&2; exit 2; }
WORK="${BENCH_WORK:-${TMPDIR:-/tmp}/cratescope-bench-report}"
export CARGO_HOME="$WORK/cargo-home"
mkdir -p "$CARGO_HOME"

# The catalog's crates, read from the built-in catalog itself.
crates="$(python3 - "$ROOT/crates/cratescope-engine/src/catalog/catalog.toml" <<'EOF'
import sys, tomllib
c = tomllib.load(open(sys.argv[1], "rb"))
print(" ".join(x if isinstance(x, str) else x["name"] for cat in c["category"] for x in cat["crates"]))
EOF
)"
proj="$WORK/catalog"
if [ ! -f "$proj/Cargo.lock" ]; then
  rm -rf "$proj"
  cargo new --quiet --lib --vcs none --name catalogbench "$proj"
  for c in $crates; do echo "$c = \"*\"" >>"$proj/Cargo.toml"; done
  (cd "$proj" && cargo generate-lockfile --quiet)
fi
(cd "$proj" && cargo fetch --quiet --locked)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for _ in $(seq "$RUNS"); do
  cache="$(mktemp -d)"
  data="$(mktemp -d)"
  CRATESCOPE_CACHE_DIR="$cache" XDG_DATA_HOME="$data" \
    /usr/bin/time -v -o "$tmp/time" "$BIN" report --offline --advisory-db "$DB" \
    --out "$tmp/report.md" >"$tmp/out" 2>"$tmp/err" || true
  awk -F': ' '
    /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2}
    /Elapsed \(wall clock\)/ {n=split($2, p, ":"); w=0; for (i=1;i<=n;i++) w=w*60+p[i]}
    END {printf "%.2f %.2f %d\n", u+s, w, r}' "$tmp/time" >>"$tmp/runs"
  rm -rf "$cache" "$data"
done
[ -s "$tmp/report.md" ] || { echo "report wrote nothing:" >&2; cat "$tmp/err" >&2; exit 1; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cpu="$(cut -d' ' -f1 "$tmp/runs" | median)"
wall="$(cut -d' ' -f2 "$tmp/runs" | median)"
rss="$(cut -d' ' -f3 "$tmp/runs" | median)"
n="$(echo "$crates" | wc -w)"
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg), runs: $RUNS (medians)"
echo
echo "| run | crates | CPU s | wall s | peak RSS MiB |"
echo "|---|---:|---:|---:|---:|"
printf '| report --offline, built-in catalog, nothing cached | %d | %s | %s | %d |\n' "$n" "$cpu" "$wall" "$((rss / 1024))"

#!/usr/bin/env bash
# Cold start bench (issue 23): `cratescope audit --offline` next to
# `cargo deny --offline check` on the same lockfiles, the same advisory
# database and the same machine, runs alternating, medians of RUNS.
#
#   peerbench  ~212 packages (crates/cratescope-cli/benches/lockfiles.sh)
#   workspace  this workspace's Cargo.lock (~458 packages)
#
# cold = an empty cratescope cache (a fresh CRATESCOPE_CACHE_DIR per run: no
# evaluation and no analysis cached), warm = the same command again. Each
# row: median CPU seconds (user + system), wall seconds and peak RSS (MiB,
# /usr/bin/time -v's "Maximum resident set size").
# Targets: cold wall <= cargo-deny's, <= 4 CPU-s, warm <= 0.3 s, <= 300 MB.
#
# Usage: benches/cold_start.sh ADVISORY_DB [RUNS]
#   ADVISORY_DB  a RustSec advisory-db checkout (testdata/advisory-db)
#   RUNS         runs per measurement (default 5)
# Env: CRATESCOPE_BIN (default target/release/cratescope), BENCH_TOOLS
# (where cargo-deny is installed when absent, default target/bench-tools).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DB="$(cd "${1:?usage: benches/cold_start.sh ADVISORY_DB [RUNS]}" && pwd)"
RUNS="${2:-5}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${CRATESCOPE_BIN:-$TARGET/release/cratescope}"
[ -x "$BIN" ] || { echo "build first: cargo build --release -p cratescope-cli" >&2; exit 2; }
TOOLS="${BENCH_TOOLS:-$TARGET/bench-tools}"
DENY="$TOOLS/bin/cargo-deny"
if [ ! -x "$DENY" ]; then
  cargo install --locked cargo-deny --root "$TOOLS"
fi
source "$ROOT/crates/cratescope-cli/benches/lockfiles.sh"
(cd "$ROOT" && cargo fetch --quiet --locked)

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# cargo-deny reads its database as a git checkout under db-path, in a
# folder named after the default database URL: a committed copy of the
# snapshot, made once per run.
DENY_DBS="$tmp/deny-dbs"
mkdir -p "$DENY_DBS/advisory-db-3157b0e258782691"
cp -r "$DB/." "$DENY_DBS/advisory-db-3157b0e258782691/"
(cd "$DENY_DBS/advisory-db-3157b0e258782691" && rm -rf .git && git init -q &&
  git add -A && git -c user.name=bench -c user.email=bench@localhost commit -qm snapshot)
cat >"$tmp/deny.toml" <<EOF
[advisories]
db-path = "$DENY_DBS"
[licenses]
allow = ["MIT", "Apache-2.0", "Apache-2.0 WITH LLVM-exception", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Unicode-3.0", "Unicode-DFS-2016", "Zlib", "MPL-2.0", "CC0-1.0", "BSL-1.0", "0BSD", "CDLA-Permissive-2.0", "MIT-0", "OpenSSL", "Unlicense"]
EOF

# one LABEL SETUP -- COMMAND...: one run under /usr/bin/time -v, appending
# "cpu wall rss_kb" to $tmp/LABEL.
one() {
  local label="$1" setup="$2"; shift 3
  eval "$setup"
  /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || true
  awk -F': ' '
    /User time/ {u=$2} /System time/ {s=$2} /Maximum resident/ {r=$2}
    /Elapsed \(wall clock\)/ {n=split($2, p, ":"); w=0; for (i=1;i<=n;i++) w=w*60+p[i]}
    END {printf "%.2f %.2f %d\n", u+s, w, r}' "$tmp/time" >>"$tmp/$label"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

row() {
  local label="$1" what="$2"
  local cpu wall rss
  cpu="$(cut -d' ' -f1 "$tmp/$label" | median)"
  wall="$(cut -d' ' -f2 "$tmp/$label" | median)"
  rss="$(cut -d' ' -f3 "$tmp/$label" | median)"
  printf '| %s | %s | %s | %s | %d |\n' "$LOCKNAME" "$what" "$cpu" "$wall" "$((rss / 1024))"
}

echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg), runs: $RUNS (medians), $("$DENY" --version)"
echo
echo "| lockfile | run | CPU s | wall s | peak RSS MiB |"
echo "|---|---|---:|---:|---:|"
for spec in "peerbench:$PEERBENCH" "workspace:$ROOT"; do
  LOCKNAME="${spec%%:*}" dir="${spec#*:}"
  n="$(packages_in "$dir/Cargo.lock")"
  LOCKNAME="$LOCKNAME ($n)"
  args=(audit --offline --format json --advisory-db "$DB" --manifest-path "$dir/Cargo.toml")
  rm -f "$tmp/cold" "$tmp/warm" "$tmp/deny"
  for _ in $(seq "$RUNS"); do
    # Alternating: cold, warm (same cache), cargo-deny.
    # A fresh cache per cold run, removed only when the script ends: a
    # first run on a user's machine does not follow the deletion of a
    # thousand files of ours, and on ext4 creating files right after such
    # a deletion costs the next run up to 0.6 CPU-s of kernel time (inode
    # allocation steps over the recently freed inodes; measured in the
    # seventh stop: on a fresh file system the cache writes cost 1.5 %).
    cache="$(mktemp -d "$tmp/cache.XXXXXX")"
    export CRATESCOPE_CACHE_DIR="$cache"
    one cold ":" -- "$BIN" "${args[@]}"
    one warm ":" -- "$BIN" "${args[@]}"
    one deny ":" -- "$DENY" --manifest-path "$dir/Cargo.toml" --offline --config "$tmp/deny.toml" check
  done
  row cold "cratescope cold"
  row warm "cratescope warm"
  row deny "cargo deny --offline check"
done

#!/usr/bin/env bash
# Compares our documentation coverage with `rustdoc --show-coverage` for
# crates already in cargo's cache (~/.cargo/registry/cache).
#
# usage: scripts/coverage_vs_rustdoc.sh name-version [name-version...]
#   e.g. scripts/coverage_vs_rustdoc.sh semver-1.0.28 hex-0.4.3
#
# For each crate: unpack the cached .crate into a scratch dir under
# ${TMPDIR:-/tmp}, run `cargo rustdoc --lib` with --show-coverage (JSON) and
# default features, then run our example on the same .crate. Prints a
# Markdown table and the mean absolute difference. Needs network access to
# crates.io through cargo only when the crate's dependencies are not cached.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${TMPDIR:-/tmp}/cratescope-coverage"
mkdir -p "$scratch"
cache_dirs=("$HOME"/.cargo/registry/cache/*/)

(cd "$here" && cargo build -q --release --example coverage_vs_rustdoc)
ours_bin="$(cd "$here" && cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json,sys;print(json.load(sys.stdin)["target_directory"])')/release/examples/coverage_vs_rustdoc"

echo "| crate | version | rustdoc % | ours % | diff | rustdoc s | ours ms |"
echo "|---|---|---:|---:|---:|---:|---:|"
sum=0; n=0
for spec in "$@"; do
  crate_file=""
  for d in "${cache_dirs[@]}"; do
    [[ -f "$d/$spec.crate" ]] && crate_file="$d/$spec.crate"
  done
  if [[ -z "$crate_file" ]]; then echo "skip $spec: not in cargo's cache" >&2; continue; fi
  rm -rf "${scratch:?}/$spec"
  tar -xzf "$crate_file" -C "$scratch"
  # Drop dev-dependencies (irrelevant to rustdoc --lib, and they may need a
  # newer toolchain) and keep the copy out of any enclosing workspace.
  python3 - "$scratch/$spec/Cargo.toml" <<'PY'
import re, sys
path = sys.argv[1]
out, skip = [], False
for line in open(path, encoding="utf-8"):
    if line.startswith("["):
        skip = re.match(r"^\[(target\..*\.)?dev-dependencies", line) is not None
    if not skip:
        out.append(line)
open(path, "w", encoding="utf-8").write("".join(out) + "\n[workspace]\n")
PY
  run_rustdoc() {
    (cd "$scratch/$spec" && RUSTC_BOOTSTRAP=1 cargo rustdoc -q --lib -- \
      -Z unstable-options --show-coverage --output-format json 2>/dev/null | tail -n 1)
  }
  # First run builds the dependencies; the timed second run is rustdoc on
  # the crate alone (plus cargo's own start-up).
  if ! run_rustdoc > /dev/null; then echo "skip $spec: rustdoc failed" >&2; continue; fi
  [[ -f "$scratch/$spec/src/lib.rs" ]] && touch "$scratch/$spec/src/lib.rs"
  start=$(date +%s.%N)
  json=$(run_rustdoc)
  end=$(date +%s.%N)
  theirs=$(python3 -c 'import json,sys
d=json.loads(sys.argv[1]); t=sum(v["total"] for v in d.values()); w=sum(v["with_docs"] for v in d.values())
print(f"{100*w/t:.1f}" if t else "0.0")' "$json")
  read -r _name version _total _doc ours ours_ms < <("$ours_bin" "$crate_file" 2>/dev/null)
  diff=$(python3 -c "print(f'{abs($theirs-$ours):.1f}')")
  secs=$(python3 -c "print(f'{$end-$start:.2f}')")
  echo "| ${spec%-*} | $version | $theirs | $ours | $diff | $secs | $ours_ms |"
  sum=$(python3 -c "print($sum+$diff)"); n=$((n+1))
done
[[ $n -gt 0 ]] && python3 -c "print(f'mean absolute difference: {$sum/$n:.2f} points over $n crates')"

#!/usr/bin/env bash
# Measures every hostile crate of examples/hostile/cases.rs: builds its
# .crate, then reads and analyses it under /usr/bin/time -v (release
# build), and prints a Markdown table: wall time, peak resident memory,
# what the analysis said, and whether the case's check held.
#
# usage: scripts/hostile.sh [case...]     (default: every case)
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
scratch="${TMPDIR:-/tmp}/cratescope-hostile"
mkdir -p "$scratch"

(cd "$here" && cargo build -q --release --example hostile)
bin="$(cd "$here" && cargo metadata -q --format-version 1 --no-deps | python3 -c 'import json,sys;print(json.load(sys.stdin)["target_directory"])')/release/examples/hostile"

if [[ $# -gt 0 ]]; then cases=("$@"); else mapfile -t cases < <("$bin" list | cut -f1); fi

echo "| case | what | .crate bytes | wall s | peak RSS MiB | exit | what the analysis said |"
echo "|---|---|---:|---:|---:|---:|---|"
failed=0
for c in "${cases[@]}"; do
  what="$("$bin" list | awk -F'\t' -v c="$c" '$1==c{print $2}')"
  "$bin" build "$c" "$scratch/$c.crate"
  size=$(stat -c %s "$scratch/$c.crate")
  set +e
  out=$(/usr/bin/time -v "$bin" run "$c" "$scratch/$c.crate" 2>"$scratch/$c.time")
  code=$?
  set -e
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$scratch/$c.time" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$scratch/$c.time")
  said=$(printf '%s' "$out" | cut -f3,4 | tr '\t' ' ')
  [[ $code -ne 0 ]] && failed=1
  echo "| $c | $what | $size | $wall | $rss | $code | ${said//|/\\|} |"
  rm -f "$scratch/$c.crate"
done
exit $failed

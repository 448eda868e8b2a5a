#!/usr/bin/env bash
# Runs one cargo-fuzz target for a bounded time.
#
# usage: fuzz/run.sh <target> <seconds>     (targets: tarball manifest rust readme bounds)
#        fuzz/run.sh all <seconds>          (each target in turn)
#
# Needs cargo-fuzz (`cargo install cargo-fuzz --version 0.13.2 --locked`).
# The pinned stable toolchain builds libFuzzer's nightly flags with
# RUSTC_BOOTSTRAP=1. Seeds: fuzz/seeds/<target>/ (checked in) are copied
# into the working corpus fuzz/corpus/<target>/ (not checked in); findings
# land in fuzz/artifacts/<target>/ and the script exits non-zero.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
target="${1:?usage: run.sh <target|all> <seconds>}"
seconds="${2:?usage: run.sh <target|all> <seconds>}"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$here/target}"

run_one() {
  local t="$1"
  mkdir -p "$here/corpus/$t" "$here/artifacts/$t"
  if [[ -d "$here/seeds/$t" ]]; then cp -n "$here/seeds/$t"/* "$here/corpus/$t/" 2>/dev/null || true; fi
  (cd "$here" && cargo fuzz run "$t" "corpus/$t" --sanitizer none -- \
      -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=4096 -timeout=20 \
      -artifact_prefix="artifacts/$t/" -print_final_stats=1)
}

if [[ "$target" == all ]]; then
  for t in tarball manifest rust readme bounds; do run_one "$t"; done
else
  run_one "$target"
fi

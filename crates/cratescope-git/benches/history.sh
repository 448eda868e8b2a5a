#!/usr/bin/env bash
# Time analyze_repository on a synthetic 50 000-commit repository and the
# equivalent git pipeline. The repository is built once with git fast-import
# under target/cratescope-git-bench/ and reused by later runs.
#   crates/cratescope-git/benches/history.sh [commits]
set -euo pipefail
n=${1:-50000}
here=$(cd "$(dirname "$0")/.." && pwd)
target=$(cd "$here/../.." && pwd)/target
repo=$target/cratescope-git-bench/repo-$n.git
as_of=2026-11-25T00:00:00Z
year=2025-11-25T00:00:00Z
recent=2026-08-27T00:00:00Z
cargo build -q --release --manifest-path "$here/Cargo.toml" --example git_facts --example make_bench_repo
bin=$target/release/examples
if [ ! -f "$repo/bench-complete" ]; then
  rm -rf "$repo"
  git init -q --bare "$repo"
  "$bin/make_bench_repo" "$n" | git -C "$repo" fast-import --quiet
  git -C "$repo" symbolic-ref HEAD refs/heads/main
  touch "$repo/bench-complete"
fi
echo "repository: $repo ($(git -C "$repo" rev-list --count HEAD) commits reachable from HEAD)"
g() { git -C "$repo" "$@"; }
for sub in "" crates/c3; do
  echo "== path_in_vcs=${sub:-<root>}"
  for run in 1 2 3; do
    "$bin/git_facts" "$repo" "$as_of" $sub 2>&1 >/tmp/bench-facts.$$ | sed "s/^/run $run: /"
  done
  python3 -c 'import json,sys; f=json.load(open(sys.argv[1])); print("ours: commits_365d=%d commits_90d=%d total=%d authors=%d absence=%s" % (f["commits_365d"], f["commits_90d"], f["total_commits"], f["active_authors_12m"], f["absence_factor_12m"]))' /tmp/bench-facts.$$
  ps=(); [ -n "$sub" ] && ps=(-- "$sub")
  s=$(date +%s.%N)
  y=$(g log --no-merges --format=%H --since=$year --until=$as_of HEAD "${ps[@]}" | wc -l)
  r=$(g log --no-merges --format=%H --since=$recent --until=$as_of HEAD "${ps[@]}" | wc -l)
  t=$(g log --no-merges --format=%H --until=$as_of HEAD | wc -l)
  a=$(g shortlog -sne --no-merges --since=$year --until=$as_of HEAD "${ps[@]}" | wc -l)
  f=$(g log --format=%cI HEAD | tail -1)
  e=$(date +%s.%N)
  echo "git:  commits_365d=$y commits_90d=$r total=$t authors=$a first=$f  ($(echo "$e - $s" | bc) s for 5 git commands)"
done
rm -f /tmp/bench-facts.$$

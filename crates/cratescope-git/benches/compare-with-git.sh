#!/usr/bin/env bash
# Compare cratescope-git's counts with git's own for one repository:
#   benches/compare-with-git.sh <repo> [as_of RFC 3339, default now] [path_in_vcs]
# Prints git's numbers (git log / git shortlog, --no-merges, committer-date
# windows as_of-365d..as_of and as_of-90d..as_of) next to ours, with timings.
set -euo pipefail
repo=$1
as_of=${2:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
sub=${3:-}
year=$(date -u -d "$as_of - 365 days" +%Y-%m-%dT%H:%M:%SZ)
recent=$(date -u -d "$as_of - 90 days" +%Y-%m-%dT%H:%M:%SZ)
g() { git -c safe.directory='*' -C "$repo" "$@"; }
pathspec=()
[ -n "$sub" ] && pathspec=(-- "$sub")

echo "repo=$repo as_of=$as_of year_start=$year recent_start=$recent path=${sub:-<root>}"
start=$(date +%s.%N)
y=$(g log --no-merges --format=%H --since="$year" --until="$as_of" HEAD "${pathspec[@]}" | wc -l)
r=$(g log --no-merges --format=%H --since="$recent" --until="$as_of" HEAD "${pathspec[@]}" | wc -l)
all=$(g log --no-merges --format=%H --until="$as_of" HEAD | wc -l)
g shortlog -sne --no-merges --since="$year" --until="$as_of" HEAD "${pathspec[@]}" > /tmp/cmp-shortlog.$$
end=$(date +%s.%N)
humans=$( (grep -v -i -E '\[bot\]|dependabot|renovate|github-actions' /tmp/cmp-shortlog.$$ || true) | wc -l)
echo "git:  commits_365d=$y commits_90d=$r total_commits=$all authors_12m(incl. bots)=$(wc -l < /tmp/cmp-shortlog.$$) humans=$humans  ($(echo "$end - $start" | bc) s for the 4 git commands)"

here=$(cd "$(dirname "$0")/.." && pwd)
cargo run -q --release --manifest-path "$here/Cargo.toml" --example git_facts -- "$repo" "$as_of" $sub > /tmp/cmp-facts.$$
python3 - /tmp/cmp-facts.$$ /tmp/cmp-shortlog.$$ <<'PY'
import json, sys, re
f = json.load(open(sys.argv[1]))
print("ours: commits_365d=%d commits_90d=%d total_commits=%d authors_12m(humans)=%d bots_excluded=%d absence=%s" % (
    f["commits_365d"], f["commits_90d"], f["total_commits"], f["active_authors_12m"], f["bot_commits_excluded"], f["absence_factor_12m"]))
git = []
for line in open(sys.argv[2]):
    n, who = line.strip().split("\t", 1)
    if not re.search(r"\[bot\]|dependabot|renovate|github-actions", who, re.I):
        git.append((int(n), who))
ours = [(a["commits"], "%s <%s>" % (a["name"], a["email"])) for a in f["authors_12m"]]
print("per-author (count, Name <email>) identical to git shortlog (humans):", sorted(ours) == sorted(git))
for x in sorted(set(ours) ^ set(git)):
    print("  differs:", x)
PY
rm -f /tmp/cmp-facts.$$ /tmp/cmp-shortlog.$$

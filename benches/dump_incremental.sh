#!/usr/bin/env bash
# A new dump applied incrementally versus imported whole (issue 22), at
# real scale: the synthetic dump of benches/ecosystem.sh (about 200,000
# crates, 1.8 M versions, 12 M dependency rows, 90 days of downloads), and
# the same dump a day later (crates/cratescope-dump/benches/synth/later.rs:
# 300 new crates, 2,000 new releases, 500 yanks, 100 deleted crates, the
# download window moved by a day). Each step under /usr/bin/time -v.
#
#   benches/dump_incremental.sh [DIR]    # DIR/db-dump.tar.gz is generated if absent
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
dir="${1:-${TMPDIR:-/tmp}/cratescope-dump-incremental}"
target="${CARGO_TARGET_DIR:-$here/target}"
cd "$here"
cargo bench -p cratescope-dump --bench import --no-run 2>&1 | tail -1
import="$(ls -t "$target"/release/deps/import-* | grep -v '\.d$' | head -1)"
mkdir -p "$dir"
[ -f "$dir/db-dump.tar.gz" ] || "$import" gen "$dir"
[ -f "$dir/later/db-dump.tar.gz" ] || "$import" later "$dir"
report() {
  grep -E "Elapsed \(wall clock\)|User time|System time|Maximum resident set size" "$1"
}
echo "== full import of the first dump"
/usr/bin/time -v "$import" import "$dir" 2> "$dir/import-time.txt"
report "$dir/import-time.txt"
cp "$dir/table.sqlite" "$dir/table-first.sqlite"
echo "== the next day's dump applied to it"
/usr/bin/time -v "$import" apply "$dir" 2> "$dir/apply-time.txt"
report "$dir/apply-time.txt"
mv "$dir/table.sqlite" "$dir/table-applied.sqlite"
cp "$dir/table-first.sqlite" "$dir/table.sqlite"
echo "== the next day's dump imported whole"
/usr/bin/time -v "$import" full "$dir" 2> "$dir/full-time.txt"
report "$dir/full-time.txt"
echo "== the two tables hold the same (but the import time)"
for t in table-applied table; do
  sqlite3 "$dir/$t.sqlite" "SELECT * FROM crates ORDER BY key; SELECT * FROM users ORDER BY id; SELECT name, hex(sha3(data)) FROM blobs ORDER BY name; SELECT * FROM meta WHERE key <> 'imported_at' ORDER BY key;" | md5sum
done
uptime

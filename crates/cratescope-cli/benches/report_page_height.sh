#!/usr/bin/env bash
# Page height of the HTML report at 1,400 px in headless Chromium, and the
# median height of a crate's card (issue 14: "59,000 px tall"). Offline over a
# catalog of crates in cargo's local cache, so it runs anywhere the workspace
# built; pass another catalog or binary to compare.
#
# usage: crates/cratescope-cli/benches/report_page_height.sh [CATALOG] [BIN] [LANG]
set -euo pipefail
cd "$(dirname "$0")/../../.."
CATALOG="${1:-crates/cratescope-cli/benches/local-catalog.toml}"
BIN="${2:-target/release/cratescope}"
LANG_="${3:-en}"
[ -x "$BIN" ] || cargo build --release -p cratescope-cli --bin cratescope >&2
OUT="$(mktemp -d)"
export CRATESCOPE_CACHE_DIR="${CRATESCOPE_CACHE_DIR:-$OUT/cache}"
export CRATESCOPE_ADVISORY_DB="${CRATESCOPE_ADVISORY_DB:-$PWD/testdata/advisory-db}"
"$BIN" report --offline --catalog "$CATALOG" --format html --lang "$LANG_" --out "$OUT/page.html" 2>"$OUT/err"
tail -1 "$OUT/err" >&2
probe='<script>(function(){var d=document.documentElement;var a=[].map.call(document.querySelectorAll("article"),function(x){return Math.round(x.getBoundingClientRect().height)}).sort(function(x,y){return x-y});var p=document.createElement("div");p.id="probe";p.textContent="height="+d.scrollHeight+" scroll_width="+d.scrollWidth+" client_width="+d.clientWidth+" cards="+a.length+" median_card="+(a[a.length>>1]||0);document.body.appendChild(p);})();</script></body>'
sed "s#</body>#${probe//&/\\&}#" "$OUT/page.html" > "$OUT/probe.html"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --virtual-time-budget=5000 --user-data-dir="$OUT/profile" --window-size=1400,1000 \
  --dump-dom "file://$OUT/probe.html" 2>/dev/null | grep -o 'id="probe">[^<]*' | sed 's/id="probe">//'
rm -rf "$OUT"

#!/usr/bin/env bash
# Load benchmark of `cratescope serve` on loopback (issue 15): requests per
# second and p50/p99 latency for a cached crate page, a badge and the JSON
# card. Bounded: each run is a fixed number of requests with a time cap, to
# 127.0.0.1 only, and the server is stopped at the end.
#
#   benches/serve_load.sh [REQUESTS] [CONNECTIONS]
#
# The load generator is oha from crates.io, pinned, installed with
# `cargo install --locked` into target/bench-tools (not on PATH). The store
# is seeded offline from the real index files in testdata/sparse-index, so
# nothing leaves the machine. Targets: >= 5,000 rps for the page, >= 20,000
# rps for the badge, p99 <= 50 ms.
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS="${1:-50000}"
CONNECTIONS="${2:-32}"
OHA_VERSION="1.16.0"
MAX_SECONDS=60
TARGET_DIR="${CARGO_TARGET_DIR:-target}"
TOOLS="$TARGET_DIR/bench-tools"

if [ ! -x "$TOOLS/bin/oha" ] || ! "$TOOLS/bin/oha" --version | grep -q "$OHA_VERSION"; then
  echo "installing oha $OHA_VERSION into $TOOLS" >&2
  cargo install --locked --quiet --root "$TOOLS" "oha@$OHA_VERSION"
fi
OHA="$TOOLS/bin/oha"

cargo build --release --locked --quiet -p cratescope-cli --bin cratescope
BIN="$TARGET_DIR/release/cratescope"

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# A cargo home with the real sparse-index files of itoa and semver in
# cargo's cache format, so `update --offline` evaluates them.
FIXTURES="$PWD/testdata"
REG="$WORK/cargo-home/registry/index/index.crates.io-1949cf8c6b5b557f/.cache"
mkdir -p "$REG/it/oa" "$REG/se/mv"
python3 - "$FIXTURES/sparse-index" "$REG" <<'PY'
import json, struct, sys, os
src, dst = sys.argv[1], sys.argv[2]
for name, sub in [("itoa", "it/oa"), ("semver", "se/mv")]:
    out = bytearray([3]) + struct.pack("<I", 2) + b"Unknown\0"
    for line in open(os.path.join(src, name)):
        line = line.strip()
        if not line:
            continue
        out += json.loads(line)["vers"].encode() + b"\0" + line.encode() + b"\0"
    open(os.path.join(dst, sub, name), "wb").write(out)
PY
export CARGO_HOME="$WORK/cargo-home" CRATESCOPE_CACHE_DIR="$WORK/cache" HOME="$WORK"
export CRATESCOPE_DATABASE_URL="sqlite://$WORK/bench.db"
export CRATESCOPE_ADVISORY_DB="$FIXTURES/advisory-db"
"$BIN" track itoa semver >/dev/null
"$BIN" update --offline >/dev/null

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
# A page TTL longer than the benchmark: "cached" means rendered once.
"$BIN" serve --offline --addr "127.0.0.1:$PORT" --page-ttl 1h 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "requests per run: $REQUESTS, connections: $CONNECTIONS, cap ${MAX_SECONDS}s"
printf '%-28s %10s %10s %10s\n' "route" "rps" "p50 ms" "p99 ms"
for path in /crates/itoa /badges/itoa.svg /api/v1/crates/itoa; do
  url="http://127.0.0.1:$PORT$path"
  curl -fsS "$url" >/dev/null   # warm the page cache
  # -n bounds the requests; timeout bounds the time (oha's -z would replace -n).
  timeout "$MAX_SECONDS" "$OHA" -n "$REQUESTS" -c "$CONNECTIONS" --no-tui --output-format json "$url" >"$WORK/out.json"
  python3 - "$path" "$WORK/out.json" <<'PY'
import json, sys
path, f = sys.argv[1], sys.argv[2]
d = json.load(open(f))
s = d["summary"]
p = d["latencyPercentiles"]
codes = d.get("statusCodeDistribution", {})
print(f"{path:<28} {s['requestsPerSec']:>10.0f} {p['p50']*1000:>10.2f} {p['p99']*1000:>10.2f}   status {codes}")
PY
done

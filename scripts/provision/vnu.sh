#!/usr/bin/env bash
# Installs the Nu Html Checker (npm package `vnu-jar`, pinned) into
# target/tools/vnu/, where the tests look for it, and checks that it runs.
# Idempotent: a second run with the jar present does nothing. Needs npm
# (Debian's `npm`) and a Java runtime (Debian's `default-jre-headless`).
#
#   scripts/provision/vnu.sh        prints the path of vnu.jar
#
# The tests (report and server pages, badges) find the jar at
# target/tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar, or at
# $CRATESCOPE_VNU_JAR; without it they fail, never skip.
set -euo pipefail
cd "$(dirname "$0")/../.."

VERSION=26.9.27
PREFIX=target/tools/vnu
JAR="$PREFIX/node_modules/vnu-jar/build/dist/vnu.jar"

for tool in npm java; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "scripts/provision/vnu.sh: \`$tool\` is needed (Debian: apt-get install npm default-jre-headless)" >&2
    exit 1
  fi
done

installed() {
  [ -f "$JAR" ] && [ -f "$PREFIX/node_modules/vnu-jar/package.json" ] &&
    grep -q "\"version\": \"$VERSION\"" "$PREFIX/node_modules/vnu-jar/package.json"
}

if ! installed; then
  mkdir -p "$PREFIX"
  npm install --silent --no-audit --no-fund --prefix "$PREFIX" "vnu-jar@$VERSION" >&2
fi
installed || {
  echo "scripts/provision/vnu.sh: vnu-jar $VERSION did not install into $PREFIX" >&2
  exit 1
}
java -jar "$JAR" --version >/dev/null
echo "$PWD/$JAR"

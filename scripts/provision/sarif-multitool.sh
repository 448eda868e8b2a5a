#!/bin/sh
# Installs Microsoft's SARIF Multitool (issue 27), the validator GitHub
# Advanced Security's rules come from, under target/tools/ of the
# repository. The SARIF tests run it from there (or from
# $SARIF_MULTITOOL) and FAIL when it is missing: they never skip.
#
#   scripts/provision/sarif-multitool.sh      # idempotent; needs node and npm
#
# The version is pinned so a new release of the validator cannot change the
# verdict of an unchanged output; bump it on purpose.
set -eu

version="${SARIF_MULTITOOL_VERSION:-5.7.0}"
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/target/tools"
bin="$dir/node_modules/.bin/sarif-multitool"

if [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -q "$version"; then
    echo "sarif-multitool $version already in $dir"
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
    else
        echo "sarif-multitool: npm is needed (Debian: apt-get install nodejs npm)" >&2
        exit 1
    fi
fi

mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || echo '{"private": true}' > package.json
npm install --no-audit --no-fund --silent "@microsoft/sarif-multitool@$version"
"$bin" --version

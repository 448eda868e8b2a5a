#!/usr/bin/env bash
# promtool, from Debian's `prometheus` package: the server's tests check a
# real /metrics scrape with `promtool check metrics` and fail (never skip)
# when it is missing.
#
#   scripts/provision/promtool.sh        (as root, or with sudo)
#
# Idempotent: nothing happens when `promtool` already runs. Only the promtool
# binary is taken from the package (downloaded with apt-get, unpacked with
# dpkg-deb) and installed as /usr/local/bin/promtool: installing the whole
# package would create a user and start a Prometheus server, which the tests
# do not want.
set -euo pipefail

if command -v promtool >/dev/null 2>&1 && promtool --version >/dev/null 2>&1; then
  exit 0
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "promtool.sh: installing needs root (or sudo): $*" >&2
    exit 1
  fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# apt-get download drops privileges to _apt when it runs as root: let _apt
# write the package here.
if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then
  chown _apt "$work"
fi
echo "promtool.sh: installing promtool from Debian's prometheus package" >&2
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
# apt-get download writes to the current directory and needs no root, but
# the package lists it reads were just updated as root.
(cd "$work" && apt-get download -qq prometheus)
deb="$(ls "$work"/prometheus_*.deb)"
dpkg-deb -x "$deb" "$work/root"
as_root install -m 0755 "$work/root/usr/bin/promtool" /usr/local/bin/promtool
promtool --version >/dev/null
echo "promtool.sh: $(promtool --version 2>&1 | head -n1)" >&2

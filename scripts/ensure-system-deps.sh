#!/usr/bin/env bash
# Installs the Debian packages the integration tests drive for real (Prometheus scrapes the agent;
# Chromium renders the UI) when they are missing. Needs root and apt-get; otherwise it says what to install
# and the tests that need the package fail with the same advice.
set -euo pipefail
packages=()
command -v prometheus >/dev/null 2>&1 || packages+=(prometheus)
[ -x /usr/bin/chromium ] || packages+=(chromium)
[ ${#packages[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system packages missing for some tests: ${packages[*]} (install them, e.g. apt-get install ${packages[*]})" >&2
  exit 0
fi
echo "installing ${packages[*]} with apt-get (once) ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
# Debian's package starts a prometheus service; the tests run their own.
if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi
pkill -x prometheus >/dev/null 2>&1 || true
echo "installed ${packages[*]}" >&2

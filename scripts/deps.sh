#!/usr/bin/env bash
# deps.sh -- install the Debian packages fingerpost needs, only those missing.
# Usage: scripts/deps.sh [build|test]   (test adds what the test suite needs)
set -euo pipefail
want=(gcc make cmake pkg-config libgsl-dev libcsv-dev libxlsxwriter-dev check gnuplot-nox libcurl4-openssl-dev)
if [ "${1:-build}" = test ]; then
  want+=(chromium fonts-dejavu-core python3-openpyxl python3 libxml2-utils)
fi
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "deps.sh: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

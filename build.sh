#!/usr/bin/env bash
# build.sh -- the one command that does everything on a fresh Debian machine:
# installs missing packages, builds fingerpost, and runs the main job, the
# scorecard report for the shipped demo data, into out/.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/deps.sh build
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
./build/fingerpost report --out out "$@"
echo "build.sh: report written to out/ (open out/scorecard.html)"

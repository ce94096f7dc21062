#!/usr/bin/env bash
# test.sh -- the one command that runs the whole test suite: installs missing
# packages, builds with -Werror and runs every test, then builds again with
# AddressSanitizer and UndefinedBehaviorSanitizer and runs the tests there too.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/deps.sh test
jobs=$(nproc)
cmake -S . -B build-test -DFP_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-test -j"$jobs"
ctest --test-dir build-test --output-on-failure -j"$jobs"
cmake -S . -B build-asan -DFP_WERROR=ON -DFP_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

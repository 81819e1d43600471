#!/usr/bin/env bash
# Builds whosaid (library, CLI, tests, fuzz replays) with AddressSanitizer
# and UBSan in build-asan/ and runs the whole CTest suite there. Any
# sanitizer report fails the test that triggered it. Extra arguments go to
# ctest (e.g. -R cli).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Debug: a quick compile, and exact stacks in the reports.
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DWHOSAID_SANITIZE=ON -DWHOSAID_BUILD_TESTS=ON \
  -DWHOSAID_BUILD_BENCH=OFF >/dev/null
cmake --build build-asan -j "$(nproc)"
ctest --test-dir build-asan --output-on-failure -j "$(nproc)" "$@"

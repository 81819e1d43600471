#!/usr/bin/env bash
# Sets up, builds, and runs the whole test suite (unit, golden, rule
# examples) with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh -DWHOSAID_BUILD_TESTS=ON
ctest --test-dir build --output-on-failure -j "$(nproc)"

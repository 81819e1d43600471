#!/usr/bin/env bash
# Sets up, builds, and runs the main job on the bundled corpus: prints the
# claim-source table of corpus/ (TSV) on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >&2
exec ./build/cli/whosaid extract corpus/ "$@"

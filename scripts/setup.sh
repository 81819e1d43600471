#!/usr/bin/env bash
# Installs the Debian packages whosaid needs to build and test, when missing.
# Safe to run repeatedly: it does nothing when everything is present.
#   setup.sh        build, test and the sanitizer build (gcc's ASan/UBSan
#                   runtimes come with build-essential)
#   setup.sh fuzz   also clang, its libFuzzer and sanitizer runtimes
#                   (libclang-rt-14-dev) and llvm-symbolizer (llvm), for
#                   scripts/fuzz.sh
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libicu-dev libre2-dev libspdlog-dev libfmt-dev catch2 libcli11-dev
  libtomlplusplus-dev libsimdjson-dev zlib1g-dev libzstd-dev
  python3
)
if [ "${1:-}" = "fuzz" ]; then
  packages+=(clang libclang-rt-14-dev llvm)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

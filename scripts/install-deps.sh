#!/usr/bin/env bash
# Installs the Debian packages dcomdoctor builds and tests with. Idempotent; needs root
# (or sudo). Peers used only by tests and benchmarks (libregf-utils, libevtx-utils,
# python3-evtx, libhivex-bin) are installed too so the comparisons run.
#   scripts/install-deps.sh [--windows]
# --windows adds what dcomdoctor.exe is cross-compiled and tested with: mingw-w64 (posix
# threads), Wine, dpkg-dev (apt-get source), and the pugixml source package
# (scripts/windows-deps.sh, into build-windows/deps).
set -euo pipefail
windows=${1:-}
packages=(
  g++ cmake ninja-build pkgconf
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libpugixml-dev libtomlplusplus-dev
  clang libclang-rt-14-dev
  libregf-utils libevtx-utils python3-evtx libhivex-bin libwin-hivex-perl
)
if [[ $windows == --windows ]]; then
  packages+=(g++-mingw-w64-x86-64-posix wine wine64 dpkg-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ $windows == --windows ]]; then
  bash "$(dirname "$0")/windows-deps.sh"
fi

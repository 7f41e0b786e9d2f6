#!/usr/bin/env bash
# Installs the Debian packages dcomdoctor builds and tests with. Idempotent; needs root
# (or sudo). Peers used only by tests and benchmarks (libregf-utils, libevtx-utils,
# python3-evtx, libhivex-bin) are installed too so the comparisons run.
set -euo pipefail
packages=(
  g++ cmake ninja-build pkgconf
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libpugixml-dev libtomlplusplus-dev
  clang clang-format libclang-rt-14-dev libgraphviz-dev
  chromium fonts-dejavu-core
  libregf-utils libevtx-utils python3-evtx libhivex-bin libwin-hivex-perl
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Test tools from npm (tests/tools/package.json: the SARIF multitool, puppeteer-core driving the
# chromium above), with --test-tools; node and npm come from Debian where the machine has none.
if ! command -v npm >/dev/null; then
  sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [[ ${1:-} == --test-tools ]]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  [[ -d $here/tests/tools/node_modules/puppeteer-core ]] ||
    npm ci --prefix "$here/tests/tools" --no-audit --no-fund --loglevel=error >/dev/null
fi

#!/usr/bin/env bash
# Installs the Debian packages dcomdoctor builds and tests with. Idempotent; needs root
# (or sudo). Peers used only by tests and benchmarks (libregf-utils, libevtx-utils,
# python3-evtx, libhivex-bin) are installed too so the comparisons run.
#   scripts/install-deps.sh [--test-tools] [--windows]
# --test-tools: the npm test tools of tests/tools/package.json (Microsoft's SARIF multitool,
# puppeteer-core driving Debian's chromium); node and npm come from Debian where the machine has
# none. --windows: what dcomdoctor.exe is cross-compiled and tested with: mingw-w64 (posix
# threads), Wine, dpkg-dev (apt-get source), and the pugixml source package
# (scripts/windows-deps.sh, into build-windows/deps).
set -euo pipefail
testTools=0 windows=0
for arg in "$@"; do
  case $arg in
  --test-tools) testTools=1 ;;
  --windows) windows=1 ;;
  *) echo "install-deps.sh: unknown option $arg (expected --test-tools, --windows)" >&2; exit 2 ;;
  esac
done
packages=(
  g++ cmake ninja-build pkgconf
  libgtest-dev libgmock-dev libbenchmark-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libpugixml-dev libtomlplusplus-dev
  clang clang-format libclang-rt-14-dev libgraphviz-dev
  chromium fonts-dejavu-core
  libregf-utils libevtx-utils python3-evtx libhivex-bin libwin-hivex-perl
)
if ((windows)); then
  packages+=(g++-mingw-w64-x86-64-posix wine wine64 dpkg-dev)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
if ((${#missing[@]})); then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ((testTools)); then
  command -v npm >/dev/null ||
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  here=$(cd "$(dirname "$0")/.." && pwd)
  [[ -d $here/tests/tools/node_modules/puppeteer-core ]] ||
    npm ci --prefix "$here/tests/tools" --no-audit --no-fund --loglevel=error >/dev/null
fi
if ((windows)); then
  bash "$(dirname "$0")/windows-deps.sh"
fi

#!/usr/bin/env bash
# Creates the Wine prefix the Windows tests run in (once; about 20 s), so that no test's output
# carries Wine's first-start messages: tests/windows/wine-prefix.sh [PREFIX]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
export WINEPREFIX=${1:-${WINEPREFIX:-$here/build-windows/wine-prefix}} WINEDEBUG=-all
if [[ ! -f $WINEPREFIX/system.reg ]]; then
  mkdir -p "$WINEPREFIX"
  wine wineboot --init >/dev/null 2>&1
  wineserver -w
fi

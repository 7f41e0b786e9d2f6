#!/usr/bin/env bash
# dcomdoctor.exe under Wine, called like the Linux binary (for scripts that take a binary):
#   DCOMDOCTOR_EXE=build-windows/src/cli/dcomdoctor.exe tests/windows/wine-dcomdoctor.sh ARGS...
# WINEPREFIX defaults to build-windows/wine-prefix (made by tests/windows/wine-prefix.sh).
here=$(cd "$(dirname "$0")/../.." && pwd)
export WINEPREFIX=${WINEPREFIX:-$here/build-windows/wine-prefix} WINEDEBUG=-all
exec wine "${DCOMDOCTOR_EXE:-$here/build-windows/src/cli/dcomdoctor.exe}" "$@"

#!/usr/bin/env bash
# The mingw-w64 build's libraries, from Debian only (see cmake/WindowsDeps.cmake):
# CLI11, nlohmann-json, toml++ and fmt are used as headers from their -dev packages; GoogleTest is
# built from /usr/src/googletest (libgtest-dev); pugixml has no header-only package, so its
# source package is fetched with `apt-get source` into DIR (default build-windows/deps), after
# adding a deb-src entry for the suites this machine already uses. Idempotent; needs root (or
# sudo) only the first time, to add the entry.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-windows/deps}
mkdir -p "$dir"
if compgen -G "$dir/pugixml-*/src/pugixml.cpp" >/dev/null; then
  exit 0
fi
sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
if ! apt-get source --print-uris pugixml >/dev/null 2>&1; then
  . /etc/os-release
  list=/etc/apt/sources.list.d/dcomdoctor-deb-src.sources
  printf '%s\n' "Types: deb-src" "URIs: http://deb.debian.org/debian" \
    "Suites: $VERSION_CODENAME" "Components: main" \
    "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" | $sudo tee "$list" >/dev/null
  $sudo apt-get update -qq
fi
(cd "$dir" && apt-get source -qq pugixml >/dev/null 2>&1)
compgen -G "$dir/pugixml-*/src/pugixml.cpp" >/dev/null || {
  echo "windows-deps.sh: apt-get source pugixml left no $dir/pugixml-*/src/pugixml.cpp" >&2
  exit 2
}

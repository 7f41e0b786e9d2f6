#!/usr/bin/env bash
# Formats the C++ sources with the project's .clang-format (clang-format from Debian), or with
# --check lists the files that differ from it and exits 1 (what `./run test` does).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h' | grep -v '^tests/tools/')
if [[ ${1:-} == --check ]]; then
  bad=()
  for f in "${files[@]}"; do
    clang-format --style=file "$f" | cmp -s - "$f" || bad+=("$f")
  done
  if ((${#bad[@]})); then
    printf 'not formatted (run: bash scripts/format.sh): %s\n' "${bad[@]}"
    exit 1
  fi
  echo "format: ${#files[@]} files as .clang-format says"
else
  clang-format --style=file -i "${files[@]}"
fi

#!/usr/bin/env bash
# The same commands from the Linux binary and from dcomdoctor.exe under Wine must give the same
# bytes (stdout, stderr, exit status):
#   bash tests/windows/compare-linux.sh LINUX_BIN [EXE]
# simulate (text and JSON) of every scenario and the example plant, matrix, explain (through
# scripts/compare-outputs.sh), then events and evtx dump of the conformance .evtx files (when
# ../shared/conformance is there) and explain of pasted events on stdin.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
linux=$(realpath "$1")
export DCOMDOCTOR_EXE=$(realpath "${2:-$here/build-windows/src/cli/dcomdoctor.exe}")
wine=$here/tests/windows/wine-dcomdoctor.sh
bash "$here/tests/windows/wine-prefix.sh"
cd "$here"
bash scripts/compare-outputs.sh "$linux" "$wine"
status=$?

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
differ=0 compared=0
run_both() { # run_both LABEL STDIN ARGS...
  local label=$1 input=$2; shift 2
  "$linux" "$@" <"$input" >"$work/a.out" 2>"$work/a.err"; echo "exit $?" >>"$work/a.err"
  "$wine" "$@" <"$input" >"$work/b.out" 2>"$work/b.err"; echo "exit $?" >>"$work/b.err"
  compared=$((compared + 1))
  if ! cmp -s "$work/a.out" "$work/b.out" || ! cmp -s "$work/a.err" "$work/b.err"; then
    differ=$((differ + 1))
    echo "DIFFERS: $label: $*"
    diff <(cat "$work/a.out" "$work/a.err") <(cat "$work/b.out" "$work/b.err") | head -20
  fi
}
plant=examples/plant/plant.toml
for fixture in tests/audit/fixtures/*.txt; do
  run_both "explain pasted $(basename "$fixture")" "$fixture" explain - --plant "$plant"
done
evtx=../shared/conformance/evtx
if [[ -d $evtx ]]; then
  for f in "$evtx"/*.evtx; do
    run_both "events $(basename "$f")" /dev/null events "$f" --plant "$plant"
    run_both "events json $(basename "$f")" /dev/null events "$f" --json
    run_both "evtx dump $(basename "$f")" /dev/null evtx dump "$f" --jsonl
  done
else
  echo "../shared/conformance not found: events comparisons skipped"
fi
echo "compared $compared more outputs: $differ differ"
((status == 0 && differ == 0))

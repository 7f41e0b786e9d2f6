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
# The plant report: the exe has no Graphviz, so its page says why there is no drawing; the pairs
# (with their evidence) and the audit in it are the Linux page's, byte for byte.
"$linux" report "$plant" -o "$work/linux.html" >/dev/null 2>&1
"$wine" report "$plant" -o "$(winepath -w "$work/exe.html" 2>/dev/null)" >/dev/null 2>&1
compared=$((compared + 1))
if ! python3 - "$work/linux.html" "$work/exe.html" <<'PY'; then
import re, sys
def data(path):
    page = open(path, encoding="utf-8").read()
    return page, [re.search(r'id="%s">(.*?)</script>' % k, page, re.S).group(1) for k in ("pairs-data", "audit-data")]
linux, a = data(sys.argv[1])
exe, b = data(sys.argv[2])
ok = a == b and "The plant is not drawn" in exe and "<svg" in linux and "<svg" not in exe
sys.exit(0 if ok else 1)
PY
  differ=$((differ + 1))
  echo "DIFFERS: report: the exe's page lacks the note, or its pairs or audit differ from the Linux page's"
fi
echo "compared $compared more outputs: $differ differ"
((status == 0 && differ == 0))

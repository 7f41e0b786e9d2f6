#!/usr/bin/env bash
# Runs two dcomdoctor binaries on the same inputs and reports every output that differs:
#   bash scripts/compare-outputs.sh OLD_BIN NEW_BIN [--big]
# Inputs: `simulate` (text and --json, with --advise when the scenario asks for it) of every
# scenario's plant.toml and fixed.toml, `matrix` (text and --json) of the example plant, the
# example's README commands, `explain` of the codes and events the catalogue knows, and with
# --big `matrix` of a generated 1,000-host plant (about 10 s a binary on 2 cores).
# Used to prove that a restructuring commit changes no output (stdout, stderr, exit status).
# Exit 0 when everything is identical, 1 otherwise (the differing commands are listed).
set -uo pipefail
old=$(realpath "$1") new=$(realpath "$2") big=${3:-}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jobs=${DD_COMPARE_JOBS:-$(nproc)} # commands run side by side (under Wine each waits mostly on wineserver)
count=0

compare_one() { # compare_one DIR LABEL ARGS...: the two runs of one command, in DIR
  local dir=$1 label=$2; shift 2
  (cd "$dir" && "$old" "$@" >old.out 2>old.err; echo "exit $?" >>old.err)
  (cd "$dir" && "$new" "$@" >new.out 2>new.err; echo "exit $?" >>new.err)
  if ! cmp -s "$dir/old.out" "$dir/new.out" || ! cmp -s "$dir/old.err" "$dir/new.err"; then
    {
      echo "DIFFERS: $label: $*"
      diff <(cat "$dir/old.out" "$dir/old.err") <(cat "$dir/new.out" "$dir/new.err") | head -20
    } >"$dir/report"
  fi
}

run_both() { # run_both LABEL ARGS...: queued; the reports are printed in this order at the end
  count=$((count + 1))
  local dir="$work/$(printf '%05d' "$count")"
  mkdir "$dir"
  while (($(jobs -rp | wc -l) >= jobs)); do wait -n; done
  compare_one "$dir" "$@" &
}

# The request of each scenario, as simulate arguments (python3's tomllib reads scenario.toml).
requests=$(python3 - <<'EOF'
import tomllib, pathlib, shlex
for d in sorted(pathlib.Path("examples/scenarios").iterdir()):
    s = d / "scenario.toml"
    if not s.exists():
        continue
    r = tomllib.loads(s.read_text())["request"]
    args = ["--client", r["client"], "--server", r["server"], "--class", r["class"]]
    if r.get("user"): args += ["--user", r["user"]]
    if r.get("program"): args += ["--program", r["program"]]
    if r.get("advise"): args += ["--advise"]
    print(d.name + "\t" + shlex.join(args))
EOF
)
while IFS=$'\t' read -r name args; do
  for plant in plant fixed; do
    file="$PWD/examples/scenarios/$name/$plant.toml"
    [[ -f $file ]] || continue
    eval "set -- $args"
    run_both "$name/$plant" simulate "$file" "$@"
    run_both "$name/$plant json" simulate "$file" "$@" --json
  done
done <<<"$requests"

example="$PWD/examples/plant/plant.toml"
run_both "example matrix" matrix "$example"
run_both "example matrix json" matrix "$example" --json
run_both "example simulate" simulate "$example" --client HMI2 --user operator --server OPCSRV --class Acme.OPCDA.1 --advise
run_both "example simulate json" simulate "$example" --client HMI2 --user operator --server OPCSRV --class Acme.OPCDA.1 --advise --json
for code in 0x80070005 0x800706BA 0x80040202 0x8000401A 0x80080005 0x80040154 0x8001011C 0xC000006A 0xC0000064 \
  10004 10010 10014 10015 10016 10017 10018 10019 10027 10036 10037 10038 4625 680 529; do
  run_both "explain $code" explain "$code"
  run_both "explain $code plant" explain "$code" --plant "$example"
done

if [[ $big == --big ]]; then
  python3 bench/gen_plant.py 1000 10 >"$work/plant-1000.toml"
  run_both "matrix 1000 hosts" matrix "$work/plant-1000.toml" --threads 2
fi

wait
differ=0
for dir in "$work"/0*; do
  [[ -f $dir/report ]] || continue
  cat "$dir/report"
  differ=$((differ + 1))
done
echo "compared $count outputs: $differ differ"
((differ == 0))

#!/usr/bin/env bash
# `audit --format sarif` validated by Microsoft's SARIF multitool (npm @microsoft/sarif-multitool,
# which checks the log against the SARIF 2.1.0 JSON schema and its own rules).
#   sarif-validate.sh DCOMDOCTOR PLANT WORKDIR
# Exit 0 valid, 1 not, 77 the multitool is not installed here (skipped).
set -uo pipefail
bin=$1 plant=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
tool=$here/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [[ ! -f $tool ]]; then
  echo "SKIP: the SARIF multitool is not installed (npm ci --prefix tests/tools)"
  exit 77
fi
[[ -x $tool ]] || chmod u+x "$tool"
mkdir -p "$work"
"$bin" audit "$plant" --format sarif -o "$work/audit.sarif"
rc=$?
if ((rc != 0 && rc != 1)); then
  echo "FAIL: dcomdoctor audit exited $rc"
  exit 1
fi
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
  "$tool" validate "$work/audit.sarif" --output "$work/validation.sarif" --log ForceOverwrite >"$work/validate.log" 2>&1
rc=$?
cat "$work/validate.log"
# The validation log is itself SARIF: count the schema errors (level "error") it reports.
errors=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0].get("results",[]); print(sum(1 for x in r if x.get("level","warning")=="error"))' "$work/validation.sarif" 2>/dev/null || echo unknown)
if ((rc != 0)) || [[ $errors != 0 ]]; then
  echo "FAIL: the SARIF multitool reports $errors error(s) (exit $rc)"
  exit 1
fi
echo "ok: $work/audit.sarif is valid SARIF 2.1.0"

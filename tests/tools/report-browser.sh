#!/usr/bin/env bash
# The plant report in a real browser: writes the report of PLANT and checks it in headless
# chromium (check-report.mjs): HOSTS boxes, ARROWS arrows, a click shows the evidence, no console
# error, the audit rows; leaves the screenshot in WORKDIR.
#   report-browser.sh DCOMDOCTOR PLANT WORKDIR HOSTS ARROWS
# Exit 0, 1, or 77 (no chromium / puppeteer-core here: skipped).
set -uo pipefail
bin=$1 plant=$2 work=$3 hosts=$4 arrows=$5
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "SKIP: no node"; exit 77; }
mkdir -p "$work"
name=$(basename "$(dirname "$plant")")
"$bin" report "$plant" -o "$work/$name.html" || { echo "FAIL: dcomdoctor report exited $?"; exit 1; }
findings=$("$bin" audit "$plant" --format json --no-impact | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')
node "$here/check-report.mjs" "$work/$name.html" "$work/$name.png" "$hosts" "$arrows" "$findings"

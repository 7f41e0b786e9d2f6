#!/usr/bin/env bash
# `dcomdoctor.exe collect` under Wine: the snapshot it writes loads in the Linux build and its
# facts are right, and what Wine lacks is in collect-log.txt, not a crash:
#   bash tests/windows/collect-under-wine.sh LINUX_BIN [EXE]
# 1. `wine reg add` sets HKLM\SOFTWARE\Microsoft\Ole EnableDCOM = N in a fresh Wine prefix.
# 2. dcomdoctor.exe collect writes a snapshot (exit 0, a progress line per part).
# 3. The Linux binary reads ole.reg (EnableDCOM = N), and a plant whose client host is this
#    snapshot predicts 0x8001011C (DCOM disabled on the client: docs/model.md#enable-dcom) with
#    ole.reg as the evidence, as examples/scenarios/0x8001011c-dcom-disabled-on-client states it
#    in the plant file.
# 4. Every file of the layout was either written or has its line in collect-log.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
linux=$(realpath "$1")
exe=$(realpath "${2:-$here/build-windows/src/cli/dcomdoctor.exe}")
work=$(mktemp -d)
trap 'WINEPREFIX="$work/prefix" wineserver -k >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
export WINEPREFIX=$work/prefix WINEDEBUG=-all
failures=0
check() { # check DESCRIPTION COMMAND...
  if "${@:2}"; then echo "ok: $1"; else echo "FAILED: $1"; failures=$((failures + 1)); fi
}

# A prefix of our own (the value must not leak into the other tests); a copy of the prepared one.
bash "$here/tests/windows/wine-prefix.sh"
cp -a "$here/build-windows/wine-prefix" "$WINEPREFIX"
wine reg add 'HKLM\SOFTWARE\Microsoft\Ole' /v EnableDCOM /t REG_SZ /d N /f >/dev/null 2>&1

snap=$work/plant/snap
mkdir -p "$work/plant"
set +e
wine "$exe" collect "$snap" --days 1 >"$work/collect.out" 2>"$work/collect.err"
status=$?
set -e
cat "$work/collect.out"
check "collect exits 0 (was $status: $(head -c 300 "$work/collect.err"))" test "$status" = 0
check "a progress line per part" test "$(grep -c '\.\.\. ' "$work/collect.out")" -ge 9
check "collect-log.txt written" test -s "$snap/collect-log.txt"
echo "--- collect-log.txt"; cat "$snap/collect-log.txt" | tr -d '\r'; echo "---"

"$linux" reg dump "$snap/ole.reg" --key 'HKLM\SOFTWARE\Microsoft\Ole' >"$work/ole.txt" 2>&1 || true
check "ole.reg holds EnableDCOM = N" grep -Eq 'EnableDCOM.*REG_SZ.*"?N"?$' "$work/ole.txt"
"$linux" reg export "$snap/ole.reg" --key 'HKLM\SOFTWARE\Microsoft\Ole' -o "$work/again.reg"
check "ole.reg is byte-exact reg export output (the Linux writer writes it back identically)" cmp -s "$snap/ole.reg" "$work/again.reg"

# Wine's own reg.exe writes the same bytes for the same keys.
for key in 'HKLM\SOFTWARE\Microsoft\Ole:ole.reg' 'HKLM\SOFTWARE\Classes\CLSID:clsid.reg'; do
  wine reg export "${key%%:*}" "$(winepath -w "$work/wine-${key##*:}" 2>/dev/null)" /y >/dev/null 2>&1 || true
  check "${key##*:} is byte-identical to wine reg export ${key%%:*}" cmp -s "$work/wine-${key##*:}" "$snap/${key##*:}"
done

# The client host of the 0x8001011C scenario, its EnableDCOM taken from the snapshot.
python3 - "$here/examples/scenarios/0x8001011c-dcom-disabled-on-client/plant.toml" "$work/plant/plant.toml" <<'PY'
import sys
text = open(sys.argv[1]).read()
text = "\n".join(l for l in text.splitlines() if not l.startswith("enable_dcom"))
text = text.replace('name = "HMI1"\n', 'name = "HMI1"\nsnapshot = "snap"\n', 1)
open(sys.argv[2], "w").write(text + "\n")
PY
set +e
"$linux" simulate "$work/plant/plant.toml" --client HMI1 --user opcuser --server OPCSRV --class Acme.OPCDA.1 \
  --program HMI --json >"$work/sim.json" 2>"$work/sim.err"
status=$?
set -e
check "the Linux build loads the snapshot (simulate exit $status: $(head -c 300 "$work/sim.err"))" test "$status" = 1
check "the prediction is 0x8001011C from the snapshot's EnableDCOM" python3 - "$work/sim.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
text = json.dumps(j)
sys.exit(0 if "0x8001011C" in text and "ole.reg" in text else 1)
PY

# Every file of the layout: written, or named in collect-log.txt.
for f in ole.reg appid.reg clsid.reg lsa.reg rpc.reg policies-system.reg secedit.inf auditpol.txt auditpol-backup.csv \
  net-user.txt net-localgroup.txt wmic-useraccount.txt wmic-group.txt firewall-profiles.txt firewall-currentprofile.txt \
  firewall-rules.txt firewall-policy.reg sc-qc-RpcSs.txt sc-query-RpcSs.txt systeminfo.txt query-user.txt wmic-computersystem.txt \
  accounts.json host.json complus.json System.evtx Security.evtx Application.evtx; do
  check "$f written or logged" bash -c '[[ -f "$1/$2" ]] || grep -qF "$2" "$1/collect-log.txt"' _ "$snap" "$f"
done
echo "collect under wine: $failures failed"
((failures == 0))

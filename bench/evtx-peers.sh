#!/bin/bash
# Times dcomdoctor's EVTX reader against evtxexport (libevtx-utils) and evtx_dump.py
# (python3-evtx) on the same files in the same run, with peak memory (/usr/bin/time -v).
# usage: bench/evtx-peers.sh [BUILD_DIR] [SIZE_MB]      (defaults: build, 210)
# Builds /tmp/evtx-large.evtx (SIZE_MB, the chunks of security.evtx and system.evtx repeated,
# file header rewritten) first. evtx_dump.py is slow (about 1 MB/s): it runs on the two small
# logs only, and on the large file under a 120 s timeout (reported as a lower bound).
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
size=${2:-210}
bin=$build/src/cli/dcomdoctor
conf=${DCOMDOCTOR_CONFORMANCE_DIR:-$here/../../shared/conformance}/evtx
large=/tmp/evtx-large.evtx
python3 "$here/evtx-make-large.py" "$large" "$size" "$conf/security.evtx" "$conf/system.evtx" >&2

# measure LABEL FILE COMMAND...: prints a table row: seconds, MB/s, peak RSS
measure() {
  local label=$1 file=$2; shift 2
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log"
  local rc=$?
  local wall rss bytes
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$log")
  user=$(awk -F': ' '/User time/ {print $2}' "$log")
  bytes=$(stat -c %s "$file")
  local rate; rate=$(printf "%.0f" "$(echo "$bytes / 1048576 / $wall" | bc -l)")
  ((rc == 124)) && rate="n/a (killed)"
  printf "| %s | %s | %.2f | %.2f | %s | %s | %s |\n" "$label" "$(basename "$file")" "$wall" "$user" \
    "$rate" "$rss" "$rc"
  rm -f "$log"
}

cores=$(nproc)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| reader | file | wall s | user s | MB/s (wall) | peak RSS MB | exit |"
echo "|---|---|---|---|---|---|---|"
for f in "$conf/system.evtx" "$conf/security.evtx" "$large"; do
  cat "$f" >/dev/null # page cache warm for everyone
  measure "dcomdoctor evtx dump --jsonl --threads 1" "$f" "$bin" evtx dump --jsonl --threads 1 "$f"
  measure "dcomdoctor evtx dump --jsonl --threads $cores" "$f" "$bin" evtx dump --jsonl --threads "$cores" "$f"
  measure "dcomdoctor evtx dump --xml --threads 1" "$f" "$bin" evtx dump --xml --threads 1 "$f"
  measure "evtxexport -f xml" "$f" evtxexport -f xml "$f"
  if [[ $f == "$large" ]]; then
    measure "evtx_dump.py (timeout 120 s)" "$f" timeout 120 /usr/bin/python3 /usr/bin/evtx_dump.py "$f"
  else
    measure "evtx_dump.py" "$f" /usr/bin/python3 /usr/bin/evtx_dump.py "$f"
  fi
done
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/bin/bash
# Times reading the conformance SYSTEM hive: dcomdoctor reg dump against regfexport and
# hivexregedit --export, in one hyperfine run (or /usr/bin/time when hyperfine is absent).
# usage: bench/registry-peers.sh PATH/TO/dcomdoctor
set -eu
bin=$1
hive=$(cd "$(dirname "$0")/../../shared/conformance/hives" && pwd)/SYSTEM
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 1 --runs 5 \
    "$bin reg dump $hive" \
    "$bin reg export $hive --key 'HKLM\\SYSTEM' -o /dev/null" \
    "regfexport $hive" \
    "hivexregedit --export $hive '\\'"
else
  /usr/bin/time -f "%e s  reg dump" "$bin" reg dump "$hive" >/dev/null
  /usr/bin/time -f "%e s  regfexport" regfexport "$hive" >/dev/null
  /usr/bin/time -f "%e s  hivexregedit --export" hivexregedit --export "$hive" '\' >/dev/null
fi

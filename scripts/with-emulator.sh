#!/usr/bin/env bash
# Runs a command with the Graph emulator listening on a free loopback port, its
# root in GRAPH_BASE_URL; stops it afterwards, however the command ends.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p intune-graph-emulator
log=$(mktemp)
target/debug/intune-graph-emulator --port 0 ${EMULATOR_ARGS:-} >"$log" 2>"$log.err" &
emulator=$!
trap 'kill $emulator 2>/dev/null; rm -f "$log" "$log.err"' EXIT
for _ in $(seq 50); do
  url=$(head -n 1 "$log")
  [[ $url == http://* ]] && break
  sleep 0.1
done
[[ ${url:-} == http://* ]] || { echo "the emulator did not start: $(cat "$log.err")" >&2; exit 1; }
export GRAPH_BASE_URL=$url
"$@"

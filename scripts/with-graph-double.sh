#!/usr/bin/env bash
# Runs a command with the client tests' Graph stand-in listening on a free
# loopback port, its URL in GRAPH_DOUBLE_URL (compiled into the wasm tests);
# stops it afterwards, however the command ends.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
node tests/server/graph-double.mjs >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 50); do
  url=$(head -n 1 "$log")
  [[ $url == http://* ]] && break
  sleep 0.1
done
[[ ${url:-} == http://* ]] || { echo "graph double did not start: $(cat "$log")" >&2; exit 1; }
export GRAPH_DOUBLE_URL=$url
"$@"

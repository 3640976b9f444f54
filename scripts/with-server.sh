#!/usr/bin/env bash
# Runs a command next to a test server on a free loopback port, and stops the
# server afterwards, however the command ends:
#
#   scripts/with-server.sh VAR server-command… -- command…
#
# The server prints its URL as its first line on stdout; the command gets it in
# the environment variable VAR.
set -euo pipefail
cd "$(dirname "$0")/.."
var=$1
shift
server=()
while (($#)) && [[ $1 != -- ]]; do server+=("$1"); shift; done
[[ ${1:-} == -- ]] || { echo "usage: $0 VAR server-command… -- command…" >&2; exit 2; }
shift
log=$(mktemp)
"${server[@]}" >"$log" 2>"$log.err" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log" "$log.err"' EXIT
for _ in $(seq 100); do
  url=$(head -n 1 "$log")
  [[ $url == http://* ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[[ ${url:-} == http://* ]] || { echo "${server[*]} did not start: $(cat "$log.err")" >&2; exit 1; }
export "$var=$url"
"$@"

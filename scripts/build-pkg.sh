#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (release), wasm-opt -Oz from the npm
# `binaryen` package, then the package's entry points and package.json.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

# Panic locations name source files; keep this machine's paths out of the
# published wasm (and a few hundred bytes with them).
remap="--remap-path-prefix=$PWD=intune-device-status"
for registry in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  remap+=" --remap-path-prefix=${registry%/}=crates"
done
export RUSTFLAGS="$remap ${RUSTFLAGS:-}"

rm -rf pkg
wasm-pack build --release --target web --out-dir pkg --out-name intune_device_status --no-pack -- --features npm
wasm-opt -Oz --converge --strip-producers --strip-target-features pkg/intune_device_status_bg.wasm -o pkg/intune_device_status_bg.wasm
node scripts/package.mjs

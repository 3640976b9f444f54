#!/usr/bin/env bash
# Builds the npm package into pkg/: the release wasm (cargo), its glue and typings
# (the wasm-bindgen CLI), wasm-opt -Oz from the npm `binaryen` package, then the
# package's entry points and package.json. wasm-pack would run the same two steps;
# calling them directly spares `make demo` installing it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

# Panic locations name source files; keep this machine's paths out of the
# published wasm (and a few hundred bytes with them). The registry's folder is
# named whole, so a first build, before cargo has downloaded anything, is covered.
registry="${CARGO_HOME:-$HOME/.cargo}/registry/src"
export RUSTFLAGS="--remap-path-prefix=$PWD=intune-device-status --remap-path-prefix=$registry=crates ${RUSTFLAGS:-}"

cargo build --quiet --lib --release --target wasm32-unknown-unknown --features npm
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name intune_device_status \
  target/wasm32-unknown-unknown/release/intune_device_status.wasm
wasm-opt -Oz --converge --strip-producers --strip-target-features pkg/intune_device_status_bg.wasm -o pkg/intune_device_status_bg.wasm
node scripts/package.mjs

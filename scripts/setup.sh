#!/usr/bin/env bash
# Installs what building and testing need, and only what is missing, so a second
# run takes a second. A fresh machine needs only rustup/cargo, node/npm and apt.
#
#   scripts/setup.sh demo   what `make demo` needs: the wasm32 target, the
#                           wasm-bindgen CLI and the npm packages the build runs
#                           (binaryen's wasm-opt, esbuild), installed side by side
#   scripts/setup.sh        all of it: also rustfmt and clippy, wasm-pack (for
#                           `wasm-pack test`), Chromium, ChromeDriver, Firefox,
#                           geckodriver, every npm test tool, Microsoft's Python SDK
#
# Facts behind each step: shared TOOLCHAIN notes (exact wasm-bindgen CLI, npm's
# wasm-opt rather than Debian's, no --locked for wasm-bindgen-cli).
set -euo pipefail
cd "$(dirname "$0")/.."
level=${1:-test}
[[ $level == demo || $level == test ]] || { echo "usage: scripts/setup.sh [demo]" >&2; exit 2; }

WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
say() { printf '[setup] %s\n' "$*"; }
as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

# Installs run side by side (downloads overlap compiles); each one's output goes to
# target/setup/<name>.log and is printed if it fails.
mkdir -p target/setup
jobs_started=()
start() {
  local name=$1
  shift
  "$@" >"target/setup/$name.log" 2>&1 &
  jobs_started+=("$!:$name")
}
finish() {
  local failed=0 job
  for job in "${jobs_started[@]}"; do
    if ! wait "${job%%:*}"; then
      echo "[setup] ${job#*:} failed:" >&2
      cat "target/setup/${job#*:}.log" >&2
      failed=1
    fi
  done
  jobs_started=()
  return $failed
}

# The wasm-bindgen CLI must equal the crate that Cargo.lock resolved, to the patch.
wasm_bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3 }' Cargo.lock)
[[ -n $wasm_bindgen_version ]] || { echo "Cargo.lock names no wasm-bindgen" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [[ $level == test ]]; then
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      say "adding $component"
      rustup component add "$component"
    fi
  done
fi

if [[ $(wasm-bindgen --version 2>/dev/null) != "wasm-bindgen $wasm_bindgen_version" ]]; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (about 3 minutes)"
  # Not --locked: its lockfile pins a webpki-roots release the registry lacks.
  start wasm-bindgen-cli cargo install wasm-bindgen-cli --force --version "$wasm_bindgen_version"
fi

# npm: the packages the build runs are `dependencies` of package.json, the test
# tools `devDependencies`. A stamp per level records the lockfile installed; a full
# install serves the demo too.
full_stamp=node_modules/.installed-lock
build_stamp=node_modules/.installed-lock-build
installed() { [[ -f $1 ]] && cmp -s package-lock.json "$1"; }
if [[ $level == demo ]]; then
  if ! installed "$full_stamp" && ! installed "$build_stamp"; then
    say "npm ci --omit=dev (binaryen's wasm-opt and esbuild, which the build runs)"
    start npm-build sh -c "npm ci --omit=dev --no-audit --no-fund --loglevel=error && cp package-lock.json $build_stamp"
  fi
  finish
  exit 0
fi

if ! installed "$full_stamp"; then
  say "npm ci (also TypeScript, miniflare, Vite 5-8, webpack, Rollup, Parcel, playwright-core, Deno, MSAL.js, the official Graph client, ajv and axe-core)"
  start npm sh -c "npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json $full_stamp && rm -f $build_stamp"
fi

if [[ $(wasm-pack --version 2>/dev/null) != "wasm-pack $WASM_PACK_VERSION" ]]; then
  say "installing wasm-pack $WASM_PACK_VERSION (about 2 minutes)"
  start wasm-pack cargo install wasm-pack --locked --force --version "$WASM_PACK_VERSION"
fi

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v firefox >/dev/null || missing+=(firefox-esr)
# The MSAL test's stand-in identity provider makes its https certificate with it.
command -v openssl >/dev/null || missing+=(openssl)
if ((${#missing[@]})); then
  say "installing ${missing[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Firefox's WebDriver is not packaged by Debian; crates.io has it.
if [[ $(geckodriver --version 2>/dev/null | head -n 1) != "geckodriver $GECKODRIVER_VERSION"* ]]; then
  say "installing geckodriver $GECKODRIVER_VERSION (about 2 minutes)"
  start geckodriver cargo install geckodriver --locked --force --version "$GECKODRIVER_VERSION"
fi

# Microsoft's Python SDK, pinned, in its own virtual environment, for the test that
# runs it against the emulator (tests/sdk/msgraph_python.py). Its batch module
# imports `deprecated` without declaring it, so that is pinned beside it.
MSGRAPH_SDK_VERSION=1.65.0
DEPRECATED_VERSION=1.3.1
venv=target/python-sdk
python_sdk=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("msgraph-sdk"), m.version("deprecated"))' 2>/dev/null || true)
if [[ $python_sdk != "$MSGRAPH_SDK_VERSION $DEPRECATED_VERSION" ]]; then
  if ! python3 -c 'import ensurepip' 2>/dev/null; then
    say "installing python3-venv from Debian"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  fi
  say "installing msgraph-sdk $MSGRAPH_SDK_VERSION into $venv (about 30 seconds)"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "msgraph-sdk==$MSGRAPH_SDK_VERSION" "deprecated==$DEPRECATED_VERSION"
fi

finish

# The README's commands. Every target installs what it lacks first (scripts/setup.sh),
# so `make demo` and `make test` work on a fresh machine; `make demo` and `make pkg`
# install only what the build needs (scripts/setup.sh demo).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

EMULATOR := target/debug/intune-graph-emulator
WITH_DOUBLE := scripts/with-server.sh GRAPH_DOUBLE_URL node tests/server/graph-double.mjs --

PKG_SOURCES := Cargo.toml Cargo.lock $(shell find src js -type f) scripts/build-pkg.sh scripts/package.mjs docs/npm-readme.md LICENSE

.PHONY: setup setup-demo pkg demo emulator www bench bench-bulk test lint test-native test-wasm test-package test-demo size

setup:
	@scripts/setup.sh

setup-demo:
	@scripts/setup.sh demo

# The link lets the repository's examples and tests import the package by name.
pkg: setup-demo pkg/package.json
	@ln -sfn ../pkg node_modules/intune-device-status

pkg/package.json: $(PKG_SOURCES)
	scripts/build-pkg.sh

# The main job: the emulator on a free loopback port, the example creating a status.
# The emulator builds while what the package's build needs installs.
demo:
	@scripts/setup.sh demo & setup=$$!; cargo build --quiet -p intune-graph-emulator; wait $$setup
	@$(MAKE) --no-print-directory pkg
	scripts/with-server.sh GRAPH_BASE_URL $(EMULATOR) --port 0 -- node examples/node/create.mjs

# The emulator in the foreground, for portal development (Ctrl-C stops it).
emulator:
	cargo run --quiet -p intune-graph-emulator -- --port $${PORT:-8080}

# The admin page (www/) and the emulator on one origin: open the printed URL.
www: setup pkg
	cargo build --quiet -p intune-graph-emulator
	cd www && vite build
	$(EMULATOR) --port $${PORT:-8080} --site target/www

# Ours against the official client and plain fetch, in one run: weight, cold start
# and CPU per create (Node and Chromium), validation throughput against ajv. Writes
# docs/benchmarks.md and docs/benchmarks.svg (bench/run.mjs).
bench: setup pkg
	cargo build --quiet --profile fast-dev -p intune-graph-emulator
	INTUNE_GRAPH_EMULATOR=target/fast-dev/intune-graph-emulator node bench/run.mjs

# createMany and the official client, side by side: 2,000 statuses under Intune's
# throttling on a scaled clock (bench/bulk.mjs; the table goes to target/bench-bulk.md).
bench-bulk: setup pkg
	cargo build --quiet --profile fast-dev -p intune-graph-emulator
	INTUNE_GRAPH_EMULATOR=target/fast-dev/intune-graph-emulator node bench/bulk.mjs

test: setup pkg lint test-native test-wasm test-package test-demo size

lint: setup
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown --features npm -- -D warnings

test-native: setup
	cargo test --workspace

test-wasm: setup
	$(WITH_DOUBLE) wasm-pack test --headless --chrome -- --features npm
	$(WITH_DOUBLE) wasm-pack test --headless --firefox -- --features npm
	$(WITH_DOUBLE) wasm-pack test --node -- --features npm

test-package: setup pkg
	cargo build --quiet -p intune-graph-emulator
	node --test tests/package/

# make demo must create a status and list it, and say Graph's Deprecation day as people read it.
test-demo: setup pkg
	$(MAKE) --no-print-directory demo 2>&1 | tee target/demo.log
	grep -q '^201 Created (emulator)' target/demo.log
	grep -q 'status(es) of configuration' target/demo.log
	grep -q 'deprecated since 2026-05-01, and it stops working on 2026-05-01' target/demo.log

size: setup pkg
	@node scripts/size.mjs

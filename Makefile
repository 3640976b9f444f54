# The README's commands. Every target installs what it lacks first (scripts/setup.sh),
# so `make demo` and `make test` work on a fresh machine.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/node_modules/.bin:$(or $(CARGO_HOME),$(HOME)/.cargo)/bin:$(PATH)

PKG_SOURCES := Cargo.toml Cargo.lock $(shell find src js -type f) scripts/build-pkg.sh scripts/package.mjs README.md LICENSE

.PHONY: setup pkg demo test lint fmt-check test-native test-wasm test-package test-types size

setup:
	@scripts/setup.sh

# The link lets the repository's examples and tests import the package by name.
pkg: setup pkg/package.json
	@ln -sfn ../pkg node_modules/intune-device-status

pkg/package.json: $(PKG_SOURCES)
	scripts/build-pkg.sh

demo: pkg
	node examples/node/validate.mjs

test: pkg lint test-native test-wasm test-package test-types size

lint: setup
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

test-native: setup
	cargo test

test-wasm: setup
	scripts/with-graph-double.sh wasm-pack test --headless --chrome
	scripts/with-graph-double.sh wasm-pack test --node

test-package: pkg
	node --test tests/package/

test-types: pkg
	tsc -p tests/types

size: pkg
	@node scripts/size.mjs

#!/usr/bin/env bash
# Every test of the project — the README's test command; .ci/run calls exactly this.
# Installs what is missing (scripts/setup.sh), then: formatting and lints; native unit, property,
# CLI and server tests (SQLite always, PostgreSQL on loopback when installable); the widget's
# browser component tests (wasm-bindgen-test in headless Chromium) and end-to-end tests (real
# Chromium against the real `prongsai serve`), and the first-screen tests once more against the
# widget and server built exactly as scripts/run.sh builds them. The last line states how many
# tests ran.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never
logs="$(mktemp -d)"
# A failing test stage does not stop the later ones (every failure is seen in one run); the
# script still exits non-zero at the end. A failing build or lint stops it at once.
status=0
stage() { printf '\n==== %s\n' "$*"; }

stage "setup"
scripts/setup.sh

stage "format and lints"
cargo fmt --all --check
cargo clippy --quiet --workspace --exclude prongsai-widget --all-targets -- -D warnings
cargo clippy --quiet -p prongsai-widget --target wasm32-unknown-unknown --all-targets -- -D warnings

stage "native tests: core, CLI, server (SQLite and PostgreSQL)"
scripts/pg-test-server.sh run -- cargo test --workspace --exclude prongsai-widget --no-fail-fast 2>&1 \
  | tee "$logs/native.log" || status=1

stage "widget: release build, browser component tests, end-to-end tests against prongsai serve"
# The end-to-end tests run against the real server (the debug build the native tests just made).
PRONGSAI_E2E_SERVER=serve PRONGSAI_BIN="${CARGO_TARGET_DIR:-$PWD/target}/debug/prongsai" \
  scripts/test-widget.sh 2>&1 | tee "$logs/widget.log" || status=1

stage "first screen: built exactly as scripts/run.sh builds it, against the release server"
# The same two build commands as the README's run command (scripts/run.sh), then the first-screen
# end-to-end tests against that very dist/ and binary: what a fresh machine serves is tested.
scripts/build-widget.sh
cargo build --quiet --release -p prongsai
PRONGSAI_BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/prongsai" \
  node --test --test-concurrency=1 e2e/first-screen.test.mjs 2>&1 | tee "$logs/first-screen.log" || status=1

# Count what ran: cargo's and wasm-bindgen-test-runner's "test result" lines, node's "# pass/# fail".
sum() { grep -hoE "$1" "$logs"/*.log | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}'; }
passed=$(( $(sum 'test result: [A-Za-z]+\. [0-9]+ passed') + $(sum '^# pass [0-9]+') ))
failed=$(( $(sum '; [0-9]+ failed') + $(sum '^# fail [0-9]+') ))
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]

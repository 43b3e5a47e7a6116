#!/usr/bin/env bash
# Widget tests (run after scripts/setup.sh): builds dist/, runs the component tests in headless
# Chromium (wasm-bindgen-test) and the end-to-end tests (node --test, real Chromium, 360×740).
# Non-interactive (CI=true is fine); runs every layer, exits non-zero if any failed.
# Honours CARGO_TARGET_DIR. PRONGSAI_E2E_SERVER=serve runs the end-to-end tests against
# target/release/prongsai serve instead of the small Node endpoint.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '[test-widget] %s\n' "$*"; }

status=0
say "building the widget"
scripts/build-widget.sh

say "component and unit tests (wasm-bindgen-test)"
# Name the package: without -p cargo may build a crate without wasm tests and report success.
CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" \
  cargo test -p prongsai-widget --target wasm32-unknown-unknown --no-fail-fast || status=1

say "end-to-end tests (Chromium)"
rm -rf e2e/artifacts
# One file at a time: each launches its own Chromium and the retry tests measure real time.
node --test --test-concurrency=1 e2e/*.test.mjs || status=1
[ "$status" -eq 0 ] && say "ok (screenshots in e2e/artifacts/)"
exit "$status"

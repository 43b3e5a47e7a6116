#!/usr/bin/env bash
# The README's run command: installs what is missing, builds the widget and the server, and starts
# `prongsai serve` on 127.0.0.1:8080 with SQLite in ./data, serving the widget and the demo
# surveys. Extra arguments go to `prongsai serve` (e.g. --addr 127.0.0.1:9000, --config FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --no-browser --no-postgres
scripts/build-widget.sh
cargo build --quiet --release -p prongsai
exec "${CARGO_TARGET_DIR:-target}/release/prongsai" serve "$@"

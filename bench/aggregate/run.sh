#!/usr/bin/env bash
# Aggregation benchmark: release build, 1,000,000 synthetic EIT responses by default.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run --quiet --release -p prongsai-bench-aggregate -- "${1:-1000000}"

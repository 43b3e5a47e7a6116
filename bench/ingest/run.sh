#!/usr/bin/env bash
# Collector benchmark: ingest throughput and latency into SQLite through the real `prongsai serve`
# on loopback, and the results time over 1,000,000 stored EIT responses. Prints the figures.
# Not a test (nothing fails on a slow machine); the budgets are in DESIGN.md.
#
#   bench/ingest/run.sh                       # defaults: 2,000/s for 20 s, 32 clients, 1,000,000 stored
#   bench/ingest/run.sh --rate 3000 --seconds 30 --concurrency 64 --results-n 200000
#
# Takes about 3 minutes on 2 cores (most of it storing the million responses). The results pages
# and reports over a million responses each of EIT and satisfaction: bench/results/run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release -p prongsai --bin prongsai --example ingest_bench
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
mkdir -p bench/out
"$target_dir/release/examples/ingest_bench" --bin "$target_dir/release/prongsai" --results-satisfaction-n 0 "$@" | tee bench/out/ingest.txt
